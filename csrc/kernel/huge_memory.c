// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Transparent huge pages for anonymous memory, after Linux mm/huge_memory.c (kern.h says
 * what is promised). The rules followed:
 *  - a write fault on an empty PMD of an eligible area (anonymous private, the mode allows
 *    it, not VM_NOHUGEPAGE, the aligned 2 MiB wholly inside) maps a zeroed 2 MiB page; if
 *    none can be had the fault falls back to 4 KiB (thp_fault_fallback). A read fault maps
 *    the 4 KiB zero page: the model has no huge zero page (Linux 6.13+ maps it, and a THP
 *    on the next write: a known difference, docs/scenario.md).
 *  - a write fault on a write-protected huge PMD reuses the page when this PMD is its only
 *    mapping, else splits the PMD and COWs the 4 KiB page (do_huge_pmd_wp_page).
 *  - fork shares the huge PMD write-protected in both (copy_huge_pmd).
 *  - a partial munmap, mprotect, madvise(DONTNEED) or mremap, and reclaim, split it.
 *  - no khugepaged: 4 KiB pages are never collapsed into a huge one. */
#include "kern.h"
#include "memcontrol.h"
#include "inject/inject.h"
#include "backend/wave_marks.h"

#include <errno.h>
#include <stdlib.h>

#define DEPOSIT_BUCKETS 4096u

struct thp_deposit {
    uint64_t pmdp, table;
    struct thp_deposit *next;
};

static struct thp_deposit **bucket(struct kernel *k, uint64_t pmdp)
{
    if (!k->deposit && !(k->deposit = calloc(DEPOSIT_BUCKETS, sizeof *k->deposit)))
        abort();
    return &k->deposit[(pmdp >> 3) % DEPOSIT_BUCKETS];
}

static void deposit_put(struct kernel *k, uint64_t pmdp, uint64_t table)
{
    struct thp_deposit *d = malloc(sizeof *d), **b = bucket(k, pmdp);
    if (!d)
        abort();
    *d = (struct thp_deposit){pmdp, table, *b};
    *b = d;
}

static uint64_t deposit_take(struct kernel *k, uint64_t pmdp)
{
    for (struct thp_deposit **b = bucket(k, pmdp); *b; b = &(*b)->next)
        if ((*b)->pmdp == pmdp) {
            struct thp_deposit *d = *b;
            uint64_t t = d->table;
            *b = d->next;
            free(d);
            return t;
        }
    abort(); /* a huge PMD without its table: a model bug */
}

void thp_free(struct kernel *k)
{
    for (unsigned i = 0; k->deposit && i < DEPOSIT_BUCKETS; i++)
        for (struct thp_deposit *d = k->deposit[i], *n; d; d = n) {
            n = d->next;
            free(d);
        }
    free(k->deposit);
    k->deposit = NULL;
}

struct mm *mm_of_root(struct kernel *k, uint64_t root)
{
    for (struct proc *p = k->procs; p; p = p->next)
        if (p->mm.root == root)
            return &p->mm;
    abort();
}

static uint64_t huge_pa(uint64_t pmd) { return pmd & PTE_ADDR & ~(HPAGE_SIZE - 1); }

static void pmd_mapped(struct kernel *k, struct page *head, int delta)
{
    if (delta > 0 && head->pmd_maps++ == 0)
        k->nr_anon_thps++;
    if (delta < 0 && --head->pmd_maps == 0)
        k->nr_anon_thps--;
}

void split_huge_pmd(struct kernel *k, struct mm *mm, uint64_t pmdp, uint64_t va)
{
    uint64_t pmd = pte_get(k, pmdp), pa = huge_pa(pmd);
    struct page *head = pa_page(&k->pa, pa);
    if (!head || head->kind == PG_HUGETLB)
        abort(); /* a hugetlb page is never split */
    wave_mark_kernel("thp: split");
    uint64_t table = deposit_take(k, pmdp);
    uint64_t bits = pmd & ~(PTE_ADDR | PTE_PS);
    for (unsigned i = 0; i < HPAGE_NR; i++)
        pte_set(k, table + 8 * i, (pa + i * PAGE_SIZE) | bits);
    pte_set(k, pmdp, table | PT_NONLEAF);
    /* the entry changed from a 2 MiB leaf to a table: the 2 MiB translation must go (the
     * PTEs name the same frames with the same rights, so nothing could go wrong before) */
    flush_page(k, mm, va & ~(HPAGE_SIZE - 1));
    pmd_mapped(k, head, -1);
    k->stat_thp_split_pmd++;
}

void split_huge_at(struct kernel *k, struct mm *mm, uint64_t addr)
{
    if (!(addr & (HPAGE_SIZE - 1)))
        return;
    uint64_t pmdp = pt_pmd(k, mm->root, addr, false);
    if (pmdp && pmd_is_huge(pte_get(k, pmdp)))
        split_huge_pmd(k, mm, pmdp, addr);
}

bool pmd_drop_empty_table(struct kernel *k, struct mm *mm, uint64_t pmdp, uint64_t haddr)
{
    uint64_t pmd = pte_get(k, pmdp), table = pmd & PTE_ADDR;
    if (!(pmd & PTE_P) || (pmd & PTE_PS))
        return false;
    for (unsigned i = 0; i < 512; i++)
        if (pte_get(k, table + 8 * i))
            return false;
    pte_set(k, pmdp, 0);
    /* the paging-structure caches may hold the PDE: INVLPG drops what they hold for it */
    flush_page(k, mm, haddr);
    page_put(k, table);
    return true;
}

static bool thp_allowed(struct kernel *k, const struct vma *v, uint64_t haddr)
{
    if (v->file || (v->flags & (VM_SHARED | VM_SPECIAL_MAP | VM_NOHUGEPAGE | VM_HUGETLB)))
        return false;
    if (k->thp_mode == KTHP_NEVER || (k->thp_mode == KTHP_MADVISE && !(v->flags & VM_HUGEPAGE)))
        return false;
    return haddr >= v->start && haddr + HPAGE_SIZE <= v->end;
}

/* An order-9 block for a THP; below the watermarks reclaim first, as for a 4 KiB page. An
 * area given MADV_HUGEPAGE also reclaims directly when none is free (Linux's defrag
 * "madvise": it may stall for one); the model has no compaction. */
static uint64_t thp_alloc(struct kernel *k, const struct vma *v)
{
    if (k->pa.nfree < k->wm_low + HPAGE_NR)
        reclaim_pages(k, k->wm_high + HPAGE_NR - k->pa.nfree);
    uint64_t pa = palloc_alloc(&k->pa, HPAGE_ORDER);
    if (!pa && (v->flags & VM_HUGEPAGE) && reclaim_pages(k, 2 * HPAGE_NR))
        pa = palloc_alloc(&k->pa, HPAGE_ORDER);
    return pa;
}

static bool do_huge_anonymous(struct kernel *k, struct mm *mm, struct vma *v, uint64_t haddr, uint64_t pmdp)
{
    anon_vma_prepare(k, mm, v);
    bool oom = k->oom;
    /* a memory cgroup's charge of the 512 pages may reclaim, never OOM-kill: a THP is a
     * costly charge, which Linux lets fail into the 4 KiB path */
    struct memcg *cg = memcg_charge_target(k, PG_ANON);
    if (cg && !memcg_try_charge(k, cg, HPAGE_NR, false)) {
        k->stat_thp_fault_fallback++;
        return false;
    }
    uint64_t pa = thp_alloc(k, v);
    uint64_t table = pa ? pt_alloc_table(k) : 0;
    if (!table) {
        if (pa)
            palloc_free(&k->pa, pa, HPAGE_ORDER);
        memcg_cancel_charge(k, cg, HPAGE_NR);
        k->oom = oom; /* falling back is no failure: the 4 KiB path decides */
        k->stat_thp_fault_fallback++;
        return false;
    }
    wave_mark_kernel("fault: thp");
    /* clear_huge_page: page by page, as the 4 KiB clear */
    for (uint64_t o = 0; o < HPAGE_SIZE; o += PAGE_SIZE)
        kmem_zero_page(k, pa + o);
    for (unsigned i = 0; i < HPAGE_NR; i++) {
        struct page *pg = pa_page(&k->pa, pa + i * PAGE_SIZE);
        pg->kind = PG_ANON;
        pg->refcount = 1;
        pg->mapcount = 0;
        pg->thp = 1;
        memcg_commit(cg, pg);
        rmap_add(k, pa + i * PAGE_SIZE, mm, haddr + i * PAGE_SIZE);
    }
    pmd_mapped(k, pa_page(&k->pa, pa), +1);
    deposit_put(k, pmdp, table);
    /* filling a not-present entry: no invalidation */
    pte_set(k, pmdp, mk_pte(pa, v->flags, true) | PTE_PS);
    k->stat_thp_fault_alloc++;
    return true;
}

/* Only this PMD maps any of the 512 frames (Linux: the folio's refcount is 1). */
static bool thp_exclusive(struct kernel *k, uint64_t pa)
{
    for (unsigned i = 0; i < HPAGE_NR; i++)
        if (pa_page(&k->pa, pa + i * PAGE_SIZE)->refcount != 1)
            return false;
    return true;
}

bool huge_fault(struct kernel *k, struct proc *p, struct vma *v, uint64_t va, uint64_t pmdp, acc_kind kind,
                fault_res *res)
{
    struct mm *mm = &p->mm;
    uint64_t pmd = pte_get(k, pmdp), haddr = va & ~(HPAGE_SIZE - 1);
    *res = F_RETRY;
    if (!(pmd & PTE_P) || (kind == ACC_W && !(pmd & PTE_PS) && thp_allowed(k, v, haddr) &&
                           pmd_drop_empty_table(k, mm, pmdp, haddr))) {
        if (kind != ACC_W || !thp_allowed(k, v, haddr))
            return false;
        return do_huge_anonymous(k, mm, v, haddr, pmdp);
    }
    if (!(pmd & PTE_PS))
        return false;
    /* as handle_fault for a PTE: a fetch the area forbids from a present page is ACCERR */
    if (kind == ACC_X && !(v->flags & VM_EXEC)) {
        *res = F_ACCERR;
        return true;
    }
    bool allowed = kind == ACC_W ? (pmd & PTE_RW) != 0 : kind == ACC_X ? !(pmd & PTE_XD) : true;
    if (allowed) {
        k->stat_spurious++;
        return true;
    }
    if (kind == ACC_X) { /* the area allows it: bring the entry up (a relaxation) */
        pte_set(k, pmdp, pmd & ~PTE_XD);
        return true;
    }
    uint64_t pa = huge_pa(pmd);
    if (thp_exclusive(k, pa)) {
        wave_mark_kernel("fault: thp reuse");
        k->stat_cow_reuse++;
        pte_set(k, pmdp, pmd | PTE_RW);
        return true;
    }
    split_huge_pmd(k, mm, pmdp, va); /* the COW goes on with the 4 KiB page */
    return false;
}

bool zap_huge_pmd(struct kernel *k, struct mm *mm, uint64_t pmdp, uint64_t va, uint64_t start, uint64_t end,
                  struct tlb_gather *g)
{
    uint64_t haddr = va & ~(HPAGE_SIZE - 1);
    if (haddr < start || haddr + HPAGE_SIZE > end) {
        split_huge_pmd(k, mm, pmdp, va);
        return false;
    }
    uint64_t pmd = pte_get(k, pmdp), pa = huge_pa(pmd);
    struct page *head = pa_page(&k->pa, pa);
    pte_set(k, pmdp, 0);
    tlb_gather_va(g, haddr);
    if (head->kind == PG_HUGETLB) {
        tlb_gather_page(g, pa);
        return true;
    }
    for (unsigned i = 0; i < HPAGE_NR; i++) {
        page_fold_dirty(k, (pa + i * PAGE_SIZE) | (pmd & PTE_D));
        rmap_del(k, pa + i * PAGE_SIZE, mm, haddr + i * PAGE_SIZE);
        tlb_gather_page(g, pa + i * PAGE_SIZE);
    }
    pmd_mapped(k, head, -1);
    page_put(k, deposit_take(k, pmdp)); /* never linked in: no invalidation needed */
    return true;
}

bool change_huge_pmd(struct kernel *k, struct mm *mm, struct vma *v, uint64_t pmdp, uint64_t va, uint64_t start,
                     uint64_t end, struct tlb_gather *g)
{
    uint64_t haddr = va & ~(HPAGE_SIZE - 1);
    uint64_t old = pte_get(k, pmdp);
    bool hugetlb = pa_page(&k->pa, huge_pa(old))->kind == PG_HUGETLB;
    /* PROT_NONE is kept in 4 KiB entries (the model's PTE_PROTNONE), so a THP made
     * inaccessible is split; a hugetlb range was checked for alignment by mprotect */
    if (!hugetlb && (haddr < start || haddr + HPAGE_SIZE > end || !(v->flags & VM_ACCESS))) {
        split_huge_pmd(k, mm, pmdp, va);
        return false;
    }
    bool w = (v->flags & VM_SHARED) != 0;
    uint64_t pmd = mk_pte(huge_pa(old), v->flags, w) | PTE_PS | (old & (PTE_A | PTE_D));
    /* hugetlb PROT_NONE: present but supervisor-only, so that every user access faults
     * (and the area's rights make it ACCERR) while the page stays mapped */
    if (!(v->flags & VM_ACCESS))
        pmd = huge_pa(old) | PTE_P | PTE_PS | PTE_XD | (old & (PTE_A | PTE_D));
    if (pmd == old)
        return true;
    pte_set(k, pmdp, pmd);
    bool tighten = ((old & PTE_US) && !(pmd & PTE_US)) || ((old & PTE_RW) && !(pmd & PTE_RW)) ||
                   (!(old & PTE_XD) && (pmd & PTE_XD));
    if (tighten && !(k->inject & INJ_SKIP_INVLPG_MPROTECT))
        tlb_gather_va(g, haddr);
    return true;
}

int copy_huge_pmd(struct kernel *k, struct mm *dst, const struct vma *v, uint64_t spmdp,
                  uint64_t va, struct tlb_gather *g)
{
    uint64_t haddr = va & ~(HPAGE_SIZE - 1);
    uint64_t dpmdp = pt_pmd(k, dst->root, haddr, true);
    if (!dpmdp)
        return -ENOMEM;
    uint64_t pmd = pte_get(k, spmdp);
    bool hugetlb = (pmd & PTE_PS) && pa_page(&k->pa, huge_pa(pmd))->kind == PG_HUGETLB;
    uint64_t table = 0;
    if (!hugetlb && !(table = pt_alloc_table(k)))
        return -ENOMEM;
    pmd = pte_get(k, spmdp); /* the allocation may have reclaimed, and split it */
    if (!(pmd & PTE_PS)) {
        if (table)
            page_put(k, table);
        return 0;
    }
    uint64_t pa = huge_pa(pmd);
    if (!(v->flags & VM_SHARED) && (pmd & PTE_RW)) {
        pmd &= ~PTE_RW;
        pte_set(k, spmdp, pmd);
        tlb_gather_va(g, haddr);
    }
    if (hugetlb) {
        page_get(k, pa);
    } else {
        for (unsigned i = 0; i < HPAGE_NR; i++) {
            page_get(k, pa + i * PAGE_SIZE);
            rmap_add(k, pa + i * PAGE_SIZE, dst, haddr + i * PAGE_SIZE);
        }
        pmd_mapped(k, pa_page(&k->pa, pa), +1);
        deposit_put(k, dpmdp, table);
    }
    pte_set(k, dpmdp, pmd & ~(PTE_A | PTE_D));
    return 1;
}

bool thp_reclaim_referenced(struct kernel *k, struct page *pg, uint64_t *skip_to)
{
    uint64_t pa = page_pa(&k->pa, pg), head = pa & ~(HPAGE_SIZE - 1);
    bool ref = false;
    /* the PMDs that map it: A set in any is a reference to the whole page */
    for (uint32_t i = 0; i < pg->mapcount; i++) {
        struct rmap_ent *r = &pg->rmap[i];
        uint64_t pmdp = pt_pmd(k, r->mm->root, r->va, false);
        uint64_t pmd = pmdp ? pte_get(k, pmdp) : 0;
        if (pmd_is_huge(pmd) && (pmd & PTE_A)) {
            pte_set(k, pmdp, pmd & ~PTE_A); /* no invalidation: see reclaim.c */
            ref = true;
        }
    }
    if (ref) {
        *skip_to = ((head + HPAGE_SIZE) >> PAGE_SHIFT) - k->pa.base_pfn;
        return true;
    }
    for (uint32_t i = 0; i < pg->mapcount; i++) {
        struct rmap_ent *r = &pg->rmap[i];
        uint64_t pmdp = pt_pmd(k, r->mm->root, r->va, false);
        if (pmdp && pmd_is_huge(pte_get(k, pmdp)))
            split_huge_pmd(k, r->mm, pmdp, r->va);
    }
    return false;
}

uint64_t vma_huge_bytes(struct kernel *k, struct mm *mm, const struct vma *v)
{
    uint64_t n = 0;
    for (uint64_t va = v->start, next; va < v->end && va >= v->start; va = next) {
        uint64_t hugep;
        pt_lookup_huge(k, mm->root, va, &next, &hugep);
        if (hugep) {
            n += HPAGE_SIZE;
        } else if (next == va + PAGE_SIZE) {
            next = (va | (HPAGE_SIZE - 1)) + 1; /* a table of PTEs: nothing huge in this 2 MiB */
        }
    }
    return n;
}

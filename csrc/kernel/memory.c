// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Frames, PTEs and the page-fault path, after Linux mm/memory.c:
 *   handle_fault -> do_anonymous_page | do_file_fault (read / cow / shared) | do_wp_page
 * The VMA decides MAPERR vs ACCERR (never the error code's P bit); a fault whose PTE
 * already allows the access is spurious (rights were relaxed without an invalidation, or
 * the TLB held an older entry) and is simply retried. */
#include "kern.h"
#include "memcontrol.h"
#include "backend/wave_marks.h"
#include "shadow.h"
#include "inject/inject.h"

#include <stdlib.h>

/* Page clears and copies: the kernel's own accesses, through its direct map (kaccess.c). */
static void zero_frame(struct kernel *k, uint64_t pa) { kmem_zero_page(k, pa); }
void copy_frame(struct kernel *k, uint64_t dst, uint64_t src) { kmem_copy_page(k, dst, src); }

static uint64_t page_alloc(struct kernel *k, enum page_kind kind, bool zero)
{
    /* the memory cgroup's limit first, as mem_cgroup_charge before the page is had */
    struct memcg *cg = memcg_charge_target(k, kind);
    if (cg && !memcg_try_charge(k, cg, 1, true))
        return 0;
    /* kswapd's job, done synchronously: below the low watermark, reclaim to the high one */
    if (k->pa.nfree < k->wm_low)
        reclaim_pages(k, k->wm_high - k->pa.nfree);
    uint64_t pa = palloc_alloc(&k->pa, 0);
    if (!pa && reclaim_pages(k, 32)) /* direct reclaim */
        pa = palloc_alloc(&k->pa, 0);
    if (!pa) {
        memcg_cancel_charge(k, cg, 1);
        k->oom = true;
        k->oom_memcg = NULL;
        return 0;
    }
    if (zero)
        zero_frame(k, pa);
    struct page *pg = pa_page(&k->pa, pa);
    pg->kind = (uint8_t)kind;
    pg->refcount = 1;
    pg->mapcount = 0;
    memcg_commit(cg, pg);
    return pa;
}

uint64_t page_alloc_zeroed(struct kernel *k, enum page_kind kind) { return page_alloc(k, kind, true); }
uint64_t page_alloc_for_copy(struct kernel *k, enum page_kind kind) { return page_alloc(k, kind, false); }

void page_get(struct kernel *k, uint64_t pa)
{
    struct page *pg = pa_page(&k->pa, pa);
    if (pg && pa != k->zero_page)
        pg->refcount++;
}

void page_put(struct kernel *k, uint64_t pa)
{
    struct page *pg = pa_page(&k->pa, pa);
    if (!pg || pa == k->zero_page)
        return;
    if (pg->refcount == 0)
        abort(); /* a double free is a kernel-model bug: stop loudly */
    if (--pg->refcount == 0) {
        if (pg->kind == PG_HUGETLB) {
            hugetlb_release(k, pa);
            return;
        }
        if (pg->swap_slot) {
            swapcache_del(k, pg->swap_slot, pa);
            swap_free(k, pg->swap_slot); /* the swap cache's reference */
        }
        memcg_uncharge(k, pg);
        palloc_free(&k->pa, pa, 0);
    }
}

uint64_t mk_pte(uint64_t pa, unsigned vmflags, bool writable)
{
    if (!(vmflags & VM_ACCESS))
        return pa | PTE_PROTNONE; /* not present to the hardware; the frame is kept */
    /* x86 has no write-only or execute-only pages: any access right makes it readable. */
    uint64_t pte = pa | PTE_P | PTE_US;
    if (writable && (vmflags & VM_WRITE))
        pte |= PTE_RW;
    if (!(vmflags & VM_EXEC))
        pte |= PTE_XD;
    return pte;
}

void zap_range(struct kernel *k, struct mm *mm, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, mm);
    for (uint64_t va = start, next, hugep; va < end && va >= start; va = next) {
        uint64_t ptep = pt_lookup_huge(k, mm->root, va, &next, &hugep);
        if (hugep && !zap_huge_pmd(k, mm, hugep, va, start, end, &g))
            ptep = pt_lookup_huge(k, mm->root, va, &next, &hugep);
        if (!ptep)
            continue;
        uint64_t pte = pte_get(k, ptep);
        if (pte_is_swap(pte)) {
            pte_set(k, ptep, 0);
            free_swap_and_cache(k, swp_slot(pte));
            continue;
        }
        if (!pte_has_frame(pte))
            continue;
        pte_set(k, ptep, 0);
        if (pte & PTE_P)
            tlb_gather_va(&g, va);
        page_fold_dirty(k, pte);
        rmap_del(k, pte & PTE_ADDR, mm, va);
        tlb_gather_page(&g, pte & PTE_ADDR);
    }
    tlb_finish(k, &g);
}

void change_protection(struct kernel *k, struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, mm);
    for (uint64_t va = start, next, hugep; va < end && va >= start; va = next) {
        uint64_t ptep = pt_lookup_huge(k, mm->root, va, &next, &hugep);
        if (hugep && !change_huge_pmd(k, mm, v, hugep, va, start, end, &g))
            ptep = pt_lookup_huge(k, mm->root, va, &next, &hugep);
        if (!ptep)
            continue;
        uint64_t old = pte_get(k, ptep);
        if (!pte_has_frame(old))
            continue;
        /* Private pages stay read-only: a write goes through do_wp_page, which reuses or
         * copies (a COW-shared frame must never become writable here). */
        bool w = (v->flags & VM_SHARED) != 0;
        uint64_t pte = mk_pte(old & PTE_ADDR, v->flags, w);
        if (old & PTE_P)
            pte |= old & (PTE_A | PTE_D);
        if (pte == old)
            continue;
        pte_set(k, ptep, pte);
        if (!(pte & PTE_D))
            page_fold_dirty(k, old);
        /* Relaxing rights (P 0->1, R/W 0->1, XD 1->0) needs no invalidation: at worst one
         * spurious fault, recognised by handle_fault. Anything that takes rights away does. */
        bool tighten = (old & PTE_P) && (!(pte & PTE_P) || ((old & PTE_RW) && !(pte & PTE_RW)) ||
                                         (!(old & PTE_XD) && (pte & PTE_XD)));
        if (tighten && !(k->inject & INJ_SKIP_INVLPG_MPROTECT))
            tlb_gather_va(&g, va);
    }
    tlb_finish(k, &g);
}

/* anon_vma_compatible(): a directly before b, same object, same flags but for rights,
 * contiguous offsets -- then they may share one anon_vma. */
static bool anon_compatible(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->file == b->file && !((a->flags ^ b->flags) & ~VM_ACCESS) &&
           b->pgoff == a->pgoff + ((a->end - a->start) >> PAGE_SHIFT);
}

int anon_vma_prepare(struct kernel *k, struct mm *mm, struct vma *v)
{
    (void)mm;
    if (v->anon_vma)
        return 0;
    /* find_mergeable_anon_vma(): reuse a neighbour's if it is not inherited via fork */
    if (v->next && anon_compatible(v, v->next) && v->next->anon_vma && !v->next->anon_forked)
        v->anon_vma = v->next->anon_vma;
    else if (v->prev && anon_compatible(v->prev, v) && v->prev->anon_vma && !v->prev->anon_forked)
        v->anon_vma = v->prev->anon_vma;
    else
        v->anon_vma = ++k->next_anon_vma;
    v->anon_forked = false;
    return 0;
}

static fault_res set_new_page(struct kernel *k, struct mm *mm, uint64_t addr, uint64_t ptep, uint64_t pa,
                              struct vma *v, bool w)
{
    rmap_add(k, pa, mm, addr);
    /* Filling a not-present entry: the TLB cannot hold it, no invalidation. */
    pte_set(k, ptep, mk_pte(pa, v->flags, w));
    return F_RETRY;
}

static fault_res do_anonymous_page(struct kernel *k, struct mm *mm, struct vma *v, uint64_t addr, uint64_t ptep,
                                   acc_kind kind)
{
    wave_mark_kernel("fault: anon");
    if (kind != ACC_W) {
        wave_mark_note("do_anonymous_page: the shared zero frame %#llx, read-only", (unsigned long long)k->zero_page);
        return set_new_page(k, mm, addr, ptep, k->zero_page, v, false);
    }
    anon_vma_prepare(k, mm, v);
    uint64_t pa = page_alloc_zeroed(k, PG_ANON);
    if (!pa)
        return F_OOM;
    wave_mark_note("do_anonymous_page: a zeroed frame %#llx, writable", (unsigned long long)pa);
    return set_new_page(k, mm, addr, ptep, pa, v, true);
}

static uint64_t cow_source(struct kernel *k, uint64_t src)
{
    if ((k->inject & INJ_COW_WRONG_FRAME) && pa_page(&k->pa, src + PAGE_SIZE))
        return src + PAGE_SIZE;
    return src;
}

static fault_res do_file_fault(struct kernel *k, struct mm *mm, struct vma *v, uint64_t addr, uint64_t ptep,
                               acc_kind kind)
{
    wave_mark_kernel("fault: file");
    struct kfile *f = v->file;
    uint64_t idx = v->pgoff + ((addr - v->start) >> PAGE_SHIFT);
    /* do_cow_fault() prepares the anon_vma before it asks for the page, so a write that
     * ends in SIGBUS still gives the area one (which decides later merges) */
    if (kind == ACC_W && !(v->flags & VM_SHARED))
        anon_vma_prepare(k, mm, v);
    if (idx >= kfile_pages(f))
        return F_BUS;
    uint64_t cache = pagecache_get(k, f, idx);
    if (!cache)
        return F_OOM;
    if (v->flags & VM_SHARED) { /* do_shared_fault, or do_read_fault with fault-around */
        wave_mark_note("do_shared_fault: page-cache frame %#llx of page %llu, writable", (unsigned long long)cache,
                       (unsigned long long)idx);
        page_get(k, cache);
        set_new_page(k, mm, addr, ptep, cache, v, true);
        if (kind != ACC_W)
            fault_around(k, mm, v, addr, ptep);
        return F_RETRY;
    }
    if (kind == ACC_W) { /* do_cow_fault: the private copy is made from the file now */
        struct page *cp = pa_page(&k->pa, cache);
        cp->pinned++; /* reclaim must not take it while the copy's frame is allocated */
        uint64_t pa = page_alloc_for_copy(k, PG_ANON);
        cp->pinned--;
        if (!pa)
            return F_OOM;
        copy_frame(k, pa, cow_source(k, cache));
        wave_mark_note("do_cow_fault: page %llu copied from the page cache's %#llx to %#llx",
                       (unsigned long long)idx, (unsigned long long)cache, (unsigned long long)pa);
        k->stat_cow_copies++;
        return set_new_page(k, mm, addr, ptep, pa, v, true);
    }
    wave_mark_note("do_read_fault: page-cache frame %#llx of page %llu, read-only", (unsigned long long)cache,
                   (unsigned long long)idx);
    page_get(k, cache); /* do_read_fault: the file's page, read-only */
    set_new_page(k, mm, addr, ptep, cache, v, false);
    fault_around(k, mm, v, addr, ptep);
    return F_RETRY;
}

static fault_res do_wp_page(struct kernel *k, struct mm *mm, struct vma *v, uint64_t addr, uint64_t ptep,
                            uint64_t pte)
{
    uint64_t old = pte & PTE_ADDR;
    struct page *pg = pa_page(&k->pa, old);
    if ((v->flags & VM_SHARED) || (old != k->zero_page && pg && pg->kind == PG_ANON && pg->refcount == 1)) {
        /* Shared mapping, or the writer is the frame's only owner: write in place. Only a
         * right is added, so no invalidation. */
        wave_mark_kernel(v->flags & VM_SHARED ? "fault: wp shared" : "fault: cow reuse");
        wave_mark_note("do_wp_page: frame %#llx made writable in place (%s)", (unsigned long long)old,
                       v->flags & VM_SHARED ? "a shared mapping" : "its only owner");
        if (!(v->flags & VM_SHARED)) {
            k->stat_cow_reuse++;
            /* Writable private memory must own its swap slot alone (so that a dirty
             * eviction may rewrite it): a slot other swap PTEs still name is let go. */
            if (pg->swap_slot && k->swap_map[pg->swap_slot] > 1) {
                swapcache_del(k, pg->swap_slot, old);
                swap_free(k, pg->swap_slot);
                pg->swap_slot = 0;
            }
        }
        pte_set(k, ptep, pte | PTE_RW);
        return F_RETRY;
    }
    wave_mark_kernel("fault: cow copy");
    anon_vma_prepare(k, mm, v);
    if (pg)
        pg->pinned++; /* the copy source stays resident while its copy's frame is allocated */
    /* a copy overwrites the whole frame; only a write to the zero page maps a cleared one */
    uint64_t pa = old == k->zero_page ? page_alloc_zeroed(k, PG_ANON) : page_alloc_for_copy(k, PG_ANON);
    if (pg)
        pg->pinned--;
    if (!pa)
        return F_OOM;
    if (old != k->zero_page)
        copy_frame(k, pa, cow_source(k, old));
    wave_mark_note("do_wp_page: %#llx (%s) copied to %#llx, mapped writable; the old translation flushed",
                   (unsigned long long)old, old == k->zero_page ? "the zero frame: nothing to copy" : "mapped elsewhere too",
                   (unsigned long long)pa);
    k->stat_cow_copies++;
    rmap_add(k, pa, mm, addr);
    pte_set(k, ptep, mk_pte(pa, v->flags, true));
    /* The entry now names another frame: the old translation must go before the old frame
     * can be reused. */
    flush_page(k, mm, addr);
    if (old != k->zero_page) {
        page_fold_dirty(k, pte);
        rmap_del(k, old, mm, addr);
        page_put(k, old);
    }
    return F_RETRY;
}

/* Swap-in: the slot's content into a new frame, which keeps the slot as its swap cache
 * (the PTE's reference passes to the frame). The page is clean; it is mapped writable at
 * once only if no other swap PTE names the slot, so that a later dirty eviction may
 * rewrite the slot in place; otherwise a write goes through do_wp_page. A frame already
 * caching the slot (read ahead, or another process's swap-in) is mapped instead, with no
 * I/O: a minor fault. */
static fault_res do_swap_page(struct kernel *k, struct mm *mm, struct vma *v, uint64_t addr, uint64_t ptep,
                              uint64_t pte)
{
    wave_mark_kernel("fault: swap-in");
    uint64_t slot = swp_slot(pte);
    uint64_t pa = swapcache_find(k, slot);
    if (pa) {
        struct page *pg = pa_page(&k->pa, pa);
        if (pg->mapcount) /* mapped elsewhere: one more user (unmapped: the cache's passes over) */
            page_get(k, pa);
        swap_free(k, slot); /* the PTE's reference; the frame holds its own */
        bool alone = k->swap_map[slot] == 1 && pg->refcount == 1;
        wave_mark_note("do_swap_page: slot %llu found in the swap cache at %#llx, %s", (unsigned long long)slot,
                       (unsigned long long)pa, alone && !(v->flags & VM_SHARED) ? "writable" : "read-only");
        return set_new_page(k, mm, addr, ptep, pa, v, alone && !(v->flags & VM_SHARED));
    }
    pa = page_alloc_zeroed(k, PG_ANON);
    if (!pa)
        return F_OOM;
    /* reclaim during the allocation touches only present frames: the entry is unchanged */
    if (!swap_read(k, slot, pa)) { /* Linux: an I/O error on swap-in is SIGBUS */
        page_put(k, pa);
        return F_BUS;
    }
    k->stat_major++;
    pa_page(&k->pa, pa)->swap_slot = slot;
    swapcache_add(k, slot, pa);
    bool exclusive = k->swap_map[slot] == 1;
    wave_mark_note("do_swap_page: slot %llu read into %#llx, %s", (unsigned long long)slot, (unsigned long long)pa,
                   exclusive && !(v->flags & VM_SHARED) ? "writable (the slot's only user)" : "read-only");
    set_new_page(k, mm, addr, ptep, pa, v, exclusive && !(v->flags & VM_SHARED));
    swapin_readahead(k, slot);
    return F_RETRY;
}

static fault_res do_fault(struct kernel *k, struct proc *p, uint64_t va, acc_kind kind);

fault_res handle_fault(struct kernel *k, struct proc *p, uint64_t va, acc_kind kind)
{
    k->stat_faults++;
    uint64_t major = k->stat_major;
    fault_res r = do_fault(k, p, va, kind);
    memcg_fault_event(p, k->stat_major != major); /* memory.stat pgfault, pgmajfault */
    return r;
}

static fault_res do_fault(struct kernel *k, struct proc *p, uint64_t va, acc_kind kind)
{
    struct mm *mm = &p->mm;
    wave_mark_kernel("fault");
    struct vma *v = vt_lookup(&mm->vt, va);
    if (!v && !(v = expand_stack(k, mm, va))) {
        wave_mark_note("no area holds %#llx: SIGSEGV (MAPERR)", (unsigned long long)va);
        return F_MAPERR;
    }
    wave_mark_note("area %#llx-%#llx %c%c%c%c%s", (unsigned long long)v->start, (unsigned long long)v->end,
                   v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-', v->flags & VM_EXEC ? 'x' : '-',
                   v->flags & VM_SHARED ? 's' : 'p', v->file ? " (file)" : " (anonymous)");
    if ((kind == ACC_W && !(v->flags & VM_WRITE)) || !(v->flags & VM_ACCESS)) {
        wave_mark_note("the area forbids the %s: SIGSEGV (ACCERR)", kind == ACC_W ? "write" : "access");
        return F_ACCERR;
    }
    if (v->flags & VM_SPECIAL_MAP)
        return F_BUS;
    uint64_t addr = va & ~(PAGE_SIZE - 1);
    if (v->flags & VM_HUGETLB)
        return hugetlb_fault(k, p, v, va, kind);
    uint64_t pmdp = pt_pmd(k, mm->root, addr, true);
    if (!pmdp)
        return F_OOM;
    fault_res hres;
    if (huge_fault(k, p, v, va, pmdp, kind, &hres))
        return hres;
    uint64_t ptep = pt_pte(k, mm->root, pmdp, addr, true);
    if (!ptep)
        return F_OOM;
    uint64_t pte = pte_get(k, ptep);
    wave_mark_note("its PTE %#llx (the kernel's walk, not the MMU's)", (unsigned long long)pte);
    /* Linux's access_error(): a fetch from a present page the area does not allow is
     * ACCERR; a fetch from a not-present page is judged as a read, so the page is faulted
     * in first (and SIGBUS past EOF wins), and the retried fetch then faults on XD. */
    if (kind == ACC_X && !(v->flags & VM_EXEC)) {
        if (pte & PTE_P)
            return F_ACCERR;
        kind = ACC_R;
    }
    if (pte & PTE_P) {
        bool allowed = kind == ACC_W ? (pte & PTE_RW) != 0 : kind == ACC_X ? !(pte & PTE_XD) : true;
        if (allowed) {
            wave_mark_note("the PTE allows it already: a spurious fault, retried");
            k->stat_spurious++;
            return F_RETRY;
        }
        if (kind == ACC_W)
            return do_wp_page(k, mm, v, addr, ptep, pte);
        /* a fetch the area allows but the entry does not: bring the entry up to the area's
         * rights (a relaxation, no invalidation) */
        pte_set(k, ptep, mk_pte(pte & PTE_ADDR, v->flags, (pte & PTE_RW) != 0) | (pte & (PTE_A | PTE_D)));
        return F_RETRY;
    }
    if (pte & PTE_PROTNONE) {
        pte_set(k, ptep, mk_pte(pte & PTE_ADDR, v->flags, (v->flags & VM_SHARED) != 0));
        return F_RETRY;
    }
    if (pte_is_swap(pte))
        return do_swap_page(k, mm, v, addr, ptep, pte);
    if (!v->file)
        return do_anonymous_page(k, mm, v, addr, ptep, kind);
    return do_file_fault(k, mm, v, addr, ptep, kind);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* hugetlbfs-style MAP_HUGETLB, after Linux mm/hugetlb.c: a pool of 2 MiB pages set aside
 * at boot (nr_hugepages), reserved at mmap time, mapped by PDEs with PS=1, never split and
 * never reclaimed.
 *
 * Reservations: a private mapping reserves one page per 2 MiB of its length at mmap time
 * (-ENOMEM if the pool's free pages not yet reserved cannot cover it); the area that did is
 * the owner (VM_HRESV). Its first fault on a page consumes the reservation; unmapping or
 * DONTNEED of a page it has not faulted (or no longer maps) gives it back, so an owner holds
 * exactly one reservation per page it does not map. A fork child does not own them: its
 * faults, and every COW copy, take a free unreserved page or are SIGBUS (Linux would rather
 * unmap the page from the children when the owner needs it; not modelled). Shared
 * MAP_HUGETLB is not modelled (the scenario language refuses it; k_mmap: -EINVAL). */
#include "kern.h"
#include "backend/wave_marks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* An owner's PDE for a page whose reservation is used up (not present, so no walk or range
 * loop sees anything there): its next fault takes an unreserved page, and unmapping it
 * gives nothing back. */
#define PMD_NORESV (1ull << 10)

bool hugetlb_init(struct kernel *k, uint64_t n, char *err, size_t errlen)
{
    if (!n)
        return true;
    k->hpool = calloc(n, sizeof *k->hpool);
    if (!k->hpool)
        abort();
    for (uint64_t i = 0; i < n; i++) {
        uint64_t pa = palloc_alloc(&k->pa, HPAGE_ORDER);
        if (!pa) {
            snprintf(err, errlen, "kernel: --nr-hugepages %llu: only %llu 2 MiB pages fit in physical memory",
                     (unsigned long long)n, (unsigned long long)i);
            return false;
        }
        struct page *pg = pa_page(&k->pa, pa);
        pg->kind = PG_HUGETLB;
        pg->refcount = 0;
        k->hpool[k->hpool_free++] = pa;
    }
    k->hpool_total = n;
    return true;
}

void hugetlb_release(struct kernel *k, uint64_t pa) { k->hpool[k->hpool_free++] = pa; }

static uint64_t hugetlb_take(struct kernel *k)
{
    uint64_t pa = k->hpool[--k->hpool_free];
    pa_page(&k->pa, pa)->refcount = 1;
    return pa;
}

int hugetlb_reserve(struct kernel *k, uint64_t len)
{
    uint64_t n = len / HPAGE_SIZE;
    if (k->hpool_free - k->hpool_resv < n)
        return -ENOMEM;
    k->hpool_resv += n;
    return 0;
}

void hugetlb_unreserve(struct kernel *k, struct mm *mm, const struct vma *v, uint64_t start, uint64_t end)
{
    if (!(v->flags & VM_HRESV))
        return;
    for (uint64_t va = start; va < end; va += HPAGE_SIZE) {
        uint64_t pmdp = pt_pmd(k, mm->root, va, false);
        uint64_t pmd = pmdp ? pte_get(k, pmdp) : 0;
        if (pmd == PMD_NORESV)
            pte_set(k, pmdp, 0);
        else if (!pmd_is_huge(pmd))
            k->hpool_resv--;
    }
}

bool hugetlb_range_ok(struct mm *mm, uint64_t start, uint64_t end)
{
    struct vma *a = vt_lookup(&mm->vt, start), *b = vt_lookup(&mm->vt, end - 1);
    if (a && (a->flags & VM_HUGETLB) && (start & (HPAGE_SIZE - 1)))
        return false;
    return !(b && (b->flags & VM_HUGETLB) && end < b->end && (end & (HPAGE_SIZE - 1)));
}

/* clear_huge_page / copy_user_huge_page: 4 KiB at a time through the direct map */
static void clear_huge(struct kernel *k, uint64_t pa)
{
    for (uint64_t o = 0; o < HPAGE_SIZE; o += PAGE_SIZE)
        kmem_zero_page(k, pa + o);
}

static void copy_huge(struct kernel *k, uint64_t dst, uint64_t src)
{
    for (uint64_t o = 0; o < HPAGE_SIZE; o += PAGE_SIZE)
        kmem_copy_page(k, dst + o, src + o);
}

fault_res hugetlb_fault(struct kernel *k, struct proc *p, struct vma *v, uint64_t va, acc_kind kind)
{
    struct mm *mm = &p->mm;
    uint64_t haddr = va & ~(HPAGE_SIZE - 1);
    uint64_t pmdp = pt_pmd(k, mm->root, haddr, true);
    if (!pmdp)
        return F_OOM;
    uint64_t pmd = pte_get(k, pmdp);
    if ((pmd & PTE_P) && !(pmd & PTE_PS)) { /* a table left from 4 KiB mappings gone before */
        if (!pmd_drop_empty_table(k, mm, pmdp, haddr))
            abort(); /* a 4 KiB entry inside a hugetlb area: a model bug */
        pmd = 0;
    }
    if (kind == ACC_X && !(v->flags & VM_EXEC)) {
        if (pmd & PTE_P)
            return F_ACCERR;
        kind = ACC_R;
    }
    if (!(pmd & PTE_P)) { /* hugetlb_no_page */
        bool owner = (v->flags & VM_HRESV) && pmd != PMD_NORESV;
        if (!owner && k->hpool_free <= k->hpool_resv)
            return F_BUS;
        wave_mark_kernel("fault: hugetlb");
        if (owner)
            k->hpool_resv--;
        uint64_t pa = hugetlb_take(k);
        clear_huge(k, pa);
        pte_set(k, pmdp, mk_pte(pa, v->flags, true) | PTE_PS);
        return F_RETRY;
    }
    bool allowed = kind == ACC_W ? (pmd & PTE_RW) != 0 : kind == ACC_X ? !(pmd & PTE_XD) : true;
    if (allowed) {
        k->stat_spurious++;
        return F_RETRY;
    }
    if (kind == ACC_X) {
        pte_set(k, pmdp, pmd & ~PTE_XD);
        return F_RETRY;
    }
    uint64_t old = pmd & PTE_ADDR & ~(HPAGE_SIZE - 1);
    if (pa_page(&k->pa, old)->refcount == 1) { /* hugetlb_wp: the only mapper reuses it */
        k->stat_cow_reuse++;
        pte_set(k, pmdp, pmd | PTE_RW);
        return F_RETRY;
    }
    if (k->hpool_free <= k->hpool_resv)
        return F_BUS;
    wave_mark_kernel("fault: hugetlb cow");
    uint64_t pa = hugetlb_take(k);
    copy_huge(k, pa, old);
    k->stat_cow_copies++;
    pte_set(k, pmdp, mk_pte(pa, v->flags, true) | PTE_PS);
    flush_page(k, mm, haddr); /* another frame now: the old translation goes first */
    page_put(k, old);
    return F_RETRY;
}

void hugetlb_dontneed(struct kernel *k, struct mm *mm, const struct vma *v, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += HPAGE_SIZE) {
        uint64_t pmdp = pt_pmd(k, mm->root, va, false);
        uint64_t pmd = pmdp ? pte_get(k, pmdp) : 0;
        if (!pmd_is_huge(pmd))
            continue;
        /* a page a fork child still maps is not freed: its reservation stays consumed */
        bool restore = (v->flags & VM_HRESV) && pa_page(&k->pa, pmd & PTE_ADDR & ~(HPAGE_SIZE - 1))->refcount == 1;
        zap_range(k, mm, va, va + HPAGE_SIZE);
        if (restore)
            k->hpool_resv++;
        else if (v->flags & VM_HRESV)
            pte_set(k, pmdp, PMD_NORESV);
    }
}

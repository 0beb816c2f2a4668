// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Areas and the memory system calls, with Linux's (mm/mmap.c, mprotect.c, mremap.c,
 * madvise.c, msync.c) argument checks, error order, splitting and merging. */
#include "kern.h"
#include "shadow.h"

#include <errno.h>
#include <stdlib.h>

#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define MAX_LFS_FILESIZE 0x7fffffffffffffffull /* the largest offset a regular file has */

struct vma *vma_new(void)
{
    struct vma *v = calloc(1, sizeof *v);
    if (!v)
        abort();
    return v;
}

void vma_free(struct kernel *k, struct vma *v)
{
    kfile_put(k, v->file);
    free(v);
}

/* The preamble of every memory system call: the process, with its tables loaded (the
 * call's invalidations go to the current address space), or NULL (-ESRCH). */
static struct proc *syscall_proc(struct kernel *k, int pid)
{
    struct proc *p = proc_find(k, pid);
    if (p)
        k_switch_to(k, p);
    return p;
}

/* ... and of those on a range at start: 0, -ESRCH, or -EINVAL for an unaligned start
 * (every such call checks that first); *alen is len rounded up to pages, 0 when that
 * wraps past 2^64 -- what a zero or wrapping length means differs by call, so the caller
 * decides it. */
static int range_syscall(struct kernel *k, int pid, uint64_t start, uint64_t len, struct proc **pp, uint64_t *alen)
{
    if (!(*pp = syscall_proc(k, pid)))
        return -ESRCH;
    *alen = PAGE_ALIGN(len);
    return (start & (PAGE_SIZE - 1)) ? -EINVAL : 0;
}

static struct vma *vma_dup(const struct vma *v)
{
    struct vma *n = vma_new();
    n->start = v->start;
    n->end = v->end;
    n->flags = v->flags;
    n->pgoff = v->pgoff;
    n->file = v->file;
    n->anon_vma = v->anon_vma;
    n->anon_forked = v->anon_forked;
    n->name = v->name;
    kfile_get(n->file);
    return n;
}

static uint64_t vma_pages(const struct vma *v) { return (v->end - v->start) >> PAGE_SHIFT; }

/* Moves v's bounds: out of the tree and back, so the augmented gaps stay right. */
static void vma_set_range(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
    vt_remove(&mm->vt, v);
    v->start = start;
    v->end = end;
    vt_insert(&mm->vt, v);
}

/* Splits v at addr: v keeps [start, addr), the new area [addr, end) is returned. */
static struct vma *split_vma(struct mm *mm, struct vma *v, uint64_t addr)
{
    struct vma *n = vma_dup(v);
    n->start = addr;
    n->pgoff = v->pgoff + ((addr - v->start) >> PAGE_SHIFT);
    vma_set_range(mm, v, v->start, addr);
    vt_insert(&mm->vt, n);
    return n;
}

/* is_mergeable_anon_vma(): equal, or only one has one and it was not inherited. */
static bool anon_mergeable(const struct vma *a, const struct vma *b)
{
    if (a->anon_vma && b->anon_vma)
        return a->anon_vma == b->anon_vma;
    if (a->anon_vma)
        return !a->anon_forked;
    if (b->anon_vma)
        return !b->anon_forked;
    return true;
}

static bool mergeable(const struct vma *a, const struct vma *b)
{
    /* hugetlb areas: pieces of one mapping only (its id is in anon_vma: one hugetlbfs file) */
    if (a && b && (a->flags & VM_HUGETLB) && a->anon_vma != b->anon_vma)
        return false;
    return a && b && a->end == b->start && a->flags == b->flags && !(a->flags & VM_SPECIAL_MAP) && a->file == b->file &&
           b->pgoff == a->pgoff + vma_pages(a) && anon_mergeable(a, b);
}

/* a absorbs its successor b. */
static struct vma *merge_next(struct kernel *k, struct mm *mm, struct vma *a)
{
    struct vma *b = a->next;
    if (!a->anon_vma) {
        a->anon_vma = b->anon_vma;
        a->anon_forked = b->anon_forked;
    }
    vt_remove(&mm->vt, b);
    vma_set_range(mm, a, a->start, b->end);
    vma_free(k, b);
    return a;
}

static struct vma *merge_around(struct kernel *k, struct mm *mm, struct vma *v)
{
    if (mergeable(v->prev, v))
        v = merge_next(k, mm, v->prev);
    if (mergeable(v, v->next))
        v = merge_next(k, mm, v);
    return v;
}

/* sync: msync's (see pagecache_writeback); munmap's and exit's are not. */
static void writeback_vma(struct kernel *k, struct vma *v, uint64_t start, uint64_t end, bool sync)
{
    if (!v->file || !(v->flags & VM_SHARED) || start >= end)
        return;
    uint64_t first = v->pgoff + ((start - v->start) >> PAGE_SHIFT);
    pagecache_writeback(k, v->file, first, first + ((end - start - 1) >> PAGE_SHIFT), sync);
}

/* Removes [start, end) from the address space (both aligned, start < end). */
static void unmap_range(struct kernel *k, struct proc *p, uint64_t start, uint64_t end)
{
    struct mm *mm = &p->mm;
    struct vma *v = vt_find(&mm->vt, start);
    if (!v || v->start >= end)
        return;
    if (v->start < start)
        v = split_vma(mm, v, start);
    struct vma *last = vt_find(&mm->vt, end - 1);
    if (last && last->start < end && last->end > end)
        split_vma(mm, last, end);
    for (struct vma *h = v; h && h->start < end; h = h->next)
        hugetlb_unreserve(k, mm, h, h->start, h->end);
    zap_range(k, mm, start, end);
    while (v && v->start < end) {
        struct vma *n = v->next;
        writeback_vma(k, v, v->start, v->end, false);
        vt_remove(&mm->vt, v);
        vma_free(k, v);
        v = n;
    }
    shadow_drop(p->sh, start, end);
}

int do_munmap(struct kernel *k, struct proc *p, uint64_t start, uint64_t len)
{
    if ((start & (PAGE_SIZE - 1)) || start > TASK_SIZE || len > TASK_SIZE - start)
        return -EINVAL;
    len = PAGE_ALIGN(len);
    if (!len)
        return -EINVAL;
    if (!hugetlb_range_ok(&p->mm, start, start + len))
        return -EINVAL;
    unmap_range(k, p, start, start + len);
    return 0;
}

static int64_t get_unmapped_area(struct mm *mm, uint64_t addr, uint64_t len, bool fixed)
{
    if (len > TASK_SIZE)
        return -ENOMEM;
    if (!fixed) {
        if (addr) {
            addr = PAGE_ALIGN(addr);
            struct vma *next = vt_find(&mm->vt, addr);
            struct vma *prev = next ? next->prev : NULL;
            if (!next) { /* the last area, if any, ends at or below addr */
                for (prev = mm->vt.first; prev && prev->next; prev = prev->next)
                    ;
            }
            if (TASK_SIZE - len >= addr && addr >= MMAP_MIN_ADDR && (!next || addr + len <= vma_gap_start(next)) &&
                (!prev || addr >= prev->end))
                goto found;
        }
        addr = vt_gap_topdown(&mm->vt, len, PAGE_SIZE, KMMAP_BASE);
        /* arch_get_unmapped_area_topdown()'s fallback: bottom-up from the legacy base up
         * to TASK_SIZE, which can use the space above the mmap base */
        if (addr == UINT64_MAX)
            addr = vt_gap_bottomup(&mm->vt, len, KMMAP_LEGACY_BASE, TASK_SIZE);
        if (addr == UINT64_MAX)
            return -ENOMEM;
    }
found:
    if (addr > TASK_SIZE - len)
        return -ENOMEM;
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if (addr < MMAP_MIN_ADDR)
        return -EPERM;
    return (int64_t)addr;
}

static struct vma *mmap_region(struct kernel *k, struct proc *p, uint64_t addr, uint64_t len, unsigned vmflags,
                               struct kfile *file, uint64_t pgoff)
{
    unmap_range(k, p, addr, addr + len);
    struct vma *v = vma_new();
    v->start = addr;
    v->end = addr + len;
    v->flags = vmflags;
    v->pgoff = pgoff;
    v->file = file;
    kfile_get(file);
    vt_insert(&p->mm.vt, v);
    return merge_around(k, &p->mm, v);
}

int gup_page(struct kernel *k, struct proc *p, uint64_t va, bool write, bool force, uint64_t *pa)
{
    struct vma *v = vt_lookup(&p->mm.vt, va);
    if (!v || (!force && !(v->flags & (write ? VM_WRITE : VM_READ))))
        return -EFAULT; /* check_vma_flags() */
    int pid = p->pid, kills = 0;
    for (int tries = 0; tries < 4; tries++) {
        uint64_t leaf;
        if (pt_translate(k, p->mm.root, va, &leaf, pa) && (!write || (leaf & PTE_RW))) {
            if (write)
                page_mark_dirty(k, *pa); /* follow_page_pte's FOLL_TOUCH|FOLL_WRITE */
            return 0;
        }
        k->oom = false;
        fault_res r = handle_fault(k, p, va, write ? ACC_W : ACC_R);
        /* Out of memory even after reclaim: the OOM killer runs in this fault as in any
         * other (Linux's charge and page allocation kill before the fault returns
         * VM_FAULT_OOM to GUP), and the page is tried again -- unless the victim was p. */
        if (r == F_OOM && k->oom && kills < 64) {
            int victim = oom_kill(k);
            kills++;
            if (victim == pid)
                return -ESRCH;
            if (victim >= 0) {
                tries--;
                continue;
            }
        }
        if (r != F_RETRY)
            return r == F_OOM ? -ENOMEM : -EFAULT;
        if (write)
            shadow_cow(p, va); /* a private area's page is the process's own copy now */
    }
    return -EAGAIN; /* resolved four times and gone again each time (reclaim) */
}

int populate_range(struct kernel *k, struct proc *p, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        struct vma *v = vt_lookup(&p->mm.vt, va);
        if (!v)
            return -ENOMEM;
        if (!(v->flags & VM_ACCESS)) {
            va = v->end - PAGE_SIZE;
            continue;
        }
        /* Private writable areas are populated for writing (COW broken now), as Linux's
         * populate_vma_page_range() asks FOLL_WRITE for them; errors end this area's
         * population, silently. */
        bool w = (v->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
        uint64_t pa, end_of_area = v->end;
        int r = gup_page(k, p, va, w, true, &pa); /* FOLL_FORCE: any access right will do */
        if (r == -ESRCH)
            return -ESRCH; /* the OOM killer took p itself */
        if (r != 0 && r != -EAGAIN)
            va = end_of_area - PAGE_SIZE;
    }
    return 0;
}

int64_t k_mmap(struct kernel *k, int pid, uint64_t addr, uint64_t len, unsigned prot, unsigned flags,
               const char *fname, uint64_t off)
{
    struct proc *p = syscall_proc(k, pid);
    if (!p)
        return -ESRCH;
    if (off & (PAGE_SIZE - 1))
        return -EINVAL;
    struct kfile *file = NULL;
    if (!(flags & KMAP_ANON)) {
        file = fname ? file_find(k, fname) : NULL;
        if (!file)
            return -EBADF;
    }
    if (!len)
        return -EINVAL;
    if (flags & KMAP_NOREPLACE)
        flags |= KMAP_FIXED;
    if (!(flags & KMAP_FIXED)) { /* round_hint_to_min() */
        addr &= ~(PAGE_SIZE - 1);
        if (addr && addr < MMAP_MIN_ADDR)
            addr = MMAP_MIN_ADDR;
    }
    if (len > UINT64_MAX - PAGE_SIZE + 1)
        return -ENOMEM;
    len = PAGE_ALIGN(len);
    bool huge = (flags & KMAP_HUGETLB) != 0;
    if (huge) { /* ksys_mmap_pgoff: the length is rounded to the huge page size */
        if (file || (flags & (KMAP_SHARED | KMAP_PRIVATE)) != KMAP_PRIVATE)
            return -EINVAL;
        if (len > UINT64_MAX - HPAGE_SIZE + 1)
            return -ENOMEM;
        len = (len + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1);
        if ((flags & KMAP_FIXED) && (addr & (HPAGE_SIZE - 1)))
            return -EINVAL;
        if (!(flags & KMAP_FIXED) && addr) /* hugetlb_get_unmapped_area aligns the hint */
            addr = (addr + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1);
    }
    uint64_t pgoff = off >> PAGE_SHIFT;
    if (pgoff + (len >> PAGE_SHIFT) < pgoff)
        return -EOVERFLOW;
    int64_t a = get_unmapped_area(&p->mm, addr, len, (flags & KMAP_FIXED) != 0);
    if (huge && a >= 0 && (a & (HPAGE_SIZE - 1))) {
        /* top-down for a 2 MiB-aligned place: the highest aligned start in a gap that
         * holds the length plus the alignment's slack */
        uint64_t slack = HPAGE_SIZE - PAGE_SIZE;
        uint64_t g = len > TASK_SIZE - slack ? UINT64_MAX : vt_gap_topdown(&p->mm.vt, len + slack, PAGE_SIZE, KMMAP_BASE);
        a = g == UINT64_MAX ? -ENOMEM : (int64_t)((g + slack) & ~(HPAGE_SIZE - 1));
    }
    if (a < 0)
        return a;
    addr = (uint64_t)a;
    if (flags & KMAP_NOREPLACE) {
        struct vma *v = vt_find(&p->mm.vt, addr);
        if (v && v->start < addr + len)
            return -EEXIST;
    }
    /* file_mmap_ok(): the mapped range of a regular file must end within MAX_LFS_FILESIZE */
    if (file && (len > MAX_LFS_FILESIZE || pgoff > (MAX_LFS_FILESIZE - len) >> PAGE_SHIFT))
        return -EOVERFLOW;
    unsigned type = flags & (KMAP_SHARED | KMAP_PRIVATE);
    bool shared;
    if (file) {
        if (type == 0)
            return -EINVAL;
        shared = (type & KMAP_SHARED) != 0; /* SHARED|PRIVATE is MAP_SHARED_VALIDATE */
    } else {
        if (type != KMAP_SHARED && type != KMAP_PRIVATE)
            return -EINVAL;
        shared = type == KMAP_SHARED;
    }
    unsigned vmflags = prot & VM_ACCESS; /* KPROT_* and VM_* rights share their bits */
    if (shared)
        vmflags |= VM_SHARED;
    else if ((vmflags & VM_WRITE) && !huge) /* hugetlb is accounted by its pool */
        vmflags |= VM_ACCOUNT;
    if (!hugetlb_range_ok(&p->mm, addr, addr + len)) /* MAP_FIXED over a part of a hugetlb area */
        return -EINVAL;
    if (huge) {
        int r = hugetlb_reserve(k, len);
        if (r < 0)
            return r;
        vmflags |= VM_HUGETLB | VM_HRESV;
    }
    uint64_t hugetlb_id = huge ? ++k->next_anon_vma : 0; /* its own object: never merged with another */
    struct kfile *shm = NULL;
    if (!file && shared) {
        shm = shmem_new(k, len);
        if (!shm)
            return -ENOMEM;
        file = shm;
        pgoff = 0;
    } else if (!file)
        pgoff = addr >> PAGE_SHIFT;
    struct vma *nv = mmap_region(k, p, addr, len, vmflags, file, pgoff);
    if (huge) {
        nv->name = "/anon_hugepage (deleted)";
        nv->anon_vma = hugetlb_id;
    }
    if (shm)
        kfile_put(k, shm); /* the area holds it now */
    if ((flags & KMAP_POPULATE) && populate_range(k, p, addr, addr + len) == -ESRCH)
        return -ESRCH; /* the OOM killer took the process itself */
    return (int64_t)addr;
}

int64_t k_munmap(struct kernel *k, int pid, uint64_t addr, uint64_t len)
{
    struct proc *p = syscall_proc(k, pid);
    if (!p)
        return -ESRCH;
    return do_munmap(k, p, addr, len);
}

int64_t k_mprotect(struct kernel *k, int pid, uint64_t start, uint64_t len, unsigned prot)
{
    struct proc *p;
    uint64_t alen;
    int e = range_syscall(k, pid, start, len, &p, &alen);
    if (e)
        return e;
    struct mm *mm = &p->mm;
    if (!len)
        return 0;
    uint64_t end = start + alen;
    if (end <= start)
        return -ENOMEM;
    struct vma *v = vt_find(&mm->vt, start);
    if (!v || v->start > start)
        return -ENOMEM;
    if (!hugetlb_range_ok(mm, start, end))
        return -EINVAL;
    uint64_t nstart = start, tmp = v->start;
    while (v && v->start < end) {
        if (v->start != tmp)
            return -ENOMEM; /* a hole: what came before it stays changed */
        unsigned newflags = (v->flags & ~VM_ACCESS) | (prot & VM_ACCESS);
        tmp = v->end < end ? v->end : end;
        if (newflags != v->flags) {
            /* Private memory made writable is accounted from now on; an anonymous area
             * made read-only before its first fault is unaccounted again (Linux 6.x). */
            if (newflags & VM_WRITE) {
                if (!(v->flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_HUGETLB)))
                    newflags |= VM_ACCOUNT;
            } else if ((v->flags & VM_ACCOUNT) && !v->file && !v->anon_vma) {
                newflags &= ~VM_ACCOUNT;
            }
            if (nstart > v->start)
                v = split_vma(mm, v, nstart);
            if (tmp < v->end)
                split_vma(mm, v, tmp);
            v->flags = newflags;
            change_protection(k, mm, v, v->start, v->end);
            v = merge_around(k, mm, v);
            tmp = v->end;
        }
        nstart = tmp;
        v = v->next;
    }
    return tmp < end ? -ENOMEM : 0;
}

int k_set_brk_start(struct kernel *k, int pid, uint64_t start)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    if (p->mm.brk != p->mm.start_brk)
        return -EBUSY;
    if ((start & (PAGE_SIZE - 1)) || start >= TASK_SIZE)
        return -EINVAL;
    p->mm.start_brk = p->mm.brk = start;
    return 0;
}

int64_t k_brk(struct kernel *k, int pid, uint64_t brk)
{
    struct proc *p = syscall_proc(k, pid);
    if (!p)
        return -ESRCH;
    struct mm *mm = &p->mm;
    if (brk < mm->start_brk || brk > TASK_SIZE)
        return (int64_t)mm->brk;
    uint64_t newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
    if (oldbrk == newbrk) {
        mm->brk = brk;
        return (int64_t)brk;
    }
    if (brk <= mm->brk) {
        struct vma *v = vt_find(&mm->vt, newbrk);
        if (!v || v->start >= oldbrk)
            return (int64_t)mm->brk;
        mm->brk = brk;
        unmap_range(k, p, newbrk, oldbrk);
        return (int64_t)brk;
    }
    struct vma *next = vt_find(&mm->vt, oldbrk);
    if (next && next->start < newbrk + PAGE_SIZE + STACK_GUARD_GAP && newbrk + PAGE_SIZE > vma_gap_start(next))
        return (int64_t)mm->brk;
    mmap_region(k, p, oldbrk, newbrk - oldbrk, VM_READ | VM_WRITE | VM_ACCOUNT, NULL, oldbrk >> PAGE_SHIFT);
    mm->brk = brk;
    return (int64_t)brk;
}

int64_t k_madvise_dontneed(struct kernel *k, int pid, uint64_t start, uint64_t len_in)
{
    struct proc *p;
    uint64_t len;
    int e = range_syscall(k, pid, start, len_in, &p, &len);
    if (e)
        return e;
    struct mm *mm = &p->mm;
    if (len_in && !len)
        return -EINVAL;
    uint64_t end = start + len;
    if (end < start)
        return -EINVAL;
    if (end == start)
        return 0;
    int64_t unmapped_error = 0;
    struct vma *v = vt_find(&mm->vt, start);
    for (;;) {
        if (!v)
            return -ENOMEM;
        if (start < v->start) {
            unmapped_error = -ENOMEM;
            start = v->start;
            if (start >= end)
                break;
        }
        uint64_t tmp = v->end < end ? v->end : end, zend = tmp;
        if (v->flags & VM_HUGETLB) { /* madvise_dontneed_free_valid_vma: whole pages only */
            if (start & (HPAGE_SIZE - 1))
                return -EINVAL;
            zend &= ~(HPAGE_SIZE - 1);
            if (zend > start)
                hugetlb_dontneed(k, mm, v, start, zend);
        } else {
            zap_range(k, mm, start, tmp);
        }
        if (!(v->flags & VM_SHARED) && zend > start)
            shadow_drop(p->sh, start, zend);
        start = tmp;
        if (start >= end)
            break;
        v = v->next;
    }
    return unmapped_error;
}

int64_t k_madvise_hugepage(struct kernel *k, int pid, uint64_t start, uint64_t len_in, bool on)
{
    struct proc *p;
    uint64_t len;
    int e = range_syscall(k, pid, start, len_in, &p, &len);
    if (e)
        return e;
    struct mm *mm = &p->mm;
    uint64_t end = start + len;
    if ((len_in && !len) || end < start)
        return -EINVAL;
    if (start < end && !hugetlb_range_ok(mm, start, end)) /* hugetlb_split: never off 2 MiB */
        return -EINVAL;
    int64_t unmapped_error = 0;
    struct vma *v = vt_find(&mm->vt, start);
    while (start < end) { /* madvise_walk_vmas */
        if (!v)
            return -ENOMEM;
        if (start < v->start) {
            unmapped_error = -ENOMEM;
            start = v->start;
            if (start >= end)
                break;
        }
        uint64_t tmp = v->end < end ? v->end : end;
        unsigned nf = on ? (v->flags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE : (v->flags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE;
        if (nf != v->flags) { /* madvise_update_vma; a huge page across a new boundary splits */
            if (start > v->start) {
                split_huge_at(k, mm, start);
                v = split_vma(mm, v, start);
            }
            if (tmp < v->end) {
                split_huge_at(k, mm, tmp);
                split_vma(mm, v, tmp);
            }
            v->flags = nf;
            v = merge_around(k, mm, v);
            tmp = v->end;
        }
        start = tmp;
        v = v->next;
    }
    return unmapped_error;
}

int64_t k_msync(struct kernel *k, int pid, uint64_t start, uint64_t len)
{
    struct proc *p;
    int e = range_syscall(k, pid, start, len, &p, &len);
    if (e)
        return e;
    uint64_t end = start + len;
    if (end < start)
        return -ENOMEM;
    if (end == start)
        return 0;
    int64_t unmapped_error = 0;
    struct vma *v = vt_find(&p->mm.vt, start);
    for (;;) { /* MS_SYNC */
        if (!v)
            return -ENOMEM;
        if (start < v->start) {
            start = v->start;
            if (start >= end)
                return -ENOMEM;
            unmapped_error = -ENOMEM;
        }
        writeback_vma(k, v, start, v->end < end ? v->end : end, true);
        start = v->end;
        if (start >= end)
            return unmapped_error;
        v = v->next;
    }
}

/* The page tables a move to new needs, for every entry of [old, old+len) that holds
 * something, allocated before anything moves: false if memory runs out (nothing moved;
 * the tables made so far stay, as every table does until exit). */
static bool move_tables_ready(struct kernel *k, struct mm *mm, uint64_t old, uint64_t len, uint64_t new)
{
    for (uint64_t o = 0, next; o < len; o = next - old) {
        uint64_t src = pt_lookup(k, mm->root, old + o, &next);
        if (!src)
            continue;
        uint64_t pte = pte_get(k, src);
        if ((pte_has_frame(pte) || pte_is_swap(pte)) && !pt_walk(k, mm->root, new + o, true))
            return false;
    }
    return true;
}

/* Moves [old, old+oldlen) (inside v) to a new area [new, new+newlen); -ENOMEM, with the
 * old mapping as it was, when the page tables for the new place cannot be had (Linux's
 * move_vma() fails the same way, moving back what it moved). dontunmap: the old range
 * stays mapped, with no pages (MREMAP_DONTUNMAP). */
static int move_vma(struct kernel *k, struct proc *p, struct vma *v, uint64_t old, uint64_t oldlen, uint64_t newlen,
                    uint64_t new, bool dontunmap)
{
    struct mm *mm = &p->mm;
    if (!move_tables_ready(k, mm, old, oldlen, new))
        return -ENOMEM;
    struct vma *n = vma_dup(v);
    n->start = new;
    n->end = new + newlen;
    n->pgoff = v->pgoff + ((old - v->start) >> PAGE_SHIFT);
    if (!v->file && !v->anon_vma)
        n->pgoff = new >> PAGE_SHIFT; /* never faulted: as if freshly mapped there */
    vt_insert(&mm->vt, n);
    /* move the page-table entries; the frames keep their identity and counts */
    struct tlb_gather g;
    tlb_gather_init(&g, mm);
    for (uint64_t o = 0, next; o < oldlen; o = next - old) {
        uint64_t src = pt_lookup(k, mm->root, old + o, &next);
        uint64_t pte = src ? pte_get(k, src) : 0;
        if (!pte_has_frame(pte) && !pte_is_swap(pte))
            continue;
        uint64_t dst = pt_walk(k, mm->root, new + o, false); /* made by move_tables_ready */
        if (!dst)
            abort(); /* tables are never freed before exit: a model bug */
        if (!pte_has_frame(pte) && !pte_is_swap(pte))
            continue;
        pte_set(k, src, 0);
        pte_set(k, dst, pte); /* fills a not-present entry */
        if (pte_has_frame(pte))
            rmap_move(k, pte & PTE_ADDR, mm, old + o, new + o);
        if (pte & PTE_P)
            tlb_gather_va(&g, old + o);
    }
    tlb_finish(k, &g);
    shadow_move(p->sh, old, oldlen, new);
    if (dontunmap) {
        /* dontunmap_complete(): the old area is neither split nor unaccounted; one moved
         * whole loses its anon_vma (its pages went with the new one) */
        if (old == v->start && old + oldlen == v->end)
            v->anon_vma = 0;
    } else if (oldlen) { /* the old range goes (its entries are already gone: nothing is freed twice) */
        unmap_range(k, p, old, old + oldlen);
    }
    merge_around(k, mm, n);
    return 0;
}

/* at: where a moved area must go (0: where get_unmapped_area puts it). */
static int64_t mremap_common(struct kernel *k, int pid, uint64_t addr, uint64_t old_len, uint64_t new_len, bool maymove,
                             uint64_t at)
{
    struct proc *p;
    int e = range_syscall(k, pid, addr, old_len, &p, &old_len);
    if (e)
        return e;
    struct mm *mm = &p->mm;
    new_len = PAGE_ALIGN(new_len);
    if (!new_len || new_len > TASK_SIZE) /* check_mremap_params(), before any lookup */
        return -EINVAL;
    struct vma *v = vt_lookup(&mm->vt, addr);
    if (!v)
        return -EFAULT;
    if (v->flags & VM_HUGETLB) /* not modelled */
        return -EINVAL;
    if (!old_len && !(v->flags & VM_SHARED))
        return -EINVAL;
    if (old_len >= new_len) {
        /* a shrink is a munmap of the tail, with munmap's checks (the tail may run past
         * TASK_SIZE: -EINVAL) */
        if (old_len > new_len) {
            int r = do_munmap(k, p, addr + new_len, old_len - new_len);
            if (r < 0)
                return r;
        }
        return (int64_t)addr;
    }
    if (old_len > v->end - addr)
        return -EFAULT;
    uint64_t pgoff = v->pgoff + ((addr - v->start) >> PAGE_SHIFT);
    if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
        return -EINVAL;
    if (old_len == v->end - addr) {
        uint64_t end = v->start + (v->end - v->start) + (new_len - old_len);
        bool fits = end > v->end && end <= TASK_SIZE && (!v->next || v->next->start >= end);
        if (fits) {
            vma_set_range(mm, v, v->start, end);
            merge_around(k, mm, v);
            return (int64_t)addr;
        }
    }
    if (!maymove)
        return -ENOMEM;
    int64_t na = get_unmapped_area(mm, at, new_len, false);
    if (na < 0)
        return na;
    if (at && (uint64_t)na != at)
        return -ENOMEM; /* the hint is taken only when the range is free */
    int r = move_vma(k, p, v, addr, old_len, new_len, (uint64_t)na, false);
    return r < 0 ? r : na;
}

/* One area's part of a move to new_addr (mremap_to() after check_prep_vma()). */
static int64_t move_one(struct kernel *k, struct proc *p, uint64_t addr, uint64_t old_len, uint64_t new_len,
                        unsigned flags, uint64_t new_addr)
{
    struct mm *mm = &p->mm;
    bool fixed = (flags & KMREMAP_FIXED) != 0, dontunmap = (flags & KMREMAP_DONTUNMAP) != 0;
    struct vma *v = vt_lookup(&mm->vt, addr);
    if (!v)
        return -EFAULT;
    if (!old_len && !(v->flags & VM_SHARED))
        return -EINVAL;
    /* check_prep_vma(), before anything is unmapped: what will move lies in one area (the
     * tail a shrink unmaps may run on past it) */
    if ((old_len < new_len ? old_len : new_len) > v->end - addr)
        return -EFAULT;
    if (dontunmap && (v->flags & VM_SPECIAL_MAP)) /* VM_DONTEXPAND */
        return -EINVAL;
    uint64_t pgoff = v->pgoff + ((addr - v->start) >> PAGE_SHIFT);
    if (new_len > old_len && pgoff + (new_len >> PAGE_SHIFT) < pgoff)
        return -EINVAL;
    if (fixed) {
        if (new_addr < MMAP_MIN_ADDR)
            return -EPERM;
        int r = do_munmap(k, p, new_addr, new_len);
        if (r < 0)
            return r;
    }
    if (old_len > new_len) { /* shrink first, then move what is left */
        int r = do_munmap(k, p, addr + new_len, old_len - new_len);
        if (r < 0)
            return r;
        old_len = new_len;
    }
    if (!(v = vt_lookup(&mm->vt, addr)))
        return -EFAULT;
    int64_t na = fixed ? (int64_t)new_addr : get_unmapped_area(mm, new_addr, new_len, false);
    if (na < 0)
        return na;
    int r = move_vma(k, p, v, addr, old_len, new_len, (uint64_t)na, dontunmap);
    return r < 0 ? r : na;
}

/* Linux 6.17's remap_move(): a fixed move without resizing may span several areas (and
 * the gaps between them, but not a gap at its start): each area's part moves on its own,
 * the gaps between them kept at the target, which is unmapped only where a part lands.
 * The first part's address, or the first error (what moved before it stays moved). Linux
 * refuses areas that place themselves (userfaultfd, a file system's own
 * get_unmapped_area); the model has none, nor has ext4 in 6.18. */
static int64_t remap_move(struct kernel *k, struct proc *p, uint64_t addr, uint64_t len, unsigned flags,
                          uint64_t new_addr)
{
    uint64_t end = addr + len, cursor = addr, target = new_addr, last_end = 0;
    bool seen = false;
    int64_t res = -EFAULT;
    /* by address: a part moved with dontunmap leaves its area where it was */
    for (struct vma *v; cursor < end && (v = vt_find(&p->mm.vt, cursor)) && v->start < end;) {
        uint64_t a = v->start > cursor ? v->start : cursor, l = (end < v->end ? end : v->end) - a;
        if (!seen && addr < v->start)
            return -EFAULT;
        uint64_t off = seen ? v->start - last_end : 0;
        last_end = v->end;
        int64_t r = move_one(k, p, a, l, l, flags, target + off);
        if (r < 0)
            return r;
        if (!seen)
            res = r;
        seen = true;
        target = (uint64_t)r + l;
        cursor = a + l;
    }
    return res;
}

/* mremap_to(): MREMAP_FIXED (the new range replaces what is there) or MREMAP_DONTUNMAP
 * (new_addr only a hint), checks in the order of Linux's check_mremap_params() and
 * mremap_to(). */
static int64_t mremap_to(struct kernel *k, int pid, uint64_t addr, uint64_t old_len, uint64_t new_len, unsigned flags,
                         uint64_t new_addr)
{
    struct proc *p;
    int e = range_syscall(k, pid, addr, old_len, &p, &old_len);
    if (e)
        return e;
    new_len = PAGE_ALIGN(new_len);
    if (!new_len || new_len > TASK_SIZE)
        return -EINVAL;
    bool fixed = (flags & KMREMAP_FIXED) != 0, dontunmap = (flags & KMREMAP_DONTUNMAP) != 0;
    if ((new_addr & (PAGE_SIZE - 1)) || !(flags & KMREMAP_MAYMOVE) || (dontunmap && old_len != new_len) ||
        new_addr > TASK_SIZE - new_len)
        return -EINVAL;
    if (new_addr >= addr ? new_addr - addr < old_len : addr - new_addr < new_len) /* the ranges overlap */
        return -EINVAL;
    if (fixed && old_len == new_len)
        return remap_move(k, p, addr, old_len, flags, new_addr);
    return move_one(k, p, addr, old_len, new_len, flags, new_addr);
}

int64_t k_mremap_flags(struct kernel *k, int pid, uint64_t addr, uint64_t old_len, uint64_t new_len, unsigned flags,
                       uint64_t new_addr)
{
    if (flags & (KMREMAP_FIXED | KMREMAP_DONTUNMAP))
        return mremap_to(k, pid, addr, old_len, new_len, flags, new_addr);
    return mremap_common(k, pid, addr, old_len, new_len, (flags & KMREMAP_MAYMOVE) != 0, 0);
}

int64_t k_mremap(struct kernel *k, int pid, uint64_t addr, uint64_t old_len, uint64_t new_len, bool maymove)
{
    return mremap_common(k, pid, addr, old_len, new_len, maymove, 0);
}

int64_t k_mremap_to(struct kernel *k, int pid, uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t to)
{
    if (!to || (to & (PAGE_SIZE - 1)))
        return -EINVAL;
    return mremap_common(k, pid, addr, old_len, new_len, true, to);
}

void mm_init_layout(struct kernel *k, struct proc *p)
{
    (void)k;
    struct vma *s = vma_new();
    s->start = KSTACK_TOP - KSTACK_SIZE;
    s->end = KSTACK_TOP;
    s->flags = VM_READ | VM_WRITE | VM_GROWSDOWN | VM_ACCOUNT;
    s->pgoff = s->start >> PAGE_SHIFT;
    vt_insert(&p->mm.vt, s);
    p->mm.start_brk = p->mm.brk = KBRK_START;
}

void mm_destroy(struct kernel *k, struct proc *p)
{
    struct mm *mm = &p->mm;
    while (mm->vt.first) {
        struct vma *v = mm->vt.first;
        hugetlb_unreserve(k, mm, v, v->start, v->end);
        zap_range(k, mm, v->start, v->end);
        writeback_vma(k, v, v->start, v->end, false);
        vt_remove(&mm->vt, v);
        vma_free(k, v);
    }
}

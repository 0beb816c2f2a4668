// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* /proc/PID/maps, byte for byte as Linux's show_map_vma() prints it.
 *
 * Files of the model's store show device 08:01, their inode (1001, 1002, ... in order of
 * creation, shared with shmem objects) and their name as given; a shared anonymous area is
 * Linux's shmem file "/dev/zero (deleted)" on device 00:01. */
#include "kern.h"

#include <errno.h>
#include <stdio.h>

/* One area's line (without its newline) into line[256]. */
static void map_line(const struct mm *mm, const struct vma *v, bool norm, char *line, size_t size)
{
    {
        unsigned maj = 0, min = 0;
        uint64_t ino = 0, off = 0;
        const char *name = NULL;
        if (v->name) {
            name = v->name;
        } else if (v->file) {
            maj = v->file->shmem ? 0 : 8;
            min = 1;
            ino = v->file->ino;
            off = v->pgoff << PAGE_SHIFT;
            name = v->file->name;
        } else if (v->start < mm->brk && v->end > mm->start_brk) { /* vma_is_initial_heap() */
            name = "[heap]";
        } else if (v->flags & VM_GROWSDOWN) {
            name = "[stack]";
        }
        if (norm) {
            maj = min = 0;
            ino = 0;
        }
        int w = snprintf(line, size, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
                         (unsigned long long)v->start, (unsigned long long)v->end, v->flags & VM_READ ? 'r' : '-',
                         v->flags & VM_WRITE ? 'w' : '-', v->flags & VM_EXEC ? 'x' : '-',
                         v->flags & VM_SHARED ? 's' : 'p', (unsigned long long)off, maj, min,
                         (unsigned long long)ino);
        if (name && norm)
            snprintf(line + w, size - (size_t)w, "%s", name);
        else if (name) /* seq_pad(): the name starts after column 72 */
            snprintf(line + w, size - (size_t)w, "%*s%s", w < 72 ? 72 - w + 1 : 1, "", name);
    }
}

/* As snprintf: writes what fits of the lines into buf, returns the whole text's length. */
static int64_t maps(struct kernel *k, int pid, uint64_t lo, uint64_t hi, bool norm, char *buf, size_t len)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    size_t n = 0;
    if (len)
        buf[0] = 0;
    for (struct vma *v = p->mm.vt.first; v; v = v->next) {
        char line[256 + 4096];
        if (v->end <= lo || v->start >= hi)
            continue;
        map_line(&p->mm, v, norm, line, sizeof line);
        int m = snprintf(n < len ? buf + n : NULL, n < len ? len - n : 0, "%s%s", n ? "\n" : "", line);
        n += (size_t)m;
    }
    return (int64_t)n;
}

int64_t k_nvma(struct kernel *k, int pid)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    int64_t n = 0;
    for (struct vma *v = p->mm.vt.first; v; v = v->next)
        n++;
    return n;
}

int k_vma_line(struct kernel *k, int pid, uint64_t addr, char *buf, size_t len)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    struct vma *v = vt_lookup(&p->mm.vt, addr);
    if (!v)
        snprintf(buf, len, "none");
    else
        map_line(&p->mm, v, false, buf, len);
    return 0;
}

int64_t k_maps(struct kernel *k, int pid, char *buf, size_t len) { return maps(k, pid, 0, UINT64_MAX, false, buf, len); }

int64_t k_maps_range(struct kernel *k, int pid, uint64_t lo, uint64_t hi, char *buf, size_t len)
{
    return maps(k, pid, lo, hi, true, buf, len);
}

int k_smaps(struct kernel *k, int pid, uint64_t addr, uint64_t *anon_huge, uint64_t *hugetlb)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    struct vma *v = vt_lookup(&p->mm.vt, addr);
    if (!v)
        return -EFAULT;
    uint64_t n = vma_huge_bytes(k, &p->mm, v);
    *anon_huge = (v->flags & VM_HUGETLB) ? 0 : n;
    *hugetlb = (v->flags & VM_HUGETLB) ? n : 0;
    return 0;
}

int64_t k_rss(struct kernel *k, int pid, uint64_t addr)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    struct vma *v = vt_lookup(&p->mm.vt, addr);
    if (!v)
        return -EFAULT;
    int64_t n = 0;
    for (uint64_t va = v->start, next, hugep; va < v->end; va = next) {
        uint64_t ptep = pt_lookup_huge(k, p->mm.root, va, &next, &hugep);
        if (hugep) { /* a 2 MiB page: its 512 frames, looked at without a split */
            n += (v->flags & VM_HUGETLB) ? 0 : HPAGE_NR;
            continue;
        }
        uint64_t pte = ptep ? pte_get(k, ptep) : 0;
        n += pte_has_frame(pte) && (pte & PTE_ADDR) != k->zero_page; /* smaps: normal pages only */
    }
    return n;
}

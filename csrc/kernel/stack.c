// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Stack growth: an access below a VM_GROWSDOWN area extends the area down to the page
 * touched, as Linux's expand_downwards() (the fault path calls it when the address lies
 * in no area and the next area above grows down). It fails -- the access is then SIGSEGV
 * MAPERR -- below mmap_min_addr, within stack_guard_gap (256 pages) of an accessible area
 * below, or when the area would exceed RLIMIT_STACK (8 MiB). x86 no longer asks how far
 * below the stack pointer the access is, and neither does the model. */
#include "kern.h"

struct vma *expand_stack(struct kernel *k, struct mm *mm, uint64_t addr)
{
    struct vma *v = vt_find(&mm->vt, addr);
    if (!v || !(v->flags & VM_GROWSDOWN) || addr >= v->start)
        return NULL;
    addr &= ~(PAGE_SIZE - 1);
    if (addr < MMAP_MIN_ADDR)
        return NULL;
    const struct vma *prev = v->prev;
    if (prev && !(prev->flags & VM_GROWSDOWN) && (prev->flags & VM_ACCESS) && addr - prev->end < STACK_GUARD_GAP)
        return NULL;
    anon_vma_prepare(k, mm, v);
    if (v->end - addr > KSTACK_RLIMIT)
        return NULL;
    uint64_t grow = (v->start - addr) >> PAGE_SHIFT;
    vt_remove(&mm->vt, v); /* out and back in: the tree's gaps follow the new start */
    v->start = addr;
    v->pgoff -= grow;
    vt_insert(&mm->vt, v);
    return v;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Virtual memory areas and the per-mm tree that holds them.
 *
 * The tree is an AVL tree keyed by vm_start, threaded with a sorted doubly linked list
 * (prev/next neighbours in O(1)). Each node is augmented with its subtree's lowest
 * gap_start, highest vm_end and largest gap between consecutive areas inside it, so that
 * lookup and the top-down free-range search are O(log n), as Linux's maple tree gives.
 *
 * A gap is measured to vma_gap_start(), which for a stack (VM_GROWSDOWN) lies a guard gap
 * below vm_start, as Linux's vm_start_gap() (stack_guard_gap = 256 pages).
 */
#ifndef OPENMMU_KERNEL_VMA_H
#define OPENMMU_KERNEL_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VM_READ      0x1u
#define VM_WRITE     0x2u
#define VM_EXEC      0x4u
#define VM_SHARED    0x8u
#define VM_GROWSDOWN 0x100u
#define VM_ACCOUNT   0x100000u /* Linux's: private writable mappings; part of the merge test */
/* exec's [vvar], [vvar_vclock], [vdso]: never merged, and the model has no pages for
 * them (an access is SIGBUS: it has no vDSO image) */
#define VM_SPECIAL_MAP 0x200000u
#define VM_HUGETLB   0x400000u   /* MAP_HUGETLB: 2 MiB pages from the pool (hugetlb.c) */
#define VM_HRESV     0x800000u   /* hugetlb: this area owns the pool reservation of its pages */
#define VM_HUGEPAGE  0x20000000u /* MADV_HUGEPAGE */
#define VM_NOHUGEPAGE 0x40000000u /* MADV_NOHUGEPAGE */
#define VM_ACCESS    (VM_READ | VM_WRITE | VM_EXEC)

#define STACK_GUARD_GAP (256ull << 12)

struct kfile;
struct vma {
    uint64_t start, end;     /* [start, end), page-aligned */
    unsigned flags;          /* VM_* */
    uint64_t pgoff;          /* file page of start; anon private: start >> 12 at creation */
    struct kfile *file;      /* file or shmem object; NULL: anonymous private */
    uint64_t anon_vma;       /* identity of the anon_vma (0: none yet), as Linux tracks it */
    bool anon_forked;        /* anon_vma chain not singular: inherited across fork */
    const char *name;        /* a special mapping's name in maps (static storage), or NULL */

    /* tree and list links */
    struct vma *left, *right, *prev, *next;
    int height;
    uint64_t sub_lo, sub_hi, sub_gap;
};

struct vma_tree {
    struct vma *root, *first;
    size_t count;
};

static inline uint64_t vma_gap_start(const struct vma *v)
{
    if ((v->flags & VM_GROWSDOWN) && v->start > STACK_GUARD_GAP)
        return v->start - STACK_GUARD_GAP;
    return (v->flags & VM_GROWSDOWN) ? 0 : v->start;
}

/* Inserts v, which must not overlap any area in the tree. */
void vt_insert(struct vma_tree *t, struct vma *v);
/* Removes v (which is in the tree); does not free it. */
void vt_remove(struct vma_tree *t, struct vma *v);
/* The first area with end > addr, or NULL (Linux find_vma). */
struct vma *vt_find(const struct vma_tree *t, uint64_t addr);
/* The area containing addr, or NULL (Linux vma_lookup). */
struct vma *vt_lookup(const struct vma_tree *t, uint64_t addr);
/* The highest page-aligned addr with [addr, addr+len) free, low <= addr, addr+len <= high,
 * and every area's gap start respected; UINT64_MAX if none. */
uint64_t vt_gap_topdown(const struct vma_tree *t, uint64_t len, uint64_t low, uint64_t high);
/* The lowest such addr (Linux's bottom-up search, the fallback when top-down finds no
 * gap): a walk of the list, which only a full top-down search leads to. */
uint64_t vt_gap_bottomup(const struct vma_tree *t, uint64_t len, uint64_t low, uint64_t high);
/* Checks every invariant (order, no overlap, balance, augmentation); false if broken. */
bool vt_check(const struct vma_tree *t);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Physical page allocator: a buddy allocator over a contiguous range of simulated frames,
 * with one descriptor per frame (struct page) holding Linux's two counters.
 *
 * Promises: palloc_alloc() returns a block of 2^order frames aligned to its size, never
 * one that is already allocated; palloc_free() merges buddies so that a range whose
 * frames are all free again is one block per maximal aligned chunk. Frame contents are
 * not touched (the caller zeroes through the backend, the hardware's coherent path).
 *
 *  refcount: references that keep the frame alive (each PTE mapping it, the page cache);
 *            the frame returns to the allocator when it drops to 0 (page_put()).
 *  mapcount: how many PTEs map it (what rmap would count); COW reuse asks refcount == 1.
 */
#ifndef OPENMMU_KERNEL_PALLOC_H
#define OPENMMU_KERNEL_PALLOC_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096ull
#define PALLOC_MAX_ORDER 10

enum page_kind { PG_FREE, PG_TABLE, PG_ANON, PG_CACHE, PG_ZERO, PG_KERNEL, PG_HUGETLB };

struct kfile;
struct mm;
struct memcg;
/* One reverse mapping: the PTE of (mm, va) maps this frame (reclaim.c). */
struct rmap_ent {
    struct mm *mm;
    uint64_t va;
};
struct page {
    uint32_t refcount, mapcount;
    struct rmap_ent *rmap;  /* mapcount entries; the array is kept across reuse */
    uint32_t rmap_cap;
    uint8_t pinned;      /* a fault path holds it across an allocation: reclaim skips it */
    uint8_t dirty;       /* D of PTEs already cleared (zap, COW, PROT_NONE), folded in */
    uint64_t swap_slot;  /* PG_ANON: its content is also in this slot (swap cache); 0 none */
    uint8_t kind;        /* enum page_kind */
    uint8_t thp;         /* one of a THP's 512 frames (huge_memory.c) */
    uint32_t pmd_maps;   /* a THP's first frame: huge PMDs mapping it */
    uint8_t free_order1; /* order + 1 when this frame heads a free block, else 0 (so that a
                          * descriptor never used stays as calloc left it: untouched) */
    struct kfile *file;  /* PG_CACHE: owner and index in its page cache */
    uint64_t index;
    struct memcg *memcg; /* the memory cgroup it is charged to (memcontrol.c); NULL: none */
    uint64_t prev, next; /* free-list links (frame numbers relative to base); UINT64_MAX = none */
};

struct palloc {
    uint64_t base_pfn, npages;
    uint64_t nfree;
    struct page *pages;
    uint64_t free_head[PALLOC_MAX_ORDER + 1];
    /* The largest blocks never used: frames [lazy_lo, lazy_hi) (relative to base), taken from
     * the top as if they lay on the PALLOC_MAX_ORDER list below its other blocks, so that no
     * descriptor is written before its frame is used. */
    uint64_t lazy_lo, lazy_hi;
    uint64_t *rmapped;   /* descriptors that got an rmap array, to free at the end */
    uint64_t nrmapped, caprmapped;
};

/* Manages frames [base, base + size); both page-aligned. */
bool palloc_init(struct palloc *p, uint64_t base, uint64_t size);
void palloc_destroy(struct palloc *p);

/* Physical address of a free block of 2^order frames, or 0 when none is left. */
uint64_t palloc_alloc(struct palloc *p, unsigned order);
void palloc_free(struct palloc *p, uint64_t pa, unsigned order);

/* pg is about to get its first rmap array (freed by palloc_destroy). */
void palloc_note_rmap(struct palloc *p, const struct page *pg);
/* Descriptor of the frame holding pa (which must be in the managed range), or NULL. */
struct page *pa_page(struct palloc *p, uint64_t pa);
uint64_t page_pa(const struct palloc *p, const struct page *pg);

#endif

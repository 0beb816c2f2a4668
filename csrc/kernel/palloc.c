// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Buddy allocator (see palloc.h). Free blocks sit on one doubly linked list per order,
 * linked through the descriptors of their first frames, so alloc and free are O(orders). */
#include "palloc.h"

#include <stdlib.h>

#define NIL UINT64_MAX

static void list_add(struct palloc *p, uint64_t i, unsigned order)
{
    struct page *pg = &p->pages[i];
    pg->free_order1 = (uint8_t)(order + 1);
    pg->prev = NIL;
    pg->next = p->free_head[order];
    if (pg->next != NIL)
        p->pages[pg->next].prev = i;
    p->free_head[order] = i;
}

static void list_del(struct palloc *p, uint64_t i)
{
    struct page *pg = &p->pages[i];
    unsigned order = (unsigned)pg->free_order1 - 1;
    if (pg->prev != NIL)
        p->pages[pg->prev].next = pg->next;
    else
        p->free_head[order] = pg->next;
    if (pg->next != NIL)
        p->pages[pg->next].prev = pg->prev;
    pg->free_order1 = 0;
}

bool palloc_init(struct palloc *p, uint64_t base, uint64_t size)
{
    p->base_pfn = base >> PAGE_SHIFT;
    p->npages = size >> PAGE_SHIFT;
    p->nfree = 0;
    p->pages = calloc(p->npages ? p->npages : 1, sizeof *p->pages);
    if (!p->pages)
        return false;
    p->rmapped = NULL;
    p->nrmapped = p->caprmapped = 0;
    for (unsigned o = 0; o <= PALLOC_MAX_ORDER; o++)
        p->free_head[o] = NIL;
    /* Carve the range into the largest blocks aligned in absolute frame numbers, so that
     * buddies computed by XOR are the real ones. The largest ones form one run in the middle;
     * they stay unwritten (lazy_lo..lazy_hi) until taken, so host memory for descriptors
     * follows the frames used, not --mem. The list they would have made is a stack with the
     * highest block on top, and palloc_alloc takes them in that order. */
    uint64_t i = 0;
    p->lazy_lo = p->lazy_hi = 0;
    while (i < p->npages) {
        unsigned o = PALLOC_MAX_ORDER;
        while (o > 0 && (((p->base_pfn + i) & ((1ull << o) - 1)) || i + (1ull << o) > p->npages))
            o--;
        if (o < PALLOC_MAX_ORDER)
            list_add(p, i, o);
        else if (p->lazy_hi == p->lazy_lo)
            p->lazy_lo = i, p->lazy_hi = i + (1ull << o);
        else
            p->lazy_hi = i + (1ull << o);
        p->nfree += 1ull << o;
        i += 1ull << o;
    }
    return true;
}

void palloc_destroy(struct palloc *p)
{
    for (uint64_t i = 0; p->pages && i < p->nrmapped; i++)
        free(p->pages[p->rmapped[i]].rmap);
    free(p->rmapped);
    p->rmapped = NULL;
    p->nrmapped = p->caprmapped = 0;
    free(p->pages);
    p->pages = NULL;
}

uint64_t palloc_alloc(struct palloc *p, unsigned order)
{
    unsigned o = order;
    while (o <= PALLOC_MAX_ORDER && p->free_head[o] == NIL && !(o == PALLOC_MAX_ORDER && p->lazy_hi > p->lazy_lo))
        o++;
    if (o > PALLOC_MAX_ORDER)
        return 0;
    uint64_t i;
    if (p->free_head[o] != NIL) {
        i = p->free_head[o];
        list_del(p, i);
    } else { /* the list's bottom: the highest block never used */
        p->lazy_hi -= 1ull << PALLOC_MAX_ORDER;
        i = p->lazy_hi;
    }
    while (o > order) { /* give back the upper halves */
        o--;
        list_add(p, i + (1ull << o), o);
    }
    for (uint64_t j = 0; j < (1ull << order); j++) {
        struct page *pg = &p->pages[i + j];
        pg->refcount = pg->mapcount = 0;
        pg->pinned = pg->dirty = pg->thp = 0;
        pg->pmd_maps = 0;
        pg->swap_slot = 0;
        pg->kind = PG_KERNEL;
        pg->file = NULL;
        pg->index = 0;
        pg->memcg = NULL;
    }
    p->nfree -= 1ull << order;
    return (p->base_pfn + i) << PAGE_SHIFT;
}

void palloc_free(struct palloc *p, uint64_t pa, unsigned order)
{
    uint64_t pfn = pa >> PAGE_SHIFT;
    for (uint64_t j = 0; j < (1ull << order); j++) {
        struct page *pg = &p->pages[pfn - p->base_pfn + j];
        if (pg->memcg)
            abort(); /* freed while still charged to a memory cgroup: a kernel-model bug */
        pg->kind = PG_FREE;
    }
    p->nfree += 1ull << order;
    while (order < PALLOC_MAX_ORDER) {
        uint64_t buddy = pfn ^ (1ull << order);
        if (buddy < p->base_pfn || buddy + (1ull << order) > p->base_pfn + p->npages)
            break;
        struct page *b = &p->pages[buddy - p->base_pfn];
        if (b->free_order1 != order + 1)
            break;
        list_del(p, buddy - p->base_pfn);
        pfn &= ~(1ull << order);
        order++;
    }
    list_add(p, pfn - p->base_pfn, order);
}

void palloc_note_rmap(struct palloc *p, const struct page *pg)
{
    if (p->nrmapped == p->caprmapped) {
        uint64_t cap = p->caprmapped ? 2 * p->caprmapped : 64;
        uint64_t *r = realloc(p->rmapped, cap * sizeof *r);
        if (!r)
            abort();
        p->rmapped = r;
        p->caprmapped = cap;
    }
    p->rmapped[p->nrmapped++] = (uint64_t)(pg - p->pages);
}

struct page *pa_page(struct palloc *p, uint64_t pa)
{
    uint64_t pfn = pa >> PAGE_SHIFT;
    if (pfn < p->base_pfn || pfn >= p->base_pfn + p->npages)
        return NULL;
    return &p->pages[pfn - p->base_pfn];
}

uint64_t page_pa(const struct palloc *p, const struct page *pg)
{
    return (p->base_pfn + (uint64_t)(pg - p->pages)) << PAGE_SHIFT;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
#include "physmem.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Open-addressing hash table of frame number -> 4 KiB frame. */
typedef struct {
    uint64_t pfn;
    uint8_t *data; /* NULL: empty slot */
    uint64_t watch; /* watched while this equals the memory's gen */
} slot;

struct physmem {
    slot *slots;
    size_t cap, used; /* cap is a power of two */
    /* The last frame found: a walk reads four tables and the data in a few frames, over
     * and over (a cache of the lookup only; frames never move or go away). */
    uint64_t last_pfn;
    uint8_t *last_data;
    uint64_t gen; /* the watch generation, from 1 (0 in a slot: never watched) */
};

static size_t hash_pfn(uint64_t pfn) { return (size_t)((pfn * 0x9E3779B97F4A7C15ull) >> 20); }

static slot *lookup(const physmem *m, uint64_t pfn)
{
    size_t i = hash_pfn(pfn) & (m->cap - 1);
    while (m->slots[i].data && m->slots[i].pfn != pfn)
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n, sz);
    if (!p) {
        fprintf(stderr, "physmem: out of host memory\n");
        exit(2);
    }
    return p;
}

physmem *physmem_new(void)
{
    physmem *m = xcalloc(1, sizeof *m);
    m->cap = 1024;
    m->gen = 1;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    return m;
}

void physmem_free(physmem *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].data);
    free(m->slots);
    free(m);
}

static void grow(physmem *m)
{
    slot *old = m->slots;
    size_t oldcap = m->cap;
    m->cap *= 2;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].data)
            *lookup(m, old[i].pfn) = old[i];
    free(old);
}

static slot *slot_for_write(physmem *m, uint64_t pa)
{
    slot *s = lookup(m, pa >> 12);
    if (s->data)
        return s;
    if (2 * (m->used + 1) > m->cap) {
        grow(m);
        s = lookup(m, pa >> 12);
    }
    s->pfn = pa >> 12;
    s->data = xcalloc(1, 4096);
    s->watch = 0;
    m->used++;
    return s;
}

/* The frame a write goes to; a watched one ends the generation. */
static uint8_t *frame_for_write(physmem *m, uint64_t pa)
{
    slot *s = slot_for_write(m, pa);
    if (s->watch == m->gen)
        m->gen++;
    return s->data;
}

void physmem_watch(physmem *m, uint64_t pa) { slot_for_write(m, pa)->watch = m->gen; }

uint64_t physmem_watch_gen(const physmem *m) { return m->gen; }

const uint8_t *physmem_frame(const physmem *m, uint64_t pa)
{
    uint64_t pfn = pa >> 12;
    if (m->last_data && m->last_pfn == pfn)
        return m->last_data;
    uint8_t *d = lookup(m, pfn)->data;
    if (d) {
        physmem *w = (physmem *)m; /* the cache is not part of the memory's value */
        w->last_pfn = pfn;
        w->last_data = d;
    }
    return d;
}

static void check_access(uint64_t pa, unsigned size)
{
    assert(size == 1 || size == 2 || size == 4 || size == 8);
    assert((pa & 7) + size <= 8);
    (void)pa;
    (void)size;
}

uint64_t physmem_read(const physmem *m, uint64_t pa, unsigned size)
{
    check_access(pa, size);
    const uint8_t *f = physmem_frame(m, pa);
    if (!f)
        return 0;
    uint64_t v = 0;
    if (size == 8) { /* little-endian host (the simulated machine's order) */
        memcpy(&v, f + (pa & 4095), 8);
        return v;
    }
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)f[(pa & 4095) + i] << (8 * i);
    return v;
}

void physmem_write(physmem *m, uint64_t pa, unsigned size, uint64_t val)
{
    check_access(pa, size);
    uint8_t *f = frame_for_write(m, pa);
    for (unsigned i = 0; i < size; i++)
        f[(pa & 4095) + i] = (uint8_t)(val >> (8 * i));
}

uint64_t physmem_cas64(physmem *m, uint64_t pa, uint64_t expect, uint64_t val)
{
    uint64_t old = physmem_read(m, pa, 8);
    if (old == expect)
        physmem_write(m, pa, 8, val);
    return old;
}

void physmem_each_frame(const physmem *m, void (*fn)(void *ctx, uint64_t pfn, const uint8_t *data), void *ctx)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].data)
            fn(ctx, m->slots[i].pfn, m->slots[i].data);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The may-be-cached set: hash multimaps of (level, prefix) -> entries, one pair per PCID
 * (allocated on first use) and one for global TLB entries. */
#include "ref/cache.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct node {
    struct node *next;
    uint64_t key;
    ref_centry e;
} node;

typedef struct {
    node **b;
    size_t nb, n; /* nb: a power of two, or 0 before the first insert */
} hmap;

typedef struct {
    hmap tlb, psc;
} pcid_sets;

struct ref_cache {
    pcid_sets *pc[4096];
    hmap global;
};

static void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n, sz);
    if (!p) {
        fprintf(stderr, "ref_cache: out of host memory\n");
        exit(2);
    }
    return p;
}

static uint64_t key_of(uint64_t vbase, unsigned level) { return vbase | level; }
static size_t slot(const hmap *h, uint64_t key) { return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (h->nb - 1); }

static void hmap_clear(hmap *h)
{
    for (size_t i = 0; i < h->nb; i++)
        for (node *n = h->b[i], *nx; n; n = nx) {
            nx = n->next;
            free(n);
        }
    free(h->b);
    *h = (hmap){0};
}

static void grow(hmap *h)
{
    hmap g = {.nb = h->nb ? 2 * h->nb : 64, .n = h->n};
    g.b = xcalloc(g.nb, sizeof *g.b);
    for (size_t i = 0; i < h->nb; i++)
        for (node *n = h->b[i], *nx; n; n = nx) {
            nx = n->next;
            size_t j = slot(&g, n->key);
            n->next = g.b[j];
            g.b[j] = n;
        }
    free(h->b);
    *h = g;
}

static void hmap_add(hmap *h, const ref_centry *e)
{
    uint64_t key = key_of(e->vbase, e->level);
    if (h->nb) {
        for (node *n = h->b[slot(h, key)]; n; n = n->next)
            if (n->key == key && ref_centry_eq(&n->e, e))
                return;
    }
    if (h->n + 1 > h->nb)
        grow(h);
    node *n = xcalloc(1, sizeof *n);
    n->key = key;
    n->e = *e;
    size_t j = slot(h, key);
    n->next = h->b[j];
    h->b[j] = n;
    h->n++;
}

static void hmap_each(const hmap *h, uint64_t key, ref_cache_fn fn, void *ctx)
{
    if (!h->nb)
        return;
    for (node *n = h->b[slot(h, key)]; n; n = n->next)
        if (n->key == key)
            fn(ctx, &n->e);
}

static void hmap_remove(hmap *h, uint64_t key)
{
    if (!h->nb)
        return;
    for (node **p = &h->b[slot(h, key)]; *p;) {
        node *n = *p;
        if (n->key == key) {
            *p = n->next;
            free(n);
            h->n--;
        } else
            p = &n->next;
    }
}

ref_cache *ref_cache_new(void) { return xcalloc(1, sizeof(ref_cache)); }

static void drop_pcid(ref_cache *s, unsigned pcid)
{
    if (!s->pc[pcid])
        return;
    hmap_clear(&s->pc[pcid]->tlb);
    hmap_clear(&s->pc[pcid]->psc);
    free(s->pc[pcid]);
    s->pc[pcid] = NULL;
}

void ref_cache_free(ref_cache *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < 4096; i++)
        drop_pcid(s, i);
    hmap_clear(&s->global);
    free(s);
}

static pcid_sets *sets(ref_cache *s, uint16_t pcid)
{
    if (!s->pc[pcid])
        s->pc[pcid] = xcalloc(1, sizeof(pcid_sets));
    return s->pc[pcid];
}

void ref_cache_add_tlb(ref_cache *s, const ref_centry *e)
{
    hmap_add(e->g ? &s->global : &sets(s, e->pcid)->tlb, e);
}

void ref_cache_add_psc(ref_cache *s, const ref_centry *e) { hmap_add(&sets(s, e->pcid)->psc, e); }

void ref_cache_tlb_each(const ref_cache *s, uint16_t pcid, uint64_t va, ref_cache_fn fn, void *ctx)
{
    for (unsigned lv = 1; lv <= 3; lv++) {
        uint64_t key = key_of(ref_vbase(va, lv), lv);
        if (s->pc[pcid])
            hmap_each(&s->pc[pcid]->tlb, key, fn, ctx);
        hmap_each(&s->global, key, fn, ctx);
    }
}

void ref_cache_psc_each(const ref_cache *s, uint16_t pcid, uint64_t va, ref_cache_fn fn, void *ctx)
{
    if (!s->pc[pcid])
        return;
    for (unsigned lv = 2; lv <= 4; lv++)
        hmap_each(&s->pc[pcid]->psc, key_of(ref_vbase(va, lv), lv), fn, ctx);
}

static void drop_page(ref_cache *s, uint16_t pcid, uint64_t va, bool global)
{
    for (unsigned lv = 1; lv <= 3; lv++) {
        uint64_t key = key_of(ref_vbase(va, lv), lv);
        if (s->pc[pcid])
            hmap_remove(&s->pc[pcid]->tlb, key);
        if (global)
            hmap_remove(&s->global, key);
    }
}

static void drop_psc(ref_cache *s, uint16_t pcid)
{
    if (s->pc[pcid])
        hmap_clear(&s->pc[pcid]->psc);
}

void ref_cache_invalidate(ref_cache *s, const ref_inval *inv)
{
    switch (inv->kind) {
    case RI_NONE:
        break;
    case RI_PAGE:
        drop_page(s, inv->pcid, inv->va, true);
        drop_psc(s, inv->pcid);
        break;
    case RI_PCID_PAGE:
        drop_page(s, inv->pcid, inv->va, false);
        drop_psc(s, inv->pcid);
        break;
    case RI_PCID:
        drop_pcid(s, inv->pcid);
        break;
    case RI_ALL:
        hmap_clear(&s->global);
        /* fall through */
    case RI_ALL_NONGLOBAL:
        for (unsigned i = 0; i < 4096; i++)
            drop_pcid(s, i);
        break;
    }
}

void ref_cache_fault(ref_cache *s, uint16_t pcid, uint64_t va)
{
    drop_page(s, pcid, va, true);
    if (s->pc[pcid])
        for (unsigned lv = 2; lv <= 4; lv++)
            hmap_remove(&s->pc[pcid]->psc, key_of(ref_vbase(va, lv), lv));
}

size_t ref_cache_tlb_count(const ref_cache *s)
{
    size_t n = s->global.n;
    for (unsigned i = 0; i < 4096; i++)
        if (s->pc[i])
            n += s->pc[i]->tlb.n;
    return n;
}

size_t ref_cache_psc_count(const ref_cache *s)
{
    size_t n = 0;
    for (unsigned i = 0; i < 4096; i++)
        if (s->pc[i])
            n += s->pc[i]->psc.n;
    return n;
}

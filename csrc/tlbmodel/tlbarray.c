// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The RTL's TLB arrays and paging-structure caches (see tlbarray.h). */
#include "tlbmodel/tlbarray.h"

#include <stdlib.h>

static unsigned log2u(unsigned v)
{
    unsigned l = 0;
    while ((1u << l) < v)
        l++;
    return l;
}

unsigned tm_plru_victim(const uint8_t *tree, unsigned ways)
{
    unsigned node = 0, way = 0;
    for (unsigned lvl = 0, n = log2u(ways); lvl < n; lvl++) {
        unsigned bit = tree[node];
        way = way << 1 | bit;
        node = 2 * node + 1 + bit;
    }
    return way;
}

void tm_plru_touch(uint8_t *tree, unsigned ways, unsigned way)
{
    unsigned n = log2u(ways), node = 0;
    for (unsigned lvl = 0; lvl < n; lvl++) {
        unsigned bit = (way >> (n - 1 - lvl)) & 1;
        tree[node] = (uint8_t)!bit; /* point away from the way used */
        node = 2 * node + 1 + bit;
    }
}

bool tm_array_init(tm_array *a, unsigned sets, unsigned ways, bool two_sizes)
{
    *a = (tm_array){.sets = sets, .ways = ways, .two_sizes = two_sizes};
    size_t n = (size_t)sets * ways;
    a->valid = calloc(n, sizeof *a->valid);
    a->e = calloc(n, sizeof *a->e);
    a->tree = calloc((size_t)sets * (ways - 1) + 1, 1);
    return a->valid && a->e && a->tree;
}

void tm_array_free(tm_array *a)
{
    free(a->valid);
    free(a->e);
    free(a->tree);
}

static unsigned set_of(const tm_array *a, uint64_t va, unsigned shift) { return (unsigned)(va >> shift) & (a->sets - 1); }

unsigned tm_array_fill_set(const tm_array *a, const ref_centry *e)
{
    return set_of(a, e->vbase, a->two_sizes && e->level == 2 ? 21 : 12);
}

static bool holds(const ref_centry *e, uint64_t va) { return e->vbase == ref_vbase(va, e->level); }

const ref_centry *tm_array_lookup(tm_array *a, uint64_t va, uint16_t pcid)
{
    unsigned sets[2] = {set_of(a, va, 12), set_of(a, va, 21)};
    for (unsigned p = 0; p < (a->two_sizes ? 2u : 1u); p++)
        for (unsigned w = 0; w < a->ways; w++) {
            size_t i = (size_t)sets[p] * a->ways + w;
            if (a->valid[i] && holds(&a->e[i], va) && (a->e[i].g || a->e[i].pcid == pcid)) {
                tm_plru_touch(&a->tree[(size_t)sets[p] * (a->ways - 1)], a->ways, w);
                return &a->e[i];
            }
        }
    return NULL;
}

unsigned tm_array_fill(tm_array *a, const ref_centry *e)
{
    unsigned set = tm_array_fill_set(a, e);
    bool *v = &a->valid[(size_t)set * a->ways];
    ref_centry *s = &a->e[(size_t)set * a->ways];
    uint8_t *tree = &a->tree[(size_t)set * (a->ways - 1)];
    unsigned way = a->ways;
    for (unsigned w = 0; w < a->ways && way == a->ways; w++)
        if (v[w] && s[w].level == e->level && s[w].pcid == e->pcid && s[w].vbase == e->vbase)
            way = w;
    for (unsigned w = 0; w < a->ways && way == a->ways; w++)
        if (!v[w])
            way = w;
    if (way == a->ways)
        way = tm_plru_victim(tree, a->ways);
    v[way] = true;
    s[way] = *e;
    tm_plru_touch(tree, a->ways, way);
    return way;
}

static void inv_set(tm_array *a, unsigned set, uint64_t va, uint16_t pcid, bool global)
{
    for (unsigned w = 0; w < a->ways; w++) {
        size_t i = (size_t)set * a->ways + w;
        const ref_centry *e = &a->e[i];
        if (a->valid[i] && holds(e, va) && (e->g ? global : e->pcid == pcid))
            a->valid[i] = false;
    }
}

void tm_array_inv_addr(tm_array *a, uint64_t va, uint16_t pcid, bool global)
{
    if (a->sets == 1) { /* tlb_fa: every entry */
        inv_set(a, 0, va, pcid, global);
        return;
    }
    inv_set(a, set_of(a, va, 12), va, pcid, global);
    if (a->two_sizes)
        inv_set(a, set_of(a, va, 21), va, pcid, global);
}

void tm_array_inv_pcid(tm_array *a, uint16_t pcid)
{
    for (size_t i = 0; i < (size_t)a->sets * a->ways; i++)
        if (a->valid[i] && !a->e[i].g && a->e[i].pcid == pcid)
            a->valid[i] = false;
}

void tm_array_inv_all(tm_array *a, bool keep_global)
{
    for (size_t i = 0; i < (size_t)a->sets * a->ways; i++)
        if (!(keep_global && a->e[i].g))
            a->valid[i] = false;
}

bool tm_psc_init(tm_psc *p, unsigned n, unsigned level)
{
    *p = (tm_psc){.n = n, .level = level};
    p->valid = calloc(n, sizeof *p->valid);
    p->e = calloc(n, sizeof *p->e);
    return p->valid && p->e;
}

void tm_psc_free(tm_psc *p)
{
    free(p->valid);
    free(p->e);
}

const ref_centry *tm_psc_lookup(const tm_psc *p, uint64_t va, uint16_t pcid)
{
    uint64_t base = ref_vbase(va, p->level);
    for (unsigned i = 0; i < p->n; i++)
        if (p->valid[i] && p->e[i].pcid == pcid && p->e[i].vbase == base)
            return &p->e[i];
    return NULL;
}

unsigned tm_psc_fill(tm_psc *p, const ref_centry *e)
{
    unsigned slot = p->n;
    for (unsigned i = 0; i < p->n && slot == p->n; i++)
        if (p->valid[i] && p->e[i].pcid == e->pcid && p->e[i].vbase == e->vbase)
            slot = i;
    for (unsigned i = 0; i < p->n && slot == p->n; i++)
        if (!p->valid[i])
            slot = i;
    if (slot == p->n) {
        slot = p->victim;
        p->victim = p->victim + 1 == p->n ? 0 : p->victim + 1;
    }
    p->valid[slot] = true;
    p->e[slot] = *e;
    return slot;
}

void tm_psc_inv(tm_psc *p, bool all, uint16_t pcid)
{
    for (unsigned i = 0; i < p->n; i++)
        if (all || p->e[i].pcid == pcid)
            p->valid[i] = false;
}

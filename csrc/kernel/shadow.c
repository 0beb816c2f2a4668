// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Shadow memory (see shadow.h): a chained hash of private page copies per process. */
#include "shadow.h"

#include "kern.h"

#include <stdlib.h>
#include <string.h>

#define NBUCKETS0 1024 /* buckets at first; doubled whenever copies outnumber them */

struct spage {
    uint64_t vpn;
    struct spage *next;
    uint8_t data[PAGE_SIZE];
};

struct shadow {
    struct spage **b;
    uint64_t nb;      /* buckets, a power of two */
    uint64_t n;       /* private copies held */
    uint64_t visits;  /* copies looked at by drop and move (their cost) */
};

static uint64_t bucket_of(uint64_t nb, uint64_t vpn) { return ((vpn * 0x9E3779B97F4A7C15ull) >> 24) & (nb - 1); }
#define bucket(vpn) bucket_of(s->nb, (vpn)) /* in a function with the shadow s */

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        abort();
    return p;
}

static struct shadow *shadow_with(uint64_t nb)
{
    struct shadow *s = calloc(1, sizeof *s);
    if (!s || !(s->b = calloc(nb, sizeof *s->b)))
        abort();
    s->nb = nb;
    return s;
}

struct shadow *shadow_new(void) { return shadow_with(NBUCKETS0); }

/* Links sp in, doubling the buckets first when the copies would outnumber them, so that
 * a chain stays short however many pages the process writes. */
static void insert(struct shadow *s, struct spage *sp)
{
    if (s->n + 1 > s->nb) {
        struct spage **old = s->b;
        uint64_t oldn = s->nb;
        s->nb *= 2;
        if (!(s->b = calloc(s->nb, sizeof *s->b)))
            abort();
        for (uint64_t i = 0; i < oldn; i++)
            for (struct spage *q = old[i], *nx; q; q = nx) {
                nx = q->next;
                q->next = s->b[bucket(q->vpn)];
                s->b[bucket(q->vpn)] = q;
            }
        free(old);
    }
    uint64_t b = bucket(sp->vpn);
    sp->next = s->b[b];
    s->b[b] = sp;
    s->n++;
}

struct shadow *shadow_clone(const struct shadow *s)
{
    struct shadow *n = shadow_with(s->nb); /* the same buckets: copies keep their chains */
    for (uint64_t i = 0; i < s->nb; i++)
        for (struct spage *p = s->b[i]; p; p = p->next) {
            struct spage *c = xmalloc(sizeof *c);
            memcpy(c, p, sizeof *c);
            c->next = n->b[i];
            n->b[i] = c;
            n->n++;
        }
    return n;
}

void shadow_free(struct shadow *s)
{
    if (!s)
        return;
    shadow_drop(s, 0, UINT64_MAX);
    free(s->b);
    free(s);
}

static struct spage *find(struct shadow *s, uint64_t vpn)
{
    for (struct spage *p = s->b[bucket(vpn)]; p; p = p->next)
        if (p->vpn == vpn)
            return p;
    return NULL;
}

/* What the area shows in the n bytes at va (inside one page) when the process has no
 * private copy. */
static void backing(const struct vma *v, uint64_t va, unsigned n, uint8_t *out)
{
    if (!v->file) {
        memset(out, 0, n);
        return;
    }
    uint64_t off = ((v->pgoff + ((va - v->start) >> PAGE_SHIFT)) << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
    kfile_shadow_get(v->file, off, n, out);
}

/* The n bytes at va (one page, one area: areas are page-aligned) into out. */
static void read_run(struct proc *p, uint64_t va, unsigned n, uint8_t *out)
{
    struct vma *v = vt_lookup(&p->mm.vt, va);
    struct spage *sp = v && !(v->flags & VM_SHARED) ? find(p->sh, va >> PAGE_SHIFT) : NULL;
    if (sp)
        memcpy(out, sp->data + (va & (PAGE_SIZE - 1)), n);
    else if (v)
        backing(v, va, n, out);
    else
        memset(out, 0, n);
}

uint64_t shadow_read(struct proc *p, uint64_t va, unsigned size)
{
    uint8_t b[8] = {0};
    unsigned first = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
    read_run(p, va, size < first ? size : first, b);
    if (size > first)
        read_run(p, va + first, size - first, b + first);
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static struct spage *private_copy(struct proc *p, struct vma *v, uint64_t va)
{
    uint64_t vpn = va >> PAGE_SHIFT;
    struct spage *sp = find(p->sh, vpn);
    if (sp)
        return sp;
    sp = xmalloc(sizeof *sp);
    sp->vpn = vpn;
    backing(v, vpn << PAGE_SHIFT, PAGE_SIZE, sp->data);
    insert(p->sh, sp);
    return sp;
}

/* The n bytes of b at va (one page, one area). */
static void write_run(struct proc *p, uint64_t va, unsigned n, const uint8_t *b)
{
    struct vma *v = vt_lookup(&p->mm.vt, va);
    if (!v)
        return;
    if (v->flags & VM_SHARED) {
        for (unsigned i = 0; i < n; i++) {
            uint64_t a = va + i;
            uint64_t off = ((v->pgoff + ((a - v->start) >> PAGE_SHIFT)) << PAGE_SHIFT) | (a & (PAGE_SIZE - 1));
            if (off < kfile_pages(v->file) * PAGE_SIZE)
                kfile_shadow_set(v->file, off, b[i]);
        }
        return;
    }
    memcpy(private_copy(p, v, va)->data + (va & (PAGE_SIZE - 1)), b, n);
}

void shadow_write(struct proc *p, uint64_t va, unsigned size, uint64_t val)
{
    uint8_t b[8] = {0};
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(val >> (8 * i));
    unsigned first = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
    write_run(p, va, size < first ? size : first, b);
    if (size > first)
        write_run(p, va + first, size - first, b + first);
}

void shadow_cow(struct proc *p, uint64_t va)
{
    struct vma *v = vt_lookup(&p->mm.vt, va);
    if (v && !(v->flags & VM_SHARED))
        private_copy(p, v, va);
}

/* Unlinks the copies of [start, end) (page-aligned), as a list. The cost follows the
 * smaller of the range and the copies held: page by page through the buckets when the
 * range is short, one pass over every copy when it is not. */
static struct spage *take_range(struct shadow *s, uint64_t start, uint64_t end)
{
    struct spage *taken = NULL;
    uint64_t first = start >> PAGE_SHIFT, last = (end - 1) >> PAGE_SHIFT;
    if (end <= start)
        return NULL;
    if (last - first < s->n) {
        for (uint64_t vpn = first;; vpn++) {
            for (struct spage **pp = &s->b[bucket(vpn)]; *pp;) {
                s->visits++;
                if ((*pp)->vpn == vpn) {
                    struct spage *t = *pp;
                    *pp = t->next;
                    t->next = taken;
                    taken = t;
                    s->n--;
                    break;
                }
                pp = &(*pp)->next;
            }
            if (vpn == last)
                break;
        }
        return taken;
    }
    for (uint64_t i = 0; i < s->nb; i++)
        for (struct spage **pp = &s->b[i]; *pp;) {
            s->visits++;
            if ((*pp)->vpn >= first && (*pp)->vpn <= last) {
                struct spage *t = *pp;
                *pp = t->next;
                t->next = taken;
                taken = t;
                s->n--;
            } else
                pp = &(*pp)->next;
        }
    return taken;
}

void shadow_drop(struct shadow *s, uint64_t start, uint64_t end)
{
    for (struct spage *t = take_range(s, start, end), *n; t; t = n) {
        n = t->next;
        free(t);
    }
}

uint64_t shadow_visits(const struct shadow *s) { return s->visits; }

void shadow_move(struct shadow *s, uint64_t old, uint64_t len, uint64_t new)
{
    struct spage *moved = len ? take_range(s, old, old + len) : NULL;
    for (struct spage *m = moved; m; m = m->next)
        m->vpn = m->vpn - (old >> PAGE_SHIFT) + (new >> PAGE_SHIFT);
    while (moved) {
        struct spage *m = moved;
        moved = m->next;
        insert(s, m);
    }
}

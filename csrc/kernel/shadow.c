// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Shadow memory (see shadow.h): a chained hash of private page copies per process. */
#include "shadow.h"

#include "kern.h"

#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1024

struct spage {
    uint64_t vpn;
    struct spage *next;
    uint8_t data[PAGE_SIZE];
};

struct shadow {
    struct spage *b[NBUCKETS];
};

static unsigned bucket(uint64_t vpn) { return (unsigned)((vpn * 0x9E3779B97F4A7C15ull) >> 54) % NBUCKETS; }

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        abort();
    return p;
}

struct shadow *shadow_new(void)
{
    struct shadow *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    return s;
}

struct shadow *shadow_clone(const struct shadow *s)
{
    struct shadow *n = shadow_new();
    for (unsigned i = 0; i < NBUCKETS; i++)
        for (struct spage *p = s->b[i]; p; p = p->next) {
            struct spage *c = xmalloc(sizeof *c);
            memcpy(c, p, sizeof *c);
            c->next = n->b[i];
            n->b[i] = c;
        }
    return n;
}

void shadow_free(struct shadow *s)
{
    if (!s)
        return;
    shadow_drop(s, 0, UINT64_MAX);
    free(s);
}

static struct spage *find(struct shadow *s, uint64_t vpn)
{
    for (struct spage *p = s->b[bucket(vpn)]; p; p = p->next)
        if (p->vpn == vpn)
            return p;
    return NULL;
}

/* What the area shows at va when the process has no private copy. */
static uint8_t backing(const struct vma *v, uint64_t va)
{
    if (!v->file)
        return 0;
    uint64_t off = ((v->pgoff + ((va - v->start) >> PAGE_SHIFT)) << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
    return off < kfile_pages(v->file) * PAGE_SIZE ? v->file->shadow[off] : 0;
}

uint8_t shadow_read(struct proc *p, uint64_t va)
{
    struct vma *v = vt_lookup(&p->mm.vt, va);
    if (!v)
        return 0;
    if (!(v->flags & VM_SHARED)) {
        struct spage *sp = find(p->sh, va >> PAGE_SHIFT);
        if (sp)
            return sp->data[va & (PAGE_SIZE - 1)];
    }
    return backing(v, va);
}

static struct spage *private_copy(struct proc *p, struct vma *v, uint64_t va)
{
    uint64_t vpn = va >> PAGE_SHIFT;
    struct spage *sp = find(p->sh, vpn);
    if (sp)
        return sp;
    sp = xmalloc(sizeof *sp);
    sp->vpn = vpn;
    for (unsigned i = 0; i < PAGE_SIZE; i++)
        sp->data[i] = backing(v, (vpn << PAGE_SHIFT) + i);
    unsigned b = bucket(vpn);
    sp->next = p->sh->b[b];
    p->sh->b[b] = sp;
    return sp;
}

void shadow_write(struct proc *p, uint64_t va, uint8_t b)
{
    struct vma *v = vt_lookup(&p->mm.vt, va);
    if (!v)
        return;
    if (v->flags & VM_SHARED) {
        uint64_t off = ((v->pgoff + ((va - v->start) >> PAGE_SHIFT)) << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
        if (off < kfile_pages(v->file) * PAGE_SIZE)
            v->file->shadow[off] = b;
        return;
    }
    private_copy(p, v, va)->data[va & (PAGE_SIZE - 1)] = b;
}

void shadow_cow(struct proc *p, uint64_t va)
{
    struct vma *v = vt_lookup(&p->mm.vt, va);
    if (v && !(v->flags & VM_SHARED))
        private_copy(p, v, va);
}

void shadow_drop(struct shadow *s, uint64_t start, uint64_t end)
{
    for (unsigned i = 0; i < NBUCKETS; i++)
        for (struct spage **pp = &s->b[i]; *pp;) {
            uint64_t va = (*pp)->vpn << PAGE_SHIFT;
            if (va >= start && va < end) {
                struct spage *d = *pp;
                *pp = d->next;
                free(d);
            } else
                pp = &(*pp)->next;
        }
}

void shadow_move(struct shadow *s, uint64_t old, uint64_t len, uint64_t new)
{
    struct spage *moved = NULL;
    for (unsigned i = 0; i < NBUCKETS; i++)
        for (struct spage **pp = &s->b[i]; *pp;) {
            uint64_t va = (*pp)->vpn << PAGE_SHIFT;
            if (va >= old && va - old < len) {
                struct spage *m = *pp;
                *pp = m->next;
                m->vpn = (va - old + new) >> PAGE_SHIFT;
                m->next = moved;
                moved = m;
            } else
                pp = &(*pp)->next;
        }
    while (moved) {
        struct spage *m = moved;
        moved = m->next;
        unsigned b = bucket(m->vpn);
        m->next = s->b[b];
        s->b[b] = m;
    }
}

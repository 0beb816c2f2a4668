// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Enumerating the legal outcomes of an access. */
#include "lockstep/explain.h"

#include <stdlib.h>

static void push(cand_list *l, const cand *c)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) {
            fprintf(stderr, "lockstep: out of host memory\n");
            exit(2);
        }
    }
    l->v[l->n++] = *c;
}

void cand_list_free(cand_list *l)
{
    free(l->v);
    *l = (cand_list){0};
}

/* Candidates for one part, each with its own copy of the overlay it started from. */
typedef struct {
    part_cand pc[64];
    overlay ov[64];
    unsigned n;
    /* what the enumeration needs */
    const ref_state *s;
    const overlay *base;
    uint64_t va;
    acc_kind kind;
    bool user;
    bool overflow;
} part_set;

static part_cand *next(part_set *ps)
{
    if (ps->n == 64) { /* never silently: the caller reports the overflow */
        ps->overflow = true;
        return NULL;
    }
    ps->ov[ps->n] = *ps->base;
    part_cand *pc = &ps->pc[ps->n++];
    *pc = (part_cand){0};
    return pc;
}

static void walk_from(part_set *ps, cand_src src, const ref_centry *from, ref_start st)
{
    part_cand *pc = next(ps);
    if (!pc)
        return;
    ref_mem m = overlay_mem(&ps->ov[ps->n - 1]);
    pc->src = src;
    if (from)
        pc->from = *from;
    pc->start = st;
    pc->status = ref_walk(&ps->s->ctl, &m, &st, ps->va, ps->kind, ps->user, 0, &pc->w);
    pc->err = pc->w.err;
    pc->pa = pc->w.pa;
}

static void from_psc(void *ctx, const ref_centry *e)
{
    walk_from(ctx, SRC_PSC, e, ref_start_psc(e));
}

static void from_tlb(void *ctx, const ref_centry *e)
{
    part_set *ps = ctx;
    if (ps->kind == ACC_W && !e->d)
        return; /* a write never uses an entry whose D is 0 */
    part_cand *pc = next(ps);
    if (!pc)
        return;
    pc->src = SRC_TLB;
    pc->from = *e;
    pc->err = ref_check(&ps->s->ctl, e->r, ps->kind, ps->user);
    pc->status = pc->err ? BE_PF : BE_OK;
    pc->pa = e->addr | (ps->va & ((1ull << ref_level_shift(e->level)) - 1));
}

static void enum_part(part_set *ps)
{
    uint16_t pcid = ref_ctl_pcid(&ps->s->ctl);
    walk_from(ps, SRC_WALK, NULL, ref_start_root(&ps->s->ctl));
    ref_cache_psc_each(ps->s->cache, pcid, ps->va, from_psc, ps);
    ref_cache_tlb_each(ps->s->cache, pcid, ps->va, from_tlb, ps);
}

struct explain_scratch {
    part_set a, b;
};

explain_scratch *explain_scratch_new(void)
{
    explain_scratch *x = malloc(sizeof *x);
    if (!x) {
        fprintf(stderr, "lockstep: out of host memory\n");
        exit(2);
    }
    return x;
}

void explain_scratch_free(explain_scratch *x) { free(x); }

static void part_set_init(part_set *ps, const ref_state *s, const overlay *base, uint64_t va, const be_req *q)
{
    ps->n = 0;
    ps->overflow = false;
    ps->s = s;
    ps->base = base;
    ps->va = va;
    ps->kind = q->kind;
    ps->user = q->user;
}

void explain_access(const ref_state *s, const be_req *q, explain_scratch *x, cand_list *out)
{
    ref_part parts[2];
    unsigned np = ref_split(q, parts);
    overlay empty;
    overlay_init(&empty, s->mem);
    part_set *a = &x->a, *b = &x->b;
    part_set_init(a, s, &empty, parts[0].va, q);
    enum_part(a);
    for (unsigned i = 0; i < a->n; i++) {
        cand c = {.np = 1, .p[0] = a->pc[i], .ov = a->ov[i]};
        if (a->pc[i].status == BE_PF || np == 1) {
            c.status = a->pc[i].status;
            c.err = a->pc[i].err;
            c.cr2 = c.status == BE_PF ? parts[0].va : 0;
            c.pa = c.status == BE_OK ? a->pc[i].pa : 0;
            push(out, &c);
            continue;
        }
        part_set_init(b, s, &a->ov[i], parts[1].va, q);
        enum_part(b);
        a->overflow |= b->overflow;
        for (unsigned j = 0; j < b->n; j++) {
            c.np = 2;
            c.p[1] = b->pc[j];
            c.ov = b->ov[j];
            c.status = b->pc[j].status;
            c.err = b->pc[j].err;
            c.cr2 = c.status == BE_PF ? parts[1].va : 0;
            c.pa = c.status == BE_OK ? a->pc[i].pa : 0;
            push(out, &c);
        }
    }
    if (a->overflow) {
        fprintf(stderr, "lockstep: more than 64 cached entries could serve va 0x%llx; raise the limit\n",
                (unsigned long long)q->va);
        abort();
    }
}

void explain_record(ref_state *s, const cand *c)
{
    for (unsigned i = 0; i < c->np; i++) {
        const part_cand *p = &c->p[i];
        if (p->src == SRC_TLB || p->status != BE_OK)
            continue;
        ref_cache_add_tlb(s->cache, &p->w.tlb);
        for (unsigned k = 0; k + 1 < p->w.nsteps; k++) {
            ref_centry e = ref_walk_psc(&s->ctl, &p->w, k, p->w.tlb.vbase, p->start.r);
            ref_cache_add_psc(s->cache, &e);
        }
    }
}

static void print_entry(FILE *f, const ref_centry *e, bool tlb)
{
    static const char *const psc_name[5] = {"", "", "PDE", "PDPTE", "PML4E"};
    static const char *const size_name[4] = {"", "4K", "2M", "1G"};
    fprintf(f, "%s va=0x%llx pcid=%u %s=0x%llx rights=%c%c%c", tlb ? size_name[e->level] : psc_name[e->level],
            (unsigned long long)e->vbase, e->pcid, tlb ? "frame" : "table", (unsigned long long)e->addr,
            e->r.u ? 'U' : 'S', e->r.w ? 'W' : 'R', e->r.xd ? 'X' : '-');
    if (tlb)
        fprintf(f, " d=%d g=%d", e->d, e->g);
}

void explain_print(FILE *f, const cand *c)
{
    for (unsigned i = 0; i < c->np; i++) {
        const part_cand *p = &c->p[i];
        fprintf(f, "%s", i ? "; then " : "");
        switch (p->src) {
        case SRC_WALK: fprintf(f, "fresh walk"); break;
        case SRC_PSC: fprintf(f, "walk from PSC "); print_entry(f, &p->from, false); break;
        case SRC_TLB: fprintf(f, "TLB "); print_entry(f, &p->from, true); break;
        }
    }
    if (c->status == BE_OK)
        fprintf(f, " => pa 0x%llx", (unsigned long long)c->pa);
    else
        fprintf(f, " => pf err=0x%x cr2=0x%llx", c->err, (unsigned long long)c->cr2);
    for (unsigned i = 0; i < c->ov.n; i++)
        fprintf(f, "%s [0x%llx]=0x%llx", i ? "," : "; writes", (unsigned long long)c->ov.pa[i],
                (unsigned long long)c->ov.val[i]);
    if (!c->ov.n)
        fprintf(f, "; writes nothing");
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The explain tap (tap.h): a pass-through backend that records one scenario line. */
#include "explain/tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/ref_backend.h"
#include "backend/rtl.h"
#include "backend/wave_marks.h"
#include "ref/ctl.h"

struct xp_tap {
    backend base;
    backend *in;
    bool is_rtl, is_ref;
    unsigned line;
    bool on;            /* the line is running */
    bool ran;           /* it did */
    xp_access *cur;     /* the access in progress, NULL between accesses */
    ref_ctl ctl;        /* the control registers as the line's operations set them: CR3's root */
    xp_access *acc;
    size_t nacc, acc_cap;
    xp_event *ev;
    size_t nev, ev_cap;
};

static xp_tap *T(backend *b) { return (xp_tap *)b; }

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return v;
    *cap = *cap ? 2 * *cap : 16;
    void *p = realloc(v, *cap * size);
    if (!p) {
        fprintf(stderr, "openmmu explain: out of memory\n");
        exit(2);
    }
    return p;
}

static void event(xp_tap *t, xp_event_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void event(xp_tap *t, xp_event_kind kind, const char *fmt, ...)
{
    if (!t->on)
        return;
    t->ev = grow(t->ev, &t->ev_cap, t->nev, sizeof *t->ev);
    xp_event *e = &t->ev[t->nev++];
    *e = (xp_event){.kind = kind, .access = (unsigned)t->nacc};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
}

static void heard(void *ctx, const char *kind, const char *text)
{
    xp_tap *t = ctx;
    if (strcmp(kind, "op") == 0) {
        t->on = wave_marks_now()->line == t->line;
        t->ran |= t->on;
        event(t, XE_OP, "%s", text);
    } else {
        event(t, strcmp(kind, "kernel") == 0 ? XE_KERNEL : strcmp(kind, "pid") == 0 ? XE_PID : XE_NOTE, "%s", text);
    }
}

static void rtl_req(void *ctx, backend *b, const rtl_mem_req *q)
{
    (void)b;
    xp_tap *t = ctx;
    xp_access *a = t->cur;
    if (!a)
        return; /* not an access of the line */
    if (a->nreq_seen++ >= XP_MAX_REQ)
        return;
    a->rq[a->nreq++] = (xp_rtl_req){.cas = q->cas, .addr = q->addr, .val = q->expect, .wdata = q->wdata};
}

static void ref_walked(void *ctx, const ref_ctl *c, const ref_start *s, uint64_t va, acc_kind kind, bool user,
                       const ref_walk_res *w)
{
    xp_tap *t = ctx;
    xp_access *a = t->cur;
    if (!a || a->nwalk_seen++ >= XP_MAX_WALK)
        return;
    a->wk[a->nwalk++] = (xp_ref_walk){.ctl = *c, .start = *s, .va = va, .kind = kind, .user = user, .w = *w};
}

unsigned xp_psc_start(const xp_access *a)
{
    const uint64_t *c = a->cnt;
    unsigned kinds = (c[BE_CNT_psc_pml4e_hits] != 0) + (c[BE_CNT_psc_pdpte_hits] != 0) + (c[BE_CNT_psc_pde_hits] != 0);
    if (kinds != 1)
        return 0;
    return c[BE_CNT_psc_pde_hits] ? 1 : c[BE_CNT_psc_pdpte_hits] ? 2 : 3;
}

/* The value each read returned and the level of the entry it read, from the RTL's request
 * stream alone: a read of the table the previous read's entry points to is the next level
 * down; a read of CR3's table is a PML4E; the first read of a walk that began lower began
 * below the paging-structure-cache entry it hit (one level kind per access in practice:
 * a second, different one leaves the level unknown). */
static void rtl_finish(xp_tap *t, xp_access *a)
{
    for (unsigned i = 0; i < a->nreq; i++) {
        xp_rtl_req *q = &a->rq[i];
        if (q->cas)
            continue;
        q->val = t->in->ops->pread(t->in, q->addr, 8);
        for (unsigned j = i + 1; j < a->nreq; j++)
            if (a->rq[j].cas && a->rq[j].addr == q->addr) {
                q->val = a->rq[j].val;
                break;
            }
    }
    unsigned below_psc = xp_psc_start(a);
    uint64_t frame = ((1ull << t->in->maxphyaddr) - 1) & ~4095ull;
    const xp_rtl_req *prev = NULL;
    for (unsigned i = 0; i < a->nreq; i++) {
        xp_rtl_req *q = &a->rq[i];
        if (q->cas) {
            for (unsigned j = i; j-- > 0;)
                if (!a->rq[j].cas && a->rq[j].addr == q->addr) {
                    q->level = a->rq[j].level;
                    break;
                }
            continue;
        }
        uint64_t table = q->addr & ~4095ull;
        if (prev && prev->level > 1 && table == (prev->val & frame))
            q->level = prev->level - 1;
        else if (table == ref_ctl_root(&t->ctl))
            q->level = 4;
        else
            q->level = below_psc;
        prev = q;
    }
}

static be_resp tp_access(backend *b, const be_req *req)
{
    xp_tap *t = T(b);
    if (!t->on)
        return t->in->ops->access(t->in, req);
    uint64_t before[BE_NCOUNTERS], after[BE_NCOUNTERS];
    t->in->ops->counters(t->in, before);
    event(t, XE_ACCESS, "access");
    t->acc = grow(t->acc, &t->acc_cap, t->nacc, sizeof *t->acc);
    xp_access *a = &t->acc[t->nacc];
    memset(a, 0, sizeof *a);
    a->req = *req;
    /* rtl: reading the counters takes cycles of its own, so the access's are the clock's */
    uint64_t t0 = t->is_rtl ? rtl_now(t->in) : 0;
    t->cur = a;
    a->resp = t->in->ops->access(t->in, req);
    t->cur = NULL;
    uint64_t t1 = t->is_rtl ? rtl_now(t->in) : 0;
    t->in->ops->counters(t->in, after);
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        a->cnt[i] = after[i] - before[i];
    if (t->is_rtl)
        a->cnt[BE_CNT_cycles] = t1 - t0;
    if (t->is_rtl)
        rtl_finish(t, a);
    t->nacc++;
    return a->resp;
}

static void tp_destroy(backend *b) { xp_tap_free(T(b)); }
static void tp_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t v) { T(b)->in->ops->pwrite(T(b)->in, pa, size, v); }
static uint64_t tp_pread(backend *b, uint64_t pa, unsigned size) { return T(b)->in->ops->pread(T(b)->in, pa, size); }

static be_status tp_cr3(backend *b, uint64_t v)
{
    xp_tap *t = T(b);
    event(t, XE_CTL, "MOV CR3 %#llx", (unsigned long long)v);
    ref_inval inv;
    (void)ref_ctl_cr3(&t->ctl, v, &inv);
    return t->in->ops->write_cr3(t->in, v);
}

static be_status tp_cr0(backend *b, bool wp)
{
    ref_inval inv;
    (void)ref_ctl_cr0_wp(&T(b)->ctl, wp, &inv);
    return T(b)->in->ops->write_cr0_wp(T(b)->in, wp);
}

static be_status tp_cr4(backend *b, be_cr4 v)
{
    ref_inval inv;
    (void)ref_ctl_cr4(&T(b)->ctl, v, &inv);
    return T(b)->in->ops->write_cr4(T(b)->in, v);
}

static be_status tp_nxe(backend *b, bool nxe)
{
    ref_inval inv;
    (void)ref_ctl_efer_nxe(&T(b)->ctl, nxe, &inv);
    return T(b)->in->ops->write_efer_nxe(T(b)->in, nxe);
}

static be_status tp_invlpg(backend *b, uint64_t va)
{
    event(T(b), XE_CTL, "INVLPG %#llx", (unsigned long long)va);
    return T(b)->in->ops->invlpg(T(b)->in, va);
}

static be_status tp_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    event(T(b), XE_CTL, "INVPCID type %u, PCID %llu, %#llx", type, (unsigned long long)pcid, (unsigned long long)va);
    return T(b)->in->ops->invpcid(T(b)->in, type, pcid, va);
}

static void tp_counters(backend *b, uint64_t out[BE_NCOUNTERS]) { T(b)->in->ops->counters(T(b)->in, out); }

static be_status tp_wbinvd(backend *b)
{
    backend *in = T(b)->in;
    return in->ops->cache_wbinvd ? in->ops->cache_wbinvd(in) : BE_OK;
}

static be_status tp_invd(backend *b)
{
    backend *in = T(b)->in;
    return in->ops->cache_invd ? in->ops->cache_invd(in) : BE_OK;
}

static be_status tp_cline(backend *b, unsigned op, uint64_t pa)
{
    backend *in = T(b)->in;
    return in->ops->cache_line ? in->ops->cache_line(in, op, pa) : BE_OK;
}

static be_status tp_line_zero(backend *b, uint64_t pa) { return be_line_zero(T(b)->in, pa); }
static void tp_line_read(backend *b, uint64_t pa, uint64_t w[8]) { be_line_read(T(b)->in, pa, w); }
static void tp_line_write(backend *b, uint64_t pa, const uint64_t w[8]) { be_line_write(T(b)->in, pa, w); }

static const struct backend_ops tap_ops = {
    .destroy = tp_destroy,
    .pwrite = tp_pwrite,
    .pread = tp_pread,
    .write_cr3 = tp_cr3,
    .write_cr0_wp = tp_cr0,
    .write_cr4 = tp_cr4,
    .write_efer_nxe = tp_nxe,
    .invlpg = tp_invlpg,
    .invpcid = tp_invpcid,
    .access = tp_access,
    .counters = tp_counters,
    .cache_wbinvd = tp_wbinvd,
    .cache_invd = tp_invd,
    .cache_line = tp_cline,
    .line_zero = tp_line_zero,
    .line_read = tp_line_read,
    .line_write = tp_line_write,
};

xp_tap *xp_tap_new(backend *inner, unsigned line)
{
    xp_tap *t = calloc(1, sizeof *t);
    if (!t) {
        fprintf(stderr, "openmmu explain: out of memory\n");
        exit(2);
    }
    t->in = inner;
    t->line = line;
    t->is_rtl = strcmp(inner->name, "rtl") == 0;
    t->is_ref = strcmp(inner->name, "ref") == 0;
    t->base = (backend){.ops = &tap_ops, .name = inner->name, .maxphyaddr = inner->maxphyaddr};
    ref_ctl_reset(&t->ctl, inner->maxphyaddr);
    if (t->is_rtl)
        rtl_set_mem_hook(inner, rtl_req, t);
    if (t->is_ref)
        ref_backend_set_walk_hook(inner, ref_walked, t);
    wave_marks_listen(heard, t);
    return t;
}

backend *xp_tap_backend(xp_tap *t) { return &t->base; }
bool xp_tap_line_ran(const xp_tap *t) { return t->ran; }

const xp_event *xp_tap_events(const xp_tap *t, size_t *n)
{
    *n = t->nev;
    return t->ev;
}

const xp_access *xp_tap_accesses(const xp_tap *t, size_t *n)
{
    *n = t->nacc;
    return t->acc;
}

void xp_tap_free(xp_tap *t)
{
    if (!t)
        return;
    wave_marks_listen(NULL, NULL);
    be_destroy(t->in);
    free(t->acc);
    free(t->ev);
    free(t);
}

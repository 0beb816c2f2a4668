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
#include "shim.h"

struct xp_tap {
    backend base;
    backend *in;
    bool is_rtl, is_ref;
    unsigned line;
    bool on;            /* the line is running */
    bool ran;           /* it did */
    xp_access *cur;     /* the access in progress, NULL between accesses */
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
    a->rq[a->nreq++] = (xp_rtl_req){.cas = q->cas, .addr = q->addr, .expect = q->expect, .wdata = q->wdata};
}

static void look(xp_access *a, xp_look_where where, const vl_obs_tlb *o)
{
    if (!o->look || a->nlook_seen++ >= XP_MAX_LOOK)
        return;
    a->lk[a->nlook++] = (xp_look){.where = where, .hit = o->hit, .used = o->used, .vpn = o->vpn, .ppn = o->ppn,
                                  .pcid = o->pcid, .size = o->size, .g = o->g, .u = o->u, .w = o->w, .xd = o->xd,
                                  .d = o->d, .pwt = o->pwt, .pcd = o->pcd};
}

/* The model's observation points in one cycle of an access. The walker has one request in
 * flight at a time, so an answer is the answer to the oldest request not yet answered, and
 * an entry read taken in this cycle is the request the memory hook has just kept. */
static void rtl_obs(void *ctx, backend *b, const vl_obs *o)
{
    (void)b;
    xp_tap *t = ctx;
    xp_access *a = t->cur;
    if (!a)
        return;
    look(a, XL_ITLB, &o->itlb);
    look(a, XL_DTLB, &o->dtlb);
    look(a, XL_L2, &o->l2);
    if (o->psc_look && a->nlook_seen++ < XP_MAX_LOOK)
        a->lk[a->nlook++] = (xp_look){.where = XL_PSC, .hit = o->psc_hit, .vpn = o->psc_vpn, .ppn = o->psc_ppn,
                                      .pcid = o->psc_pcid, .level = o->psc_level + 2u,
                                      .u = o->psc_rights >> 2 & 1, .w = o->psc_rights >> 1 & 1,
                                      .xd = o->psc_rights & 1};
    if (o->ref && a->nreq && a->nreq == a->nreq_seen && !a->rq[a->nreq - 1].cas)
        a->rq[a->nreq - 1].level = o->ref_level + 1u;
    if (o->rsp)
        for (unsigned i = 0; i < a->nreq; i++)
            if (!a->rq[i].answered) {
                a->rq[i].answered = true;
                a->rq[i].mce = o->rsp_err;
                a->rq[i].val = o->rsp_err ? 0 : o->rsp_rdata;
                break;
            }
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
    unsigned start = 0;
    for (unsigned i = 0; i < a->nlook; i++) {
        const xp_look *l = &a->lk[i];
        if (l->where != XL_PSC || !l->hit)
            continue;
        if (start && start != l->level - 1)
            return 0;
        start = l->level - 1;
    }
    return start;
}

/* A compare-and-swap updates an entry the walk has just read: its level is that read's. */
static void rtl_finish(xp_access *a)
{
    for (unsigned i = 0; i < a->nreq; i++) {
        xp_rtl_req *q = &a->rq[i];
        if (!q->cas)
            continue;
        for (unsigned j = i; j-- > 0;)
            if (!a->rq[j].cas && a->rq[j].addr == q->addr) {
                q->level = a->rq[j].level;
                break;
            }
    }
}

static be_resp tp_access(backend *b, const be_req *req)
{
    xp_tap *t = T(b);
    if (!t->on)
        return t->in->ops->access(t->in, req);
    uint64_t before[BE_NCOUNTERS];
    t->in->ops->counters(t->in, before);
    event(t, XE_ACCESS, "access");
    t->acc = grow(t->acc, &t->acc_cap, t->nacc, sizeof *t->acc);
    xp_access *a = &t->acc[t->nacc];
    memset(a, 0, sizeof *a);
    a->req = *req;
    /* rtl: reading the counters takes cycles of its own, so the access's are the clock's */
    uint64_t t0 = t->is_rtl ? rtl_now(t->in) : 0;
    t->cur = a;
    /* the observation points are read only while the line's access runs */
    if (t->is_rtl)
        rtl_set_obs_hook(t->in, rtl_obs, t);
    a->resp = t->in->ops->access(t->in, req);
    if (t->is_rtl)
        rtl_set_obs_hook(t->in, NULL, NULL);
    t->cur = NULL;
    uint64_t t1 = t->is_rtl ? rtl_now(t->in) : 0;
    be_counters_since(t->in, before, a->cnt);
    if (t->is_rtl) {
        a->cnt[BE_CNT_cycles] = t1 - t0;
        a->observed = rtl_has_obs(t->in);
    }
    if (t->is_rtl)
        rtl_finish(a);
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
    return t->in->ops->write_cr3(t->in, v);
}

static be_status tp_cr0(backend *b, bool wp)
{
    return T(b)->in->ops->write_cr0_wp(T(b)->in, wp);
}

static be_status tp_cr4(backend *b, be_cr4 v)
{
    return T(b)->in->ops->write_cr4(T(b)->in, v);
}

static be_status tp_nxe(backend *b, bool nxe)
{
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
static void tp_counters_peek(backend *b, uint64_t out[BE_NCOUNTERS]) { be_counters_peek(T(b)->in, out); }

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
static be_status tp_zero_lines(backend *b, uint64_t pa, unsigned n) { return be_zero_lines(T(b)->in, pa, n); }
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
    .counters_peek = tp_counters_peek,
    .cache_wbinvd = tp_wbinvd,
    .cache_invd = tp_invd,
    .cache_line = tp_cline,
    .line_zero = tp_line_zero,
    .zero_lines = tp_zero_lines,
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

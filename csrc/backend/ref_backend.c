// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The "ref" backend: the reference model over a physmem, untimed, with no TLB. Every access
 * is a fresh walk of current memory, so its results are the architectural ones with every
 * cache empty. (What a hardware TLB may additionally return is lockstep's business.)
 *
 * A walk that would read exactly what the last one of the same page, kind and privilege
 * read is not repeated: the walk memo keeps its result while no paging-structure frame it
 * read has been written (physmem's watch generation) and no control register changed.
 * That repeated walk would set no A/D bit (the first one did) and read one entry per
 * level, so the memo's answer, counters included, is the walk's own. */
#include <stdlib.h>

#include "backend/ref_backend.h"
#include "common/physmem.h"
#include "ref/access.h"
#include "ref/ctl.h"
#include "ref/walk.h"
#include "inject/inject.h"

#define MEMO_N 1024 /* direct-mapped: a program's working set of pages, three kinds */

typedef struct {
    uint64_t key;   /* page, kind and privilege; 0: empty */
    uint64_t gen;   /* physmem's watch generation when it was walked */
    uint64_t epoch; /* the control registers' epoch when it was walked */
    uint64_t frame; /* the 4 KiB frame the page translates to */
    unsigned leaf;  /* the leaf's level: the walk read one entry at each of 4 .. leaf */
} memo_ent;

typedef struct {
    backend base;
    physmem *mem;
    ref_ctl ctl;
    uint64_t cnt[BE_NCOUNTERS];
    uint64_t epoch; /* advanced by every control operation */
    memo_ent memo[MEMO_N];
    ref_walk_hook hook;
    void *hook_ctx;
} refbe;

static refbe *R(backend *b) { return (refbe *)b; }

static void rb_destroy(backend *b)
{
    physmem_free(R(b)->mem);
    free(b);
}

static void rb_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val) { physmem_write(R(b)->mem, pa, size, val); }
static uint64_t rb_pread(backend *b, uint64_t pa, unsigned size) { return physmem_read(R(b)->mem, pa, size); }

static be_status ctl_done(refbe *r, be_status st, const ref_inval *inv)
{
    r->epoch++;
    if (st == BE_GP)
        r->cnt[BE_CNT_gp_faults]++;
    else if (inv->kind != RI_NONE)
        r->cnt[BE_CNT_invalidations]++;
    return st;
}

static be_status rb_cr3(backend *b, uint64_t v)
{
    ref_inval inv;
    return ctl_done(R(b), ref_ctl_cr3(&R(b)->ctl, v, &inv), &inv);
}
static be_status rb_cr0(backend *b, bool wp)
{
    ref_inval inv;
    return ctl_done(R(b), ref_ctl_cr0_wp(&R(b)->ctl, wp, &inv), &inv);
}
static be_status rb_cr4(backend *b, be_cr4 v)
{
    ref_inval inv;
    return ctl_done(R(b), ref_ctl_cr4(&R(b)->ctl, v, &inv), &inv);
}
static be_status rb_nxe(backend *b, bool nxe)
{
    ref_inval inv;
    return ctl_done(R(b), ref_ctl_efer_nxe(&R(b)->ctl, nxe, &inv), &inv);
}
static be_status rb_invlpg(backend *b, uint64_t va)
{
    ref_inval inv;
    return ctl_done(R(b), ref_ctl_invlpg(&R(b)->ctl, va, &inv), &inv);
}
static be_status rb_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    ref_inval inv;
    return ctl_done(R(b), ref_ctl_invpcid(&R(b)->ctl, type, pcid, va, &inv), &inv);
}

static be_resp rb_access(backend *b, const be_req *q)
{
    refbe *r = R(b);
    ref_req_validate(q, "ref");
    r->cnt[BE_CNT_accesses]++;
    if (!ref_req_canonical(q)) {
        r->cnt[BE_CNT_gp_faults]++;
        return (be_resp){.status = BE_GP};
    }
    ref_part p[2];
    uint64_t pa[2];
    unsigned np = ref_split(q, p);
    for (unsigned i = 0; i < np; i++) {
        uint64_t key = (p[i].va >> 12) << 3 | (uint64_t)q->kind << 1 | q->user | 1ull << 63;
        memo_ent *e = &r->memo[((p[i].va >> 12) * 3 + q->kind) & (MEMO_N - 1)];
        r->cnt[BE_CNT_walks]++;
        if (!r->hook && e->key == key && e->gen == physmem_watch_gen(r->mem) && e->epoch == r->epoch) {
            /* one entry at each level from the PML4E down to the leaf */
            r->cnt[BE_CNT_walk_mem_refs] += 5 - e->leaf;
            r->cnt[BE_CNT_walk_refs_pml4e]++;
            r->cnt[BE_CNT_walk_refs_pdpte] += e->leaf <= 3;
            r->cnt[BE_CNT_walk_refs_pde] += e->leaf <= 2;
            r->cnt[BE_CNT_walk_refs_pte] += e->leaf <= 1;
            pa[i] = e->frame | (p[i].va & 4095);
            continue;
        }
        ref_mem m = ref_mem_physmem(r->mem);
        ref_start s = ref_start_root(&r->ctl);
        ref_walk_res w;
        ref_walk(&r->ctl, &m, &s, p[i].va, q->kind, q->user, 0, &w);
        if (r->hook)
            r->hook(r->hook_ctx, &r->ctl, &s, p[i].va, q->kind, q->user, &w);
        r->cnt[BE_CNT_walk_mem_refs] += w.mem_refs;
        ref_count_level_refs(&w, r->cnt);
        r->cnt[BE_CNT_ad_updates] += w.ad_updates;
        r->cnt[BE_CNT_ad_retries] += w.restarts;
        if (w.status == BE_PF) {
            r->cnt[BE_CNT_page_faults]++;
            return (be_resp){.status = BE_PF, .err = w.err, .cr2 = p[i].va};
        }
        pa[i] = w.pa;
        /* watched after the walk's own A/D writes, which ended the generation they were in */
        for (unsigned j = 0; j < w.nsteps; j++)
            physmem_watch(r->mem, w.step[j].pa);
        *e = (memo_ent){.key = key, .gen = physmem_watch_gen(r->mem), .epoch = r->epoch,
                        .frame = w.pa & ~4095ull, .leaf = w.step[w.nsteps - 1].level};
    }
    be_resp resp = {.status = BE_OK, .pa = pa[0]};
    if (q->kind == ACC_W)
        ref_data_write(r->mem, p, pa, np, q->wdata);
    else
        resp.rdata = ref_data_read(r->mem, p, pa, np);
    return resp;
}

static void rb_counters(backend *b, uint64_t out[BE_NCOUNTERS])
{
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        out[i] = R(b)->cnt[i];
}

/* No data cache: maintenance has nothing to do. */
static be_status rb_cache_all(backend *b)
{
    (void)b;
    return BE_OK;
}

static be_status rb_cache_line(backend *b, unsigned op, uint64_t pa)
{
    (void)b;
    (void)pa;
    return op > BE_CLINE_WBINV ? BE_GP : BE_OK;
}

static const struct backend_ops ref_ops = {
    .destroy = rb_destroy,
    .pwrite = rb_pwrite,
    .pread = rb_pread,
    .write_cr3 = rb_cr3,
    .write_cr0_wp = rb_cr0,
    .write_cr4 = rb_cr4,
    .write_efer_nxe = rb_nxe,
    .invlpg = rb_invlpg,
    .invpcid = rb_invpcid,
    .access = rb_access,
    .counters = rb_counters,
    .cache_wbinvd = rb_cache_all,
    .cache_invd = rb_cache_all,
    .cache_line = rb_cache_line,
};

void ref_backend_set_walk_hook(backend *b, ref_walk_hook fn, void *ctx)
{
    R(b)->hook = fn;
    R(b)->hook_ctx = ctx;
}

backend *ref_backend_create(const be_options *opt, char *err, size_t errlen)
{
    /* ref is untimed and has no TLB: every configuration is the same architecture. It is
     * the reference: never injected. */
    if (opt && !inj_check(opt->inject, 0, "the ref backend", err, errlen))
        return NULL;
    refbe *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->base = (backend){.ops = &ref_ops, .name = "ref", .maxphyaddr = MAXPHYADDR_DEFAULT};
    r->mem = physmem_new();
    ref_ctl_reset(&r->ctl, MAXPHYADDR_DEFAULT);
    return &r->base;
}

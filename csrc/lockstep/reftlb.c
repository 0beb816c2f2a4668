// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* A finite-TLB variant of the reference model (see reftlb.h). */
#include "lockstep/reftlb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref/access.h"
#include "ref/cache.h"
#include "ref/walk.h"
#include "inject/inject.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */
#include "tlbmodel/geom.h"

typedef struct {
    bool v;
    ref_centry e;
} slot;

typedef struct {
    backend base;
    physmem *mem;
    ref_ctl ctl;
    unsigned inject;
    unsigned ntlb, npsc;
    slot *tlb, *psc; /* psc: npsc slots per level 2..4, level L at (L-2)*npsc */
    uint64_t rng;
    uint64_t cnt[BE_NCOUNTERS];
} reftlb;

static reftlb *T(backend *b) { return (reftlb *)b; }

static uint64_t rnd(reftlb *t)
{
    t->rng ^= t->rng << 13;
    t->rng ^= t->rng >> 7;
    t->rng ^= t->rng << 17;
    return t->rng;
}

static bool tlb_match(const reftlb *t, const ref_centry *e, uint16_t pcid, uint64_t va)
{
    bool pcid_ok = e->g || e->pcid == pcid || (t->inject & INJ_PCID_FALSE_HIT);
    return pcid_ok && e->vbase == ref_vbase(va, e->level);
}

static slot *psc_level(reftlb *t, unsigned level) { return &t->psc[(level - 2) * t->npsc]; }

/* Installs e in one of n slots: over an entry with the same tag, else a free one, else a
 * random victim. */
static void install(reftlb *t, slot *s, unsigned n, const ref_centry *e)
{
    unsigned victim = n, free_slot = n;
    for (unsigned i = 0; i < n; i++) {
        if (!s[i].v) {
            free_slot = free_slot < n ? free_slot : i;
            continue;
        }
        if (s[i].e.vbase == e->vbase && s[i].e.level == e->level && s[i].e.pcid == e->pcid && s[i].e.g == e->g)
            victim = i;
    }
    if (victim == n)
        victim = free_slot < n ? free_slot : (unsigned)(rnd(t) % n);
    s[victim] = (slot){.v = true, .e = *e};
}

/* ---- invalidation --------------------------------------------------------------- */

static void drop_tlb_if(reftlb *t, bool (*pred)(const ref_centry *, const ref_inval *), const ref_inval *inv)
{
    for (unsigned i = 0; i < t->ntlb; i++)
        if (t->tlb[i].v && pred(&t->tlb[i].e, inv))
            t->tlb[i].v = false;
}

static bool in_page(const ref_centry *e, const ref_inval *inv) { return e->vbase == ref_vbase(inv->va, e->level); }
static bool p_page(const ref_centry *e, const ref_inval *inv) { return in_page(e, inv) && (e->g || e->pcid == inv->pcid); }
static bool p_pcid_page(const ref_centry *e, const ref_inval *inv) { return in_page(e, inv) && !e->g && e->pcid == inv->pcid; }
static bool p_pcid(const ref_centry *e, const ref_inval *inv) { return !e->g && e->pcid == inv->pcid; }
static bool p_nonglobal(const ref_centry *e, const ref_inval *inv) { (void)inv; return !e->g; }
static bool p_all(const ref_centry *e, const ref_inval *inv) { (void)e; (void)inv; return true; }
static bool p_page_nonglobal(const ref_centry *e, const ref_inval *inv) { return in_page(e, inv) && !e->g && e->pcid == inv->pcid; }

static void drop_psc(reftlb *t, bool all, uint16_t pcid)
{
    for (unsigned i = 0; i < 3 * t->npsc; i++)
        if (t->psc[i].v && (all || t->psc[i].e.pcid == pcid))
            t->psc[i].v = false;
}

static void invalidate(reftlb *t, const ref_inval *inv)
{
    if (inv->kind == RI_NONE)
        return;
    t->cnt[BE_CNT_invalidations]++;
    if (rnd(t) % 16 == 0) { /* removing more than required is always legal */
        drop_tlb_if(t, p_all, inv);
        drop_psc(t, true, 0);
        return;
    }
    switch (inv->kind) {
    case RI_NONE:
        break;
    case RI_PAGE:
        if (!(t->inject & INJ_TLB_KEEP))
            drop_tlb_if(t, (t->inject & INJ_GLOBAL_KEEP) ? p_page_nonglobal : p_page, inv);
        if (!(t->inject & INJ_PSC_KEEP))
            drop_psc(t, false, inv->pcid);
        break;
    case RI_PCID_PAGE:
        drop_tlb_if(t, p_pcid_page, inv);
        drop_psc(t, false, inv->pcid);
        break;
    case RI_PCID:
        drop_tlb_if(t, p_pcid, inv);
        drop_psc(t, false, inv->pcid);
        break;
    case RI_ALL_NONGLOBAL:
        drop_tlb_if(t, p_nonglobal, inv);
        drop_psc(t, true, 0);
        break;
    case RI_ALL:
        drop_tlb_if(t, p_all, inv);
        drop_psc(t, true, 0);
        break;
    }
}

/* A page fault drops what would be used for va. */
static void fault_drop(reftlb *t, uint64_t va)
{
    ref_inval inv = {.kind = RI_PAGE, .pcid = ref_ctl_pcid(&t->ctl), .va = va};
    drop_tlb_if(t, p_page, &inv);
    for (unsigned i = 0; i < 3 * t->npsc; i++) {
        ref_centry *e = &t->psc[i].e;
        if (t->psc[i].v && e->pcid == inv.pcid && e->vbase == ref_vbase(va, e->level))
            t->psc[i].v = false;
    }
}

/* ---- translation ---------------------------------------------------------------- */

/* Translates one part; returns BE_OK with *pa, or BE_PF with *err. */
static be_status translate(reftlb *t, uint64_t va, acc_kind kind, bool user, uint64_t *pa, uint32_t *err)
{
    uint16_t pcid = ref_ctl_pcid(&t->ctl);
    bool fetch = kind == ACC_X;
    t->cnt[fetch ? BE_CNT_itlb_accesses : BE_CNT_dtlb_accesses]++;
    if (rnd(t) % 64 == 0) /* spontaneous eviction */
        t->tlb[rnd(t) % t->ntlb].v = false;
    for (unsigned i = 0; i < t->ntlb; i++) {
        const ref_centry *e = &t->tlb[i].e;
        if (!t->tlb[i].v || !tlb_match(t, e, pcid, va))
            continue;
        if (kind == ACC_W && !e->d) {
            t->cnt[BE_CNT_dirty_rewalks]++;
            break;
        }
        uint32_t e_err = ref_check(&t->ctl, e->r, kind, user);
        if (!e_err) {
            t->cnt[fetch ? BE_CNT_itlb_hits : BE_CNT_dtlb_hits]++;
            *pa = e->addr | (va & ((1ull << ref_level_shift(e->level)) - 1));
            return BE_OK;
        }
        if (rnd(t) & 1) { /* the SDM allows faulting on a stale entry's rights */
            *err = e_err;
            fault_drop(t, va);
            return BE_PF;
        }
        break; /* or walking again, as openmmu's RTL does */
    }
    t->cnt[fetch ? BE_CNT_itlb_misses : BE_CNT_dtlb_misses]++;
    ref_start st = ref_start_root(&t->ctl);
    if (rnd(t) % 4) { /* usually from the deepest cached entry; sometimes from CR3 */
        for (unsigned level = 2; level <= 4 && st.level == 4; level++) {
            slot *s = psc_level(t, level);
            for (unsigned i = 0; i < t->npsc; i++)
                if (s[i].v && s[i].e.pcid == pcid && s[i].e.vbase == ref_vbase(va, level)) {
                    st = ref_start_psc(&s[i].e);
                    t->cnt[level == 2 ? BE_CNT_psc_pde_hits : level == 3 ? BE_CNT_psc_pdpte_hits : BE_CNT_psc_pml4e_hits]++;
                    break;
                }
        }
    }
    ref_mem m = ref_mem_physmem(t->mem);
    ref_walk_res w;
    ref_walk(&t->ctl, &m, &st, va, kind, user, (t->inject & INJ_NO_DIRTY) ? REF_WALK_NO_DIRTY : 0, &w);
    t->cnt[BE_CNT_walks]++;
    t->cnt[BE_CNT_walk_mem_refs] += w.mem_refs;
    ref_count_level_refs(&w, t->cnt);
    t->cnt[BE_CNT_ad_updates] += w.ad_updates;
    t->cnt[BE_CNT_ad_retries] += w.restarts;
    if (w.status == BE_PF) {
        *err = w.err;
        fault_drop(t, va);
        return BE_PF;
    }
    install(t, t->tlb, t->ntlb, &w.tlb);
    for (unsigned k = 0; k + 1 < w.nsteps; k++) {
        ref_centry e = ref_walk_psc(&t->ctl, &w, k, va, st.r);
        install(t, psc_level(t, e.level), t->npsc, &e);
    }
    *pa = w.pa;
    return BE_OK;
}

static be_resp rt_access(backend *b, const be_req *q)
{
    reftlb *t = T(b);
    ref_req_validate(q, "reftlb");
    t->cnt[BE_CNT_accesses]++;
    if (!ref_req_canonical(q)) {
        t->cnt[BE_CNT_gp_faults]++;
        return (be_resp){.status = BE_GP};
    }
    ref_part p[2];
    uint64_t pa[2];
    unsigned np = ref_split(q, p);
    for (unsigned i = 0; i < np; i++) {
        uint32_t err = 0;
        if (translate(t, p[i].va, q->kind, q->user, &pa[i], &err) == BE_PF) {
            t->cnt[BE_CNT_page_faults]++;
            return (be_resp){.status = BE_PF, .err = err, .cr2 = p[i].va};
        }
    }
    be_resp r = {.status = BE_OK, .pa = pa[0]};
    if (q->kind == ACC_W)
        ref_data_write(t->mem, p, pa, np, q->wdata);
    else
        r.rdata = ref_data_read(t->mem, p, pa, np);
    return r;
}

/* ---- the rest of the backend ------------------------------------------------------ */

static void rt_destroy(backend *b)
{
    physmem_free(T(b)->mem);
    free(T(b)->tlb);
    free(T(b)->psc);
    free(b);
}

static void rt_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val) { physmem_write(T(b)->mem, pa, size, val); }
static uint64_t rt_pread(backend *b, uint64_t pa, unsigned size) { return physmem_read(T(b)->mem, pa, size); }

static be_status done(reftlb *t, be_status st, const ref_inval *inv)
{
    if (st == BE_GP)
        t->cnt[BE_CNT_gp_faults]++;
    else
        invalidate(t, inv);
    return st;
}

static be_status rt_cr3(backend *b, uint64_t v)
{
    ref_inval inv;
    return done(T(b), ref_ctl_cr3(&T(b)->ctl, v, &inv), &inv);
}
static be_status rt_cr0(backend *b, bool wp)
{
    ref_inval inv;
    return done(T(b), ref_ctl_cr0_wp(&T(b)->ctl, wp, &inv), &inv);
}
static be_status rt_cr4(backend *b, be_cr4 v)
{
    ref_inval inv;
    return done(T(b), ref_ctl_cr4(&T(b)->ctl, v, &inv), &inv);
}
static be_status rt_nxe(backend *b, bool nxe)
{
    ref_inval inv;
    return done(T(b), ref_ctl_efer_nxe(&T(b)->ctl, nxe, &inv), &inv);
}
static be_status rt_invlpg(backend *b, uint64_t va)
{
    ref_inval inv;
    return done(T(b), ref_ctl_invlpg(&T(b)->ctl, va, &inv), &inv);
}
static be_status rt_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    ref_inval inv;
    return done(T(b), ref_ctl_invpcid(&T(b)->ctl, type, pcid, va, &inv), &inv);
}

static void rt_counters(backend *b, uint64_t out[BE_NCOUNTERS]) { memcpy(out, T(b)->cnt, sizeof T(b)->cnt); }

/* No data cache: maintenance has nothing to do. */
static be_status rt_cache_all(backend *b)
{
    (void)b;
    return BE_OK;
}

static be_status rt_cache_line(backend *b, unsigned op, uint64_t pa)
{
    (void)b;
    (void)pa;
    return op > BE_CLINE_WBINV ? BE_GP : BE_OK;
}

static const struct backend_ops reftlb_ops = {
    .destroy = rt_destroy,
    .pwrite = rt_pwrite,
    .pread = rt_pread,
    .write_cr3 = rt_cr3,
    .write_cr0_wp = rt_cr0,
    .write_cr4 = rt_cr4,
    .write_efer_nxe = rt_nxe,
    .invlpg = rt_invlpg,
    .invpcid = rt_invpcid,
    .access = rt_access,
    .counters = rt_counters,
    .cache_wbinvd = rt_cache_all,
    .cache_invd = rt_cache_all,
    .cache_line = rt_cache_line,
};

backend *reftlb_backend_create(const be_options *opt, char *err, size_t errlen)
{
    const char *cfg = opt && opt->config ? opt->config : OPENMMU_CONFIG_DEFAULT;
    char cerr[160];
    tlb_geom g;
    if (!tlb_geom_config_known(cfg, cerr, sizeof cerr) || !tlb_geom_named(cfg, &g)) {
        snprintf(err, errlen, "reftlb: %s", cerr);
        return NULL;
    }
    /* reftlb is not the RTL: its sizes only set how soon it evicts. i7 and small keep the
     * sizes they always had (the tests' expectations depend on them: small's 4 and 1 evict
     * constantly); any other configuration gets its dTLB's entries and a quarter of its PDE
     * cache per PSC level (at least one). */
    unsigned ntlb, npsc;
    if (strcmp(cfg, "i7") == 0)
        ntlb = 64, npsc = 8;
    else if (strcmp(cfg, "small") == 0)
        ntlb = 4, npsc = 1;
    else
        ntlb = g.DTlbSets * g.DTlbWays, npsc = g.PscPdeEntries / 4 > 1 ? g.PscPdeEntries / 4 : 1;
    if (opt && !inj_check(opt->inject, INJ_IN_REFTLB, "reftlb", err, errlen))
        return NULL;
    reftlb *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "reftlb: out of host memory");
        return NULL;
    }
    t->base = (backend){.ops = &reftlb_ops, .name = "reftlb", .maxphyaddr = MAXPHYADDR_DEFAULT};
    t->mem = physmem_new();
    ref_ctl_reset(&t->ctl, MAXPHYADDR_DEFAULT);
    t->inject = opt ? opt->inject : 0;
    t->ntlb = ntlb;
    t->npsc = npsc;
    t->tlb = calloc(ntlb, sizeof *t->tlb);
    t->psc = calloc(3 * npsc, sizeof *t->psc);
    t->rng = 0x9e3779b97f4a7c15ull;
    if (!t->tlb || !t->psc) {
        rt_destroy(&t->base);
        snprintf(err, errlen, "reftlb: out of host memory");
        return NULL;
    }
    return &t->base;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The exact TLB model of the RTL (see tlbmodel.h). */
#include "tlbmodel/tlbmodel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/port_split.h"
#include "ref/access.h"
#include "ref/walk.h"
#include "tlbmodel/geom.h"
#include "tlbmodel/tlbarray.h"
#include "inject/inject.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */

/* An L1 TLB (l1_tlb.sv): 4 KiB entries in the set-associative array, 2 MiB and 1 GiB in the
 * fully-associative one. */
typedef struct {
    tm_array small, large;
} l1_tlb;

typedef struct {
    backend base;
    physmem *mem;
    ref_ctl ctl;
    l1_tlb itlb, dtlb;
    tm_array l2;
    tm_psc psc[3]; /* PML4E, PDPTE, PDE: ref_centry levels 4, 3, 2 */
    uint64_t cnt[BE_NCOUNTERS];
} tlbmodel;

static tlbmodel *M(backend *b) { return (tlbmodel *)b; }

/* Both arrays are looked up, and each touches its own tree on its own hit; a 4 KiB hit wins. */
static const ref_centry *l1_lookup(l1_tlb *t, uint64_t va, uint16_t pcid)
{
    const ref_centry *s = tm_array_lookup(&t->small, va, pcid);
    const ref_centry *l = tm_array_lookup(&t->large, va, pcid);
    return s ? s : l;
}

static void l1_fill(l1_tlb *t, const ref_centry *e) { tm_array_fill(e->level == 1 ? &t->small : &t->large, e); }

/* An invalidation as mmu_csr.sv broadcasts it (inv_e), to every TLB and the PSC. */
typedef enum { INV_ADDR, INV_PCID, INV_ALL_NONGLOBAL, INV_ALL } inv_kind;

static void inv_l1(l1_tlb *t, inv_kind k, uint64_t va, uint16_t pcid, bool global)
{
    tm_array *a[2] = {&t->small, &t->large};
    for (unsigned i = 0; i < 2; i++)
        switch (k) {
        case INV_ADDR: tm_array_inv_addr(a[i], va, pcid, global); break;
        case INV_PCID: tm_array_inv_pcid(a[i], pcid); break;
        case INV_ALL_NONGLOBAL: tm_array_inv_all(a[i], true); break;
        case INV_ALL: tm_array_inv_all(a[i], false); break;
        }
}

static void broadcast(tlbmodel *m, inv_kind k, uint64_t va, uint16_t pcid, bool global)
{
    inv_l1(&m->itlb, k, va, pcid, global);
    inv_l1(&m->dtlb, k, va, pcid, global);
    switch (k) {
    case INV_ADDR: tm_array_inv_addr(&m->l2, va, pcid, global); break;
    case INV_PCID: tm_array_inv_pcid(&m->l2, pcid); break;
    case INV_ALL_NONGLOBAL: tm_array_inv_all(&m->l2, true); break;
    case INV_ALL: tm_array_inv_all(&m->l2, false); break;
    }
    /* psc.sv: an address or PCID invalidation drops every entry of the PCID. */
    for (unsigned i = 0; i < 3; i++)
        tm_psc_inv(&m->psc[i], k == INV_ALL || k == INV_ALL_NONGLOBAL, pcid);
}

static bool usable(const tlbmodel *m, const ref_centry *e, acc_kind kind, bool user)
{
    return ref_check(&m->ctl, e->r, kind, user) == 0 && !(kind == ACC_W && !e->d);
}

static bool dirty_only(const tlbmodel *m, const ref_centry *e, acc_kind kind, bool user)
{
    return e && kind == ACC_W && !e->d && ref_check(&m->ctl, e->r, kind, user) == 0;
}

static uint64_t pa_of(const ref_centry *e, uint64_t va) { return e->addr | (va & ((1ull << ref_level_shift(e->level)) - 1)); }

/* The walker (ptw.sv) for a miss the L2 could not serve: from below the deepest PSC hit;
 * on success the PSC fills of the non-leaf entries read, the L2 fill (not 1 GiB), the L1's. */
static be_resp walk(tlbmodel *m, l1_tlb *l1, uint64_t va, acc_kind kind, bool user)
{
    uint16_t pcid = ref_ctl_pcid(&m->ctl);
    m->cnt[BE_CNT_walks]++;
    ref_start st = ref_start_root(&m->ctl);
    static const unsigned hit_cnt[3] = {BE_CNT_psc_pml4e_hits, BE_CNT_psc_pdpte_hits, BE_CNT_psc_pde_hits};
    for (int i = 2; i >= 0; i--) {
        const ref_centry *p = tm_psc_lookup(&m->psc[i], va, pcid);
        if (p) {
            st = ref_start_psc(p);
            m->cnt[hit_cnt[i]]++;
            break;
        }
    }
    ref_mem mem = ref_mem_physmem(m->mem);
    ref_walk_res w;
    ref_walk(&m->ctl, &mem, &st, va, kind, user, 0, &w);
    m->cnt[BE_CNT_walk_mem_refs] += w.mem_refs;
    ref_count_level_refs(&w, m->cnt);
    m->cnt[BE_CNT_ad_updates] += w.ad_updates;
    m->cnt[BE_CNT_ad_retries] += w.restarts;
    if (w.status == BE_PF) {
        /* mmu_miss.sv: InvAddr with globals, for the current PCID, everywhere. */
        m->cnt[BE_CNT_page_faults]++;
        broadcast(m, INV_ADDR, va, pcid, true);
        return (be_resp){.status = BE_PF, .err = w.err, .cr2 = va};
    }
    for (unsigned k = 0; k + 1 < w.nsteps; k++) {
        ref_centry e = ref_walk_psc(&m->ctl, &w, k, va, st.r);
        tm_psc_fill(&m->psc[4 - e.level], &e);
    }
    if (w.tlb.level != 3)
        tm_array_fill(&m->l2, &w.tlb);
    l1_fill(l1, &w.tlb);
    return (be_resp){.status = BE_OK, .pa = w.pa};
}

/* One port request's translation (mmu_port.sv, then mmu_miss.sv). */
static be_resp translate(tlbmodel *m, uint64_t va, acc_kind kind, bool user, bool fetch_port)
{
    m->cnt[BE_CNT_accesses]++;
    if (!ref_canonical(va)) {
        m->cnt[BE_CNT_gp_faults]++;
        return (be_resp){.status = BE_GP};
    }
    uint16_t pcid = ref_ctl_pcid(&m->ctl);
    l1_tlb *l1 = fetch_port ? &m->itlb : &m->dtlb;
    m->cnt[fetch_port ? BE_CNT_itlb_accesses : BE_CNT_dtlb_accesses]++;
    const ref_centry *e = l1_lookup(l1, va, pcid);
    if (e && usable(m, e, kind, user)) {
        m->cnt[fetch_port ? BE_CNT_itlb_hits : BE_CNT_dtlb_hits]++;
        return (be_resp){.status = BE_OK, .pa = pa_of(e, va)};
    }
    m->cnt[fetch_port ? BE_CNT_itlb_misses : BE_CNT_dtlb_misses]++;
    bool dirty = dirty_only(m, e, kind, user);
    m->cnt[BE_CNT_l2tlb_accesses]++;
    const ref_centry *e2 = tm_array_lookup(&m->l2, va, pcid);
    if (e2 && usable(m, e2, kind, user)) {
        m->cnt[BE_CNT_l2tlb_hits]++;
        ref_centry copy = *e2;
        l1_fill(l1, &copy);
        return (be_resp){.status = BE_OK, .pa = pa_of(&copy, va)};
    }
    m->cnt[BE_CNT_l2tlb_misses]++;
    if (dirty || dirty_only(m, e2, kind, user))
        m->cnt[BE_CNT_dirty_rewalks]++;
    return walk(m, l1, va, kind, user);
}

static be_resp port_cb(void *ctx, const be_req *q, bool fetch_port, bool nodata)
{
    tlbmodel *m = ctx;
    be_resp r = translate(m, q->va, q->kind, q->user, fetch_port);
    if (r.status != BE_OK || fetch_port || nodata)
        return r;
    if (q->kind == ACC_W)
        physmem_write(m->mem, r.pa, q->size, q->wdata);
    else
        r.rdata = physmem_read(m->mem, r.pa, q->size);
    return r;
}

static uint64_t phys_cb(void *ctx, uint64_t pa, unsigned size) { return physmem_read(((tlbmodel *)ctx)->mem, pa, size); }

static be_resp tm_access(backend *b, const be_req *q)
{
    ref_req_validate(q, "tlbmodel");
    return be_port_access(q, port_cb, phys_cb, M(b));
}

/* ---- control operations: ref_ctl decides #GP and the SDM's minimum; the RTL's CSR block
 * (mmu_csr.sv) broadcasts exactly that minimum, as inv_e kinds. ---- */

static be_status ctl_done(tlbmodel *m, be_status st, const ref_inval *inv)
{
    if (st == BE_GP) {
        m->cnt[BE_CNT_gp_faults]++;
        return st;
    }
    switch (inv->kind) {
    case RI_NONE: return st;
    case RI_PAGE: broadcast(m, INV_ADDR, inv->va, inv->pcid, true); break;
    case RI_PCID_PAGE: broadcast(m, INV_ADDR, inv->va, inv->pcid, false); break;
    case RI_PCID: broadcast(m, INV_PCID, 0, inv->pcid, false); break;
    case RI_ALL_NONGLOBAL: broadcast(m, INV_ALL_NONGLOBAL, 0, 0, false); break;
    case RI_ALL: broadcast(m, INV_ALL, 0, 0, false); break;
    }
    m->cnt[BE_CNT_invalidations]++;
    return st;
}

static be_status tm_cr3(backend *b, uint64_t v)
{
    ref_inval inv;
    return ctl_done(M(b), ref_ctl_cr3(&M(b)->ctl, v, &inv), &inv);
}
static be_status tm_cr0(backend *b, bool wp)
{
    ref_inval inv;
    return ctl_done(M(b), ref_ctl_cr0_wp(&M(b)->ctl, wp, &inv), &inv);
}
static be_status tm_cr4(backend *b, be_cr4 v)
{
    ref_inval inv;
    return ctl_done(M(b), ref_ctl_cr4(&M(b)->ctl, v, &inv), &inv);
}
static be_status tm_nxe(backend *b, bool nxe)
{
    ref_inval inv;
    return ctl_done(M(b), ref_ctl_efer_nxe(&M(b)->ctl, nxe, &inv), &inv);
}
static be_status tm_invlpg(backend *b, uint64_t va)
{
    ref_inval inv;
    return ctl_done(M(b), ref_ctl_invlpg(&M(b)->ctl, va, &inv), &inv);
}
static be_status tm_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    ref_inval inv;
    return ctl_done(M(b), ref_ctl_invpcid(&M(b)->ctl, type, pcid, va, &inv), &inv);
}

static void tm_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val) { physmem_write(M(b)->mem, pa, size, val); }
static uint64_t tm_pread(backend *b, uint64_t pa, unsigned size) { return physmem_read(M(b)->mem, pa, size); }
static void tm_counters(backend *b, uint64_t out[BE_NCOUNTERS]) { memcpy(out, M(b)->cnt, sizeof M(b)->cnt); }

/* No data cache is modelled: maintenance changes nothing the model holds (the RTL's cache
 * operations leave its TLBs alone too). */
static be_status tm_cache_all(backend *b)
{
    (void)b;
    return BE_OK;
}

static be_status tm_cache_line(backend *b, unsigned op, uint64_t pa)
{
    (void)b;
    (void)pa;
    return op > BE_CLINE_WBINV ? BE_GP : BE_OK; /* refused before the CSR port, as rtl does */
}

static void tm_destroy(backend *b)
{
    tlbmodel *m = M(b);
    l1_tlb *l1[2] = {&m->itlb, &m->dtlb};
    for (unsigned i = 0; i < 2; i++) {
        tm_array_free(&l1[i]->small);
        tm_array_free(&l1[i]->large);
    }
    tm_array_free(&m->l2);
    for (unsigned i = 0; i < 3; i++)
        tm_psc_free(&m->psc[i]);
    physmem_free(m->mem);
    free(m);
}

static const struct backend_ops tlbmodel_ops = {
    .destroy = tm_destroy,
    .pwrite = tm_pwrite,
    .pread = tm_pread,
    .write_cr3 = tm_cr3,
    .write_cr0_wp = tm_cr0,
    .write_cr4 = tm_cr4,
    .write_efer_nxe = tm_nxe,
    .invlpg = tm_invlpg,
    .invpcid = tm_invpcid,
    .access = tm_access,
    .counters = tm_counters,
    .cache_wbinvd = tm_cache_all,
    .cache_invd = tm_cache_all,
    .cache_line = tm_cache_line,
};

backend *tlbmodel_backend_create(const be_options *opt, char *err, size_t errlen)
{
    tlb_geom g;
    const char *cfg = opt && opt->config ? opt->config : OPENMMU_CONFIG_DEFAULT;
    if (!tlb_geom_resolve(cfg, opt ? opt->tlb : NULL, &g, err, errlen))
        return NULL;
    /* it predicts the RTL as it is */
    if (opt && !inj_check(opt->inject, 0, "tlbmodel", err, errlen))
        return NULL;
    tlbmodel *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "tlbmodel: out of host memory");
        return NULL;
    }
    m->base = (backend){.ops = &tlbmodel_ops, .name = "tlbmodel", .maxphyaddr = MAXPHYADDR_DEFAULT};
    ref_ctl_reset(&m->ctl, MAXPHYADDR_DEFAULT);
    m->mem = physmem_new();
    bool ok = m->mem != NULL;
    ok &= tm_array_init(&m->itlb.small, g.ITlbSets, g.ITlbWays, false);
    ok &= tm_array_init(&m->itlb.large, 1, g.ITlbLarge, false);
    ok &= tm_array_init(&m->dtlb.small, g.DTlbSets, g.DTlbWays, false);
    ok &= tm_array_init(&m->dtlb.large, 1, g.DTlbLarge, false);
    ok &= tm_array_init(&m->l2, g.L2Sets, g.L2Ways, true);
    ok &= tm_psc_init(&m->psc[0], g.PscPml4eEntries, 4);
    ok &= tm_psc_init(&m->psc[1], g.PscPdpteEntries, 3);
    ok &= tm_psc_init(&m->psc[2], g.PscPdeEntries, 2);
    if (!ok) {
        tm_destroy(&m->base);
        snprintf(err, errlen, "tlbmodel: out of host memory");
        return NULL;
    }
    return &m->base;
}

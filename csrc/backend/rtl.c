// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The "rtl" backend: the Verilated mmu_top clocked from C (see rtl.h). */
#include "rtl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

#include "backend/port_split.h"
#include "tlbmodel/geom.h"

#include "axi/axi_check.h"
#include "axi/axi_slave.h"
#include "backend/wave_marks.h"
#include "backend/wave_on_fail.h"
#include "backend/wave_vcd.h"
#include "inject/inject.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */

#define PMQ 16 /* physical-port requests queued by the C side */
#define PMA 64 /* answers kept, in order (more than can be queued or in flight) */

typedef struct {
    bool write, zero; /* zero: a line zero of addr's line (write and the rest unused) */
    uint64_t addr, wdata;
    unsigned lsize; /* log2 bytes */
} pm_req;

typedef struct {
    backend base;
    const vl_shim_ops *ops;
    vl_model *m;
    vl_io io;
    physmem *mem;
    axi_slave *sl;
    axi_check *chk;
    unsigned axi_fault;
    uint64_t axi_fault_from; /* the cycle it begins */
    uint64_t cycle;
    pm_req pq[PMQ];
    unsigned phead, plen;
    unsigned pm_outstanding; /* taken, not answered */
    bool pm_posted;          /* pwrite's stores queued or in flight, not yet waited for */
    uint64_t pm_rdata;       /* the last answer */
    uint64_t pm_ans[PMA];    /* answer n (0 for a machine check) in pm_ans[n % PMA] */
    uint64_t pm_nans;        /* answers so far */
    bool pm_mce, pm_mce_seen;
    bool tracing, wk_waiting;
    uint64_t wk_since; /* the walker's request presented since this cycle */
    uint64_t wave_from, wave_to;
    bool wave_stop;          /* a --wave-on-fail copy: the process ends after wave_to */
    uint64_t snap_at;        /* the cycle of the next --wave-on-fail snapshot */
    uint64_t marks_gen;      /* the harness markers the model holds (wave_marks.h) */
    const char *wave_path;   /* as asked for: a .vcd is converted from the FST when closed */
    rtl_mem_hook hook;
    void *hook_ctx;
    rtl_obs_hook obs_hook;
    void *obs_ctx;
    vl_obs obs; /* this cycle's observations, while obs_hook is set */
} rtl_be;

static rtl_be *rb(backend *b) { return (rtl_be *)b; }

/* One model per configuration of rtl/configs.txt, each behind its copy of the shim
 * (vl_shim_<name>, sim/sim.mk): the list is the table's, so a configuration added there is
 * linked and offered here without a C change (a variant program, sim/variants.mk, links its
 * variant in place of one of them under the same name). */
#define RTL_SHIM_DECL(name, ...) extern const vl_shim_ops vl_shim_##name;
OPENMMU_CONFIGS(RTL_SHIM_DECL)
#undef RTL_SHIM_DECL
static const vl_shim_ops *const configs[] = {
#define RTL_SHIM_REF(name, ...) &vl_shim_##name,
    OPENMMU_CONFIGS(RTL_SHIM_REF)
#undef RTL_SHIM_REF
};

/* The backend whose waveform is open: a program may end anywhere (a lockstep divergence
 * exits from inside a call), and an FST not closed is unreadable. */
static rtl_be *traced;

/* false: the FST does not read back whole (shim.h). A VCD that cannot be converted is
 * removed, with a message: the program then finds no waveform. */
static bool close_trace(void)
{
    if (!traced)
        return true;
    rtl_be *r = traced;
    traced = NULL;
    bool ok = r->ops->trace_close(r->m);
    r->tracing = false;
    if (ok && wave_is_vcd(r->wave_path))
        wave_vcd_convert(r->wave_path);
    return ok;
}

/* A --wave-on-fail copy is a fork of a process with Verilator's thread pool, whose threads
 * the fork did not copy: destroying the model would wait for them forever. Once its
 * waveform is closed, the copy has nothing else to do. */
static void close_trace_at_exit(void)
{
    (void)close_trace();
    if (wof_is_copy())
        _exit(0);
}

static bool open_trace(rtl_be *r, const char *path, uint64_t from, uint64_t to, bool stop)
{
    char fst[4096];
    if (!r->ops->trace_open(r->m, wave_fst_path(path, fst, sizeof fst)))
        return false;
    r->wave_path = path;
    r->tracing = true;
    r->wave_from = from;
    r->wave_to = to;
    r->wave_stop = stop;
    static bool registered;
    if (!registered)
        atexit(close_trace_at_exit);
    registered = true;
    traced = r;
    return true;
}

/* Between two cycles: a --wave-on-fail snapshot, which in the copy woken to write the
 * window goes on from here with the waveform open. */
static void snapshot(rtl_be *r)
{
    const char *path;
    uint64_t from, to;
    if (wof_snapshot(r->cycle, &path, &from, &to) && !open_trace(r, path, from, to, true))
        _exit(2); /* the program reports the missing file */
    r->snap_at = wof_next_snapshot();
}

static void hang(rtl_be *r, const char *what)
{
    wof_fail_at(r->cycle, "RTL watchdog");
    wof_finish();
    close_trace();
    fflush(stdout);
    fprintf(stderr, "rtl: watchdog: no %s within %u cycles (cycle %llu, config %s); "
            "the model is stuck\n", what, RTL_WATCHDOG, (unsigned long long)r->cycle,
            r->ops->config);
    _exit(3);
}

static unsigned log2_size(unsigned size)
{
    return size >= 8 ? 3 : size >= 4 ? 2 : size >= 2 ? 1 : 0;
}

/* The slave misbehaving on purpose (rtl_set_axi_fault), for the test that proves the
 * checker is watching the integrated system. */
static void misbehave(rtl_be *r, axi_port *a)
{
    switch (r->cycle >= r->axi_fault_from ? r->axi_fault : RTL_AXI_FAULT_NONE) {
    case RTL_AXI_FAULT_RLAST:
        if (a->rvalid)
            a->rlast = !a->rlast;
        break;
    case RTL_AXI_FAULT_BID:
        if (a->bvalid)
            a->bid ^= 1;
        break;
    default:
        break;
    }
}

static be_resp port_resp(uint8_t status, uint64_t pa, uint8_t err, uint64_t addr)
{
    be_resp o = {.status = (be_status)status};
    if (o.status == BE_OK)
        o.pa = pa;
    if (o.status == BE_PF) {
        o.err = err;
        o.cr2 = addr;
    }
    return o;
}

static void step(rtl_be *r, const rtl_drive *in, rtl_seen *out)
{
    backend *b = &r->base;
    vl_io *io = &r->io;
    if (r->cycle >= r->snap_at)
        snapshot(r);

    io->if_req_valid = in->if_valid;
    io->if_req_va = in->if_req.va;
    io->if_req_kind = (uint8_t)in->if_req.kind;
    io->if_req_user = in->if_req.user;
    io->ls_req_valid = in->ls_valid;
    io->ls_req_va = in->ls_req.va;
    io->ls_req_kind = (uint8_t)in->ls_req.kind;
    io->ls_req_user = in->ls_req.user;
    io->ls_req_size = (uint8_t)log2_size(in->ls_req.size);
    io->ls_req_wdata = in->ls_req.wdata;
    io->ls_req_nodata = in->ls_nodata;
    io->csr_req_valid = in->csr_valid;
    io->csr_req_op = (uint8_t)in->csr.op;
    io->csr_req_arg0 = in->csr.arg0;
    io->csr_req_arg1 = in->csr.arg1;
    io->csr_req_arg2 = in->csr.arg2;

    /* The C side's physical port: the oldest queued request, held until taken. */
    const pm_req *pq = r->plen ? &r->pq[r->phead] : NULL;
    io->pm_req_valid = pq != NULL;
    io->pm_req_write = pq && pq->write;
    io->pm_req_zero = pq && pq->zero;
    io->pm_req_addr = pq ? pq->addr : 0;
    io->pm_req_size = pq ? (uint8_t)pq->lsize : 0;
    io->pm_req_wdata = pq ? pq->wdata : 0;

    /* The memory: the AXI4 slave model drives its outputs from its state alone. */
    axi_slave_drive(r->sl, &io->axi);
    misbehave(r, &io->axi);

    bool dump = r->tracing && r->cycle >= r->wave_from && (r->wave_to == 0 || r->cycle <= r->wave_to);
    if (dump) {
        const wave_marks *mk = wave_marks_now();
        if (mk->gen != r->marks_gen) {
            r->ops->mark(r->m, mk->line, mk->op, mk->pid, mk->act);
            r->marks_gen = mk->gen;
        }
    }
    io->obs = r->obs_hook ? &r->obs : NULL;
    r->ops->cycle(r->m, io, dump);
    if (dump && r->wave_stop && r->cycle == r->wave_to) {
        close_trace();
        _exit(0);
    }

    /* Every cycle of every simulation goes through the protocol checker. */
    if (!axi_check_cycle(r->chk, &io->axi)) {
        wof_fail_at(r->cycle, "AXI4 protocol violation");
        wof_finish();
        close_trace();
        fflush(stdout);
        fprintf(stderr, "rtl: AXI4 protocol violation on the memory port (config %s, cycle %llu): %s\n",
                r->ops->config, (unsigned long long)r->cycle, axi_check_error(r->chk));
        _exit(4);
    }
    axi_slave_observe(r->sl, &io->axi);

    if (io->pm_req_valid && io->pm_req_ready) {
        r->phead = (r->phead + 1) % PMQ;
        r->plen--;
        r->pm_outstanding++;
    }
    if (io->pm_rsp_valid) {
        r->pm_outstanding--;
        r->pm_rdata = io->pm_rsp_rdata;
        r->pm_mce = io->pm_rsp_mce;
        r->pm_ans[r->pm_nans++ % PMA] = io->pm_rsp_mce ? 0 : io->pm_rsp_rdata;
        if (io->pm_rsp_mce)
            r->pm_mce_seen = true;
    }
    if (io->obs_wk_valid && !r->wk_waiting) {
        r->wk_waiting = true;
        r->wk_since = r->cycle;
    }
    if (io->obs_wk_take) {
        r->wk_waiting = false;
        rtl_mem_req q = {.cycle = r->cycle, .presented = r->wk_since, .cas = io->obs_wk_cas,
                         .addr = io->obs_wk_addr, .expect = io->obs_wk_expect,
                         .wdata = io->obs_wk_wdata};
        if (r->hook)
            r->hook(r->hook_ctx, b, &q);
    }
    if (io->obs && io->obs->avail) {
        const vl_obs *o = io->obs;
        if (o->itlb.look || o->dtlb.look || o->l2.look || o->psc_look || o->ref || o->rsp)
            r->obs_hook(r->obs_ctx, b, o);
    }

    if (out) {
        memset(out, 0, sizeof *out);
        out->if_taken = in->if_valid && io->if_req_ready;
        out->ls_taken = in->ls_valid && io->ls_req_ready;
        out->csr_taken = in->csr_valid && io->csr_req_ready;
        out->if_rsp = io->if_rsp_valid;
        out->ls_rsp = io->ls_rsp_valid;
        out->csr_rsp = io->csr_rsp_valid;
        if (out->if_rsp)
            out->if_resp = port_resp(io->if_rsp_status, io->if_rsp_pa, io->if_rsp_err, io->if_rsp_addr);
        if (out->ls_rsp) {
            out->ls_resp = port_resp(io->ls_rsp_status, io->ls_rsp_pa, io->ls_rsp_err, io->ls_rsp_addr);
            out->ls_resp.rdata = io->ls_rsp_rdata;
        }
        out->csr_gp = io->csr_rsp_gp;
        out->csr_rdata = io->csr_rsp_rdata;
    }
    r->cycle++;
}

static bool post(rtl_be *r, bool write, uint64_t pa, unsigned size, uint64_t wdata)
{
    if (r->plen == PMQ || (size != 1 && size != 2 && size != 4 && size != 8) ||
        (pa & 7) + size > 8)
        return false;
    r->pq[(r->phead + r->plen++) % PMQ] = (pm_req){.write = write, .addr = pa, .wdata = wdata,
                                                   .lsize = log2_size(size)};
    return true;
}

/* Runs the model until every queued physical request has been answered. */
static void pm_drain(rtl_be *r)
{
    rtl_drive idle = {0};
    for (unsigned n = 0; r->plen || r->pm_outstanding; n++) {
        if (n == RTL_WATCHDOG)
            hang(r, "physical-port response");
        step(r, &idle, NULL);
    }
    r->pm_posted = false;
}

/* Before anything else uses the model: pwrite's posted stores done (only those: requests a
 * test queued with rtl_pm_post keep their cycle). */
static void settle(rtl_be *r)
{
    if (r->pm_posted)
        pm_drain(r);
}

bool rtl_pm_post(backend *b, bool write, uint64_t pa, unsigned size, uint64_t wdata)
{
    settle(rb(b));
    return post(rb(b), write, pa, size, wdata);
}

/* A caller of the cycle hooks sees every earlier pwrite done, as before it was posted. */
void rtl_step(backend *b, const rtl_drive *in, rtl_seen *out)
{
    rtl_be *r = rb(b);
    settle(r);
    step(r, in, out);
}

/* One physical load within an aligned 8-byte word, through the cache, to its answer (after
 * everything queued before it). */
static uint64_t pm_load(rtl_be *r, uint64_t pa, unsigned size)
{
    if (!post(r, false, pa, size, 0)) {
        pm_drain(r);
        if (!post(r, false, pa, size, 0)) {
            fprintf(stderr, "rtl: physical access of %u bytes at %#llx\n", size, (unsigned long long)pa);
            abort();
        }
    }
    pm_drain(r);
    return r->pm_mce ? 0 : r->pm_rdata;
}

/* One physical store within an aligned 8-byte word, posted: the port takes the stores in
 * order, back to back, and nothing waits for their answers until something else needs the
 * model (every other operation drains the queue first; a store cannot fault, and a machine
 * check on one is seen by rtl_pm_mce_seen as before). */
static void pm_store(rtl_be *r, uint64_t pa, unsigned size, uint64_t wdata)
{
    if ((pa & 7) + size > 8 || (size != 1 && size != 2 && size != 4 && size != 8)) {
        fprintf(stderr, "rtl: physical access of %u bytes at %#llx\n", size, (unsigned long long)pa);
        abort();
    }
    rtl_drive idle = {0};
    for (unsigned n = 0; !post(r, true, pa, size, wdata); n++) {
        if (n == RTL_WATCHDOG)
            hang(r, "physical-port queue space");
        step(r, &idle, NULL);
    }
    r->pm_posted = true;
}

/* A line's 8 loads back to back behind whatever is queued (the port takes one a cycle on
 * hits), then their answers: a copy streams instead of waiting out each word. */
static void rtl_line_read(backend *b, uint64_t pa, uint64_t w[8])
{
    rtl_be *r = rb(b);
    rtl_drive idle = {0};
    unsigned n = 0;
    while (r->plen + 8 > PMQ) {
        if (n++ == RTL_WATCHDOG)
            hang(r, "physical-port queue space");
        step(r, &idle, NULL);
    }
    uint64_t first = r->pm_nans + r->pm_outstanding + r->plen;
    for (unsigned i = 0; i < 8; i++)
        post(r, false, pa + 8 * i, 8, 0);
    for (n = 0; r->pm_nans < first + 8; n++) {
        if (n == RTL_WATCHDOG)
            hang(r, "physical-port response");
        step(r, &idle, NULL);
    }
    for (unsigned i = 0; i < 8; i++)
        w[i] = r->pm_ans[(first + i) % PMA];
}

bool rtl_pm_mce_seen(backend *b)
{
    settle(rb(b));
    bool v = rb(b)->pm_mce_seen;
    rb(b)->pm_mce_seen = false;
    return v;
}

/* One request on the port for its kind (fetch port for ACC_X, else the load/store port,
 * which moves the data through the cache), run to its response. */
static be_resp port_op(rtl_be *r, const be_req *q, bool fetch_port, bool nodata)
{
    rtl_drive in = {.ls_nodata = nodata};
    if (fetch_port) {
        in.if_valid = true;
        in.if_req = *q;
    } else {
        in.ls_valid = true;
        in.ls_req = *q;
    }
    rtl_seen s;
    settle(r);
    for (unsigned n = 0;; n++) {
        if (n == RTL_WATCHDOG)
            hang(r, fetch_port ? "fetch-port response" : "load/store-port response");
        step(r, &in, &s);
        if (fetch_port ? s.if_taken : s.ls_taken)
            in.if_valid = in.ls_valid = false;
        if (fetch_port ? s.if_rsp : s.ls_rsp)
            return fetch_port ? s.if_resp : s.ls_resp;
    }
}

static bool csr(rtl_be *r, rtl_csr_op op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t *rdata)
{
    rtl_drive in = {.csr_valid = true, .csr = {.op = op, .arg0 = a0, .arg1 = a1, .arg2 = a2}};
    rtl_seen s;
    settle(r);
    for (unsigned n = 0;; n++) {
        if (n == RTL_WATCHDOG)
            hang(r, "CSR-port response");
        step(r, &in, &s);
        if (s.csr_taken)
            in.csr_valid = false;
        if (s.csr_rsp) {
            if (rdata)
                *rdata = s.csr_rdata;
            return s.csr_gp;
        }
    }
}

static be_status csr_status(rtl_be *r, rtl_csr_op op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    return csr(r, op, a0, a1, a2, NULL) ? BE_GP : BE_OK;
}

static void rtl_destroy(backend *b)
{
    rtl_be *r = rb(b);
    if (wof_is_copy())
        close_trace_at_exit();
    bool wave_ok = traced == r ? close_trace() : true;
    wof_clock(NULL);
    wave_ok &= r->ops->destroy(r->m);
    const char *wave = r->wave_path;
    axi_slave_free(r->sl);
    axi_check_free(r->chk);
    physmem_free(r->mem);
    free(r);
    if (!wave_ok) {
        /* destroy has no error return; like the watchdog, a lost output ends the process */
        fprintf(stderr, "openmmu: --wave '%s': cannot write the waveform: it does not read back whole "
                        "(writes were dropped: the filesystem is full or failing)\n", wave);
        _exit(2);
    }
}

/* Physical accesses go through the cache's physical port: coherent with the walker and
 * with loads and stores. */
static void rtl_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val)
{
    rtl_be *r = rb(b);
    for (unsigned i = 0; i < size;) {
        unsigned p = be_piece(pa + i, size - i);
        pm_store(r, pa + i, p, val >> (8 * i));
        i += p;
    }
}

static uint64_t rtl_pread(backend *b, uint64_t pa, unsigned size)
{
    rtl_be *r = rb(b);
    uint64_t v = 0;
    for (unsigned i = 0; i < size;) {
        unsigned p = be_piece(pa + i, size - i);
        v |= pm_load(r, pa + i, p) << (8 * i);
        i += p;
    }
    return v;
}

static be_status rtl_write_cr3(backend *b, uint64_t val)
{
    return csr_status(rb(b), RTL_CSR_CR3, val, 0, 0);
}

static be_status rtl_write_cr0_wp(backend *b, bool wp)
{
    return csr_status(rb(b), RTL_CSR_CR0, (uint64_t)wp << 16, 0, 0);
}

static be_status rtl_write_cr4(backend *b, be_cr4 c)
{
    uint64_t v = (uint64_t)c.pge << 7 | (uint64_t)c.pcide << 17 | (uint64_t)c.smep << 20 |
                 (uint64_t)c.smap << 21;
    return csr_status(rb(b), RTL_CSR_CR4, v, 0, 0);
}

static be_status rtl_write_efer_nxe(backend *b, bool nxe)
{
    return csr_status(rb(b), RTL_CSR_EFER, (uint64_t)nxe << 11, 0, 0);
}

static be_status rtl_invlpg(backend *b, uint64_t va)
{
    return csr_status(rb(b), RTL_CSR_INVLPG, va, 0, 0);
}

static be_status rtl_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    return csr_status(rb(b), RTL_CSR_INVPCID, type, pcid, va);
}

/* The access as port requests: backend/port_split.h (one rule, shared with the TLB model). */
static be_resp port_cb(void *ctx, const be_req *q, bool fetch_port, bool nodata)
{
    return port_op(ctx, q, fetch_port, nodata);
}

static uint64_t phys_cb(void *ctx, uint64_t pa, unsigned size) { return pm_load(ctx, pa, size); }

static be_resp rtl_access(backend *b, const be_req *q)
{
    if ((q->size != 1 && q->size != 2 && q->size != 4 && q->size != 8) ||
        (q->kind != ACC_R && q->kind != ACC_W && q->kind != ACC_X)) {
        fprintf(stderr, "rtl: access of size %u, kind %d (expected size 1, 2, 4 or 8, kind r/w/x)\n",
                q->size, (int)q->kind);
        abort();
    }
    return be_port_access(q, port_cb, phys_cb, rb(b));
}

static be_status cache_op(backend *b, unsigned mnt, uint64_t pa)
{
    uint64_t err = 0;
    rtl_be *r = rb(b);
    pm_drain(r);
    if (csr(r, RTL_CSR_CACHE, mnt, pa, 0, &err))
        return BE_GP;
    return err ? BE_MCE : BE_OK;
}

static be_status rtl_cache_wbinvd(backend *b) { return cache_op(b, RTL_MNT_WBINV_ALL, 0); }
static be_status rtl_cache_invd(backend *b) { return cache_op(b, RTL_MNT_INV_ALL, 0); }

static be_status rtl_cache_line(backend *b, unsigned op, uint64_t pa)
{
    static const unsigned mnt[] = {[BE_CLINE_WB] = RTL_MNT_WB_LINE, [BE_CLINE_INV] = RTL_MNT_INV_LINE,
                                   [BE_CLINE_WBINV] = RTL_MNT_WBINV_LINE};
    if (op > BE_CLINE_WBINV)
        return BE_GP;
    return cache_op(b, mnt[op], pa);
}

/* The cache's line zero, a maintenance command (its CSR round trip costs a few cycles more
 * than the 8 cycles the cache spends writing the line). */
static be_status rtl_line_zero(backend *b, uint64_t pa)
{
    be_status s = cache_op(b, RTL_MNT_ZERO_LINE, pa);
    if (s == BE_GP) {
        fprintf(stderr, "rtl: the CSR block refused the line zero at %#llx\n", (unsigned long long)pa);
        abort();
    }
    return s;
}

/* Consecutive line zeros through the physical port, queued back to back as posted stores
 * are: the cache takes the next as it answers one, where the line zero of the command port
 * costs each line the command's round trip (a page clear is 64 of them). One drain at the
 * end; a machine check on any of them (a displaced line's write-back failed) is the
 * result, and only theirs: what was queued before is drained first. */
static be_status rtl_zero_lines(backend *b, uint64_t pa, unsigned n)
{
    rtl_be *r = rb(b);
    rtl_drive idle = {0};
    settle(r);
    bool seen = r->pm_mce_seen;
    r->pm_mce_seen = false;
    for (unsigned i = 0; i < n; i++) {
        for (unsigned w = 0; r->plen == PMQ; w++) {
            if (w == RTL_WATCHDOG)
                hang(r, "physical-port queue space");
            step(r, &idle, NULL);
        }
        r->pq[(r->phead + r->plen++) % PMQ] = (pm_req){.zero = true, .addr = pa + (uint64_t)i * BE_LINE,
                                                       .lsize = 3};
    }
    pm_drain(r);
    bool mce = r->pm_mce_seen;
    r->pm_mce_seen = seen || mce;
    return mce ? BE_MCE : BE_OK;
}

static void rtl_counters(backend *b, uint64_t out[BE_NCOUNTERS])
{
    rtl_be *r = rb(b);
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        if (csr(r, RTL_CSR_COUNTER, i, 0, 0, &out[i])) {
            fprintf(stderr, "rtl: counter %u (%s) is not implemented by the hardware\n", i,
                    be_counter_names[i]);
            out[i] = 0;
        }
}

/* The counters from the model's registers (the shim's peek_counters): no command, no cycle
 * of the simulated machine, once the posted physical-port requests have run (as a
 * command's read would wait for them); a model without the registers' names (a netlist)
 * is read by command. */
static void rtl_counters_peek(backend *b, uint64_t out[BE_NCOUNTERS])
{
    rtl_be *r = rb(b);
    if (!r->ops->peek_counters) {
        rtl_counters(b, out);
        return;
    }
    settle(r);
    unsigned n = r->ops->peek_counters(r->m, out, BE_NCOUNTERS);
    if (n != BE_NCOUNTERS) {
        fprintf(stderr, "rtl: the model (config %s) has %u counters, this program knows %u (backend.h's BE_COUNTERS)\n",
                r->ops->config, n, (unsigned)BE_NCOUNTERS);
        abort();
    }
}

static const struct backend_ops rtl_ops = {
    .destroy = rtl_destroy,
    .pwrite = rtl_pwrite,
    .pread = rtl_pread,
    .write_cr3 = rtl_write_cr3,
    .write_cr0_wp = rtl_write_cr0_wp,
    .write_cr4 = rtl_write_cr4,
    .write_efer_nxe = rtl_write_efer_nxe,
    .invlpg = rtl_invlpg,
    .invpcid = rtl_invpcid,
    .access = rtl_access,
    .counters = rtl_counters,
    .counters_peek = rtl_counters_peek,
    .cache_wbinvd = rtl_cache_wbinvd,
    .cache_invd = rtl_cache_invd,
    .cache_line = rtl_cache_line,
    .line_zero = rtl_line_zero,
    .zero_lines = rtl_zero_lines,
    .line_read = rtl_line_read,
};

/* RTL_AXI_FAULT_ENV: "rlast" or "bid", optionally "@CYCLE". false for anything else. */
static bool axi_fault_env(const char *v, unsigned *fault, uint64_t *from)
{
    size_t n = strcspn(v, "@");
    *from = 0;
    if (n == 5 && strncmp(v, "rlast", 5) == 0)
        *fault = RTL_AXI_FAULT_RLAST;
    else if (n == 3 && strncmp(v, "bid", 3) == 0)
        *fault = RTL_AXI_FAULT_BID;
    else
        return false;
    if (!v[n])
        return true;
    char *end;
    errno = 0;
    *from = strtoull(v + n + 1, &end, 0);
    return v[n + 1] >= '0' && v[n + 1] <= '9' && !*end && errno == 0;
}

backend *rtl_backend_create(const be_options *opt, char *err, size_t errlen)
{
    const char *cfg = opt && opt->config ? opt->config : OPENMMU_CONFIG_DEFAULT;
    char cerr[160];
    if (!tlb_geom_config_known(cfg, cerr, sizeof cerr)) {
        snprintf(err, errlen, "rtl: %s", cerr);
        return NULL;
    }
    const vl_shim_ops *ops = NULL;
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++)
        if (strcmp(configs[i]->config, cfg) == 0)
            ops = configs[i];
    if (!ops) { /* both lists are the table's: only a shim built under another name gets here */
        snprintf(err, errlen, "rtl: configuration '%s' has no model in this program", cfg);
        return NULL;
    }
    /* The geometry is compiled in: a --tlb naming another one is refused, so that no
     * comparison with the TLB model can silently run on different geometries. */
    if (opt && opt->tlb) {
        tlb_geom want, have;
        if (!tlb_geom_resolve(cfg, opt->tlb, &want, err, errlen))
            return NULL;
        if (!tlb_geom_resolve(cfg, ops->geom, &have, err, errlen))
            return NULL;
        if (!tlb_geom_equal(&want, &have)) {
            char d[160];
            tlb_geom_diff(&want, &have, d, sizeof d);
            snprintf(err, errlen, "rtl: --tlb: %s (this program's '%s' model; build the geometry with "
                     "make geom-model, docs/tlbmodel.md)", d, cfg);
            return NULL;
        }
    }
    /* The RTL's injected bugs are compiled into variant models (sim/variants.mk, from
     * inject/inject.def): there is nothing to switch on at run time. A variant program's
     * `small` model carries its bug without being asked: the program's name asks. */
    if (opt && !inj_check(opt->inject, 0, "the rtl backend (its bugs are compiled in, not switched on)", err, errlen))
        return NULL;
    unsigned fault = RTL_AXI_FAULT_NONE;
    uint64_t fault_from = 0;
    const char *fenv = getenv(RTL_AXI_FAULT_ENV);
    if (fenv && *fenv && !axi_fault_env(fenv, &fault, &fault_from)) {
        snprintf(err, errlen, "rtl: %s='%s': expected rlast or bid, optionally @CYCLE (the memory breaks the "
                 "AXI4 protocol from that cycle on, for the checker's tests)", RTL_AXI_FAULT_ENV, fenv);
        return NULL;
    }
    rtl_be *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "rtl: out of memory");
        return NULL;
    }
    r->axi_fault = fault;
    r->axi_fault_from = fault_from;
    r->base.ops = &rtl_ops;
    r->base.name = "rtl";
    r->base.maxphyaddr = MAXPHYADDR_DEFAULT;
    r->ops = ops;
    axi_slave_cfg scfg = {.latency = opt && opt->mem_latency > 1 ? opt->mem_latency : 1,
                          .beat_interval = opt && opt->mem_beat_interval > 1 ? opt->mem_beat_interval : 1};
    r->mem = physmem_new();
    r->sl = r->mem ? axi_slave_new(r->mem, &scfg) : NULL;
    r->chk = axi_check_new();
    r->m = ops->create();
    if (!r->mem || !r->m || !r->sl || !r->chk) {
        snprintf(err, errlen, "rtl: cannot create the model");
        if (r->m)
            ops->destroy(r->m);
        axi_slave_free(r->sl);
        axi_check_free(r->chk);
        physmem_free(r->mem);
        free(r);
        return NULL;
    }
    if (opt && opt->wave_path && !open_trace(r, opt->wave_path, opt->wave_from, opt->wave_to, false)) {
        snprintf(err, errlen, "rtl: cannot open waveform file '%s'", opt->wave_path);
        rtl_destroy(&r->base);
        return NULL;
    }
    wof_clock(&r->cycle);
    r->snap_at = wof_next_snapshot();
    /* Reset: two cycles with rst_n low. */
    rtl_drive idle = {0};
    r->io.rst_n = 0;
    step(r, &idle, NULL);
    step(r, &idle, NULL);
    r->io.rst_n = 1;
    return &r->base;
}

/* The hooks below see the model with every earlier pwrite done. */
void rtl_set_mem_hook(backend *b, rtl_mem_hook fn, void *ctx)
{
    settle(rb(b));
    rb(b)->hook = fn;
    rb(b)->hook_ctx = ctx;
}

void rtl_set_obs_hook(backend *b, rtl_obs_hook fn, void *ctx)
{
    settle(rb(b));
    rb(b)->obs_hook = fn;
    rb(b)->obs_ctx = ctx;
}

bool rtl_has_obs(backend *b) { return rb(b)->ops->obs; }

physmem *rtl_physmem(backend *b)
{
    settle(rb(b));
    return rb(b)->mem;
}

axi_slave *rtl_axi_slave(backend *b)
{
    settle(rb(b));
    return rb(b)->sl;
}

void rtl_set_axi_fault(backend *b, unsigned fault)
{
    settle(rb(b));
    rb(b)->axi_fault = fault;
}

uint64_t rtl_now(backend *b)
{
    settle(rb(b));
    return rb(b)->cycle;
}

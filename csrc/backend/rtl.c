/* The "rtl" backend: the Verilated mmu_top clocked from C (see rtl.h). */
#include "rtl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

#define MEMQ 16 /* memory responses in flight (the walker has one at a time) */

typedef struct {
    uint64_t due;
    uint64_t data;
} mem_rsp;

typedef struct {
    backend base;
    const vl_shim_ops *ops;
    vl_model *m;
    vl_io io;
    physmem *mem;
    uint64_t cycle;
    unsigned latency;
    mem_rsp q[MEMQ];
    unsigned qhead, qlen;
    bool tracing;
    uint64_t wave_from, wave_to;
    rtl_mem_hook hook;
    void *hook_ctx;
} rtl_be;

static rtl_be *rb(backend *b) { return (rtl_be *)b; }

static const vl_shim_ops *const configs[] = {&vl_shim_i7, &vl_shim_small};

static void hang(rtl_be *r, const char *what)
{
    fflush(stdout);
    fprintf(stderr, "rtl: watchdog: no %s within %u cycles (cycle %llu, config %s); "
            "the model is stuck\n", what, RTL_WATCHDOG, (unsigned long long)r->cycle,
            r->ops->config);
    _exit(3);
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

void rtl_step(backend *b, const rtl_drive *in, rtl_seen *out)
{
    rtl_be *r = rb(b);
    vl_io *io = &r->io;

    io->if_req_valid = in->if_valid;
    io->if_req_va = in->if_req.va;
    io->if_req_kind = (uint8_t)in->if_req.kind;
    io->if_req_user = in->if_req.user;
    io->ls_req_valid = in->ls_valid;
    io->ls_req_va = in->ls_req.va;
    io->ls_req_kind = (uint8_t)in->ls_req.kind;
    io->ls_req_user = in->ls_req.user;
    io->csr_req_valid = in->csr_valid;
    io->csr_req_op = (uint8_t)in->csr.op;
    io->csr_req_arg0 = in->csr.arg0;
    io->csr_req_arg1 = in->csr.arg1;
    io->csr_req_arg2 = in->csr.arg2;

    /* The memory port: always ready while responses fit; one response a cycle, in order. */
    io->mem_req_ready = r->qlen < MEMQ;
    bool rsp = r->qlen > 0 && r->q[r->qhead].due <= r->cycle;
    io->mem_rsp_valid = rsp;
    io->mem_rsp_err = 0;
    io->mem_rsp_rdata = rsp ? r->q[r->qhead].data : 0;

    bool dump = r->tracing && r->cycle >= r->wave_from && (r->wave_to == 0 || r->cycle <= r->wave_to);
    r->ops->cycle(r->m, io, dump);

    if (rsp) {
        r->qhead = (r->qhead + 1) % MEMQ;
        r->qlen--;
    }
    if (io->mem_req_valid && io->mem_req_ready) {
        rtl_mem_req q = {.cycle = r->cycle, .cas = io->mem_req_cas, .addr = io->mem_req_addr,
                         .expect = io->mem_req_expect, .wdata = io->mem_req_wdata};
        if (r->hook)
            r->hook(r->hook_ctx, b, &q);
        uint64_t v = q.cas ? physmem_cas64(r->mem, q.addr, q.expect, q.wdata)
                           : physmem_read(r->mem, q.addr, 8);
        mem_rsp *slot = &r->q[(r->qhead + r->qlen) % MEMQ];
        slot->due = r->cycle + r->latency;
        slot->data = v;
        r->qlen++;
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
        if (out->ls_rsp)
            out->ls_resp = port_resp(io->ls_rsp_status, io->ls_rsp_pa, io->ls_rsp_err, io->ls_rsp_addr);
        out->csr_gp = io->csr_rsp_gp;
        out->csr_rdata = io->csr_rsp_rdata;
    }
    r->cycle++;
}

/* One translation on the port for its kind, run to its response. */
static be_resp translate(rtl_be *r, uint64_t va, acc_kind kind, bool user)
{
    bool fetch = kind == ACC_X;
    rtl_drive in = {0};
    be_req q = {.va = va, .kind = kind, .user = user};
    if (fetch) {
        in.if_valid = true;
        in.if_req = q;
    } else {
        in.ls_valid = true;
        in.ls_req = q;
    }
    rtl_seen s;
    for (unsigned n = 0;; n++) {
        if (n == RTL_WATCHDOG)
            hang(r, fetch ? "fetch-port response" : "load/store-port response");
        rtl_step(&r->base, &in, &s);
        if (fetch ? s.if_taken : s.ls_taken)
            in.if_valid = in.ls_valid = false;
        if (fetch ? s.if_rsp : s.ls_rsp)
            return fetch ? s.if_resp : s.ls_resp;
    }
}

static bool csr(rtl_be *r, rtl_csr_op op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t *rdata)
{
    rtl_drive in = {.csr_valid = true, .csr = {.op = op, .arg0 = a0, .arg1 = a1, .arg2 = a2}};
    rtl_seen s;
    for (unsigned n = 0;; n++) {
        if (n == RTL_WATCHDOG)
            hang(r, "CSR-port response");
        rtl_step(&r->base, &in, &s);
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
    r->ops->destroy(r->m);
    physmem_free(r->mem);
    free(r);
}

/* Physical accesses go straight to memory: the walker has no cache, so this is coherent. */
static void rtl_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val)
{
    rtl_be *r = rb(b);
    if ((pa & 7) + size <= 8) {
        physmem_write(r->mem, pa, size, val);
        return;
    }
    for (unsigned i = 0; i < size; i++)
        physmem_write(r->mem, pa + i, 1, (val >> (8 * i)) & 0xff);
}

static uint64_t rtl_pread(backend *b, uint64_t pa, unsigned size)
{
    rtl_be *r = rb(b);
    if ((pa & 7) + size <= 8)
        return physmem_read(r->mem, pa, size);
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= physmem_read(r->mem, pa + i, 1) << (8 * i);
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

static bool canonical(uint64_t va) { return ((int64_t)(va << 16) >> 16) == (int64_t)va; }

/* An access crossing a 4 KiB page is two translations; a fault on the second part reports
 * the second part's address. The #GP of an access whose last byte is non-canonical comes
 * before any paging, so that part goes to the hardware first. The data moves between the
 * translated addresses and the physmem here, in C: the RTL has no data path yet. */
static be_resp rtl_access(backend *b, const be_req *q)
{
    rtl_be *r = rb(b);
    if ((q->size != 1 && q->size != 2 && q->size != 4 && q->size != 8) ||
        (q->kind != ACC_R && q->kind != ACC_W && q->kind != ACC_X)) {
        fprintf(stderr, "rtl: access of size %u, kind %d (expected size 1, 2, 4 or 8, kind r/w/x)\n",
                q->size, (int)q->kind);
        abort();
    }
    uint64_t next = (q->va | 0xfff) + 1;
    bool split = (q->va & 0xfff) + q->size > 0x1000;
    unsigned n1 = split ? (unsigned)(next - q->va) : q->size;
    if (split && canonical(q->va) && !canonical(next)) {
        be_resp gp = translate(r, next, q->kind, q->user);
        if (gp.status != BE_OK)
            return gp;
    }
    be_resp first = translate(r, q->va, q->kind, q->user);
    if (first.status != BE_OK)
        return first;
    uint64_t pa2 = 0;
    if (split) {
        be_resp second = translate(r, next, q->kind, q->user);
        if (second.status != BE_OK)
            return second;
        pa2 = second.pa;
    }
    for (unsigned i = 0; i < q->size; i++) {
        uint64_t pa = i < n1 ? first.pa + i : pa2 + (i - n1);
        if (q->kind == ACC_W)
            physmem_write(r->mem, pa, 1, (q->wdata >> (8 * i)) & 0xff);
        else
            first.rdata |= physmem_read(r->mem, pa, 1) << (8 * i);
    }
    return first;
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
};

backend *rtl_backend_create(const be_options *opt, char *err, size_t errlen)
{
    const char *cfg = opt && opt->config ? opt->config : "i7";
    const vl_shim_ops *ops = NULL;
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++)
        if (strcmp(configs[i]->config, cfg) == 0)
            ops = configs[i];
    if (!ops) {
        snprintf(err, errlen, "rtl: unknown configuration '%s' (expected i7 or small)", cfg);
        return NULL;
    }
    /* The injectable bugs are defects of the reference side of lockstep; the RTL has none. */
    if (opt && opt->inject > BE_INJ_PSC_KEEP) {
        snprintf(err, errlen, "rtl: unknown injected bug %u", opt->inject);
        return NULL;
    }
    rtl_be *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "rtl: out of memory");
        return NULL;
    }
    r->base.ops = &rtl_ops;
    r->base.name = "rtl";
    r->base.maxphyaddr = MAXPHYADDR_DEFAULT;
    r->ops = ops;
    r->latency = opt && opt->mem_latency > 1 ? opt->mem_latency : 1;
    r->mem = physmem_new();
    r->m = ops->create();
    if (!r->mem || !r->m) {
        snprintf(err, errlen, "rtl: cannot create the model");
        if (r->m)
            ops->destroy(r->m);
        physmem_free(r->mem);
        free(r);
        return NULL;
    }
    if (opt && opt->wave_path) {
        if (!ops->trace_open(r->m, opt->wave_path)) {
            snprintf(err, errlen, "rtl: cannot open waveform file '%s'", opt->wave_path);
            rtl_destroy(&r->base);
            return NULL;
        }
        r->tracing = true;
        r->wave_from = opt->wave_from;
        r->wave_to = opt->wave_to;
    }
    /* Reset: two cycles with rst_n low. */
    rtl_drive idle = {0};
    r->io.rst_n = 0;
    rtl_step(&r->base, &idle, NULL);
    rtl_step(&r->base, &idle, NULL);
    r->io.rst_n = 1;
    return &r->base;
}

void rtl_set_mem_hook(backend *b, rtl_mem_hook fn, void *ctx)
{
    rb(b)->hook = fn;
    rb(b)->hook_ctx = ctx;
}

physmem *rtl_physmem(backend *b) { return rb(b)->mem; }

uint64_t rtl_now(backend *b) { return rb(b)->cycle; }

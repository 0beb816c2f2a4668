// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board backend (board_backend.h). */
#include "board_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/port_split.h"
#include "backend/rtl.h" /* the CSR port's commands: the board passes them through */
#include "backend/wave_marks.h"
#include "common/configs.h"
#include "board/proto.h"
#include "inject/inject.h"

typedef struct {
    backend base;
    board_link *link;
    const char *what; /* the backend's name, for messages */
    unsigned timeout_ms;
    uint8_t seq; /* the next request's */
    board_hello hello;
    bp_rx rx;
    bp_frame rsp;
} board_be;

static board_be *bb(backend *b) { return (board_be *)b; }

static const char *type_name(unsigned t)
{
    switch (t) {
    case BP_HELLO: return "HELLO";
    case BP_RESET: return "RESET";
    case BP_PWRITE: return "PWRITE";
    case BP_PREAD: return "PREAD";
    case BP_LINE_READ: return "LINE_READ";
    case BP_LINE_WRITE: return "LINE_WRITE";
    case BP_CSR: return "CSR";
    case BP_COUNTERS: return "COUNTERS";
    case BP_PORT: return "PORT";
    default: return "?";
    }
}

/* Where the run is: the scenario line, when a scenario is running. */
static void where(char *buf, size_t n)
{
    const wave_marks *m = wave_marks_now();
    if (m->line)
        snprintf(buf, n, " (scenario line %u, %s)", m->line, m->op);
    else
        buf[0] = 0;
}

static _Noreturn void fail(board_be *r, const char *msg)
{
    char at[64];
    where(at, sizeof at);
    fflush(stdout);
    fprintf(stderr, "%s: board on %s %s%s\n", r->what, r->link->name, msg, at);
    exit(3);
}

/* Sends one request and waits for its response; false with a message in err. On success
 * r->rsp holds the response, its length already checked against its type. */
static bool try_transact(board_be *r, uint8_t type, const uint8_t *pl, uint16_t len, unsigned timeout_ms,
                         char *err, size_t errlen)
{
    uint8_t fr[BP_OVERHEAD + BP_MAX_REQ];
    size_t n = bp_encode(fr, r->seq, type, pl, len);
    char lerr[256];
    if (!r->link->ops->send(r->link, fr, n, lerr, sizeof lerr)) {
        snprintf(err, errlen, "cannot send %s: %s", type_name(type), lerr);
        return false;
    }
    uint8_t seq = r->seq;
    bp_rx_init(&r->rx, BP_MAX_RSP);
    for (;;) {
        uint8_t in[512];
        long got = r->link->ops->recv(r->link, in, sizeof in, timeout_ms, lerr, sizeof lerr);
        if (got < 0) {
            snprintf(err, errlen, "waiting for the response to %s: %s", type_name(type), lerr);
            return false;
        }
        if (got == 0) {
            if (r->rx.got)
                snprintf(err, errlen, "sent %zu bytes of its response to %s (SEQ %u), then nothing within %g s "
                         "(a truncated frame)", r->rx.got, type_name(type), seq, timeout_ms / 1000.0);
            else
                snprintf(err, errlen, "did not answer %s within %g s", type_name(type), timeout_ms / 1000.0);
            return false;
        }
        for (long i = 0; i < got; i++) {
            bp_rx_result x = bp_rx_byte(&r->rx, in[i], &r->rsp);
            if (x == BP_RX_MORE)
                continue;
            if (x == BP_RX_NOT_SYNC) {
                snprintf(err, errlen, "answered %s with byte 0x%02x where a frame must begin (garbage, not a "
                         "response)", type_name(type), in[i]);
                return false;
            }
            if (x == BP_RX_TOO_LONG) {
                snprintf(err, errlen, "answered %s with a frame of LEN %u (more than any response)", type_name(type),
                         (unsigned)bp_get(r->rx.buf + 1, 2));
                return false;
            }
            if (x == BP_RX_BAD_CRC) {
                snprintf(err, errlen, "answered %s with a frame whose CRC does not match (a corrupted response)",
                         type_name(type));
                return false;
            }
            if (i + 1 < got) {
                snprintf(err, errlen, "sent %ld more bytes after its response to %s (one response per request)",
                         got - i - 1, type_name(type));
                return false;
            }
            char cerr[200];
            int c = bp_check_response(&r->rsp, seq, type, cerr, sizeof cerr);
            if (c != 0) {
                snprintf(err, errlen, "%s %s (SEQ %u): %s", c > 0 ? "rejected" : "answered", type_name(type), seq,
                         cerr);
                return false;
            }
            r->seq = (uint8_t)(seq + 1);
            return true;
        }
    }
}

static const bp_frame *transact(board_be *r, uint8_t type, const uint8_t *pl, uint16_t len)
{
    char err[512];
    if (!try_transact(r, type, pl, len, r->timeout_ms, err, sizeof err))
        fail(r, err);
    return &r->rsp;
}

/* [pa, pa + n) within the board's memory, or a refusal before anything is sent. */
static void in_memory(board_be *r, const char *op, uint64_t pa, uint64_t n)
{
    const board_hello *h = &r->hello;
    if (pa >= h->mem_base && n <= h->mem_bytes && pa - h->mem_base <= h->mem_bytes - n)
        return;
    char at[64];
    where(at, sizeof at);
    fflush(stdout);
    fprintf(stderr, "%s: %s of %llu bytes at %#llx%s: outside the board's memory [%#llx, %#llx) on %s (its HELLO); "
            "nothing was sent\n", r->what, op, (unsigned long long)n, (unsigned long long)pa, at,
            (unsigned long long)h->mem_base, (unsigned long long)(h->mem_base + h->mem_bytes), r->link->name);
    exit(2);
}

static void board_destroy(backend *b)
{
    board_be *r = bb(b);
    r->link->ops->close(r->link);
    free(r);
}

static void board_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val)
{
    board_be *r = bb(b);
    in_memory(r, "pwrite", pa, size);
    for (unsigned i = 0; i < size;) {
        unsigned p = be_piece(pa + i, size - i);
        uint8_t pl[17];
        bp_put(pl, pa + i, 8);
        pl[8] = (uint8_t)p;
        bp_put(pl + 9, val >> (8 * i), 8);
        transact(r, BP_PWRITE, pl, sizeof pl);
        i += p;
    }
}

static uint64_t phys_load(board_be *r, uint64_t pa, unsigned size)
{
    uint8_t pl[9];
    bp_put(pl, pa, 8);
    pl[8] = (uint8_t)size;
    const bp_frame *f = transact(r, BP_PREAD, pl, sizeof pl);
    return f->payload[0] ? 0 : bp_get(f->payload + 1, 8); /* mce: the value read is 0 */
}

static uint64_t board_pread(backend *b, uint64_t pa, unsigned size)
{
    board_be *r = bb(b);
    in_memory(r, "pread", pa, size);
    uint64_t v = 0;
    for (unsigned i = 0; i < size;) {
        unsigned p = be_piece(pa + i, size - i);
        v |= phys_load(r, pa + i, p) << (8 * i);
        i += p;
    }
    return v;
}

/* One CSR-port command; true if it raised #GP. */
static bool csr(board_be *r, unsigned op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t *rdata)
{
    uint8_t pl[25];
    pl[0] = (uint8_t)op;
    bp_put(pl + 1, a0, 8);
    bp_put(pl + 9, a1, 8);
    bp_put(pl + 17, a2, 8);
    const bp_frame *f = transact(r, BP_CSR, pl, sizeof pl);
    if (rdata)
        *rdata = bp_get(f->payload + 1, 8);
    return f->payload[0] != 0;
}

static be_status csr_status(backend *b, unsigned op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    return csr(bb(b), op, a0, a1, a2, NULL) ? BE_GP : BE_OK;
}

static be_status board_write_cr3(backend *b, uint64_t v) { return csr_status(b, RTL_CSR_CR3, v, 0, 0); }
static be_status board_write_cr0_wp(backend *b, bool wp) { return csr_status(b, RTL_CSR_CR0, (uint64_t)wp << 16, 0, 0); }
static be_status board_write_efer_nxe(backend *b, bool nxe)
{
    return csr_status(b, RTL_CSR_EFER, (uint64_t)nxe << 11, 0, 0);
}
static be_status board_invlpg(backend *b, uint64_t va) { return csr_status(b, RTL_CSR_INVLPG, va, 0, 0); }
static be_status board_invpcid(backend *b, unsigned t, uint64_t pcid, uint64_t va)
{
    return csr_status(b, RTL_CSR_INVPCID, t, pcid, va);
}
static be_status board_write_cr4(backend *b, be_cr4 c)
{
    uint64_t v = (uint64_t)c.pge << 7 | (uint64_t)c.pcide << 17 | (uint64_t)c.smep << 20 | (uint64_t)c.smap << 21;
    return csr_status(b, RTL_CSR_CR4, v, 0, 0);
}

/* One request on a CPU port, as the PORT frame carries it. */
static be_resp port_cb(void *ctx, const be_req *q, bool fetch_port, bool nodata)
{
    board_be *r = ctx;
    uint8_t pl[20];
    unsigned lsize = q->size >= 8 ? 3 : q->size >= 4 ? 2 : q->size >= 2 ? 1 : 0;
    pl[0] = fetch_port ? 0 : 1;
    pl[1] = (uint8_t)q->kind;
    pl[2] = (uint8_t)(q->user | (!fetch_port && nodata) << 1);
    pl[3] = fetch_port ? 0 : (uint8_t)lsize;
    bp_put(pl + 4, q->va, 8);
    bp_put(pl + 12, fetch_port ? 0 : q->wdata, 8);
    const bp_frame *f = transact(r, BP_PORT, pl, sizeof pl);
    be_resp o = {.status = (be_status)f->payload[0]};
    if (o.status > BE_MCE) {
        char m[96];
        snprintf(m, sizeof m, "answered PORT with status %u (expected 0..3)", f->payload[0]);
        fail(r, m);
    }
    if (o.status == BE_OK)
        o.pa = bp_get(f->payload + 2, 8);
    if (o.status == BE_PF) {
        o.err = f->payload[1];
        o.cr2 = bp_get(f->payload + 10, 8);
    }
    if (o.status == BE_OK && !fetch_port)
        o.rdata = bp_get(f->payload + 18, 8);
    return o;
}

static uint64_t phys_cb(void *ctx, uint64_t pa, unsigned size)
{
    board_be *r = ctx;
    in_memory(r, "fetch's physical read", pa, size);
    return phys_load(r, pa, size);
}

static be_resp board_access(backend *b, const be_req *q)
{
    if ((q->size != 1 && q->size != 2 && q->size != 4 && q->size != 8) ||
        (q->kind != ACC_R && q->kind != ACC_W && q->kind != ACC_X)) {
        fprintf(stderr, "%s: access of size %u, kind %d (expected size 1, 2, 4 or 8, kind r/w/x)\n", bb(b)->what,
                q->size, (int)q->kind);
        abort();
    }
    return be_port_access(q, port_cb, phys_cb, bb(b));
}

static void board_counters(backend *b, uint64_t out[BE_NCOUNTERS])
{
    board_be *r = bb(b);
    const bp_frame *f = transact(r, BP_COUNTERS, NULL, 0);
    if (f->payload[0] != BE_NCOUNTERS) {
        char m[128];
        snprintf(m, sizeof m, "reports %u counters, this program knows %u (backend.h's BE_COUNTERS): another "
                 "version of the RTL", f->payload[0], (unsigned)BE_NCOUNTERS);
        fail(r, m);
    }
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        out[i] = bp_get(f->payload + 1 + 8 * i, 8);
}

static be_status cache_op(board_be *r, unsigned mnt, uint64_t pa)
{
    uint64_t failed = 0;
    if (csr(r, RTL_CSR_CACHE, mnt, pa, 0, &failed))
        return BE_GP;
    return failed ? BE_MCE : BE_OK;
}

static be_status board_cache_wbinvd(backend *b) { return cache_op(bb(b), RTL_MNT_WBINV_ALL, 0); }
static be_status board_cache_invd(backend *b) { return cache_op(bb(b), RTL_MNT_INV_ALL, 0); }

static be_status board_cache_line(backend *b, unsigned op, uint64_t pa)
{
    static const unsigned mnt[] = {[BE_CLINE_WB] = RTL_MNT_WB_LINE, [BE_CLINE_INV] = RTL_MNT_INV_LINE,
                                   [BE_CLINE_WBINV] = RTL_MNT_WBINV_LINE};
    if (op > BE_CLINE_WBINV)
        return BE_GP;
    in_memory(bb(b), "cache line operation", pa & ~(uint64_t)(BE_LINE - 1), BE_LINE);
    return cache_op(bb(b), mnt[op], pa);
}

static be_status board_line_zero(backend *b, uint64_t pa)
{
    board_be *r = bb(b);
    in_memory(r, "line zero", pa, BE_LINE);
    be_status s = cache_op(r, RTL_MNT_ZERO_LINE, pa);
    if (s == BE_GP)
        fail(r, "refused a line zero (#GP from its CSR block)");
    return s;
}

static void board_line_read(backend *b, uint64_t pa, uint64_t w[8])
{
    board_be *r = bb(b);
    in_memory(r, "line read", pa, BE_LINE);
    uint8_t pl[8];
    bp_put(pl, pa, 8);
    const bp_frame *f = transact(r, BP_LINE_READ, pl, sizeof pl);
    for (unsigned i = 0; i < 8; i++)
        w[i] = bp_get(f->payload + 1 + 8 * i, 8);
}

static void board_line_write(backend *b, uint64_t pa, const uint64_t w[8])
{
    board_be *r = bb(b);
    in_memory(r, "line write", pa, BE_LINE);
    uint8_t pl[72];
    bp_put(pl, pa, 8);
    for (unsigned i = 0; i < 8; i++)
        bp_put(pl + 8 + 8 * i, w[i], 8);
    transact(r, BP_LINE_WRITE, pl, sizeof pl);
}

static const struct backend_ops board_ops = {
    .destroy = board_destroy,
    .pwrite = board_pwrite,
    .pread = board_pread,
    .write_cr3 = board_write_cr3,
    .write_cr0_wp = board_write_cr0_wp,
    .write_cr4 = board_write_cr4,
    .write_efer_nxe = board_write_efer_nxe,
    .invlpg = board_invlpg,
    .invpcid = board_invpcid,
    .access = board_access,
    .counters = board_counters,
    .cache_wbinvd = board_cache_wbinvd,
    .cache_invd = board_cache_invd,
    .cache_line = board_cache_line,
    .line_zero = board_line_zero,
    .line_read = board_line_read,
    .line_write = board_line_write,
};

static bool read_hello(board_be *r, char *err, size_t errlen)
{
    const bp_frame *f = &r->rsp;
    board_hello *h = &r->hello;
    const uint8_t *p = f->payload;
    h->version = p[0];
    h->pa_bits = p[1];
    h->clks_per_bit = (unsigned)bp_get(p + 2, 2);
    h->timeout_bits = (unsigned)bp_get(p + 4, 2);
    h->noise = (unsigned)bp_get(p + 6, 2);
    h->clk_hz = (uint32_t)bp_get(p + 8, 4);
    h->mem_base = bp_get(p + 12, 8);
    h->mem_bytes = bp_get(p + 20, 8);
    memcpy(h->config, p + 28, 8);
    h->config[8] = 0;
    h->nparams = p[36];
    if (h->version != BP_VERSION) {
        snprintf(err, errlen, "board on %s speaks protocol version %u; this program speaks version %u "
                 "(docs/board-protocol.md)", r->link->name, h->version, BP_VERSION);
        return false;
    }
    if (h->nparams > sizeof h->params / sizeof h->params[0]) {
        snprintf(err, errlen, "board on %s reports %u geometry parameters (at most %zu)", r->link->name, h->nparams,
                 sizeof h->params / sizeof h->params[0]);
        return false;
    }
    for (unsigned i = 0; i < h->nparams; i++)
        h->params[i] = (uint32_t)bp_get(p + BP_HELLO_FIXED + 4 * i, 4);
    if (h->pa_bits < 32 || h->pa_bits > 52 || h->mem_bytes == 0 || h->mem_base + h->mem_bytes < h->mem_base ||
        h->mem_base + h->mem_bytes > (1ull << h->pa_bits)) {
        snprintf(err, errlen, "board on %s reports an impossible memory [%#llx, +%#llx) or physical-address width %u",
                 r->link->name, (unsigned long long)h->mem_base, (unsigned long long)h->mem_bytes, h->pa_bits);
        return false;
    }
    return true;
}

static bool hello_matches_table(const board_be *r, char *err, size_t errlen);

backend *board_backend_create(board_link *link, const board_link_opts *lo, const be_options *opt, char *err,
                              size_t errlen)
{
    const char *what = lo && lo->name ? lo->name : "board";
    if (opt && !inj_check(opt->inject, 0, what, err, errlen)) {
        link->ops->close(link);
        return NULL;
    }
    if (opt && opt->tlb) {
        snprintf(err, errlen, "%s: --tlb: the board's geometry is built into its bitstream (HELLO reports it)",
                 what);
        link->ops->close(link);
        return NULL;
    }
    if (opt && (opt->mem_latency || opt->mem_beat_interval)) {
        snprintf(err, errlen, "%s: --mem-latency/--mem-beat: the board's memory is its block RAM, with the timing "
                 "it has", what);
        link->ops->close(link);
        return NULL;
    }
    board_be *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of host memory", what);
        link->ops->close(link);
        return NULL;
    }
    r->base = (backend){.ops = &board_ops, .name = what, .maxphyaddr = MAXPHYADDR_DEFAULT};
    r->link = link;
    r->what = what;
    r->timeout_ms = lo && lo->timeout_ms ? lo->timeout_ms : BOARD_TIMEOUT_MS;
    char terr[512];
    /* HELLO is taken with any SEQ: 0 starts the count as a freshly powered board expects */
    r->seq = 0;
    if (!try_transact(r, BP_HELLO, NULL, 0, r->timeout_ms, terr, sizeof terr)) {
        snprintf(err, errlen, "board on %s %s", link->name, terr);
        board_destroy(&r->base);
        return NULL;
    }
    if (!read_hello(r, err, errlen)) {
        board_destroy(&r->base);
        return NULL;
    }
    r->base.maxphyaddr = r->hello.pa_bits;
    if (!hello_matches_table(r, err, errlen)) {
        board_destroy(&r->base);
        return NULL;
    }
    if (opt && opt->config && strcmp(opt->config, r->hello.config) != 0) {
        snprintf(err, errlen, "board on %s runs configuration '%s', not '%s' (--config)", link->name,
                 r->hello.config, opt->config);
        board_destroy(&r->base);
        return NULL;
    }
    if (!(lo && lo->fresh)) {
        /* the memory clear: mem_bytes / 8 cycles of the design clock, on top of the timeout */
        uint64_t clear_ms = r->hello.clk_hz ? r->hello.mem_bytes / 8 * 1000 / r->hello.clk_hz + 1 : 0;
        if (!try_transact(r, BP_RESET, NULL, 0, r->timeout_ms + (unsigned)clear_ms, terr, sizeof terr)) {
            snprintf(err, errlen, "board on %s %s", link->name, terr);
            board_destroy(&r->base);
            return NULL;
        }
    }
    return &r->base;
}

const board_hello *board_backend_hello(backend *b) { return &bb(b)->hello; }

/* A board that names a configuration of this program's table must have been built from the
 * same values (one per row, in the table's order: docs/board-protocol.md); a bitstream made
 * from another table would run other hardware under the name. A name the table lacks is
 * taken as it is: there is nothing to compare it with. */
static bool hello_matches_table(const board_be *r, char *err, size_t errlen)
{
    const board_hello *h = &r->hello;
    const uint32_t *v = config_values(h->config);
    if (!v)
        return true;
    if (h->nparams != CFG_NPARAMS) {
        snprintf(err, errlen, "board on %s runs configuration '%s' with %u parameters; this program's "
                 "rtl/configs.txt has %u (a bitstream from another table: make bitstream again)",
                 r->link->name, h->config, h->nparams, (unsigned)CFG_NPARAMS);
        return false;
    }
    for (unsigned i = 0; i < CFG_NPARAMS; i++)
        if (h->params[i] != v[i]) {
            snprintf(err, errlen, "board on %s runs configuration '%s' with %s=%u; this program's "
                     "rtl/configs.txt gives %u (a bitstream from another table: make bitstream again)",
                     r->link->name, h->config, config_param_name((cfg_param)i), h->params[i], v[i]);
            return false;
        }
    return true;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Directed and random tests of the L1 data cache with its AXI4 port (rtl/cache/dcache_axi.sv)
 * against the C AXI4 slave memory model, with the AXI4 protocol checker on every cycle.
 *
 *   test_dcache WAYS SETS [RANDOM_OPS]
 * WAYS and SETS must be the geometry the model was built with. Prints PASS/FAIL lines.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axi/axi_check.h"
#include "axi/axi_slave.h"
#include "common/physmem.h"
#include "tb_shim.h"

enum { OP_LOAD = 0, OP_STORE = 1, OP_CAS = 2 };
enum { MNT_WBINV_ALL = 0, MNT_INV_ALL = 1, MNT_WB_LINE = 2, MNT_INV_LINE = 3, MNT_WBINV_LINE = 4 };
#define WATCHDOG 20000

static unsigned g_ways, g_sets;
static int g_fail;
static char g_why[512];

typedef struct {
    tb_model *m;
    tb_io io;
    physmem *mem;
    axi_slave *sl;
    axi_check *chk;
    uint64_t cycle;
    uint64_t hits, misses, wbs, ucs, stalls;
    uint64_t aw_addr[64];
    unsigned naw;
    uint8_t last_arsize, last_awsize;
    uint64_t last_araddr;
} tb;

static void failf(const char *fmt, ...)
{
    if (g_fail)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_why, sizeof g_why, fmt, ap);
    va_end(ap);
    g_fail = 1;
}

static void step(tb *t)
{
    axi_slave_drive(t->sl, &t->io.axi);
    tb_model_cycle(t->m, &t->io);
    if (!axi_check_cycle(t->chk, &t->io.axi))
        failf("%s", axi_check_error(t->chk));
    axi_slave_observe(t->sl, &t->io.axi);
    axi_port *a = &t->io.axi;
    if (a->awvalid && a->awready) {
        t->aw_addr[t->naw++ % 64] = a->awaddr;
        t->last_awsize = a->awsize;
    }
    if (a->arvalid && a->arready) {
        t->last_araddr = a->araddr;
        t->last_arsize = a->arsize;
    }
    t->hits += t->io.ev_hit;
    t->misses += t->io.ev_miss;
    t->wbs += t->io.ev_wb;
    t->ucs += t->io.ev_uc;
    t->stalls += t->io.ev_stall;
    t->cycle++;
}

static tb *tb_new(unsigned latency, unsigned interval)
{
    tb *t = calloc(1, sizeof *t);
    t->m = tb_model_new();
    t->mem = physmem_new();
    axi_slave_cfg cfg = {.latency = latency, .beat_interval = interval};
    t->sl = axi_slave_new(t->mem, &cfg);
    t->chk = axi_check_new();
    t->io.rst_n = 0;
    step(t);
    step(t);
    t->io.rst_n = 1;
    return t;
}

static void tb_free(tb *t)
{
    tb_model_free(t->m);
    axi_slave_free(t->sl);
    axi_check_free(t->chk);
    physmem_free(t->mem);
    free(t);
}

/* ---- one blocking access on each port ---- */
typedef struct {
    uint64_t rdata;
    bool mce;
    unsigned lat;  /* cycles from the request's acceptance to its response */
    unsigned info;
} rsp;

static rsp cpu_access(tb *t, unsigned op, uint64_t pa, unsigned lsize, uint64_t wdata, bool uc,
                      bool ok, unsigned delay, unsigned info)
{
    rsp r = {0};
    tb_io *io = &t->io;
    io->cpu_req_valid = 1;
    io->cpu_req_op = (uint8_t)op;
    io->cpu_req_off = pa & 0xfff;
    io->cpu_req_size = (uint8_t)lsize;
    io->cpu_req_wdata = wdata;
    uint64_t acc = 0;
    bool accepted = false;
    for (unsigned n = 0; n < WATCHDOG; n++) {
        io->cpu_xlat_valid = accepted && t->cycle == acc + 1 + delay;
        io->cpu_xlat_ok = ok;
        io->cpu_xlat_ppn = pa >> 12;
        io->cpu_xlat_uc = uc;
        io->cpu_xlat_info = (uint8_t)info;
        step(t);
        io->cpu_xlat_valid = 0;
        if (!accepted && io->cpu_req_ready) {
            accepted = true;
            acc = t->cycle - 1;
            io->cpu_req_valid = 0;
        } else if (accepted && io->cpu_rsp_valid) {
            r.rdata = io->cpu_rsp_rdata;
            r.mce = io->cpu_rsp_mce;
            r.info = io->cpu_rsp_info;
            r.lat = (unsigned)(t->cycle - 1 - acc);
            return r;
        }
    }
    failf("cpu access to 0x%" PRIx64 ": no response within %d cycles", pa, WATCHDOG);
    io->cpu_req_valid = 0;
    return r;
}

static rsp ph_access(tb *t, unsigned op, uint64_t pa, unsigned lsize, uint64_t wdata, uint64_t expect)
{
    rsp r = {0};
    tb_io *io = &t->io;
    io->ph_req_valid = 1;
    io->ph_req_op = (uint8_t)op;
    io->ph_req_addr = pa;
    io->ph_req_size = (uint8_t)lsize;
    io->ph_req_wdata = wdata;
    io->ph_req_expect = expect;
    for (unsigned n = 0; n < WATCHDOG; n++) {
        step(t);
        if (io->ph_req_valid && io->ph_req_ready)
            io->ph_req_valid = 0;
        else if (!io->ph_req_valid && io->ph_rsp_valid) {
            r.rdata = io->ph_rsp_rdata;
            r.mce = io->ph_rsp_mce;
            return r;
        }
    }
    failf("physical access to 0x%" PRIx64 ": no response", pa);
    io->ph_req_valid = 0;
    return r;
}

static bool mnt(tb *t, unsigned op, uint64_t pa)
{
    tb_io *io = &t->io;
    io->mnt_req_valid = 1;
    io->mnt_req_op = (uint8_t)op;
    io->mnt_req_addr = pa;
    for (unsigned n = 0; n < 200000; n++) {
        step(t);
        if (io->mnt_req_valid && io->mnt_req_ready)
            io->mnt_req_valid = 0;
        else if (!io->mnt_req_valid && io->mnt_rsp_valid)
            return io->mnt_rsp_err;
    }
    failf("maintenance op %u: no response", op);
    io->mnt_req_valid = 0;
    return false;
}

/* Runs the cache until it takes requests again: a load that missed is answered as its word
 * arrives (early restart), before its fill has ended and the line is in. */
static void quiesce(tb *t)
{
    tb_io *io = &t->io;
    for (unsigned n = 0; n < WATCHDOG && !(io->cpu_req_ready && io->ph_req_ready); n++)
        step(t);
}

/* An access, and the cache idle after it (its line installed): the setup of a test. */
static uint64_t ld(tb *t, uint64_t pa, unsigned lsize)
{
    uint64_t v = cpu_access(t, OP_LOAD, pa, lsize, 0, false, true, 0, 0).rdata;
    quiesce(t);
    return v;
}
static void st(tb *t, uint64_t pa, unsigned lsize, uint64_t v)
{
    cpu_access(t, OP_STORE, pa, lsize, v, false, true, 0, 0);
    quiesce(t);
}

/* Line `l` of set `s` (distinct tags), high in the physical space. */
static uint64_t line_pa(unsigned s, unsigned l) { return 0x8000000000ull / 2 + ((uint64_t)l * g_sets + s) * 64; }

#define CHECK(c, ...) do { if (!(c)) { failf(__VA_ARGS__); goto out; } } while (0)

static void report(const char *name)
{
    if (g_fail)
        printf("FAIL cache.%uw%us.%s: %s\n", g_ways, g_sets, name, g_why);
    else
        printf("PASS cache.%uw%us.%s\n", g_ways, g_sets, name);
    fflush(stdout);
}

/* ---- directed tests ---- */

static void t_hit_miss_latency(void)
{
    tb *t = tb_new(20, 1);
    uint64_t pa = line_pa(3, 1) + 8;
    physmem_write(t->mem, pa, 8, 0x1122334455667788ull);
    rsp a = cpu_access(t, OP_LOAD, pa, 3, 0, false, true, 0, 1);
    CHECK(a.rdata == 0x1122334455667788ull && !a.mce, "miss returned 0x%" PRIx64, a.rdata);
    /* The compare that completes an access after its fill is not counted as a hit. */
    CHECK(t->misses == 1 && t->hits == 0, "miss (then its replay): %" PRIu64 " misses %" PRIu64 " hits", t->misses, t->hits);
    rsp b = cpu_access(t, OP_LOAD, pa + 2, 1, 0, false, true, 0, 1);
    CHECK(b.rdata == 0x5566 && b.lat == 2 && b.info == 1, "hit: data 0x%" PRIx64 " latency %u", b.rdata, b.lat);
    CHECK(t->misses == 1 && t->hits == 1, "second access should hit");
    printf("  load-to-use on a hit: %u cycles; miss (clean victim, memory latency 20, 1 beat/cycle): %u cycles\n",
           b.lat, a.lat);
out:
    tb_free(t);
    report("hit_miss_latency");
}

/* Back-to-back loads and stores to resident lines: one accepted every cycle. */
static void t_throughput(void)
{
    tb *t = tb_new(4, 1);
    for (unsigned i = 0; i < 4; i++)
        ld(t, line_pa(i, 0), 3);
    tb_io *io = &t->io;
    unsigned n = 256, accepted = 0, responses = 0;
    uint64_t start = t->cycle, pend_xlat = 0;
    bool xl = false;
    while (responses < n && t->cycle - start < 10 * n) {
        io->cpu_req_valid = accepted < n;
        uint64_t pa = line_pa(accepted % 4, 0) + 8 * (accepted % 8);
        io->cpu_req_op = (accepted & 1) ? OP_STORE : OP_LOAD;
        io->cpu_req_off = pa & 0xfff;
        io->cpu_req_size = 3;
        io->cpu_req_wdata = accepted;
        io->cpu_xlat_valid = xl;
        io->cpu_xlat_ok = 1;
        io->cpu_xlat_uc = 0;
        io->cpu_xlat_ppn = pend_xlat;
        step(t);
        xl = false;
        if (io->cpu_rsp_valid)
            responses++;
        if (io->cpu_req_valid && io->cpu_req_ready) {
            accepted++;
            xl = true;
            pend_xlat = pa >> 12;
        }
    }
    io->cpu_req_valid = 0;
    uint64_t cyc = t->cycle - start;
    CHECK(responses == n, "only %u of %u responses", responses, n);
    CHECK(cyc <= n + 3, "%u accesses took %" PRIu64 " cycles (want one a cycle)", n, cyc);
    printf("  hit stream: %u loads/stores in %" PRIu64 " cycles\n", n, cyc);
out:
    tb_free(t);
    report("throughput_one_per_cycle");
}

/* A load right behind a store to the same word sees the store (array read-during-write). */
static void t_store_load_forward(void)
{
    tb *t = tb_new(4, 1);
    uint64_t pa = line_pa(5, 0);
    ld(t, pa, 3);
    tb_io *io = &t->io;
    uint64_t got = 0;
    bool seen_store = false;
    /* cycle 0: store; cycle 1: load (with the store's translation) ; cycle 2: load's */
    for (int c = 0; c < 8; c++) {
        io->cpu_req_valid = c < 2;
        io->cpu_req_op = c == 0 ? OP_STORE : OP_LOAD;
        io->cpu_req_off = (pa + 3) & 0xfff;
        io->cpu_req_size = c == 0 ? 0 : 3;
        io->cpu_req_off = c == 0 ? ((pa + 3) & 0xfff) : (pa & 0xfff);
        io->cpu_req_wdata = 0xab;
        io->cpu_xlat_valid = c == 1 || c == 2;
        io->cpu_xlat_ok = 1;
        io->cpu_xlat_uc = 0;
        io->cpu_xlat_ppn = pa >> 12;
        step(t);
        CHECK(c >= 2 || io->cpu_req_ready, "back-to-back request %d not accepted", c);
        if (io->cpu_rsp_valid) {
            if (seen_store)
                got = io->cpu_rsp_rdata;
            seen_store = true;
        }
    }
    io->cpu_req_valid = 0;
    CHECK(got == 0xab000000ull, "load after store read 0x%" PRIx64, got);
out:
    tb_free(t);
    report("store_load_forward");
}

/* C model of one set with tree-PLRU, to check every hit, miss and victim. */
typedef struct {
    uint64_t tag[16];
    bool valid[16];
    bool t[16];
} pset;

static void p_touch(pset *p, unsigned way, unsigned lw)
{
    for (unsigned l = 0; l < lw; l++)
        p->t[(1u << l) - 1 + (way >> (lw - l))] = !((way >> (lw - 1 - l)) & 1);
}

static unsigned p_victim(const pset *p, unsigned ways, unsigned lw)
{
    for (unsigned w = 0; w < ways; w++)
        if (!p->valid[w])
            return w;
    unsigned v = 0;
    for (unsigned l = 0; l < lw; l++)
        v |= (unsigned)p->t[(1u << l) - 1 + (v >> (lw - l))] << (lw - 1 - l);
    return v;
}

static void t_plru_eviction(void)
{
    tb *t = tb_new(6, 2);
    unsigned lw = 0;
    while ((1u << lw) < g_ways)
        lw++;
    pset p = {0};
    unsigned s = 7, nlines = 2 * g_ways;
    uint64_t shadow[32] = {0};
    srand(7);
    for (unsigned i = 0; i < 400 && !g_fail; i++) {
        unsigned l = (unsigned)rand() % nlines;
        uint64_t pa = line_pa(s, l);
        int way = -1;
        for (unsigned w = 0; w < g_ways; w++)
            if (p.valid[w] && p.tag[w] == l)
                way = (int)w;
        uint64_t h0 = t->hits, m0 = t->misses, naw0 = t->naw;
        uint64_t v = ((uint64_t)i << 32) | l;
        st(t, pa + 8 * (i % 8), 3, v);
        if (way < 0) {
            unsigned vic = p_victim(&p, g_ways, lw);
            CHECK(t->misses == m0 + 1, "access %u (line %u) should miss", i, l);
            if (p.valid[vic]) {
                CHECK(t->naw == naw0 + 1 && t->aw_addr[naw0 % 64] == line_pa(s, (unsigned)p.tag[vic]),
                      "access %u: expected write-back of line %u (way %u), got %u write-backs to 0x%" PRIx64,
                      i, (unsigned)p.tag[vic], vic, (unsigned)(t->naw - naw0), t->aw_addr[naw0 % 64]);
            } else {
                CHECK(t->naw == naw0, "access %u: write-back with a free way", i);
            }
            p.valid[vic] = true;
            p.tag[vic] = l;
            way = (int)vic;
        } else {
            CHECK(t->hits == h0 + 1 && t->misses == m0 && t->naw == naw0, "access %u (line %u) should hit", i, l);
        }
        p_touch(&p, (unsigned)way, lw);
        shadow[l] = v;
        (void)shadow;
    }
    /* every written-back line in memory has its last stored word */
    mnt(t, MNT_WBINV_ALL, 0);
    CHECK(t->wbs == t->naw, "write-back events %" PRIu64 " vs AXI writes %u", t->wbs, t->naw);
out:
    tb_free(t);
    report("plru_order_and_dirty_eviction");
}

static void t_writeback_data(void)
{
    tb *t = tb_new(5, 1);
    unsigned s = 9;
    for (unsigned l = 0; l <= g_ways; l++)
        for (unsigned w = 0; w < 8; w++)
            st(t, line_pa(s, l) + 8 * w, 3, 0x1000 * l + w);
    /* line 0 was the first victim: its data is in memory now, and nothing else is */
    for (unsigned w = 0; w < 8; w++)
        CHECK(physmem_read(t->mem, line_pa(s, 0) + 8 * w, 8) == w, "written-back word %u wrong", w);
    CHECK(physmem_read(t->mem, line_pa(s, 1), 8) == 0, "line 1 should still be only in the cache");
    for (unsigned l = 0; l <= g_ways; l++)
    {
        uint64_t v = ld(t, line_pa(s, l) + 8, 3);
        CHECK(v == 0x1000 * l + 1, "line %u reads back 0x%" PRIx64, l, v);
    }
out:
    tb_free(t);
    report("eviction_writes_back_dirty_line");
}

static void t_uncached(void)
{
    tb *t = tb_new(7, 1);
    uint64_t pa = line_pa(11, 0);
    physmem_write(t->mem, pa, 8, 0x0706050403020100ull);
    rsp r = cpu_access(t, OP_LOAD, pa + 5, 1, 0, true, true, 0, 0);
    CHECK(r.rdata == 0x0605 && t->ucs == 1 && t->misses == 0 && t->last_arsize == 2 &&
          t->last_araddr == pa + 4, "uc load: 0x%" PRIx64 " size %u addr 0x%" PRIx64,
          r.rdata, t->last_arsize, t->last_araddr);
    cpu_access(t, OP_STORE, pa + 2, 0, 0xee, true, true, 0, 0);
    CHECK(physmem_read(t->mem, pa, 8) == 0x0706050403ee0100ull, "uc store did not reach memory: 0x%" PRIx64, physmem_read(t->mem, pa, 8));
    CHECK(t->last_awsize == 0, "uc byte store sent AWSIZE=%u", t->last_awsize);
    /* self-snoop: a dirty cached copy is written back before the uncached access */
    st(t, pa + 8, 3, 0x55);
    r = cpu_access(t, OP_LOAD, pa + 8, 3, 0, true, true, 0, 0);
    CHECK(r.rdata == 0x55 && physmem_read(t->mem, pa + 8, 8) == 0x55, "uc load missed the dirty cached data");
    uint64_t m0 = t->misses;
    ld(t, pa + 8, 3);
    CHECK(t->misses == m0 + 1, "the snooped line should have been invalidated");
out:
    tb_free(t);
    report("uncached_path");
}

static void t_cas(void)
{
    tb *t = tb_new(5, 1);
    uint64_t pte = line_pa(13, 2) + 16;
    /* the walker reads a PTE a store has just written (dirty, only in the cache) */
    st(t, pte, 3, 0x1003);
    CHECK(physmem_read(t->mem, pte, 8) == 0, "store should not be in memory yet");
    rsp r = ph_access(t, OP_LOAD, pte, 3, 0, 0);
    CHECK(r.rdata == 0x1003, "walker read 0x%" PRIx64 " instead of the dirty PTE", r.rdata);
    r = ph_access(t, OP_CAS, pte, 3, 0x1023, 0x1003);
    CHECK(r.rdata == 0x1003 && ld(t, pte, 3) == 0x1023, "successful CAS");
    r = ph_access(t, OP_CAS, pte, 3, 0x1063, 0x1003);
    CHECK(r.rdata == 0x1023 && ld(t, pte, 3) == 0x1023, "failed CAS must not write");
    /* a CAS to a line that is not cached fills it first */
    uint64_t other = line_pa(14, 1);
    physmem_write(t->mem, other, 8, 7);
    r = ph_access(t, OP_CAS, other, 3, 9, 7);
    CHECK(r.rdata == 7 && ph_access(t, OP_LOAD, other, 3, 0, 0).rdata == 9, "CAS on a miss");
    /* a store and a CAS to one word in the same cycle: some serial order, never a lost update */
    for (unsigned k = 0; k < 20 && !g_fail; k++) {
        tb_io *io = &t->io;
        uint64_t old = ld(t, pte, 3);
        io->ph_req_valid = 1; io->ph_req_op = OP_CAS; io->ph_req_addr = pte; io->ph_req_size = 3;
        io->ph_req_expect = old; io->ph_req_wdata = old | 0x40;
        io->cpu_req_valid = 1; io->cpu_req_op = OP_STORE; io->cpu_req_off = pte & 0xfff;
        io->cpu_req_size = 3; io->cpu_req_wdata = 0x2000 + k;
        uint64_t cas_old = 0;
        bool cas_done = false, st_done = false, st_acc = false, cas_first = false;
        for (int c = 0; c < 200 && !(cas_done && st_done); c++) {
            io->cpu_xlat_valid = st_acc && !st_done && c % 3 == 0;
            io->cpu_xlat_ok = 1; io->cpu_xlat_uc = 0; io->cpu_xlat_ppn = pte >> 12;
            io->cpu_req_off = pte & 0xfff;
            step(t);
            if (io->ph_req_valid && io->ph_req_ready) io->ph_req_valid = 0;
            if (io->cpu_req_valid && io->cpu_req_ready) { io->cpu_req_valid = 0; st_acc = true; }
            if (io->ph_rsp_valid) { cas_done = true; cas_old = io->ph_rsp_rdata; cas_first = !st_done; }
            if (io->cpu_rsp_valid) st_done = true;
        }
        io->cpu_xlat_valid = 0;
        uint64_t fin = ld(t, pte, 3);
        if (cas_first)
            CHECK(cas_old == old && fin == 0x2000 + k, "CAS then store: old 0x%" PRIx64 " final 0x%" PRIx64, cas_old, fin);
        else
            CHECK(cas_old == 0x2000 + k && fin == 0x2000 + k, "store then CAS: old 0x%" PRIx64 " final 0x%" PRIx64, cas_old, fin);
    }
out:
    tb_free(t);
    report("walker_reads_and_cas");
}

static void t_maintenance(void)
{
    tb *t = tb_new(5, 1);
    uint64_t a = line_pa(20, 0), b = line_pa(21, 0), c = line_pa(22, 0);
    st(t, a, 3, 0xa);
    st(t, b, 3, 0xb);
    st(t, c, 3, 0xc);
    CHECK(!mnt(t, MNT_WB_LINE, a) && physmem_read(t->mem, a, 8) == 0xa, "write back one line");
    uint64_t m0 = t->misses;
    CHECK(ld(t, a, 3) == 0xa && t->misses == m0, "a written-back line stays cached");
    CHECK(!mnt(t, MNT_INV_LINE, b) && physmem_read(t->mem, b, 8) == 0, "invalidate must not write back");
    CHECK(ld(t, b, 3) == 0 && t->misses == m0 + 1, "an invalidated line is gone (its dirty data too)");
    CHECK(!mnt(t, MNT_WBINV_LINE, c) && physmem_read(t->mem, c, 8) == 0xc, "write back + invalidate line");
    CHECK(ld(t, c, 3) == 0xc && t->misses == m0 + 2, "line gone after write back + invalidate");
    st(t, a, 3, 0xaa);
    st(t, c, 3, 0xcc);
    CHECK(!mnt(t, MNT_INV_ALL, 0), "invalidate all");
    CHECK(ld(t, a, 3) == 0xa && ld(t, c, 3) == 0xc, "invalidate all drops dirty data");
    for (unsigned s = 0; s < g_sets; s += 5)
        st(t, line_pa(s, 3), 3, 0x300 + s);
    uint64_t w0 = t->wbs;
    CHECK(!mnt(t, MNT_WBINV_ALL, 0), "write back + invalidate all");
    CHECK(t->wbs - w0 == (g_sets + 4) / 5, "write back + invalidate all wrote back %" PRIu64 " lines", t->wbs - w0);
    for (unsigned s = 0; s < g_sets; s += 5)
        CHECK(physmem_read(t->mem, line_pa(s, 3), 8) == 0x300 + s, "set %u not written back", s);
    m0 = t->misses;
    ld(t, line_pa(0, 3), 3);
    CHECK(t->misses == m0 + 1, "cache not empty after write back + invalidate all");
out:
    tb_free(t);
    report("maintenance_ops");
}

static void t_axi_errors(void)
{
    tb *t = tb_new(5, 1);
    uint64_t bad = line_pa(30, 0);
    physmem_write(t->mem, bad, 8, 0x77);
    physmem_write(t->mem, bad + 24, 8, 0x99);
    axi_slave_inject(t->sl, bad + 16, bad + 23, true, false, AXI_RESP_SLVERR);
    /* the beat in error comes before the load's word: a machine check, no data */
    rsp r = cpu_access(t, OP_LOAD, bad + 24, 3, 0, false, true, 0, 0);
    CHECK(r.mce && r.rdata == 0, "fill error: mce=%d data 0x%" PRIx64, r.mce, r.rdata);
    /* after it: the load has its word, answered as it arrived; the line is not installed */
    r = cpu_access(t, OP_LOAD, bad, 3, 0, false, true, 0, 0);
    CHECK(!r.mce && r.rdata == 0x77, "early-restart load before the failing beat: mce=%d data 0x%" PRIx64,
          r.mce, r.rdata);
    quiesce(t);
    r = ph_access(t, OP_LOAD, bad + 8, 3, 0, 0);
    CHECK(r.mce, "walk read of a failing line must give mce (the line must not have been installed)");
    axi_slave_clear_injects(t->sl);
    CHECK(ld(t, bad, 3) == 0x77, "after the error is gone the line fills");
    /* write-back error: the access that evicts the line gets mce, the line is dropped */
    unsigned s = 31;
    for (unsigned l = 0; l < g_ways; l++)
        st(t, line_pa(s, l), 3, 0x100 + l);
    axi_slave_inject(t->sl, line_pa(s, 0), line_pa(s, 0) + 63, false, true, AXI_RESP_DECERR);
    r = cpu_access(t, OP_LOAD, line_pa(s, g_ways), 3, 0, false, true, 0, 0);
    CHECK(r.mce, "write-back DECERR must give mce");
    axi_slave_clear_injects(t->sl);
    r = cpu_access(t, OP_LOAD, line_pa(s, g_ways), 3, 0, false, true, 0, 0);
    CHECK(!r.mce && ld(t, line_pa(s, 0), 3) == 0, "the failed line is lost, the next access works");
    /* maintenance reports a failed write-back */
    st(t, line_pa(s, 1), 3, 1);
    axi_slave_inject(t->sl, line_pa(s, 1), line_pa(s, 1), false, true, AXI_RESP_SLVERR);
    CHECK(mnt(t, MNT_WBINV_ALL, 0), "write back + invalidate all must report the error");
    axi_slave_clear_injects(t->sl);
    /* uncached error */
    axi_slave_inject(t->sl, 0x1000, 0x1fff, true, true, AXI_RESP_DECERR);
    r = cpu_access(t, OP_LOAD, 0x1008, 2, 0, true, true, 0, 0);
    CHECK(r.mce, "uncached read error");
    r = cpu_access(t, OP_STORE, 0x1008, 2, 5, true, true, 0, 0);
    CHECK(r.mce, "uncached write error");
    CHECK(axi_check_idle(t->chk), "AXI not idle after errors");
out:
    tb_free(t);
    report("axi_errors_fill_writeback_uncached");
}

/* ---- random: two agents (CPU port, pipelined, with late translations, faults and uncached
 * accesses; physical port with loads, stores and CAS) and occasional maintenance, against a
 * shadow memory. Effects are applied to the shadow in response order, which is the order the
 * cache performs them (one compare a cycle). ---- */
#define RLINES_PER_SET (g_ways + 3)
#define RSETS 3

typedef struct {
    unsigned op, lsize, info;
    uint64_t pa, wdata, expect;
    bool uc, ok;
    unsigned delay;
} rop;

static uint8_t *shadow_byte(uint8_t *sh, uint64_t pa)
{
    for (unsigned s = 0; s < RSETS; s++)
        for (unsigned l = 0; l < RLINES_PER_SET; l++) {
            uint64_t b = line_pa(s * 17 % g_sets, l);
            if (pa >= b && pa < b + 64)
                return &sh[(s * RLINES_PER_SET + l) * 64 + (pa - b)];
        }
    return NULL;
}

static uint64_t sh_read(uint8_t *sh, uint64_t pa, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)*shadow_byte(sh, pa + i) << (8 * i);
    return v;
}

static void sh_write(uint8_t *sh, uint64_t pa, unsigned n, uint64_t v)
{
    for (unsigned i = 0; i < n; i++)
        *shadow_byte(sh, pa + i) = (uint8_t)(v >> (8 * i));
}

static rop rand_op(bool phys)
{
    rop o = {0};
    unsigned s = (unsigned)rand() % RSETS, l = (unsigned)rand() % RLINES_PER_SET;
    o.lsize = (unsigned)rand() % 4;
    unsigned n = 1u << o.lsize;
    uint64_t word = line_pa(s * 17 % g_sets, l) + 8 * ((unsigned)rand() % 8);
    o.pa = word + (unsigned)rand() % (8 - n + 1);
    o.op = (unsigned)rand() % 2;
    if (phys && rand() % 4 == 0) {
        o.op = OP_CAS;
        o.lsize = 3;
        o.pa = word;
    }
    o.wdata = ((uint64_t)rand() << 33 ^ (uint64_t)rand() << 11 ^ (uint64_t)rand());
    if (n < 8)
        o.wdata &= (1ull << (8 * n)) - 1;
    o.ok = phys || rand() % 20 != 0;
    o.uc = !phys && rand() % 20 == 0;
    o.delay = rand() % 4 == 0 ? (unsigned)rand() % 12 : 0;
    return o;
}

static void t_random(unsigned nops, unsigned seed)
{
    srand(seed);
    tb *t = tb_new(1 + (unsigned)rand() % 30, 1 + (unsigned)rand() % 3);
    size_t shn = (size_t)RSETS * RLINES_PER_SET * 64;
    uint8_t *sh = calloc(shn, 1);
    tb_io *io = &t->io;
    rop cq[4], cur = {0}, ph = {0}, next = rand_op(false);
    unsigned cqn = 0, done = 0, issued = 0, seq = 0, mnts = 0;
    bool cur_xlat = true, ph_busy = false, want_mnt = false;
    uint64_t cur_due = 0;
    while (done < nops && !g_fail) {
        if (t->cycle > (uint64_t)nops * 400) {
            failf("random: stuck at %u of %u operations", done, nops);
            break;
        }
        if (!want_mnt && rand() % 400 == 0)
            want_mnt = true;
        /* drive */
        io->cpu_req_valid = !want_mnt && issued < nops;
        io->cpu_req_op = (uint8_t)next.op;
        io->cpu_req_off = next.pa & 0xfff;
        io->cpu_req_size = (uint8_t)next.lsize;
        io->cpu_req_wdata = next.wdata;
        io->cpu_xlat_valid = !cur_xlat && t->cycle >= cur_due;
        io->cpu_xlat_ok = cur.ok;
        io->cpu_xlat_uc = cur.uc;
        io->cpu_xlat_ppn = cur.pa >> 12;
        io->cpu_xlat_info = (uint8_t)cur.info;
        if (!ph_busy && !want_mnt && issued < nops && rand() % 3 == 0) {
            ph = rand_op(true);
            io->ph_req_valid = 1;
            io->ph_req_op = (uint8_t)ph.op;
            io->ph_req_addr = ph.pa;
            io->ph_req_size = (uint8_t)ph.lsize;
            io->ph_req_wdata = ph.wdata;
            io->ph_req_expect = ph.op == OP_CAS && rand() % 2 ? sh_read(sh, ph.pa, 8) : ph.wdata ^ 1;
            ph.expect = io->ph_req_expect;
            ph_busy = true;
            issued++;
        }
        if (want_mnt && !io->mnt_req_valid) {
            unsigned k = (unsigned)rand() % 3;
            io->mnt_req_valid = 1;
            io->mnt_req_op = k == 0 ? MNT_WBINV_ALL : k == 1 ? MNT_WB_LINE : MNT_WBINV_LINE;
            io->mnt_req_addr = rand_op(true).pa;
        }
        step(t);
        if (io->cpu_xlat_valid)
            cur_xlat = true;
        if (io->ph_req_valid && io->ph_req_ready)
            io->ph_req_valid = 0;
        if (io->mnt_req_valid && io->mnt_req_ready)
            io->mnt_req_valid = 0;
        if (want_mnt && !io->mnt_req_valid && io->mnt_rsp_valid) {
            want_mnt = false;
            mnts++;
            if (io->mnt_rsp_err)
                failf("random: maintenance reported an error");
        }
        /* responses, in the order the cache performed them */
        if (io->ph_rsp_valid && !io->ph_req_valid) {
            unsigned n = 1u << ph.lsize;
            uint64_t old = sh_read(sh, ph.pa, n);
            if (io->ph_rsp_mce)
                failf("random: unexpected mce (physical)");
            if (ph.op == OP_LOAD && io->ph_rsp_rdata != old)
                failf("random: physical load 0x%" PRIx64 " size %u read 0x%" PRIx64 ", expected 0x%" PRIx64, ph.pa, n, io->ph_rsp_rdata, old);
            if (ph.op == OP_CAS && io->ph_rsp_rdata != old)
                failf("random: CAS 0x%" PRIx64 " returned 0x%" PRIx64 ", memory held 0x%" PRIx64, ph.pa, io->ph_rsp_rdata, old);
            if (ph.op == OP_STORE || (ph.op == OP_CAS && old == ph.expect))
                sh_write(sh, ph.pa, n, ph.wdata);
            ph_busy = false;
            done++;
        }
        if (io->cpu_rsp_valid) {
            if (cqn == 0) {
                failf("random: CPU response with nothing outstanding");
                break;
            }
            rop o = cq[0];
            memmove(&cq[0], &cq[1], --cqn * sizeof cq[0]);
            unsigned n = 1u << o.lsize;
            if (io->cpu_rsp_info != o.info || io->cpu_rsp_mce)
                failf("random: CPU response info %u (want %u) mce %u", io->cpu_rsp_info, o.info, io->cpu_rsp_mce);
            if (o.ok && o.op == OP_LOAD && io->cpu_rsp_rdata != sh_read(sh, o.pa, n))
                failf("random: load%s 0x%" PRIx64 " size %u read 0x%" PRIx64 ", expected 0x%" PRIx64, o.uc ? " (uncached)" : "",
                      o.pa, n, io->cpu_rsp_rdata, sh_read(sh, o.pa, n));
            if (o.ok && o.op == OP_STORE)
                sh_write(sh, o.pa, n, o.wdata);
            done++;
        }
        if (io->cpu_req_valid && io->cpu_req_ready) {
            cur = next;
            cur.info = seq++ & 1;
            cur_xlat = false;
            cur_due = t->cycle + cur.delay;
            cq[cqn++] = cur;
            issued++;
            next = rand_op(false);
        }
    }
    io->cpu_req_valid = 0;
    io->ph_req_valid = 0;
    if (!g_fail) {
        mnt(t, MNT_WBINV_ALL, 0);
        for (size_t i = 0; i < shn && !g_fail; i++) {
            unsigned s = (unsigned)(i / 64 / RLINES_PER_SET), l = (unsigned)(i / 64 % RLINES_PER_SET);
            uint64_t pa = line_pa(s * 17 % g_sets, l) + i % 64;
            if (physmem_read(t->mem, pa, 1) != sh[i])
                failf("random: after write back + invalidate all, memory at 0x%" PRIx64 " differs", pa);
        }
    }
    if (!g_fail)
        printf("  random seed %u: %u ops, %u maintenance, %" PRIu64 " cycles, %" PRIu64 " hits %" PRIu64
               " misses %" PRIu64 " write-backs %" PRIu64 " uncached\n", seed, done, mnts, t->cycle,
               t->hits, t->misses, t->wbs, t->ucs);
    free(sh);
    tb_free(t);
    char name[64];
    snprintf(name, sizeof name, "random_shadow.seed%u", seed);
    report(name);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s WAYS SETS [RANDOM_OPS]\n", argv[0]);
        return 2;
    }
    g_ways = (unsigned)atoi(argv[1]);
    g_sets = (unsigned)atoi(argv[2]);
    int failed = 0;
    void (*tests[])(void) = {t_hit_miss_latency, t_throughput, t_store_load_forward, t_plru_eviction,
                             t_writeback_data, t_uncached, t_cas, t_maintenance, t_axi_errors};
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        g_fail = 0;
        tests[i]();
        failed |= g_fail;
    }
    unsigned nrand = argc > 3 ? (unsigned)atoi(argv[3]) : 20000;
    for (unsigned seed = 1; seed <= 3; seed++) {
        g_fail = 0;
        t_random(nrand, seed);
        failed |= g_fail;
    }
    return failed;
}

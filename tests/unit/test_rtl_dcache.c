// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The L1 data cache inside mmu_top, through the rtl backend (rtl.h): hits and load-to-use,
 * misses, dirty eviction with write-back, tree-PLRU order, the uncached (PCD) path with its
 * self-snoop, line- and page-crossing accesses, the walker reading a PTE that a store left
 * dirty in the cache, an A/D update to a line evicted between the walker's read and its CAS,
 * AXI errors on a fill, a write-back and a walk, cache maintenance, the line zero (one, and a
 * page's streamed), and the AXI4 protocol
 * checker stopping a run whose memory breaks the protocol.
 *
 * Layout: page tables from 0x100000; data page k at VA 0x40000000 + k*4K, frame
 * 0x800000 + k*4K. Data lines are at page offset 0x500 (cache set 20), away from the sets
 * the page-table lines of these VAs use (0..5), so the walker's lines do not disturb them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "axi/axi_slave.h"
#include "backend/rtl.h"
#include "common/physmem.h"
#include "test_rtl_pt.h"
#include "registry/registry.h"

#define ROOT 0x1000ull
#define VA(k) (0x40000000ull + (uint64_t)(k) * 0x1000)
#define FR(k) (0x800000ull + (uint64_t)(k) * 0x1000)
#define OFF 0x500ull /* set 20 */
#define DATA (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)

typedef struct {
    backend *b;
    pt_ctx c;
} env;

static env mk(const char *cfg, unsigned latency, unsigned pages)
{
    char err[200] = "";
    be_options o = {.config = cfg, .mem_latency = latency};
    env e = {.b = rtl_backend_create(&o, err, sizeof err)};
    if (!e.b)
        fail_msg("rtl_backend_create: %s", err);
    e.c = (pt_ctx){e.b, 0x100000};
    for (unsigned k = 0; k < pages; k++)
        pt_map(&e.c, ROOT, VA(k), FR(k), 0, DATA);
    assert_int_equal(e.b->ops->write_cr3(e.b, ROOT), BE_OK);
    /* The tables' lines out of the cache (pt_alloc wrote every line of every table), into
     * the memory behind it: the tests start from an empty cache. */
    assert_int_equal(e.b->ops->cache_wbinvd(e.b), BE_OK);
    return e;
}

static uint64_t cnt(backend *b, unsigned i)
{
    uint64_t c[BE_NCOUNTERS];
    b->ops->counters(b, c);
    return c[i];
}

static be_resp ld(backend *b, uint64_t va, unsigned size)
{
    be_req q = {.va = va, .kind = ACC_R, .size = size};
    return b->ops->access(b, &q);
}

static be_resp st(backend *b, uint64_t va, unsigned size, uint64_t v)
{
    be_req q = {.va = va, .kind = ACC_W, .size = size, .wdata = v};
    return b->ops->access(b, &q);
}

static uint64_t ld_ok(backend *b, uint64_t va, unsigned size)
{
    be_resp r = ld(b, va, size);
    if (r.status != BE_OK)
        fail_msg("load %#llx: status %d", (unsigned long long)va, r.status);
    return r.rdata;
}

static void st_ok(backend *b, uint64_t va, unsigned size, uint64_t v)
{
    be_resp r = st(b, va, size, v);
    if (r.status != BE_OK)
        fail_msg("store %#llx: status %d", (unsigned long long)va, r.status);
}

/* Memory behind the cache (what the AXI slave holds). */
static uint64_t behind(backend *b, uint64_t pa) { return physmem_read(rtl_physmem(b), pa, 8); }

/* Cycles from the cycle a load is taken to the cycle its response is out. */
static unsigned load_latency(backend *b, uint64_t va)
{
    rtl_drive in = {.ls_valid = true, .ls_req = {.va = va, .kind = ACC_R, .size = 8}};
    uint64_t taken = 0;
    for (unsigned n = 0; n < 10000; n++) {
        rtl_seen s;
        uint64_t now = rtl_now(b);
        rtl_step(b, &in, &s);
        if (s.ls_taken) {
            taken = now;
            in.ls_valid = false;
        }
        if (s.ls_rsp)
            return (unsigned)(now - taken);
    }
    fail_msg("no response");
    return 0;
}

/* n cycles with nothing presented: a load that missed is answered as its word arrives, and
 * its line's fill goes on behind the answer. */
static void idle(backend *b, unsigned n)
{
    rtl_drive in = {0};
    for (unsigned i = 0; i < n; i++)
        rtl_step(b, &in, NULL);
}

static void hit_load_to_use_and_stream(void **state)
{
    (void)state;
    env e = mk("i7", 20, 2);
    backend *b = e.b;
    st_ok(b, VA(0) + OFF, 8, 0x1122334455667788ull);
    assert_int_equal(ld_ok(b, VA(0) + OFF, 8), 0x1122334455667788ull);
    uint64_t h0 = cnt(b, BE_CNT_dcache_hits), m0 = cnt(b, BE_CNT_dcache_misses);
    /* TLB and cache hit: the data two cycles after the request is taken. */
    assert_int_equal(load_latency(b, VA(0) + OFF), 2);
    assert_int_equal(cnt(b, BE_CNT_dcache_hits), h0 + 1);

    /* 256 hits back to back: one taken every cycle, the last answered 2 cycles later. */
    rtl_drive in = {.ls_valid = true, .ls_req = {.va = VA(0) + OFF, .kind = ACC_R, .size = 8}};
    unsigned issued = 0, answered = 0;
    uint64_t first = 0, last = 0;
    while (answered < 256) {
        rtl_seen s;
        uint64_t now = rtl_now(b);
        rtl_step(b, &in, &s);
        if (s.ls_taken) {
            if (issued++ == 0)
                first = now;
            if (issued == 256)
                in.ls_valid = false;
            in.ls_req.va = VA(0) + OFF + 8 * (issued % 8);
        }
        if (s.ls_rsp) {
            assert_int_equal(s.ls_resp.status, BE_OK);
            assert_int_equal(s.ls_resp.pa, FR(0) + OFF + 8 * (answered % 8));
            answered++;
            last = now;
        }
        assert_true(now - first < 1000);
    }
    assert_int_equal(last - first, 256 + 1);
    assert_int_equal(cnt(b, BE_CNT_dcache_misses), m0);
    be_destroy(b);
}

static void miss_fills_line(void **state)
{
    (void)state;
    env e = mk("i7", 20, 2);
    backend *b = e.b;
    physmem_write(rtl_physmem(b), FR(1) + OFF + 0x18, 8, 0xfeedface12345678ull);
    ld_ok(b, VA(1), 1); /* the TLB entry, and the line at offset 0 */
    idle(b, 40);        /* ... whose fill ends after the load's answer */
    axi_slave_stats a0 = axi_slave_get_stats(rtl_axi_slave(b));
    uint64_t m0 = cnt(b, BE_CNT_dcache_misses);
    unsigned lat = load_latency(b, VA(1) + OFF + 0x18);
    idle(b, 40);
    axi_slave_stats a1 = axi_slave_get_stats(rtl_axi_slave(b));
    assert_int_equal(cnt(b, BE_CNT_dcache_misses), m0 + 1);
    assert_int_equal(a1.reads - a0.reads, 1);   /* one burst */
    assert_int_equal(a1.rbeats - a0.rbeats, 8); /* of the whole line */
    /* Early restart: at least the memory latency and the beats up to the load's word (the
     * fourth), not the whole line's; the README states the figure. */
    assert_true(lat >= 20 + 4 && lat < 20 + 8);
    print_message("miss latency at memory latency 20: %u cycles\n", lat);
    assert_int_equal(ld_ok(b, VA(1) + OFF + 0x18, 8), 0xfeedface12345678ull);
    be_destroy(b);
}

/* Nine dirty lines in one set of an 8-way cache: the ninth evicts the first (PLRU), whose
 * data reaches memory only then. */
static void dirty_eviction_writes_back(void **state)
{
    (void)state;
    env e = mk("i7", 3, 9);
    backend *b = e.b;
    for (unsigned k = 0; k < 8; k++)
        st_ok(b, VA(k) + OFF, 8, 0xa0 + k);
    for (unsigned k = 0; k < 8; k++)
        assert_int_equal(behind(b, FR(k) + OFF), 0); /* write-back, not write-through */
    uint64_t wb0 = cnt(b, BE_CNT_dcache_writebacks);
    st_ok(b, VA(8) + OFF, 8, 0xa8);
    assert_int_equal(cnt(b, BE_CNT_dcache_writebacks), wb0 + 1);
    assert_int_equal(behind(b, FR(0) + OFF), 0xa0);
    for (unsigned k = 1; k <= 8; k++)
        assert_int_equal(behind(b, FR(k) + OFF), 0);
    for (unsigned k = 0; k <= 8; k++)
        assert_int_equal(ld_ok(b, VA(k) + OFF, 8), 0xa0 + k);
    be_destroy(b);
}

/* A miss whose victim is dirty fills the way while the victim's write-back runs (two AXI4
 * transactions to different lines at once): it costs a clean miss plus the victim's read
 * into the write-back buffer, not plus the whole write (rtl/cache/README.md). A write-back
 * that fails beside the fill ends the access with mce and installs nothing: the line is
 * filled again by the next access, from memory. */
static void dirty_miss_overlaps_write_back(void **state)
{
    (void)state;
    env e = mk("i7", 20, 10);
    backend *b = e.b;
    for (unsigned k = 0; k < 10; k++)
        ld_ok(b, VA(k) + 8, 8); /* every translation in the dTLB, the lines of offset 0 filled */
    for (unsigned k = 0; k < 8; k++)
        st_ok(b, VA(k) + OFF, 8, 0xb0 + k); /* set 20: eight ways, all dirty */
    /* a clean miss (set 21, free ways) and then a dirty-victim miss, at memory latency 20 */
    uint64_t t0 = rtl_now(b);
    assert_int_equal(ld_ok(b, VA(9) + OFF + 64, 8), 0);
    uint64_t clean = rtl_now(b) - t0;
    uint64_t wb0 = cnt(b, BE_CNT_dcache_writebacks);
    t0 = rtl_now(b);
    assert_int_equal(ld_ok(b, VA(8) + OFF, 8), 0);
    uint64_t dirty = rtl_now(b) - t0;
    assert_int_equal(cnt(b, BE_CNT_dcache_writebacks), wb0 + 1);
    /* awaited, the write (AW, 8 beats, B after 20 cycles) would add more than 28 cycles */
    if (dirty >= clean + 20)
        fail_msg("a dirty-victim miss took %llu cycles against a clean miss's %llu",
                 (unsigned long long)dirty, (unsigned long long)clean);
    unsigned written = 0;
    for (unsigned k = 0; k < 8; k++)
        written += behind(b, FR(k) + OFF) == 0xb0 + k;
    assert_int_equal(written, 1); /* the victim's data reached memory */
    for (unsigned k = 0; k <= 8; k++)
        assert_int_equal(ld_ok(b, VA(k) + OFF, 8), k < 8 ? 0xb0 + k : 0);

    /* every line of the set dirty, every write-back to them failing: the next miss's
     * victim is lost, and the miss ends with mce, its line not installed */
    for (unsigned k = 0; k < 9; k++)
        st_ok(b, VA(k) + OFF, 8, 0xc0 + k);
    axi_slave *sl = rtl_axi_slave(b);
    /* one range over frames 0-8 (only their OFF lines are dirty) */
    assert_true(axi_slave_inject(sl, FR(0) + OFF, FR(8) + OFF + 63, false, true, AXI_RESP_SLVERR));
    unsigned mce = 0;
    for (unsigned k = 0; k < 9 && !mce; k++) /* until a write-back fails: a dirty victim */
        mce += ld(b, VA(9) + OFF, 8).status == BE_MCE;
    assert_int_equal(mce, 1);
    axi_slave_clear_injects(sl);
    uint64_t m0 = cnt(b, BE_CNT_dcache_misses);
    assert_int_equal(ld_ok(b, VA(9) + OFF, 8), 0); /* memory's, never written */
    assert_int_equal(cnt(b, BE_CNT_dcache_misses), m0 + 1);
    be_destroy(b);
}

/* Tree-PLRU as docs/rtl/cache/README.md describes it: the first invalid way, else the
 * tree's victim; a use points every node on the way's path away from it. */
typedef struct {
    unsigned ways, tree;
    int line[8];
} plru;

static unsigned plru_victim(const plru *p)
{
    for (unsigned w = 0; w < p->ways; w++)
        if (p->line[w] < 0)
            return w;
    unsigned n = 0, w = 0;
    for (unsigned s = p->ways; s > 1; s /= 2) {
        unsigned bit = (p->tree >> n) & 1;
        w = 2 * w + bit;
        n = 2 * n + 1 + bit;
    }
    return w;
}

static void plru_touch(plru *p, unsigned way)
{
    unsigned levels = 0;
    while ((1u << levels) < p->ways)
        levels++;
    unsigned n = 0;
    for (unsigned l = 0; l < levels; l++) {
        unsigned bit = (way >> (levels - 1 - l)) & 1;
        if (bit)
            p->tree &= ~(1u << n);
        else
            p->tree |= 1u << n;
        n = 2 * n + 1 + bit;
    }
}

static void plru_use(plru *p, int line)
{
    for (unsigned w = 0; w < p->ways; w++)
        if (p->line[w] == line) {
            plru_touch(p, w);
            return;
        }
    unsigned v = plru_victim(p);
    p->line[v] = line;
    plru_touch(p, v);
}

static void plru_order(void **state)
{
    (void)state;
    const char *cfgs[] = {"i7", "small"};
    const unsigned ways[] = {8, 2};
    for (unsigned ci = 0; ci < 2; ci++) {
        unsigned nl = ways[ci] + 3; /* lines (pages) used: their translations fit the dTLB */
        env e = mk(cfgs[ci], 2, nl);
        backend *b = e.b;
        plru m = {.ways = ways[ci]};
        for (unsigned w = 0; w < 8; w++)
            m.line[w] = -1;
        for (unsigned k = 0; k < nl; k++)
            ld_ok(b, VA(k), 1); /* every translation in the dTLB (offset 0: another set) */
        /* A scrambled sequence over 12 lines of set 20; after each access the model and
         * the cache must agree on which lines are present: a load of a line the model
         * holds is a hit, of one it does not a miss. */
        unsigned seq[64];
        uint32_t x = 12345;
        for (unsigned i = 0; i < 64; i++) {
            x = x * 1103515245u + 12345u;
            seq[i] = (x >> 16) % nl;
        }
        for (unsigned i = 0; i < 64; i++) {
            int line = (int)seq[i];
            bool present = false;
            for (unsigned w = 0; w < m.ways; w++)
                present |= m.line[w] == line;
            uint64_t h0 = cnt(b, BE_CNT_dcache_hits), m0 = cnt(b, BE_CNT_dcache_misses);
            ld_ok(b, VA(line) + OFF, 8);
            uint64_t dh = cnt(b, BE_CNT_dcache_hits) - h0, dm = cnt(b, BE_CNT_dcache_misses) - m0;
            if (dm != !present || dh != present)
                fail_msg("%s access %u (line %d): model says %s, cache had %llu hits %llu misses",
                         cfgs[ci], i, line, present ? "hit" : "miss", (unsigned long long)dh,
                         (unsigned long long)dm);
            plru_use(&m, line);
        }
        be_destroy(b);
    }
}

static void uncached_pcd(void **state)
{
    (void)state;
    env e = mk("i7", 5, 2);
    backend *b = e.b;
    pt_map(&e.c, ROOT, VA(20), FR(20), 0, DATA | PTE_PCD); /* MMIO-like */
    pt_map(&e.c, ROOT, VA(21), FR(20), 0, DATA);           /* a cached alias of it */
    ld(b, VA(20), 1); /* the translation in the dTLB */
    uint64_t h0 = cnt(b, BE_CNT_dcache_hits), m0 = cnt(b, BE_CNT_dcache_misses);
    uint64_t u0 = cnt(b, BE_CNT_uncached_accesses);
    axi_slave_stats a0 = axi_slave_get_stats(rtl_axi_slave(b));
    st_ok(b, VA(20) + OFF + 4, 4, 0xcafebabe);
    assert_int_equal(physmem_read(rtl_physmem(b), FR(20) + OFF + 4, 4), 0xcafebabe); /* at once */
    axi_slave_stats a1 = axi_slave_get_stats(rtl_axi_slave(b));
    assert_int_equal(a1.writes - a0.writes, 1); /* one single-beat write */
    assert_int_equal(a1.wbeats - a0.wbeats, 1);
    assert_int_equal(ld_ok(b, VA(20) + OFF + 4, 4), 0xcafebabe);
    axi_slave_stats a2 = axi_slave_get_stats(rtl_axi_slave(b));
    assert_int_equal(a2.reads - a1.reads, 1); /* one single-beat read */
    assert_int_equal(a2.rbeats - a1.rbeats, 1);
    assert_int_equal(cnt(b, BE_CNT_uncached_accesses), u0 + 2);
    assert_int_equal(cnt(b, BE_CNT_dcache_hits), h0); /* the cache was not used */
    assert_int_equal(cnt(b, BE_CNT_dcache_misses), m0);
    /* A dirty cached copy (through the alias) is written back before the uncached read. */
    st_ok(b, VA(21) + OFF + 8, 8, 0x0123456789abcdefull);
    assert_int_equal(behind(b, FR(20) + OFF + 8), 0);
    assert_int_equal(ld_ok(b, VA(20) + OFF + 8, 8), 0x0123456789abcdefull);
    assert_int_equal(behind(b, FR(20) + OFF + 8), 0x0123456789abcdefull);
    /* and an uncached store is seen by the cached alias (its copy was invalidated) */
    st_ok(b, VA(20) + OFF + 8, 8, 0x55);
    assert_int_equal(ld_ok(b, VA(21) + OFF + 8, 8), 0x55);
    be_destroy(b);
}

static void line_and_page_crossing(void **state)
{
    (void)state;
    const char *cfgs[] = {"i7", "small"};
    for (unsigned ci = 0; ci < 2; ci++) {
        env e = mk(cfgs[ci], 2, 4);
        backend *b = e.b;
        pt_map(&e.c, ROOT, VA(30), FR(30), 0, DATA); /* VA(31) stays unmapped */
        /* across a line (0x53c..0x543) */
        st_ok(b, VA(1) + 0x53c, 8, 0x8877665544332211ull);
        assert_int_equal(ld_ok(b, VA(1) + 0x53c, 8), 0x8877665544332211ull);
        assert_int_equal(ld_ok(b, VA(1) + 0x53e, 4), 0x66554433);
        assert_int_equal(b->ops->pread(b, FR(1) + 0x540, 4), 0x88776655);
        /* across a page (VA(2)+0xffd .. VA(3)+4): each part in its own frame */
        st_ok(b, VA(2) + 0xffd, 8, 0x0807060504030201ull);
        assert_int_equal(ld_ok(b, VA(2) + 0xffd, 8), 0x0807060504030201ull);
        assert_int_equal(b->ops->pread(b, FR(2) + 0xffd, 1), 0x01);
        assert_int_equal(b->ops->pread(b, FR(3), 4), 0x07060504);
        be_resp r = ld(b, VA(2) + 0xfff, 2);
        assert_int_equal(r.rdata, 0x0403);
        assert_int_equal(r.pa, FR(2) + 0xfff);
        /* a fault on the second page: its address, and the first page unchanged */
        b->ops->pwrite(b, FR(30) + 0xffc, 4, 0xdeadbeef);
        r = st(b, VA(30) + 0xffe, 4, 0x11223344);
        assert_int_equal(r.status, BE_PF);
        assert_int_equal(r.cr2, VA(31));
        assert_int_equal(r.err, PF_W);
        assert_int_equal(b->ops->pread(b, FR(30) + 0xffc, 4), 0xdeadbeef);
        r = ld(b, VA(30) + 0xffe, 4);
        assert_int_equal(r.status, BE_PF);
        assert_int_equal(r.cr2, VA(31));
        be_destroy(b);
    }
}

/* A store through a mapping of the page table writes a PTE; the line is dirty in the cache
 * (memory behind still has the old entry); after INVLPG the walk reads the new one. */
static void walker_reads_dirty_pte(void **state)
{
    (void)state;
    env e = mk("i7", 4, 8);
    backend *b = e.b;
    uint64_t pte = pt_entry(&e.c, ROOT, VA(5), 0);
    pt_map(&e.c, ROOT, VA(40), pte & ~0xfffull, 0, DATA); /* the page table, as data */
    assert_int_equal(b->ops->cache_wbinvd(b), BE_OK); /* memory behind holds the tables */
    assert_int_equal(ld(b, VA(5), 1).pa, FR(5));
    st_ok(b, VA(40) + (pte & 0xfff), 8, FR(6) | DATA);
    assert_int_equal(behind(b, pte), FR(5) | DATA); /* still only in the cache */
    assert_int_equal(b->ops->invlpg(b, VA(5)), BE_OK);
    assert_int_equal(ld(b, VA(5) + 8, 1).pa, FR(6) + 8);
    be_destroy(b);
}

/* The walker's read of a PTE is taken; then the C side reads two lines of the same set of
 * the 2-way cache, so the PTE's line (dirty: written by pwrite) is evicted and written back
 * before the walker's A/D compare-and-swap, which must miss, refill and still be atomic. */
typedef struct {
    uint64_t pte, x, y;
    unsigned fired;
} evict_ctx;

static void evict_on_read(void *ctx, backend *b, const rtl_mem_req *q)
{
    evict_ctx *c = ctx;
    if (!q->cas && q->addr == c->pte && !c->fired) {
        c->fired = 1;
        assert_true(rtl_pm_post(b, false, c->x, 8, 0));
        assert_true(rtl_pm_post(b, false, c->y, 8, 0));
    }
}

static void ad_update_to_evicted_line(void **state)
{
    (void)state;
    for (int write = 0; write < 2; write++) {
        env e = mk("small", 3, 0);
        backend *b = e.b;
        uint64_t pte = pt_map(&e.c, ROOT, VA(7), FR(7), 0, PTE_P | PTE_RW | PTE_US);
        /* a neighbour in the same line, changed only in the cache */
        uint64_t nb = pt_map(&e.c, ROOT, VA(6), FR(6), 0, DATA);
        assert_int_equal(b->ops->write_cr3(b, ROOT), BE_OK);
        uint64_t set = pte & 0xfc0;
        evict_ctx c = {.pte = pte, .x = 0x2000000 + set, .y = 0x3000000 + set};
        uint64_t wb0 = cnt(b, BE_CNT_dcache_writebacks);
        rtl_set_mem_hook(b, evict_on_read, &c);
        be_resp r = write ? st(b, VA(7) + 0x10, 1, 0x5a) : ld(b, VA(7) + 0x10, 1);
        rtl_set_mem_hook(b, NULL, NULL);
        assert_int_equal(c.fired, 1);
        assert_int_equal(r.status, BE_OK);
        assert_int_equal(r.pa, FR(7) + 0x10);
        assert_true(cnt(b, BE_CNT_dcache_writebacks) > wb0);
        /* the eviction wrote the line back (no A/D yet): the CAS came after it */
        assert_int_equal(behind(b, pte), FR(7) | PTE_P | PTE_RW | PTE_US);
        assert_int_equal(behind(b, nb), FR(6) | DATA);
        uint64_t now = b->ops->pread(b, pte, 8);
        assert_int_equal(now, FR(7) | PTE_P | PTE_RW | PTE_US | PTE_A | (write ? PTE_D : 0));
        assert_int_equal(b->ops->pread(b, nb, 8), FR(6) | DATA);
        assert_int_equal(cnt(b, BE_CNT_ad_updates), 4); /* A in all four levels */
        assert_int_equal(cnt(b, BE_CNT_ad_retries), 0);
        be_destroy(b);
    }
}

static void axi_errors_are_mce(void **state)
{
    (void)state;
    env e = mk("small", 3, 16);
    backend *b = e.b;
    axi_slave *sl = rtl_axi_slave(b);
    for (unsigned k = 0; k < 16; k++)
        ld_ok(b, VA(k), 1); /* translations cached; set 0 lines filled */

    /* a fill */
    b->ops->pwrite(b, FR(10) + OFF, 8, 77);
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_WBINV, FR(10) + OFF), BE_OK);
    assert_true(axi_slave_inject(sl, FR(10) + OFF, FR(10) + OFF + 63, true, false, AXI_RESP_SLVERR));
    assert_int_equal(ld(b, VA(10) + OFF, 8).status, BE_MCE);
    assert_int_equal(st(b, VA(10) + OFF, 8, 1).status, BE_MCE);
    axi_slave_clear_injects(sl);
    assert_int_equal(ld_ok(b, VA(10) + OFF, 8), 77); /* not installed, not changed */

    /* a write-back: by CLFLUSH, and by an eviction (the access causing it gets mce) */
    st_ok(b, VA(11) + OFF, 8, 0x11);
    assert_true(axi_slave_inject(sl, FR(11) + OFF, FR(11) + OFF, false, true, AXI_RESP_DECERR));
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_WBINV, FR(11) + OFF), BE_MCE);
    st_ok(b, VA(11) + OFF, 8, 0x12);
    be_status s1 = ld(b, VA(12) + OFF, 8).status, s2 = ld(b, VA(13) + OFF, 8).status;
    assert_true((s1 == BE_MCE) != (s2 == BE_MCE));
    axi_slave_clear_injects(sl);
    assert_int_equal(ld(b, VA(12) + OFF, 8).status, BE_OK);

    /* a walk: the leaf's line is out of the cache and its read fails */
    uint64_t pte = pt_entry(&e.c, ROOT, VA(14), 0);
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_WBINV, pte), BE_OK);
    assert_int_equal(b->ops->invlpg(b, VA(14)), BE_OK);
    assert_true(axi_slave_inject(sl, pte, pte, true, false, AXI_RESP_SLVERR));
    assert_int_equal(ld(b, VA(14), 1).status, BE_MCE);
    assert_int_equal(st(b, VA(14), 1, 0).status, BE_MCE);
    axi_slave_clear_injects(sl);
    assert_int_equal(ld(b, VA(14) + 3, 1).status, BE_OK);
    be_destroy(b);
}

static void maintenance(void **state)
{
    (void)state;
    env e = mk("i7", 3, 4);
    backend *b = e.b;
    st_ok(b, VA(1) + OFF, 8, 0x1234);
    assert_int_equal(behind(b, FR(1) + OFF), 0);
    /* CLWB: written back, still cached */
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_WB, FR(1) + OFF + 9), BE_OK);
    assert_int_equal(behind(b, FR(1) + OFF), 0x1234);
    uint64_t m0 = cnt(b, BE_CNT_dcache_misses);
    ld_ok(b, VA(1) + OFF, 8);
    assert_int_equal(cnt(b, BE_CNT_dcache_misses), m0);
    /* CLFLUSH: gone, the next access misses */
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_WBINV, FR(1) + OFF), BE_OK);
    assert_int_equal(ld_ok(b, VA(1) + OFF, 8), 0x1234);
    assert_int_equal(cnt(b, BE_CNT_dcache_misses), m0 + 1);
    /* INVD drops dirty data; line invalidation too */
    st_ok(b, VA(1) + OFF, 8, 0x5678);
    assert_int_equal(b->ops->cache_invd(b), BE_OK);
    assert_int_equal(b->ops->cache_wbinvd(b), BE_OK); /* nothing left to write */
    assert_int_equal(ld_ok(b, VA(1) + OFF, 8), 0x1234);
    st_ok(b, VA(1) + OFF, 8, 0x9abc);
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_INV, FR(1) + OFF), BE_OK);
    assert_int_equal(ld_ok(b, VA(1) + OFF, 8), 0x1234);
    /* WBINVD writes every dirty line back */
    st_ok(b, VA(2) + OFF, 8, 0xaa);
    st_ok(b, VA(3) + OFF + 64, 8, 0xbb);
    assert_int_equal(b->ops->cache_wbinvd(b), BE_OK);
    assert_int_equal(behind(b, FR(2) + OFF), 0xaa);
    assert_int_equal(behind(b, FR(3) + OFF + 64), 0xbb);
    assert_int_equal(b->ops->cache_line(b, 7, 0), BE_GP);
    be_destroy(b);
}

/* A dirty victim's fill runs beside its read-out: a physical load (never answered early)
 * that displaces a dirty line takes about what one displacing a clean line does, not the
 * read-out's 9 cycles more, at any memory latency; the victim reaches memory, the line read
 * is memory's, and the victim reads back from memory afterwards. */
static void dirty_fill_beside_read_out(void **state)
{
    (void)state;
    const unsigned lats[] = {1, 20};
    for (unsigned li = 0; li < 2; li++) {
        env e = mk("i7", lats[li], 1);
        backend *b = e.b;
        const uint64_t A = 0x2000000 + 0x140; /* set 5 of the 64, 4 KiB apart: one set */
        for (uint64_t k = 0; k < 8; k++)
            b->ops->pwrite(b, A + 0x1000 * k, 8, 0xd000 + k); /* its eight ways, all dirty */
        uint64_t wb0 = cnt(b, BE_CNT_dcache_writebacks), t0 = rtl_now(b);
        assert_int_equal(b->ops->pread(b, A + 0x1000 * 8, 8), 0); /* a dirty victim */
        uint64_t dirty = rtl_now(b) - t0;
        assert_int_equal(cnt(b, BE_CNT_dcache_writebacks), wb0 + 1);
        t0 = rtl_now(b);
        assert_int_equal(b->ops->pread(b, A + 0x40, 8), 0); /* set 6: free ways, clean */
        uint64_t clean = rtl_now(b) - t0;
        if (dirty > clean + 4)
            fail_msg("memory latency %u: a physical load over a dirty victim took %llu cycles, over a free way %llu",
                     lats[li], (unsigned long long)dirty, (unsigned long long)clean);
        assert_int_equal(b->ops->cache_wbinvd(b), BE_OK);
        for (uint64_t k = 0; k < 8; k++)
            assert_int_equal(behind(b, A + 0x1000 * k), 0xd000 + k);
        for (uint64_t k = 0; k < 8; k++)
            assert_int_equal(b->ops->pread(b, A + 0x1000 * k, 8), 0xd000 + k);
        be_destroy(b);
    }
}

/* The line zero (CLZERO) reads no memory: no AXI read, no miss, no fill's cycles; the line
 * is dirty (memory keeps the old bytes until a write-back); a dirty victim it displaces is
 * written back, and a failed write-back of it is a machine check. */
static void line_zero_reads_no_memory(void **state)
{
    (void)state;
    env e = mk("small", 20, 4);
    backend *b = e.b;
    const uint64_t line = FR(1) + OFF;
    ld_ok(b, VA(1), 8); /* the translation in the dTLB: the load below walks nothing */
    b->ops->pwrite(b, line + 8, 8, 0x77);
    assert_int_equal(b->ops->cache_wbinvd(b), BE_OK);
    assert_int_equal(behind(b, line + 8), 0x77);
    axi_slave_stats a0 = axi_slave_get_stats(rtl_axi_slave(b));
    uint64_t m0 = cnt(b, BE_CNT_dcache_misses), t0 = rtl_now(b);
    assert_int_equal(be_line_zero(b, line), BE_OK);
    uint64_t took = rtl_now(b) - t0;
    axi_slave_stats a1 = axi_slave_get_stats(rtl_axi_slave(b));
    assert_int_equal(a1.reads, a0.reads);
    assert_int_equal(a1.writes, a0.writes);
    /* a fill alone would wait 20 cycles for its first beat */
    if (took >= 20)
        fail_msg("line zero took %llu cycles", (unsigned long long)took);
    assert_int_equal(ld_ok(b, VA(1) + OFF + 8, 8), 0);
    assert_int_equal(cnt(b, BE_CNT_dcache_misses), m0);
    assert_int_equal(behind(b, line + 8), 0x77);
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_WB, line), BE_OK);
    assert_int_equal(behind(b, line + 8), 0);
    /* small is 2-way: two zeroed lines of the set displace a dirty third */
    st_ok(b, VA(2) + OFF, 8, 0xd1);
    assert_true(axi_slave_inject(rtl_axi_slave(b), FR(2) + OFF, FR(2) + OFF + 63, false, true,
                                 AXI_RESP_SLVERR));
    be_status s1 = be_line_zero(b, FR(3) + OFF), s2 = be_line_zero(b, FR(0) + OFF);
    axi_slave_clear_injects(rtl_axi_slave(b));
    assert_true(s1 == BE_MCE || s2 == BE_MCE);
    assert_int_equal(b->ops->pread(b, FR(3) + OFF, 8), 0);
    assert_int_equal(b->ops->pread(b, FR(0) + OFF, 8), 0);
    be_destroy(b);
}

/* A page clear's line zeros through the physical port (be_zero_lines): each line over a
 * dirty victim, so each writes one back. The lines are issued back to back, so the clear
 * takes fewer cycles than the same 64 line zeros through the command port one by one (at
 * least 2 a line: the command's registered answer and the C side's turn around); the
 * displaced lines reach memory, the zeroed ones read as zero; a failed write-back among
 * them is the clear's machine check, and only that clear's. */
static void zero_lines_stream(void **state)
{
    (void)state;
    env e = mk("i7", 1, 4);
    backend *b = e.b;
    const uint64_t A = 0x400000, P1 = 0x600000, P2 = 0x602000, P3 = 0x604000;
    /* every line of the 32 KiB cache dirty, each with its own value */
    for (uint64_t i = 0; i < 512; i++)
        b->ops->pwrite(b, A + 64 * i + 8, 8, 0xa000 + i);
    uint64_t wb0 = cnt(b, BE_CNT_dcache_writebacks), t0 = rtl_now(b);
    assert_int_equal(be_zero_lines(b, P1, 64), BE_OK);
    uint64_t streamed = rtl_now(b) - t0;
    assert_int_equal(cnt(b, BE_CNT_dcache_writebacks), wb0 + 64);
    /* the same over the next page, a line at a time through the command port */
    t0 = rtl_now(b);
    for (unsigned i = 0; i < 64; i++)
        assert_int_equal(b->ops->line_zero(b, P2 + 64 * i), BE_OK);
    uint64_t one_by_one = rtl_now(b) - t0;
    if (streamed + 2 * 64 > one_by_one)
        fail_msg("64 streamed line zeros took %llu cycles, one by one %llu",
                 (unsigned long long)streamed, (unsigned long long)one_by_one);
    for (unsigned i = 0; i < 512; i++)
        b->ops->pwrite(b, P1 + 8 * i, 8, 0x5555); /* memory under the cached zeroes */
    assert_int_equal(be_zero_lines(b, P1, 64), BE_OK);
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(b->ops->pread(b, P1 + 8 * i, 8), 0);
    assert_int_equal(b->ops->cache_wbinvd(b), BE_OK);
    for (uint64_t i = 0; i < 512; i++) {
        if (behind(b, A + 64 * i + 8) != 0xa000 + i)
            fail_msg("line %llu of A: %#llx in memory", (unsigned long long)i,
                     (unsigned long long)behind(b, A + 64 * i + 8));
    }
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(behind(b, P1 + 8 * i), 0);
    /* a failed write-back: the clear's result, not the next one's */
    for (uint64_t i = 0; i < 512; i++)
        b->ops->pwrite(b, A + 64 * i + 8, 8, 0xb000 + i);
    assert_true(axi_slave_inject(rtl_axi_slave(b), A, A + 0x7fff, false, true, AXI_RESP_SLVERR));
    assert_int_equal(be_zero_lines(b, P3, 64), BE_MCE);
    axi_slave_clear_injects(rtl_axi_slave(b));
    assert_int_equal(be_zero_lines(b, P1, 64), BE_OK);
    be_destroy(b);
}

/* A run whose memory breaks the AXI4 protocol is stopped by the checker (exit 4, message). */
static void checker_stops_a_misbehaving_memory(void **state)
{
    (void)state;
    const unsigned faults[] = {RTL_AXI_FAULT_RLAST, RTL_AXI_FAULT_BID};
    for (unsigned i = 0; i < 2; i++) {
        int fd[2];
        assert_int_equal(pipe(fd), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            dup2(fd[1], 2);
            close(fd[0]);
            env e = mk("small", 2, 2);
            rtl_set_axi_fault(e.b, faults[i]);
            st(e.b, VA(0) + OFF, 8, 1);
            e.b->ops->cache_wbinvd(e.b);
            _exit(0); /* not reached when the checker works */
        }
        close(fd[1]);
        char msg[4096] = "";
        size_t n = 0;
        ssize_t k;
        while (n < sizeof msg - 1 && (k = read(fd[0], msg + n, sizeof msg - 1 - n)) > 0)
            n += (size_t)k;
        msg[n] = 0;
        close(fd[0]);
        int st = 0;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_true(WIFEXITED(st));
        if (WEXITSTATUS(st) != 4 || !strstr(msg, "AXI4 protocol violation"))
            fail_msg("fault %u: exit %d, stderr: %s", faults[i], WEXITSTATUS(st), msg);
    }
}

/* The reference model has no cache: its cache counters read 0, its maintenance is a no-op. */
static void ref_has_no_cache(void **state)
{
    (void)state;
    char err[200];
    be_options o = {.config = "i7"};
    backend *b = backend_create("ref", &o, err, sizeof err);
    assert_non_null(b);
    assert_int_equal(b->ops->cache_wbinvd(b), BE_OK);
    assert_int_equal(b->ops->cache_line(b, BE_CLINE_WBINV, 0x1000), BE_OK);
    uint64_t c[BE_NCOUNTERS];
    b->ops->counters(b, c);
    for (unsigned i = BE_CNT_dcache_hits; i <= BE_CNT_mem_stall_cycles; i++)
        assert_int_equal(c[i], 0);
    assert_int_equal(c[BE_CNT_walk_refs_dcache], 0);
    assert_int_equal(c[BE_CNT_walk_refs_memory], 0);
    be_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hit_load_to_use_and_stream),
        cmocka_unit_test(miss_fills_line),
        cmocka_unit_test(dirty_eviction_writes_back),
        cmocka_unit_test(dirty_miss_overlaps_write_back),
        cmocka_unit_test(plru_order),
        cmocka_unit_test(uncached_pcd),
        cmocka_unit_test(line_and_page_crossing),
        cmocka_unit_test(walker_reads_dirty_pte),
        cmocka_unit_test(ad_update_to_evicted_line),
        cmocka_unit_test(axi_errors_are_mce),
        cmocka_unit_test(maintenance),
        cmocka_unit_test(line_zero_reads_no_memory),
        cmocka_unit_test(zero_lines_stream),
        cmocka_unit_test(dirty_fill_beside_read_out),
        cmocka_unit_test(checker_stops_a_misbehaving_memory),
        cmocka_unit_test(ref_has_no_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* bench_mmu: the hardware's latencies and throughput, from the rtl backend's cycle-level
 * hooks (csrc/backend/rtl.h), and the simulation speed of rtl against ref on the same work.
 *
 * Latency, the one definition: cycles from the edge that takes one load (or fetch) to the
 * cycle of its response, on a model whose page tables were written back and invalidated
 * after they were built (so a walk reference "in memory" is a line fill), with the probe's
 * data line already in the D-cache unless the figure names a D-cache miss. A load's figure
 * therefore includes the data stage (load-to-use). Each probe states the counter changes it
 * must cause (walk memory references, D-cache misses and write-backs, L2-TLB hits); the
 * program stops if they differ, so no figure silently measures something else (the way a
 * translation probe once included a data miss with a dirty victim).
 *
 * Throughput: back-to-back loads over lines the dTLB and D-cache hold, after a warm-up pass
 * (the program stops if the measured pass walks or misses).
 *
 * Simulation speed, each stream run on rtl and then on ref in this run (bench/run.sh prints
 * the ratio of rows that share a name): the L1-hit stream and a dTLB-miss stream (one load
 * a cycle through rtl_step; ref does the same loads through its backend interface), and a
 * mixed stream through the backend interface on both.
 *
 * Times are process CPU time, so that a loaded machine does not understate the speed.
 * Output: bench<TAB>NAME<TAB>WHERE<TAB>VALUE<TAB>UNIT lines (bench/run.sh makes the table).
 * A benchmark, not a test: it asserts no speed; it fails only if the model misbehaves or a
 * probe does not measure what it names.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend/backend.h"
#include "backend/rtl.h"
#include "registry/registry.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */

#define ROOT  0x1000ull
#define PDPT  0x2000ull
#define PD    0x3000ull
#define PT0   0x10000ull /* NPT page tables, one after the other */
#define NPT   8
#define NPAGES (NPT * 512)
#define FRAME 0x1000000ull
#define VA0   0x40000000ull
#define PTEF  (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D) /* A/D preset: walks only read */

static const char *g_config = "i7";
/* --cycles-only: the figures in simulated cycles alone, none timed and no ref run (make bench
 * prints another configuration's latencies this way, beside the default's speeds). */
static bool g_cycles_only;

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void emit(const char *name, const char *where, double v, const char *unit)
{
    printf("bench\t%s\t%s\t%.4g\t%s\n", name, where, v, unit);
    fflush(stdout);
}

static void die(const char *msg, uint64_t va)
{
    fprintf(stderr, "bench_mmu: %s at %#llx\n", msg, (unsigned long long)va);
    exit(1);
}

static backend *make(const char *name, unsigned mem_latency)
{
    char err[256];
    be_options o = {.config = g_config, .mem_latency = mem_latency};
    backend *b = name ? backend_create(name, &o, err, sizeof err) : rtl_backend_create(&o, err, sizeof err);
    if (!b) {
        fprintf(stderr, "bench_mmu: %s\n", err);
        exit(2);
    }
    return b;
}

/* VA0 .. VA0 + NPT * 2 MiB, 4 KiB pages, user-writable; page i at FRAME + i * 4 KiB. The
 * tables all lie in D-cache set 0 (ROOT, PDPT, PD, and PT0's first line) and up: a PTE line
 * covers 8 consecutive pages. */
static void map(backend *b)
{
    b->ops->pwrite(b, ROOT, 8, PDPT | PTEF);
    b->ops->pwrite(b, PDPT + 8 * ((VA0 >> 30) & 511), 8, PD | PTEF);
    for (uint64_t t = 0; t < NPT; t++) {
        b->ops->pwrite(b, PD + 8 * (((VA0 >> 21) + t) & 511), 8, (PT0 + t * 0x1000) | PTEF);
        for (uint64_t i = 0; i < 512; i++)
            b->ops->pwrite(b, PT0 + t * 0x1000 + 8 * i, 8, (FRAME + (t * 512 + i) * 0x1000) | PTEF);
    }
    if (b->ops->write_cr3(b, ROOT) != BE_OK)
        die("cr3 write refused", ROOT);
}

static uint64_t frame_of(uint64_t va) { return FRAME + (va - VA0); }

/* The counters a probe must change by exactly these amounts. */
typedef struct {
    uint64_t refs, dmiss, dwb, l2hit;
} deltas;

static deltas snap(backend *b)
{
    uint64_t c[BE_NCOUNTERS];
    b->ops->counters(b, c);
    return (deltas){c[BE_CNT_walk_mem_refs], c[BE_CNT_dcache_misses], c[BE_CNT_dcache_writebacks],
                    c[BE_CNT_l2tlb_hits]};
}

/* Cycles from the edge that takes one request to the cycle of its response. */
static unsigned latency(backend *b, uint64_t va, acc_kind k)
{
    be_req q = {.va = va, .kind = k, .size = 1};
    rtl_drive in = {0};
    if (k == ACC_X)
        in.if_valid = true, in.if_req = q;
    else
        in.ls_valid = true, in.ls_req = q;
    uint64_t taken = 0;
    for (unsigned n = 0;; n++) {
        if (n == RTL_WATCHDOG)
            die("no response", va);
        rtl_seen s;
        uint64_t now = rtl_now(b);
        rtl_step(b, &in, &s);
        if (s.if_taken || s.ls_taken) {
            taken = now;
            in.if_valid = in.ls_valid = false;
        }
        if (s.if_rsp || s.ls_rsp) {
            if ((s.if_rsp ? s.if_resp : s.ls_resp).status != BE_OK)
                die("unexpected fault", va);
            return (unsigned)(now - taken);
        }
    }
}

/* One measured probe: the latency, after checking the counter changes it promises. */
static void probe(backend *b, const char *where, const char *label, uint64_t va, acc_kind k, deltas want)
{
    deltas a = snap(b);
    unsigned cyc = latency(b, va, k);
    deltas z = snap(b);
    deltas got = {z.refs - a.refs, z.dmiss - a.dmiss, z.dwb - a.dwb, z.l2hit - a.l2hit};
    if (memcmp(&got, &want, sizeof got)) {
        fprintf(stderr, "bench_mmu: probe '%s' (%s) caused %llu walk refs, %llu D-cache misses, "
                "%llu write-backs, %llu L2-TLB hits; it promises %llu / %llu / %llu / %llu\n",
                label, where, (unsigned long long)got.refs, (unsigned long long)got.dmiss,
                (unsigned long long)got.dwb, (unsigned long long)got.l2hit,
                (unsigned long long)want.refs, (unsigned long long)want.dmiss,
                (unsigned long long)want.dwb, (unsigned long long)want.l2hit);
        exit(1);
    }
    char name[160];
    snprintf(name, sizeof name, "latency: %s (%llu walk refs, %llu D-cache misses)", label,
             (unsigned long long)want.refs, (unsigned long long)want.dmiss);
    emit(name, where, cyc, "cycles");
}

static void bench_latency(unsigned mem_latency)
{
    char where[64];
    snprintf(where, sizeof where, "rtl/%s, mem latency %u", g_config, mem_latency);
    backend *b = make(NULL, mem_latency);
    map(b);
    if (b->ops->cache_wbinvd(b) != BE_OK) /* the tables in memory only */
        die("wbinvd failed", 0);
    /* The probes' data lines in the D-cache (clean), each in a set of its own and none in
     * the tables' sets, so that even a 2-way cache keeps them through the walks. */
    static const uint64_t data[] = {VA0 + 0x800, VA0 + 0x1840, VA0 + 0x2880, VA0 + 0x88c0};
    for (unsigned i = 0; i < sizeof data / sizeof data[0]; i++)
        b->ops->pread(b, frame_of(data[i]), 8);

    probe(b, where, "load, full walk, tables in memory", VA0 + 0x800, ACC_R, (deltas){4, 4, 0, 0});
    probe(b, where, "load, dTLB hit and D-cache hit (load-to-use)", VA0 + 0x808, ACC_R, (deltas){0, 0, 0, 0});
    probe(b, where, "load, walk with PDE-cache hit, PTE line in D-cache", VA0 + 0x1840, ACC_R,
          (deltas){1, 0, 0, 0});
    probe(b, where, "load, walk with PDE-cache hit, PTE line in memory", VA0 + 0x88c0, ACC_R,
          (deltas){1, 1, 0, 0});
    latency(b, VA0 + 0x2000, ACC_X); /* the fetch fills the L2 TLB (and the iTLB) */
    probe(b, where, "load, dTLB miss, L2-TLB hit", VA0 + 0x2888, ACC_R, (deltas){0, 0, 0, 1});
    probe(b, where, "load, dTLB hit, D-cache miss, clean victim", VA0 + 0x900, ACC_R, (deltas){0, 1, 0, 0});
    /* Every way of the set of offset 0x980 dirty (stores to 8 pages), then a ninth page. */
    for (unsigned i = 0; i < 8; i++) {
        be_req st = {.va = VA0 + i * 0x1000 + 0x980, .kind = ACC_W, .size = 8, .wdata = i};
        if (b->ops->access(b, &st).status != BE_OK)
            die("unexpected fault", st.va);
    }
    latency(b, VA0 + 0x88c0, ACC_R); /* the ninth page's translation back in the dTLB */
    probe(b, where, "load, dTLB hit, D-cache miss, dirty victim", VA0 + 0x8980, ACC_R, (deltas){0, 1, 1, 0});
    be_destroy(b);
}

/* The streams driven one load a cycle through rtl_step: the n-th load's address. */
typedef uint64_t (*stream_fn)(uint64_t n);

/* 8 pages, 512 bytes each, at different page offsets: 64 lines in 64 different sets, which
 * every configuration's dTLB and D-cache hold. */
static uint64_t hit_va(uint64_t n)
{
    uint64_t page = n % 8;
    return VA0 + page * 0x1000 + page * 0x200 + ((n / 8) * 8 & 0x1f8);
}

/* Every load a different page of NPAGES: dTLB misses, L2-TLB hits and walks, data misses. */
static uint64_t miss_va(uint64_t n) { return VA0 + ((n * 97) % NPAGES) * 0x1000 + (n * 8 & 0xff8); }

/* Runs `cycles` cycles of back-to-back loads from f on a fresh rtl model (memory latency 1);
 * returns the CPU seconds, the loads answered and taken, the walks and D-cache misses. */
static double run_rtl_stream(stream_fn f, uint64_t warm, uint64_t cycles, uint64_t *rsps, uint64_t *taken,
                             uint64_t *walks, uint64_t *dmiss)
{
    backend *b = make(NULL, 1);
    map(b);
    if (b->ops->cache_wbinvd(b) != BE_OK)
        die("wbinvd failed", 0);
    for (uint64_t i = 0; i < warm; i++) {
        be_req q = {.va = f(i), .kind = ACC_R, .size = 8};
        if (b->ops->access(b, &q).status != BE_OK)
            die("unexpected fault", q.va);
    }
    uint64_t c0[BE_NCOUNTERS], c1[BE_NCOUNTERS];
    b->ops->counters(b, c0);
    rtl_drive in = {.ls_valid = true, .ls_req = {.va = f(0), .kind = ACC_R, .size = 8}};
    uint64_t n = 0, r = 0, start = rtl_now(b);
    double t0 = cpu_s();
    while (rtl_now(b) - start < cycles) {
        rtl_seen s;
        rtl_step(b, &in, &s);
        if (s.ls_taken)
            in.ls_req.va = f(++n);
        if (s.ls_rsp && s.ls_resp.status != BE_OK)
            die("unexpected fault", s.ls_resp.cr2);
        r += s.ls_rsp;
    }
    double t = cpu_s() - t0;
    b->ops->counters(b, c1);
    *rsps = r;
    *taken = n;
    *walks = c1[BE_CNT_walks] - c0[BE_CNT_walks];
    *dmiss = c1[BE_CNT_dcache_misses] - c0[BE_CNT_dcache_misses];
    be_destroy(b);
    return t;
}

/* The same n loads through ref's backend interface: CPU seconds. */
static double run_ref_stream(stream_fn f, uint64_t n)
{
    backend *b = make("ref", 1);
    map(b);
    double t0 = cpu_s();
    for (uint64_t i = 0; i < n; i++) {
        be_req q = {.va = f(i), .kind = ACC_R, .size = 8};
        if (b->ops->access(b, &q).status != BE_OK)
            die("unexpected fault", q.va);
    }
    double t = cpu_s() - t0;
    be_destroy(b);
    return t;
}

static void bench_hit_stream(uint64_t cycles)
{
    char where[64], ref[64];
    snprintf(where, sizeof where, "rtl/%s", g_config);
    snprintf(ref, sizeof ref, "ref/%s", g_config);
    uint64_t rsps, n, walks, dmiss;
    double t = run_rtl_stream(hit_va, 64 * 8, cycles, &rsps, &n, &walks, &dmiss);
    if (walks || dmiss)
        die("the hit stream walked or missed the D-cache", VA0);
    emit("L1-hit stream: loads answered per cycle", where, (double)rsps / (double)cycles, "per cycle");
    if (g_cycles_only)
        return;
    emit("simulation speed, L1-hit stream (rtl_step)", where, (double)cycles / t / 1e6, "M cycles/s");
    emit("simulation speed, L1-hit stream: loads", where, (double)n / t / 1e6, "M loads/s");
    emit("simulation speed, L1-hit stream: loads", ref, (double)n / run_ref_stream(hit_va, n) / 1e6, "M loads/s");
}

static void bench_miss_stream(uint64_t cycles)
{
    char where[64], ref[64];
    snprintf(where, sizeof where, "rtl/%s", g_config);
    snprintf(ref, sizeof ref, "ref/%s", g_config);
    uint64_t rsps, n, walks, dmiss;
    double t = run_rtl_stream(miss_va, 0, cycles, &rsps, &n, &walks, &dmiss);
    emit("dTLB-miss stream: cycles per load (mem latency 1)", where, (double)cycles / (double)(rsps ? rsps : 1), "cycles");
    emit("dTLB-miss stream: walks per 100 loads", where, 100.0 * (double)walks / (double)(rsps ? rsps : 1), "walks");
    if (g_cycles_only)
        return;
    emit("simulation speed, dTLB-miss stream (rtl_step)", where, (double)cycles / t / 1e6, "M cycles/s");
    emit("simulation speed, dTLB-miss stream: loads", where, (double)n / t / 1e6, "M loads/s");
    emit("simulation speed, dTLB-miss stream: loads", ref, (double)n / run_ref_stream(miss_va, n) / 1e6, "M loads/s");
}

/* One access stream through the backend interface on rtl and on ref: loads and stores at
 * pseudo-random addresses over NPAGES pages (L1 hits, L2 hits, PDE-cache walks). */
static void bench_speed(unsigned n)
{
    be_req *reqs = malloc(n * sizeof *reqs);
    if (!reqs)
        die("out of memory", 0);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        /* mostly near the last access (TLB hits), sometimes anywhere in the mapping */
        uint64_t page = (x >> 8) % 8 < 6 ? (i ? (reqs[i - 1].va - VA0) >> 12 : 0) : (x >> 16) % NPAGES;
        reqs[i] = (be_req){.va = VA0 + (page << 12) + ((x >> 40) & 0xff8), .size = 8,
                           .kind = (x & 3) == 0 ? ACC_W : ACC_R, .user = true, .wdata = x};
    }
    static const char *const names[] = {"rtl", "ref"};
    for (int bi = 0; bi < (g_cycles_only ? 1 : 2); bi++) {
        backend *b = make(names[bi], 20);
        map(b);
        uint64_t c0[BE_NCOUNTERS], c1[BE_NCOUNTERS];
        b->ops->counters(b, c0);
        double t0 = cpu_s();
        for (unsigned i = 0; i < n; i++)
            if (b->ops->access(b, &reqs[i]).status != BE_OK)
                die("unexpected fault", reqs[i].va);
        double t = cpu_s() - t0;
        b->ops->counters(b, c1);
        char where[64];
        snprintf(where, sizeof where, "%s/%s", names[bi], g_config);
        if (!g_cycles_only)
            emit("simulation speed, mixed accesses (backend API)", where, n / t / 1e6, "M accesses/s");
        if (bi == 0) {
            uint64_t cyc = c1[BE_CNT_cycles] - c0[BE_CNT_cycles];
            if (!g_cycles_only)
                emit("simulation speed, mixed accesses (backend API): cycles", where, (double)cyc / t / 1e6,
                     "M cycles/s");
            emit("mixed accesses: walks per 100 accesses", where,
                 100.0 * (double)(c1[BE_CNT_walks] - c0[BE_CNT_walks]) / n, "walks");
            emit("mixed accesses: cycles per access (mem latency 20)", where, (double)cyc / n, "cycles");
        }
        be_destroy(b);
    }
    free(reqs);
}

int main(int argc, char **argv)
{
    unsigned scale = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            g_config = argv[++i];
        else if (!strcmp(argv[i], "--quick"))
            scale = 10;
        else if (!strcmp(argv[i], "--cycles-only"))
            g_cycles_only = true;
        else if (!strcmp(argv[i], "--help")) {
            puts("usage: bench_mmu [--config " OPENMMU_CONFIG_CHOICES "] [--quick] [--cycles-only]\n"
                 "Latencies, throughput and simulation speed (see csrc/cli/bench_mmu.c); --cycles-only:\n"
                 "the figures in simulated cycles alone, nothing timed, no ref run.");
            return 0;
        } else {
            fprintf(stderr, "bench_mmu: bad option '%s' (try --help)\n", argv[i]);
            return 2;
        }
    }
    bench_latency(1);
    bench_latency(20);
    bench_hit_stream(5000000 / scale);
    bench_miss_stream(2000000 / scale);
    bench_speed(1000000 / scale);
    return 0;
}

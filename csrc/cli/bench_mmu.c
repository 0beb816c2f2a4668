// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* bench_mmu: the translation core's figures, from the rtl backend's cycle-level hooks.
 *
 *   latency in cycles (request taken -> response) of an L1 TLB hit, an L2 TLB hit, a walk
 *     whose PDE cache hits (one memory reference) and a full walk (four), at memory
 *     latencies 1 and 20; each also reports the walk references it made, so the figure is
 *     known to measure what it names;
 *   throughput of the L1 hit path (responses per cycle on a back-to-back stream of hits);
 *   simulation speed, in one run on one access stream: rtl (simulated cycles and
 *     translations per CPU second, through the backend interface) and ref (accesses per CPU
 *     second on the same stream).
 *
 * Times are process CPU time, so that a loaded machine does not understate the speed.
 * Output: bench<TAB>NAME<TAB>WHERE<TAB>VALUE<TAB>UNIT lines (bench/run.sh makes the table).
 * A benchmark, not a test: it fails only if the model misbehaves (a fault where none can be).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend/backend.h"
#include "backend/rtl.h"

#define ROOT  0x1000ull
#define PDPT  0x2000ull
#define PD    0x3000ull
#define PT0   0x10000ull /* NPT page tables, one after the other */
#define NPT   8
#define FRAME 0x1000000ull
#define VA0   0x40000000ull
#define PTEF  (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D) /* A/D preset: walks only read */

static const char *g_config = "i7";

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

/* VA0 .. VA0 + NPT * 2 MiB, 4 KiB pages, user-writable. */
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

static uint64_t counter(backend *b, int which)
{
    uint64_t c[BE_NCOUNTERS];
    b->ops->counters(b, c);
    return c[which];
}

/* Cycles from the edge that takes one request to the cycle of its response; *refs is the
 * number of walk memory references it caused. Translation only: a load-port request is a
 * no-data probe, so a cold data line does not add a cache miss to the figure. */
static unsigned latency(backend *b, uint64_t va, acc_kind k, uint64_t *refs)
{
    uint64_t r0 = counter(b, BE_CNT_walk_mem_refs);
    be_req q = {.va = va, .kind = k, .size = 1};
    rtl_drive in = {0};
    if (k == ACC_X)
        in.if_valid = true, in.if_req = q;
    else
        in.ls_valid = true, in.ls_req = q, in.ls_nodata = true;
    uint64_t taken = 0;
    for (;;) {
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
            *refs = counter(b, BE_CNT_walk_mem_refs) - r0;
            return (unsigned)(now - taken);
        }
    }
}

static void bench_latency(unsigned mem_latency)
{
    backend *b = make(NULL, mem_latency);
    map(b);
    uint64_t rf, rl1, rpsc, rl2;
    unsigned full = latency(b, VA0, ACC_R, &rf);              /* cold: PML4E..PTE */
    unsigned l1 = latency(b, VA0 + 8, ACC_R, &rl1);           /* same page: dTLB hit */
    unsigned psc = latency(b, VA0 + 0x1000, ACC_R, &rpsc);    /* next page: PDE cache hit */
    uint64_t dummy;
    latency(b, VA0 + 0x2000, ACC_X, &dummy);                  /* fills the L2 TLB (and iTLB) */
    unsigned l2 = latency(b, VA0 + 0x2008, ACC_R, &rl2);      /* dTLB miss, L2 hit */
    be_destroy(b);
    char where[64];
    snprintf(where, sizeof where, "rtl/%s, mem latency %u", g_config, mem_latency);
    char name[96];
#define LAT(label, cyc, refs)                                                                  \
    snprintf(name, sizeof name, "translation latency: %s (%llu walk refs)", label, (unsigned long long)(refs)); \
    emit(name, where, cyc, "cycles")
    LAT("L1 TLB hit", l1, rl1);
    LAT("L2 TLB hit", l2, rl2);
    LAT("walk, PDE cache hit", psc, rpsc);
    LAT("full walk", full, rf);
#undef LAT
}

/* Back-to-back loads over 8 pages the dTLB holds: responses per cycle. */
static void bench_hit_stream(uint64_t cycles)
{
    backend *b = make(NULL, 1);
    map(b);
    uint64_t dummy;
    for (unsigned i = 0; i < 8; i++)
        latency(b, VA0 + i * 0x1000, ACC_R, &dummy);
    uint64_t w0 = counter(b, BE_CNT_walks);
    rtl_drive in = {.ls_valid = true, .ls_req = {.va = VA0, .kind = ACC_R, .size = 8}};
    uint64_t rsps = 0, start = rtl_now(b), n = 0;
    double t0 = cpu_s();
    while (rtl_now(b) - start < cycles) {
        rtl_seen s;
        rtl_step(b, &in, &s);
        if (s.ls_taken)
            n++, in.ls_req.va = VA0 + (n % 8) * 0x1000 + ((n * 8) & 0xff8);
        if (s.ls_rsp && s.ls_resp.status != BE_OK)
            die("unexpected fault", s.ls_resp.cr2);
        rsps += s.ls_rsp;
    }
    double t = cpu_s() - t0;
    if (counter(b, BE_CNT_walks) != w0)
        die("the hit stream walked", VA0);
    be_destroy(b);
    char where[64];
    snprintf(where, sizeof where, "rtl/%s", g_config);
    emit("L1 TLB hit stream: translations per cycle", where, (double)rsps / (double)cycles, "per cycle");
    emit("simulation speed, L1 hit stream (rtl_step)", where, (double)cycles / t / 1e6, "M cycles/s");
}

/* One access stream through the backend interface on rtl and on ref: loads and stores at
 * pseudo-random addresses over NPT * 512 pages (L1 hits, L2 hits, PDE-cache walks). */
static void bench_speed(unsigned n)
{
    be_req *reqs = malloc(n * sizeof *reqs);
    if (!reqs)
        die("out of memory", 0);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        /* mostly near the last access (TLB hits), sometimes anywhere in the mapping */
        uint64_t page = (x >> 8) % 8 < 6 ? (i ? (reqs[i - 1].va - VA0) >> 12 : 0) : (x >> 16) % (NPT * 512);
        reqs[i] = (be_req){.va = VA0 + (page << 12) + ((x >> 40) & 0xff8), .size = 8,
                           .kind = (x & 3) == 0 ? ACC_W : ACC_R, .user = true, .wdata = x};
    }
    static const char *const names[] = {"rtl", "ref"};
    for (int bi = 0; bi < 2; bi++) {
        backend *b = make(names[bi], 20);
        map(b);
        uint64_t c0 = counter(b, BE_CNT_cycles);
        double t0 = cpu_s();
        for (unsigned i = 0; i < n; i++)
            if (b->ops->access(b, &reqs[i]).status != BE_OK)
                die("unexpected fault", reqs[i].va);
        double t = cpu_s() - t0;
        uint64_t cyc = counter(b, BE_CNT_cycles) - c0;
        char where[64];
        snprintf(where, sizeof where, "%s/%s", names[bi], g_config);
        if (bi == 0) {
            uint64_t walks = counter(b, BE_CNT_walks);
            emit("simulation speed, mixed accesses (backend API)", where, (double)cyc / t / 1e6, "M cycles/s");
            emit("simulation speed, mixed accesses (backend API)", where, n / t / 1e6, "M translations/s");
            emit("mixed accesses: walks per 100 accesses", where, 100.0 * (double)walks / n, "walks");
            emit("mixed accesses: cycles per access (mem latency 20)", where, (double)cyc / n, "cycles");
        } else {
            emit("simulation speed, mixed accesses (backend API)", where, n / t / 1e6, "M accesses/s");
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
        else if (!strcmp(argv[i], "--help")) {
            puts("usage: bench_mmu [--config i7|small] [--quick]\n"
                 "Latencies, L1-hit throughput and simulation speed (see csrc/cli/bench_mmu.c).");
            return 0;
        } else {
            fprintf(stderr, "bench_mmu: bad option '%s' (try --help)\n", argv[i]);
            return 2;
        }
    }
    bench_latency(1);
    bench_latency(20);
    bench_hit_stream(5000000 / scale);
    bench_speed(1000000 / scale);
    return 0;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Benchmarks of the rtl backend (i7 unless argv[1] names another configuration):
 * translation latencies in cycles (L1 hit, L2 hit, walk with a PSC hit, full walk) at two
 * memory latencies, L1-hit throughput, and simulated cycles per second of CPU time (process
 * CPU time, so that a loaded machine does not understate it). Loads answer through the L1
 * data cache: the translation latencies are measured with the data line already cached
 * (one cycle of it included) and the page tables only in memory (each walk read a line
 * fill); the data cache's own figures (load-to-use on a hit, a miss at memory latency 20)
 * follow them.
 *   make bench-rtl      (runs build/rel/bench_rtl)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend/rtl.h"

#define ROOT 0x1000ull
#define F (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)

static backend *mk(const char *cfg, unsigned lat)
{
    char err[200];
    be_options o = {.config = cfg, .mem_latency = lat};
    backend *b = rtl_backend_create(&o, err, sizeof err);
    if (!b) {
        fprintf(stderr, "bench_rtl: %s\n", err);
        exit(1);
    }
    return b;
}

/* Tables for VA 0x40000000.. : PML4 at ROOT, PDPT, PD, one PT with 512 pages; A/D preset so
 * that a walk is reads only. */
static void map(backend *b)
{
    b->ops->pwrite(b, ROOT, 8, 0x2000 | F);
    b->ops->pwrite(b, 0x2000 + 8, 8, 0x3000 | F);
    b->ops->pwrite(b, 0x3000, 8, 0x4000 | F);
    for (unsigned i = 0; i < 512; i++)
        b->ops->pwrite(b, 0x4000 + 8 * i, 8, (0x1000000 + i * 0x1000ull) | F);
    b->ops->write_cr3(b, ROOT);
}

/* Cycles from the edge that takes the request to the cycle of its response. */
static unsigned latency(backend *b, uint64_t va, acc_kind k)
{
    rtl_drive in = {0};
    be_req q = {.va = va, .kind = k, .size = 1};
    if (k == ACC_X) {
        in.if_valid = true;
        in.if_req = q;
    } else {
        in.ls_valid = true;
        in.ls_req = q;
    }
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
            be_resp r = s.if_rsp ? s.if_resp : s.ls_resp;
            if (r.status != BE_OK) {
                fprintf(stderr, "bench_rtl: unexpected fault at %#llx\n", (unsigned long long)va);
                exit(1);
            }
            return (unsigned)(now - taken);
        }
    }
}

static double secs(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *cfg = argc > 1 ? argv[1] : "i7";
    const uint64_t va = 0x40000000ull;
    printf("config %s\n", cfg);
    unsigned lats[] = {1, 20};
    for (unsigned li = 0; li < 2; li++) {
        backend *b = mk(cfg, lats[li]);
        map(b);
        b->ops->cache_wbinvd(b); /* the tables in memory, out of the cache */
        const uint64_t data[] = {0x1000000, 0x1000008, 0x1001000, 0x1002008};
        for (unsigned d = 0; d < 4; d++)
            b->ops->pread(b, data[d], 1); /* the data lines in the cache */
        unsigned full = latency(b, va, ACC_R);                 /* cold: 4 reads */
        unsigned l1 = latency(b, va + 8, ACC_R);               /* dTLB hit */
        unsigned psc = latency(b, va + 0x1000, ACC_R);         /* PDE cache hit: 1 read */
        latency(b, va + 0x2000, ACC_X);                        /* fills L2 + iTLB */
        unsigned l2 = latency(b, va + 0x2008, ACC_R);          /* dTLB miss, L2 hit */
        uint64_t c[BE_NCOUNTERS];
        b->ops->counters(b, c);
        printf("memory latency %2u: L1 hit %u, L2 hit %u, walk with PSC hit %u, full walk %u "
               "cycles (walk reads: %llu)\n", lats[li], l1, l2, psc, full,
               (unsigned long long)c[BE_CNT_walk_mem_refs]);
        be_destroy(b);
    }

    /* The data cache: a load that hits (TLB and cache), and one that misses the cache with a
     * clean victim, memory latency 20 and one beat a cycle. */
    {
        backend *d = mk(cfg, 20);
        map(d);
        latency(d, va, ACC_R); /* the translation */
        unsigned miss = latency(d, va + 0x40, ACC_R), hit = latency(d, va + 0x48, ACC_R);
        printf("data cache: load-to-use on a hit %u cycles; miss (clean victim) at memory latency 20: %u cycles\n",
               hit, miss);
        be_destroy(d);
    }

    /* Throughput and simulation speed: back-to-back loads over 8 pages that hit the dTLB. */
    backend *b = mk(cfg, 1);
    map(b);
    for (unsigned i = 0; i < 8; i++)
        latency(b, va + i * 0x1000, ACC_R);
    const uint64_t n = 5000000;
    rtl_drive in = {.ls_valid = true, .ls_req = {.va = va, .kind = ACC_R, .size = 1}};
    uint64_t rsps = 0, start = rtl_now(b), i = 0;
    double t0 = secs();
    while (rtl_now(b) - start < n) {
        rtl_seen s;
        rtl_step(b, &in, &s);
        if (s.ls_taken)
        {
            i++;
            in.ls_req.va = va + (i % 8) * 0x1000 + (i & 0xff8);
        }
        rsps += s.ls_rsp;
    }
    double t1 = secs();
    printf("L1-hit stream: %llu responses in %llu cycles (%.3f per cycle)\n",
           (unsigned long long)rsps, (unsigned long long)n, (double)rsps / n);
    printf("simulation speed: %.2f M cycles per CPU second (L1-hit stream, one thread)\n", n / (t1 - t0) / 1e6);

    /* A miss-heavy mix: every load a different page of 512 (dTLB misses, L2 hits/walks). */
    in.ls_req.va = va;
    start = rtl_now(b);
    rsps = 0;
    t0 = secs();
    while (rtl_now(b) - start < n) {
        rtl_seen s;
        rtl_step(b, &in, &s);
        if (s.ls_taken)
            in.ls_req.va = va + ((++i * 97) % 512) * 0x1000;
        rsps += s.ls_rsp;
    }
    t1 = secs();
    printf("miss stream: %llu responses in %llu cycles; simulation speed %.2f M cycles per CPU second\n",
           (unsigned long long)rsps, (unsigned long long)n, n / (t1 - t0) / 1e6);
    be_destroy(b);
    return 0;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* bench_reclaim: in-process timings of the kernel model under memory pressure, with no
 * process start-up or scenario parsing in them. Per run, on a fresh backend and kernel:
 *
 *   hit          a load whose page is mapped (no fault): the cost every access pays
 *   minor-read   a first load of an anonymous page (fault maps the zero page)
 *   minor-write  a first store to it (fault: frame allocated, zeroed, mapped writable)
 *   reclaim      k_reclaim of every page: clock pass clearing A, then eviction, each
 *                page dirty and written to the swap file (pages per second)
 *   major        a load of a swapped-out page (fault reads the slot: swap-in)
 *   reclaim-clean the swapped-in pages again: clean, their slot still valid, dropped
 *                without a write
 *
 * Fault latency is the access-with-fault time minus the hit time. Each figure is the
 * median over --reps runs. The counters are checked (every phase faulted, reclaimed and
 * swapped exactly as intended), so a number never describes something else.
 * Output: a table on stdout, or one JSON object with --json. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend/backend.h"
#include "kernel/kernel.h"
#include "registry/registry.h"

#define BASE 0x200000000000ull
#define NPHASE 6
static const char *const phase_name[NPHASE] = {"hit", "minor-read", "minor-write", "reclaim", "major",
                                               "reclaim-clean"};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_reclaim [--backend NAME] [--pages N] [--reps N] [--json]\n"
                    "  --backend ref|rtl|lockstep|...  (default ref)\n"
                    "  --pages N   pages per phase (default 2000, 16..1000000)\n"
                    "  --reps N    runs; each figure is the median (default 5, 1..100)\n");
    return 2;
}

static int fail(const char *what, const char *detail)
{
    fprintf(stderr, "bench_reclaim: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    return 1;
}

/* Checks a counter difference; prints the mismatch. */
static int expect(const char *phase, const char *name, uint64_t got, uint64_t want)
{
    if (got == want)
        return 0;
    fprintf(stderr, "bench_reclaim: phase %s: %s = %llu, expected %llu\n", phase, name, (unsigned long long)got,
            (unsigned long long)want);
    return 1;
}

/* One run: the seconds per page of each phase into out[]. */
static int one_run(const char *bename, uint64_t n, double out[NPHASE])
{
    char err[200];
    be_options bo = {.config = "i7"};
    backend *be = backend_create(bename, &bo, err, sizeof err);
    if (!be)
        return fail("backend", err);
    /* room for every page plus its tables, so that nothing is reclaimed before asked */
    struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = (2 * n + 256) * 4096, .swap_size = (n + 16) * 4096};
    struct kernel *k = kernel_new(be, &o, err, sizeof err);
    if (!k) {
        be_destroy(be);
        return fail("kernel", err);
    }
    int bad = 0;
    /* every swap-in a major fault of its own: without swap readahead, which would make the
     * phase's later loads minor faults from the swap cache */
    if (k_sysctl(k, "page-cluster", 0) != 0)
        bad = fail("setup", "page-cluster 0 refused");
    if (!bad && (k_spawn(k, 1) != 0 || k_mmap(k, 1, BASE, n * 4096, KPROT_READ | KPROT_WRITE,
                                     KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED, NULL, 0) != (int64_t)BASE))
        bad = fail("setup", "spawn or mmap failed");
    struct kernel_stats s0, s1;
    uint64_t val, exp;
    bool sbad;
    double t[NPHASE];
    for (int ph = 0; ph < NPHASE && !bad; ph++) {
        /* phase order: minor-read, hit, minor-write, reclaim, major, reclaim-clean */
        static const int order[NPHASE] = {1, 0, 2, 3, 4, 5};
        int p = order[ph];
        kernel_stats(k, &s0);
        double t0 = now();
        uint64_t got = 0;
        for (uint64_t i = 0; i < n && p != 3 && p != 5; i++) {
            uint64_t va = BASE + i * 4096 + 8 * (i & 511);
            kacc r = p == 2 ? k_store(k, 1, va, 8, i + 1) : k_load(k, 1, va, 8, ACC_R, &val, &sbad, &exp);
            if (r != KA_OK || (p != 2 && sbad)) {
                bad = fail(phase_name[p], "an access failed or read a wrong value");
                break;
            }
        }
        if (p == 3 || p == 5)
            got = k_reclaim(k, 2 * n);
        t[p] = now() - t0;
        kernel_stats(k, &s1);
        const char *nm = phase_name[p];
        switch (p) {
        case 0: bad |= expect(nm, "faults", s1.faults - s0.faults, 0); break;
        case 1:
        case 2: bad |= expect(nm, "minor faults", s1.minor - s0.minor, n) | expect(nm, "major", s1.major - s0.major, 0); break;
        case 3:
            bad |= expect(nm, "reclaimed", got, n) | expect(nm, "swapout", s1.swapout - s0.swapout, n);
            break;
        case 4: bad |= expect(nm, "major faults", s1.major - s0.major, n) | expect(nm, "faults", s1.faults - s0.faults, n); break;
        case 5:
            bad |= expect(nm, "reclaimed", got, n) | expect(nm, "swapout", s1.swapout - s0.swapout, 0);
            break;
        }
    }
    kernel_free(k);
    be_destroy(be);
    for (int p = 0; p < NPHASE; p++)
        out[p] = t[p] / (double)n;
    return bad;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static bool number(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *s == '\0' || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    const char *bename = "ref";
    unsigned long pages = 2000, reps = 5;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (i + 1 < argc && strcmp(argv[i], "--backend") == 0) {
            bename = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--pages") == 0) {
            if (!number(argv[++i], 16, 1000000, &pages)) {
                fprintf(stderr, "bench_reclaim: --pages: expected a number 16..1000000, got '%s'\n", argv[i]);
                return 2;
            }
        } else if (i + 1 < argc && strcmp(argv[i], "--reps") == 0) {
            if (!number(argv[++i], 1, 100, &reps)) {
                fprintf(stderr, "bench_reclaim: --reps: expected a number 1..100, got '%s'\n", argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "bench_reclaim: unknown option or missing value: '%s'\n", argv[i]);
            return usage();
        }
    }
    double *runs = calloc(reps * NPHASE, sizeof *runs), med[NPHASE], col[100];
    if (!runs)
        return fail("out of memory", NULL);
    for (unsigned long r = 0; r < reps; r++)
        if (one_run(bename, pages, runs + r * NPHASE)) {
            free(runs);
            return 1;
        }
    for (int p = 0; p < NPHASE; p++) {
        for (unsigned long r = 0; r < reps; r++)
            col[r] = runs[r * NPHASE + p];
        qsort(col, reps, sizeof col[0], cmp_double);
        med[p] = reps % 2 ? col[reps / 2] : (col[reps / 2 - 1] + col[reps / 2]) / 2;
    }
    free(runs);
    double hit = med[0];
    if (json) {
        printf("{\"backend\": \"%s\", \"pages\": %lu, \"reps\": %lu, \"hit_us\": %.3f, \"minor_read_us\": %.3f, "
               "\"minor_write_us\": %.3f, \"major_us\": %.3f, \"reclaim_pages_per_s\": %.0f, "
               "\"reclaim_clean_pages_per_s\": %.0f}\n",
               bename, pages, reps, 1e6 * hit, 1e6 * (med[1] - hit), 1e6 * (med[2] - hit), 1e6 * (med[4] - hit),
               1.0 / med[3], 1.0 / med[5]);
        return 0;
    }
    printf("bench_reclaim: backend %s, %lu pages per phase, median of %lu runs\n", bename, pages, reps);
    printf("  load, page mapped (no fault)        %9.2f us\n", 1e6 * hit);
    printf("  minor fault, read (zero page)       %9.2f us  (access %.2f us - hit)\n", 1e6 * (med[1] - hit), 1e6 * med[1]);
    printf("  minor fault, write (new frame)      %9.2f us  (access %.2f us - hit)\n", 1e6 * (med[2] - hit), 1e6 * med[2]);
    printf("  major fault, swap-in                %9.2f us  (access %.2f us - hit)\n", 1e6 * (med[4] - hit), 1e6 * med[4]);
    printf("  reclaim, dirty anon -> swap         %9.0f pages/s\n", 1.0 / med[3]);
    printf("  reclaim, clean (swap cache) dropped %9.0f pages/s\n", 1.0 / med[5]);
    return 0;
}

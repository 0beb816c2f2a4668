// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* bench_kernel: how fast the software kernel model runs, on one backend.
 *
 *   page faults per second   demand-zero write faults over a fresh anonymous area, and
 *                            copy-on-write faults after a fork; on rtl also simulated
 *                            cycles per fault
 *   kernel ops per second    a mix of mmap, store, load, mprotect and munmap; on rtl also
 *                            simulated cycles per operation
 *   find_vma                 ns per lookup in trees of 10, 1,000 and 100,000 areas
 *   fork                     1 GiB mapped, 0 / 64 / 128 MiB touched: time and host memory
 *
 * Every figure is the median of several runs, timed in process CPU time (single-threaded,
 * so that other work on a loaded machine does not count). Output is one line per figure,
 *   bench<TAB>NAME<TAB>BACKEND<TAB>VALUE<TAB>UNIT
 * which bench/run.sh gathers into the table of `make bench`. This is a benchmark, not a
 * test: it checks nothing about speed, only that the kernel calls it makes succeed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "kernel/kernel.h"
#include "kernel/vma.h"
#include "registry/registry.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */

#define RUNS 5
#define PAGE 4096ull

static const char *g_backend = "ref";
static const char *g_config = "i7";
static unsigned g_scale = 1; /* --quick divides the work */
static enum kaccess g_kaccess = KACCESS_PAGE;
static const char *g_kaccess_name = NULL; /* --kaccess as given; NULL: the default */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_dbl);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Resident host memory in bytes (/proc/self/statm, second field). */
static double rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, res = 0;
    if (f) {
        if (fscanf(f, "%lu %lu", &size, &res) != 2)
            res = 0;
        fclose(f);
    }
    return (double)res * (double)sysconf(_SC_PAGESIZE);
}

static void die(const char *what, long long v)
{
    fprintf(stderr, "bench_kernel: %s failed (%lld)\n", what, v);
    exit(1);
}

static void emit(const char *name, double v, const char *unit)
{
    /* a figure of another --kaccess mode is a row of its own, not the default's */
    printf("bench\t%s%s%s%s\t%s/%s\t%.6g\t%s\n", name, g_kaccess_name ? " [--kaccess " : "",
           g_kaccess_name ? g_kaccess_name : "", g_kaccess_name ? "]" : "", g_backend, g_config, v, unit);
    fflush(stdout);
}

static struct kernel *boot(backend **bep, uint64_t mem_size)
{
    char err[256];
    be_options o = {.config = g_config};
    backend *be = backend_create(g_backend, &o, err, sizeof err);
    if (!be) {
        fprintf(stderr, "bench_kernel: %s\n", err);
        exit(2);
    }
    struct kernel_opts ko = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = mem_size, .kaccess = g_kaccess};
    struct kernel *k = kernel_new(be, &ko, err, sizeof err);
    if (!k) {
        fprintf(stderr, "bench_kernel: kernel_new: %s\n", err);
        exit(2);
    }
    *bep = be;
    return k;
}

static void shutdown_kernel(struct kernel *k, backend *be)
{
    kernel_free(k);
    be_destroy(be);
}

/* Simulated cycles so far (0 on a backend without a clock). Reading the counters takes
 * simulated time on rtl (CSR reads), so a measurement reads them all once at each end. */
static uint64_t cycles(backend *be)
{
    uint64_t c[BE_NCOUNTERS];
    be->ops->counters(be, c);
    return c[BE_CNT_cycles];
}

/* One timed run of faults: faults per second and, per fault (each with its retried store),
 * simulated cycles, D-cache write-backs and cycles the D-cache waited on memory (the last
 * three 0 on a backend without a clock). */
struct fault_run {
    double rate, cyc, wb, mstall;
};

/* The median of RUNS runs of each figure. Where a fault's cycles go: a page clear is 64
 * line zeros, each of which first writes back the dirty line it evicts. */
static void emit_faults(const char *name, const struct fault_run *runs)
{
    double r[RUNS], c[RUNS], w[RUNS], m[RUNS];
    for (int i = 0; i < RUNS; i++) {
        r[i] = runs[i].rate;
        c[i] = runs[i].cyc;
        w[i] = runs[i].wb;
        m[i] = runs[i].mstall;
    }
    emit(name, median(r, RUNS), "faults/s");
    double mc = median(c, RUNS);
    if (mc > 0) {
        char n[160];
        snprintf(n, sizeof n, "%s: simulated cycles per fault", name);
        emit(n, mc, "cycles");
        snprintf(n, sizeof n, "%s: D-cache write-backs per fault", name);
        emit(n, median(w, RUNS), "lines");
        snprintf(n, sizeof n, "%s: cycles per fault the D-cache waited on memory", name);
        emit(n, median(m, RUNS), "cycles");
    }
}

/* One 8-byte store to each of pages pages from va on, by pid, timed into *run. Returns the
 * COW copies it caused. */
static uint64_t timed_stores(struct kernel *k, backend *be, int pid, uint64_t va, uint64_t pages,
                             struct fault_run *run)
{
    struct kernel_stats s0, s1;
    kernel_stats(k, &s0);
    uint64_t c0[BE_NCOUNTERS], c1[BE_NCOUNTERS];
    be->ops->counters(be, c0);
    double t = now_s();
    for (uint64_t p = 0; p < pages; p++)
        if (k_store(k, pid, va + p * PAGE, 8, p) != KA_OK)
            die("store", (long long)p);
    t = now_s() - t;
    be->ops->counters(be, c1);
    kernel_stats(k, &s1);
    double f = (double)(s1.faults - s0.faults);
    run->rate = f / t;
    run->cyc = (double)(c1[BE_CNT_cycles] - c0[BE_CNT_cycles]) / f;
    run->wb = (double)(c1[BE_CNT_dcache_writebacks] - c0[BE_CNT_dcache_writebacks]) / f;
    run->mstall = (double)(c1[BE_CNT_mem_stall_cycles] - c0[BE_CNT_mem_stall_cycles]) / f;
    return s1.cow_copies - s0.cow_copies;
}

/* Write faults on every page of a fresh anonymous area (demand-zero, then the store). */
static void bench_faults(void)
{
    uint64_t pages = 16384 / g_scale;
    struct fault_run runs[RUNS];
    for (int i = 0; i < RUNS; i++) {
        backend *be;
        struct kernel *k = boot(&be, KMEM_SIZE_DEFAULT);
        if (k_spawn(k, 1) < 0)
            die("spawn", 0);
        int64_t a = k_mmap(k, 1, 0, pages * PAGE, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON, NULL, 0);
        if (a < 0 && a > -4096)
            die("mmap", a);
        timed_stores(k, be, 1, (uint64_t)a, pages, &runs[i]);
        shutdown_kernel(k, be);
    }
    emit_faults("kernel page faults (demand-zero write)", runs);
}

/* Copy-on-write faults: a process writes every page of an anonymous area, forks, and the
 * child writes every page again (each a write-protect fault that copies the frame). */
static void bench_cow(void)
{
    uint64_t pages = 1024 / g_scale;
    struct fault_run runs[RUNS];
    for (int i = 0; i < RUNS; i++) {
        backend *be;
        struct kernel *k = boot(&be, KMEM_SIZE_DEFAULT);
        if (k_spawn(k, 1) < 0)
            die("spawn", 0);
        int64_t a = k_mmap(k, 1, 0, pages * PAGE, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON, NULL, 0);
        if (a < 0 && a > -4096)
            die("mmap", a);
        for (uint64_t p = 0; p < pages; p++)
            if (k_store(k, 1, (uint64_t)a + p * PAGE, 8, p) != KA_OK)
                die("store", (long long)p);
        if (k_fork(k, 1, 2) < 0)
            die("fork", 0);
        uint64_t copies = timed_stores(k, be, 2, (uint64_t)a + 8, pages, &runs[i]);
        if (copies != pages)
            die("COW copies", (long long)copies);
        shutdown_kernel(k, be);
    }
    emit_faults("kernel page faults (copy-on-write)", runs);
}

/* A mix of system calls and accesses, each counted as one operation: per round, mmap 8
 * pages, store to each, load from each, mprotect read-only, load again, munmap. */
static void bench_ops(void)
{
    unsigned rounds = 2000 / g_scale;
    double r[RUNS], cyc[RUNS];
    for (int i = 0; i < RUNS; i++) {
        backend *be;
        struct kernel *k = boot(&be, KMEM_SIZE_DEFAULT);
        if (k_spawn(k, 1) < 0)
            die("spawn", 0);
        uint64_t ops = 0;
        uint64_t c0 = cycles(be);
        double t = now_s();
        for (unsigned n = 0; n < rounds; n++) {
            int64_t a = k_mmap(k, 1, 0, 8 * PAGE, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON, NULL, 0);
            if (a < 0 && a > -4096)
                die("mmap", a);
            ops++;
            uint64_t v, e;
            bool bad;
            for (int p = 0; p < 8; p++, ops++)
                if (k_store(k, 1, (uint64_t)a + (uint64_t)p * PAGE + 8, 8, n + (unsigned)p) != KA_OK)
                    die("store", p);
            for (int p = 0; p < 8; p++, ops++)
                if (k_load(k, 1, (uint64_t)a + (uint64_t)p * PAGE + 8, 8, ACC_R, &v, &bad, &e) != KA_OK || bad)
                    die("load", p);
            if (k_mprotect(k, 1, (uint64_t)a, 8 * PAGE, KPROT_READ) != 0)
                die("mprotect", 0);
            ops++;
            for (int p = 0; p < 8; p++, ops++)
                if (k_load(k, 1, (uint64_t)a + (uint64_t)p * PAGE, 8, ACC_R, &v, &bad, &e) != KA_OK || bad)
                    die("load", p);
            if (k_munmap(k, 1, (uint64_t)a, 8 * PAGE) != 0)
                die("munmap", 0);
            ops++;
        }
        t = now_s() - t;
        r[i] = (double)ops / t;
        cyc[i] = (double)(cycles(be) - c0) / (double)ops;
        shutdown_kernel(k, be);
    }
    emit("kernel ops (mmap/store/load/mprotect/munmap mix)", median(r, RUNS), "ops/s");
    /* On a timed backend, where an operation's simulated time goes: each round's 8 stores
     * are demand-zero faults, whose page clears are most of it. */
    double mc = median(cyc, RUNS);
    if (mc > 0)
        emit("kernel ops (mmap/store/load/mprotect/munmap mix): simulated cycles per op", mc, "cycles");
}

/* find_vma (vt_find) on a tree of n areas of one page each with one-page holes between
 * them, at random addresses inside the covered range. Pure host work: no backend. */
/* Nodes a find_vma descent visits for addr: the algorithmic cost, free of cache effects. */
static unsigned descent_len(const struct vma_tree *t, uint64_t addr)
{
    unsigned d = 0;
    for (const struct vma *n = t->root; n; d++)
        n = n->end > addr ? n->left : n->right;
    return d;
}

static double find_vma_ns(unsigned n, double *avg_depth)
{
    struct vma_tree tree = {0};
    struct vma *v = calloc(n, sizeof *v);
    const unsigned nq = 1u << 20;
    uint64_t *q = malloc(nq * sizeof *q);
    if (!v || !q)
        die("malloc", 0);
    const uint64_t base = 0x10000000ull;
    for (unsigned i = 0; i < n; i++) {
        v[i].start = base + (uint64_t)i * 2 * PAGE;
        v[i].end = v[i].start + PAGE;
        v[i].flags = VM_READ;
        vt_insert(&tree, &v[i]);
    }
    uint64_t x = 88172645463325252ull; /* xorshift64 */
    for (unsigned i = 0; i < nq; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        q[i] = base + x % ((uint64_t)n * 2 * PAGE);
    }
    double r[RUNS];
    uint64_t sink = 0;
    for (int run = 0; run < RUNS; run++) {
        double t0 = now_s();
        for (unsigned i = 0; i < nq; i++) {
            struct vma *f = vt_find(&tree, q[i]);
            sink += f ? f->start : 1;
        }
        r[run] = (now_s() - t0) * 1e9 / nq;
    }
    uint64_t depth = 0;
    for (unsigned i = 0; i < nq; i++)
        depth += descent_len(&tree, q[i]);
    *avg_depth = (double)depth / nq;
    if (sink == 42) /* keeps the lookups from being optimised away */
        puts("");
    free(q);
    free(v);
    return median(r, RUNS);
}

static void bench_find_vma(void)
{
    static const unsigned sizes[] = {10, 1000, 100000};
    for (int i = 0; i < 3; i++) {
        char name[64];
        snprintf(name, sizeof name, "find_vma, %u VMAs", sizes[i]);
        double depth, ns = find_vma_ns(sizes[i], &depth);
        printf("bench\t%s\thost\t%.3g\tns/lookup\n", name, ns);
        snprintf(name, sizeof name, "find_vma, %u VMAs: tree nodes visited", sizes[i]);
        printf("bench\t%s\thost\t%.3g\tnodes/lookup\n", name, depth);
    }
    fflush(stdout);
}

/* fork of a process with 1 GiB mapped (one anonymous area) and `touched` bytes written. */
static void fork_once(uint64_t touched, double *secs, double *host_bytes)
{
    backend *be;
    struct kernel *k = boot(&be, 1ull << 30);
    const uint64_t mapped = 1ull << 30;
    if (k_spawn(k, 1) < 0)
        die("spawn", 0);
    int64_t a = k_mmap(k, 1, 0, mapped, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON, NULL, 0);
    if (a < 0 && a > -4096)
        die("mmap", a);
    for (uint64_t off = 0; off < touched; off += PAGE)
        if (k_store(k, 1, (uint64_t)a + off, 8, off) != KA_OK)
            die("store", (long long)off);
    double m0 = rss_bytes();
    double t = now_s();
    int rc = k_fork(k, 1, 2);
    *secs = now_s() - t;
    *host_bytes = rss_bytes() - m0;
    if (rc < 0)
        die("fork", rc);
    shutdown_kernel(k, be);
}

static void bench_fork(void)
{
    static const unsigned mib[] = {0, 64, 128};
    for (int i = 0; i < 3; i++) {
        double t[RUNS], m[RUNS];
        int runs = g_scale > 1 ? 1 : RUNS;
        for (int r = 0; r < runs; r++)
            fork_once((uint64_t)mib[i] << 20, &t[r], &m[r]);
        char name[96];
        snprintf(name, sizeof name, "fork, 1 GiB mapped, %u MiB touched: time", mib[i]);
        emit(name, median(t, runs) * 1e3, "ms");
        snprintf(name, sizeof name, "fork, 1 GiB mapped, %u MiB touched: host memory", mib[i]);
        emit(name, median(m, runs) / (1 << 20), "MiB");
    }
}

/* Costs that must follow what is used, not the range: fork and mprotect of a 1 TiB area
 * with two pages written, against the same on a 1 GiB one; munmap of one page after 10k
 * written pages, against after 1k. Ratios near 1 mean the cost does not grow with what
 * is unused (tests/unit/test_kernel_cost.c counts the same work exactly). */
static double sparse_once(uint64_t len, bool mprot)
{
    backend *be;
    struct kernel *k = boot(&be, KMEM_SIZE_DEFAULT);
    const uint64_t base = 0x100000000000ull;
    if (k_spawn(k, 1) < 0)
        die("spawn", 0);
    int64_t a = k_mmap(k, 1, base, len, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED, NULL, 0);
    if (a != (int64_t)base)
        die("mmap", a);
    if (k_store(k, 1, base, 8, 1) != KA_OK || k_store(k, 1, base + len - 8, 8, 2) != KA_OK)
        die("store", 0);
    double t = now_s();
    int64_t rc = mprot ? k_mprotect(k, 1, base, len, KPROT_READ) : k_fork(k, 1, 2);
    t = now_s() - t;
    if (rc < 0)
        die(mprot ? "mprotect" : "fork", rc);
    shutdown_kernel(k, be);
    return t;
}

static double munmap_after(uint64_t written)
{
    backend *be;
    struct kernel *k = boot(&be, KMEM_SIZE_DEFAULT);
    const uint64_t base = 0x100000000000ull;
    if (k_spawn(k, 1) < 0)
        die("spawn", 0);
    if (k_mmap(k, 1, base, written * PAGE, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED, NULL, 0) !=
        (int64_t)base)
        die("mmap", 0);
    for (uint64_t i = 0; i < written; i++)
        if (k_store(k, 1, base + i * PAGE, 1, 1) != KA_OK)
            die("store", (long long)i);
    const int n = 200;
    double t = now_s();
    for (int i = 0; i < n; i++)
        if (k_munmap(k, 1, base + (uint64_t)i * PAGE, PAGE) != 0)
            die("munmap", i);
    t = (now_s() - t) / n;
    shutdown_kernel(k, be);
    return t;
}

static void bench_sparse(void)
{
    for (int m = 0; m < 2; m++) {
        double small[RUNS], big[RUNS];
        for (int r = 0; r < RUNS; r++) {
            small[r] = sparse_once(1ull << 30, m);
            big[r] = sparse_once(1ull << 40, m);
        }
        const char *op = m ? "mprotect" : "fork";
        char name[96];
        snprintf(name, sizeof name, "%s, 1 TiB mapped, 2 pages written: time", op);
        emit(name, median(big, RUNS) * 1e3, "ms");
        snprintf(name, sizeof name, "%s, 1 TiB / 1 GiB mapped, 2 pages written", op);
        emit(name, median(big, RUNS) / median(small, RUNS), "ratio");
    }
    uint64_t few = 1000, many = 10000 / g_scale;
    double a[RUNS], b[RUNS];
    for (int r = 0; r < RUNS; r++) {
        a[r] = munmap_after(few);
        b[r] = munmap_after(many);
    }
    char name[96];
    snprintf(name, sizeof name, "munmap 1 page after %llu written pages: time", (unsigned long long)many);
    emit(name, median(b, RUNS) * 1e6, "us");
    snprintf(name, sizeof name, "munmap 1 page, %llu / %llu written pages", (unsigned long long)many,
             (unsigned long long)few);
    emit(name, median(b, RUNS) / median(a, RUNS), "ratio");
}

static void usage(FILE *f)
{
    fputs("usage: bench_kernel [--backend NAME] [--config " OPENMMU_CONFIG_CHOICES "] [--quick]\n"
          "                    [--only faults|ops|find_vma|fork|sparse] [--kaccess page|word|phys]\n"
          "Benchmarks of the kernel model (see the comment at the top of csrc/cli/bench_kernel.c).\n",
          f);
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--backend") && i + 1 < argc)
            g_backend = argv[++i];
        else if (!strcmp(argv[i], "--config") && i + 1 < argc)
            g_config = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--kaccess") && i + 1 < argc) {
            g_kaccess_name = argv[++i];
            if (!strcmp(g_kaccess_name, "page"))
                g_kaccess = KACCESS_PAGE;
            else if (!strcmp(g_kaccess_name, "word"))
                g_kaccess = KACCESS_WORD;
            else if (!strcmp(g_kaccess_name, "phys"))
                g_kaccess = KACCESS_PHYS;
            else {
                fprintf(stderr, "bench_kernel: --kaccess: unknown mode '%s' (expected page, word or phys)\n", g_kaccess_name);
                return 2;
            }
        } else if (!strcmp(argv[i], "--quick"))
            g_scale = 8;
        else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "bench_kernel: bad option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (only && strcmp(only, "faults") && strcmp(only, "ops") && strcmp(only, "find_vma") && strcmp(only, "fork") &&
        strcmp(only, "sparse")) {
        fprintf(stderr, "bench_kernel: --only: unknown benchmark '%s'\n", only);
        return 2;
    }
    if (!only || !strcmp(only, "faults")) {
        bench_faults();
        bench_cow();
    }
    if (!only || !strcmp(only, "ops"))
        bench_ops();
    if (!only || !strcmp(only, "find_vma"))
        bench_find_vma();
    if (!only || !strcmp(only, "fork"))
        bench_fork();
    if (!only || !strcmp(only, "sparse"))
        bench_sparse();
    return 0;
}

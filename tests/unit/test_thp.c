// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Huge pages on the ref backend under random operations: transparent huge pages (mode
 * always) faulted, split by partial munmap / mprotect / DONTNEED / mremap, shared by fork
 * and COWed, split by reclaim under memory pressure; and hugetlb mappings from a pool.
 * Every load is checked against the shadow memory (no byte lost), and once every process
 * has exited every frame, page table, deposited table and pool page is back: free_pages
 * and the pool counters equal what they were at boot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kernel.h"
#include "registry/registry.h"

#define W0 0x40000000ull
#define WLEN (16ull << 20)
#define MB2 (2ull << 20)
#define NPROC 4

typedef struct {
    backend *be;
    struct kernel *k;
    uint64_t rng;
    unsigned loads, shadow_errors;
} env;

static uint64_t rnd(env *v, uint64_t n)
{
    v->rng ^= v->rng << 13;
    v->rng ^= v->rng >> 7;
    v->rng ^= v->rng << 17;
    return v->rng % n;
}

static env *boot(uint64_t mem, uint64_t nr_hugepages, uint64_t seed)
{
    env *v = calloc(1, sizeof *v);
    char err[200];
    be_options bo = {0};
    v->be = backend_create("ref", &bo, err, sizeof err);
    assert_non_null(v->be);
    struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = mem, .swap_size = 32ull << 20,
                            .thp = KTHP_ALWAYS, .nr_hugepages = nr_hugepages};
    v->k = kernel_new(v->be, &o, err, sizeof err);
    assert_non_null(v->k);
    v->rng = seed * 0x9e3779b97f4a7c15ull + 1;
    return v;
}

static void shut(env *v)
{
    kernel_free(v->k);
    be_destroy(v->be);
    free(v);
}

/* A random range of the window: page-aligned, often whole 2 MiB ranges, often not. */
static void range(env *v, uint64_t *a, uint64_t *len)
{
    if (rnd(v, 2)) {
        *a = W0 + rnd(v, WLEN / MB2) * MB2;
        *len = (1 + rnd(v, 2)) * MB2;
    } else {
        *a = W0 + rnd(v, WLEN >> 12) * 4096;
        *len = (1 + rnd(v, 600)) * 4096;
    }
}

/* THP_TRACE=1 in the environment prints the operations as scenario lines (stderr), to
 * replay a failure with openmmu run. */
#define TR(...)                                                                                                  \
    do {                                                                                                         \
        if (getenv("THP_TRACE"))                                                                                 \
            fprintf(stderr, __VA_ARGS__);                                                                        \
    } while (0)
/* Accesses go to 512 words spread over the window (64 in each 2 MiB), so that loads
 * meet earlier stores -- in this process or before a fork -- often. */
static uint64_t hot(env *v) { return W0 + rnd(v, WLEN / 0x10000) * 0x10000 + 8 * rnd(v, 2); }

static void random_ops(env *v, unsigned nops)
{
    struct kernel *k = v->k;
    bool live[NPROC] = {false};
    assert_int_equal(k_spawn(k, 0), 0);
    live[0] = true;
    for (unsigned i = 0; i < nops; i++) {
        int pid = (int)rnd(v, NPROC);
        if (!live[pid]) {
            int parent = (int)rnd(v, NPROC);
            if (live[parent] && k_fork(k, parent, pid) == 0) {
                live[pid] = true; TR("fork %d %d\n", parent, pid); }
            continue;
        }
        uint64_t a, len, val = rnd(v, 1ull << 62) + 1;
        range(v, &a, &len);
        unsigned op = (unsigned)rnd(v, 100);
        if (op < 10) {
            unsigned flags = KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED | (rnd(v, 6) == 0 ? KMAP_HUGETLB : 0);
            int64_t r = k_mmap(k, pid, a, len, KPROT_READ | KPROT_WRITE, flags, NULL, 0);
            TR("mmap %d 0x%llx 0x%llx rw- private,anon,fixed%s # %lld\n", pid, (unsigned long long)a, (unsigned long long)len, (flags & KMAP_HUGETLB) ? ",hugetlb" : "", (long long)r);
        } else if (op < 15) {
            k_munmap(k, pid, a, len); TR("munmap %d 0x%llx 0x%llx\n", pid, (unsigned long long)a, (unsigned long long)len);
        } else if (op < 20) {
            static const unsigned prots[] = {KPROT_READ, KPROT_READ | KPROT_WRITE, 0};
            unsigned pr = prots[rnd(v, 3)];
            k_mprotect(k, pid, a, len, pr); TR("mprotect %d 0x%llx 0x%llx %s\n", pid, (unsigned long long)a, (unsigned long long)len, pr == 1 ? "r--" : pr ? "rw-" : "---");
        } else if (op < 24) {
            k_madvise_dontneed(k, pid, a, len); TR("madvise %d 0x%llx 0x%llx dontneed\n", pid, (unsigned long long)a, (unsigned long long)len);
        } else if (op < 28) {
            bool on = rnd(v, 2);
            k_madvise_hugepage(k, pid, a, len, on); TR("madvise %d 0x%llx 0x%llx %s\n", pid, (unsigned long long)a, (unsigned long long)len, on ? "hugepage" : "nohugepage");
        } else if (op < 30) {
            uint64_t nl = len / 2 + 4096 * rnd(v, 2);
            k_mremap(k, pid, a, len, nl, false); TR("mremap %d 0x%llx 0x%llx 0x%llx\n", pid, (unsigned long long)a, (unsigned long long)len, (unsigned long long)nl);
        } else if (op < 32) {
            uint64_t nr = 1 + rnd(v, 300);
            k_reclaim(k, nr); TR("reclaim %llu\n", (unsigned long long)nr);
        } else if (op < 34 && pid != 0) {
            k_exit(k, pid); TR("exit %d\n", pid);
            live[pid] = false;
        } else if (op < 70) {
            uint64_t sa = hot(v);
            k_store(k, pid, sa, 8, val); TR("store %d 0x%llx 8 0x%llx\n", pid, (unsigned long long)sa, (unsigned long long)val);
        } else {
            uint64_t got, exp;
            bool bad = false;
            uint64_t la = hot(v);
            if (k_load(k, pid, la, 8, ACC_R, &got, &bad, &exp) == KA_OK)
                v->loads++;
            TR("load %d 0x%llx 8%s\n", pid, (unsigned long long)la, bad ? " # BAD" : "");
            v->shadow_errors += bad;
        }
    }
    for (int p = 0; p < NPROC; p++)
        if (live[p])
            assert_int_equal(k_exit(k, p), 0);
}

static void run(uint64_t mem, uint64_t nr_hugepages, unsigned seeds, unsigned nops, bool pressure)
{
    uint64_t allocs = 0, splits = 0, swapouts = 0;
    for (unsigned s = 1; s <= seeds; s++) {
        env *v = boot(mem, nr_hugepages, s);
        TR("# seed %u\n", s);
        struct kernel_stats st0, st;
        kernel_stats(v->k, &st0);
        random_ops(v, nops);
        kernel_stats(v->k, &st);
        assert_int_equal(v->shadow_errors, 0);
        assert_true(v->loads > nops / 10);
        /* everything is back */
        assert_int_equal(st.free_pages, st0.free_pages);
        assert_int_equal(st.anon_huge_kb, 0);
        assert_int_equal(st.hugepages_free, nr_hugepages);
        assert_int_equal(st.hugepages_rsvd, 0);
        allocs += st.thp_fault_alloc;
        splits += st.thp_split_pmd;
        swapouts += st.swapout;
        shut(v);
    }
    /* the runs did what they are for */
    assert_true(allocs > seeds * 4);
    assert_true(splits > seeds * 2);
    if (pressure)
        assert_true(swapouts > 0);
}

static void thp_random_roomy(void **state)
{
    (void)state;
    run(64ull << 20, 3, 4, 1200, false);
}

static void thp_random_under_pressure(void **state)
{
    (void)state;
    run(12ull << 20, 1, 4, 1200, true);
}

/* The pool is taken at boot, and one that does not fit is refused with a reason. */
static void pool_too_large_is_refused(void **state)
{
    (void)state;
    char err[200];
    be_options bo = {0};
    backend *be = backend_create("ref", &bo, err, sizeof err);
    assert_non_null(be);
    struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = 8ull << 20, .nr_hugepages = 4};
    assert_false(kernel_check_opts(&o, be->maxphyaddr, err, sizeof err));
    assert_non_null(strstr(err, "--nr-hugepages 4"));
    o.nr_hugepages = 3;
    struct kernel *k = kernel_new(be, &o, err, sizeof err);
    assert_non_null(k);
    struct kernel_stats st;
    kernel_stats(k, &st);
    assert_int_equal(st.hugepages_free, 3);
    kernel_free(k);
    be_destroy(be);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thp_random_roomy),
        cmocka_unit_test(thp_random_under_pressure),
        cmocka_unit_test(pool_too_large_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

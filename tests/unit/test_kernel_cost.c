// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* What the memory system calls cost, counted as work rather than timed: page-table
 * entries read (fork, mprotect, munmap, mremap over a huge, nearly untouched area must
 * skip the absent tables at every level) and shadow copies looked at (munmap/madvise of a
 * few pages must not scan every page the process has written). Each bound is far below
 * what a page-by-page walk would cost, and far above what the walks need. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "kbe_mini.h"
#include "kernel/kernel.h"

#define RW (KPROT_READ | KPROT_WRITE)
#define PF (KMAP_PRIVATE | KMAP_FIXED | KMAP_ANON)
#define BASE 0x100000000000ull
#define TIB (1ull << 40)
#define LIMIT 16384 /* entries read by a walk over the tables two pages need, with room */

typedef struct {
    kbe *e;
    struct kernel *k;
} env;

static int setup(void **state)
{
    env *v = calloc(1, sizeof *v);
    v->e = kbe_new();
    char err[128];
    struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = 32ull << 20};
    v->k = kernel_new(&v->e->b, &o, err, sizeof err);
    assert_non_null(v->k);
    *state = v;
    return 0;
}

static int teardown(void **state)
{
    env *v = *state;
    kernel_free(v->k);
    be_destroy(&v->e->b);
    free(v);
    return 0;
}

static uint64_t pte_reads(env *v)
{
    struct kernel_stats s;
    kernel_stats(v->k, &s);
    return s.pte_reads;
}

static uint64_t shadow_visits(env *v)
{
    struct kernel_stats s;
    kernel_stats(v->k, &s);
    return s.shadow_visits;
}

/* A 1 TiB private area with a page written at each end: 2^28 pages, 2 of them mapped. */
static void huge_area_walks_skip_absent_tables(void **state)
{
    env *v = *state;
    assert_int_equal(k_spawn(v->k, 1), 0);
    assert_int_equal(k_mmap(v->k, 1, BASE, TIB, RW, PF, NULL, 0), (int64_t)BASE);
    assert_int_equal(k_store(v->k, 1, BASE, 8, 0x11), KA_OK);
    assert_int_equal(k_store(v->k, 1, BASE + TIB - 8, 8, 0x22), KA_OK);

    uint64_t r0 = pte_reads(v);
    assert_int_equal(k_fork(v->k, 1, 2), 0);
    uint64_t fork_cost = pte_reads(v) - r0;
    /* The tables present are walked entry by entry, each walk from the root: two PDPTs,
     * two PDs, two PTs of 512 entries at depth 2, 3 and 4 make 9,216 reads. A walk page
     * by page would read at least 2^28. */
    assert_in_range(fork_cost, 2, LIMIT);

    r0 = pte_reads(v);
    assert_int_equal(k_mprotect(v->k, 2, BASE, TIB, KPROT_READ), 0);
    assert_in_range(pte_reads(v) - r0, 2, LIMIT);

    r0 = pte_reads(v);
    assert_int_equal(k_madvise_dontneed(v->k, 2, BASE, TIB), 0);
    assert_in_range(pte_reads(v) - r0, 2, LIMIT);

    r0 = pte_reads(v);
    assert_int_equal(k_munmap(v->k, 1, BASE, TIB), 0);
    assert_in_range(pte_reads(v) - r0, 2, LIMIT);

    /* what was stored is still there, in the process that kept it */
    uint64_t val, exp;
    bool bad;
    assert_int_equal(k_exit(v->k, 2), 0);
    assert_int_equal(k_mmap(v->k, 1, BASE, 1ull << 34, RW, PF, NULL, 0), (int64_t)BASE);
    assert_int_equal(k_store(v->k, 1, BASE + (1ull << 34) - 8, 8, 0x33), KA_OK);
    /* an area right after it, so that growing must move */
    assert_int_equal(k_mmap(v->k, 1, BASE + (1ull << 34), 4096, KPROT_READ, PF, NULL, 0), (int64_t)(BASE + (1ull << 34)));
    r0 = pte_reads(v);
    int64_t moved = k_mremap(v->k, 1, BASE, 1ull << 34, (1ull << 34) + 4096, true);
    assert_true(moved > 0 && (uint64_t)moved != BASE);
    /* three walks: the new place's tables made ready, the entries moved, the old range zapped */
    assert_in_range(pte_reads(v) - r0, 2, 3 * LIMIT);
    assert_int_equal(k_load(v->k, 1, (uint64_t)moved + (1ull << 34) - 8, 8, ACC_R, &val, &bad, &exp), KA_OK);
    assert_int_equal(val, 0x33);
    assert_false(bad);
}

/* munmap and madvise of one page, after the process wrote 2,000 others. */
static void shadow_cost_follows_the_range(void **state)
{
    env *v = *state;
    enum { PAGES = 2000 };
    assert_int_equal(k_spawn(v->k, 1), 0);
    assert_int_equal(k_mmap(v->k, 1, BASE, (uint64_t)PAGES << 12, RW, PF, NULL, 0), (int64_t)BASE);
    for (uint64_t i = 0; i < PAGES; i++)
        assert_int_equal(k_store(v->k, 1, BASE + (i << 12), 1, 1), KA_OK);
    uint64_t s0 = shadow_visits(v);
    for (uint64_t i = 0; i < 100; i++) {
        assert_int_equal(k_munmap(v->k, 1, BASE + (i << 12), 4096), 0);
        assert_int_equal(k_madvise_dontneed(v->k, 1, BASE + ((i + 1000) << 12), 4096), 0);
    }
    /* 200 one-page calls: a bucket chain each, never the 2,000 copies */
    assert_in_range(shadow_visits(v) - s0, 1, 200 * 16);
    /* the pages not dropped still read what was stored */
    uint64_t val, exp;
    bool bad;
    assert_int_equal(k_load(v->k, 1, BASE + (500ull << 12), 1, ACC_R, &val, &bad, &exp), KA_OK);
    assert_int_equal(val, 1);
    assert_int_equal(k_load(v->k, 1, BASE + (1000ull << 12), 1, ACC_R, &val, &bad, &exp), KA_OK);
    assert_int_equal(val, 0);
    assert_false(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(huge_area_walks_skip_absent_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(shadow_cost_follows_the_range, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

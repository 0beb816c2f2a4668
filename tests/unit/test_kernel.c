// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel model on a minimal backend with a never-evicting TLB: faults, COW, files,
 * invalidations, the shadow memory and the injected bugs it must catch, and the syscalls'
 * split/merge behaviour against a brute-force page model. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kbe_mini.h"
#include "kernel/kernel.h"
#include "inject/inject.h"

#define RW (KPROT_READ | KPROT_WRITE)
#define PA (KMAP_PRIVATE | KMAP_ANON)
#define PF (KMAP_PRIVATE | KMAP_FIXED | KMAP_ANON)

typedef struct {
    kbe *e;
    struct kernel *k;
    unsigned shadow_errors;
} env;

static int setup_inject(void **state, unsigned inject)
{
    env *v = calloc(1, sizeof *v);
    v->e = kbe_new();
    char err[128];
    struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = 16ull << 20, .inject = inject};
    v->k = kernel_new(&v->e->b, &o, err, sizeof err);
    assert_non_null(v->k);
    *state = v;
    return 0;
}
static int setup(void **state) { return setup_inject(state, 0); }
static int teardown(void **state)
{
    env *v = *state;
    kernel_free(v->k);
    be_destroy(&v->e->b);
    free(v);
    return 0;
}

/* A load's value; -1 - kacc for a signal. Counts shadow mismatches. */
static int64_t ld(env *v, int pid, uint64_t va, unsigned size)
{
    uint64_t val, exp;
    bool bad;
    kacc r = k_load(v->k, pid, va, size, ACC_R, &val, &bad, &exp);
    if (r != KA_OK)
        return -1 - (int64_t)r;
    if (bad)
        v->shadow_errors++;
    return (int64_t)val;
}
#define SIG(r) (-1 - (int64_t)(r))

static void demand_zero_and_zero_page(void **state)
{
    env *v = *state;
    assert_int_equal(k_spawn(v->k, 1), 0);
    int64_t a = k_mmap(v->k, 1, 0, 3 * 4096, RW, PA, NULL, 0);
    assert_true(a > 0 && (a & 0xfff) == 0);
    assert_int_equal(ld(v, 1, (uint64_t)a, 8), 0);
    assert_int_equal(ld(v, 1, (uint64_t)a + 4096, 8), 0);
    struct kernel_stats s0, s1;
    kernel_stats(v->k, &s0);
    /* reads mapped the shared zero page: the first write must copy (no reuse of it) */
    assert_int_equal(k_store(v->k, 1, (uint64_t)a + 8, 8, 0x1122334455667788ull), KA_OK);
    kernel_stats(v->k, &s1);
    assert_int_equal(s1.cow_copies, s0.cow_copies + 1);
    assert_int_equal(ld(v, 1, (uint64_t)a + 8, 8), 0x1122334455667788ll);
    assert_int_equal(ld(v, 1, (uint64_t)a + 4096 + 8, 8), 0); /* the other page still zero */
    assert_int_equal(v->shadow_errors, 0);
}

static void cow_after_fork_and_reuse(void **state)
{
    env *v = *state;
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0, 4096, RW, PA, NULL, 0);
    k_store(v->k, 1, a, 8, 111);
    assert_int_equal(k_fork(v->k, 1, 2), 0);
    struct kernel_stats s0, s1;
    kernel_stats(v->k, &s0);
    assert_int_equal(k_store(v->k, 2, a, 8, 222), KA_OK); /* child copies */
    kernel_stats(v->k, &s1);
    assert_int_equal(s1.cow_copies, s0.cow_copies + 1);
    assert_int_equal(ld(v, 1, a, 8), 111);
    assert_int_equal(ld(v, 2, a, 8), 222);
    /* the parent is now the frame's only owner: its write reuses the frame in place */
    assert_int_equal(k_store(v->k, 1, a, 8, 333), KA_OK);
    kernel_stats(v->k, &s0);
    assert_int_equal(s0.cow_reuse, s1.cow_reuse + 1);
    assert_int_equal(s0.cow_copies, s1.cow_copies);
    assert_int_equal(ld(v, 1, a, 8), 333);
    assert_int_equal(ld(v, 2, a, 8), 222);
    assert_int_equal(v->shadow_errors, 0);
    /* exit frees everything the child had */
    uint64_t before = s0.free_pages;
    assert_int_equal(k_exit(v->k, 2), 0);
    kernel_stats(v->k, &s1);
    assert_true(s1.free_pages > before);
}

static void fork_then_parent_write_invalidates(void **state)
{
    /* fork makes the parent's writable entry read-only: without an invalidation the
     * parent's cached writable translation would write into the child's page too. */
    env *v = *state;
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0, 4096, RW, PA, NULL, 0);
    k_store(v->k, 1, a, 4, 5); /* TLB now holds a writable, dirty entry */
    k_fork(v->k, 1, 2);
    k_store(v->k, 1, a, 4, 6);
    assert_int_equal(ld(v, 2, a, 4), 5);
    assert_int_equal(ld(v, 1, a, 4), 6);
    assert_int_equal(v->shadow_errors, 0);
}

static void exit_frees_all_frames(void **state)
{
    env *v = *state;
    struct kernel_stats s0, s1;
    kernel_stats(v->k, &s0);
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0, 64 * 4096, RW, PA | KMAP_POPULATE, NULL, 0);
    k_file(v->k, "f", 10000, KFILE_SEED, 3);
    uint64_t b = (uint64_t)k_mmap(v->k, 1, 0, 3 * 4096, RW, KMAP_SHARED, "f", 0);
    assert_int_equal(ld(v, 1, b + 1, 1), 4);
    k_store(v->k, 1, a, 1, 1);
    k_fork(v->k, 1, 2);
    k_store(v->k, 2, a + 4096, 1, 1);
    k_exit(v->k, 2);
    k_exit(v->k, 1);
    kernel_stats(v->k, &s1);
    /* everything but the page cache of "f" (the one page read, kept as Linux keeps it) */
    assert_int_equal(s1.free_pages, s0.free_pages - 1);
}

static void pcid_reuse_flushes(void **state)
{
    env *v = *state;
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0x10000000, 4096, RW, PF, NULL, 0);
    k_store(v->k, 1, a, 8, 0xaaaa);
    k_exit(v->k, 1); /* the TLB still holds 1's translation under its PCID */
    k_spawn(v->k, 3);  /* gets the same PCID */
    assert_int_equal(k_mmap(v->k, 3, 0x10000000, 4096, RW, PF, NULL, 0), 0x10000000);
    assert_int_equal(ld(v, 3, 0x10000000, 8), 0);
    assert_int_equal(v->shadow_errors, 0);
}

static void mprotect_invalidates_and_relaxing_does_not(void **state)
{
    env *v = *state;
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0, 4096, RW, PA, NULL, 0);
    k_store(v->k, 1, a, 8, 1);
    unsigned n0 = v->e->n_invlpg + v->e->n_cr3_flush;
    assert_int_equal(k_mprotect(v->k, 1, a, 4096, KPROT_READ), 0);
    assert_true(v->e->n_invlpg + v->e->n_cr3_flush > n0);
    assert_int_equal(k_store(v->k, 1, a, 8, 2), KA_SEGV_ACCERR);
    n0 = v->e->n_invlpg + v->e->n_cr3_flush;
    assert_int_equal(k_mprotect(v->k, 1, a, 4096, RW), 0);
    assert_int_equal(v->e->n_invlpg + v->e->n_cr3_flush, n0);
    assert_int_equal(k_store(v->k, 1, a, 8, 3), KA_OK);
    assert_int_equal(ld(v, 1, a, 8), 3);
}

static void skipped_invlpg_is_caught(void **state)
{
    /* With the injected bug, the stale writable TLB entry lets a store through that the
     * process must not be able to make. */
    env *v = *state;
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0, 4096, RW, PA, NULL, 0);
    k_store(v->k, 1, a, 8, 1);
    k_mprotect(v->k, 1, a, 4096, KPROT_READ);
    assert_int_equal(k_store(v->k, 1, a, 8, 2), KA_OK); /* wrong: Linux gives SIGSEGV */
}

static void cow_wrong_frame_is_caught_by_shadow(void **state)
{
    env *v = *state;
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0, 2 * 4096, RW, PA, NULL, 0);
    k_store(v->k, 1, a, 8, 0x1234);
    k_store(v->k, 1, a + 4096, 8, 0x5678);
    k_fork(v->k, 1, 2);
    k_store(v->k, 2, a + 8, 8, 1); /* COW: the copy must carry 0x1234 at a */
    ld(v, 2, a, 8);
    assert_true(v->shadow_errors > 0);
}

static int setup_skip(void **s) { return setup_inject(s, INJ_SKIP_INVLPG_MPROTECT); }
static int setup_cow(void **s) { return setup_inject(s, INJ_COW_WRONG_FRAME); }

static void file_private_and_shared(void **state)
{
    env *v = *state;
    k_spawn(v->k, 1);
    assert_int_equal(k_file(v->k, "data", 6000, KFILE_SEED, 7), 0);
    uint64_t s = (uint64_t)k_mmap(v->k, 1, 0, 8192, RW, KMAP_SHARED, "data", 0);
    uint64_t p = (uint64_t)k_mmap(v->k, 1, 0, 8192, RW, KMAP_PRIVATE, "data", 0);
    assert_int_equal(ld(v, 1, p + 10, 1), 17);
    k_store(v->k, 1, s + 10, 1, 0xee); /* a file write the private page still follows */
    assert_int_equal(ld(v, 1, p + 10, 1), 0xee);
    k_store(v->k, 1, p + 11, 1, 0x55); /* its own first write: a private copy */
    k_store(v->k, 1, s + 10, 1, 0xdd);
    assert_int_equal(ld(v, 1, p + 10, 1), 0xee);
    assert_int_equal(ld(v, 1, p + 11, 1), 0x55);
    /* past EOF: the tail of the last page reads zero and is writable ... */
    assert_int_equal(ld(v, 1, s + 6000, 1), 0);
    assert_int_equal(k_store(v->k, 1, s + 6001, 1, 9), KA_OK);
    /* ... the next whole page is SIGBUS */
    uint64_t s3 = (uint64_t)k_mmap(v->k, 1, 0, 3 * 4096, KPROT_READ, KMAP_SHARED, "data", 0);
    assert_int_equal(ld(v, 1, s3 + 8192, 1), SIG(KA_BUS));
    assert_int_equal(k_store(v->k, 1, s3 + 8192, 1, 1), KA_SEGV_ACCERR);
    /* dontneed on the private mapping: the file's content again */
    assert_int_equal(k_madvise_dontneed(v->k, 1, p, 8192), 0);
    assert_int_equal(ld(v, 1, p + 11, 1), 18);
    assert_int_equal(ld(v, 1, p + 10, 1), 0xdd);
    assert_int_equal(v->shadow_errors, 0);
}

static void crossing_store_is_all_or_nothing(void **state)
{
    env *v = *state;
    k_spawn(v->k, 1);
    uint64_t a = (uint64_t)k_mmap(v->k, 1, 0x20000000, 2 * 4096, RW, PF, NULL, 0);
    k_mprotect(v->k, 1, a + 4096, 4096, KPROT_READ);
    assert_int_equal(k_store(v->k, 1, a + 4092, 8, 0x1111111111111111ull), KA_SEGV_ACCERR);
    assert_int_equal(ld(v, 1, a + 4092, 4), 0);
    k_mprotect(v->k, 1, a + 4096, 4096, RW);
    assert_int_equal(k_store(v->k, 1, a + 4093, 8, 0x0807060504030201ull), KA_OK);
    assert_int_equal(ld(v, 1, a + 4093, 8), 0x0807060504030201ll);
    assert_int_equal(ld(v, 1, a + 4096, 1), 4);
    assert_int_equal(ld(v, 1, 0x8000000000000000ull, 1), SIG(KA_SEGV_KERNEL));
    assert_int_equal(v->shadow_errors, 0);
}

/* ---- random mmap/munmap/mprotect against a page model; maps must match exactly ---- */
#define WIN_PAGES 48
#define WIN 0x40000000ull
typedef struct { bool mapped; unsigned prot; bool account; } bf_page;

static void bf_maps(const bf_page *m, char *out, size_t len)
{
    size_t n = 0;
    out[0] = 0;
    for (unsigned i = 0; i < WIN_PAGES;) {
        if (!m[i].mapped) {
            i++;
            continue;
        }
        unsigned j = i + 1;
        while (j < WIN_PAGES && m[j].mapped && m[j].prot == m[i].prot && m[j].account == m[i].account)
            j++;
        n += (size_t)snprintf(out + n, len - n, "%s%08llx-%08llx %c%c%cp 00000000 00:00 0 ", n ? "\n" : "",
                              (unsigned long long)(WIN + i * 4096ull), (unsigned long long)(WIN + j * 4096ull),
                              m[i].prot & 1 ? 'r' : '-', m[i].prot & 2 ? 'w' : '-', m[i].prot & 4 ? 'x' : '-');
        i = j;
    }
}

static void random_split_merge_against_pages(void **state)
{
    env *v = *state;
    k_spawn(v->k, 1);
    bf_page m[WIN_PAGES] = {0};
    char got[16384], want[16384];
    srand(99);
    for (int step = 0; step < 3000; step++) {
        unsigned s = (unsigned)rand() % WIN_PAGES, n = 1 + (unsigned)rand() % 8;
        if (s + n > WIN_PAGES)
            n = WIN_PAGES - s;
        unsigned prot = (unsigned)rand() % 8;
        uint64_t a = WIN + s * 4096ull, len = n * 4096ull;
        int op = rand() % 3;
        if (op == 0) {
            assert_int_equal(k_mmap(v->k, 1, a, len, prot, PF, NULL, 0), (int64_t)a);
            for (unsigned i = s; i < s + n; i++)
                m[i] = (bf_page){true, prot, (prot & 2) != 0};
        } else if (op == 1) {
            assert_int_equal(k_munmap(v->k, 1, a, len), 0);
            for (unsigned i = s; i < s + n; i++)
                m[i].mapped = false;
        } else {
            int64_t exp = 0;
            if (!m[s].mapped)
                exp = -ENOMEM;
            for (unsigned i = s; i < s + n && exp == 0; i++) {
                if (!m[i].mapped) {
                    exp = -ENOMEM;
                    break;
                }
                if (m[i].prot == prot)
                    continue;
                if (prot & 2)
                    m[i].account |= !(m[i].prot & 2); /* accounted when made writable */
                else
                    m[i].account = false; /* never faulted: unaccounted again */
                m[i].prot = prot;
            }
            assert_int_equal(k_mprotect(v->k, 1, a, len, prot), exp);
        }
        /* (no page is touched: an anon_vma would make merging depend on history, which
         * the directed scenarios test) */
        int r = k_maps(v->k, 1, got, sizeof got);
        assert_true(r >= 0);
        /* keep only the window's lines */
        char filt[16384];
        size_t fn = 0;
        filt[0] = 0;
        for (char *save, *l = strtok_r(got, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            if (strncmp(l, "40", 2) == 0)
                fn += (size_t)snprintf(filt + fn, sizeof filt - fn, "%s%s", fn ? "\n" : "", l);
        bf_maps(m, want, sizeof want);
        if (strcmp(filt, want) != 0)
            print_message("step %d:\n got:\n%s\n want:\n%s\n", step, filt, want);
        assert_string_equal(filt, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(demand_zero_and_zero_page, setup, teardown),
        cmocka_unit_test_setup_teardown(cow_after_fork_and_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(fork_then_parent_write_invalidates, setup, teardown),
        cmocka_unit_test_setup_teardown(exit_frees_all_frames, setup, teardown),
        cmocka_unit_test_setup_teardown(pcid_reuse_flushes, setup, teardown),
        cmocka_unit_test_setup_teardown(mprotect_invalidates_and_relaxing_does_not, setup, teardown),
        cmocka_unit_test_setup_teardown(skipped_invlpg_is_caught, setup_skip, teardown),
        cmocka_unit_test_setup_teardown(cow_wrong_frame_is_caught_by_shadow, setup_cow, teardown),
        cmocka_unit_test_setup_teardown(file_private_and_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(crossing_store_is_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(random_split_merge_against_pages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

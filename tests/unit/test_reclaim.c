// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Reclaim on the ref backend: the clock's second chance over the A bits the hardware set,
 * write-back by D (a dirty page is written, a clean one dropped; the injected skip of the
 * D check loses data the shadow memory sees), and the OOM killer's choice of victim by
 * badness (resident frames + page tables + swap entries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kern.h"
#include "registry/registry.h"
#include "inject/inject.h"

#define RW (KPROT_READ | KPROT_WRITE)
#define PF (KMAP_PRIVATE | KMAP_FIXED | KMAP_ANON)
#define A0 0x200000000000ull
#define A1 0x300000000000ull

typedef struct {
    backend *be;
    struct kernel *k;
} env;

static int setup_opts(void **state, uint64_t mem, uint64_t swap, unsigned inject)
{
    env *v = calloc(1, sizeof *v);
    char err[160];
    be_options bo = {0};
    v->be = backend_create("ref", &bo, err, sizeof err);
    assert_non_null(v->be);
    struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = mem, .inject = inject, .swap_size = swap};
    v->k = kernel_new(v->be, &o, err, sizeof err);
    assert_non_null(v->k);
    *state = v;
    return 0;
}
static int setup(void **state) { return setup_opts(state, 1ull << 20, 1ull << 20, 0); }
static int setup_inject_dirty(void **state) { return setup_opts(state, 1ull << 20, 1ull << 20, INJ_SKIP_DIRTY_CHECK); }
static int setup_noswap(void **state) { return setup_opts(state, 256ull << 10, 0, 0); }
/* room for 33 + 24 pages beside the kernel half's 10 frames, so that neither process is
 * killed before the test asks for the choice */
static int setup_noswap_512k(void **state) { return setup_opts(state, 512ull << 10, 0, 0); }
static int teardown(void **state)
{
    env *v = *state;
    kernel_free(v->k);
    be_destroy(v->be);
    free(v);
    return 0;
}

static uint64_t pte_of(env *v, int pid, uint64_t va)
{
    uint64_t pte = 0;
    assert_int_equal(k_pte(v->k, pid, va, &pte), 0);
    return pte;
}

/* A load's value; counts a shadow-memory mismatch in *bad_count. */
static uint64_t ld(env *v, int pid, uint64_t va, unsigned *bad_count)
{
    uint64_t val, exp;
    bool bad;
    assert_int_equal(k_load(v->k, pid, va, 8, ACC_R, &val, &bad, &exp), KA_OK);
    if (bad)
        (*bad_count)++;
    return val;
}

static uint64_t frame_index(env *v, uint64_t pte) { return ((pte & PTE_ADDR) >> PAGE_SHIFT) - v->k->pa.base_pfn; }

/* Runs the clock from the frame pte maps, after clearing that PTE's A (the page looks
 * unreferenced since the hand last passed): one eviction, that page's. */
static void evict_one(env *v, int pid, uint64_t va)
{
    struct kernel *k = v->k;
    struct proc *p = proc_find(k, pid);
    uint64_t ptep = pt_walk(k, p->mm.root, va, false);
    uint64_t pte = pte_get(k, ptep);
    assert_true(pte & PTE_P);
    pte_set(k, ptep, pte & ~PTE_A); /* no invalidation needed to clear A (see reclaim.c) */
    k->clock_hand = frame_index(v, pte);
    assert_int_equal(k_reclaim(k, 1), 1);
    assert_false(pte_get(k, ptep) & PTE_P);
}

static void clock_second_chance(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    unsigned bad = 0;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, 2 * PAGE_SIZE, RW, PF, NULL, 0), (int64_t)A0);
    assert_int_equal(k_store(k, 1, A0, 8, 1), KA_OK);
    assert_int_equal(k_store(k, 1, A0 + PAGE_SIZE, 8, 2), KA_OK);
    /* the hardware set A on both; X's is cleared, as a pass of the hand would, so that X
     * is the cold page and Y the hot one */
    uint64_t x = pte_of(v, 1, A0), y = pte_of(v, 1, A0 + PAGE_SIZE);
    assert_true((x & PTE_A) && (y & PTE_A));
    struct proc *p = proc_find(k, 1);
    pte_set(k, pt_walk(k, p->mm.root, A0, false), x & ~PTE_A);
    struct kernel_stats s0, s1;
    kernel_stats(k, &s0);
    /* the hand starts at Y: Y has A, gets a second chance (A cleared, still mapped); the
     * hand goes on and evicts X, which has no A */
    k->clock_hand = frame_index(v, y);
    assert_int_equal(k_reclaim(k, 1), 1);
    kernel_stats(k, &s1);
    uint64_t y1 = pte_of(v, 1, A0 + PAGE_SIZE);
    assert_true(y1 & PTE_P);
    assert_int_equal(y1 & PTE_A, 0);
    assert_int_equal(y1 & PTE_ADDR, y & PTE_ADDR);
    assert_true(pte_is_swap(pte_of(v, 1, A0)));
    assert_int_equal(s1.referenced, s0.referenced + 1);
    assert_int_equal(s1.reclaimed, s0.reclaimed + 1);
    /* Y is not referenced again before the hand comes back: now it goes */
    k->clock_hand = frame_index(v, y);
    assert_int_equal(k_reclaim(k, 1), 1);
    assert_true(pte_is_swap(pte_of(v, 1, A0 + PAGE_SIZE)));
    /* and an access by the hardware sets A again on the page brought back */
    assert_int_equal(ld(v, 1, A0 + PAGE_SIZE, &bad), 2);
    assert_true(pte_of(v, 1, A0 + PAGE_SIZE) & PTE_A);
    assert_int_equal(ld(v, 1, A0, &bad), 1);
    assert_int_equal(bad, 0);
}

/* Every PTE mapping a frame must lack A for it to go: a frame shared after fork survives
 * while either process has touched it. */
static void clock_counts_every_mapping(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, PAGE_SIZE, RW, PF, NULL, 0), (int64_t)A0);
    assert_int_equal(k_store(k, 1, A0, 8, 5), KA_OK);
    assert_int_equal(k_fork(k, 1, 2), 0);
    unsigned bad = 0;
    assert_int_equal(ld(v, 2, A0, &bad), 5); /* the child's PTE gets A (fork cleared it) */
    struct proc *p1 = proc_find(k, 1);
    uint64_t ptep1 = pt_walk(k, p1->mm.root, A0, false);
    uint64_t pte1 = pte_get(k, ptep1);
    pte_set(k, ptep1, pte1 & ~PTE_A);
    k->clock_hand = frame_index(v, pte1);
    struct kernel_stats s0, s1;
    kernel_stats(k, &s0);
    assert_int_equal(k_reclaim(k, 1), 1); /* a second pass takes it */
    kernel_stats(k, &s1);
    assert_int_equal(s1.referenced, s0.referenced + 1);
    assert_true(pte_is_swap(pte_of(v, 1, A0)));
    assert_int_equal(pte_of(v, 1, A0), pte_of(v, 2, A0)); /* both name one slot */
    assert_int_equal(k->swap_map[swp_slot(pte_of(v, 1, A0))], 2);
    assert_int_equal(ld(v, 1, A0, &bad), 5);
    assert_int_equal(ld(v, 2, A0, &bad), 5);
    assert_int_equal(bad, 0);
}

static void dirty_written_clean_dropped_anon(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    unsigned bad = 0;
    struct kernel_stats s0, s1;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, PAGE_SIZE, RW, PF, NULL, 0), (int64_t)A0);
    assert_int_equal(k_store(k, 1, A0, 8, 0xaa), KA_OK);
    assert_true(pte_of(v, 1, A0) & PTE_D);
    kernel_stats(k, &s0);
    evict_one(v, 1, A0);
    kernel_stats(k, &s1);
    assert_int_equal(s1.swapout, s0.swapout + 1); /* dirty (and never swapped): written */
    uint64_t slot = swp_slot(pte_of(v, 1, A0));
    assert_int_equal(ld(v, 1, A0, &bad), 0xaa);   /* back clean, keeping its slot */
    assert_int_equal(pte_of(v, 1, A0) & PTE_D, 0);
    kernel_stats(k, &s0);
    evict_one(v, 1, A0);
    kernel_stats(k, &s1);
    assert_int_equal(s1.swapout, s0.swapout);     /* clean, slot still valid: no write */
    assert_int_equal(s1.reclaimed, s0.reclaimed + 1);
    assert_int_equal(swp_slot(pte_of(v, 1, A0)), slot);
    assert_int_equal(ld(v, 1, A0, &bad), 0xaa);
    assert_int_equal(k_store(k, 1, A0 + 16, 8, 0xbb), KA_OK); /* dirty again */
    kernel_stats(k, &s0);
    evict_one(v, 1, A0);
    kernel_stats(k, &s1);
    assert_int_equal(s1.swapout, s0.swapout + 1);
    assert_int_equal(swp_slot(pte_of(v, 1, A0)), slot); /* rewritten in place */
    assert_int_equal(ld(v, 1, A0 + 16, &bad), 0xbb);
    assert_int_equal(ld(v, 1, A0, &bad), 0xaa);
    assert_int_equal(bad, 0);
}

static void dirty_written_clean_dropped_file(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    unsigned bad = 0;
    struct kernel_stats s0, s1;
    assert_int_equal(k_file(k, "f", 2 * PAGE_SIZE, KFILE_FILL, 0x11), 0);
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, 2 * PAGE_SIZE, RW, KMAP_SHARED | KMAP_FIXED, "f", 0), (int64_t)A0);
    assert_int_equal(ld(v, 1, A0, &bad), 0x1111111111111111ull);
    assert_int_equal(k_store(k, 1, A0 + PAGE_SIZE, 8, 0x77), KA_OK);
    kernel_stats(k, &s0);
    evict_one(v, 1, A0);
    kernel_stats(k, &s1);
    assert_int_equal(s1.fileout, s0.fileout); /* clean: dropped */
    assert_int_equal(pte_of(v, 1, A0), 0);
    evict_one(v, 1, A0 + PAGE_SIZE);
    kernel_stats(k, &s0);
    assert_int_equal(s0.fileout, s1.fileout + 1); /* dirty: written to the file */
    assert_int_equal(s0.swapout, s1.swapout);     /* never to swap */
    uint64_t w;
    memcpy(&w, kfile_data(file_find(k, "f"), 1), 8);
    assert_int_equal(w, 0x77);
    assert_int_equal(ld(v, 1, A0 + PAGE_SIZE, &bad), 0x77);
    assert_int_equal(ld(v, 1, A0, &bad), 0x1111111111111111ull);
    assert_int_equal(bad, 0);
}

/* With the D check skipped, a dirty page that already has a backing copy is dropped as
 * clean: the stale copy comes back and the shadow memory says so. */
static void injected_skip_dirty_is_seen(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    unsigned bad = 0;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, PAGE_SIZE, RW, PF, NULL, 0), (int64_t)A0);
    assert_int_equal(k_store(k, 1, A0, 8, 1), KA_OK);
    evict_one(v, 1, A0); /* first eviction writes anyway (no copy yet) */
    assert_int_equal(ld(v, 1, A0, &bad), 1);
    assert_int_equal(k_store(k, 1, A0, 8, 2), KA_OK);
    evict_one(v, 1, A0);
    assert_int_equal(ld(v, 1, A0, &bad), 1); /* the store of 2 is lost */
    assert_int_equal(bad, 1);
}

static void fill(env *v, int pid, uint64_t base, int pages)
{
    assert_int_equal(k_mmap(v->k, pid, base, (uint64_t)pages * PAGE_SIZE, RW, PF, NULL, 0), (int64_t)base);
    for (int i = 0; i < pages; i++)
        assert_int_equal(k_store(v->k, pid, base + (uint64_t)i * PAGE_SIZE, 8, (uint64_t)(pid * 1000 + i)), KA_OK);
}

static void oom_picks_largest_rss(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    for (int pid = 1; pid <= 3; pid++)
        assert_int_equal(k_spawn(k, pid), 0);
    fill(v, 1, A0, 10);
    fill(v, 2, A0, 20);
    fill(v, 3, A0, 5);
    uint64_t t, s;
    assert_int_equal(oom_badness(k, proc_find(k, 2), &t, &s), 20 + 4); /* 4 table levels */
    assert_int_equal(t, 4);
    assert_int_equal(s, 0);
    assert_int_equal(oom_kill(k), 2);
    assert_true(k_was_killed(k, 2));
    assert_null(proc_find(k, 2));
    assert_int_equal(oom_kill(k), 1);
    /* the real path: process 3 writes until memory runs out; with no swap the victim is
     * the biggest, which is process 3 itself only once it is the biggest */
    assert_int_equal(k_spawn(k, 4), 0);
    fill(v, 4, A0, 30);
    assert_int_equal(k_mmap(k, 3, A1, 60 * PAGE_SIZE, RW, PF, NULL, 0), (int64_t)A1);
    int i = 0;
    kacc r;
    while ((r = k_store(k, 3, A1 + (uint64_t)i * PAGE_SIZE, 8, 7)) == KA_OK)
        i++;
    assert_int_equal(r, KA_KILLED); /* never KA_OOM: a victim always exists */
    /* 4 (34 pages) went first, when 3 had at most 12 + 16: 3 wrote on after that */
    assert_true(i > 20);
    assert_true(k_was_killed(k, 4));
    assert_true(k_was_killed(k, 3));
    struct kernel_stats st;
    kernel_stats(k, &st);
    assert_int_equal(st.oom_kills, 4);
}

/* Page tables count: a process holding 33 table pages and nothing resident beats one
 * with 20 resident pages; and swap entries count for one swapped out entirely. */
static void oom_counts_tables_and_swap(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    unsigned bad = 0;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, 64ull << 21, KPROT_READ, PF, NULL, 0), (int64_t)A0);
    for (int i = 0; i < 30; i++)
        assert_int_equal(ld(v, 1, A0 + ((uint64_t)i << 21), &bad), 0); /* the zero page */
    assert_int_equal(proc_find(k, 1)->mm.rss, 0);
    assert_int_equal(k_spawn(k, 2), 0);
    fill(v, 2, A0, 20);
    uint64_t t, s;
    assert_int_equal(oom_badness(k, proc_find(k, 1), &t, &s), 3 + 30);
    assert_int_equal(oom_kill(k), 1);
    assert_int_equal(k_exit(k, 2), 0);
    assert_int_equal(bad, 0);
}

static void oom_counts_swap_entries(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_spawn(k, 2), 0);
    fill(v, 1, A0, 12);
    assert_int_equal(k_reclaim(k, 1000), 12); /* all of 1 to swap */
    fill(v, 2, A0, 10);
    uint64_t t, s;
    assert_int_equal(oom_badness(k, proc_find(k, 1), &t, &s), 4 + 12);
    assert_int_equal(s, 12);
    assert_int_equal(proc_find(k, 1)->mm.rss, 0);
    assert_int_equal(oom_kill(k), 1);
    assert_int_equal(k->swap_used, 0); /* its slots are freed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(clock_second_chance, setup, teardown),
        cmocka_unit_test_setup_teardown(clock_counts_every_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(dirty_written_clean_dropped_anon, setup, teardown),
        cmocka_unit_test_setup_teardown(dirty_written_clean_dropped_file, setup, teardown),
        cmocka_unit_test_setup_teardown(injected_skip_dirty_is_seen, setup_inject_dirty, teardown),
        cmocka_unit_test_setup_teardown(oom_picks_largest_rss, setup_noswap, teardown),
        cmocka_unit_test_setup_teardown(oom_counts_tables_and_swap, setup_noswap_512k, teardown),
        cmocka_unit_test_setup_teardown(oom_counts_swap_entries, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Lockstep against a device that is the reference model with a finite TLB ("reftlb"):
 * every legal staleness accepted, every injected bug caught with a report.
 *
 * Also a driver for the random tester until the CLI exists:
 *   test_lockstep --random BACKEND CONFIG SEED ACCESSES [INJECT]
 * runs randtest_run and exits 0 on success, 1 on a divergence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "backend/backend.h"
#include "lockstep/lockstep.h"
#include "registry/registry.h"
#include "workloads/randtest.h"
#include "inject/inject.h"

static backend *mk(const char *name, const char *config, unsigned inject)
{
    char err[160];
    be_options o = {.config = config, .inject = inject};
    backend *b = backend_create(name, &o, err, sizeof err);
    if (!b)
        fail_msg("%s", err);
    return b;
}

/* A lockstep whose reports go to a buffer the test can read. */
typedef struct {
    backend *b;
    char *buf;
    size_t len;
    FILE *f;
} ls_t;

static void mk_ls(ls_t *l, const char *config, unsigned inject)
{
    *l = (ls_t){.b = mk("lockstep:reftlb", config, inject)};
    l->f = open_memstream(&l->buf, &l->len); /* keeps &l->buf: l must not move */
    lockstep_set_exit_on_divergence(l->b, false);
    lockstep_set_report(l->b, l->f);
}

static const char *report(ls_t *l)
{
    fflush(l->f);
    return l->buf;
}

static void free_ls(ls_t *l)
{
    be_destroy(l->b);
    fclose(l->f);
    free(l->buf);
}

static int quiet_randtest(backend *b, uint64_t seed, uint64_t n)
{
    randtest_opts o = {.seed = seed, .accesses = n};
    return randtest_run(b, &o);
}

static void random_reftlb_no_divergence(void **st)
{
    (void)st;
    static const char *const cfg[] = {"i7", "small"};
    for (unsigned c = 0; c < 2; c++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            ls_t l;
            mk_ls(&l, cfg[c], 0u);
            int rc = quiet_randtest(l.b, seed, 20000);
            if (rc)
                fprintf(stderr, "%s\n", report(&l));
            assert_int_equal(rc, 0);
            lockstep_stats s;
            lockstep_get_stats(l.b, &s);
            assert_true(s.stale > 0); /* the run really needed the stale set */
            free_ls(&l);
        }
}

/* Each injected bug is caught by the random tester, with a divergence report. */
static void random_catches(unsigned inject, const char *needle)
{
    bool caught = false;
    for (uint64_t seed = 1; seed <= 5 && !caught; seed++) {
        ls_t l;
        mk_ls(&l, "i7", inject);
        int rc = quiet_randtest(l.b, seed, 50000);
        if (rc) {
            const char *r = report(&l);
            assert_non_null(strstr(r, "lockstep DIVERGENCE"));
            if (needle && !strstr(r, needle))
                fail_msg("report lacks '%s':\n%s", needle, r);
            printf("%s", r);
            caught = true;
        }
        free_ls(&l);
    }
    assert_true(caught);
}

static void catches_no_dirty(void **st) { (void)st; random_catches(INJ_NO_DIRTY, "memory ["); }
static void catches_psc_keep(void **st) { (void)st; random_catches(INJ_PSC_KEEP, NULL); }
static void catches_tlb_keep(void **st) { (void)st; random_catches(INJ_TLB_KEEP, NULL); }
static void catches_pcid_false_hit(void **st) { (void)st; random_catches(INJ_PCID_FALSE_HIT, NULL); }
static void catches_global_keep(void **st) { (void)st; random_catches(INJ_GLOBAL_KEEP, NULL); }

/* Directed: a 4K page is read (cached), its PTE moved to another frame, and read again
 * before and after INVLPG, for several pages. Reads before the INVLPG may legally return
 * either frame; after it only the new one. */
#define PML4 0x1000ull
#define PDPT 0x2000ull
#define PD 0x3000ull
#define PT 0x4000ull
#define RWU (PTE_P | PTE_RW | PTE_US)

static void stale_then_invlpg(ls_t *l, unsigned *stale_hits)
{
    backend *b = l->b;
    b->ops->pwrite(b, PML4, 8, PDPT | RWU);
    b->ops->pwrite(b, PDPT, 8, PD | RWU);
    b->ops->pwrite(b, PD, 8, PT | RWU);
    assert_int_equal(b->ops->write_cr3(b, PML4), BE_OK);
    *stale_hits = 0;
    for (uint64_t i = 0; i < 8 && !lockstep_diverged(b); i++) {
        uint64_t va = i << 12, old = 0x100000 + (i << 12), new = 0x200000 + (i << 12);
        be_req q = {.va = va | 0x10, .kind = ACC_R, .user = true, .size = 4};
        b->ops->pwrite(b, PT + 8 * i, 8, old | RWU);
        assert_int_equal(b->ops->access(b, &q).pa, old | 0x10);
        b->ops->pwrite(b, PT + 8 * i, 8, new | RWU); /* no invalidation yet */
        be_resp r = b->ops->access(b, &q);
        assert_int_equal(r.status, BE_OK);
        *stale_hits += r.pa == (old | 0x10);
        assert_int_equal(b->ops->invlpg(b, va), BE_OK);
        r = b->ops->access(b, &q);
        if (!lockstep_diverged(b))
            assert_int_equal(r.pa, new | 0x10);
    }
}

static void directed_stale_is_legal(void **st)
{
    (void)st;
    ls_t l;
    mk_ls(&l, "i7", 0u);
    unsigned stale;
    stale_then_invlpg(&l, &stale);
    if (lockstep_diverged(l.b))
        fail_msg("%s", report(&l));
    assert_true(stale > 0); /* the device did use stale entries, and lockstep accepted them */
    lockstep_stats s;
    lockstep_get_stats(l.b, &s);
    assert_int_equal(s.stale, stale);
    assert_true(lockstep_check_memory(l.b));
    free_ls(&l);
}

static void directed_kept_across_invlpg_is_caught(void **st)
{
    (void)st;
    ls_t l;
    mk_ls(&l, "i7", INJ_TLB_KEEP);
    unsigned stale;
    stale_then_invlpg(&l, &stale);
    assert_true(lockstep_diverged(l.b));
    const char *r = report(&l);
    assert_non_null(strstr(r, "rejected: physical address"));
    printf("%s", r);
    free_ls(&l);
}

/* The A/D check: a device that does not set D is caught on the first write's memory. */
static void directed_no_dirty_is_caught(void **st)
{
    (void)st;
    ls_t l;
    mk_ls(&l, "i7", INJ_NO_DIRTY);
    backend *b = l.b;
    b->ops->pwrite(b, PML4, 8, PDPT | RWU);
    b->ops->pwrite(b, PDPT, 8, PD | RWU);
    b->ops->pwrite(b, PD, 8, PT | RWU);
    b->ops->pwrite(b, PT, 8, 0x100000 | RWU);
    assert_int_equal(b->ops->write_cr3(b, PML4), BE_OK);
    be_req q = {.va = 0x10, .kind = ACC_R, .user = true, .size = 1};
    b->ops->access(b, &q);
    assert_false(lockstep_diverged(b));
    q.kind = ACC_W;
    b->ops->access(b, &q);
    assert_true(lockstep_diverged(b));
    assert_non_null(strstr(report(&l), "rejected: memory [0x4000]"));
    free_ls(&l);
}

/* A store crossing into a page whose entry is stale, the fresh frame already holding the
 * byte stored there (tests/hw/cross-store-stale.scn): the device's write to the old frame
 * must reach the reference memory, told apart by the old frame's byte. */
static void directed_crossing_store_through_stale_entry(void **st)
{
    (void)st;
    ls_t l;
    mk_ls(&l, "i7", 0u);
    backend *b = l.b;
    const uint64_t x = 0x111000, y = 0x112000;
    b->ops->pwrite(b, PML4, 8, PDPT | RWU);
    b->ops->pwrite(b, PDPT, 8, PD | RWU);
    b->ops->pwrite(b, PD, 8, PT | RWU);
    b->ops->pwrite(b, PT, 8, 0x110000 | RWU);
    b->ops->pwrite(b, PT + 8, 8, x | RWU);
    b->ops->pwrite(b, x, 1, 0x11);
    b->ops->pwrite(b, y, 1, 0x5a);
    assert_int_equal(b->ops->write_cr3(b, PML4), BE_OK);
    be_req w1 = {.va = 0x1008, .kind = ACC_W, .size = 1, .wdata = 0x77};
    assert_int_equal(b->ops->access(b, &w1).status, BE_OK); /* caches page 1 -> x, D=1 */
    b->ops->pwrite(b, PT + 8, 8, y | RWU | PTE_A | PTE_D); /* moved, not invalidated */
    be_req w2 = {.va = 0xfff, .kind = ACC_W, .size = 2, .wdata = 0x5aa5};
    assert_int_equal(b->ops->access(b, &w2).status, BE_OK);
    if (lockstep_diverged(b))
        fail_msg("%s", report(&l));
    /* this device keeps the entry: the byte went to x, and the reference knows it */
    assert_int_equal(b->ops->pread(b, x, 1), 0x5a);
    assert_int_equal(physmem_read(lockstep_ref_memory(b), x, 1), 0x5a);
    lockstep_stats s;
    lockstep_get_stats(b, &s);
    assert_int_equal(s.store_untouched, 1);
    assert_false(lockstep_diverged(b));
    assert_true(lockstep_check_memory(b));
    free_ls(&l);
}

int main(int argc, char **argv)
{
    if (argc >= 6 && strcmp(argv[1], "--random") == 0) {
        char err[512];
        be_options o = {.config = argv[3]};
        if (argc > 6 && !inj_parse(argv[6], &o.inject, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
        backend *b = backend_create(argv[2], &o, err, sizeof err);
        if (!b) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
        randtest_opts ro = {.seed = strtoull(argv[4], NULL, 0), .accesses = strtoull(argv[5], NULL, 0), .verbose = 1};
        int rc = randtest_run(b, &ro);
        be_destroy(b);
        return rc;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(directed_stale_is_legal),
        cmocka_unit_test(directed_kept_across_invlpg_is_caught),
        cmocka_unit_test(directed_no_dirty_is_caught),
        cmocka_unit_test(directed_crossing_store_through_stale_entry),
        cmocka_unit_test(random_reftlb_no_divergence),
        cmocka_unit_test(catches_no_dirty),
        cmocka_unit_test(catches_psc_keep),
        cmocka_unit_test(catches_tlb_keep),
        cmocka_unit_test(catches_pcid_false_hit),
        cmocka_unit_test(catches_global_keep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

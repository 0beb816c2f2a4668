// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The rtl backend through backend.h: walks, faults, #GP, A/D in memory, counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <dirent.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "backend/rtl.h"
#include "test_rtl_pt.h"
#include "registry/registry.h"

#define ROOT 0x1000ull

static backend *mk(const char *cfg, unsigned latency)
{
    char err[200] = "";
    be_options o = {.config = cfg, .mem_latency = latency};
    backend *b = rtl_backend_create(&o, err, sizeof err);
    if (!b)
        fail_msg("rtl_backend_create: %s", err);
    return b;
}

static be_resp acc(backend *b, uint64_t va, acc_kind k, bool user)
{
    be_req q = {.va = va, .kind = k, .user = user, .size = 1};
    return b->ops->access(b, &q);
}

static void counters(backend *b, uint64_t c[BE_NCOUNTERS]) { b->ops->counters(b, c); }

static void four_level_walk(void **state)
{
    (void)state;
    backend *b = mk("i7", 3);
    pt_ctx c = {b, 0x10000};
    uint64_t va = 0x00007f12345678abull;
    uint64_t pte = pt_map(&c, ROOT, va, 0x2345000, 0, PTE_P | PTE_RW | PTE_US);
    assert_int_equal(b->ops->write_cr3(b, ROOT), BE_OK);

    be_resp r = acc(b, va, ACC_R, true);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(r.pa, 0x23458abull);
    /* A in every entry used, D not (a read). */
    for (int l = 3; l >= 0; l--) {
        uint64_t e = b->ops->pread(b, pt_entry(&c, ROOT, va, l), 8);
        assert_true(e & PTE_A);
        assert_false(e & PTE_D);
    }
    uint64_t k[BE_NCOUNTERS];
    counters(b, k);
    assert_int_equal(k[BE_CNT_walks], 1);
    assert_int_equal(k[BE_CNT_walk_mem_refs], 4);
    assert_int_equal(k[BE_CNT_ad_updates], 4);
    assert_int_equal(k[BE_CNT_dtlb_misses], 1);

    /* The same page again: an L1 hit, no walk. */
    r = acc(b, va + 0x10, ACC_R, true);
    assert_int_equal(r.pa, 0x23458bbull);
    counters(b, k);
    assert_int_equal(k[BE_CNT_walks], 1);
    assert_int_equal(k[BE_CNT_dtlb_hits], 1);

    /* A write: D=0 in the entry, so it walks again and D reaches memory. */
    r = acc(b, va, ACC_W, true);
    assert_int_equal(r.status, BE_OK);
    assert_true(b->ops->pread(b, pte, 8) & PTE_D);
    counters(b, k);
    assert_int_equal(k[BE_CNT_walks], 2);
    assert_int_equal(k[BE_CNT_dirty_rewalks], 1);
    /* ... through the paging-structure caches: one memory reference. */
    assert_int_equal(k[BE_CNT_walk_mem_refs], 5);
    assert_int_equal(k[BE_CNT_psc_pde_hits], 1);
    be_destroy(b);
}

static void not_present_fault(void **state)
{
    (void)state;
    backend *b = mk("small", 1);
    pt_ctx c = {b, 0x10000};
    pt_map(&c, ROOT, 0x400000, 0x800000, 0, PTE_P | PTE_RW | PTE_US);
    assert_int_equal(b->ops->write_cr3(b, ROOT), BE_OK);

    be_resp r = acc(b, 0x401008, ACC_W, true); /* the next page: PTE not present */
    assert_int_equal(r.status, BE_PF);
    assert_int_equal(r.err, PF_W | PF_U);
    assert_int_equal(r.cr2, 0x401008);
    r = acc(b, 0x7000000000ull, ACC_X, false); /* PML4E not present; fetch sets I/D */
    assert_int_equal(r.status, BE_PF);
    assert_int_equal(r.err, PF_I);
    assert_int_equal(r.cr2, 0x7000000000ull);
    /* No A bit set by a faulting walk. */
    assert_false(b->ops->pread(b, pt_entry(&c, ROOT, 0x401000, 0), 8) & PTE_A);
    assert_false(b->ops->pread(b, pt_entry(&c, ROOT, 0x401000, 1), 8) & PTE_A);
    /* Mapping it needs no invalidation: the fault dropped what the walk might have kept. */
    pt_map(&c, ROOT, 0x401000, 0x900000, 0, PTE_P | PTE_RW | PTE_US);
    r = acc(b, 0x401008, ACC_W, true);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(r.pa, 0x900008);
    uint64_t k[BE_NCOUNTERS];
    counters(b, k);
    assert_int_equal(k[BE_CNT_page_faults], 2);
    be_destroy(b);
}

static void protection_and_reserved(void **state)
{
    (void)state;
    backend *b = mk("small", 2);
    pt_ctx c = {b, 0x10000};
    pt_map(&c, ROOT, 0x400000, 0x800000, 0, PTE_P | PTE_US);           /* read-only user */
    pt_map(&c, ROOT, 0x600000, 0xa00000, 0, PTE_P | PTE_RW);           /* supervisor */
    uint64_t e = pt_map(&c, ROOT, 0x800000, 0xc00000, 0, PTE_P | PTE_RW | PTE_US);
    b->ops->pwrite(b, e, 8, b->ops->pread(b, e, 8) | (1ull << 45));  /* above MAXPHYADDR */
    assert_int_equal(b->ops->write_cr3(b, ROOT), BE_OK);

    assert_int_equal(acc(b, 0x400000, ACC_R, true).status, BE_OK);
    be_resp r = acc(b, 0x400000, ACC_W, true);
    assert_int_equal(r.status, BE_PF);
    assert_int_equal(r.err, PF_P | PF_W | PF_U);
    r = acc(b, 0x600000, ACC_R, true);
    assert_int_equal(r.err, PF_P | PF_U);
    /* A supervisor write to a read-only page faults with WP=1, succeeds with WP=0. */
    assert_int_equal(acc(b, 0x400000, ACC_W, false).status, BE_PF);
    assert_int_equal(b->ops->write_cr0_wp(b, false), BE_OK);
    assert_int_equal(acc(b, 0x400000, ACC_W, false).status, BE_OK);
    r = acc(b, 0x800000, ACC_R, false);
    assert_int_equal(r.status, BE_PF);
    assert_int_equal(r.err, PF_P | PF_RSVD);
    be_destroy(b);
}

static void large_pages(void **state)
{
    (void)state;
    backend *b = mk("i7", 1);
    pt_ctx c = {b, 0x10000};
    pt_map(&c, ROOT, 0x40000000, 0x80000000, 2, PTE_P | PTE_RW);  /* 1 GiB */
    pt_map(&c, ROOT, 0x200000, 0x1e00000, 1, PTE_P | PTE_RW);     /* 2 MiB */
    assert_int_equal(b->ops->write_cr3(b, ROOT), BE_OK);
    assert_int_equal(acc(b, 0x7654321f, ACC_R, false).pa, 0xb654321full);
    assert_int_equal(acc(b, 0x3abcde, ACC_X, false).pa, 0x1fabcde);
    assert_int_equal(acc(b, 0x3abcdf, ACC_R, false).pa, 0x1fabcdf);
    be_destroy(b);
}

static void gp_cases(void **state)
{
    (void)state;
    backend *b = mk("small", 1);
    assert_int_equal(acc(b, 0x0000800000000000ull, ACC_R, false).status, BE_GP);
    assert_int_equal(acc(b, 0xffff7fffffffffffull, ACC_X, true).status, BE_GP);
    assert_int_equal(b->ops->write_cr3(b, 1ull << 40), BE_GP);
    assert_int_equal(b->ops->write_cr3(b, 1ull << 63), BE_GP);              /* PCIDE=0 */
    assert_int_equal(b->ops->write_cr3(b, 0x5001), BE_OK);
    be_cr4 c4 = {.pcide = true, .pge = true};
    assert_int_equal(b->ops->write_cr4(b, c4), BE_GP);                      /* CR3[11:0]!=0 */
    assert_int_equal(b->ops->invpcid(b, 4, 0, 0), BE_GP);
    assert_int_equal(b->ops->invpcid(b, 1, 5, 0), BE_GP);                   /* PCIDE=0 */
    assert_int_equal(b->ops->invpcid(b, 0, 0, 0x0000800000000000ull), BE_GP);
    assert_int_equal(b->ops->invpcid(b, 2, 4096, 0), BE_GP);
    assert_int_equal(b->ops->invlpg(b, 0x0000800000000000ull), BE_OK);      /* a no-op */
    assert_int_equal(b->ops->write_cr3(b, 0x5000), BE_OK);
    assert_int_equal(b->ops->write_cr4(b, c4), BE_OK);
    assert_int_equal(b->ops->invpcid(b, 1, 5, 0), BE_OK);
    assert_int_equal(b->ops->write_cr3(b, 0x5007 | 1ull << 63), BE_OK);
    uint64_t k[BE_NCOUNTERS];
    counters(b, k);
    assert_int_equal(k[BE_CNT_gp_faults], 9);
    be_destroy(b);
}

static void page_crossing(void **state)
{
    (void)state;
    backend *b = mk("small", 1);
    pt_ctx c = {b, 0x10000};
    pt_map(&c, ROOT, 0x400000, 0x800000, 0, PTE_P | PTE_RW | PTE_US);
    assert_int_equal(b->ops->write_cr3(b, ROOT), BE_OK);
    be_req q = {.va = 0x400ffc, .kind = ACC_R, .user = true, .size = 8};
    be_resp r = b->ops->access(b, &q);
    assert_int_equal(r.status, BE_PF);
    assert_int_equal(r.cr2, 0x401000);
    pt_map(&c, ROOT, 0x401000, 0x700000, 0, PTE_P | PTE_RW | PTE_US);
    r = b->ops->access(b, &q);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(r.pa, 0x800ffc);
    be_destroy(b);
}

/* The threads of this process (/proc/self/task has one entry per thread). */
static unsigned threads(void)
{
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    unsigned n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* The models run in the calling thread and start none: a --wave-on-fail copy is forked from
 * this process, and a thread that held a lock at the fork leaves it held in the copy for
 * ever (Verilator 5.048's context starts a worker thread unless told one thread). */
static void no_threads(void **state)
{
    (void)state;
    unsigned before = threads();
    backend *i7 = mk("i7", 1), *small = mk("small", 1);
    assert_int_equal(acc(i7, 0x400000, ACC_R, true).status, BE_PF); /* no CR3: the models ran */
    assert_int_equal(acc(small, 0x400000, ACC_R, true).status, BE_PF);
    assert_int_equal(threads(), before);
    be_destroy(i7);
    be_destroy(small);
}

static void bad_config(void **state)
{
    (void)state;
    char err[200] = "";
    be_options o = {.config = "huge"};
    assert_null(rtl_backend_create(&o, err, sizeof err));
    assert_non_null(strstr(err, "huge"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(four_level_walk),  cmocka_unit_test(not_present_fault),
        cmocka_unit_test(protection_and_reserved), cmocka_unit_test(large_pages),
        cmocka_unit_test(gp_cases),         cmocka_unit_test(page_crossing),
        cmocka_unit_test(bad_config),       cmocka_unit_test(no_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The may-be-cached set: what must go and what may stay after each invalidation of the
 * table in docs/semantics.md, and after a page fault. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ref/cache.h"

#define VA 0x00007f1234567000ull
#define OTHER 0x0000000040000000ull

static ref_centry tlbe(uint64_t va, unsigned level, uint16_t pcid, bool g, uint64_t frame)
{
    return (ref_centry){.vbase = ref_vbase(va, level), .addr = frame, .pcid = pcid, .level = (uint8_t)level,
                        .r = ref_rights_top(), .g = g};
}

static ref_centry psce(uint64_t va, unsigned level, uint16_t pcid, uint64_t table)
{
    return (ref_centry){.vbase = ref_vbase(va, level), .addr = table, .pcid = pcid, .level = (uint8_t)level,
                        .r = ref_rights_top()};
}

static void count(void *ctx, const ref_centry *e)
{
    (void)e;
    (*(unsigned *)ctx)++;
}

static unsigned tlb_n(const ref_cache *s, uint16_t pcid, uint64_t va)
{
    unsigned n = 0;
    ref_cache_tlb_each(s, pcid, va, count, &n);
    return n;
}

static unsigned psc_n(const ref_cache *s, uint16_t pcid, uint64_t va)
{
    unsigned n = 0;
    ref_cache_psc_each(s, pcid, va, count, &n);
    return n;
}

/* A populated set: for PCIDs 1 and 2, at VA a 4K entry, at OTHER a 4K entry, a global 2M
 * entry at VA (tagged PCID 1), and PSC entries at every level for VA in both PCIDs. */
static ref_cache *populated(void)
{
    ref_cache *s = ref_cache_new();
    for (uint16_t p = 1; p <= 2; p++) {
        ref_centry e = tlbe(VA, 1, p, false, 0x1000 * p);
        ref_cache_add_tlb(s, &e);
        e = tlbe(OTHER, 1, p, false, 0x9000);
        ref_cache_add_tlb(s, &e);
        for (unsigned lv = 2; lv <= 4; lv++) {
            e = psce(VA, lv, p, 0x100000 * lv);
            ref_cache_add_psc(s, &e);
        }
    }
    ref_centry g = tlbe(VA, 2, 1, true, 0x200000);
    ref_cache_add_tlb(s, &g);
    return s;
}

static void lookup_and_dedup(void **st)
{
    (void)st;
    ref_cache *s = populated();
    assert_int_equal(tlb_n(s, 1, VA), 2);       /* its own 4K + the global 2M */
    assert_int_equal(tlb_n(s, 3, VA), 1);       /* another PCID sees only the global one */
    assert_int_equal(tlb_n(s, 1, VA + 0x1000), 1); /* next 4K page: only the 2M one covers it */
    assert_int_equal(psc_n(s, 1, VA), 3);
    assert_int_equal(psc_n(s, 3, VA), 0);
    ref_centry e = tlbe(VA, 1, 1, false, 0x1000);
    ref_cache_add_tlb(s, &e); /* equal: not added twice */
    assert_int_equal(tlb_n(s, 1, VA), 2);
    e.addr = 0x5000; /* an edited entry: old and new coexist */
    ref_cache_add_tlb(s, &e);
    assert_int_equal(tlb_n(s, 1, VA), 3);
    assert_int_equal(ref_cache_tlb_count(s), 6);
    assert_int_equal(ref_cache_psc_count(s), 6);
    ref_cache_free(s);
}

static void invlpg(void **st)
{
    (void)st;
    ref_cache *s = populated();
    ref_inval inv = {.kind = RI_PAGE, .pcid = 1, .va = VA + 0x123};
    ref_cache_invalidate(s, &inv);
    assert_int_equal(tlb_n(s, 1, VA), 0);     /* own page and the global large page: gone */
    assert_int_equal(tlb_n(s, 2, VA), 1);     /* another PCID's non-global entry: may stay */
    assert_int_equal(tlb_n(s, 1, OTHER), 1);  /* another page: may stay */
    assert_int_equal(psc_n(s, 1, VA), 0);     /* every PSC entry of the current PCID: gone */
    assert_int_equal(psc_n(s, 2, VA), 3);
    ref_cache_free(s);
    /* INVLPG anywhere inside a 2M page removes it */
    s = populated();
    inv.va = VA + 0x1ff000 - (VA & 0x1fffff);
    ref_cache_invalidate(s, &inv);
    assert_int_equal(tlb_n(s, 2, VA), 1); /* only PCID 2's 4K remains at VA */
    ref_cache_free(s);
}

static void invpcid_0_1(void **st)
{
    (void)st;
    ref_cache *s = populated();
    ref_inval inv = {.kind = RI_PCID_PAGE, .pcid = 1, .va = VA};
    ref_cache_invalidate(s, &inv);
    assert_int_equal(tlb_n(s, 1, VA), 1);    /* the global one stays */
    assert_int_equal(tlb_n(s, 1, OTHER), 1);
    assert_int_equal(psc_n(s, 1, VA), 0);
    assert_int_equal(psc_n(s, 2, VA), 3);
    inv = (ref_inval){.kind = RI_PCID, .pcid = 2};
    ref_cache_invalidate(s, &inv);
    assert_int_equal(tlb_n(s, 2, VA), 1);    /* global only */
    assert_int_equal(tlb_n(s, 2, OTHER), 0);
    assert_int_equal(tlb_n(s, 1, OTHER), 1); /* PCID 1 untouched */
    assert_int_equal(psc_n(s, 2, VA), 0);
    ref_cache_free(s);
}

static void invpcid_2_3(void **st)
{
    (void)st;
    ref_cache *s = populated();
    ref_inval inv = {.kind = RI_ALL_NONGLOBAL};
    ref_cache_invalidate(s, &inv);
    assert_int_equal(ref_cache_tlb_count(s), 1); /* the global one */
    assert_int_equal(ref_cache_psc_count(s), 0);
    inv.kind = RI_ALL;
    ref_cache_invalidate(s, &inv);
    assert_int_equal(ref_cache_tlb_count(s), 0);
    ref_cache_free(s);
}

static void control_writes(void **st)
{
    (void)st;
    ref_ctl c;
    ref_ctl_reset(&c, 40);
    ref_inval inv;
    /* CR3 with PCIDE=0: non-global of PCID 0 */
    assert_int_equal(ref_ctl_cr3(&c, 0x5000, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_PCID);
    assert_int_equal(inv.pcid, 0);
    /* CR0.WP, SMEP/SMAP, NXE: nothing */
    assert_int_equal(ref_ctl_cr0_wp(&c, false, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_NONE);
    assert_int_equal(ref_ctl_cr4(&c, (be_cr4){.pge = true, .smep = true, .smap = true}, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_NONE);
    assert_int_equal(ref_ctl_efer_nxe(&c, false, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_NONE);
    /* PCIDE 0->1: nothing; CR3 with bit 63: nothing; without: that PCID */
    assert_int_equal(ref_ctl_cr4(&c, (be_cr4){.pcide = true, .pge = true}, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_NONE);
    assert_int_equal(ref_ctl_cr3(&c, 1ull << 63 | 0x5007, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_NONE);
    assert_int_equal(ref_ctl_pcid(&c), 7);
    assert_int_equal(c.cr3 >> 63, 0); /* bit 63 is not kept */
    assert_int_equal(ref_ctl_cr3(&c, 0x5009, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_PCID);
    assert_int_equal(inv.pcid, 9);
    /* PGE change, or PCIDE 1->0: everything */
    assert_int_equal(ref_ctl_cr4(&c, (be_cr4){.pcide = true, .pge = false}, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_ALL);
    assert_int_equal(ref_ctl_cr4(&c, (be_cr4){.pcide = false, .pge = false}, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_ALL);
    assert_int_equal(ref_ctl_pcid(&c), 0);
    /* INVLPG of a non-canonical address: nothing */
    assert_int_equal(ref_ctl_invlpg(&c, 0x0000800000000000ull, &inv), BE_OK);
    assert_int_equal(inv.kind, RI_NONE);
}

static void page_fault_drops_that_address(void **st)
{
    (void)st;
    ref_cache *s = populated();
    ref_cache_fault(s, 1, VA + 8);
    assert_int_equal(tlb_n(s, 1, VA), 0);
    assert_int_equal(psc_n(s, 1, VA), 0);
    assert_int_equal(tlb_n(s, 2, VA), 1); /* other PCID's own entry stays */
    assert_int_equal(psc_n(s, 2, VA), 3);
    assert_int_equal(tlb_n(s, 1, OTHER), 1);
    ref_cache_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lookup_and_dedup),
        cmocka_unit_test(invlpg),
        cmocka_unit_test(invpcid_0_1),
        cmocka_unit_test(invpcid_2_3),
        cmocka_unit_test(control_writes),
        cmocka_unit_test(page_fault_drops_that_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The TLB model's arrays on their own (csrc/tlbmodel/tlbarray.h): the tree pseudo-LRU of
 * tlb_repl.sv, the fill rules of tlb_sa.sv/tlb_fa.sv, the L2's two indexes, what each
 * invalidation clears, and the PSC's replace/free/round-robin fills. The values are worked
 * out by hand from the RTL, not taken from a run of the model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tlbmodel/tlbarray.h"

static ref_centry ent(uint64_t va, unsigned level, uint16_t pcid, bool g)
{
    return (ref_centry){.vbase = ref_vbase(va, level), .addr = 0x100000, .pcid = pcid, .level = (uint8_t)level,
                        .r = ref_rights_top(), .g = g};
}

/* 4 ways: node 0 picks the half, nodes 1 and 2 the way in it. */
static void plru_tree(void **st)
{
    (void)st;
    uint8_t t[3] = {0};
    assert_int_equal(tm_plru_victim(t, 4), 0);
    tm_plru_touch(t, 4, 0); /* root -> upper half, node 1 -> way 1 */
    assert_int_equal(t[0], 1);
    assert_int_equal(t[1], 1);
    assert_int_equal(tm_plru_victim(t, 4), 2);
    tm_plru_touch(t, 4, 2);
    assert_int_equal(tm_plru_victim(t, 4), 1);
    tm_plru_touch(t, 4, 1);
    assert_int_equal(tm_plru_victim(t, 4), 3);
    tm_plru_touch(t, 4, 3);
    assert_int_equal(tm_plru_victim(t, 4), 0);
    /* Not true LRU: after 0,2,1,3 and a hit on 0 the victim is 2, not 1. */
    tm_plru_touch(t, 4, 0);
    assert_int_equal(tm_plru_victim(t, 4), 2);
    /* 8 ways: the path of way 5 (101) is nodes 0, 2, 5, each set to point away from it. */
    uint8_t e[7] = {0};
    tm_plru_touch(e, 8, 5);
    assert_int_equal(e[0], 0);
    assert_int_equal(e[2], 1);
    assert_int_equal(e[5], 0);
    /* After 5 and 0: the upper half, away from 5's pair: way 6. */
    tm_plru_touch(e, 8, 0);
    assert_int_equal(tm_plru_victim(e, 8), 6);
    /* One way: no bits, way 0. */
    assert_int_equal(tm_plru_victim(e, 1), 0);
}

/* A 2-set, 4-way array: same page in place, else lowest invalid, else the tree's victim. */
static void fill_rules(void **st)
{
    (void)st;
    tm_array a;
    assert_true(tm_array_init(&a, 2, 4, false));
    /* Set 0 holds the even 4 KiB pages. */
    for (unsigned i = 0; i < 4; i++) {
        ref_centry e = {.vbase = 0x2000u * i, .level = 1};
        assert_int_equal(tm_array_fill(&a, &e), i);
    }
    ref_centry same = ent(0x4000, 1, 0, false); /* way 2's page again */
    same.d = true;
    assert_int_equal(tm_array_fill(&a, &same), 2);
    assert_true(tm_array_lookup(&a, 0x4abc, 0)->d);
    /* Same page under another PCID is another entry: the victim after touches 0,1,2,3,2
     * (the last fill touched 2) is 0. */
    assert_int_equal(tm_array_fill(&a, &(ref_centry){.vbase = 0x4000, .level = 1, .pcid = 7}), 0);
    /* A hit touches: hit way 1, then the victim is 3... */
    assert_non_null(tm_array_lookup(&a, 0x2000, 0));
    assert_int_equal(tm_array_fill(&a, &(ref_centry){.vbase = 0x10000, .level = 1}), 3);
    /* ...and an invalidated way is taken first. */
    tm_array_inv_addr(&a, 0x2000, 0, false);
    assert_null(tm_array_lookup(&a, 0x2000, 0));
    assert_int_equal(tm_array_fill(&a, &(ref_centry){.vbase = 0x12000, .level = 1}), 1);
    /* The odd set is untouched. */
    assert_int_equal(tm_array_fill(&a, &(ref_centry){.vbase = 0x1000, .level = 1}), 0);
    tm_array_free(&a);
}

/* The L2: 2 MiB entries in set VA[21+], looked up after the 4 KiB set. */
static void l2_two_sizes(void **st)
{
    (void)st;
    tm_array a;
    assert_true(tm_array_init(&a, 4, 2, true));
    ref_centry big = ent(0x40600000, 2, 0, false); /* VA[22:21] = 3 */
    assert_int_equal(tm_array_fill_set(&a, &big), 3);
    tm_array_fill(&a, &big);
    const ref_centry *h = tm_array_lookup(&a, 0x40612345, 0); /* 4 KiB set 2, 2 MiB set 3 */
    assert_non_null(h);
    assert_int_equal(h->level, 2);
    /* A 4 KiB entry of that address in its own set wins over the 2 MiB one. */
    ref_centry small = ent(0x40612000, 1, 0, false);
    assert_int_equal(tm_array_fill_set(&a, &small), 2);
    tm_array_fill(&a, &small);
    assert_int_equal(tm_array_lookup(&a, 0x40612345, 0)->level, 1);
    /* INVLPG of an address in the 2 MiB page clears both sets it names. */
    tm_array_inv_addr(&a, 0x40612000, 0, true);
    assert_null(tm_array_lookup(&a, 0x40612345, 0));
    assert_null(tm_array_lookup(&a, 0x40600000, 0));
    tm_array_free(&a);
}

static void invalidations(void **st)
{
    (void)st;
    tm_array a;
    assert_true(tm_array_init(&a, 1, 4, false)); /* tlb_fa: one set */
    tm_array_fill(&a, &(ref_centry){.vbase = 0x200000, .level = 2, .pcid = 1});
    tm_array_fill(&a, &(ref_centry){.vbase = 0x400000, .level = 2, .pcid = 1, .g = true});
    tm_array_fill(&a, &(ref_centry){.vbase = 0x40000000, .level = 3, .pcid = 2});
    /* Global entries match any PCID; INVPCID 0 (global=false) keeps them, INVLPG does not. */
    assert_non_null(tm_array_lookup(&a, 0x400123, 5));
    tm_array_inv_addr(&a, 0x400000, 1, false);
    assert_non_null(tm_array_lookup(&a, 0x400123, 1));
    tm_array_inv_addr(&a, 0x400000, 9, true);
    assert_null(tm_array_lookup(&a, 0x400123, 1));
    tm_array_fill(&a, &(ref_centry){.vbase = 0x400000, .level = 2, .pcid = 1, .g = true});
    tm_array_inv_pcid(&a, 1);
    assert_null(tm_array_lookup(&a, 0x200000, 1));
    assert_non_null(tm_array_lookup(&a, 0x400000, 1));
    assert_non_null(tm_array_lookup(&a, 0x7fffffff, 2)); /* the 1 GiB page */
    assert_null(tm_array_lookup(&a, 0x7fffffff, 3));
    tm_array_inv_all(&a, true);
    assert_null(tm_array_lookup(&a, 0x40000000, 2));
    assert_non_null(tm_array_lookup(&a, 0x400000, 1));
    tm_array_inv_all(&a, false);
    assert_null(tm_array_lookup(&a, 0x400000, 1));
    tm_array_free(&a);
}

static void psc_fills(void **st)
{
    (void)st;
    tm_psc p;
    assert_true(tm_psc_init(&p, 2, 2)); /* a 2-entry PDE cache */
    ref_centry a = ent(0x200000, 2, 0, false), b = ent(0x400000, 2, 0, false), c = ent(0x600000, 2, 0, false);
    assert_int_equal(tm_psc_fill(&p, &a), 0);
    assert_int_equal(tm_psc_fill(&p, &b), 1);
    a.addr = 0x5000;
    assert_int_equal(tm_psc_fill(&p, &a), 0); /* same tag: replaced, the victim stays */
    assert_int_equal(tm_psc_lookup(&p, 0x3fffff, 0)->addr, 0x5000);
    assert_int_equal(tm_psc_fill(&p, &c), 0); /* round robin from 0 */
    assert_int_equal(tm_psc_fill(&p, &a), 1);
    assert_null(tm_psc_lookup(&p, 0x400000, 0));
    assert_null(tm_psc_lookup(&p, 0x600000, 1)); /* tagged by PCID */
    tm_psc_inv(&p, false, 1);
    assert_non_null(tm_psc_lookup(&p, 0x600000, 0));
    tm_psc_inv(&p, false, 0);
    assert_null(tm_psc_lookup(&p, 0x600000, 0));
    assert_int_equal(tm_psc_fill(&p, &b), 0); /* free entries first */
    tm_psc_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plru_tree),
        cmocka_unit_test(fill_rules),
        cmocka_unit_test(l2_two_sizes),
        cmocka_unit_test(invalidations),
        cmocka_unit_test(psc_fills),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The buddy allocator: alignment, no double allocation, exhaustion, full coalescing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "kernel/palloc.h"

#define BASE 0x100000ull
#define NPAGES 3000u /* not a power of two, base not max-order aligned */

static void random_alloc_free(void **state)
{
    (void)state;
    struct palloc p;
    assert_true(palloc_init(&p, BASE, NPAGES * PAGE_SIZE));
    assert_int_equal(p.nfree, NPAGES);
    unsigned char *owner = calloc(NPAGES, 1);
    struct { uint64_t pa; unsigned order; } live[4096];
    unsigned nlive = 0;
    srand(7);
    for (int step = 0; step < 20000; step++) {
        if (nlive < 4096 && (rand() % 3 != 0 || nlive == 0)) {
            unsigned order = (unsigned)(rand() % 4 == 0 ? rand() % 6 : 0);
            uint64_t pa = palloc_alloc(&p, order);
            if (!pa)
                continue;
            assert_int_equal(pa & ((PAGE_SIZE << order) - 1), 0);
            uint64_t i = (pa - BASE) / PAGE_SIZE;
            assert_true(i + (1u << order) <= NPAGES);
            for (unsigned j = 0; j < (1u << order); j++) {
                assert_int_equal(owner[i + j], 0);
                owner[i + j] = 1;
            }
            live[nlive].pa = pa;
            live[nlive++].order = order;
        } else {
            unsigned k = (unsigned)rand() % nlive;
            uint64_t i = (live[k].pa - BASE) / PAGE_SIZE;
            for (unsigned j = 0; j < (1u << live[k].order); j++)
                owner[i + j] = 0;
            palloc_free(&p, live[k].pa, live[k].order);
            live[k] = live[--nlive];
        }
        uint64_t used = 0;
        if (step % 1000 == 0) {
            for (unsigned j = 0; j < NPAGES; j++)
                used += owner[j];
            assert_int_equal(p.nfree, NPAGES - used);
        }
    }
    while (nlive) {
        palloc_free(&p, live[nlive - 1].pa, live[nlive - 1].order);
        nlive--;
    }
    assert_int_equal(p.nfree, NPAGES);
    /* fully coalesced: every frame can be had again, and a max-order block exists */
    assert_int_not_equal(palloc_alloc(&p, PALLOC_MAX_ORDER), 0);
    free(owner);
    palloc_destroy(&p);
}

static void exhaustion_returns_zero(void **state)
{
    (void)state;
    struct palloc p;
    assert_true(palloc_init(&p, BASE, 37 * PAGE_SIZE));
    for (int i = 0; i < 37; i++)
        assert_int_not_equal(palloc_alloc(&p, 0), 0);
    assert_int_equal(palloc_alloc(&p, 0), 0);
    assert_int_equal(p.nfree, 0);
    palloc_destroy(&p);
}

static void descriptors_round_trip(void **state)
{
    (void)state;
    struct palloc p;
    assert_true(palloc_init(&p, BASE, 64 * PAGE_SIZE));
    uint64_t pa = palloc_alloc(&p, 0);
    struct page *pg = pa_page(&p, pa);
    assert_non_null(pg);
    assert_int_equal(page_pa(&p, pg), pa);
    assert_null(pa_page(&p, BASE - PAGE_SIZE));
    assert_null(pa_page(&p, BASE + 64 * PAGE_SIZE));
    palloc_destroy(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_alloc_free),
        cmocka_unit_test(exhaustion_returns_zero),
        cmocka_unit_test(descriptors_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

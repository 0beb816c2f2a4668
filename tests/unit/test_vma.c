// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The VMA tree against a brute-force model: thousands of random inserts and removes, with
 * lookups and top-down gap searches checked after each, and every invariant verified. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "kernel/vma.h"

#define SPACE 2048u /* pages */
#define PG 4096ull

static struct vma *model[SPACE]; /* page -> area, the brute force */

static uint64_t bf_gap_start(const struct vma *v) { return vma_gap_start(v); }

/* Linux's rule: [a, a+len) lies in the gap below the first area that ends above a, and
 * ends at or below that area's gap start (its guard, for a stack). */
static bool bf_fits(uint64_t a, uint64_t len)
{
    for (uint64_t p = a / PG; p < SPACE; p++)
        if (model[p])
            return model[p]->start >= a + len && bf_gap_start(model[p]) >= a + len;
    return true;
}

static uint64_t bf_topdown(uint64_t len, uint64_t low, uint64_t high)
{
    if (high < low + len)
        return UINT64_MAX;
    for (uint64_t a = high - len;; a -= PG) {
        if (bf_fits(a, len))
            return a;
        if (a < low + PG)
            return UINT64_MAX;
    }
}

static void random_against_brute_force(void **state)
{
    (void)state;
    struct vma_tree t = {0};
    struct vma *live[SPACE];
    unsigned nlive = 0;
    srand(12345);
    for (int step = 0; step < 6000; step++) {
        int op = rand() % 10;
        if (op < 5 || nlive == 0) {
            unsigned s = (unsigned)rand() % SPACE, n = 1 + (unsigned)rand() % 16;
            if (s + n > SPACE)
                continue;
            bool ok = true;
            for (unsigned i = s; i < s + n; i++)
                ok &= model[i] == NULL;
            if (!ok)
                continue;
            struct vma *v = calloc(1, sizeof *v);
            v->start = s * PG;
            v->end = (s + n) * PG;
            v->flags = rand() % 20 == 0 ? VM_GROWSDOWN : 0;
            vt_insert(&t, v);
            for (unsigned i = s; i < s + n; i++)
                model[i] = v;
            live[nlive++] = v;
        } else if (op < 8) {
            unsigned k = (unsigned)rand() % nlive;
            struct vma *v = live[k];
            vt_remove(&t, v);
            for (uint64_t a = v->start; a < v->end; a += PG)
                model[a / PG] = NULL;
            free(v);
            live[k] = live[--nlive];
        } else {
            uint64_t len = (1 + (uint64_t)(rand() % 300)) * PG;
            uint64_t low = (uint64_t)(rand() % 64) * PG, high = SPACE * PG - (uint64_t)(rand() % 64) * PG;
            uint64_t got = vt_gap_topdown(&t, len, low, high), want = bf_topdown(len, low, high);
            if (got != want) {
                print_message("len %llx low %llx high %llx\n", (unsigned long long)len, (unsigned long long)low, (unsigned long long)high);
                for (struct vma *v = t.first; v; v = v->next)
                    print_message("  %llx-%llx %x\n", (unsigned long long)v->start, (unsigned long long)v->end, v->flags);
            }
            assert_int_equal(got, want);
        }
        assert_true(vt_check(&t));
        assert_int_equal(t.count, nlive);
        for (int q = 0; q < 8; q++) {
            uint64_t a = (uint64_t)(rand() % (SPACE + 8)) * PG + (uint64_t)(rand() % 4096);
            struct vma *exp = a / PG < SPACE ? model[a / PG] : NULL;
            assert_ptr_equal(vt_lookup(&t, a), exp);
            struct vma *f = NULL;
            for (uint64_t p = a / PG; p < SPACE && !f; p++)
                f = model[p];
            assert_ptr_equal(vt_find(&t, a), f);
        }
    }
    while (nlive) {
        vt_remove(&t, live[--nlive]);
        free(live[nlive]);
    }
    assert_null(t.root);
    assert_null(t.first);
}

static void balanced_under_sequential_inserts(void **state)
{
    (void)state;
    struct vma_tree t = {0};
    static struct vma v[4096];
    for (unsigned i = 0; i < 4096; i++) {
        v[i].start = 2 * i * PG;
        v[i].end = (2 * i + 1) * PG;
        vt_insert(&t, &v[i]);
    }
    assert_true(vt_check(&t));
    assert_true(t.root->height <= 14); /* AVL: <= 1.44 log2(n) */
    /* every gap is one page: a two-page search finds only the space above the last */
    assert_int_equal(vt_gap_topdown(&t, 2 * PG, 0, 8200 * PG), 8198 * PG);
    assert_int_equal(vt_gap_topdown(&t, 2 * PG, 0, 8192 * PG), UINT64_MAX);
    assert_int_equal(vt_gap_topdown(&t, PG, 0, 8191 * PG), 8189 * PG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_against_brute_force),
        cmocka_unit_test(balanced_under_sequential_inserts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Page-table editing in simulated memory: the x86-64 format (index bits, non-leaf rights),
 * table reuse, freeing every table page, and the leaf encoding of each protection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kbe_mini.h"
#include "kernel/kern.h"

static void walk_builds_x86_format(void **state)
{
    (void)state;
    kbe *e = kbe_new();
    char err[128];
    struct kernel *k = kernel_new(&e->b, NULL, err, sizeof err);
    assert_non_null(k);
    uint64_t free0 = k->pa.nfree;
    uint64_t root = pt_alloc_table(k);
    uint64_t va = 0x00007f1234567000ull;
    uint64_t ptep = pt_walk(k, root, va, true);
    assert_int_not_equal(ptep, 0);
    assert_int_equal(k->pa.nfree, free0 - 4); /* PML4 + PDPT + PD + PT */
    /* follow the entries by hand with the SDM's index bits */
    uint64_t t = root;
    for (int level = 3; level > 0; level--) {
        uint64_t e8 = physmem_read(e->m, t + (((va >> (12 + 9 * level)) & 511) << 3), 8);
        assert_int_equal(e8 & (PTE_P | PTE_RW | PTE_US | PTE_PS | PTE_XD), PTE_P | PTE_RW | PTE_US);
        t = e8 & PTE_ADDR;
    }
    assert_int_equal(ptep, t + (((va >> 12) & 511) << 3));
    /* the neighbour page shares every table; a page 1 GiB away needs a new PD and PT */
    assert_int_equal(pt_walk(k, root, va + 4096, true), ptep + 8);
    assert_int_equal(k->pa.nfree, free0 - 4);
    assert_int_not_equal(pt_walk(k, root, va + (1ull << 30), true), 0);
    assert_int_equal(k->pa.nfree, free0 - 6);
    /* without create, a missing table is absent, not allocated */
    assert_int_equal(pt_walk(k, root, 0x1000, false), 0);
    assert_int_equal(k->pa.nfree, free0 - 6);
    pt_free_tables(k, root);
    assert_int_equal(k->pa.nfree, free0);
    kernel_free(k);
    be_destroy(&e->b);
}

static void leaf_encodings(void **state)
{
    (void)state;
    uint64_t pa = 0x123000;
    assert_int_equal(mk_pte(pa, VM_READ, false), pa | PTE_P | PTE_US | PTE_XD);
    assert_int_equal(mk_pte(pa, VM_READ | VM_WRITE, true), pa | PTE_P | PTE_US | PTE_RW | PTE_XD);
    /* a private writable page mapped before its write stays read-only (COW) */
    assert_int_equal(mk_pte(pa, VM_READ | VM_WRITE, false), pa | PTE_P | PTE_US | PTE_XD);
    assert_int_equal(mk_pte(pa, VM_READ | VM_EXEC, false), pa | PTE_P | PTE_US);
    /* x86 cannot say write-only or exec-only: they are present, hence readable */
    assert_int_equal(mk_pte(pa, VM_WRITE, true), pa | PTE_P | PTE_US | PTE_RW | PTE_XD);
    assert_int_equal(mk_pte(pa, VM_EXEC, false), pa | PTE_P | PTE_US);
    /* PROT_NONE: not present to the hardware, the frame kept in software */
    assert_int_equal(mk_pte(pa, 0, false), pa | PTE_PROTNONE);
    assert_false(mk_pte(pa, 0, false) & PTE_P);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(walk_builds_x86_format),
        cmocka_unit_test(leaf_encodings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

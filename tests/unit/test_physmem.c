// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The physical-memory model: zero fill, little-endian widths, CAS, growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/physmem.h"

static void unwritten_reads_zero(void **state)
{
    (void)state;
    physmem *m = physmem_new();
    assert_int_equal(physmem_read(m, 0x123456788ull, 8), 0);
    assert_null(physmem_frame(m, 0x123456788ull));
    physmem_free(m);
}

static void little_endian_widths(void **state)
{
    (void)state;
    physmem *m = physmem_new();
    physmem_write(m, 0x1000, 8, 0x1122334455667788ull);
    assert_int_equal(physmem_read(m, 0x1000, 1), 0x88);
    assert_int_equal(physmem_read(m, 0x1001, 1), 0x77);
    assert_int_equal(physmem_read(m, 0x1002, 2), 0x5566);
    assert_int_equal(physmem_read(m, 0x1004, 4), 0x11223344);
    physmem_write(m, 0x1003, 1, 0xab);
    assert_int_equal(physmem_read(m, 0x1000, 8), 0x11223344ab667788ull);
    physmem_free(m);
}

static void cas_writes_only_on_match(void **state)
{
    (void)state;
    physmem *m = physmem_new();
    physmem_write(m, 0x2008, 8, 0x1003);
    assert_int_equal(physmem_cas64(m, 0x2008, 0x1001, 0x1023), 0x1003);
    assert_int_equal(physmem_read(m, 0x2008, 8), 0x1003);
    assert_int_equal(physmem_cas64(m, 0x2008, 0x1003, 0x1023), 0x1003);
    assert_int_equal(physmem_read(m, 0x2008, 8), 0x1023);
    physmem_free(m);
}

static void many_frames_survive_growth(void **state)
{
    (void)state;
    physmem *m = physmem_new();
    for (uint64_t i = 0; i < 5000; i++)
        physmem_write(m, (i * 7919) << 12 | 8, 8, i ^ 0x5a5a);
    for (uint64_t i = 0; i < 5000; i++)
        assert_int_equal(physmem_read(m, (i * 7919) << 12 | 8, 8), i ^ 0x5a5a);
    physmem_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unwritten_reads_zero),
        cmocka_unit_test(little_endian_widths),
        cmocka_unit_test(cas_writes_only_on_match),
        cmocka_unit_test(many_frames_survive_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

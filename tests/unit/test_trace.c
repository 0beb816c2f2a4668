// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The trace format and replay's value check: every field written comes back, the counts
 * agree, and a load whose recorded value differs from what the model reads is a
 * disagreement (no recorder gives values yet, so only this test drives that path). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/replay.h"
#include "trace/trace.h"

static char *tmpname(void)
{
    char *p = strdup("/tmp/openmmu-test-trace-XXXXXX");
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    return p;
}

static void roundtrip(void **state)
{
    (void)state;
    char *path = tmpname(), err[512];
    char *argv[] = {"prog", "arg one", ""};
    tr_writer *w = tw_open(path, "unit", TRF_VALUES | TRF_EVENTS, 3, argv, err, sizeof err);
    assert_non_null(w);
    uint8_t v16[16];
    for (int i = 0; i < 16; i++)
        v16[i] = (uint8_t)(0xa0 + i);
    uint64_t a[TR_NARGS] = {0x10000, 8192, 3, 0x22, (uint64_t)-1, 0, 0x10000};
    tw_event(w, TR_MMAP, a, NULL);
    /* enough records for several chunks */
    for (uint64_t i = 0; i < 300000; i++)
        tw_access(w, (uint8_t)(TR_FETCH + i % 3), 0x10000 + i * 3, (unsigned)(1 + i % 16), i % 5 ? NULL : v16);
    uint64_t f[TR_NARGS] = {123, 0xdeadbeef};
    tw_event(w, TR_FILE, f, "/some/path");
    assert_true(tw_close(w, err, sizeof err));

    tr_header h;
    tr_reader *r = tr_open(path, &h, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(h.version, TRACE_VERSION);
    assert_int_equal(h.flags, TRF_VALUES | TRF_EVENTS);
    assert_string_equal(h.tool, "unit");
    assert_int_equal(h.argc, 3);
    assert_string_equal(h.argv[1], "arg one");
    assert_string_equal(h.argv[2], "");
    assert_int_equal(h.records, 300002);
    assert_int_equal(h.events, 2);
    assert_int_equal(h.fetches, 100000);
    tr_rec *t = malloc(sizeof *t);
    assert_int_equal(tr_next(r, t, err, sizeof err), 1);
    assert_int_equal(t->type, TR_MMAP);
    assert_memory_equal(t->a, a, sizeof a);
    assert_string_equal(t->path, "");
    for (uint64_t i = 0; i < 300000; i++) {
        assert_int_equal(tr_next(r, t, err, sizeof err), 1);
        assert_int_equal(t->type, TR_FETCH + i % 3);
        assert_int_equal(t->va, 0x10000 + i * 3);
        assert_int_equal(t->size, 1 + i % 16);
        assert_int_equal(t->has_value, i % 5 == 0);
        if (t->has_value)
            assert_memory_equal(t->value, v16, t->size);
    }
    assert_int_equal(tr_next(r, t, err, sizeof err), 1);
    assert_int_equal(t->type, TR_FILE);
    assert_string_equal(t->path, "/some/path");
    assert_int_equal(t->a[1], 0xdeadbeef);
    assert_int_equal(tr_next(r, t, err, sizeof err), 0);
    assert_int_equal(tr_index(r), 300001);
    free(t);
    tr_close(r);
    tr_header_free(&h);
    unlink(path);
    free(path);
}

/* A store and loads with recorded values, replayed on ref (first touch: no events). */
static int replay_values(uint64_t loaded)
{
    char *path = tmpname(), err[512];
    char *argv[] = {"unit"};
    tr_writer *w = tw_open(path, "unit", TRF_VALUES, 1, argv, err, sizeof err);
    assert_non_null(w);
    uint64_t v = 0x1122334455667788ull;
    tw_access(w, TR_STORE, 0x500000, 8, (const uint8_t *)&v);
    tw_access(w, TR_LOAD, 0x500000, 8, (const uint8_t *)&loaded);
    uint64_t zero = 0;
    tw_access(w, TR_LOAD, 0x600000, 8, (const uint8_t *)&zero); /* demand-zero */
    assert_true(tw_close(w, err, sizeof err));
    be_options be = {.config = "i7"};
    replay_opts o = {.trace = path, .backend = "ref", .be = &be, .mem_size = 16ull << 20};
    int rc = replay_run(&o);
    unlink(path);
    free(path);
    return rc;
}

static void values_agree(void **state)
{
    (void)state;
    assert_int_equal(replay_values(0x1122334455667788ull), 0);
}

static void value_mismatch_is_a_disagreement(void **state)
{
    (void)state;
    assert_int_equal(replay_values(0x1122334455667789ull), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roundtrip),
        cmocka_unit_test(values_agree),
        cmocka_unit_test(value_mismatch_is_a_disagreement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The scenario reader, number parsing and result matching (csrc/scenario/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario/scenario.h"

/* The reader links against the op tables; this test uses none of them. */

static char tmp_path[64];
static char err_path[64];
static int saved_stderr = -1;

static const char *write_tmp(const char *text, size_t len)
{
    snprintf(tmp_path, sizeof(tmp_path), "/tmp/scn_reader_XXXXXX");
    int fd = mkstemp(tmp_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return tmp_path;
}

/* stderr goes to a file while a test runs, so messages can be checked. */
static void capture_stderr(void)
{
    fflush(stderr);
    snprintf(err_path, sizeof(err_path), "/tmp/scn_err_XXXXXX");
    int fd = mkstemp(err_path);
    assert_true(fd >= 0);
    saved_stderr = dup(2);
    dup2(fd, 2);
    close(fd);
}

static char *captured(void)
{
    static char buf[4096];
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    FILE *f = fopen(err_path, "r");
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(err_path);
    return buf;
}

static void numbers_decimal_and_hex(void **state)
{
    (void)state;
    uint64_t v;
    assert_true(scn_parse_u64("0", &v));
    assert_int_equal(v, 0);
    assert_true(scn_parse_u64("42", &v));
    assert_int_equal(v, 42);
    assert_true(scn_parse_u64("0x2a", &v));
    assert_int_equal(v, 42);
    assert_true(scn_parse_u64("0X2A", &v));
    assert_int_equal(v, 42);
    assert_true(scn_parse_u64("010", &v)); /* decimal, not octal */
    assert_int_equal(v, 10);
    assert_true(scn_parse_u64("18446744073709551615", &v));
    assert_true(v == UINT64_MAX);
    assert_true(scn_parse_u64("0xffffffffffffffff", &v));
    assert_true(v == UINT64_MAX);
    assert_true(scn_parse_u64("0x00000000000000000001", &v)); /* leading zeros are no overflow */
    assert_int_equal(v, 1);
}

static void numbers_rejected(void **state)
{
    (void)state;
    uint64_t v = 7;
    const char *bad[] = {
        "", "0x", "x1", "-1", "+1", " 1", "1 ", "12a", "0x1g", "1.0", "0b1",
        "18446744073709551616",   /* 2^64 */
        "0x10000000000000000",    /* 2^64 */
        "99999999999999999999",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (scn_parse_u64(bad[i], &v))
            fail_msg("'%s' parsed as %llu", bad[i], (unsigned long long)v);
    }
    assert_int_equal(v, 7); /* untouched on failure */
}

static void matching_by_token(void **state)
{
    (void)state;
    assert_true(scn_result_matches("0x2a", "42"));
    assert_true(scn_result_matches("42", "0x2a"));
    assert_true(scn_result_matches("pa 0x1000", "pa 4096"));
    assert_true(scn_result_matches("pf 0x7", "pf  0x0007"));
    assert_true(scn_result_matches("SIGSEGV MAPERR", "SIGSEGV MAPERR"));
    assert_true(scn_result_matches("-ENOMEM", "-ENOMEM"));
    assert_true(scn_result_matches("-0xc", "-12"));
    assert_false(scn_result_matches("0x2a", "43"));
    assert_false(scn_result_matches("pa 0x1000", "pa 0x1001"));
    assert_false(scn_result_matches("pa 0x1000", "pa"));
    assert_false(scn_result_matches("pa", "pa 0x1000"));
    assert_false(scn_result_matches("pf 0x7", "pa 0x7"));
    assert_false(scn_result_matches("SIGSEGV MAPERR", "SIGSEGV ACCERR"));
    assert_false(scn_result_matches("ok", "OK"));
    assert_false(scn_result_matches("-12", "12"));
    assert_false(scn_result_matches("", "ok"));
}

static void lines_fields_and_expectations(void **state)
{
    (void)state;
    const char *text =
        "# a comment line\n"
        "\n"
        "   \t  \n"
        "pwrite 0x1000 8 0x2003   # trailing comment\n"
        "access 0x7000\tr s 8 =>  pa 0x5000  \r\n"
        "cr4 pge=0 =>ok\n"
        "pread 0 8";                     /* no newline at the end */
    const char *p = write_tmp(text, strlen(text));
    scn_reader *r = scn_open(p);
    assert_non_null(r);
    scn_line l;

    assert_int_equal(scn_next(r, &l), 1);
    assert_int_equal(l.line, 4);
    assert_string_equal(l.file, p);
    assert_int_equal(l.argc, 4);
    assert_string_equal(l.argv[0], "pwrite");
    assert_string_equal(l.argv[3], "0x2003");
    assert_false(l.has_expect);
    assert_null(l.expect);

    assert_int_equal(scn_next(r, &l), 1);
    assert_int_equal(l.line, 5);
    assert_int_equal(l.argc, 5);
    assert_string_equal(l.argv[1], "0x7000");
    assert_string_equal(l.argv[2], "r");
    assert_true(l.has_expect);
    assert_string_equal(l.expect, "pa 0x5000");

    assert_int_equal(scn_next(r, &l), 1);
    assert_int_equal(l.line, 6);
    assert_int_equal(l.argc, 2);
    assert_string_equal(l.expect, "ok");

    assert_int_equal(scn_next(r, &l), 1);
    assert_int_equal(l.line, 7);
    assert_int_equal(l.argc, 3);

    assert_int_equal(scn_next(r, &l), 0);
    scn_close(r);
    unlink(p);
}

/* One lexical error: the message and that the reader stops with -1 at that line. */
static void expect_lex_error(const char *text, size_t len, unsigned line, const char *msg)
{
    const char *p = write_tmp(text, len);
    scn_reader *r = scn_open(p);
    assert_non_null(r);
    scn_line l;
    int rc;
    capture_stderr();
    while ((rc = scn_next(r, &l)) == 1)
        ;
    char *err = captured();
    assert_int_equal(rc, -1);
    char want[256];
    snprintf(want, sizeof(want), "%s:%u: %s\n", p, line, msg);
    assert_string_equal(err, want);
    scn_close(r);
    unlink(p);
}

static void lexical_errors(void **state)
{
    (void)state;
    char longline[SCN_LINE_MAX + 40];
    memset(longline, 'a', sizeof(longline));
    memcpy(longline, "pread 0 8\n", 10);
    longline[sizeof(longline) - 1] = '\n';
    char msg[64];
    snprintf(msg, sizeof(msg), "line too long (more than %d characters)", SCN_LINE_MAX);
    expect_lex_error(longline, sizeof(longline), 2, msg);

    /* exactly SCN_LINE_MAX characters is fine: a comment that long */
    char maxline[SCN_LINE_MAX + 1];
    memset(maxline, '#', SCN_LINE_MAX);
    maxline[SCN_LINE_MAX] = '\n';
    const char *p = write_tmp(maxline, sizeof(maxline));
    scn_reader *r = scn_open(p);
    scn_line l;
    assert_int_equal(scn_next(r, &l), 0);
    scn_close(r);
    unlink(p);

    const char *many = "x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n";
    expect_lex_error(many, strlen(many), 1, "too many fields (at most 16)");
    const char *empty_exp = "\npread 0 8 =>   # nothing\n";
    expect_lex_error(empty_exp, strlen(empty_exp), 2, "'=>' without an expected result");
    const char *no_op = "=> ok\n";
    expect_lex_error(no_op, strlen(no_op), 1, "'=>' without an operation");
    const char *two = "pread 0 8 => 0 => 1\n";
    expect_lex_error(two, strlen(two), 1, "more than one '=>'");
    const char nul[] = "pread 0 8\npr\0ead 0 8\n";
    expect_lex_error(nul, sizeof(nul) - 1, 2, "NUL byte at column 3");
    const char raw[] = "pread 0 8\npread 0\x01 8 # \xc3\xa9 in a comment is fine\n";
    expect_lex_error(raw, sizeof(raw) - 1, 2, "column 8: byte 0x01 is not printable ASCII (only a comment may hold other text)");
    const char bom_late[] = "pread 0 8\n\xef\xbb\xbfpread 0 8\n"; /* a BOM only on line 1 */
    expect_lex_error(bom_late, sizeof(bom_late) - 1, 2, "column 1: byte 0xef is not printable ASCII (only a comment may hold other text)");
}

static void sixteen_fields_are_fine(void **state)
{
    (void)state;
    const char *text = "x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 => a b\n";
    const char *p = write_tmp(text, strlen(text));
    scn_reader *r = scn_open(p);
    scn_line l;
    assert_int_equal(scn_next(r, &l), 1);
    assert_int_equal(l.argc, 16);
    assert_string_equal(l.argv[15], "15");
    assert_string_equal(l.expect, "a b");
    scn_close(r);
    unlink(p);
}

static void missing_file(void **state)
{
    (void)state;
    capture_stderr();
    scn_reader *r = scn_open("/nonexistent/x.scn");
    char *err = captured();
    assert_null(r);
    assert_non_null(strstr(err, "/nonexistent/x.scn: cannot open"));
}

static void argc_messages(void **state)
{
    (void)state;
    char *argv[] = {"pwrite", "0x1000", "8", "0x5", "junk"};
    scn_line l = {.file = "f.scn", .line = 9, .argc = 3};
    memcpy(l.argv, argv, sizeof(argv));
    capture_stderr();
    assert_false(scn_argc(&l, 4, 4, "PA SIZE VALUE"));
    assert_string_equal(captured(), "f.scn:9: pwrite: missing VALUE (usage: pwrite PA SIZE VALUE)\n");
    l.argc = 5;
    capture_stderr();
    assert_false(scn_argc(&l, 4, 4, "PA SIZE VALUE"));
    assert_string_equal(captured(), "f.scn:9: pwrite: unexpected 'junk' (usage: pwrite PA SIZE VALUE)\n");
    l.argc = 4;
    assert_true(scn_argc(&l, 4, 4, "PA SIZE VALUE"));
    l.argc = 2;
    capture_stderr();
    assert_false(scn_argc(&l, 3, 4, "A [B] [C]"));
    assert_string_equal(captured(), "f.scn:9: pwrite: missing B (usage: pwrite A [B] [C])\n");
    l.argc = 3;
    l.argv[2] = "zz";
    uint64_t v;
    capture_stderr();
    assert_false(scn_arg_u64(&l, 2, "SIZE", &v));
    assert_string_equal(captured(), "f.scn:9: bad number 'zz' for SIZE\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_decimal_and_hex),
        cmocka_unit_test(numbers_rejected),
        cmocka_unit_test(matching_by_token),
        cmocka_unit_test(lines_fields_and_expectations),
        cmocka_unit_test(lexical_errors),
        cmocka_unit_test(sixteen_fields_are_fine),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(argc_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

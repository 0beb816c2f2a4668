// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The scenario runner and the hardware-level ops, against a fake backend that records
 * every call: what reaches the backend, what is printed, what --results holds. */
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

/* ---- a fake backend -------------------------------------------------------------------- */
static char calls[8192]; /* one line per backend call */

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = strlen(calls);
    vsnprintf(calls + n, sizeof(calls) - n, fmt, ap);
    va_end(ap);
}

static void f_destroy(backend *b) { (void)b; }
static void f_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val)
{
    (void)b;
    logf_("pwrite %llx %u %llx\n", (unsigned long long)pa, size, (unsigned long long)val);
}
static uint64_t f_pread(backend *b, uint64_t pa, unsigned size)
{
    (void)b;
    logf_("pread %llx %u\n", (unsigned long long)pa, size);
    return 0x2a;
}
static be_status f_cr3(backend *b, uint64_t v)
{
    (void)b;
    logf_("cr3 %llx\n", (unsigned long long)v);
    return v >> 63 ? BE_GP : BE_OK;
}
static be_status f_cr0(backend *b, bool wp)
{
    (void)b;
    logf_("cr0 %d\n", wp);
    return BE_OK;
}
static be_status f_cr4(backend *b, be_cr4 c)
{
    (void)b;
    logf_("cr4 pcide=%d pge=%d smep=%d smap=%d\n", c.pcide, c.pge, c.smep, c.smap);
    return c.pcide && c.smap ? BE_GP : BE_OK; /* an arbitrary #GP rule for the test */
}
static be_status f_efer(backend *b, bool nxe)
{
    (void)b;
    logf_("efer %d\n", nxe);
    return BE_OK;
}
static be_status f_invlpg(backend *b, uint64_t va)
{
    (void)b;
    logf_("invlpg %llx\n", (unsigned long long)va);
    return BE_OK;
}
static be_status f_invpcid(backend *b, unsigned t, uint64_t pcid, uint64_t va)
{
    (void)b;
    logf_("invpcid %x %llx %llx\n", t, (unsigned long long)pcid, (unsigned long long)va);
    return t > 3 ? BE_GP : BE_OK;
}
/* VA < 0x10000: translated to VA + 0x100000; VA with bit 47 set: #GP; else a fault. */
static be_resp f_access(backend *b, const be_req *q)
{
    (void)b;
    logf_("access %llx %d %d %u %llx\n", (unsigned long long)q->va, q->kind, q->user, q->size,
          (unsigned long long)q->wdata);
    if (q->va < 0x10000)
        return (be_resp){.status = BE_OK, .pa = q->va + 0x100000};
    if (q->va >> 47)
        return (be_resp){.status = BE_GP};
    if (q->va == 0xdead0000)
        return (be_resp){.status = BE_MCE};
    return (be_resp){.status = BE_PF, .err = PF_W | PF_U, .cr2 = q->va + 1};
}
static void f_counters(backend *b, uint64_t out[BE_NCOUNTERS])
{
    (void)b;
    memset(out, 0, sizeof(uint64_t) * BE_NCOUNTERS);
}

static const struct backend_ops fake_ops = {
    f_destroy, f_pwrite, f_pread, f_cr3, f_cr0, f_cr4, f_efer, f_invlpg, f_invpcid, f_access,
    f_counters, NULL, NULL, NULL, /* no cache operations */
    NULL, NULL, NULL, NULL,       /* no line operations */
    NULL,                         /* no peek */
};
static backend fake = {&fake_ops, "fake", 40};

/* ---- helpers ----------------------------------------------------------------------------- */
static char scn_path[64], res_path[64], err_path[64];
static char err_text[8192], res_text[8192];

/* Runs text as a scenario; returns the exit status and fills err_text, res_text. */
static int run(const char *text)
{
    calls[0] = '\0';
    snprintf(scn_path, sizeof(scn_path), "/tmp/scn_run_XXXXXX");
    int fd = mkstemp(scn_path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    snprintf(res_path, sizeof(res_path), "/tmp/scn_res_XXXXXX");
    fd = mkstemp(res_path);
    FILE *res = fdopen(fd, "w");

    fflush(stderr);
    snprintf(err_path, sizeof(err_path), "/tmp/scn_err_XXXXXX");
    int efd = mkstemp(err_path), saved = dup(2);
    dup2(efd, 2);
    close(efd);

    scn_ctx c = {.be = &fake, .results = res};
    int rc = scn_run(&c, scn_path);

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(res);
    FILE *f = fopen(err_path, "r");
    err_text[fread(err_text, 1, sizeof(err_text) - 1, f)] = '\0';
    fclose(f);
    f = fopen(res_path, "r");
    res_text[fread(res_text, 1, sizeof(res_text) - 1, f)] = '\0';
    fclose(f);
    unlink(err_path);
    unlink(res_path);
    unlink(scn_path);
    return rc;
}

/* The message expected for the scenario just run: "PATH:LINE: msg\n". */
static void assert_error(unsigned line, const char *msg)
{
    char want[512];
    snprintf(want, sizeof(want), "%s:%u: %s\n", scn_path, line, msg);
    assert_string_equal(err_text, want);
}

/* ---- tests ------------------------------------------------------------------------------- */
static void results_as_json_lines(void **state)
{
    (void)state;
    int rc = run("pwrite 0x1000 8 0x2003\n"
                 "# comment\n"
                 "pread 0x1000 8 => 42\n"
                 "access 0x123 r u 4 => pa 0x100123\n"
                 "access 0x20000 w s 2 0xbeef => pf 6\n"
                 "cr2 => 0x20001\n"
                 "access 0x800000000000 x s 1 => gp\n"
                 "access 0xdead0000 r s 1 => mce\n"
                 "cr3 0x8000000000000000 => gp\n"
                 "invpcid 4 0 0 => gp\n");
    assert_int_equal(rc, 0);
    assert_string_equal(err_text, "");
    assert_string_equal(res_text,
        "{\"line\": 1, \"op\": \"pwrite\", \"result\": \"ok\"}\n"
        "{\"line\": 3, \"op\": \"pread\", \"result\": \"0x2a\"}\n"
        "{\"line\": 4, \"op\": \"access\", \"result\": \"pa 0x100123\"}\n"
        "{\"line\": 5, \"op\": \"access\", \"result\": \"pf 0x6\"}\n"
        "{\"line\": 6, \"op\": \"cr2\", \"result\": \"0x20001\"}\n"
        "{\"line\": 7, \"op\": \"access\", \"result\": \"gp\"}\n"
        "{\"line\": 8, \"op\": \"access\", \"result\": \"mce\"}\n"
        "{\"line\": 9, \"op\": \"cr3\", \"result\": \"gp\"}\n"
        "{\"line\": 10, \"op\": \"invpcid\", \"result\": \"gp\"}\n");
    assert_string_equal(calls,
        "pwrite 1000 8 2003\n"
        "pread 1000 8\n"
        "access 123 0 1 4 0\n"
        "access 20000 1 0 2 beef\n"
        "access 800000000000 2 0 1 0\n"
        "access dead0000 0 0 1 0\n"
        "cr3 8000000000000000\n"
        "invpcid 4 0 0\n");
}

static void mismatch_continues_and_fails(void **state)
{
    (void)state;
    int rc = run("pread 0 8 => 0x2b\n"
                 "pread 8 8 => 0x2a\n"
                 "access 0x10 r s 1 => pf 0x4\n"
                 "pread 16 8\n");
    assert_int_equal(rc, 1);
    char want[512];
    snprintf(want, sizeof(want), "%s:1: expected 0x2b, got 0x2a\n%s:3: expected pf 0x4, got pa 0x100010\n",
             scn_path, scn_path);
    assert_string_equal(err_text, want);
    assert_string_equal(calls, "pread 0 8\npread 8 8\naccess 10 0 0 1 0\npread 10 8\n");
}

/* An input error stops the run at once: nothing after it reaches the backend or --results. */
static void input_error_stops(void **state)
{
    (void)state;
    int rc = run("pread 0 8 => 1\n"     /* a mismatch first: the input error still wins */
                 "pwrite 0 8 1\n"
                 "frobnicate 1 2\n"
                 "pwrite 8 8 1\n");
    assert_int_equal(rc, 2);
    char want[512];
    snprintf(want, sizeof(want), "%s:1: expected 1, got 0x2a\n%s:3: unknown operation 'frobnicate'\n",
             scn_path, scn_path);
    assert_string_equal(err_text, want);
    assert_string_equal(calls, "pread 0 8\npwrite 0 8 1\n");
    assert_string_equal(res_text,
        "{\"line\": 1, \"op\": \"pread\", \"result\": \"0x2a\"}\n"
        "{\"line\": 2, \"op\": \"pwrite\", \"result\": \"ok\"}\n");
}

/* Each malformed line: its message, and that the backend never saw it. */
static void bad_hw_lines(void **state)
{
    (void)state;
    static const struct { const char *line, *msg; } cases[] = {
        {"pwrite 0x1003 4 1", "pwrite: PA 0x1003 is not aligned to SIZE 4"},
        {"pwrite 0x1004 8 1", "pwrite: PA 0x1004 is not aligned to SIZE 8"},
        {"pwrite 0x1000 3 1", "pwrite: SIZE must be 1, 2, 4 or 8, not 3"},
        {"pwrite 0x1000 1 0x100", "pwrite: VALUE 0x100 does not fit in 1 byte"},
        {"pwrite 0x1000 4 0x100000000", "pwrite: VALUE 0x100000000 does not fit in 4 bytes"},
        {"pwrite 0x10000000000 8 0", "pwrite: PA 0x10000000000 is not below 2^40 (MAXPHYADDR)"},
        {"pwrite 0x1000 8", "pwrite: missing VALUE (usage: pwrite PA SIZE VALUE)"},
        {"pwrite 0x1000 8 1 2", "pwrite: unexpected '2' (usage: pwrite PA SIZE VALUE)"},
        {"pwrite 0x1000 8 0x1_0", "bad number '0x1_0' for VALUE"},
        {"pwrite 0x1000 8 18446744073709551616", "bad number '18446744073709551616' for VALUE"},
        {"pread 0x1001 2", "pread: PA 0x1001 is not aligned to SIZE 2"},
        {"pread -1 8", "bad number '-1' for PA"},
        {"cr3", "cr3: missing VALUE (usage: cr3 VALUE)"},
        {"cr0 wp=2", "cr0: bad value '2' for wp (expected 0 or 1)"},
        {"cr0 pge=1", "cr0: bad field 'pge=1' (expected wp=0|1)"},
        {"cr4 pge=1 pge=0", "cr4: pge given twice"},
        {"cr4 smep", "cr4: bad field 'smep' (expected pcide=0|1 pge=0|1 smep=0|1 smap=0|1)"},
        {"cr4", "cr4: missing a field (usage: cr4 [pcide=0|1] [pge=0|1] [smep=0|1] [smap=0|1], at least one)"},
        {"cr4 pge=1 smep=1 smap=1 pcide=0 pge=1", "cr4: unexpected 'pge=1' (usage: cr4 [pcide=0|1] [pge=0|1] [smep=0|1] [smap=0|1])"},
        {"efer nxe=", "efer: bad value '' for nxe (expected 0 or 1)"},
        {"invpcid 0 1", "invpcid: missing VA (usage: invpcid TYPE PCID VA)"},
        {"invlpg 0x1000 0x2000", "invlpg: unexpected '0x2000' (usage: invlpg VA)"},
        {"access 0x1000 q s 8", "access: bad kind 'q' (expected r, w or x)"},
        {"access 0x1000 r k 8", "access: bad privilege 'k' (expected u or s)"},
        {"access 0x1000 r s 16", "access: SIZE must be 1, 2, 4 or 8, not 16"},
        {"access 0x1000 r s 8 5", "access: VALUE is only for writes (w)"},
        {"access 0x1000 w s 2 0x10000", "access: VALUE 0x10000 does not fit in 2 bytes"},
        {"access 0x1000 w s", "access: missing SIZE (usage: access VA r|w|x u|s SIZE [VALUE])"},
        {"cr2 1", "cr2: unexpected '1' (usage: cr2)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text), "\n%s\npread 0 8\n", cases[i].line);
        int rc = run(text);
        if (rc != 2 || strstr(err_text, cases[i].msg) == NULL || calls[0] != '\0')
            fail_msg("'%s': rc %d, calls '%s', message '%s' (wanted '%s')", cases[i].line, rc,
                     calls, err_text, cases[i].msg);
        assert_error(2, cases[i].msg);
    }
}

/* cr4 names only what changes; the rest keeps its value, and a refused write changes nothing. */
static void cr4_keeps_unnamed_fields(void **state)
{
    (void)state;
    int rc = run("cr4 smep=1 => ok\n"
                 "cr4 pcide=1 => ok\n"
                 "cr4 smap=1 => gp\n"      /* the fake refuses pcide+smap */
                 "cr4 pge=0 => ok\n");
    assert_int_equal(rc, 0);
    assert_string_equal(calls,
        "cr4 pcide=0 pge=1 smep=1 smap=0\n"
        "cr4 pcide=1 pge=1 smep=1 smap=0\n"
        "cr4 pcide=1 pge=1 smep=1 smap=1\n"
        "cr4 pcide=1 pge=0 smep=1 smap=0\n");
}

static void control_ops_reach_backend(void **state)
{
    (void)state;
    int rc = run("cr0 wp=0 => ok\n"
                 "efer nxe=0 => ok\n"
                 "invlpg 0xffff800000001000 => ok\n"
                 "invpcid 0x100000000 4095 0x1000 => gp\n"
                 "cr2 => 0\n");
    assert_int_equal(rc, 0);
    assert_string_equal(calls,
        "cr0 0\n"
        "efer 0\n"
        "invlpg ffff800000001000\n"
        "invpcid ffffffff fff 1000\n");
}

static void json_escapes(void **state)
{
    (void)state;
    char buf[512] = "";
    FILE *f = fmemopen(buf, sizeof(buf), "w");
    scn_line l = {.file = "x", .line = 12, .argc = 1, .argv = {"m\"q"}};
    scn_json_result(f, &l, "a\\b \"c\"\t\x01", false);
    scn_json_result(f, &l, "00400000-00401000 r-xp\nsecond \"x\"\n", true);
    scn_json_result(f, &l, "", true);
    fclose(f);
    assert_string_equal(buf,
        "{\"line\": 12, \"op\": \"m\\\"q\", \"result\": \"a\\\\b \\\"c\\\"\\t\\u0001\"}\n"
        "{\"line\": 12, \"op\": \"m\\\"q\", \"lines\": [\"00400000-00401000 r-xp\", \"second \\\"x\\\"\"]}\n"
        "{\"line\": 12, \"op\": \"m\\\"q\", \"lines\": []}\n");
}

static void empty_scenario_passes(void **state)
{
    (void)state;
    assert_int_equal(run("# nothing\n\n"), 0);
    assert_string_equal(res_text, "");
    assert_string_equal(calls, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_as_json_lines),
        cmocka_unit_test(mismatch_continues_and_fails),
        cmocka_unit_test(input_error_stops),
        cmocka_unit_test(bad_hw_lines),
        cmocka_unit_test(cr4_keeps_unnamed_fields),
        cmocka_unit_test(control_ops_reach_backend),
        cmocka_unit_test(json_escapes),
        cmocka_unit_test(empty_scenario_passes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

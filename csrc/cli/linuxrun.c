// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* linuxrun: runs a kernel-level scenario (docs/scenario.md) on the real Linux kernel.
 *
 *   linuxrun [--annotate] [--results FILE] [--region LO-HI] [--brk-base ADDR] [--tmpdir DIR]
 *            [--stats] SCN
 *
 * The scenario runs through the one runner (scenario/run.c) on the real kernel behind the
 * kernel-level ops (csrc/linuxdiff/scn_linux.h: one real process per scenario PID, and what
 * is normalised so that the model can be compared). Each line's result is what Linux did,
 * spelled as docs/scenario.md spells an "=> EXPECTED". Expectations already in the scenario
 * are checked against Linux (exit 1 on a mismatch). --annotate prints the scenario back
 * with every operation's "=> RESULT" replaced by Linux's, which makes a self-checking test
 * for the kernel model; --results writes one JSON line per operation. `maps PID` shows the
 * region (--region, default csrc/linuxdiff/region.h); each spawned process's break starts
 * at --brk-base; the scenario's files go under --tmpdir.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "linuxdiff/region.h"
#include "linuxdiff/scn_linux.h"
#include "scenario/scenario.h"

/* The scenario's physical lines, for --annotate. */
typedef struct {
    char **line;
    unsigned n;
} text;

static bool read_text(const char *path, text *t)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char *s = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&s, &cap, f)) >= 0) {
        while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
            s[--len] = '\0';
        char **nl = realloc(t->line, (t->n + 1) * sizeof(*nl));
        if (!nl)
            break;
        t->line = nl;
        t->line[t->n++] = strdup(s);
    }
    free(s);
    fclose(f);
    return true;
}

/* Rewrites one line with the result in place of its expectation, keeping its comment. */
static void annotate_line(FILE *out, const char *raw, const char *res)
{
    const char *hash = strchr(raw, '#');
    size_t code = hash ? (size_t)(hash - raw) : strlen(raw);
    const char *arrow = strstr(raw, "=>");
    if (arrow && (size_t)(arrow - raw) < code)
        code = (size_t)(arrow - raw);
    while (code > 0 && (raw[code - 1] == ' ' || raw[code - 1] == '\t'))
        code--;
    fprintf(out, "%.*s", (int)code, raw);
    if (*res) {
        fputs(" => ", out);
        for (const char *p = res; *p; p++)
            fputc(*p == '\n' ? ' ' : *p, out);
    }
    if (hash)
        fprintf(out, "  %s", hash);
    else if (!*res)
        fputs("  # (no mappings in the region)", out);
    fputc('\n', out);
}

static int usage_to(FILE *f, int rc)
{
    fprintf(f,
            "usage: linuxrun [--annotate] [--results FILE] [--region LO-HI] [--brk-base ADDR]\n"
            "                [--tmpdir DIR] [--stats] SCENARIO\n"
            "Runs a kernel-level scenario on the real Linux kernel, one real process per PID.\n"
            "  --annotate       print the scenario with every '=> RESULT' as Linux gave it\n"
            "  --results FILE   one JSON line per operation (docs/scenario.md)\n"
            "  --region LO-HI   'maps' shows mappings in [LO, HI) (default 0x%llx-0x%llx)\n"
            "  --brk-base ADDR  initial program break of spawned processes (default 0x%llx)\n"
            "  --tmpdir DIR     the scenario's files go in a new directory under DIR (default /tmp)\n"
            "  --stats          counts on stderr (fetches executed vs derived)\n"
            "Exit: 0 all expectations met, 1 some not, 2 bad scenario or options.\n",
            LD_REGION_LO, LD_REGION_HI, LD_BRK_BASE);
    return rc;
}
static int usage(void) { return usage_to(stderr, 2); }

/* A run stopped by a signal (a suite's timeout, ^C) cleans up as its end would, then dies
 * of the signal. */
static scn_linux *running;
static pid_t running_pid; /* a worker, forked from us, inherits the handler: it just dies */
static void on_stop(int sig)
{
    if (getpid() == running_pid)
        scn_linux_abort(running);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* --annotate: the scenario's lines, each op's with Linux's result in place of its
 * expectation, kept in memory and printed once the whole scenario has run. */
typedef struct {
    text t;
    unsigned printed;
    FILE *out;
} annotation;

static int annotate_op(scn_ctx *c, const scn_line *l, const char *res)
{
    annotation *a = c->after_arg;
    while (a->printed + 1 < l->line && a->printed < a->t.n)
        fprintf(a->out, "%s\n", a->t.line[a->printed++]);
    if (a->printed < a->t.n)
        annotate_line(a->out, a->t.line[a->printed++], res);
    return 0;
}

static int run(scn_linux *L, const char *path, bool annotate, FILE *results)
{
    annotation a = {0};
    char *ann = NULL;
    size_t annlen = 0;
    if (annotate && !read_text(path, &a.t)) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return 2;
    }
    scn_ctx c = {.results = results, .hide_listings = true};
    scn_linux_attach(&c, L);
    if (annotate) {
        a.out = open_memstream(&ann, &annlen);
        c.after_op = annotate_op;
        c.after_arg = &a;
    }
    int status = scn_run(&c, path);
    if (a.out) {
        while (a.printed < a.t.n)
            fprintf(a.out, "%s\n", a.t.line[a.printed++]);
        fclose(a.out);
        if (status != 2)
            fwrite(ann, 1, annlen, stdout);
        free(ann);
    }
    for (unsigned i = 0; i < a.t.n; i++)
        free(a.t.line[i]);
    free(a.t.line);
    return status;
}

int main(int argc, char **argv)
{
    bool annotate = false, stats = false;
    uint64_t lo = LD_REGION_LO, hi = LD_REGION_HI, brk_base = LD_BRK_BASE;
    const char *results_path = NULL, *scn = NULL, *tmp = "/tmp";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            return usage_to(stdout, 0);
        } else if (strcmp(a, "--annotate") == 0) {
            annotate = true;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (strcmp(a, "--results") == 0 && i + 1 < argc) {
            results_path = argv[++i];
        } else if (strcmp(a, "--region") == 0 && i + 1 < argc) {
            char *v = argv[++i], *dash = strchr(v, '-');
            if (dash)
                *dash = '\0';
            if (!dash || !scn_parse_u64(v, &lo) || !scn_parse_u64(dash + 1, &hi) || lo >= hi) {
                fprintf(stderr, "linuxrun: --region: expected LO-HI with LO < HI\n");
                return 2;
            }
        } else if (strcmp(a, "--brk-base") == 0 && i + 1 < argc) {
            if (!scn_parse_u64(argv[++i], &brk_base) || brk_base % LD_PAGE) {
                fprintf(stderr, "linuxrun: --brk-base: expected a page-aligned address\n");
                return 2;
            }
        } else if (strcmp(a, "--tmpdir") == 0 && i + 1 < argc) {
            tmp = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "linuxrun: unknown option '%s' (or missing its value)\n", a);
            return usage();
        } else if (scn) {
            fprintf(stderr, "linuxrun: more than one scenario ('%s')\n", a);
            return usage();
        } else {
            scn = a;
        }
    }
    if (!scn)
        return usage();
    if (strcmp(scn, "-") == 0) {
        fprintf(stderr, "linuxrun: give the scenario as a file (it is read twice with --annotate)\n");
        return 2;
    }
    FILE *results = NULL;
    if (results_path && !(results = fopen(results_path, "w"))) {
        fprintf(stderr, "linuxrun: --results %s: %s\n", results_path, strerror(errno));
        return 2;
    }
    char err[640];
    scn_linux *L = scn_linux_new(lo, hi, brk_base, tmp, err, sizeof err);
    if (!L) {
        fprintf(stderr, "linuxrun: %s\n", err);
        return 2;
    }
    /* Orphans (a forked worker whose parent exited) come back to us to be reaped. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    running = L;
    running_pid = getpid();
    signal(SIGINT, on_stop);
    signal(SIGTERM, on_stop);
    signal(SIGHUP, on_stop);
    int status = run(L, scn, annotate, results);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    running = NULL;
    unsigned real, derived;
    scn_linux_fetches(L, &real, &derived);
    scn_linux_free(L);
    if (results)
        fclose(results);
    if (stats)
        fprintf(stderr, "linuxrun: fetches executed %u, derived from maps %u\n", real, derived);
    return status;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Executing a scenario: one line at a time, each checked against its "=> EXPECTED" and
 * (with --results) recorded as one JSON line. */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/wave_marks.h"
#include "backend/wave_on_fail.h"
#include "kop.h"

/* Once a kernel-level op has created the kernel model, it owns the page tables, the
 * control registers, the TLB and the frames: a hardware-level op that could change them
 * (or set A/D bits behind it) is refused. These only look, or only write caches back. */
static bool allowed_with_kernel(const char *name)
{
    static const char *const ok[] = {"pread", "cr2", "wbinvd", "clflush", "clwb"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(ok[i], name) == 0)
            return true;
    return false;
}

static const scn_op *find_hw_op(const char *name)
{
    for (const scn_op *op = scn_hw_ops; op->name; op++)
        if (strcmp(op->name, name) == 0)
            return op;
    return NULL;
}

/* A kernel-level line: parsed once (kop.c), run by the kernel the run has. */
static int run_kernel_op(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *multiline)
{
    const scn_kimpl *ki = c->kimpl;
    scn_kop op;
    if (!scn_kop_parse(l, &op))
        return -1;
    if (!ki) {
        scn_error(l, "%s: a kernel-level operation, and this run has no kernel", l->argv[0]);
        return -1;
    }
    if (scn_kop_is_extension(op.kind) && !ki->extensions) {
        scn_error(l, "'%s' is an extension of the kernel model; %s does not run it", l->argv[0], ki->who);
        return -1;
    }
    scn_kres r = {0};
    c->kernel_started = true;
    if (ki->run(c, l, &op, &r, res, n) != 0)
        return -1;
    *multiline = r.multiline;
    return scn_kres_write(l, &op, &r, res, n);
}

/* Writes s as a JSON string of n bytes (quotes included). */
static void json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", f);
        else if (ch == '\t')
            fputs("\\t", f);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

void scn_json_result(FILE *f, const scn_line *l, const char *res, bool multiline)
{
    fprintf(f, "{\"line\": %u, \"op\": ", l->line);
    json_string(f, l->argv[0], strlen(l->argv[0]));
    if (!multiline) {
        fputs(", \"result\": ", f);
        json_string(f, res, strlen(res));
        fputs("}\n", f);
        return;
    }
    fputs(", \"lines\": [", f);
    const char *p = res;
    bool first = true;
    while (*p) {
        size_t n = strcspn(p, "\n");
        if (!first)
            fputs(", ", f);
        json_string(f, p, n);
        first = false;
        p += n;
        if (*p == '\n')
            p++;
    }
    fputs("]}\n", f);
}

int scn_run(scn_ctx *c, const char *path)
{
    scn_reader *r = scn_open(path);
    if (!r)
        return 2;
    char res[SCN_RESULT_MAX];
    scn_line l;
    int rc, status = 0;
    while ((rc = scn_next(r, &l)) == 1) {
        const scn_op *op = find_hw_op(l.argv[0]);
        bool kernel = !op && scn_kop_find(l.argv[0]) >= 0;
        if (!op && !kernel) {
            scn_error(&l, "unknown operation '%s'", l.argv[0]);
            status = 2;
            break;
        }
        if (op && c->kimpl && !c->kimpl->hw_ops) {
            scn_error(&l, "'%s' is a hardware-level operation; %s runs kernel-level operations only", op->name,
                      c->kimpl->who);
            status = 2;
            break;
        }
        if (op && c->kernel_started && !allowed_with_kernel(op->name)) {
            scn_error(&l, "%s: a hardware-level operation after kernel-level ones (the kernel model owns the "
                          "page tables, control registers, TLB and frames from its first operation on; only "
                          "pread, cr2, wbinvd, clflush and clwb may follow)", op->name);
            status = 2;
            break;
        }
        bool multiline = false;
        res[0] = '\0';
        wave_mark_op(l.line, l.argv[0]);
        if ((kernel ? run_kernel_op(c, &l, res, sizeof(res), &multiline) : op->fn(c, &l, res, sizeof(res), &multiline)) != 0) {
            status = 2;
            break;
        }
        c->ops++;
        const char *out = c->big_res ? c->big_res : res;
        if (c->results && !wof_is_copy()) /* a --wave-on-fail copy writes only the waveform */
            scn_json_result(c->results, &l, out, multiline);
        /* a listing asked for without an expectation (maps) is shown on standard output,
         * unless the JSON lines go there already */
        if (multiline && !l.has_expect && c->results != stdout && !c->hide_listings && *out)
            printf("%s\n", out);
        if (l.has_expect && !scn_result_matches(out, l.expect)) {
            /* A multi-line result is shown on one line, its lines joined by " | ". */
            char shown[SCN_RESULT_MAX];
            size_t n = 0;
            const char *p = out;
            for (; *p && n + 4 < sizeof(shown); p++) {
                if (*p == '\n') {
                    memcpy(shown + n, " | ", 3);
                    n += 3;
                } else {
                    shown[n++] = *p;
                }
            }
            shown[n] = '\0';
            scn_error(&l, "expected %s, %s %s%s", l.expect, c->kimpl ? c->kimpl->gave : "got", shown,
                      *p ? " ... (cut)" : "");
            c->mismatches++;
            char what[96];
            snprintf(what, sizeof what, "the expectation of %s:%u failed", l.file, l.line);
            wof_fail(what);
        }
        int after = c->kernel_started && c->kimpl->after ? c->kimpl->after(c, &l) : 0;
        if (after == 0 && c->after_op)
            after = c->after_op(c, &l, out);
        free(c->big_res);
        c->big_res = NULL;
        if (after != 0) {
            status = 2;
            break;
        }
    }
    if (rc == -1)
        status = 2;
    scn_close(r);
    if (c->results)
        fflush(c->results);
    if (status == 0 && c->mismatches)
        status = 1;
    return status;
}

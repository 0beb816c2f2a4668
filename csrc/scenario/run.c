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

static bool is_hw_op(const scn_op *op)
{
    for (const scn_op *o = scn_hw_ops; o->name; o++)
        if (o == op)
            return true;
    return false;
}

static const scn_op *find_op(const char *name)
{
    const scn_op *tables[] = {scn_hw_ops, scn_kernel_ops};
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
        for (const scn_op *op = tables[t]; op->name; op++)
            if (strcmp(op->name, name) == 0)
                return op;
    return NULL;
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
        const scn_op *op = find_op(l.argv[0]);
        if (!op) {
            scn_error(&l, "unknown operation '%s'", l.argv[0]);
            status = 2;
            break;
        }
        if (c->k && is_hw_op(op) && !allowed_with_kernel(op->name)) {
            scn_error(&l, "%s: a hardware-level operation after kernel-level ones (the kernel model owns the "
                          "page tables, control registers, TLB and frames from its first operation on; only "
                          "pread, cr2, wbinvd, clflush and clwb may follow)", op->name);
            status = 2;
            break;
        }
        bool multiline = false;
        res[0] = '\0';
        wave_mark_op(l.line, op->name);
        if (op->fn(c, &l, res, sizeof(res), &multiline) != 0) {
            status = 2;
            break;
        }
        c->ops++;
        const char *out = c->big_res ? c->big_res : res;
        if (c->results && !wof_is_copy()) /* a --wave-on-fail copy writes only the waveform */
            scn_json_result(c->results, &l, out, multiline);
        /* a listing asked for without an expectation (maps) is shown on standard output,
         * unless the JSON lines go there already */
        if (multiline && !l.has_expect && c->results != stdout && *out)
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
            scn_error(&l, "expected %s, got %s%s", l.expect, shown, *p ? " ... (cut)" : "");
            c->mismatches++;
            char what[96];
            snprintf(what, sizeof what, "the expectation of %s:%u failed", l.file, l.line);
            wof_fail(what);
        }
        free(c->big_res);
        c->big_res = NULL;
        if (c->after_op && c->after_op(c, &l) != 0) {
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

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Splitting a scenario file into lines of fields (docs/scenario.md, "Lexical rules").
 *
 * A line is: fields separated by blanks, optionally "=> EXPECTED", optionally "# comment".
 * The reader only does the lexical part; what the fields mean is up to each op. Anything
 * it cannot represent faithfully (a line longer than SCN_LINE_MAX, more than SCN_MAX_ARGS
 * fields, a NUL byte, an empty expectation) is an error rather than a silent truncation.
 */
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct scn_reader {
    FILE *f;
    bool own;            /* we opened f (not stdin) */
    char *path;          /* as shown in messages */
    unsigned lineno;
    char buf[SCN_LINE_MAX + 1];
};

scn_reader *scn_open(const char *path)
{
    scn_reader *r = calloc(1, sizeof(*r));
    if (!r) {
        fprintf(stderr, "%s: out of memory\n", path);
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
        r->path = strdup("<stdin>");
    } else {
        r->f = fopen(path, "r");
        r->own = true;
        r->path = strdup(path);
    }
    if (!r->f || !r->path) {
        fprintf(stderr, "%s: cannot open: %s\n", path, r->f ? "out of memory" : strerror(errno));
        if (r->f && r->own)
            fclose(r->f);
        free(r->path);
        free(r);
        return NULL;
    }
    return r;
}

void scn_close(scn_reader *r)
{
    if (!r)
        return;
    if (r->own)
        fclose(r->f);
    free(r->path);
    free(r);
}

void scn_error(const scn_line *l, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%u: ", l->file, l->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Reads one physical line into r->buf without its newline (and a CR before it).
 * Returns its length, -1 at end of file, -2 if too long, -3 on a NUL byte (at byte
 * offset *col of the line), -4 on a read error (errno set). Reading stops at the first
 * error, so that an endless input (/dev/zero, a line without end) is refused at once. */
static int read_line(scn_reader *r, unsigned *col)
{
    int c, n = 0;
    while ((c = getc(r->f)) != EOF && c != '\n') {
        if (c == '\0') {
            *col = (unsigned)n + 1;
            return -3;
        }
        if (n == SCN_LINE_MAX)
            return -2;
        r->buf[n++] = (char)c;
    }
    if (c == EOF && ferror(r->f))
        return -4;
    if (c == EOF && n == 0)
        return -1;
    if (n > 0 && r->buf[n - 1] == '\r')
        n--;
    r->buf[n] = '\0';
    return n;
}

/* Fields must be printable ASCII, so that a message quoting one shows what was read:
 * the first other byte (outside a comment) is reported by its column and value. */
static unsigned first_unprintable(const char *s)
{
    for (unsigned i = 0; s[i]; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && !isspace(ch)) || ch >= 0x7f)
            return i + 1;
    }
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

int scn_next(scn_reader *r, scn_line *out)
{
    for (;;) {
        unsigned col = 0;
        int n = read_line(r, &col);
        if (n == -1)
            return 0;
        if (n == -4) {
            fprintf(stderr, "%s: cannot read: %s\n", r->path, strerror(errno));
            return -1;
        }
        r->lineno++;
        memset(out, 0, sizeof(*out));
        out->file = r->path;
        out->line = r->lineno;
        if (n == -2) {
            scn_error(out, "line too long (more than %d characters)", SCN_LINE_MAX);
            return -1;
        }
        if (n == -3) {
            scn_error(out, "NUL byte at column %u", col);
            return -1;
        }
        char *text = r->buf;
        /* a UTF-8 byte-order mark, as some editors write, is not part of the first field */
        if (r->lineno == 1 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
            text += 3;

        char *hash = strchr(text, '#');
        if (hash)
            *hash = '\0';
        if ((col = first_unprintable(text)) != 0) {
            scn_error(out, "column %u: byte 0x%02x is not printable ASCII (only a comment may hold other text)",
                      col + (unsigned)(text - r->buf), (unsigned char)text[col - 1]);
            return -1;
        }
        char *arrow = strstr(text, "=>");
        if (arrow) {
            *arrow = '\0';
            char *exp = trim(arrow + 2);
            if (*exp == '\0') {
                scn_error(out, "'=>' without an expected result");
                return -1;
            }
            if (strstr(exp, "=>")) {
                scn_error(out, "more than one '=>'");
                return -1;
            }
            /* a number that does not parse would be compared as text and never match:
             * refuse it (results spell numbers 0xHEX or decimal) */
            for (const char *t = exp; *t;) {
                size_t n = strcspn(t, " \t\v\f\r");
                if (n >= 2 && t[0] == '0' && (t[1] | 0x20) == 'x') {
                    char num[32];
                    uint64_t v;
                    snprintf(num, sizeof num, "%.*s", (int)(n < 31 ? n : 31), t);
                    if (n > 31 || !scn_parse_u64(num, &v)) {
                        scn_error(out, "malformed number '%.*s' in the expectation", (int)(n < 40 ? n : 40), t);
                        return -1;
                    }
                }
                t += n;
                t += strspn(t, " \t\v\f\r");
            }
            out->has_expect = true;
            out->expect = exp;
        }

        char *save = NULL;
        for (char *t = strtok_r(text, " \t\v\f\r", &save); t; t = strtok_r(NULL, " \t\v\f\r", &save)) {
            if (out->argc == SCN_MAX_ARGS) {
                scn_error(out, "too many fields (at most %d)", SCN_MAX_ARGS);
                return -1;
            }
            out->argv[out->argc++] = t;
        }
        if (out->argc == 0) {
            if (out->has_expect) {
                scn_error(out, "'=>' without an operation");
                return -1;
            }
            continue; /* blank or comment-only line */
        }
        return 1;
    }
}

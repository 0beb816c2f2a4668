// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Field-level helpers every op uses: numbers, operand counts, and comparing a result with
 * its expectation. */
#include "scenario.h"

#include <ctype.h>
#include <string.h>

bool scn_parse_u64(const char *s, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0')
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false; /* v * base + d would not fit */
        v = v * base + d;
    }
    *out = v;
    return true;
}

bool scn_arg_u64(const scn_line *l, int i, const char *field, uint64_t *out)
{
    if (i >= l->argc) {
        scn_error(l, "%s: missing %s", l->argv[0], field);
        return false;
    }
    if (!scn_parse_u64(l->argv[i], out)) {
        scn_error(l, "bad number '%s' for %s", l->argv[i], field);
        return false;
    }
    return true;
}

/* Copies the n-th (0-based) word of usage, without [ ], into buf. */
static const char *usage_word(const char *usage, int n, char *buf, size_t len)
{
    const char *p = usage;
    for (;;) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (w == 0)
            break;
        if (n-- == 0) {
            const char *s = p, *e = p + w;
            while (s < e && *s == '[')
                s++;
            while (e > s && e[-1] == ']')
                e--;
            snprintf(buf, len, "%.*s", (int)(e - s), s);
            return buf;
        }
        p += w;
    }
    return "an operand";
}

bool scn_argc(const scn_line *l, int min, int max, const char *usage)
{
    char word[64];
    if (l->argc < min) {
        scn_error(l, "%s: missing %s (usage: %s%s%s)", l->argv[0],
                  usage_word(usage, l->argc - 1, word, sizeof(word)), l->argv[0],
                  *usage ? " " : "", usage);
        return false;
    }
    if (l->argc > max) {
        scn_error(l, "%s: unexpected '%s' (usage: %s%s%s)", l->argv[0], l->argv[max],
                  l->argv[0], *usage ? " " : "", usage);
        return false;
    }
    return true;
}

/* Next blank-separated token of *p: its start and length; 0 at the end. */
static size_t next_token(const char **p, const char **tok)
{
    while (isspace((unsigned char)**p))
        (*p)++;
    *tok = *p;
    while (**p && !isspace((unsigned char)**p))
        (*p)++;
    return (size_t)(*p - *tok);
}

/* A token as a number: an optional '-' and a scn_parse_u64 number. */
static bool token_number(const char *t, size_t n, bool *neg, uint64_t *v)
{
    char buf[32];
    *neg = n > 1 && t[0] == '-';
    if (*neg) {
        t++;
        n--;
    }
    if (n >= sizeof(buf))
        return false;
    memcpy(buf, t, n);
    buf[n] = '\0';
    return scn_parse_u64(buf, v);
}

bool scn_result_matches(const char *result, const char *expect)
{
    const char *a = result, *b = expect;
    for (;;) {
        const char *ta, *tb;
        size_t na = next_token(&a, &ta), nb = next_token(&b, &tb);
        if (na == 0 || nb == 0)
            return na == nb;
        bool nega, negb;
        uint64_t va, vb;
        if (token_number(ta, na, &nega, &va) && token_number(tb, nb, &negb, &vb)) {
            if (va != vb || (nega != negb && va != 0))
                return false;
        } else if (na != nb || memcmp(ta, tb, na) != 0) {
            return false;
        }
    }
}

void scn_exec_args(const scn_line *l, int first, char **argv, int *argc, char **envp, int *envc)
{
    bool env = false;
    *argc = *envc = 0;
    for (int i = first; i < l->argc; i++) {
        if (!env && i > first && strcmp(l->argv[i], "--") == 0)
            env = true;
        else if (env)
            envp[(*envc)++] = l->argv[i];
        else
            argv[(*argc)++] = l->argv[i];
    }
    argv[*argc] = envp[*envc] = NULL;
}

bool scn_mremap_flags(const scn_line *l, int first, unsigned *flags, uint64_t *new_addr)
{
    static const char *const names[] = {"maymove", "fixed", "dontunmap"};
    *flags = 0;
    *new_addr = 0;
    for (int i = first; i < l->argc; i++) {
        unsigned bit = 0;
        for (unsigned b = 0; b < 3; b++)
            if (strcmp(l->argv[i], names[b]) == 0)
                bit = 1u << b;
        if (!bit) {
            scn_error(l, "mremap: unknown flag '%s' (maymove, fixed NEWADDR, dontunmap)", l->argv[i]);
            return false;
        }
        if (*flags & bit) {
            scn_error(l, "mremap: '%s' given twice", l->argv[i]);
            return false;
        }
        *flags |= bit;
        if (bit == 2 && !scn_arg_u64(l, ++i, "NEWADDR", new_addr))
            return false;
    }
    return true;
}

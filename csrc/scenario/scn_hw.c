// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Hardware-level scenario ops (docs/scenario.md, "Hardware level"): the scenario owns
 * physical memory and the control registers and talks to the backend directly, with no
 * kernel model.
 *
 * Every field is validated before the backend is touched, so a malformed line has no
 * effect at all. Results are written exactly as an "=> EXPECTED" would be.
 */
#include "scenario.h"

#include <string.h>

static const char *status_word(be_status s)
{
    switch (s) {
    case BE_OK: return "ok";
    case BE_GP: return "gp";
    case BE_PF: return "pf";
    case BE_MCE: return "mce";
    }
    return "?";
}

static bool arg_size(const scn_line *l, int i, unsigned *size)
{
    uint64_t v;
    if (!scn_arg_u64(l, i, "SIZE", &v))
        return false;
    if (v != 1 && v != 2 && v != 4 && v != 8) {
        scn_error(l, "%s: SIZE must be 1, 2, 4 or 8, not %s", l->argv[0], l->argv[i]);
        return false;
    }
    *size = (unsigned)v;
    return true;
}

/* A physical address and size as pwrite/pread take them: naturally aligned (an entry is
 * written whole, never torn) and inside the physical address space. */
static bool arg_phys(scn_ctx *c, const scn_line *l, uint64_t *pa, unsigned *size)
{
    if (!scn_arg_u64(l, 1, "PA", pa) || !arg_size(l, 2, size))
        return false;
    if (*pa & (*size - 1)) {
        scn_error(l, "%s: PA %s is not aligned to SIZE %u", l->argv[0], l->argv[1], *size);
        return false;
    }
    if (*pa >> c->be->maxphyaddr) {
        scn_error(l, "%s: PA %s is not below 2^%u (MAXPHYADDR)", l->argv[0], l->argv[1],
                  c->be->maxphyaddr);
        return false;
    }
    return true;
}

static bool fits(uint64_t v, unsigned size)
{
    return size == 8 || v >> (8 * size) == 0;
}

static int op_pwrite(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t pa, v;
    unsigned size;
    if (!scn_argc(l, 4, 4, "PA SIZE VALUE") || !arg_phys(c, l, &pa, &size) ||
        !scn_arg_u64(l, 3, "VALUE", &v))
        return -1;
    if (!fits(v, size)) {
        scn_error(l, "pwrite: VALUE %s does not fit in %u byte%s", l->argv[3], size,
                  size == 1 ? "" : "s");
        return -1;
    }
    c->be->ops->pwrite(c->be, pa, size, v);
    snprintf(res, n, "ok");
    return 0;
}

static int op_pread(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t pa;
    unsigned size;
    if (!scn_argc(l, 3, 3, "PA SIZE") || !arg_phys(c, l, &pa, &size))
        return -1;
    snprintf(res, n, "0x%llx", (unsigned long long)c->be->ops->pread(c->be, pa, size));
    return 0;
}

/* Extensions: a whole 64-byte line as one operation. `plread PA` => its 8 words, lowest
 * address first; `plwrite PA W0 .. W7` => ok. PA must be 64-aligned. */
static bool arg_line(scn_ctx *c, const scn_line *l, uint64_t *pa)
{
    if (!scn_arg_u64(l, 1, "PA", pa))
        return false;
    if (*pa % BE_LINE) {
        scn_error(l, "%s: PA %s is not aligned to a %u-byte line", l->argv[0], l->argv[1], BE_LINE);
        return false;
    }
    if (*pa >> c->be->maxphyaddr) {
        scn_error(l, "%s: PA %s is not below 2^%u (MAXPHYADDR)", l->argv[0], l->argv[1],
                  c->be->maxphyaddr);
        return false;
    }
    return true;
}

static int op_plread(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t pa, w[8];
    if (!scn_argc(l, 2, 2, "PA") || !arg_line(c, l, &pa))
        return -1;
    be_line_read(c->be, pa, w);
    size_t at = 0;
    for (unsigned i = 0; i < 8 && at < n; i++)
        at += (size_t)snprintf(res + at, n - at, "%s0x%llx", i ? " " : "", (unsigned long long)w[i]);
    return 0;
}

static int op_plwrite(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t pa, w[8];
    if (!scn_argc(l, 10, 10, "PA W0 W1 W2 W3 W4 W5 W6 W7") || !arg_line(c, l, &pa))
        return -1;
    for (int i = 0; i < 8; i++)
        if (!scn_arg_u64(l, 2 + i, "W", &w[i]))
            return -1;
    be_line_write(c->be, pa, w);
    snprintf(res, n, "ok");
    return 0;
}

static int op_cr3(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t v;
    if (!scn_argc(l, 2, 2, "VALUE") || !scn_arg_u64(l, 1, "VALUE", &v))
        return -1;
    snprintf(res, n, "%s", status_word(c->be->ops->write_cr3(c->be, v)));
    return 0;
}

/* Parses "NAME=0|1" fields into bits[] (indexed like names[]); each name at most once. */
static bool parse_flags(const scn_line *l, const char *const names[], int nnames, bool bits[],
                        bool given[])
{
    for (int i = 1; i < l->argc; i++) {
        const char *t = l->argv[i], *eq = strchr(t, '=');
        int k = -1;
        for (int j = 0; j < nnames && eq; j++)
            if (strlen(names[j]) == (size_t)(eq - t) && strncmp(names[j], t, (size_t)(eq - t)) == 0)
                k = j;
        if (k < 0) {
            char list[128] = "";
            for (int j = 0; j < nnames; j++)
                snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s=0|1",
                         j ? " " : "", names[j]);
            scn_error(l, "%s: bad field '%s' (expected %s)", l->argv[0], t, list);
            return false;
        }
        if (given[k]) {
            scn_error(l, "%s: %s given twice", l->argv[0], names[k]);
            return false;
        }
        uint64_t v;
        if (!scn_parse_u64(eq + 1, &v) || v > 1) {
            scn_error(l, "%s: bad value '%s' for %s (expected 0 or 1)", l->argv[0], eq + 1, names[k]);
            return false;
        }
        given[k] = true;
        bits[k] = v;
    }
    return true;
}

static int op_cr0(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    static const char *const names[] = {"wp"};
    bool bit[1], given[1] = {false};
    if (!scn_argc(l, 2, 2, "wp=0|1") || !parse_flags(l, names, 1, bit, given))
        return -1;
    snprintf(res, n, "%s", status_word(c->be->ops->write_cr0_wp(c->be, bit[0])));
    return 0;
}

static int op_efer(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    static const char *const names[] = {"nxe"};
    bool bit[1], given[1] = {false};
    if (!scn_argc(l, 2, 2, "nxe=0|1") || !parse_flags(l, names, 1, bit, given))
        return -1;
    snprintf(res, n, "%s", status_word(c->be->ops->write_efer_nxe(c->be, bit[0])));
    return 0;
}

/* cr4 changes only the fields it names; the others keep their value, which the runner
 * remembers because the backend interface writes CR4 whole. */
static int op_cr4(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    static const char *const names[] = {"pcide", "pge", "smep", "smap"};
    bool bit[4], given[4] = {false};
    if (l->argc == 1) {
        scn_error(l, "cr4: missing a field (usage: cr4 [pcide=0|1] [pge=0|1] [smep=0|1] [smap=0|1], at least one)");
        return -1;
    }
    if (!scn_argc(l, 2, 5, "[pcide=0|1] [pge=0|1] [smep=0|1] [smap=0|1]") ||
        !parse_flags(l, names, 4, bit, given))
        return -1;
    be_cr4 cr4 = c->cr4_valid ? c->cr4 : (be_cr4){.pge = true};
    if (given[0]) cr4.pcide = bit[0];
    if (given[1]) cr4.pge = bit[1];
    if (given[2]) cr4.smep = bit[2];
    if (given[3]) cr4.smap = bit[3];
    be_status s = c->be->ops->write_cr4(c->be, cr4);
    if (s == BE_OK) {
        c->cr4 = cr4;
        c->cr4_valid = true;
    }
    snprintf(res, n, "%s", status_word(s));
    return 0;
}

static int op_invlpg(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t va;
    if (!scn_argc(l, 2, 2, "VA") || !scn_arg_u64(l, 1, "VA", &va))
        return -1;
    snprintf(res, n, "%s", status_word(c->be->ops->invlpg(c->be, va)));
    return 0;
}

static int op_invpcid(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t type, pcid, va;
    if (!scn_argc(l, 4, 4, "TYPE PCID VA") || !scn_arg_u64(l, 1, "TYPE", &type) ||
        !scn_arg_u64(l, 2, "PCID", &pcid) || !scn_arg_u64(l, 3, "VA", &va))
        return -1;
    /* The type is a 64-bit register operand; every value above 3 raises #GP alike. */
    unsigned t = type > 0xffffffffu ? 0xffffffffu : (unsigned)type;
    snprintf(res, n, "%s", status_word(c->be->ops->invpcid(c->be, t, pcid, va)));
    return 0;
}

static int op_access(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    be_req q = {0};
    if (!scn_argc(l, 5, 6, "VA r|w|x u|s SIZE [VALUE]") || !scn_arg_u64(l, 1, "VA", &q.va))
        return -1;
    const char *k = l->argv[2], *p = l->argv[3];
    if (strcmp(k, "r") == 0)
        q.kind = ACC_R;
    else if (strcmp(k, "w") == 0)
        q.kind = ACC_W;
    else if (strcmp(k, "x") == 0)
        q.kind = ACC_X;
    else {
        scn_error(l, "access: bad kind '%s' (expected r, w or x)", k);
        return -1;
    }
    if (strcmp(p, "u") == 0)
        q.user = true;
    else if (strcmp(p, "s") != 0) {
        scn_error(l, "access: bad privilege '%s' (expected u or s)", p);
        return -1;
    }
    if (!arg_size(l, 4, &q.size))
        return -1;
    if (l->argc == 6) {
        if (q.kind != ACC_W) {
            scn_error(l, "access: VALUE is only for writes (w)");
            return -1;
        }
        if (!scn_arg_u64(l, 5, "VALUE", &q.wdata))
            return -1;
        if (!fits(q.wdata, q.size)) {
            scn_error(l, "access: VALUE %s does not fit in %u byte%s", l->argv[5], q.size,
                      q.size == 1 ? "" : "s");
            return -1;
        }
    }
    be_resp r = c->be->ops->access(c->be, &q);
    switch (r.status) {
    case BE_OK:
        snprintf(res, n, "pa 0x%llx", (unsigned long long)r.pa);
        break;
    case BE_PF:
        c->cr2 = r.cr2;
        snprintf(res, n, "pf 0x%x", (unsigned)r.err);
        break;
    default:
        snprintf(res, n, "%s", status_word(r.status));
        break;
    }
    return 0;
}

/* Extension: a load that shows its data, `ld VA u|s SIZE` => `0xVALUE` (or pf ERR, gp, mce). */
static int op_ld(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    be_req q = {.kind = ACC_R};
    if (!scn_argc(l, 4, 4, "VA u|s SIZE") || !scn_arg_u64(l, 1, "VA", &q.va))
        return -1;
    const char *p = l->argv[2];
    if (strcmp(p, "u") == 0)
        q.user = true;
    else if (strcmp(p, "s") != 0) {
        scn_error(l, "ld: bad privilege '%s' (expected u or s)", p);
        return -1;
    }
    if (!arg_size(l, 3, &q.size))
        return -1;
    be_resp r = c->be->ops->access(c->be, &q);
    if (r.status == BE_OK)
        snprintf(res, n, "0x%llx", (unsigned long long)r.rdata);
    else if (r.status == BE_PF) {
        c->cr2 = r.cr2;
        snprintf(res, n, "pf 0x%x", (unsigned)r.err);
    } else
        snprintf(res, n, "%s", status_word(r.status));
    return 0;
}

/* Extensions: data-cache maintenance. `wbinvd`, `invd`; `clflush PA` (write back and
 * invalidate PA's line), `clwb PA` (write back, keep), `clinv PA` (invalidate, no
 * write-back) => ok | mce (a write-back failed). A backend without a cache answers ok. */
static int cache_result(scn_ctx *c, const scn_line *l, be_status s, char *res, size_t n)
{
    (void)c;
    (void)l;
    snprintf(res, n, "%s", status_word(s));
    return 0;
}

static int op_wbinvd(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    if (!scn_argc(l, 1, 1, ""))
        return -1;
    be_status s = c->be->ops->cache_wbinvd ? c->be->ops->cache_wbinvd(c->be) : BE_OK;
    return cache_result(c, l, s, res, n);
}

static int op_invd(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    if (!scn_argc(l, 1, 1, ""))
        return -1;
    be_status s = c->be->ops->cache_invd ? c->be->ops->cache_invd(c->be) : BE_OK;
    return cache_result(c, l, s, res, n);
}

/* The one argument of a line op: any PA below 2^MAXPHYADDR (its line is meant). */
static bool line_pa(scn_ctx *c, const scn_line *l, uint64_t *pa)
{
    if (!scn_argc(l, 2, 2, "PA") || !scn_arg_u64(l, 1, "PA", pa))
        return false;
    if (*pa >> c->be->maxphyaddr) {
        scn_error(l, "%s: PA %s is not below 2^%u (MAXPHYADDR)", l->argv[0], l->argv[1],
                  c->be->maxphyaddr);
        return false;
    }
    return true;
}

static int cline(scn_ctx *c, const scn_line *l, unsigned op, char *res, size_t n)
{
    uint64_t pa;
    if (!line_pa(c, l, &pa))
        return -1;
    be_status s = c->be->ops->cache_line ? c->be->ops->cache_line(c->be, op, pa) : BE_OK;
    return cache_result(c, l, s, res, n);
}

static int op_clflush(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    return cline(c, l, BE_CLINE_WBINV, res, n);
}

static int op_clwb(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    return cline(c, l, BE_CLINE_WB, res, n);
}

static int op_clinv(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    return cline(c, l, BE_CLINE_INV, res, n);
}

/* Extension: `clzero PA` makes PA's 64-byte line zeroes (CLZERO: a cache allocates it
 * without reading memory) => ok | mce (the write-back of the line it displaced failed). */
static int op_clzero(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    uint64_t pa;
    if (!line_pa(c, l, &pa))
        return -1;
    return cache_result(c, l, be_line_zero(c->be, pa & ~(uint64_t)(BE_LINE - 1)), res, n);
}

/* Extension: CR2 as the last page fault of an `access` line left it. */
static int op_cr2(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    if (!scn_argc(l, 1, 1, ""))
        return -1;
    snprintf(res, n, "0x%llx", (unsigned long long)c->cr2);
    return 0;
}

const scn_op scn_hw_ops[] = {
    {"pwrite", op_pwrite},
    {"pread", op_pread},
    {"plread", op_plread},
    {"plwrite", op_plwrite},
    {"cr3", op_cr3},
    {"cr0", op_cr0},
    {"cr4", op_cr4},
    {"efer", op_efer},
    {"invlpg", op_invlpg},
    {"invpcid", op_invpcid},
    {"access", op_access},
    {"cr2", op_cr2},
    {"ld", op_ld},
    {"wbinvd", op_wbinvd},
    {"invd", op_invd},
    {"clflush", op_clflush},
    {"clwb", op_clwb},
    {"clinv", op_clinv},
    {"clzero", op_clzero},
    {NULL, NULL},
};

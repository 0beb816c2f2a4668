// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* TLB geometries: the named configurations and the --tlb spec (see geom.h). */
#include "tlbmodel/geom.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/configs.h"
#include "openmmu_configs.h" /* OPENMMU_CONFIG_NAMES, for the messages */

/* The RTL's own values: rtl/configs.txt's (common/configs.h; suite 47 compares the
 * geometries with the models built from the table). */
bool tlb_geom_named(const char *config, tlb_geom *out)
{
    const uint32_t *v = config_values(config);
    if (!v)
        return false;
#define GEOM_GET(k) out->k = v[CFG_##k];
    TLB_GEOM_KEYS(GEOM_GET)
#undef GEOM_GET
    return true;
}

bool tlb_geom_config_known(const char *config, char *err, size_t errlen)
{
    tlb_geom g;
    if (config && tlb_geom_named(config, &g))
        return true;
    snprintf(err, errlen, "unknown configuration '%s' (expected " OPENMMU_CONFIG_NAMES ")", config ? config : "");
    return false;
}

static unsigned *field(tlb_geom *g, const char *key, size_t n)
{
#define TLB_GEOM_LOOKUP(k)                                                                \
    if (n == strlen(#k) && strncmp(key, #k, n) == 0)                                      \
        return &g->k;
    TLB_GEOM_KEYS(TLB_GEOM_LOOKUP)
#undef TLB_GEOM_LOOKUP
    return NULL;
}

/* tlb_sa needs two sets at least; every other array takes one entry or more. */
static unsigned minimum(const tlb_geom *g, const unsigned *f)
{
    return f == &g->ITlbSets || f == &g->DTlbSets || f == &g->L2Sets ? 2 : 1;
}

static bool entries_ok(unsigned sets, unsigned ways) { return (unsigned long long)sets * ways <= TLB_GEOM_MAX_ENTRIES; }

bool tlb_geom_apply(tlb_geom *g, const char *spec, char *err, size_t errlen)
{
    const char *p = spec ? spec : "";
    while (*p) {
        if (*p == ',' || *p == ' ') {
            p++;
            continue;
        }
        size_t n = strcspn(p, ", ");
        const char *eq = memchr(p, '=', n);
        if (!eq) {
            snprintf(err, errlen, "--tlb: '%.*s': expected KEY=VALUE", (int)n, p);
            return false;
        }
        size_t kn = (size_t)(eq - p);
        unsigned *f = field(g, p, kn);
        if (!f) {
            snprintf(err, errlen, "--tlb: unknown key '%.*s' (keys: ITlbSets ITlbWays ITlbLarge DTlbSets DTlbWays "
                     "DTlbLarge L2Sets L2Ways PscPml4eEntries PscPdpteEntries PscPdeEntries)", (int)kn, p);
            return false;
        }
        char num[32];
        size_t vn = n - kn - 1;
        if (vn == 0 || vn >= sizeof num) {
            snprintf(err, errlen, "--tlb: %.*s: bad number '%.*s'", (int)kn, p, (int)vn, eq + 1);
            return false;
        }
        memcpy(num, eq + 1, vn);
        num[vn] = '\0';
        char *end;
        errno = 0;
        unsigned long long v = strtoull(num, &end, 0);
        if (*end || errno || num[0] == '-') {
            snprintf(err, errlen, "--tlb: %.*s: bad number '%s'", (int)kn, p, num);
            return false;
        }
        unsigned lo = minimum(g, f);
        if (v < lo || v > TLB_GEOM_MAX_ENTRIES || (v & (v - 1))) {
            snprintf(err, errlen, "--tlb: %.*s=%s: must be a power of two from %u to %u", (int)kn, p, num, lo,
                     TLB_GEOM_MAX_ENTRIES);
            return false;
        }
        *f = (unsigned)v;
        p += n;
    }
    static const struct {
        const char *sets, *ways;
        size_t so, wo;
    } arrays[] = {
        {"ITlbSets", "ITlbWays", offsetof(tlb_geom, ITlbSets), offsetof(tlb_geom, ITlbWays)},
        {"DTlbSets", "DTlbWays", offsetof(tlb_geom, DTlbSets), offsetof(tlb_geom, DTlbWays)},
        {"L2Sets", "L2Ways", offsetof(tlb_geom, L2Sets), offsetof(tlb_geom, L2Ways)},
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        unsigned s = *(const unsigned *)((const char *)g + arrays[i].so);
        unsigned w = *(const unsigned *)((const char *)g + arrays[i].wo);
        if (!entries_ok(s, w)) {
            snprintf(err, errlen, "--tlb: %s=%u x %s=%u: more than %u entries", arrays[i].sets, s, arrays[i].ways, w,
                     TLB_GEOM_MAX_ENTRIES);
            return false;
        }
    }
    return true;
}

bool tlb_geom_resolve(const char *config, const char *spec, tlb_geom *out, char *err, size_t errlen)
{
    if (!tlb_geom_config_known(config, err, errlen))
        return false;
    tlb_geom_named(config, out);
    return tlb_geom_apply(out, spec, err, errlen);
}

bool tlb_geom_equal(const tlb_geom *a, const tlb_geom *b)
{
#define TLB_GEOM_CMP(k) if (a->k != b->k) return false;
    TLB_GEOM_KEYS(TLB_GEOM_CMP)
#undef TLB_GEOM_CMP
    return true;
}

int tlb_geom_format(const tlb_geom *g, char *buf, size_t len)
{
    return snprintf(buf, len,
                    "ITlbSets=%u,ITlbWays=%u,ITlbLarge=%u,DTlbSets=%u,DTlbWays=%u,DTlbLarge=%u,L2Sets=%u,L2Ways=%u,"
                    "PscPml4eEntries=%u,PscPdpteEntries=%u,PscPdeEntries=%u",
                    g->ITlbSets, g->ITlbWays, g->ITlbLarge, g->DTlbSets, g->DTlbWays, g->DTlbLarge, g->L2Sets,
                    g->L2Ways, g->PscPml4eEntries, g->PscPdpteEntries, g->PscPdeEntries);
}

void tlb_geom_diff(const tlb_geom *want, const tlb_geom *have, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
#define TLB_GEOM_DIFF(k)                                                                  \
    if (want->k != have->k && at < len)                                                   \
        at += (size_t)snprintf(buf + at, len - at, "%s%s=%u (compiled: %u)", at ? ", " : "", #k, want->k, have->k);
    TLB_GEOM_KEYS(TLB_GEOM_DIFF)
#undef TLB_GEOM_DIFF
}

bool tlb_geom_option_ok(const char *backend, const char *config, const char *spec, char *err, size_t errlen)
{
    if (!spec)
        return true;
    if (strcmp(backend, "ref") == 0 || strcmp(backend, "reftlb") == 0 || strcmp(backend, "lockstep:reftlb") == 0) {
        snprintf(err, errlen, "--tlb: the %s backend has no RTL geometry to set (use tlbmodel, rtl or lockstep)",
                 backend);
        return false;
    }
    tlb_geom g;
    return tlb_geom_resolve(config, spec, &g, err, errlen);
}

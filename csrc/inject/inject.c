// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The list of injectable bugs, and reading --inject (inject.h). */
#include "inject.h"

#include <stdio.h>
#include <string.h>

const inj_bug inj_bugs[INJ_COUNT] = {
#define INJ(id, name, carriers, variant, what, caught) {name, carriers, variant, what, caught},
#include "inject.def"
#undef INJ
};

unsigned inj_carried_by(unsigned carrier)
{
    unsigned bits = 0;
    for (unsigned i = 0; i < INJ_COUNT; i++)
        if (inj_bugs[i].carriers & carrier)
            bits |= 1u << i;
    return bits;
}

bool inj_parse(const char *list, unsigned *bits, char *err, size_t errlen)
{
    *bits = 0;
    const char *p = list;
    for (;;) {
        char t[64];
        size_t w = strcspn(p, ",");
        snprintf(t, sizeof t, "%.*s", (int)(w < sizeof t ? w : sizeof t - 1), p);
        for (char *q = t; *q; q++)
            if (*q == '_')
                *q = '-';
        unsigned i = 0;
        while (i < INJ_COUNT && strcmp(inj_bugs[i].name, t) != 0)
            i++;
        if (i < INJ_COUNT) {
            *bits |= 1u << i;
        } else if (strcmp(t, "none") != 0 || w >= sizeof t) {
            size_t n = (size_t)snprintf(err, errlen, "unknown bug '%.*s' (known: none", (int)w, p);
            for (i = 0; i < INJ_COUNT && n < errlen; i++)
                n += (size_t)snprintf(err + n, errlen - n, ", %s", inj_bugs[i].name);
            if (n < errlen)
                snprintf(err + n, errlen - n, ")");
            return false;
        }
        if (p[w] == '\0')
            return true;
        p += w + 1;
    }
}

const char *inj_names(unsigned bits, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < INJ_COUNT && n < len; i++)
        if (bits & (1u << i))
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "", inj_bugs[i].name);
    if (!bits)
        snprintf(buf, len, "none");
    return buf;
}

bool inj_check(unsigned bits, unsigned carrier, const char *who, char *err, size_t errlen)
{
    for (unsigned i = 0; i < INJ_COUNT; i++) {
        const inj_bug *b = &inj_bugs[i];
        if (!(bits & (1u << i)) || (b->carriers & carrier))
            continue;
        size_t n = (size_t)snprintf(err, errlen, "%s cannot carry the injected bug '%s' (carried by", who, b->name);
        const char *sep = " ";
        if ((b->carriers & INJ_IN_REFTLB) && n < errlen) {
            n += (size_t)snprintf(err + n, errlen - n, "%sthe reftlb device: --backend reftlb or lockstep:reftlb", sep);
            sep = "; ";
        }
        if ((b->carriers & INJ_IN_RTL) && *b->variant && n < errlen) {
            n += (size_t)snprintf(err + n, errlen - n, "%sthe RTL, compiled into the small model of "
                                  "build/rel/openmmu-inject-%s: make inject-models", sep, b->variant);
            sep = "; ";
        } else if ((b->carriers & INJ_IN_RTL) && n < errlen) {
            n += (size_t)snprintf(err + n, errlen - n, "%sthe RTL, compiled in only where %s", sep, b->caught);
            sep = "; ";
        }
        if ((b->carriers & INJ_IN_KERNEL) && n < errlen)
            n += (size_t)snprintf(err + n, errlen - n, "%sthe kernel model: a kernel-level scenario or a replay", sep);
        if (n < errlen)
            snprintf(err + n, errlen - n, ")");
        return false;
    }
    return true;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The dry-run memory of lockstep's candidate walks. */
#include "lockstep/overlay.h"

#include <stdio.h>
#include <stdlib.h>

void overlay_init(overlay *o, const physmem *base) { *o = (overlay){.base = base}; }

uint64_t overlay_read64(const overlay *o, uint64_t pa)
{
    for (unsigned i = o->n; i-- > 0;)
        if (o->pa[i] == pa)
            return o->val[i];
    return physmem_read(o->base, pa, 8);
}

uint8_t overlay_read8(const overlay *o, uint64_t pa) { return (uint8_t)(overlay_read64(o, pa & ~7ull) >> (8 * (pa & 7))); }

static uint64_t ov_read(void *ctx, uint64_t pa) { return overlay_read64(ctx, pa); }

static uint64_t ov_cas(void *ctx, uint64_t pa, uint64_t expect, uint64_t val)
{
    overlay *o = ctx;
    uint64_t old = overlay_read64(o, pa);
    if (old != expect)
        return old;
    for (unsigned i = 0; i < o->n; i++)
        if (o->pa[i] == pa) {
            o->val[i] = val;
            return old;
        }
    if (o->n == OVERLAY_MAX) { /* a walk writes at most 4 entries a part: cannot happen */
        fprintf(stderr, "lockstep: overlay full\n");
        abort();
    }
    o->pa[o->n] = pa;
    o->val[o->n++] = val;
    return old;
}

ref_mem overlay_mem(overlay *o) { return (ref_mem){.read = ov_read, .cas = ov_cas, .ctx = o}; }

void overlay_commit(const overlay *o, physmem *m)
{
    for (unsigned i = 0; i < o->n; i++)
        physmem_write(m, o->pa[i], 8, o->val[i]);
}

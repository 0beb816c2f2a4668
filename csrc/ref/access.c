// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Around the walk: canonical check, page split, data bytes. */
#include "ref/access.h"

#include <stdio.h>
#include <stdlib.h>

#include "ref/ctl.h"

void ref_req_validate(const be_req *r, const char *who)
{
    if (r->size != 1 && r->size != 2 && r->size != 4 && r->size != 8) {
        fprintf(stderr, "%s: access of size %u (expected 1, 2, 4 or 8)\n", who, r->size);
        abort();
    }
    if (r->kind != ACC_R && r->kind != ACC_W && r->kind != ACC_X) {
        fprintf(stderr, "%s: access kind %d\n", who, (int)r->kind);
        abort();
    }
}

bool ref_req_canonical(const be_req *r) { return ref_canonical(r->va) && ref_canonical(r->va + r->size - 1); }

unsigned ref_split(const be_req *r, ref_part p[2])
{
    unsigned room = 4096 - (unsigned)(r->va & 4095);
    if (r->size <= room) {
        p[0] = (ref_part){r->va, r->size};
        return 1;
    }
    p[0] = (ref_part){r->va, room};
    p[1] = (ref_part){r->va + room, r->size - room};
    return 2;
}

/* A part physmem moves in one access (1, 2, 4 or 8 bytes inside one aligned word): the
 * same bytes as one at a time, without the per-byte lookups. */
static bool one_word(uint64_t pa, unsigned n) { return (n & (n - 1)) == 0 && (pa & 7) + n <= 8; }

uint64_t ref_data_read(const physmem *m, const ref_part *p, const uint64_t *pa, unsigned nparts)
{
    uint64_t v = 0;
    unsigned sh = 0;
    for (unsigned i = 0; i < nparts; sh += 8 * p[i].n, i++) {
        if (one_word(pa[i], p[i].n)) {
            v |= physmem_read(m, pa[i], p[i].n) << sh;
            continue;
        }
        for (unsigned k = 0; k < p[i].n; k++)
            v |= physmem_read(m, pa[i] + k, 1) << (sh + 8 * k);
    }
    return v;
}

void ref_data_write(physmem *m, const ref_part *p, const uint64_t *pa, unsigned nparts, uint64_t val)
{
    unsigned sh = 0;
    for (unsigned i = 0; i < nparts; sh += 8 * p[i].n, i++) {
        if (one_word(pa[i], p[i].n)) {
            physmem_write(m, pa[i], p[i].n, p[i].n == 8 ? val : (val >> sh) & ((1ull << 8 * p[i].n) - 1));
            continue;
        }
        for (unsigned k = 0; k < p[i].n; k++)
            physmem_write(m, pa[i] + k, 1, (val >> (sh + 8 * k)) & 0xff);
    }
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* What every model does around the walk: the #GP check of a whole access, its split into
 * parts at 4 KiB boundaries, and the data it reads or writes at the translated addresses.
 *
 * An access is #GP if its first or its last byte is non-canonical (checked before any
 * translation). A part never crosses a 4 KiB page, so each part's bytes are contiguous in
 * physical memory.
 */
#ifndef OPENMMU_REF_ACCESS_H
#define OPENMMU_REF_ACCESS_H

#include "backend/backend.h"
#include "common/physmem.h"

typedef struct {
    uint64_t va;
    unsigned n;
} ref_part;

/* Aborts with a message on a size other than 1, 2, 4, 8 (a caller bug, not an MMU event). */
void ref_req_validate(const be_req *r, const char *who);
bool ref_req_canonical(const be_req *r);
/* Fills p with 1 or 2 parts; returns how many. */
unsigned ref_split(const be_req *r, ref_part p[2]);

/* Little-endian data of the access, part i at physical address pa[i]. */
uint64_t ref_data_read(const physmem *m, const ref_part *p, const uint64_t *pa, unsigned nparts);
void ref_data_write(physmem *m, const ref_part *p, const uint64_t *pa, unsigned nparts, uint64_t val);

#endif

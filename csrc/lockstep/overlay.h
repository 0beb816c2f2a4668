// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* A write overlay over a physmem: a ref_mem whose CASes are recorded instead of done, so
 * that lockstep can run every candidate walk as a dry run from the same memory and commit
 * only the one that explains what the device did. */
#ifndef OPENMMU_LOCKSTEP_OVERLAY_H
#define OPENMMU_LOCKSTEP_OVERLAY_H

#include "ref/walk.h"

#define OVERLAY_MAX 16 /* two parts of four entries each, with room to spare */

typedef struct {
    const physmem *base;
    unsigned n;
    uint64_t pa[OVERLAY_MAX], val[OVERLAY_MAX]; /* aligned 8-byte words written */
} overlay;

void overlay_init(overlay *o, const physmem *base);
uint64_t overlay_read64(const overlay *o, uint64_t pa);
uint8_t overlay_read8(const overlay *o, uint64_t pa);
ref_mem overlay_mem(overlay *o);
/* Writes the recorded words into m. */
void overlay_commit(const overlay *o, physmem *m);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* What a TLB entry and a paging-structure-cache entry hold (docs/semantics.md, "What may be
 * cached"). One struct serves both so that one hash set can store either. */
#ifndef OPENMMU_REF_ENTRY_H
#define OPENMMU_REF_ENTRY_H

#include <stdint.h>

#include "ref/rights.h"

/* Levels: 4 = PML4, 3 = PDPT, 2 = PD, 1 = PT. A TLB entry's level is that of its leaf
 * (3 = 1 GiB, 2 = 2 MiB, 1 = 4 KiB); a PSC entry's level is that of the cached entry
 * (4 = PML4E cache, 3 = PDPTE cache, 2 = PDE cache). */
typedef struct {
    uint64_t vbase;   /* the linear address the entry covers, low bits 0, 48 bits */
    uint64_t addr;    /* TLB: the page frame; PSC: the next table */
    uint16_t pcid;
    uint8_t level;
    ref_rights r;     /* combined over the levels down to this one */
    bool d, g, pwt, pcd, pat; /* TLB only */
} ref_centry;

/* Bits of a linear address below an entry of this level (a TLB leaf or a PSC entry). */
static inline unsigned ref_level_shift(unsigned level) { return 12 + 9 * (level - 1); }
/* TLB leaf of level L covers 1 << ref_level_shift(L) bytes; a PSC entry of level L covers
 * 1 << ref_level_shift(L) bytes too (a PDE covers 2 MiB), so the same key works for both. */
static inline uint64_t ref_vbase(uint64_t va, unsigned level)
{
    return va & 0xffffffffffffull & ~((1ull << ref_level_shift(level)) - 1);
}

static inline bool ref_centry_eq(const ref_centry *a, const ref_centry *b)
{
    return a->vbase == b->vbase && a->addr == b->addr && a->pcid == b->pcid && a->level == b->level &&
           a->r.u == b->r.u && a->r.w == b->r.w && a->r.xd == b->r.xd && a->d == b->d && a->g == b->g &&
           a->pwt == b->pwt && a->pcd == b->pcd && a->pat == b->pat;
}

#endif

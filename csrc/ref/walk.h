// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The page walk of x86-64 4-level paging (docs/semantics.md, "Translation").
 *
 * A walk reads memory through a ref_mem so that callers can run it on a physmem, on a
 * physmem seen through a write overlay (lockstep's dry runs), or on memory that changes
 * behind the walker's back (the CAS-retry tests). It starts at the PML4 (from CR3) or,
 * for a walk that begins at a paging-structure-cache entry, at any lower table with the
 * rights combined so far. It checks reserved bits level by level, combines rights, makes
 * the access check and, only when the translation completes without fault, sets A (every
 * entry read) and D (leaf, writes) by compare-and-swap, restarting when an entry changed.
 */
#ifndef OPENMMU_REF_WALK_H
#define OPENMMU_REF_WALK_H

#include "common/physmem.h"
#include "ref/entry.h"

typedef struct {
    uint64_t (*read)(void *ctx, uint64_t pa); /* aligned 8-byte read */
    uint64_t (*cas)(void *ctx, uint64_t pa, uint64_t expect, uint64_t val); /* returns old */
    void *ctx;
} ref_mem;

/* A ref_mem straight onto a physmem. */
ref_mem ref_mem_physmem(physmem *m);

typedef struct {
    unsigned level;   /* the table read first: 4 (PML4) .. 1 (PT) */
    uint64_t table;   /* its physical address */
    ref_rights r;     /* combined over the levels above it */
} ref_start;

/* Where a walk begins when nothing is cached. */
ref_start ref_start_root(const ref_ctl *c);
/* Where a walk begins from a PSC entry. */
ref_start ref_start_psc(const ref_centry *psc);

typedef struct {
    unsigned level;
    uint64_t pa;      /* address of the entry */
    uint64_t val;     /* value the (last, successful) walk read */
    uint64_t newval;  /* value after this walk's A/D update (== val if none) */
} ref_step;

#define REF_WALK_NO_DIRTY 1u /* injected bug: never set D */

typedef struct {
    be_status status;   /* BE_OK or BE_PF */
    uint32_t err;       /* BE_PF */
    uint64_t pa;        /* BE_OK: physical address of va */
    unsigned nsteps;    /* entries read by the final attempt, top first */
    ref_step step[4];
    ref_centry tlb;     /* BE_OK: the TLB entry the walk may create */
    unsigned ad_updates;/* successful CASes, over all attempts */
    unsigned restarts;  /* failed CASes */
    unsigned mem_refs;  /* entry reads, over all attempts */
    unsigned level_refs[5]; /* of them, at each level 4 (PML4E) .. 1 (PTE); [0] unused */
} ref_walk_res;

/* Adds a walk's entry reads, by level, to the walk_refs_* counters. */
void ref_count_level_refs(const ref_walk_res *w, uint64_t cnt[BE_NCOUNTERS]);

/* Reserved bits of an entry at level (docs/semantics.md rule 3). Only meaningful if P=1. */
uint64_t ref_rsvd_mask(const ref_ctl *c, unsigned level, uint64_t entry);

/* Walks va (canonical) for an access of kind by user/supervisor; the TLB entry is tagged
 * with the current PCID. Returns out->status. */
be_status ref_walk(const ref_ctl *c, const ref_mem *m, const ref_start *s, uint64_t va, acc_kind kind, bool user,
                   unsigned flags, ref_walk_res *out);

/* The PSC entry a non-leaf step of a successful walk may create (step i of out, i < nsteps-1). */
ref_centry ref_walk_psc(const ref_ctl *c, const ref_walk_res *w, unsigned i, uint64_t va, ref_rights above);

#endif

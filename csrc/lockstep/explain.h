// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Every legal outcome of one access, given the reference state (control registers, memory,
 * and the set of entries that may still be cached).
 *
 * Each part of the access (one, or two for a page-crossing access) may be served by
 *   - a fresh walk from CR3 over current memory;
 *   - a walk that starts from a cached PSC entry and reads current memory below it;
 *   - a cached TLB entry (not for a write if its D is 0), which either translates or
 *     faults on its own rights (the SDM allows a fault from a stale entry).
 * A candidate is one choice per part, with the result it gives and the A/D writes it
 * makes (collected in an overlay, nothing is written to memory). The second part's
 * candidates are enumerated over the first part's writes.
 */
#ifndef OPENMMU_LOCKSTEP_EXPLAIN_H
#define OPENMMU_LOCKSTEP_EXPLAIN_H

#include <stdio.h>

#include "lockstep/overlay.h"
#include "ref/access.h"
#include "ref/cache.h"

typedef enum { SRC_WALK, SRC_PSC, SRC_TLB } cand_src;

typedef struct {
    cand_src src;
    ref_centry from;   /* SRC_PSC, SRC_TLB: the cached entry used */
    ref_start start;   /* walks: where the walk began */
    ref_walk_res w;    /* walks */
    be_status status;  /* BE_OK or BE_PF */
    uint32_t err;
    uint64_t pa;
} part_cand;

typedef struct {
    unsigned np;        /* parts translated (1 if the first faulted) */
    part_cand p[2];
    be_status status;
    uint32_t err;
    uint64_t cr2, pa;
    overlay ov;         /* the A/D writes of this explanation */
} cand;

typedef struct {
    cand *v;
    size_t n, cap;
} cand_list;

/* The state the reference side keeps. */
typedef struct {
    ref_ctl ctl;
    physmem *mem;
    ref_cache *cache;
} ref_state;

/* Working memory of explain_access, kept between calls so that an access allocates nothing. */
typedef struct explain_scratch explain_scratch;
explain_scratch *explain_scratch_new(void);
void explain_scratch_free(explain_scratch *x);

/* Appends to out every candidate for the (canonical) request. */
void explain_access(const ref_state *s, const be_req *q, explain_scratch *x, cand_list *out);
void cand_list_free(cand_list *l);

/* Adds what a matching candidate's walks may have cached to the set. */
void explain_record(ref_state *s, const cand *c);

void explain_print(FILE *f, const cand *c);

#endif

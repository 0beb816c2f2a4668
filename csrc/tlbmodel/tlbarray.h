// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The RTL's TLB arrays as they behave, event for event (rtl/tlb/tlb_repl.sv, tlb_sa.sv,
 * tlb_fa.sv): what a lookup hits, which way a fill takes, what each invalidation clears, and
 * the tree pseudo-LRU state that a hit and a fill touch. Nothing about cycles.
 *
 * Entries are ref_centry (level 1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB; vbase aligned to the page,
 * which is what the RTL's vpn_match compares of its stored vpn).
 *
 * Set-associative (tlb_sa): a 4 KiB entry lives in set VA[12+log2(sets)-1:12]; with two
 * sizes (the L2) a 2 MiB entry lives in set VA[21+log2(sets)-1:21], and a lookup searches the
 * 4 KiB set first (ways in order), then the 2 MiB set: the first match wins and its set's
 * tree is touched. A fill overwrites a valid entry of the same page (size, base and PCID),
 * else takes the lowest invalid way, else the tree's victim; the tree is touched for the way
 * written. Fully associative (tlb_fa): the same with one set, lowest index first.
 */
#ifndef OPENMMU_TLBMODEL_TLBARRAY_H
#define OPENMMU_TLBMODEL_TLBARRAY_H

#include <stdbool.h>
#include <stdint.h>

#include "ref/entry.h"

/* Tree pseudo-LRU of one set (tlb_repl.sv): ways-1 node bits, node n's children 2n+1 (lower
 * ways) and 2n+2; a bit points at the half to evict next (0 lower, 1 upper). ways is a power
 * of two; with one way the victim is way 0 and there are no bits. */
unsigned tm_plru_victim(const uint8_t *tree, unsigned ways);
void tm_plru_touch(uint8_t *tree, unsigned ways, unsigned way);

typedef struct {
    unsigned sets, ways;
    bool two_sizes;   /* the L2: 2 MiB entries indexed by VA[21+] */
    bool *valid;      /* sets*ways */
    ref_centry *e;    /* sets*ways */
    uint8_t *tree;    /* sets*(ways-1) */
} tm_array;

/* false: out of host memory. A fully-associative array is sets=1. */
bool tm_array_init(tm_array *a, unsigned sets, unsigned ways, bool two_sizes);
void tm_array_free(tm_array *a);

/* The entry a lookup of va under pcid hits (touching the replacement state), or NULL. */
const ref_centry *tm_array_lookup(tm_array *a, uint64_t va, uint16_t pcid);
/* Fills e; returns the way written (for the tests). */
unsigned tm_array_fill(tm_array *a, const ref_centry *e);

/* InvAddr: the entries holding va, of pcid (global ones only if global). */
void tm_array_inv_addr(tm_array *a, uint64_t va, uint16_t pcid, bool global);
/* InvPcid: the non-global entries of pcid. */
void tm_array_inv_pcid(tm_array *a, uint16_t pcid);
void tm_array_inv_all(tm_array *a, bool keep_global);

/* The set a fill of e goes to, and the sets a lookup of va searches (4 KiB, 2 MiB). */
unsigned tm_array_fill_set(const tm_array *a, const ref_centry *e);

/* One paging-structure cache (rtl/ptw/psc_array.sv): entries fully associative, tagged by
 * {PCID, the VA bits above the cached entry's level}. A fill of a tag already held replaces
 * it, else takes the lowest free entry, else the round-robin victim, which then advances. */
typedef struct {
    unsigned n, level; /* level: 4 PML4E, 3 PDPTE, 2 PDE (ref_centry levels) */
    unsigned victim;
    bool *valid;
    ref_centry *e;
} tm_psc;

bool tm_psc_init(tm_psc *p, unsigned n, unsigned level);
void tm_psc_free(tm_psc *p);
const ref_centry *tm_psc_lookup(const tm_psc *p, uint64_t va, uint16_t pcid);
unsigned tm_psc_fill(tm_psc *p, const ref_centry *e);
/* all, else every entry of pcid. */
void tm_psc_inv(tm_psc *p, bool all, uint16_t pcid);

#endif

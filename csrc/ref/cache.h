// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The "may still be cached" set (docs/architecture.md "Lockstep and legal staleness", docs/semantics.md
 * "What may be cached").
 *
 * It holds every TLB entry and paging-structure-cache entry that a correct implementation
 * MAY still hold: walks add entries, and only the invalidations docs/semantics.md requires
 * (and page faults, for the faulting address) remove them. Several different entries for
 * the same page may coexist (an entry edited without invalidation: old and new are both
 * legal until an invalidation). Nothing is capped or evicted: a smaller hardware TLB only
 * ever holds a subset.
 *
 * Lookups are by hash of (PCID, level, linear-address prefix), so they stay O(1) however
 * many entries accumulate. Global TLB entries live apart, untagged, because they match
 * every PCID.
 */
#ifndef OPENMMU_REF_CACHE_H
#define OPENMMU_REF_CACHE_H

#include <stddef.h>

#include "ref/ctl.h"
#include "ref/entry.h"

typedef struct ref_cache ref_cache;

ref_cache *ref_cache_new(void);
void ref_cache_free(ref_cache *s);

/* Adds a TLB entry (level 1..3; stored as global if e->g) or a PSC entry (level 2..4). An
 * entry equal to one already held is not added twice. */
void ref_cache_add_tlb(ref_cache *s, const ref_centry *e);
void ref_cache_add_psc(ref_cache *s, const ref_centry *e);

typedef void (*ref_cache_fn)(void *ctx, const ref_centry *e);

/* Every TLB entry that may translate va under pcid: that PCID's, and global ones. */
void ref_cache_tlb_each(const ref_cache *s, uint16_t pcid, uint64_t va, ref_cache_fn fn, void *ctx);
/* Every PSC entry of pcid that may start a walk of va: PDE, then PDPTE, then PML4E entries. */
void ref_cache_psc_each(const ref_cache *s, uint16_t pcid, uint64_t va, ref_cache_fn fn, void *ctx);

/* Removes what an invalidation must remove, no more. */
void ref_cache_invalidate(ref_cache *s, const ref_inval *inv);
/* Removes what a page fault at va under pcid removes: the TLB entries (pcid and global)
 * and the PSC entries (pcid) that would be used for va. */
void ref_cache_fault(ref_cache *s, uint16_t pcid, uint64_t va);

size_t ref_cache_tlb_count(const ref_cache *s);
size_t ref_cache_psc_count(const ref_cache *s);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* "reftlb": the reference model with a finite TLB and paging-structure caches, a second
 * device beside the RTL, so that lockstep can be tested (and the random tester run) without
 * the RTL. It does what a correct hardware may do: it keeps stale entries until evicted
 * or invalidated, uses a cached entry whose rights forbid the access either to fault or
 * to walk again (chosen at random), starts walks from the deepest PSC entry (or, at random,
 * from CR3), evicts at random and sometimes invalidates more than required.
 *
 * Configurations: "i7" (64 TLB entries, 8 per PSC level), "small" (4 and 1: constant
 * eviction), any other of rtl/configs.txt its dTLB's entries (DTlbSets * DTlbWays) and
 * max(1, PscPdeEntries / 4) per PSC level. be_options.inject plants the bugs of
 * inject/inject.h that it carries (INJ_IN_REFTLB).
 */
#ifndef OPENMMU_LOCKSTEP_REFTLB_H
#define OPENMMU_LOCKSTEP_REFTLB_H

#include "backend/backend.h"

backend *reftlb_backend_create(const be_options *opt, char *err, size_t errlen);

#endif

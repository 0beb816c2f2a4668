// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Printing what the explain tap recorded (tap.h): each access of the line as rows -- the
 * TLB and paging-structure-cache lookups, one row per paging-structure entry read, one per
 * A/D update, the result, the counters -- with the ref and the rtl side in two columns when
 * both ran. The ref side carries the rule of docs/semantics.md each step applied (by its
 * number there) and the rights combined so far, worked out by the reference model's own
 * functions from the walk it reported; the rtl side is what the model's observation points
 * saw (tap.h). A row whose two sides differ starts with '*'; a TLB or paging-structure-cache
 * entry that differs from what ref would cache now, with '~'.
 * Between the accesses: the kernel's activity, its notes and the control operations. */
#ifndef OPENMMU_EXPLAIN_SHOW_H
#define OPENMMU_EXPLAIN_SHOW_H

#include <stdio.h>

#include "explain/tap.h"

/* ref or rtl may be NULL (one side ran). only: the access to show (1-based), 0 for all.
 * Returns the number of rows marked '*'; *cached gets the number marked '~'. */
unsigned xp_show(FILE *f, const xp_tap *ref, const xp_tap *rtl, unsigned only, unsigned *cached);

#endif

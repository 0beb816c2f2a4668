// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The "lockstep" backend: a device under test and the reference model, driven together.
 *
 * Every operation goes to both. After each one lockstep checks that the device did
 * something the architecture allows: control operations give the same status; an access
 * gives the result and the memory (A/D bits, stored data) of one of the candidates that
 * lockstep/explain.h enumerates from the reference state, which includes every translation
 * a correct TLB and paging-structure cache may still hold. A store is checked on every
 * byte any candidate could have written: the chosen candidate's targets hold the stored
 * bytes and every other candidate's are unchanged, so a store through a stale entry is
 * never credited to the fresh walk just because the fresh target already held those
 * bytes (the reference memory would then miss the device's write). The first divergence is
 * reported with both views (operation, candidates and why each was rejected, the entries
 * along the walk in both memories) and stops the run: by default the process exits with
 * status 3; a caller that wants to go on (tests, the random tester) turns that off and
 * polls lockstep_diverged().
 *
 * The device is handed in, made by the registry (registry/registry.h: "rtl" for the
 * backend named "lockstep", or any device named after a colon: "lockstep:reftlb" checks
 * the reference model with a finite, randomly evicting TLB). Its be_options (inject
 * included) went to the device; the reference side is never injected.
 */
#ifndef OPENMMU_LOCKSTEP_H
#define OPENMMU_LOCKSTEP_H

#include <stdio.h>

#include "backend/backend.h"
#include "common/physmem.h"
#include "ref/ctl.h"

/* Lockstep of the reference model against dut (named dut_name in reports), which it then
 * owns: destroyed with it, or here if this fails (NULL, message in err). */
backend *lockstep_wrap(backend *dut, const char *dut_name, char *err, size_t errlen);

bool lockstep_is(const backend *b);
bool lockstep_diverged(const backend *b);
void lockstep_set_exit_on_divergence(backend *b, bool on);
/* Data (load values, stored bytes) is compared unless turned off, for a device without a
 * data path; then the reference side does not write store data either. */
void lockstep_set_check_data(backend *b, bool on);
/* Where divergence reports go (stderr by default). */
void lockstep_set_report(backend *b, FILE *f);

/* Compares every word the reference side's memory holds with the device's memory; false
 * (and a divergence) on a difference. */
bool lockstep_check_memory(backend *b);

/* The reference side's memory and control registers: the architectural state, as far as
 * the run has been checked (a caller saving a replayable point takes them right after a
 * memory check passed). Valid until the next operation. */
const physmem *lockstep_ref_memory(const backend *b);
const ref_ctl *lockstep_ref_control(const backend *b);

typedef struct {
    uint64_t ops, accesses;
    uint64_t candidates;      /* considered, over all accesses */
    uint64_t stale;           /* accesses the fresh walk did not explain, but a cached entry did */
    uint64_t store_untouched; /* stores where an earlier candidate held the stored bytes but not the
                                 device's other bytes: told apart only by an untouched target */
    uint64_t tlb_set, psc_set;/* current size of the may-be-cached set */
} lockstep_stats;
void lockstep_get_stats(const backend *b, lockstep_stats *out);

#endif

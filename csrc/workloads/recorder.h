// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* A recording backend: every call is passed to an inner backend and written down as a
 * line of a hardware-level scenario (docs/scenario.md), so that what a program did
 * through the backend interface can be replayed with `openmmu run`.
 *
 * Only the lines since the last recorder_mark are kept. At a mark the caller hands over
 * the architectural state it vouches for at that point (memory and control registers,
 * e.g. the reference side of a lockstep run right after its memory check passed);
 * recorder_write then writes a scenario that rebuilds that state on a fresh device
 * (pwrite of every non-zero word, then the control registers) and repeats the lines
 * recorded since. What the interface cannot show -- TLBs, paging-structure caches, the
 * data cache's contents -- is not rebuilt: a replay starts with them empty, so a failure
 * that needs an entry older than the mark does not reproduce (mark more often).
 *
 * Stores are written with the bytes they store (the value masked to the access size),
 * loads, fetches and preads without expectations: a replay on a lockstep backend checks
 * every result itself.
 */
#ifndef OPENMMU_RECORDER_H
#define OPENMMU_RECORDER_H

#include <stdio.h>

#include "backend/backend.h"
#include "common/physmem.h"
#include "ref/ctl.h"

/* Wraps inner (which stays the caller's: destroying the recorder leaves it alive). NULL
 * if out of host memory. The recording starts at reset (empty memory, reset registers). */
backend *recorder_new(backend *inner);

/* Forgets the lines recorded so far; the replay will start from mem and ctl (copied). */
void recorder_mark(backend *rec, const physmem *mem, const ref_ctl *ctl);

/* Writes the replay scenario to f: header lines (each written as a '#' comment), the
 * state of the last mark, the lines since. False if f reported a write error. */
bool recorder_write(backend *rec, FILE *f, const char *header);

/* Lines recorded since the last mark. */
uint64_t recorder_lines(const backend *rec);

#endif

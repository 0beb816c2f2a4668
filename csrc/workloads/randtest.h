// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The random tester: random page-table forests and random operations on any backend.
 *
 * It builds page tables in physical memory (every page size, random rights and reserved
 * bits at every level, not-present entries, tables and subtrees shared between roots and
 * between places in one tree, several virtual pages on one frame) and then mixes accesses
 * of every kind and privilege (page-crossing ones included) with page-table edits (with
 * and without the invalidation they need), INVLPG/INVPCID of every type, CR3 switches among
 * several PCIDs with and without bit 63, and CR0.WP/CR4/EFER.NXE changes. Leaves always
 * point at data frames and non-leaf entries at table frames, so stores never hit a table.
 *
 * It knows nothing of the expected results: on a lockstep backend every operation is
 * checked (and the whole memory at the end); on any other backend it only exercises it.
 * Deterministic per seed.
 */
#ifndef OPENMMU_RANDTEST_H
#define OPENMMU_RANDTEST_H

#include "backend/backend.h"

typedef struct {
    uint64_t seed;
    uint64_t accesses;
    unsigned verbose; /* 1: progress; 2: every operation */
    /* Lockstep only. Every `checkpoint` accesses (0: 100000) the device's whole memory is
     * compared with the reference's; with dump_path, the state there is kept and, on a
     * divergence, dump_path gets a hardware-level scenario that rebuilds it and repeats
     * every operation from there to the divergent one (workloads/recorder.h), to be
     * replayed with `replay_cmd FILE` (the header names it; NULL: "openmmu run"). */
    uint64_t checkpoint;
    const char *dump_path;
    const char *replay_cmd;
} randtest_opts;

/* Runs a random workload on b; returns 0 if it completed with no divergence, 1 on a
 * divergence, 2 if the dump was asked for on a backend that is not lockstep or could
 * not be written (a message on stderr). Prints one summary line. */
int randtest_run(backend *b, const randtest_opts *o);

#endif

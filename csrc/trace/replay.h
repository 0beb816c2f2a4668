// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Trace replay: a trace becomes one process (PID 1) of the kernel model on a backend.
 * Address-space events are replayed at the recorded addresses (each call must return what
 * it returned in the real run); mapped files are read from this machine (their size and
 * mtime must be the recorded ones); fetches go to the fetch port and loads and stores to
 * the load/store port with their sizes (split into 8-byte pieces, the port's widest); the
 * kernel model handles every fault. A trace without address-space events gets an
 * anonymous read/write/execute page mapped wherever an access first touches unmapped memory.
 *
 * Validation: every access must complete without a fatal signal (the real program's did);
 * every load must read what the kernel's shadow memory says (an earlier store, file bytes,
 * zero-fill), and where the trace recorded a value, that value. Disagreements are
 * reported on stderr as "TRACE: record N: message". */
#ifndef OPENMMU_TRACE_REPLAY_H
#define OPENMMU_TRACE_REPLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "backend/backend.h"

typedef struct {
    const char *trace;
    const char *backend;      /* name, for the report */
    const be_options *be;     /* to create the measured backend after --skip */
    uint64_t skip, limit;     /* limit 0: no limit */
    uint64_t mem_size;
    unsigned kernel_inject;   /* --inject: bugs the kernel model carries (inject/inject.h) */
    bool stats, progress;
} replay_opts;

/* 0: the replay agreed with the trace; 1: a disagreement; 2: bad input (message on
 * stderr); 3: lockstep divergence (the lockstep backend exits by itself). */
int replay_run(const replay_opts *o);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* --wave-on-fail: a waveform of the cycles around the first failure of a run, without
 * tracing the whole run.
 *
 * The simulation is deterministic: the same options and input give the same cycles. So the
 * window is made by running again from a snapshot rather than by keeping a ring of traced
 * cycles (tracing every cycle costs several times the untraced run; docs/waveforms.md has
 * the measurement). A snapshot is a forked copy of the whole program, taken by the RTL
 * backend between two cycles (wof_snapshot) every WOF_EVERY(before) cycles from reset; the
 * copy waits, costing nothing but the memory pages the program changes afterwards. The two
 * newest are kept. The first failure anywhere -- a failed expectation, a lockstep
 * divergence, an AXI4 violation, a replay disagreement, the RTL watchdog -- calls
 * wof_fail(), which notes the RTL's cycle F. When the run ends (wof_finish(), also run at
 * exit) the newest snapshot taken at or before F - before is woken: it goes on from its
 * cycle with the waveform on from F - before, its output discarded, and ends after cycle
 * F + WOF_AFTER. Then the program prints where the window is and the GTKWave command that
 * opens it with the layout, the marker on the failing cycle.
 *
 * A woken copy writes none of the program's files (wof_is_copy: --results, --dump). What
 * is outside the process is not in a snapshot: a kernel scenario whose swap slots are
 * rewritten after the snapshot reads the newer bytes in the copy.
 *
 * Without wof_arm every call here does nothing: a run without --wave-on-fail pays nothing.
 */
#ifndef OPENMMU_WAVE_ON_FAIL_H
#define OPENMMU_WAVE_ON_FAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WOF_BEFORE_DEFAULT 1000u /* cycles before the failure, --wave-before */
#define WOF_AFTER 16u            /* cycles after it */
/* Cycles between snapshots: more than the window, so that one of the two kept is early
 * enough, and enough that forking is rare. */
#define WOF_EVERY(before) ((before) * 4 + 64 > (1u << 19) ? (before) * 4 + 64 : (1u << 19))

/* Turns --wave-on-fail on for this program: FILE, and the cycles before the failure. */
void wof_arm(const char *path, uint64_t before);

/* In a woken copy: the program's own outputs are not written. */
bool wof_is_copy(void);

/* The cycle of the next snapshot (UINT64_MAX: none; not armed). */
uint64_t wof_next_snapshot(void);

/* Called by the RTL backend when its cycle counter reaches wof_next_snapshot(): forks the
 * snapshot. Returns false in the program (and in a snapshot that is not woken: it never
 * returns); true in the woken copy, with the waveform's path and window to trace
 * (cycles [*from, *to], then end the process). */
bool wof_snapshot(uint64_t cycle, const char **path, uint64_t *from, uint64_t *to);

/* The RTL backend's cycle counter (the next cycle to run); NULL when it is gone. */
void wof_clock(const uint64_t *cycle);

/* A failure: the first one notes the last cycle run and what failed. */
void wof_fail(const char *what);
/* The same, at a known cycle (a failure seen within a cycle). */
void wof_fail_at(uint64_t cycle, const char *what);

/* Ends the snapshots; after a failure, first lets one write the window and reports it on
 * standard error. Idempotent; run at exit too. */
void wof_finish(void);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Markers for the waveform: what the harness is doing -- the scenario line and operation,
 * the kernel model's current process and its latest activity (a fault path, reclaim, a TLB
 * shootdown, a context switch) -- shown as named signals on the RTL's cycle timebase
 * (sim/sim_marks.sv, the "harness" group of sim/openmmu.gtkw).
 *
 * Setting a marker only stores it here; the rtl backend hands the current markers to the
 * model before each traced cycle whose markers changed. Without a waveform nothing reads
 * them. Names longer than WAVE_MARK_CHARS are cut.
 *
 * The same points are what `openmmu explain` hears of the kernel: a listener, when one is
 * set, is told every activity and process switch as it is marked (a repeated activity too),
 * and the notes only it receives -- details a signal has no room for (the area a fault
 * found). Without a listener a note is not even formatted.
 */
#ifndef OPENMMU_WAVE_MARKS_H
#define OPENMMU_WAVE_MARKS_H

#include <stdbool.h>
#include <stdint.h>

#define WAVE_MARK_CHARS 16

typedef struct {
    uint32_t line;                     /* scenario line (0: none) */
    int32_t pid;                       /* kernel's current process (0: none) */
    char op[WAVE_MARK_CHARS + 1];      /* the line's operation */
    char act[WAVE_MARK_CHARS + 1];     /* the kernel's latest activity during it */
    uint64_t gen;                      /* changes with every change above */
} wave_marks;

/* A new operation: its line and name; the activity is cleared. */
void wave_mark_op(unsigned line, const char *op);
void wave_mark_pid(int pid);
void wave_mark_kernel(const char *activity);
const wave_marks *wave_marks_now(void);

/* kind: "op" (a new scenario line: text is its operation), "kernel" (an activity), "pid"
 * (text: the new process) or "note". */
typedef void (*wave_marks_listener)(void *ctx, const char *kind, const char *text);
void wave_marks_listen(wave_marks_listener fn, void *ctx); /* NULL: none */
void wave_mark_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

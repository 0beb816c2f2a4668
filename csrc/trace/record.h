// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Recording a real program's trace on this machine (Valgrind; why: docs/trace.md). */
#ifndef OPENMMU_TRACE_RECORD_H
#define OPENMMU_TRACE_RECORD_H

/* Runs argv under the recorder and writes the trace to out. 0 on success (whatever the
 * program's own exit status, which is reported); 1 if the program died of a signal; 2 if
 * the recorder could not run or its output could not be converted (out is removed). */
int trace_record(const char *out, int argc, char *const *argv);

#endif

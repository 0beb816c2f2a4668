// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The trace subcommands of openmmu: `trace record|info|import` and `replay`. */
#ifndef OPENMMU_TRACE_CLI_H
#define OPENMMU_TRACE_CLI_H

#include <stdio.h>

/* argv[0] is "trace" or "replay". Returns the exit status (usage in trace_usage). */
int trace_cli(int argc, char **argv);
void trace_usage(FILE *f);

#endif

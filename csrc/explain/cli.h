// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The `openmmu explain` subcommand (docs/waveforms.md, "openmmu explain"). */
#ifndef OPENMMU_EXPLAIN_CLI_H
#define OPENMMU_EXPLAIN_CLI_H

#include <stdio.h>

/* argv[0] is "explain". Exit status: 0, 1 (ref and rtl differ), 2 (bad input). */
int explain_cli(int argc, char **argv);
void explain_usage(FILE *f);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* How openmmu's command line reports bad input: one line "openmmu: MESSAGE" on stderr and
 * the pointer to --help, then exit status 2 (bad input). One home, so that every subcommand
 * words its errors alike. */
#ifndef OPENMMU_CLI_ERROR_H
#define OPENMMU_CLI_ERROR_H

/* Prints the message; returns 2, for `return cli_bad(...)`. */
int cli_bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

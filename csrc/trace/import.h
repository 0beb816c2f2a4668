// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Importers: other tools' traces into openmmu's format. Each reads a stream, writes the
 * records into w, and on bad input returns 2 with "NAME:LINE: message" (text formats) or
 * "NAME: offset N: message" (binary formats) in err; 0 on success. */
#ifndef OPENMMU_TRACE_IMPORT_H
#define OPENMMU_TRACE_IMPORT_H

#include <stdio.h>

#include "trace/trace.h"

/* Valgrind's log: lackey's --trace-mem=yes lines, and where present the core's
 * --trace-syscalls=yes lines and the startup segment table of -d (in the log, or in
 * `startup`, text read before the log), which become the address-space events (header
 * flag TRF_EVENTS). Sets the header flags. */
int import_lackey(FILE *in, const char *name, const char *startup, tr_writer *w, char *err, size_t errlen);

/* ChampSim's input_instr records (64 bytes, xz-compressed or plain). */
int import_champsim(const char *path, tr_writer *w, char *err, size_t errlen);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* VCD waveforms, for viewers that do not read FST. The Verilated models trace FST only (one
 * trace format per model build); a waveform whose name ends in ".vcd" is written as FST next
 * to it (NAME.vcd.fst) and converted when it is closed by fst2vcd, GTKWave's converter (the
 * gtkwave package, tools/deps.sh), which then removes the FST.
 */
#ifndef OPENMMU_WAVE_VCD_H
#define OPENMMU_WAVE_VCD_H

#include <stdbool.h>
#include <stddef.h>

/* Whether PATH names a VCD waveform (ends in ".vcd"). */
bool wave_is_vcd(const char *path);
/* The file the FST writer writes for PATH: PATH itself, or PATH.fst for a VCD (in buf). */
const char *wave_fst_path(const char *path, char *buf, size_t len);
/* After the FST of a VCD waveform is closed: converts it into PATH, removes it. false with
 * a message on standard error if fst2vcd failed. */
bool wave_vcd_convert(const char *path);
/* Whether fst2vcd can be run (checked before a run that would need it). */
bool wave_vcd_available(void);

#endif

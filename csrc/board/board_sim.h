// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* `--backend board-sim`: the board backend (board_backend.h) on the Verilated board top,
 * through the UART model (simlink.h) -- the same host code and the same RTL as on the board,
 * with the two parameters sim/board.mk names (clocks per bit, memory size). The model has
 * just been powered up, so no RESET is sent: its memory is zero and its SEQ 0. */
#ifndef OPENMMU_BOARD_SIM_H
#define OPENMMU_BOARD_SIM_H

#include "backend/backend.h"

backend *board_sim_backend_create(const be_options *opt, char *err, size_t errlen);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board-sim link (link.h): the host's UART model (uart_model.h) wired bit by bit to the
 * Verilated board top (sim/board_shim.h), both clocked here.
 *
 * Its time: a timeout of T ms runs the model for the bit times T ms are at the ULX3S's
 * 115200 baud (SIMLINK_NOMINAL_BAUD), each board_vl_clks_per_bit cycles long. So a silent
 * board is reported after as many bit times as on the real one, the outcome never depends on
 * the host's load, and 2 s is 230,400 bit times (921,600 cycles at 4 clocks per bit).
 *
 * Wire faults, for the tests that prove both ends reject what they must (a flag of the UART
 * model, set by SIMLINK_FAULT_ENV or simlink_open's argument): "KIND@N", N counting the
 * frames the host sends from 0 (HELLO):
 *   corrupt      frame N goes out with one bit of its payload (or its TYPE) flipped
 *   truncate     frame N goes out without its last half
 *   replay       frame N-1 goes out again instead of frame N (a repeated SEQ)
 *   rsp-corrupt  the response to frame N arrives with one bit flipped
 *   mute         from frame N on, nothing the board sends reaches the host
 */
#ifndef OPENMMU_BOARD_SIMLINK_H
#define OPENMMU_BOARD_SIMLINK_H

#include "board/link.h"

#define SIMLINK_NOMINAL_BAUD 115200u
#define SIMLINK_FAULT_ENV "OPENMMU_BOARD_WIRE"

/* fault: NULL or "" for none, else as above; NULL with a message for a fault it cannot read. */
board_link *simlink_open(const char *fault, char *err, size_t errlen);

/* Cycles the model has run (for the tests). */
uint64_t simlink_cycles(board_link *l);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The C interface to the Verilated board top (rtl/board/board_top.sv) of board-sim.
 *
 * The board has two pins besides its clock and reset: the UART line into it and the one out
 * of it. cycle() applies the inputs for one clock cycle, returns what the transmit pin held
 * during that cycle (what a receiver sampling at the rising edge sees), then clocks it.
 */
#ifndef OPENMMU_SIM_BOARD_SHIM_H
#define OPENMMU_SIM_BOARD_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct board_vl board_vl;

board_vl *board_vl_create(void);
void board_vl_destroy(board_vl *m);
uint8_t board_vl_cycle(board_vl *m, uint8_t rst_n, uint8_t uart_rx);

/* The model's ClksPerBit (sim/board.mk's BOARD_SIM_CPB, the -G it was built with). */
extern const unsigned board_vl_clks_per_bit;
/* Its MemBytes (BOARD_SIM_MEM): its memory is [0, board_vl_mem_bytes). */
extern const uint64_t board_vl_mem_bytes;

#ifdef __cplusplus
}
#endif
#endif

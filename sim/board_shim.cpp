// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The thin C++ layer around the Verilated board top (board_shim.h).
#include "board_shim.h"

#include <verilated.h>

#include "Vboard.h"

struct board_vl {
    VerilatedContext ctx;
    Vboard *top;
    board_vl()
    {
        ctx.threads(1); // no worker thread (sim/shim.cpp says why)
        top = new Vboard(&ctx, "TOP");
    }
    ~board_vl()
    {
        top->final();
        delete top;
    }
};

extern "C" {

const unsigned board_vl_clks_per_bit = BOARD_SIM_CPB;
const uint64_t board_vl_mem_bytes = BOARD_SIM_MEM;

board_vl *board_vl_create(void)
{
    board_vl *m = new board_vl;
    m->top->clk_i = 0;
    m->top->rst_ni = 0;
    m->top->uart_rx_i = 1;
    m->top->eval();
    return m;
}

void board_vl_destroy(board_vl *m) { delete m; }

uint8_t board_vl_cycle(board_vl *m, uint8_t rst_n, uint8_t uart_rx)
{
    Vboard *t = m->top;
    t->rst_ni = rst_n;
    t->uart_rx_i = uart_rx & 1;
    t->clk_i = 0;
    t->eval();
    uint8_t tx = t->uart_tx_o;
    t->clk_i = 1;
    t->eval();
    return tx;
}
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The host's end of a UART, one clock cycle at a time: what `board-sim` connects to the
 * Verilated board top's two serial pins.
 *
 * 8N1 with clks_per_bit clock cycles per bit, as the board's UART (rtl/board) is built:
 * idle high, a start bit (low), 8 data bits LSB first, a stop bit (high). The transmitter
 * sends the queued bytes back to back. The receiver finds a start bit by its falling edge,
 * samples each bit in its middle, and counts a byte whose stop bit is low as a framing
 * error instead of delivering it: a byte it cannot read is never turned into another.
 */
#ifndef OPENMMU_BOARD_UART_MODEL_H
#define OPENMMU_BOARD_UART_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UART_MODEL_QUEUE 4096u /* bytes either way (more than the longest frame) */

typedef struct {
    unsigned cpb;
    /* transmitter (host -> board) */
    uint8_t txq[UART_MODEL_QUEUE];
    size_t tx_head, tx_len;
    unsigned tx_bit, tx_cnt; /* tx_bit 0: idle; 1: start; 2..9: data; 10: stop */
    uint8_t tx_byte;
    /* receiver (board -> host) */
    uint8_t rxq[UART_MODEL_QUEUE];
    size_t rx_head, rx_len;
    unsigned rx_bit, rx_cnt;
    uint8_t rx_byte, rx_last;
    uint64_t framing_errors, overruns;
} uart_model;

/* false if clks_per_bit is below 2 (a bit must have a middle to sample). */
bool uart_model_init(uart_model *u, unsigned clks_per_bit);
/* Queues bytes to send; false (nothing queued) if they do not fit. */
bool uart_model_put(uart_model *u, const uint8_t *buf, size_t n);
/* Is the transmitter idle with nothing queued? */
bool uart_model_tx_idle(const uart_model *u);
/* The level to drive on the board's receive pin in the coming cycle. */
uint8_t uart_model_tx_pin(const uart_model *u);
/* One clock cycle: the transmitter moves on, the receiver samples the board's transmit pin. */
void uart_model_clock(uart_model *u, uint8_t board_tx_pin);
/* Takes up to n received bytes; returns how many. */
size_t uart_model_get(uart_model *u, uint8_t *buf, size_t n);

#endif

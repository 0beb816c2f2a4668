// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The host's end of a UART (uart_model.h). */
#include "uart_model.h"

#include <string.h>

bool uart_model_init(uart_model *u, unsigned clks_per_bit)
{
    memset(u, 0, sizeof *u);
    if (clks_per_bit < 2)
        return false;
    u->cpb = clks_per_bit;
    u->rx_last = 1;
    return true;
}

bool uart_model_put(uart_model *u, const uint8_t *buf, size_t n)
{
    if (n > UART_MODEL_QUEUE - u->tx_len)
        return false;
    for (size_t i = 0; i < n; i++)
        u->txq[(u->tx_head + u->tx_len + i) % UART_MODEL_QUEUE] = buf[i];
    u->tx_len += n;
    return true;
}

bool uart_model_tx_idle(const uart_model *u) { return u->tx_bit == 0 && u->tx_len == 0; }

uint8_t uart_model_tx_pin(const uart_model *u)
{
    if (u->tx_bit == 1)
        return 0;
    if (u->tx_bit >= 2 && u->tx_bit <= 9)
        return (u->tx_byte >> (u->tx_bit - 2)) & 1;
    return 1; /* idle and stop */
}

static void tx_take(uart_model *u)
{
    u->tx_byte = u->txq[u->tx_head];
    u->tx_head = (u->tx_head + 1) % UART_MODEL_QUEUE;
    u->tx_len--;
    u->tx_bit = 1;
    u->tx_cnt = 0;
}

static void tx_clock(uart_model *u)
{
    if (u->tx_bit == 0) {
        if (u->tx_len)
            tx_take(u); /* this cycle the pin was still idle: the start bit is the next cpb */
        return;
    }
    /* the pin held this cycle was uart_model_tx_pin's; the bit ends after cpb of them */
    if (++u->tx_cnt < u->cpb)
        return;
    u->tx_cnt = 0;
    if (u->tx_bit < 10)
        u->tx_bit++;
    else if (u->tx_len)
        tx_take(u); /* back to back: the next start bit follows the stop bit */
    else
        u->tx_bit = 0;
}

static void rx_clock(uart_model *u, uint8_t pin)
{
    pin &= 1;
    if (u->rx_bit == 0) {
        if (u->rx_last && !pin) { /* falling edge: a start bit began this cycle */
            u->rx_bit = 1;
            u->rx_cnt = 0;
        }
        u->rx_last = pin;
        return;
    }
    u->rx_last = pin;
    /* sample in the middle of each bit: cpb/2 cycles into the start bit, then every cpb */
    unsigned at = u->rx_bit == 1 ? u->cpb / 2 : u->cpb;
    if (++u->rx_cnt < at)
        return;
    u->rx_cnt = 0;
    if (u->rx_bit == 1) {
        u->rx_bit = pin ? 0 : 2; /* a glitch, not a start bit */
        u->rx_byte = 0;
    } else if (u->rx_bit <= 9) {
        u->rx_byte |= (uint8_t)(pin << (u->rx_bit - 2));
        u->rx_bit++;
    } else {
        if (!pin)
            u->framing_errors++;
        else if (u->rx_len == UART_MODEL_QUEUE)
            u->overruns++;
        else
            u->rxq[(u->rx_head + u->rx_len++) % UART_MODEL_QUEUE] = u->rx_byte;
        /* a low stop bit: wait for the line to go high before looking for the next start */
        u->rx_bit = 0;
        u->rx_last = pin;
    }
}

void uart_model_clock(uart_model *u, uint8_t board_tx_pin)
{
    tx_clock(u);
    rx_clock(u, board_tx_pin);
}

size_t uart_model_get(uart_model *u, uint8_t *buf, size_t n)
{
    size_t k = n < u->rx_len ? n : u->rx_len;
    for (size_t i = 0; i < k; i++)
        buf[i] = u->rxq[(u->rx_head + i) % UART_MODEL_QUEUE];
    u->rx_head = (u->rx_head + k) % UART_MODEL_QUEUE;
    u->rx_len -= k;
    return k;
}

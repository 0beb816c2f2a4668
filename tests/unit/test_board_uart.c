// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The host's UART model of board-sim: exact 8N1 bit timing on the pin, bytes back through
 * its own receiver, and a byte with a low stop bit is a framing error, not a byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "board/uart_model.h"

static void bit_timing_is_8n1_at_cpb(void **state)
{
    (void)state;
    for (unsigned cpb = 2; cpb <= 7; cpb++) {
        uart_model u;
        assert_true(uart_model_init(&u, cpb));
        uint8_t b[2] = {0xa5, 0x0f};
        assert_true(uart_model_put(&u, b, 2));
        uint8_t pins[64];
        unsigned n = 0;
        /* skip the idle cycle in which the transmitter takes the first byte */
        uart_model_clock(&u, 1);
        for (unsigned c = 0; c < 20 * cpb; c++) {
            uint8_t p = uart_model_tx_pin(&u);
            uart_model_clock(&u, 1);
            if (c % cpb == 0)
                pins[n++] = p;
            else
                assert_int_equal(p, pins[n - 1]); /* steady for the whole bit */
        }
        /* start, a5 LSB first, stop; start, 0f LSB first, stop: back to back */
        static const uint8_t want[20] = {0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1};
        assert_memory_equal(pins, want, 20);
        assert_true(uart_model_tx_idle(&u));
        assert_int_equal(uart_model_tx_pin(&u), 1);
    }
}

static void loopback_delivers_every_byte(void **state)
{
    (void)state;
    uart_model u;
    assert_true(uart_model_init(&u, 4));
    uint8_t out[256], in[256];
    for (int i = 0; i < 256; i++)
        out[i] = (uint8_t)(i * 37 + 11);
    assert_true(uart_model_put(&u, out, sizeof out));
    size_t got = 0;
    for (unsigned c = 0; c < 256 * 10 * 4 + 100; c++) {
        uart_model_clock(&u, uart_model_tx_pin(&u));
        got += uart_model_get(&u, in + got, sizeof in - got);
    }
    assert_int_equal(got, 256);
    assert_memory_equal(in, out, sizeof out);
    assert_int_equal(u.framing_errors, 0);
}

static void low_stop_bit_is_a_framing_error(void **state)
{
    (void)state;
    uart_model u;
    assert_true(uart_model_init(&u, 4));
    /* start, 8 data bits of 0x55, stop bit LOW, then idle: drive the pin by hand */
    uint8_t bits[] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1};
    for (size_t i = 0; i < sizeof bits; i++)
        for (int c = 0; c < 4; c++)
            uart_model_clock(&u, bits[i]);
    uint8_t b;
    assert_int_equal(uart_model_get(&u, &b, 1), 0);
    assert_int_equal(u.framing_errors, 1);
    /* the receiver recovers: a good byte after it is read */
    uint8_t good[] = {0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1};
    for (size_t i = 0; i < sizeof good; i++)
        for (int c = 0; c < 4; c++)
            uart_model_clock(&u, good[i]);
    assert_int_equal(uart_model_get(&u, &b, 1), 1);
    assert_int_equal(b, 0x66); /* 0,1,1,0,0,1,1,0 LSB first */
}

static void too_small_cpb_and_overfull_queue_are_refused(void **state)
{
    (void)state;
    uart_model u;
    assert_false(uart_model_init(&u, 1));
    assert_true(uart_model_init(&u, 2));
    static uint8_t big[UART_MODEL_QUEUE + 1];
    assert_false(uart_model_put(&u, big, sizeof big));
    assert_true(uart_model_tx_idle(&u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bit_timing_is_8n1_at_cpb),
        cmocka_unit_test(loopback_delivers_every_byte),
        cmocka_unit_test(low_stop_bit_is_a_framing_error),
        cmocka_unit_test(too_small_cpb_and_overfull_queue_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

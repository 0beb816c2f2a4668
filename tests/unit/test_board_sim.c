// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The Verilated board top (rtl/board) through the UART model, frame by frame: HELLO says
 * what sim/board.mk built, and every frame the board must reject -- a corrupted byte, a
 * truncated frame, a repeated or skipped SEQ, a wrong length, an unknown type, an address
 * outside its memory, a bad argument -- is answered with its error code and is never
 * executed: the word it would have written still reads as before; its sparse memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "board_shim.h"

#include "board/proto.h"
#include "board/simlink.h"
#include "common/configs.h"

typedef struct {
    board_link *l;
    uint8_t seq;
} sim;

/* Sends raw bytes; returns the next frame the board sends (type, seq, payload in *f). */
static void exchange(sim *s, const uint8_t *fr, size_t n, bp_frame *f)
{
    char err[256];
    assert_true(s->l->ops->send(s->l, fr, n, err, sizeof err));
    bp_rx rx;
    bp_rx_init(&rx, BP_MAX_RSP);
    for (;;) {
        uint8_t b[64];
        long k = s->l->ops->recv(s->l, b, sizeof b, 2000, err, sizeof err);
        assert_true(k > 0); /* the board answers every frame, also a damaged one */
        for (long i = 0; i < k; i++) {
            bp_rx_result x = bp_rx_byte(&rx, b[i], f);
            assert_true(x == BP_RX_MORE || x == BP_RX_FRAME);
            if (x == BP_RX_FRAME) {
                assert_int_equal(i, k - 1);
                return;
            }
        }
    }
}

static void request(sim *s, uint8_t type, const uint8_t *pl, uint16_t len, bp_frame *f)
{
    uint8_t fr[BP_OVERHEAD + BP_MAX_REQ];
    size_t n = bp_encode(fr, s->seq, type, pl, len);
    exchange(s, fr, n, f);
}

static void expect_ok(sim *s, uint8_t type, const uint8_t *pl, uint16_t len, bp_frame *f)
{
    request(s, type, pl, len, f);
    char err[200];
    int c = bp_check_response(f, s->seq, type, err, sizeof err);
    if (c)
        print_message("%s\n", err);
    assert_int_equal(c, 0);
    s->seq++;
}

static void expect_error(const bp_frame *f, unsigned code, int info)
{
    assert_int_equal(f->type, BP_ERROR);
    assert_int_equal(f->len, 2);
    if (f->payload[0] != code)
        print_message("got %s (info %u), expected %s\n", bp_error_name(f->payload[0]), f->payload[1],
                      bp_error_name(code));
    assert_int_equal(f->payload[0], code);
    if (info >= 0)
        assert_int_equal(f->payload[1], info);
}

static void pwrite_pl(uint8_t pl[17], uint64_t pa, unsigned size, uint64_t v)
{
    bp_put(pl, pa, 8);
    pl[8] = (uint8_t)size;
    bp_put(pl + 9, v, 8);
}

static uint64_t pread(sim *s, uint64_t pa)
{
    uint8_t pl[9];
    bp_put(pl, pa, 8);
    pl[8] = 8;
    bp_frame f;
    expect_ok(s, BP_PREAD, pl, 9, &f);
    assert_int_equal(f.payload[0], 0);
    return bp_get(f.payload + 1, 8);
}

static sim *sim_open(void)
{
    static sim s;
    char err[256];
    s.l = simlink_open(NULL, err, sizeof err);
    assert_non_null(s.l);
    s.seq = 0;
    return &s;
}

static void hello_says_what_was_built(void **state)
{
    (void)state;
    sim *s = sim_open();
    bp_frame f;
    expect_ok(s, BP_HELLO, NULL, 0, &f);
    assert_int_equal(f.payload[0], BP_VERSION);
    assert_int_equal(f.payload[1], 40);
    assert_int_equal(bp_get(f.payload + 2, 2), board_vl_clks_per_bit);
    assert_int_equal(bp_get(f.payload + 6, 2), 0); /* no noise yet */
    assert_int_equal(bp_get(f.payload + 12, 8), 0);
    assert_int_equal(bp_get(f.payload + 20, 8), board_vl_mem_bytes);
    assert_string_equal((const char *)f.payload + 28, "small");
    assert_int_equal(f.payload[36], CFG_NPARAMS); /* one per row of rtl/configs.txt */
    assert_int_equal(bp_get(f.payload + 37, 4), 4); /* ITlbSets of small (rtl/configs.txt) */
    s->l->ops->close(s->l);
}

static void rejected_frames_are_never_executed(void **state)
{
    (void)state;
    sim *s = sim_open();
    bp_frame f;
    uint8_t pl[17], fr[BP_OVERHEAD + BP_MAX_REQ];
    expect_ok(s, BP_HELLO, NULL, 0, &f);
    pwrite_pl(pl, 0x1000, 8, 0xaaaa);
    expect_ok(s, BP_PWRITE, pl, 17, &f);
    assert_int_equal(pread(s, 0x1000), 0xaaaa);

    /* a corrupted byte: BAD_CRC */
    pwrite_pl(pl, 0x1000, 8, 0xbbbb);
    size_t n = bp_encode(fr, s->seq, BP_PWRITE, pl, 17);
    fr[14] ^= 0x01;
    exchange(s, fr, n, &f);
    expect_error(&f, BP_E_BAD_CRC, 0);
    assert_int_equal(pread(s, 0x1000), 0xaaaa);

    /* a truncated frame: TRUNCATED, with the bytes received */
    n = bp_encode(fr, s->seq, BP_PWRITE, pl, 17);
    exchange(s, fr, 10, &f);
    expect_error(&f, BP_E_TRUNCATED, 10);
    assert_int_equal(pread(s, 0x1000), 0xaaaa);

    /* a repeated SEQ and a skipped one: BAD_SEQ with the one expected */
    for (int d = -1; d <= 1; d += 2) {
        n = bp_encode(fr, (uint8_t)(s->seq + d), BP_PWRITE, pl, 17);
        exchange(s, fr, n, &f);
        expect_error(&f, BP_E_BAD_SEQ, s->seq);
        assert_int_equal(pread(s, 0x1000), 0xaaaa);
    }

    /* a good CRC over the wrong length for the type, and a LEN over the longest request */
    n = bp_encode(fr, s->seq, BP_PWRITE, pl, 16);
    exchange(s, fr, n, &f);
    expect_error(&f, BP_E_BAD_LENGTH, 0);
    uint8_t big[] = {BP_SYNC, 73, 0, 0, BP_PWRITE, 1, 2, 3, 4, 5}; /* the rest never comes */
    exchange(s, big, sizeof big, &f);
    expect_error(&f, BP_E_BAD_LENGTH, 0);
    assert_int_equal(pread(s, 0x1000), 0xaaaa);

    /* an unknown type */
    request(s, 0x55, NULL, 0, &f);
    expect_error(&f, BP_E_UNKNOWN_TYPE, 0x55);

    /* outside the memory, and a size crossing its word */
    pwrite_pl(pl, board_vl_mem_bytes, 8, 0xcccc);
    request(s, BP_PWRITE, pl, 17, &f);
    expect_error(&f, BP_E_BAD_ADDR, 0);
    pwrite_pl(pl, 0x1004, 8, 0xcccc);
    request(s, BP_PWRITE, pl, 17, &f);
    expect_error(&f, BP_E_BAD_ARG, 0);
    assert_int_equal(pread(s, 0x1000), 0xaaaa);

    /* and the board still executes the next good request */
    pwrite_pl(pl, 0x1000, 8, 0xdddd);
    expect_ok(s, BP_PWRITE, pl, 17, &f);
    assert_int_equal(pread(s, 0x1000), 0xdddd);
    s->l->ops->close(s->l);
}

static void noise_between_frames_is_counted_and_dropped(void **state)
{
    (void)state;
    sim *s = sim_open();
    bp_frame f;
    uint8_t fr[BP_OVERHEAD + 8];
    memcpy(fr, "xyz", 3);
    size_t n = bp_encode(fr + 3, 0, BP_HELLO, NULL, 0);
    exchange(s, fr, n + 3, &f);
    assert_int_equal(f.type, BP_HELLO | BP_RSP_BIT);
    assert_int_equal(bp_get(f.payload + 6, 2), 3);
    s->l->ops->close(s->l);
}

static void pwrite_ok(sim *s, uint64_t pa, uint64_t v)
{
    uint8_t pl[17];
    bp_frame f;
    pwrite_pl(pl, pa, 8, v);
    expect_ok(s, BP_PWRITE, pl, 17, &f);
    assert_int_equal(f.payload[0], 0);
}

/* The simulated board's memory is sparse (board_axi_ram.sv): a word holds what was written
 * at its own address only, the top word of the space too -- never what was written at an
 * address equal in its low bits (a RAM indexed by too few bits would show it there) -- and
 * RESET clears every word written. */
static void sparse_memory_keeps_words_apart_and_reset_clears_it(void **state)
{
    (void)state;
    sim *s = sim_open();
    bp_frame f;
    expect_ok(s, BP_HELLO, NULL, 0, &f);
    const uint64_t top = board_vl_mem_bytes - 8, low = top & ((16u << 20) - 1);
    pwrite_ok(s, top, 0x1111);
    assert_int_equal(pread(s, top), 0x1111);
    assert_int_equal(pread(s, low), 0);
    assert_int_equal(pread(s, top & ((1ull << 30) - 1)), 0);
    pwrite_ok(s, low, 0x2222);
    pwrite_ok(s, 0x1000, 0x3333);
    assert_int_equal(pread(s, top), 0x1111);
    assert_int_equal(pread(s, low), 0x2222);
    expect_ok(s, BP_RESET, NULL, 0, &f);
    assert_int_equal(pread(s, top), 0);
    assert_int_equal(pread(s, low), 0);
    assert_int_equal(pread(s, 0x1000), 0);
    /* and it is memory again after the clear */
    pwrite_ok(s, top, 0x4444);
    assert_int_equal(pread(s, top), 0x4444);
    s->l->ops->close(s->l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hello_says_what_was_built),
        cmocka_unit_test(rejected_frames_are_never_executed),
        cmocka_unit_test(noise_between_frames_is_counted_and_dropped),
        cmocka_unit_test(sparse_memory_keeps_words_apart_and_reset_clears_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

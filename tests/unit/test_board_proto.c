// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board protocol's frames on the host: the CRC and the example of
 * docs/board-protocol.md, round trips of every type, and every damaged, truncated, late,
 * repeated or mis-sized response is an error, never a result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "board/proto.h"

/* Feeds a frame byte by byte: the first result that is not BP_RX_MORE, or BP_RX_MORE. */
static bp_rx_result feed(bp_rx *r, const uint8_t *b, size_t n, bp_frame *f)
{
    for (size_t i = 0; i < n; i++) {
        bp_rx_result x = bp_rx_byte(r, b[i], f);
        if (x != BP_RX_MORE)
            return x;
    }
    return BP_RX_MORE;
}

static void crc_and_the_documented_example(void **state)
{
    (void)state;
    assert_int_equal(bp_crc16((const uint8_t *)"123456789", 9), 0x29B1);
    uint8_t f[BP_OVERHEAD];
    assert_int_equal(bp_encode(f, 0, BP_HELLO, NULL, 0), 7);
    static const uint8_t want[] = {0xA5, 0x00, 0x00, 0x00, 0x01, 0x94, 0xE1};
    assert_memory_equal(f, want, sizeof want);
    assert_int_equal(bp_crc16(f + 1, 6), 0); /* how the board checks it */
}

static void every_type_round_trips(void **state)
{
    (void)state;
    static const uint8_t types[] = {BP_HELLO, BP_RESET, BP_PWRITE, BP_PREAD, BP_LINE_READ,
                                    BP_LINE_WRITE, BP_CSR, BP_COUNTERS, BP_PORT};
    for (size_t t = 0; t < sizeof types; t++) {
        int len = bp_request_len(types[t]);
        assert_true(len >= 0 && len <= (int)BP_MAX_REQ);
        uint8_t pl[BP_MAX_REQ], fr[BP_OVERHEAD + BP_MAX_REQ];
        for (int i = 0; i < len; i++)
            pl[i] = (uint8_t)(i * 31 + t);
        size_t n = bp_encode(fr, (uint8_t)(200 + t), types[t], pl, (uint16_t)len);
        assert_int_equal(n, BP_OVERHEAD + (size_t)len);
        bp_rx r;
        bp_rx_init(&r, BP_MAX_REQ);
        bp_frame f;
        assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
        assert_int_equal(f.type, types[t]);
        assert_int_equal(f.seq, 200 + t);
        assert_int_equal(f.len, len);
        assert_memory_equal(f.payload, pl, (size_t)len);
    }
    assert_int_equal(bp_request_len(0x00), -1);
    assert_int_equal(bp_request_len(0x81), -1);
    assert_int_equal(bp_request_len(BP_ERROR), -1);
}

/* A PREAD response, as the board sends it. */
static size_t pread_response(uint8_t *fr, uint8_t seq, uint64_t value)
{
    uint8_t pl[9] = {0};
    bp_put(pl + 1, value, 8);
    return bp_encode(fr, seq, BP_PREAD | BP_RSP_BIT, pl, 9);
}

static void a_good_response_is_accepted_with_its_value(void **state)
{
    (void)state;
    uint8_t fr[64];
    size_t n = pread_response(fr, 7, 0x1122334455667788ull);
    bp_rx r;
    bp_rx_init(&r, BP_MAX_RSP);
    bp_frame f;
    char err[160];
    assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
    assert_int_equal(bp_check_response(&f, 7, BP_PREAD, err, sizeof err), 0);
    assert_int_equal(bp_get(f.payload + 1, 8), 0x1122334455667788ull);
}

/* Every single-bit error anywhere in the frame, and every byte replaced by every other value,
 * ends as an error or an incomplete frame (which the backend's timeout ends): never as the
 * response with a value. */
static void every_corrupted_byte_is_rejected(void **state)
{
    (void)state;
    uint8_t good[64];
    size_t n = pread_response(good, 9, 0x0123456789abcdefull);
    unsigned rejected = 0, incomplete = 0;
    for (size_t at = 0; at < n; at++)
        for (unsigned v = 0; v < 256; v++) {
            if (v == good[at])
                continue;
            uint8_t fr[64];
            memcpy(fr, good, n);
            fr[at] = (uint8_t)v;
            bp_rx r;
            bp_rx_init(&r, BP_MAX_RSP);
            bp_frame f;
            bp_rx_result x = feed(&r, fr, n, &f);
            char err[160];
            if (x == BP_RX_FRAME) {
                /* a shorter LEN ends the frame early: the CRC still must have caught it */
                assert_int_not_equal(bp_check_response(&f, 9, BP_PREAD, err, sizeof err), 0);
                rejected++;
            } else if (x == BP_RX_MORE) {
                incomplete++; /* a longer LEN: the frame never completes */
                assert_true(at == 1 || at == 2);
            } else {
                rejected++;
            }
        }
    assert_int_equal(rejected + incomplete, n * 255);
    assert_true(rejected > n * 200);
}

static void truncated_frame_never_completes(void **state)
{
    (void)state;
    uint8_t fr[64];
    size_t n = pread_response(fr, 3, 42);
    for (size_t k = 0; k < n; k++) {
        bp_rx r;
        bp_rx_init(&r, BP_MAX_RSP);
        bp_frame f;
        assert_int_equal(feed(&r, fr, k, &f), BP_RX_MORE);
        assert_int_equal(r.got, k);
    }
}

static void wrong_or_repeated_sequence_number_is_rejected(void **state)
{
    (void)state;
    char err[160];
    for (unsigned seq = 0; seq < 256; seq++) {
        uint8_t fr[64];
        size_t n = pread_response(fr, (uint8_t)seq, 5);
        bp_rx r;
        bp_rx_init(&r, BP_MAX_RSP);
        bp_frame f;
        assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
        int c = bp_check_response(&f, 17, BP_PREAD, err, sizeof err);
        if (seq == 17)
            assert_int_equal(c, 0);
        else {
            assert_int_equal(c, -1);
            assert_non_null(strstr(err, "sequence number"));
        }
    }
}

static void wrong_type_or_length_is_rejected(void **state)
{
    (void)state;
    char err[160];
    bp_rx r;
    bp_frame f;
    uint8_t fr[64], pl[16] = {0};
    /* the response of another request type */
    size_t n = bp_encode(fr, 4, BP_CSR | BP_RSP_BIT, pl, 9);
    bp_rx_init(&r, BP_MAX_RSP);
    assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
    assert_int_equal(bp_check_response(&f, 4, BP_PREAD, err, sizeof err), -1);
    assert_non_null(strstr(err, "type 0xa0"));
    /* a request echoed back (no response bit) */
    n = bp_encode(fr, 4, BP_PREAD, pl, 9);
    bp_rx_init(&r, BP_MAX_RSP);
    assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
    assert_int_equal(bp_check_response(&f, 4, BP_PREAD, err, sizeof err), -1);
    /* a good CRC over a payload one byte short and one byte long */
    for (unsigned len = 8; len <= 10; len += 2) {
        n = bp_encode(fr, 4, BP_PREAD | BP_RSP_BIT, pl, (uint16_t)len);
        bp_rx_init(&r, BP_MAX_RSP);
        assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
        assert_int_equal(bp_check_response(&f, 4, BP_PREAD, err, sizeof err), -1);
        assert_non_null(strstr(err, "payload bytes (expected 9)"));
    }
    /* COUNTERS and HELLO: the length their own n says */
    uint8_t cnt[1 + 8 * 3] = {3};
    n = bp_encode(fr, 4, BP_COUNTERS | BP_RSP_BIT, cnt, sizeof cnt - 8);
    bp_rx_init(&r, BP_MAX_RSP);
    assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
    assert_int_equal(bp_check_response(&f, 4, BP_COUNTERS, err, sizeof err), -1);
    n = bp_encode(fr, 4, BP_COUNTERS | BP_RSP_BIT, cnt, sizeof cnt);
    bp_rx_init(&r, BP_MAX_RSP);
    assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
    assert_int_equal(bp_check_response(&f, 4, BP_COUNTERS, err, sizeof err), 0);
    /* a LEN above what the host accepts is refused as soon as it is read */
    uint8_t big[] = {BP_SYNC, 0xff, 0xff};
    bp_rx_init(&r, BP_MAX_RSP);
    assert_int_equal(bp_rx_byte(&r, big[0], &f), BP_RX_MORE);
    assert_int_equal(bp_rx_byte(&r, big[1], &f), BP_RX_MORE);
    assert_int_equal(bp_rx_byte(&r, big[2], &f), BP_RX_TOO_LONG);
}

static void garbage_and_error_responses(void **state)
{
    (void)state;
    bp_rx r;
    bp_frame f;
    char err[160];
    bp_rx_init(&r, BP_MAX_RSP);
    assert_int_equal(bp_rx_byte(&r, 'O', &f), BP_RX_NOT_SYNC);
    uint8_t fr[16], pl[2] = {BP_E_BAD_SEQ, 12};
    size_t n = bp_encode(fr, 99, BP_ERROR, pl, 2);
    assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
    assert_int_equal(bp_check_response(&f, 11, BP_PREAD, err, sizeof err), 1);
    assert_non_null(strstr(err, "BAD_SEQ (info 12)"));
    n = bp_encode(fr, 11, BP_ERROR, pl, 1);
    assert_int_equal(feed(&r, fr, n, &f), BP_RX_FRAME);
    assert_int_equal(bp_check_response(&f, 11, BP_PREAD, err, sizeof err), -1);
    assert_string_equal(bp_error_name(BP_E_FRAMING), "FRAMING");
    assert_string_equal(bp_error_name(77), "code 77");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crc_and_the_documented_example),
        cmocka_unit_test(every_type_round_trips),
        cmocka_unit_test(a_good_response_is_accepted_with_its_value),
        cmocka_unit_test(every_corrupted_byte_is_rejected),
        cmocka_unit_test(truncated_frame_never_completes),
        cmocka_unit_test(wrong_or_repeated_sequence_number_is_rejected),
        cmocka_unit_test(wrong_type_or_length_is_rejected),
        cmocka_unit_test(garbage_and_error_responses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

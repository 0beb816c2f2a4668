// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board protocol's frames (proto.h; docs/board-protocol.md). */
#include "proto.h"

#include <stdio.h>
#include <string.h>

const char *bp_error_name(unsigned code)
{
    switch (code) {
#define BP_ERR_CASE(c, name) \
    case c:                  \
        return #name;
        BP_ERRORS(BP_ERR_CASE)
#undef BP_ERR_CASE
    }
    static char other[16];
    snprintf(other, sizeof other, "code %u", code);
    return other;
}

int bp_request_len(unsigned type)
{
    switch (type) {
    case BP_HELLO:
    case BP_RESET:
    case BP_COUNTERS:
        return 0;
    case BP_PWRITE:
        return 17;
    case BP_PREAD:
        return 9;
    case BP_LINE_READ:
        return 8;
    case BP_LINE_WRITE:
        return 72;
    case BP_CSR:
        return 25;
    case BP_PORT:
        return 20;
    default:
        return -1;
    }
}

int bp_response_len(unsigned type, const uint8_t *payload, uint16_t len)
{
    switch (type) {
    case BP_HELLO:
        return len > BP_HELLO_FIXED - 1 ? (int)(BP_HELLO_FIXED + 4u * payload[BP_HELLO_FIXED - 1]) : -1;
    case BP_COUNTERS:
        return len >= 1 ? 1 + 8 * payload[0] : -1;
    case BP_RESET:
        return 0;
    case BP_PWRITE:
    case BP_LINE_WRITE:
        return 1;
    case BP_PREAD:
    case BP_CSR:
        return 9;
    case BP_LINE_READ:
        return 65;
    case BP_PORT:
        return 26;
    default:
        return -1;
    }
}

uint16_t bp_crc16(const uint8_t *p, size_t n)
{
    uint16_t c = 0xFFFF;
    for (size_t i = 0; i < n; i++) {
        c ^= (uint16_t)(p[i] << 8);
        for (int b = 0; b < 8; b++)
            c = (uint16_t)(c & 0x8000 ? c << 1 ^ 0x1021 : c << 1);
    }
    return c;
}

size_t bp_encode(uint8_t *out, uint8_t seq, uint8_t type, const uint8_t *payload, uint16_t len)
{
    out[0] = BP_SYNC;
    bp_put(out + 1, len, 2);
    out[3] = seq;
    out[4] = type;
    if (len)
        memcpy(out + 5, payload, len);
    uint16_t c = bp_crc16(out + 1, 4u + len);
    out[5 + len] = (uint8_t)(c >> 8); /* the one field sent most significant byte first */
    out[6 + len] = (uint8_t)c;
    return BP_OVERHEAD + len;
}

void bp_rx_init(bp_rx *r, uint16_t max_payload)
{
    r->got = 0;
    r->max = max_payload > BP_MAX_RSP ? BP_MAX_RSP : max_payload;
}

bp_rx_result bp_rx_byte(bp_rx *r, uint8_t byte, bp_frame *out)
{
    if (r->got == 0 && byte != BP_SYNC)
        return BP_RX_NOT_SYNC;
    r->buf[r->got++] = byte;
    if (r->got < 3)
        return BP_RX_MORE;
    uint16_t len = (uint16_t)bp_get(r->buf + 1, 2);
    if (r->got == 3 && len > r->max) {
        r->got = 0;
        return BP_RX_TOO_LONG;
    }
    if (r->got < BP_OVERHEAD + (size_t)len)
        return BP_RX_MORE;
    r->got = 0;
    /* over LEN..CRC with the CRC sent high byte first, a good frame's CRC is 0 */
    if (bp_crc16(r->buf + 1, 6u + len) != 0)
        return BP_RX_BAD_CRC;
    out->len = len;
    out->seq = r->buf[3];
    out->type = r->buf[4];
    memcpy(out->payload, r->buf + 5, len);
    return BP_RX_FRAME;
}

int bp_check_response(const bp_frame *f, uint8_t seq, uint8_t type, char *err, size_t errlen)
{
    if (f->type == BP_ERROR) {
        /* the board's answer to the outstanding request whatever its SEQ (the page) */
        if (f->len != 2) {
            snprintf(err, errlen, "an error response with %u payload bytes (an error response has 2)", f->len);
            return -1;
        }
        snprintf(err, errlen, "the board rejected the request: %s (info %u)", bp_error_name(f->payload[0]),
                 f->payload[1]);
        return 1;
    }
    if (f->type != (type | BP_RSP_BIT)) {
        snprintf(err, errlen, "a response of type 0x%02x to a request of type 0x%02x (expected 0x%02x)", f->type,
                 type, type | BP_RSP_BIT);
        return -1;
    }
    if (f->seq != seq) {
        snprintf(err, errlen, "a response with sequence number %u to request %u", f->seq, seq);
        return -1;
    }
    int want = bp_response_len(type, f->payload, f->len);
    if (want < 0 || want != f->len) {
        snprintf(err, errlen, "a response of type 0x%02x with %u payload bytes (expected %d)", f->type, f->len,
                 want);
        return -1;
    }
    return 0;
}

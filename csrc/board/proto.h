// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board protocol's frames, once for the host (docs/board-protocol.md is the definition:
 * the constants and lengths below are its tables).
 *
 * A frame is SYNC, LEN (u16 LE, payload bytes), SEQ, TYPE, the payload, and a CRC-16/
 * CCITT-FALSE of LEN..payload sent most significant byte first. The receiver below takes
 * bytes one at a time and hands out a frame only when its CRC holds; bp_check_response
 * then decides whether it is the answer to the request outstanding. Anything else is an
 * error with a message: a frame this code cannot vouch for is never read as a result.
 */
#ifndef OPENMMU_BOARD_PROTO_H
#define OPENMMU_BOARD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BP_VERSION 1u
#define BP_SYNC 0xA5u
#define BP_OVERHEAD 7u  /* SYNC, LEN, SEQ, TYPE, CRC */
#define BP_MAX_REQ 72u  /* the longest request payload (LINE_WRITE) */
#define BP_MAX_RSP 1024u /* what the host accepts: COUNTERS is 1 + 8n, HELLO 37 + 4n */
#define BP_RSP_BIT 0x80u
#define BP_HELLO_FIXED 37u /* HELLO's payload before its n geometry parameters */

enum {
    BP_HELLO = 0x01,
    BP_RESET = 0x02,
    BP_PWRITE = 0x10,
    BP_PREAD = 0x11,
    BP_LINE_READ = 0x12,
    BP_LINE_WRITE = 0x13,
    BP_CSR = 0x20,
    BP_COUNTERS = 0x21,
    BP_PORT = 0x30,
    BP_ERROR = 0xFF,
};

/* The board's error codes (an error response's first payload byte). */
#define BP_ERRORS(X)                                                                               \
    X(1, BAD_CRC) X(2, BAD_LENGTH) X(3, UNKNOWN_TYPE) X(4, BAD_SEQ) X(5, TRUNCATED) X(6, BAD_ADDR) \
    X(7, BAD_ARG) X(8, OVERRUN) X(9, FRAMING)
enum {
#define BP_ERR_ENUM(code, name) BP_E_##name = code,
    BP_ERRORS(BP_ERR_ENUM)
#undef BP_ERR_ENUM
};
/* "BAD_CRC", ...; "code N" (a static buffer) for one the page does not list. */
const char *bp_error_name(unsigned code);

/* A request's payload length, or -1 for a type that is not a request. */
int bp_request_len(unsigned type);

/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR). */
uint16_t bp_crc16(const uint8_t *p, size_t n);

/* Writes the whole frame into out (BP_OVERHEAD + len bytes); returns its length. */
size_t bp_encode(uint8_t *out, uint8_t seq, uint8_t type, const uint8_t *payload, uint16_t len);

static inline void bp_put(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint64_t bp_get(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = bytes; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

typedef struct {
    uint8_t seq, type;
    uint16_t len;
    uint8_t payload[BP_MAX_RSP];
} bp_frame;

/* The receiver: one frame at a time. */
typedef struct {
    size_t got;     /* bytes of the current frame so far (0: waiting for SYNC) */
    uint16_t max;   /* the longest payload accepted */
    uint8_t buf[BP_OVERHEAD + BP_MAX_RSP];
} bp_rx;

typedef enum {
    BP_RX_MORE,     /* the byte was taken; the frame is not complete */
    BP_RX_FRAME,    /* a whole frame with a good CRC is in *out; the receiver is empty again */
    BP_RX_NOT_SYNC, /* a byte where a frame must begin is not SYNC */
    BP_RX_TOO_LONG, /* LEN is above the receiver's maximum */
    BP_RX_BAD_CRC,  /* the frame's CRC does not match */
} bp_rx_result;

void bp_rx_init(bp_rx *r, uint16_t max_payload);
bp_rx_result bp_rx_byte(bp_rx *r, uint8_t byte, bp_frame *out);

/* Is f the response to the request (seq, type)? 0: yes, its payload has the length its type
 * has; 1: an error response from the board (code and info in its payload, err says which);
 * -1: neither (a wrong SEQ, TYPE or LEN), err says why. */
int bp_check_response(const bp_frame *f, uint8_t seq, uint8_t type, char *err, size_t errlen);

/* The response payload length of a type (HELLO and COUNTERS: with n read from the payload,
 * so the payload given must hold the n field). -1 if the type has no response. */
int bp_response_len(unsigned type, const uint8_t *payload, uint16_t len);

#endif

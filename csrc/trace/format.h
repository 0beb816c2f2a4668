// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The byte layout shared by the trace writer and reader (docs/trace.md): little-endian
 * fields, the fixed header offsets, the chunk and end-marker framing. */
#ifndef OPENMMU_TRACE_FORMAT_H
#define OPENMMU_TRACE_FORMAT_H

#include <stdint.h>
#include <string.h>

#define TRH_FIXED      64u            /* bytes before the strings */
#define TRH_OFF_LEN    16u
#define TRH_OFF_CRC    20u
#define TRH_OFF_COUNTS 24u            /* records, fetches, loads, stores, events */
#define TRH_MAX        (1u << 20)     /* a header longer than this is malformed */
#define TRC_MAGIC      0x4b434d4fu    /* "OMCK" */
#define TRE_MAGIC      0x4e454d4fu    /* "OMEN" */
#define TRC_RAW_MAX    (1u << 20)     /* raw bytes in one chunk, at most */
#define TR_ACCESS_BYTES 10u           /* type, size, va */
#define TR_EVENT_BYTES (1u + 8u * TR_NARGS + 2u)

static inline void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "64-bit fields are copied as host words");
static inline void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* openmmu's trace file: one program's fetches, loads and stores in program order, with its
 * address-space events (mmap, munmap, mprotect, mremap, brk) where they happened.
 * The byte layout is specified in docs/trace.md; this header is its one implementation.
 *
 * The writer streams records into zlib-compressed chunks, each with the CRC-32 of its
 * raw bytes, ends with an end marker, and fills the record counts into the header when it
 * closes (the output must be a regular file). The reader streams them back and checks
 * every checksum and every count: a malformed, truncated or corrupted file is reported as
 * "FILE: offset N: message" (N the byte offset in the file where the problem was found),
 * never as a shorter trace. */
#ifndef OPENMMU_TRACE_TRACE_H
#define OPENMMU_TRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TRACE_MAGIC   "OMMUTRCE"
#define TRACE_VERSION 1u

/* Header flags. */
#define TRF_VALUES 1u /* load and store records carry the value */
#define TRF_EVENTS 2u /* the address-space events are recorded (else: VMAs on first touch) */

/* Record types (the first byte of a record). */
enum {
    TR_FETCH = 1,
    TR_LOAD = 2,
    TR_STORE = 3,
    TR_MMAP = 16,     /* a0 addr, a1 len, a2 prot, a3 flags, a4 fd, a5 offset, a6 result; path */
    TR_MUNMAP = 17,   /* a0 addr, a1 len, a6 result */
    TR_MPROTECT = 18, /* a0 addr, a1 len, a2 prot, a6 result */
    TR_MREMAP = 19,   /* a0 old, a1 old len, a2 new len, a3 flags, a4 new addr, a6 result */
    TR_BRK = 20,      /* a0 addr, a6 result */
    TR_FILE = 21,     /* a0 size, a1 CRC-32 of the bytes; path: a file mappings use */
    TR_SEGMENT = 22,  /* a mapping the loader made before the program ran:
                         a0 start, a1 len, a2 prot, a5 file offset; path (empty: anonymous) */
};
#define TR_VALUE_BIT 0x80u /* in an access's type byte: `size` value bytes follow */
#define TR_NARGS 7
#define TR_PATH_MAX 4096
#define TR_ACCESS_MAX 255 /* bytes one access record may cover */

typedef struct {
    uint8_t type;          /* TR_* without TR_VALUE_BIT */
    bool has_value;
    uint16_t size;         /* accesses: bytes */
    uint64_t va;
    uint8_t value[TR_ACCESS_MAX];
    uint64_t a[TR_NARGS];  /* events */
    char path[TR_PATH_MAX + 1];
} tr_rec;

/* What the header says. */
typedef struct {
    unsigned version, flags;
    char tool[256];
    unsigned argc;
    char **argv;           /* program and its arguments */
    uint64_t records, fetches, loads, stores, events;
} tr_header;

/* ---- writer ---- */
typedef struct tr_writer tr_writer;
/* NULL with a message in err if the file cannot be created. */
tr_writer *tw_open(const char *path, const char *tool, unsigned flags, int argc, char *const *argv, char *err,
                   size_t errlen);
void tw_access(tr_writer *w, uint8_t type, uint64_t va, unsigned size, const uint8_t *value);
void tw_event(tr_writer *w, uint8_t type, const uint64_t a[TR_NARGS], const char *path);
/* Finishes the file; false with a message if a write failed anywhere. Frees w. */
bool tw_close(tr_writer *w, char *err, size_t errlen);
/* Replaces the header's flags (a streaming importer knows them only at the end). */
void tw_set_flags(tr_writer *w, unsigned flags);
/* The counts so far. */
void tw_counts(const tr_writer *w, tr_header *h);

/* ---- reader ---- */
typedef struct tr_reader tr_reader;
/* NULL with "FILE: offset N: message" in err for a file that is not a valid trace. */
tr_reader *tr_open(const char *path, tr_header *h, char *err, size_t errlen);
/* 1: a record; 0: the end (every count and checksum agreed); -1: an error in err. */
int tr_next(tr_reader *r, tr_rec *rec, char *err, size_t errlen);
/* The record number of the last record tr_next returned (0-based). */
uint64_t tr_index(const tr_reader *r);
void tr_close(tr_reader *r);
void tr_header_free(tr_header *h);

const char *tr_type_name(uint8_t type);

#endif

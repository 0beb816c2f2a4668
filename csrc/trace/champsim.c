// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* ChampSim's input_instr traces to an openmmu trace. A record is 64 bytes, little-endian:
 * ip (8), is_branch (1), branch_taken (1), destination_registers[2], source_registers[4],
 * destination_memory[2] (8 each), source_memory[4] (8 each); a zero address is an unused
 * slot. Each record becomes a fetch of ip, then a load per source address and a store per
 * destination address (the order ChampSim issues them). ChampSim records no sizes: every
 * access is one byte, so each address is one translation. The public trace sets are
 * xz-compressed; gzip and plain files are read too (by their magic bytes). */
#include "trace/import.h"
#include "trace/format.h"

#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define REC 64u
#define INBUF (1u << 16)

typedef struct {
    FILE *f;
    const char *path;
    enum { PLAIN, XZ, GZ } kind;
    lzma_stream xz;
    z_stream gz;
    uint8_t in[INBUF];
    bool eof;
    uint64_t in_off;     /* compressed bytes consumed before the current buffer */
} src;

static void one(tr_writer *w, const uint8_t *r)
{
    tw_access(w, TR_FETCH, get64(r), 1, NULL);
    for (int i = 0; i < 4; i++) {
        uint64_t a = get64(r + 32 + 8 * i);
        if (a)
            tw_access(w, TR_LOAD, a, 1, NULL);
    }
    for (int i = 0; i < 2; i++) {
        uint64_t a = get64(r + 16 + 8 * i);
        if (a)
            tw_access(w, TR_STORE, a, 1, NULL);
    }
}

/* Fills out with up to n decompressed bytes; returns how many, or -1 with err set. */
static long produce(src *s, uint8_t *out, size_t n, char *err, size_t errlen)
{
    if (s->kind == PLAIN) {
        size_t got = fread(out, 1, n, s->f);
        s->in_off += got;
        return (long)got;
    }
    bool xz = s->kind == XZ;
    if (xz) {
        s->xz.next_out = out;
        s->xz.avail_out = n;
    } else {
        s->gz.next_out = out;
        s->gz.avail_out = (uInt)n;
    }
    for (;;) {
        size_t avail_in = xz ? s->xz.avail_in : s->gz.avail_in;
        if (avail_in == 0 && !s->eof) {
            size_t got = fread(s->in, 1, INBUF, s->f);
            if (got == 0)
                s->eof = true;
            if (xz) {
                s->in_off += (uint64_t)(s->xz.next_in ? s->xz.next_in - s->in : 0);
                s->xz.next_in = s->in;
                s->xz.avail_in = got;
            } else {
                s->in_off += (uint64_t)(s->gz.next_in ? s->gz.next_in - s->in : 0);
                s->gz.next_in = s->in;
                s->gz.avail_in = (uInt)got;
            }
        }
        size_t left;
        int end, bad;
        if (xz) {
            lzma_ret r = lzma_code(&s->xz, s->eof ? LZMA_FINISH : LZMA_RUN);
            left = s->xz.avail_out;
            end = r == LZMA_STREAM_END;
            bad = r != LZMA_OK && r != LZMA_STREAM_END && !(r == LZMA_BUF_ERROR && left < n);
        } else {
            int r = inflate(&s->gz, Z_NO_FLUSH);
            left = s->gz.avail_out;
            end = r == Z_STREAM_END;
            bad = r != Z_OK && r != Z_STREAM_END && !(r == Z_BUF_ERROR && (left < n || !s->eof));
            if (r == Z_BUF_ERROR && s->eof && left == n)
                bad = 1;
        }
        uint64_t at = s->in_off + (uint64_t)((xz ? (const uint8_t *)s->xz.next_in : s->gz.next_in) - s->in);
        if (bad) {
            snprintf(err, errlen, "%s: offset %llu: corrupted or truncated %s data", s->path,
                     (unsigned long long)at, xz ? "xz" : "gzip");
            return -1;
        }
        if (left == 0 || end)
            return (long)(n - left);
        if (s->eof && (xz ? s->xz.avail_in : s->gz.avail_in) == 0) {
            snprintf(err, errlen, "%s: offset %llu: truncated %s stream (no end)", s->path, (unsigned long long)at,
                     xz ? "xz" : "gzip");
            return -1;
        }
    }
}

int import_champsim(const char *path, tr_writer *w, char *err, size_t errlen)
{
    src *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "%s: out of memory", path);
        return 2;
    }
    s->path = path;
    s->f = fopen(path, "rb");
    if (!s->f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        free(s);
        return 2;
    }
    uint8_t m[6] = {0};
    size_t nm = fread(m, 1, sizeof m, s->f);
    rewind(s->f);
    static const uint8_t xzmagic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
    int rc = 0;
    if (nm == 6 && memcmp(m, xzmagic, 6) == 0) {
        s->kind = XZ;
        lzma_stream init = LZMA_STREAM_INIT;
        s->xz = init;
        if (lzma_stream_decoder(&s->xz, UINT64_MAX, 0) != LZMA_OK) {
            snprintf(err, errlen, "%s: cannot start the xz decoder", path);
            rc = 2;
        }
    } else if (nm >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
        s->kind = GZ;
        if (inflateInit2(&s->gz, 15 + 16) != Z_OK) {
            snprintf(err, errlen, "%s: cannot start the gzip decoder", path);
            rc = 2;
        }
    }
    static uint8_t buf[REC * 1024];
    uint64_t recs = 0;
    size_t have = 0; /* bytes of a record not yet whole, at the start of buf */
    while (!rc) {
        long got = produce(s, buf + have, sizeof buf - have, err, errlen);
        if (got < 0) {
            rc = 2;
            break;
        }
        have += (size_t)got;
        size_t whole = have / REC * REC;
        for (size_t i = 0; i < whole; i += REC)
            one(w, buf + i);
        recs += whole / REC;
        memmove(buf, buf + whole, have - whole);
        have -= whole;
        if (got == 0) {
            if (have) {
                snprintf(err, errlen, "%s: offset %llu: the data ends inside a 64-byte record (%llu whole records, %zu bytes left over)",
                         path, (unsigned long long)(recs * REC), (unsigned long long)recs, have);
                rc = 2;
            }
            break;
        }
    }
    if (s->kind == XZ)
        lzma_end(&s->xz);
    else if (s->kind == GZ)
        inflateEnd(&s->gz);
    fclose(s->f);
    free(s);
    tw_set_flags(w, 0);
    return rc;
}

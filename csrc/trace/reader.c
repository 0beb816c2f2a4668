// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The trace reader: checks the header, then inflates one chunk at a time, checks its
 * CRC-32 and hands out its records; at the end marker every count must agree. Every
 * problem names the byte offset in the file where it was found. */
#include "trace/trace.h"
#include "trace/format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct tr_reader {
    FILE *f;
    char *path;
    uint64_t off;           /* file offset of the next byte to read */
    uint64_t chunk_off;     /* file offset of the current chunk */
    uint8_t *raw, *comp;
    size_t nraw, pos, comp_cap;
    z_stream z;             /* inflates every chunk; zlib's Adler-32 is not checked: the
                               chunk's CRC-32 covers the same bytes */
    bool z_ok;
    uint64_t index;         /* records handed out so far */
    uint64_t fetches, loads, stores, events;
    tr_header h;
    bool done;
};

static void fail(char *err, size_t errlen, const char *path, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void fail(char *err, size_t errlen, const char *path, uint64_t off, const char *fmt, ...)
{
    int n = snprintf(err, errlen, "%s: offset %llu: ", path, (unsigned long long)off);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < errlen)
        vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* Exactly n bytes, or false (short: the file ends). */
static bool readn(tr_reader *r, void *p, size_t n)
{
    size_t got = fread(p, 1, n, r->f);
    r->off += got;
    return got == n;
}

void tr_header_free(tr_header *h)
{
    for (unsigned i = 0; h->argv && i < h->argc; i++)
        free(h->argv[i]);
    free(h->argv);
    h->argv = NULL;
}

static bool parse_header(tr_reader *r, char *err, size_t errlen)
{
    uint8_t fixed[TRH_FIXED];
    const char *p = r->path;
    size_t got = fread(fixed, 1, sizeof fixed, r->f);
    if (got < 8 || memcmp(fixed, TRACE_MAGIC, 8) != 0) {
        fail(err, errlen, p, 0, "not an openmmu trace (bad magic; expected \"%s\")", TRACE_MAGIC);
        return false;
    }
    if (got < TRH_FIXED) {
        fail(err, errlen, p, got, "truncated header (%zu of %u bytes)", got, TRH_FIXED);
        return false;
    }
    tr_header *h = &r->h;
    h->version = get32(fixed + 8);
    h->flags = get32(fixed + 12);
    uint32_t len = get32(fixed + TRH_OFF_LEN);
    if (h->version != TRACE_VERSION) {
        fail(err, errlen, p, 8, "format version %u (this openmmu reads version %u)", h->version, TRACE_VERSION);
        return false;
    }
    if (h->flags & ~(TRF_VALUES | TRF_EVENTS)) {
        fail(err, errlen, p, 12, "unknown header flags 0x%x", h->flags);
        return false;
    }
    if (len < TRH_FIXED + 6 || len > TRH_MAX) {
        fail(err, errlen, p, TRH_OFF_LEN, "bad header length %u", len);
        return false;
    }
    uint8_t *b = malloc(len);
    if (!b) {
        fail(err, errlen, p, 0, "out of memory");
        return false;
    }
    memcpy(b, fixed, TRH_FIXED);
    r->off = TRH_FIXED;
    if (!readn(r, b + TRH_FIXED, len - TRH_FIXED)) {
        fail(err, errlen, p, r->off, "truncated header (the header is %u bytes)", len);
        free(b);
        return false;
    }
    uint32_t want = get32(b + TRH_OFF_CRC);
    put32(b + TRH_OFF_CRC, 0);
    if ((uint32_t)crc32(0, b, len) != want) {
        fail(err, errlen, p, TRH_OFF_CRC, "header checksum mismatch");
        free(b);
        return false;
    }
    const uint8_t *c = b + TRH_OFF_COUNTS;
    h->records = get64(c);
    h->fetches = get64(c + 8);
    h->loads = get64(c + 16);
    h->stores = get64(c + 24);
    h->events = get64(c + 32);
    /* The strings: every length must stay inside the header. */
    size_t q = TRH_FIXED;
    bool ok = true;
    unsigned n = get16(b + q);
    if (q + 2 + n + 4 > len || n >= sizeof h->tool) {
        ok = false;
    } else {
        memcpy(h->tool, b + q + 2, n);
        h->tool[n] = '\0';
        q += 2 + n;
        h->argc = get32(b + q);
        q += 4;
        if (h->argc > (len - q) / 2) {
            ok = false;
        } else {
            h->argv = calloc(h->argc + 1, sizeof *h->argv);
            for (unsigned i = 0; ok && h->argv && i < h->argc; i++) {
                n = q + 2 <= len ? get16(b + q) : 0;
                if (q + 2 + n > len) {
                    ok = false;
                    break;
                }
                h->argv[i] = strndup((const char *)b + q + 2, n);
                q += 2 + n;
            }
            if (!h->argv)
                ok = false;
            else if (q != len)
                ok = false;
        }
    }
    free(b);
    if (!ok) {
        fail(err, errlen, p, q, "malformed header strings");
        tr_header_free(h);
        return false;
    }
    return true;
}

tr_reader *tr_open(const char *path, tr_header *h, char *err, size_t errlen)
{
    tr_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    r->path = strdup(path);
    r->f = fopen(path, "rb");
    if (!r->f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        free(r->path);
        free(r);
        return NULL;
    }
    r->raw = malloc(TRC_RAW_MAX);
    r->comp_cap = compressBound(TRC_RAW_MAX);
    r->comp = malloc(r->comp_cap);
    r->z_ok = inflateInit(&r->z) == Z_OK && inflateValidate(&r->z, 0) == Z_OK;
    if (!r->path || !r->raw || !r->comp || !r->z_ok || !parse_header(r, err, errlen)) {
        if (!r->path || !r->raw || !r->comp || !r->z_ok)
            snprintf(err, errlen, "%s: out of memory", path);
        tr_close(r);
        return NULL;
    }
    *h = r->h;
    r->h.argv = NULL; /* the caller owns the strings now */
    return r;
}

/* The next chunk into raw; 0 at the end marker, -1 on an error. */
static int next_chunk(tr_reader *r, char *err, size_t errlen)
{
    uint8_t h[16];
    r->chunk_off = r->off;
    size_t got = fread(h, 1, 4, r->f);
    r->off += got;
    if (got != 4) {
        fail(err, errlen, r->path, r->chunk_off, "truncated: the file ends without the end marker");
        return -1;
    }
    uint32_t magic = get32(h);
    if (magic == TRE_MAGIC) {
        if (!readn(r, h + 4, 12)) {
            fail(err, errlen, r->path, r->chunk_off, "truncated end marker");
            return -1;
        }
        if ((uint32_t)crc32(0, h + 4, 8) != get32(h + 12)) {
            fail(err, errlen, r->path, r->chunk_off, "end marker checksum mismatch");
            return -1;
        }
        uint64_t n = get64(h + 4);
        if (n != r->index || n != r->h.records || r->fetches != r->h.fetches || r->loads != r->h.loads ||
            r->stores != r->h.stores || r->events != r->h.events) {
            fail(err, errlen, r->path, r->chunk_off,
                 "record counts disagree: the file holds %llu records, the end marker says %llu, the header %llu",
                 (unsigned long long)r->index, (unsigned long long)n, (unsigned long long)r->h.records);
            return -1;
        }
        if (fgetc(r->f) != EOF) {
            fail(err, errlen, r->path, r->off, "bytes after the end marker");
            return -1;
        }
        return 0;
    }
    if (magic != TRC_MAGIC) {
        fail(err, errlen, r->path, r->chunk_off, "bad chunk magic 0x%08x", magic);
        return -1;
    }
    if (!readn(r, h + 4, 12)) {
        fail(err, errlen, r->path, r->chunk_off, "truncated chunk header");
        return -1;
    }
    uint32_t nraw = get32(h + 4), ncomp = get32(h + 8), crc = get32(h + 12);
    if (nraw == 0 || nraw > TRC_RAW_MAX || ncomp > r->comp_cap) {
        fail(err, errlen, r->path, r->chunk_off, "bad chunk sizes (raw %u, compressed %u)", nraw, ncomp);
        return -1;
    }
    if (!readn(r, r->comp, ncomp)) {
        fail(err, errlen, r->path, r->off, "truncated chunk (%u compressed bytes announced at offset %llu)", ncomp,
             (unsigned long long)r->chunk_off);
        return -1;
    }
    int zr = inflateReset(&r->z);
    r->z.next_in = r->comp;
    r->z.avail_in = ncomp;
    r->z.next_out = r->raw;
    r->z.avail_out = TRC_RAW_MAX;
    if (zr == Z_OK)
        zr = inflate(&r->z, Z_FINISH);
    if (zr != Z_STREAM_END || r->z.total_out != nraw || r->z.avail_in != 0) {
        fail(err, errlen, r->path, r->chunk_off + 16, "corrupted chunk: the compressed data does not inflate to %u bytes",
             nraw);
        return -1;
    }
    if ((uint32_t)crc32(0, r->raw, nraw) != crc) {
        fail(err, errlen, r->path, r->chunk_off, "chunk checksum mismatch");
        return -1;
    }
    r->nraw = nraw;
    r->pos = 0;
    return 1;
}

int tr_next(tr_reader *r, tr_rec *rec, char *err, size_t errlen)
{
    if (r->done)
        return 0;
    while (r->pos == r->nraw) {
        int c = next_chunk(r, err, errlen);
        if (c <= 0) {
            r->done = c == 0;
            return c;
        }
    }
    const uint8_t *p = r->raw + r->pos;
    size_t left = r->nraw - r->pos;
    uint8_t t = p[0] & (uint8_t)~TR_VALUE_BIT;
    const char *why = NULL;
    size_t need;
    if (t == TR_FETCH || t == TR_LOAD || t == TR_STORE) {
        rec->has_value = (p[0] & TR_VALUE_BIT) != 0;
        need = TR_ACCESS_BYTES;
        if (left >= need) {
            rec->size = p[1];
            rec->va = get64(p + 2);
            if (rec->has_value)
                need += rec->size;
            if (rec->size == 0)
                why = "an access of size 0";
            else if (rec->has_value && !(r->h.flags & TRF_VALUES))
                why = "a value in a trace whose header says it records none";
        }
        if (!why && left >= need) {
            if (rec->has_value)
                memcpy(rec->value, p + TR_ACCESS_BYTES, rec->size);
            r->fetches += t == TR_FETCH;
            r->loads += t == TR_LOAD;
            r->stores += t == TR_STORE;
        }
    } else if (t >= TR_MMAP && t <= TR_SEGMENT && !(p[0] & TR_VALUE_BIT)) {
        need = TR_EVENT_BYTES;
        if (left >= need) {
            for (int i = 0; i < TR_NARGS; i++)
                rec->a[i] = get64(p + 1 + 8 * i);
            size_t n = get16(p + 1 + 8 * TR_NARGS);
            need += n;
            if (n > TR_PATH_MAX)
                why = "a path longer than 4096 bytes";
            else if (left >= need) {
                memcpy(rec->path, p + TR_EVENT_BYTES, n);
                rec->path[n] = '\0';
                if (memchr(rec->path, '\0', n))
                    why = "a path with a NUL byte";
            }
        }
        if (!why && left >= need)
            r->events++;
    } else {
        fail(err, errlen, r->path, r->chunk_off, "record %llu (raw byte %zu of the chunk): unknown record type 0x%02x",
             (unsigned long long)r->index, r->pos, p[0]);
        return -1;
    }
    if (!why && left < need)
        why = "a record past the end of its chunk";
    if (why) {
        fail(err, errlen, r->path, r->chunk_off, "record %llu (raw byte %zu of the chunk): %s",
             (unsigned long long)r->index, r->pos, why);
        return -1;
    }
    rec->type = t;
    r->pos += need;
    r->index++;
    if (r->index > r->h.records) {
        fail(err, errlen, r->path, r->chunk_off, "more records than the header's %llu",
             (unsigned long long)r->h.records);
        return -1;
    }
    return 1;
}

uint64_t tr_index(const tr_reader *r) { return r->index ? r->index - 1 : 0; }

void tr_close(tr_reader *r)
{
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    tr_header_free(&r->h);
    if (r->z_ok)
        inflateEnd(&r->z);
    free(r->path);
    free(r->raw);
    free(r->comp);
    free(r);
}

const char *tr_type_name(uint8_t type)
{
    switch (type) {
    case TR_FETCH: return "fetch";
    case TR_LOAD: return "load";
    case TR_STORE: return "store";
    case TR_MMAP: return "mmap";
    case TR_MUNMAP: return "munmap";
    case TR_MPROTECT: return "mprotect";
    case TR_MREMAP: return "mremap";
    case TR_BRK: return "brk";
    case TR_FILE: return "file";
    case TR_SEGMENT: return "segment";
    default: return "?";
    }
}

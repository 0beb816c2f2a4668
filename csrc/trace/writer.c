// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The trace writer: records into a raw buffer, each full buffer one zlib chunk with its
 * CRC-32; the header's counts are filled in at the end (the one seek back). */
#include "trace/trace.h"
#include "trace/format.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct tr_writer {
    FILE *f;
    const char *path;
    bool failed;
    int err_no;
    uint8_t *raw, *comp;
    size_t nraw;
    uLong comp_cap;
    uint32_t hdr_len;
    uint8_t *hdr;
    uint64_t records, fetches, loads, stores, events;
};

static void out(tr_writer *w, const void *p, size_t n)
{
    if (!w->failed && fwrite(p, 1, n, w->f) != n) {
        w->failed = true;
        w->err_no = errno;
    }
}

static void flush_chunk(tr_writer *w)
{
    if (!w->nraw)
        return;
    uLongf clen = w->comp_cap;
    if (compress2(w->comp, &clen, w->raw, (uLong)w->nraw, 1) != Z_OK) {
        w->failed = true;
        w->err_no = ENOMEM;
        return;
    }
    uint8_t h[16];
    put32(h, TRC_MAGIC);
    put32(h + 4, (uint32_t)w->nraw);
    put32(h + 8, (uint32_t)clen);
    put32(h + 12, (uint32_t)crc32(0, w->raw, (uInt)w->nraw));
    out(w, h, sizeof h);
    out(w, w->comp, clen);
    w->nraw = 0;
}

static uint8_t *room(tr_writer *w, size_t n)
{
    if (w->nraw + n > TRC_RAW_MAX)
        flush_chunk(w);
    uint8_t *p = w->raw + w->nraw;
    w->nraw += n;
    w->records++;
    return p;
}

static void header_counts(tr_writer *w)
{
    uint8_t *c = w->hdr + TRH_OFF_COUNTS;
    put64(c, w->records);
    put64(c + 8, w->fetches);
    put64(c + 16, w->loads);
    put64(c + 24, w->stores);
    put64(c + 32, w->events);
    put32(w->hdr + TRH_OFF_CRC, 0);
    put32(w->hdr + TRH_OFF_CRC, (uint32_t)crc32(0, w->hdr, w->hdr_len));
}

tr_writer *tw_open(const char *path, const char *tool, unsigned flags, int argc, char *const *argv, char *err,
                   size_t errlen)
{
    size_t len = TRH_FIXED + 2 + strlen(tool) + 4;
    for (int i = 0; i < argc; i++)
        len += 2 + strlen(argv[i]);
    if (strlen(tool) > 255 || len > TRH_MAX) {
        snprintf(err, errlen, "%s: the program's arguments are too long for a trace header (%zu bytes, at most %u)",
                 path, len, TRH_MAX);
        return NULL;
    }
    for (int i = 0; i < argc; i++)
        if (strlen(argv[i]) > 0xffff) {
            snprintf(err, errlen, "%s: argument %d is longer than 65535 bytes", path, i);
            return NULL;
        }
    tr_writer *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    w->path = path;
    w->comp_cap = compressBound(TRC_RAW_MAX);
    w->raw = malloc(TRC_RAW_MAX);
    w->comp = malloc(w->comp_cap);
    w->hdr = calloc(1, len);
    w->hdr_len = (uint32_t)len;
    w->f = fopen(path, "wbe"); /* close-on-exec: a recorded program must not inherit the trace */
    if (!w->raw || !w->comp || !w->hdr || !w->f) {
        snprintf(err, errlen, "%s: cannot create: %s", path, w->f ? "out of memory" : strerror(errno));
        if (w->f)
            fclose(w->f);
        free(w->raw);
        free(w->comp);
        free(w->hdr);
        free(w);
        return NULL;
    }
    uint8_t *h = w->hdr;
    memcpy(h, TRACE_MAGIC, 8);
    put32(h + 8, TRACE_VERSION);
    put32(h + 12, flags);
    put32(h + TRH_OFF_LEN, w->hdr_len);
    uint8_t *p = h + TRH_FIXED;
    size_t n = strlen(tool);
    put16(p, (uint16_t)n);
    memcpy(p + 2, tool, n);
    p += 2 + n;
    put32(p, (uint32_t)argc);
    p += 4;
    for (int i = 0; i < argc; i++) {
        n = strlen(argv[i]);
        put16(p, (uint16_t)n);
        memcpy(p + 2, argv[i], n);
        p += 2 + n;
    }
    header_counts(w);
    out(w, h, len);
    return w;
}

void tw_access(tr_writer *w, uint8_t type, uint64_t va, unsigned size, const uint8_t *value)
{
    uint8_t *p = room(w, TR_ACCESS_BYTES + (value ? size : 0));
    p[0] = (uint8_t)(type | (value ? TR_VALUE_BIT : 0));
    p[1] = (uint8_t)size;
    put64(p + 2, va);
    if (value)
        memcpy(p + TR_ACCESS_BYTES, value, size);
    w->fetches += type == TR_FETCH;
    w->loads += type == TR_LOAD;
    w->stores += type == TR_STORE;
}

void tw_event(tr_writer *w, uint8_t type, const uint64_t a[TR_NARGS], const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n > TR_PATH_MAX)
        n = TR_PATH_MAX; /* the recorder refuses longer paths before they get here */
    uint8_t *p = room(w, TR_EVENT_BYTES + n);
    p[0] = type;
    for (int i = 0; i < TR_NARGS; i++)
        put64(p + 1 + 8 * i, a[i]);
    put16(p + 1 + 8 * TR_NARGS, (uint16_t)n);
    memcpy(p + TR_EVENT_BYTES, path ? path : "", n);
    w->events++;
}

void tw_set_flags(tr_writer *w, unsigned flags) { put32(w->hdr + 12, flags); }

void tw_counts(const tr_writer *w, tr_header *h)
{
    h->records = w->records;
    h->fetches = w->fetches;
    h->loads = w->loads;
    h->stores = w->stores;
    h->events = w->events;
}

bool tw_close(tr_writer *w, char *err, size_t errlen)
{
    flush_chunk(w);
    uint8_t e[16];
    put32(e, TRE_MAGIC);
    put64(e + 4, w->records);
    put32(e + 12, (uint32_t)crc32(0, e + 4, 8));
    out(w, e, sizeof e);
    header_counts(w);
    if (!w->failed && fseek(w->f, 0, SEEK_SET) != 0) {
        w->failed = true;
        w->err_no = errno;
    }
    out(w, w->hdr, w->hdr_len);
    if (fclose(w->f) != 0 && !w->failed) {
        w->failed = true;
        w->err_no = errno;
    }
    bool ok = !w->failed;
    if (!ok)
        snprintf(err, errlen, "%s: cannot write: %s", w->path, strerror(w->err_no));
    free(w->raw);
    free(w->comp);
    free(w->hdr);
    free(w);
    return ok;
}

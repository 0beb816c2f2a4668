// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The recording backend (see recorder.h). */
#include "workloads/recorder.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    backend base;
    backend *in;
    char *log; /* the lines since the mark, '\n'-terminated */
    size_t len, cap;
    uint64_t lines;
    physmem *mem; /* the state at the mark */
    ref_ctl ctl;
} recorder;

static recorder *R(backend *b) { return (recorder *)b; }

static void line(recorder *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(recorder *r, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(r->log + r->len, r->cap - r->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n + 1 < r->cap - r->len) {
            r->len += (size_t)n;
            r->log[r->len++] = '\n';
            r->log[r->len] = '\0';
            r->lines++;
            return;
        }
        size_t cap = r->cap * 2;
        char *p = realloc(r->log, cap);
        if (!p) {
            fprintf(stderr, "recorder: out of host memory (%zu bytes of scenario)\n", r->len);
            exit(2);
        }
        r->log = p;
        r->cap = cap;
    }
}

static uint64_t low_bytes(uint64_t v, unsigned size) { return size >= 8 ? v : v & ((1ull << (8 * size)) - 1); }

static void rec_destroy(backend *b)
{
    recorder *r = R(b);
    free(r->log);
    physmem_free(r->mem);
    free(r);
}

static void rec_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val)
{
    line(R(b), "pwrite 0x%" PRIx64 " %u 0x%" PRIx64, pa, size, low_bytes(val, size));
    R(b)->in->ops->pwrite(R(b)->in, pa, size, val);
}

static uint64_t rec_pread(backend *b, uint64_t pa, unsigned size)
{
    line(R(b), "pread 0x%" PRIx64 " %u", pa, size);
    return R(b)->in->ops->pread(R(b)->in, pa, size);
}

static be_status rec_cr3(backend *b, uint64_t v)
{
    line(R(b), "cr3 0x%" PRIx64, v);
    return R(b)->in->ops->write_cr3(R(b)->in, v);
}

static be_status rec_cr0(backend *b, bool wp)
{
    line(R(b), "cr0 wp=%d", wp);
    return R(b)->in->ops->write_cr0_wp(R(b)->in, wp);
}

static be_status rec_cr4(backend *b, be_cr4 v)
{
    line(R(b), "cr4 pcide=%d pge=%d smep=%d smap=%d", v.pcide, v.pge, v.smep, v.smap);
    return R(b)->in->ops->write_cr4(R(b)->in, v);
}

static be_status rec_nxe(backend *b, bool nxe)
{
    line(R(b), "efer nxe=%d", nxe);
    return R(b)->in->ops->write_efer_nxe(R(b)->in, nxe);
}

static be_status rec_invlpg(backend *b, uint64_t va)
{
    line(R(b), "invlpg 0x%" PRIx64, va);
    return R(b)->in->ops->invlpg(R(b)->in, va);
}

static be_status rec_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    line(R(b), "invpcid %u 0x%" PRIx64 " 0x%" PRIx64, type, pcid, va);
    return R(b)->in->ops->invpcid(R(b)->in, type, pcid, va);
}

static be_resp rec_access(backend *b, const be_req *q)
{
    static const char kinds[] = "rwx";
    if (q->kind == ACC_W)
        line(R(b), "access 0x%" PRIx64 " w %c %u 0x%" PRIx64, q->va, q->user ? 'u' : 's', q->size,
             low_bytes(q->wdata, q->size));
    else
        line(R(b), "access 0x%" PRIx64 " %c %c %u", q->va, kinds[q->kind % 3], q->user ? 'u' : 's', q->size);
    return R(b)->in->ops->access(R(b)->in, q);
}

static void rec_counters(backend *b, uint64_t out[BE_NCOUNTERS]) { R(b)->in->ops->counters(R(b)->in, out); }

/* Cache maintenance is recorded even where the inner backend has none: a replay on a
 * device with a cache needs it (and on one without, it is a no-op there too). */
static be_status rec_wbinvd(backend *b)
{
    backend *in = R(b)->in;
    line(R(b), "wbinvd");
    return in->ops->cache_wbinvd ? in->ops->cache_wbinvd(in) : BE_OK;
}

static be_status rec_invd(backend *b)
{
    backend *in = R(b)->in;
    line(R(b), "invd");
    return in->ops->cache_invd ? in->ops->cache_invd(in) : BE_OK;
}

static be_status rec_cline(backend *b, unsigned op, uint64_t pa)
{
    static const char *const names[] = {[BE_CLINE_WB] = "clwb", [BE_CLINE_INV] = "clinv",
                                        [BE_CLINE_WBINV] = "clflush"};
    backend *in = R(b)->in;
    if (op <= BE_CLINE_WBINV) /* others have no scenario op (and are refused below) */
        line(R(b), "%s 0x%" PRIx64, names[op], pa);
    return in->ops->cache_line ? in->ops->cache_line(in, op, pa) : BE_OK;
}

static const struct backend_ops recorder_ops = {
    .destroy = rec_destroy,
    .pwrite = rec_pwrite,
    .pread = rec_pread,
    .write_cr3 = rec_cr3,
    .write_cr0_wp = rec_cr0,
    .write_cr4 = rec_cr4,
    .write_efer_nxe = rec_nxe,
    .invlpg = rec_invlpg,
    .invpcid = rec_invpcid,
    .access = rec_access,
    .counters = rec_counters,
    .cache_wbinvd = rec_wbinvd,
    .cache_invd = rec_invd,
    .cache_line = rec_cline,
};

backend *recorder_new(backend *inner)
{
    recorder *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cap = 1 << 16;
    r->log = malloc(r->cap);
    r->mem = physmem_new();
    if (!r->log || !r->mem) {
        free(r->log);
        physmem_free(r->mem);
        free(r);
        return NULL;
    }
    r->log[0] = '\0';
    r->base = (backend){.ops = &recorder_ops, .name = inner->name, .maxphyaddr = inner->maxphyaddr};
    r->in = inner;
    ref_ctl_reset(&r->ctl, inner->maxphyaddr);
    return &r->base;
}

static void copy_frame(void *ctx, uint64_t pfn, const uint8_t *data)
{
    for (unsigned off = 0; off < 4096; off += 8) {
        uint64_t w;
        memcpy(&w, data + off, 8); /* little-endian host, as physmem */
        if (w)
            physmem_write(ctx, pfn << 12 | off, 8, w);
    }
}

void recorder_mark(backend *rec, const physmem *mem, const ref_ctl *ctl)
{
    recorder *r = R(rec);
    physmem_free(r->mem);
    r->mem = physmem_new();
    physmem_each_frame(mem, copy_frame, r->mem);
    r->ctl = *ctl;
    r->len = 0;
    r->log[0] = '\0';
    r->lines = 0;
}

uint64_t recorder_lines(const backend *rec) { return ((const recorder *)rec)->lines; }

typedef struct {
    uint64_t *v;
    size_t n, cap;
    bool oom;
} pfns;

static void add_pfn(void *ctx, uint64_t pfn, const uint8_t *data)
{
    (void)data;
    pfns *p = ctx;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 256;
        uint64_t *v = realloc(p->v, cap * sizeof *v);
        if (!v) {
            p->oom = true;
            return;
        }
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = pfn;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

bool recorder_write(backend *rec, FILE *f, const char *header)
{
    recorder *r = R(rec);
    for (const char *h = header; h && *h;) {
        const char *e = strchr(h, '\n');
        size_t n = e ? (size_t)(e - h) : strlen(h);
        fprintf(f, "# %.*s\n", (int)n, h);
        h += n + (e != NULL);
    }

    /* Memory in address order, so that two dumps compare with diff. */
    pfns p = {0};
    physmem_each_frame(r->mem, add_pfn, &p);
    if (p.oom) {
        free(p.v);
        fprintf(stderr, "recorder: out of host memory\n");
        return false;
    }
    if (p.n)
        qsort(p.v, p.n, sizeof *p.v, cmp_u64);
    fprintf(f, "# memory at the mark: %zu frames\n", p.n);
    for (size_t i = 0; i < p.n; i++) {
        const uint8_t *d = physmem_frame(r->mem, p.v[i] << 12);
        for (unsigned off = 0; off < 4096; off += 8) {
            uint64_t w;
            memcpy(&w, d + off, 8);
            if (w)
                fprintf(f, "pwrite 0x%" PRIx64 " 8 0x%" PRIx64 "\n", p.v[i] << 12 | off, w);
        }
    }
    free(p.v);

    /* Control registers, where they differ from reset (a write that changes nothing
     * still flushes, and a replay from reset then repeats the run exactly). PCIDE can
     * only be set while CR3[11:0] is 0, so CR3 is written without its PCID first and
     * whole after CR4. */
    const ref_ctl *c = &r->ctl;
    ref_ctl z;
    ref_ctl_reset(&z, c->maxphyaddr);
    fprintf(f, "# control registers at the mark\n");
    if (c->wp != z.wp)
        fprintf(f, "cr0 wp=%d\n", c->wp);
    if (c->nxe != z.nxe)
        fprintf(f, "efer nxe=%d\n", c->nxe);
    bool cr4 = c->pcide != z.pcide || c->pge != z.pge || c->smep != z.smep || c->smap != z.smap;
    if (cr4 && c->cr3 & 0xfff)
        fprintf(f, "cr3 0x%" PRIx64 "\n", c->cr3 & ~(uint64_t)0xfff);
    if (cr4)
        fprintf(f, "cr4 pcide=%d pge=%d smep=%d smap=%d\n", c->pcide, c->pge, c->smep, c->smap);
    if (c->cr3 != z.cr3)
        fprintf(f, "cr3 0x%" PRIx64 "\n", c->cr3);
    fprintf(f, "# %" PRIu64 " operations since the mark\n", r->lines);
    fwrite(r->log, 1, r->len, f);
    return !ferror(f);
}

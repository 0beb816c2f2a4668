// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Lockstep: forwarding, comparing, and reporting the first divergence. */
#include "lockstep/lockstep.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "backend/wave_on_fail.h"
#include "lockstep/explain.h"

typedef struct {
    backend base;
    backend *dut;
    char dut_name[32];
    ref_state ref;
    explain_scratch *scratch;
    cand_list cands;
    bool exit_on_div, check_data, diverged;
    FILE *report;
    lockstep_stats st;
} lockstep;

static const struct backend_ops lockstep_ops;
static lockstep *L(backend *b) { return (lockstep *)b; }

static const char *st_name(be_status s)
{
    static const char *const n[] = {"ok", "pf", "gp", "mce"};
    return (unsigned)s < 4 ? n[s] : "?";
}

static const char *kind_name(acc_kind k) { return k == ACC_R ? "r" : k == ACC_W ? "w" : "x"; }

/* Opens a divergence report; the caller writes its body and calls diverge_end. */
static FILE *diverge_begin(lockstep *l, const char *what)
{
    l->diverged = true;
    wof_fail("lockstep divergence");
    FILE *f = l->report;
    fprintf(f, "lockstep DIVERGENCE at op #%" PRIu64 " (%s vs ref): %s\n", l->st.ops, l->dut_name, what);
    return f;
}

static void diverge_end(lockstep *l)
{
    fprintf(l->report, "  control: cr3=0x%" PRIx64 " pcid=%u wp=%d pcide=%d pge=%d smep=%d smap=%d nxe=%d\n",
            l->ref.ctl.cr3, ref_ctl_pcid(&l->ref.ctl), l->ref.ctl.wp, l->ref.ctl.pcide, l->ref.ctl.pge,
            l->ref.ctl.smep, l->ref.ctl.smap, l->ref.ctl.nxe);
    fprintf(l->report, "  may-be-cached set: %zu TLB entries, %zu PSC entries\n", ref_cache_tlb_count(l->ref.cache),
            ref_cache_psc_count(l->ref.cache));
    fflush(l->report);
    if (l->exit_on_div)
        exit(3);
}

/* ---- memory and control operations ---------------------------------------------- */

static void ls_destroy(backend *b)
{
    lockstep *l = L(b);
    be_destroy(l->dut);
    physmem_free(l->ref.mem);
    ref_cache_free(l->ref.cache);
    explain_scratch_free(l->scratch);
    cand_list_free(&l->cands);
    free(l);
}

static void ls_pwrite(backend *b, uint64_t pa, unsigned size, uint64_t val)
{
    lockstep *l = L(b);
    l->st.ops++;
    l->dut->ops->pwrite(l->dut, pa, size, val);
    physmem_write(l->ref.mem, pa, size, val);
}

static uint64_t ls_pread(backend *b, uint64_t pa, unsigned size)
{
    lockstep *l = L(b);
    l->st.ops++;
    uint64_t d = l->dut->ops->pread(l->dut, pa, size), r = physmem_read(l->ref.mem, pa, size);
    if (d != r && !l->diverged) {
        FILE *f = diverge_begin(l, "pread");
        fprintf(f, "  pread 0x%" PRIx64 " size %u: %s 0x%" PRIx64 ", ref 0x%" PRIx64 "\n", pa, size, l->dut_name, d, r);
        diverge_end(l);
    }
    return d;
}

/* Both sides made the same control operation: their status must agree; the reference
 * side then forgets what the operation requires it to forget. */
static be_status ctl_done(lockstep *l, const char *op, be_status d, be_status r, const ref_inval *inv)
{
    l->st.ops++;
    if (l->diverged)
        return d;
    if (d != r) {
        FILE *f = diverge_begin(l, "control operation status");
        fprintf(f, "  %s: %s %s, ref %s\n", op, l->dut_name, st_name(d), st_name(r));
        diverge_end(l);
        return d;
    }
    if (r == BE_OK)
        ref_cache_invalidate(l->ref.cache, inv);
    return d;
}

static be_status ls_cr3(backend *b, uint64_t v)
{
    lockstep *l = L(b);
    char op[64];
    snprintf(op, sizeof op, "mov cr3, 0x%" PRIx64, v);
    ref_inval inv;
    be_status d = l->dut->ops->write_cr3(l->dut, v);
    return ctl_done(l, op, d, ref_ctl_cr3(&l->ref.ctl, v, &inv), &inv);
}

static be_status ls_cr0(backend *b, bool wp)
{
    lockstep *l = L(b);
    ref_inval inv;
    be_status d = l->dut->ops->write_cr0_wp(l->dut, wp);
    return ctl_done(l, wp ? "cr0 wp=1" : "cr0 wp=0", d, ref_ctl_cr0_wp(&l->ref.ctl, wp, &inv), &inv);
}

static be_status ls_cr4(backend *b, be_cr4 v)
{
    lockstep *l = L(b);
    char op[80];
    snprintf(op, sizeof op, "cr4 pcide=%d pge=%d smep=%d smap=%d", v.pcide, v.pge, v.smep, v.smap);
    ref_inval inv;
    be_status d = l->dut->ops->write_cr4(l->dut, v);
    return ctl_done(l, op, d, ref_ctl_cr4(&l->ref.ctl, v, &inv), &inv);
}

static be_status ls_nxe(backend *b, bool nxe)
{
    lockstep *l = L(b);
    ref_inval inv;
    be_status d = l->dut->ops->write_efer_nxe(l->dut, nxe);
    return ctl_done(l, nxe ? "efer nxe=1" : "efer nxe=0", d, ref_ctl_efer_nxe(&l->ref.ctl, nxe, &inv), &inv);
}

static be_status ls_invlpg(backend *b, uint64_t va)
{
    lockstep *l = L(b);
    char op[64];
    snprintf(op, sizeof op, "invlpg 0x%" PRIx64, va);
    ref_inval inv;
    be_status d = l->dut->ops->invlpg(l->dut, va);
    return ctl_done(l, op, d, ref_ctl_invlpg(&l->ref.ctl, va, &inv), &inv);
}

static be_status ls_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    lockstep *l = L(b);
    char op[96];
    snprintf(op, sizeof op, "invpcid %u 0x%" PRIx64 " 0x%" PRIx64, type, pcid, va);
    ref_inval inv;
    be_status d = l->dut->ops->invpcid(l->dut, type, pcid, va);
    return ctl_done(l, op, d, ref_ctl_invpcid(&l->ref.ctl, type, pcid, va, &inv), &inv);
}

/* ---- accesses ------------------------------------------------------------------- */

/* Every page-table word some candidate read or wrote, and every byte some successful
 * candidate of a store stores to: the device's memory must agree with the chosen
 * candidate on all of them. */
typedef struct {
    unsigned n;
    uint64_t pa[256], dut[256];
    unsigned nb;
    uint64_t bpa[2 * 8 * 64]; /* at most 8 bytes for each of 128 candidates */
    uint8_t bdut[2 * 8 * 64];
} watch;

static void watch_add(watch *w, uint64_t pa)
{
    for (unsigned i = 0; i < w->n; i++)
        if (w->pa[i] == pa)
            return;
    if (w->n < 256)
        w->pa[w->n++] = pa;
}

static void fill_watch(lockstep *l, watch *w)
{
    w->n = 0;
    for (size_t i = 0; i < l->cands.n; i++) {
        const cand *c = &l->cands.v[i];
        for (unsigned p = 0; p < c->np; p++)
            for (unsigned k = 0; k < c->p[p].w.nsteps; k++)
                watch_add(w, c->p[p].w.step[k].pa);
        for (unsigned k = 0; k < c->ov.n; k++)
            watch_add(w, c->ov.pa[k]);
    }
    for (unsigned i = 0; i < w->n; i++)
        w->dut[i] = l->dut->ops->pread(l->dut, w->pa[i], 8);
}

/* Physical address of byte i of the access under candidate c. */
static uint64_t byte_pa(const cand *c, const ref_part *parts, unsigned i)
{
    return i < parts[0].n ? c->p[0].pa + i : c->p[1].pa + (i - parts[0].n);
}

/* The bytes a store may have written: those of every successful candidate. Candidates
 * differ in the second part's frame when its translation may be stale, so finding the
 * stored bytes at one candidate's addresses does not prove that candidate: its target
 * may have held them already while the device stored through another one. */
static void fill_watch_bytes(lockstep *l, const be_req *q, watch *w)
{
    w->nb = 0;
    if (q->kind != ACC_W || !l->check_data)
        return;
    ref_part parts[2];
    ref_split(q, parts);
    for (size_t k = 0; k < l->cands.n; k++) {
        const cand *c = &l->cands.v[k];
        if (c->status != BE_OK)
            continue;
        for (unsigned i = 0; i < q->size; i++) {
            uint64_t pa = byte_pa(c, parts, i);
            unsigned j = 0;
            while (j < w->nb && w->bpa[j] != pa)
                j++;
            if (j < w->nb)
                continue;
            if (w->nb == sizeof w->bpa / sizeof w->bpa[0]) {
                fprintf(stderr, "lockstep: more than %zu candidate store targets for va 0x%" PRIx64 "; raise the limit\n",
                        sizeof w->bpa / sizeof w->bpa[0], q->va);
                abort();
            }
            w->bpa[w->nb] = pa;
            w->bdut[w->nb++] = (uint8_t)l->dut->ops->pread(l->dut, pa, 1);
        }
    }
}

#define UNTOUCHED "untouched" /* the start of a mismatch found only at another candidate's target */

/* Why c does not explain the device's response (NULL if it does). */
static const char *mismatch(lockstep *l, const cand *c, const be_req *q, const be_resp *d, const watch *w,
                            char *why, size_t n)
{
    if (c->status != d->status)
        return "result";
    if (c->status == BE_OK && c->pa != d->pa)
        return "physical address";
    if (c->status == BE_PF && (c->err != d->err || c->cr2 != d->cr2))
        return "error code or CR2";
    ref_part parts[2];
    ref_split(q, parts);
    for (unsigned i = 0; i < w->n; i++) {
        uint64_t want = overlay_read64(&c->ov, w->pa[i]);
        /* A store onto a paging-structure entry of its own walk (the kernel editing, through
         * the direct map, the table that maps that very page): the stored bytes land after
         * the walk's A/D writes, so the entry holds them. */
        if (q->kind == ACC_W && c->status == BE_OK)
            for (unsigned b = 0; b < q->size; b++) {
                uint64_t pa = byte_pa(c, parts, b);
                if (pa - w->pa[i] < 8) {
                    unsigned sh = 8 * (unsigned)(pa - w->pa[i]);
                    want = (want & ~(0xffull << sh)) | (((q->wdata >> (8 * b)) & 0xff) << sh);
                }
            }
        if (want != w->dut[i]) {
            snprintf(why, n, "memory [0x%" PRIx64 "]: %s 0x%" PRIx64 ", this explanation 0x%" PRIx64, w->pa[i],
                     l->dut_name, w->dut[i], want);
            return why;
        }
    }
    if (!l->check_data || c->status != BE_OK)
        return NULL;
    if (q->kind == ACC_W) {
        /* This candidate's targets hold the stored bytes; every other candidate's target
         * still holds what it held (with this candidate's A/D writes). */
        for (unsigned j = 0; j < w->nb; j++) {
            uint64_t pa = w->bpa[j], want = overlay_read8(&c->ov, pa);
            bool mine = false;
            for (unsigned i = 0; i < q->size; i++)
                if (byte_pa(c, parts, i) == pa) {
                    want = (q->wdata >> (8 * i)) & 0xff;
                    mine = true;
                }
            if (w->bdut[j] != want) {
                snprintf(why, n, "%s byte at 0x%" PRIx64 ": %s 0x%02x, expected 0x%02" PRIx64,
                         mine ? "stored" : UNTOUCHED, pa, l->dut_name, w->bdut[j], want);
                return why;
            }
        }
        return NULL;
    }
    uint64_t want = 0;
    for (unsigned i = 0; i < q->size; i++)
        want |= (uint64_t)overlay_read8(&c->ov, byte_pa(c, parts, i)) << (8 * i);
    if (want != d->rdata) {
        snprintf(why, n, "rdata: %s 0x%" PRIx64 ", expected 0x%" PRIx64, l->dut_name, d->rdata, want);
        return why;
    }
    return NULL;
}

static void print_resp(FILE *f, const char *who, const be_resp *r)
{
    fprintf(f, "  %s: %s", who, st_name(r->status));
    if (r->status == BE_OK)
        fprintf(f, " pa 0x%" PRIx64 " rdata 0x%" PRIx64, r->pa, r->rdata);
    if (r->status == BE_PF)
        fprintf(f, " err 0x%x cr2 0x%" PRIx64, r->err, r->cr2);
    fprintf(f, "\n");
}

static void report_access(lockstep *l, const be_req *q, const be_resp *d, const watch *w)
{
    char what[128];
    snprintf(what, sizeof what, "access va=0x%" PRIx64 " %s %s size %u%s", q->va, kind_name(q->kind),
             q->user ? "u" : "s", q->size, q->kind == ACC_W ? " (store)" : "");
    FILE *f = diverge_begin(l, what);
    print_resp(f, l->dut_name, d);
    fprintf(f, "  legal explanations considered (%zu), none matches:\n", l->cands.n);
    for (size_t i = 0; i < l->cands.n; i++) {
        char why[200];
        const char *m = mismatch(l, &l->cands.v[i], q, d, w, why, sizeof why);
        fprintf(f, "    [%zu] ", i);
        explain_print(f, &l->cands.v[i]);
        fprintf(f, "\n        rejected: %s\n", m ? m : "(matches?)");
    }
    /* the entries along the fresh walks, in both memories */
    for (size_t i = 0; i < l->cands.n; i++) {
        const cand *c = &l->cands.v[i];
        for (unsigned p = 0; p < c->np; p++) {
            if (c->p[p].src != SRC_WALK)
                continue;
            fprintf(f, "  walk of part %u (va 0x%" PRIx64 "), before this access (ref) and now (%s):\n", p,
                    p ? (q->va | 0xfff) + 1 : q->va, l->dut_name);
            for (unsigned k = 0; k < c->p[p].w.nsteps; k++) {
                const ref_step *s = &c->p[p].w.step[k];
                fprintf(f, "    L%u [0x%" PRIx64 "]  ref 0x%016" PRIx64 "  %s 0x%016" PRIx64 "\n", s->level, s->pa, s->val,
                        l->dut_name, l->dut->ops->pread(l->dut, s->pa, 8));
            }
        }
        if (i == 0 && c->np == 1)
            break;
    }
    diverge_end(l);
}

static be_resp ls_access(backend *b, const be_req *q)
{
    lockstep *l = L(b);
    ref_req_validate(q, "lockstep");
    be_resp d = l->dut->ops->access(l->dut, q);
    l->st.ops++;
    l->st.accesses++;
    if (l->diverged)
        return d;
    if (!ref_req_canonical(q)) {
        if (d.status != BE_GP) {
            char what[96];
            snprintf(what, sizeof what, "access va=0x%" PRIx64 " size %u is not canonical", q->va, q->size);
            FILE *f = diverge_begin(l, what);
            print_resp(f, l->dut_name, &d);
            fprintf(f, "  ref: gp\n");
            diverge_end(l);
        }
        return d;
    }
    l->cands.n = 0;
    explain_access(&l->ref, q, l->scratch, &l->cands);
    l->st.candidates += l->cands.n;
    static watch w; /* large; lockstep is single-threaded */
    fill_watch(l, &w);
    fill_watch_bytes(l, q, &w);
    const cand *chosen = NULL;
    bool untouched_first = false;
    char why[200];
    for (size_t i = 0; i < l->cands.n; i++) {
        const cand *c = &l->cands.v[i];
        const char *m = mismatch(l, c, q, &d, &w, why, sizeof why);
        if (m) {
            untouched_first |= !chosen && strncmp(m, UNTOUCHED, strlen(UNTOUCHED)) == 0;
            continue;
        }
        if (!chosen) {
            chosen = c;
            if (i != 0)
                l->st.stale++; /* candidate 0 is the fresh walk of every part */
        }
        explain_record(&l->ref, c);
    }
    if (!chosen) {
        report_access(l, q, &d, &w);
        return d;
    }
    l->st.store_untouched += untouched_first;
    overlay_commit(&chosen->ov, l->ref.mem);
    if (chosen->status == BE_PF)
        ref_cache_fault(l->ref.cache, ref_ctl_pcid(&l->ref.ctl), chosen->cr2);
    else if (q->kind == ACC_W && l->check_data) {
        ref_part parts[2];
        ref_split(q, parts);
        for (unsigned i = 0; i < q->size; i++)
            physmem_write(l->ref.mem, byte_pa(chosen, parts, i), 1, (q->wdata >> (8 * i)) & 0xff);
    }
    return d;
}

static void ls_counters(backend *b, uint64_t out[BE_NCOUNTERS]) { L(b)->dut->ops->counters(L(b)->dut, out); }
static void ls_counters_peek(backend *b, uint64_t out[BE_NCOUNTERS]) { be_counters_peek(L(b)->dut, out); }

/* Cache maintenance goes to the device (the reference keeps memory, not a cache). The
 * contents must stay the same: write-backs happen inside the device's memory system. */
static be_status ls_wbinvd(backend *b)
{
    backend *d = L(b)->dut;
    return d->ops->cache_wbinvd ? d->ops->cache_wbinvd(d) : BE_OK;
}

static be_status ls_invd(backend *b)
{
    backend *d = L(b)->dut;
    return d->ops->cache_invd ? d->ops->cache_invd(d) : BE_OK;
}

static be_status ls_cline(backend *b, unsigned op, uint64_t pa)
{
    backend *d = L(b)->dut;
    return d->ops->cache_line ? d->ops->cache_line(d, op, pa) : BE_OK;
}

/* Line operations: the device does its own (or its fallback), the reference memory the
 * same words; a line read compares every word as pread does. */
static be_status ls_line_zero(backend *b, uint64_t pa)
{
    lockstep *l = L(b);
    l->st.ops++;
    be_status s = be_line_zero(l->dut, pa);
    for (unsigned i = 0; i < BE_LINE; i += 8)
        physmem_write(l->ref.mem, pa + i, 8, 0);
    return s;
}

static be_status ls_zero_lines(backend *b, uint64_t pa, unsigned n)
{
    lockstep *l = L(b);
    l->st.ops++;
    be_status s = be_zero_lines(l->dut, pa, n);
    for (uint64_t i = 0; i < (uint64_t)n * BE_LINE; i += 8)
        physmem_write(l->ref.mem, pa + i, 8, 0);
    return s;
}

static void ls_line_read(backend *b, uint64_t pa, uint64_t w[8])
{
    lockstep *l = L(b);
    l->st.ops++;
    be_line_read(l->dut, pa, w);
    for (unsigned i = 0; i < 8; i++) {
        uint64_t r = physmem_read(l->ref.mem, pa + 8 * i, 8);
        if (w[i] != r && !l->diverged) {
            FILE *f = diverge_begin(l, "line read");
            fprintf(f, "  line read 0x%" PRIx64 " word %u: %s 0x%" PRIx64 ", ref 0x%" PRIx64 "\n", pa, i,
                    l->dut_name, w[i], r);
            diverge_end(l);
        }
    }
}

static void ls_line_write(backend *b, uint64_t pa, const uint64_t w[8])
{
    lockstep *l = L(b);
    l->st.ops++;
    be_line_write(l->dut, pa, w);
    for (unsigned i = 0; i < 8; i++)
        physmem_write(l->ref.mem, pa + 8 * i, 8, w[i]);
}

static const struct backend_ops lockstep_ops = {
    .destroy = ls_destroy,
    .pwrite = ls_pwrite,
    .pread = ls_pread,
    .write_cr3 = ls_cr3,
    .write_cr0_wp = ls_cr0,
    .write_cr4 = ls_cr4,
    .write_efer_nxe = ls_nxe,
    .invlpg = ls_invlpg,
    .invpcid = ls_invpcid,
    .access = ls_access,
    .counters = ls_counters,
    .counters_peek = ls_counters_peek,
    .cache_wbinvd = ls_wbinvd,
    .cache_invd = ls_invd,
    .cache_line = ls_cline,
    .line_zero = ls_line_zero,
    .zero_lines = ls_zero_lines,
    .line_read = ls_line_read,
    .line_write = ls_line_write,
};

/* ---- memory check, stats, creation ---------------------------------------------- */

typedef struct {
    lockstep *l;
    bool ok;
} memcheck;

static void check_frame(void *ctx, uint64_t pfn, const uint8_t *data)
{
    memcheck *m = ctx;
    if (!m->ok)
        return;
    for (unsigned off = 0; off < 4096; off += 8) {
        uint64_t r = 0;
        memcpy(&r, data + off, 8); /* little-endian host, as physmem */
        uint64_t pa = pfn << 12 | off, d = m->l->dut->ops->pread(m->l->dut, pa, 8);
        if (d != r) {
            FILE *f = diverge_begin(m->l, "memory");
            fprintf(f, "  [0x%" PRIx64 "]: %s 0x%016" PRIx64 ", ref 0x%016" PRIx64 "\n", pa, m->l->dut_name, d, r);
            diverge_end(m->l);
            m->ok = false;
            return;
        }
    }
}

bool lockstep_check_memory(backend *b)
{
    memcheck m = {.l = L(b), .ok = true};
    if (L(b)->diverged)
        return false;
    physmem_each_frame(L(b)->ref.mem, check_frame, &m);
    return m.ok;
}

bool lockstep_is(const backend *b) { return b->ops == &lockstep_ops; }
bool lockstep_diverged(const backend *b) { return ((const lockstep *)b)->diverged; }
void lockstep_set_exit_on_divergence(backend *b, bool on) { L(b)->exit_on_div = on; }
const physmem *lockstep_ref_memory(const backend *b) { return ((const lockstep *)b)->ref.mem; }
const ref_ctl *lockstep_ref_control(const backend *b) { return &((const lockstep *)b)->ref.ctl; }
void lockstep_set_check_data(backend *b, bool on) { L(b)->check_data = on; }
void lockstep_set_report(backend *b, FILE *f) { L(b)->report = f; }

void lockstep_get_stats(const backend *b, lockstep_stats *out)
{
    const lockstep *l = (const lockstep *)b;
    *out = l->st;
    out->tlb_set = ref_cache_tlb_count(l->ref.cache);
    out->psc_set = ref_cache_psc_count(l->ref.cache);
}

backend *lockstep_wrap(backend *d, const char *dut, char *err, size_t errlen)
{
    lockstep *l = calloc(1, sizeof *l);
    if (!l) {
        be_destroy(d);
        snprintf(err, errlen, "lockstep: out of host memory");
        return NULL;
    }
    l->base = (backend){.ops = &lockstep_ops, .name = "lockstep", .maxphyaddr = d->maxphyaddr};
    l->dut = d;
    snprintf(l->dut_name, sizeof l->dut_name, "%s", dut);
    ref_ctl_reset(&l->ref.ctl, d->maxphyaddr);
    l->ref.mem = physmem_new();
    l->ref.cache = ref_cache_new();
    l->scratch = explain_scratch_new();
    l->exit_on_div = true;
    l->check_data = true;
    l->report = stderr;
    return &l->base;
}

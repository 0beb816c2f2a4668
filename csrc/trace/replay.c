// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Trace replay (replay.h): the record loop, the event mapping onto the kernel model's
 * system calls, validation, the counters and the progress line. */
#include "trace/replay.h"
#include "trace/trace.h"

#include "backend/wave_on_fail.h"
#include "kernel/kernel.h"
#include "registry/registry.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PID 1
#define MAX_REPORTS 10
/* Linux's mmap flags the model knows; the others (MAP_DENYWRITE, MAP_NORESERVE, MAP_STACK,
 * ...) change nothing the MMU sees. */
#define KNOWN_MAP_FLAGS (KMAP_SHARED | KMAP_PRIVATE | KMAP_FIXED | KMAP_ANON | KMAP_POPULATE | KMAP_NOREPLACE)

typedef struct {
    const replay_opts *o;
    const char *path;
    struct kernel *k;
    backend *be;
    uint64_t rec;             /* the current record's number */
    uint64_t bad, reports;
    uint64_t accesses, loads_checked, values_checked, fatal, first_touch, events_replayed, events_failed_real;
    uint64_t fetches, loads, stores, measured;
    uint64_t skip_fetches, skip_loads, skip_stores, skip_accesses; /* at the switch: not measured */
    uint64_t skip_counters[BE_NCOUNTERS];
    bool events, brk_started;
} rp;

static void disagree(rp *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void disagree(rp *r, const char *fmt, ...)
{
    r->bad++;
    wof_fail("replay disagreement");
    if (r->reports++ >= MAX_REPORTS)
        return;
    fprintf(stderr, "%s: record %llu: ", r->path, (unsigned long long)r->rec);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static const char *kacc_name(kacc a)
{
    switch (a) {
    case KA_OK: return "ok";
    case KA_SEGV_MAPERR: return "SIGSEGV (no mapping)";
    case KA_SEGV_ACCERR: return "SIGSEGV (access rights)";
    case KA_SEGV_KERNEL: return "SIGSEGV (non-canonical or kernel address)";
    case KA_BUS: return "SIGBUS (past the end of the file)";
    case KA_OOM: return "out of memory";
    case KA_NOPROC: return "no process";
    case KA_KILLED: return "killed by the OOM killer";
    }
    return "?";
}

/* A first touch in a trace without events: map the page and let the access retry. */
static bool first_touch(rp *r, uint64_t va)
{
    if (r->events)
        return false;
    uint64_t page = va & ~4095ull;
    int64_t a = k_mmap(r->k, PID, page, 4096, KPROT_READ | KPROT_WRITE | KPROT_EXEC,
                       KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED | KMAP_NOREPLACE, NULL, 0);
    if (a != (int64_t)page)
        return false;
    r->first_touch++;
    return true;
}

static const char *kind_name(acc_kind k) { return k == ACC_X ? "fetch" : k == ACC_W ? "store" : "load"; }

/* One piece of at most 8 bytes. */
static void piece(rp *r, acc_kind kind, uint64_t va, unsigned n, const uint8_t *value)
{
    r->accesses++;
    for (int tries = 0;; tries++) {
        kacc a;
        uint64_t got = 0, expect = 0;
        bool shadow_bad = false;
        if (kind == ACC_W) {
            uint64_t v;
            if (value) {
                v = 0;
                memcpy(&v, value, n);
            } else {
                /* no value recorded: a value unique to the record, so that the shadow
                 * memory check sees which store a later load reads */
                v = (r->rec + 1) * 0x9e3779b97f4a7c15ull ^ va;
            }
            a = k_store(r->k, PID, va, n, v);
        } else {
            a = k_load(r->k, PID, va, n, kind, &got, &shadow_bad, &expect);
        }
        if (a == KA_SEGV_MAPERR && tries < 2 && first_touch(r, va + (tries ? n - 1 : 0)))
            continue;
        if (a != KA_OK) {
            r->fatal++;
            disagree(r, "%s of %u bytes at 0x%llx: %s in the model; the real program's access completed", kind_name(kind),
                     n, (unsigned long long)va, kacc_name(a));
            return;
        }
        if (kind != ACC_W) {
            r->loads_checked++;
            if (shadow_bad)
                disagree(r, "%s of %u bytes at 0x%llx read 0x%llx; the memory holds 0x%llx", kind_name(kind), n,
                         (unsigned long long)va, (unsigned long long)got, (unsigned long long)expect);
            if (value) {
                uint64_t want = 0;
                memcpy(&want, value, n);
                r->values_checked++;
                if (want != got)
                    disagree(r, "%s of %u bytes at 0x%llx read 0x%llx; the real program read 0x%llx", kind_name(kind),
                             n, (unsigned long long)va, (unsigned long long)got, (unsigned long long)want);
            }
        }
        return;
    }
}

static void access_rec(rp *r, const tr_rec *t)
{
    acc_kind kind = t->type == TR_FETCH ? ACC_X : t->type == TR_STORE ? ACC_W : ACC_R;
    r->fetches += t->type == TR_FETCH;
    r->loads += t->type == TR_LOAD;
    r->stores += t->type == TR_STORE;
    for (unsigned off = 0; off < t->size; off += 8) {
        unsigned n = t->size - off < 8 ? t->size - off : 8;
        piece(r, kind, t->va + off, n, t->has_value ? t->value + off : NULL);
    }
}

/* A mapped file's bytes, read from this machine. */
static int load_file(rp *r, const tr_rec *t)
{
    if (k_file_exists(r->k, t->path))
        return 0;
    int fd = open(t->path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "%s: record %llu: mapped file '%s' cannot be read: %s\n", r->path, (unsigned long long)r->rec,
                t->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return 2;
    }
    uint8_t *data = malloc(st.st_size ? (size_t)st.st_size : 1);
    size_t got = 0;
    while (data && got < (size_t)st.st_size) {
        ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    uint32_t crc = data ? (uint32_t)crc32(0, data, (uInt)got) : 0;
    if (data && (got != t->a[0] || crc != t->a[1])) {
        fprintf(stderr, "%s: record %llu: mapped file '%s' changed since the recording (%zu bytes, CRC-32 0x%08x; "
                        "recorded %llu bytes, 0x%08llx)\n", r->path, (unsigned long long)r->rec, t->path, got, crc,
                (unsigned long long)t->a[0], (unsigned long long)t->a[1]);
        free(data);
        return 2;
    }
    int rc = data && got == (size_t)st.st_size ? k_file_data(r->k, t->path, data, got) : -EIO;
    free(data);
    if (rc) {
        fprintf(stderr, "%s: record %llu: mapped file '%s' cannot be loaded into the model: %s\n", r->path,
                (unsigned long long)r->rec, t->path, strerror(-rc));
        return 2;
    }
    return 0;
}

static void expect_result(rp *r, const char *what, int64_t got, int64_t want)
{
    if (got != want)
        disagree(r, "%s returned %lld (0x%llx) in the model, %lld (0x%llx) in the real run", what, (long long)got,
                 (unsigned long long)got, (long long)want, (unsigned long long)want);
}

static unsigned kprot(uint64_t p) { return (unsigned)(p & (KPROT_READ | KPROT_WRITE | KPROT_EXEC)); }

static int event_rec(rp *r, const tr_rec *t)
{
    int64_t res = (int64_t)t->a[6];
    if (t->type == TR_FILE)
        return load_file(r, t);
    if (t->type != TR_SEGMENT && res < 0 && res >= -4095) {
        r->events_failed_real++; /* a failed call changed nothing */
        return 0;
    }
    r->events_replayed++;
    switch (t->type) {
    case TR_SEGMENT: {
        if (t->path[0] && !k_file_exists(r->k, t->path)) {
            fprintf(stderr, "%s: record %llu: segment of '%s' before its file record\n", r->path,
                    (unsigned long long)r->rec, t->path);
            return 2;
        }
        unsigned flags = KMAP_PRIVATE | KMAP_FIXED | (t->path[0] ? 0 : KMAP_ANON);
        int64_t a = k_mmap(r->k, PID, t->a[0], t->a[1], kprot(t->a[2]), flags, t->path[0] ? t->path : NULL, t->a[5]);
        expect_result(r, "a loader segment (mmap)", a, (int64_t)t->a[0]);
        return 0;
    }
    case TR_MMAP: {
        bool anon = (t->a[3] & KMAP_ANON) != 0;
        if (!anon && !k_file_exists(r->k, t->path)) {
            fprintf(stderr, "%s: record %llu: mmap of '%s' before its file record\n", r->path,
                    (unsigned long long)r->rec, t->path);
            return 2;
        }
        unsigned flags = (unsigned)(t->a[3] & KNOWN_MAP_FLAGS) | KMAP_FIXED;
        flags &= ~KMAP_NOREPLACE;
        int64_t a = k_mmap(r->k, PID, (uint64_t)res, t->a[1], kprot(t->a[2]), flags, anon ? NULL : t->path, t->a[5]);
        expect_result(r, "mmap", a, res);
        return 0;
    }
    case TR_MUNMAP:
        expect_result(r, "munmap", k_munmap(r->k, PID, t->a[0], t->a[1]), res);
        return 0;
    case TR_MPROTECT:
        expect_result(r, "mprotect", k_mprotect(r->k, PID, t->a[0], t->a[1], kprot(t->a[2])), res);
        return 0;
    case TR_MREMAP:
        /* a move goes where the real kernel put it (MREMAP_FIXED, flag 2, is the same call) */
        if ((uint64_t)res != t->a[0])
            expect_result(r, "mremap", k_mremap_to(r->k, PID, t->a[0], t->a[1], t->a[2], (uint64_t)res), res);
        else
            expect_result(r, "mremap", k_mremap(r->k, PID, t->a[0], t->a[1], t->a[2], false), res);
        return 0;
    case TR_BRK:
        if (!r->brk_started) {
            /* The first brk tells where exec put the break; Valgrind keeps a one-page
             * segment there, which its brk then grows: the model's break replaces it. */
            r->brk_started = true;
            uint64_t base = t->a[0] ? t->a[0] : (uint64_t)res;
            if (t->a[0] == 0) {
                k_munmap(r->k, PID, base, 4096);
                if (k_set_brk_start(r->k, PID, base) != 0)
                    disagree(r, "brk: the break cannot start at 0x%llx in the model", (unsigned long long)base);
            }
        }
        expect_result(r, "brk", k_brk(r->k, PID, t->a[0]), res);
        return 0;
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void progress(const rp *r, uint64_t total, double t0, bool end)
{
    double dt = now() - t0;
    if (dt < 2 && !end)
        return;
    unsigned pct = total ? (unsigned)(r->rec * 100 / total) : 100;
    char bar[31];
    for (int i = 0; i < 30; i++)
        bar[i] = i < (int)(pct * 30 / 100) ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\rreplay [%s] %3u%% %llu/%llu records, %.2f M/s%s", bar, pct, (unsigned long long)r->rec,
            (unsigned long long)total, dt > 0 ? r->rec / dt / 1e6 : 0.0, end ? "\n" : "");
}

static void stats_json(rp *r, const tr_header *h)
{
    uint64_t c[BE_NCOUNTERS];
    be_counters_since(r->be, r->skip_counters, c);
    uint64_t fetches = r->fetches - r->skip_fetches;
    double ki = fetches ? fetches / 1000.0 : 0;
#define MPKI(x) (ki > 0 ? (double)(x) / ki : 0.0)
    printf("{\"trace\": \"%s\", \"backend\": \"%s\", \"records\": %llu, \"instructions\": %llu, \"loads\": %llu, "
           "\"stores\": %llu, \"accesses\": %llu, \"address_space\": \"%s\", \"first_touch_vmas\": %llu",
           r->path, r->o->backend, (unsigned long long)r->measured, (unsigned long long)fetches,
           (unsigned long long)(r->loads - r->skip_loads), (unsigned long long)(r->stores - r->skip_stores),
           (unsigned long long)(r->accesses - r->skip_accesses),
           (h->flags & TRF_EVENTS) ? "recorded" : "first-touch", (unsigned long long)r->first_touch);
    printf(", \"itlb\": {\"accesses\": %llu, \"misses\": %llu, \"mpki\": %.4f}", (unsigned long long)c[BE_CNT_itlb_accesses],
           (unsigned long long)c[BE_CNT_itlb_misses], MPKI(c[BE_CNT_itlb_misses]));
    printf(", \"dtlb\": {\"accesses\": %llu, \"misses\": %llu, \"mpki\": %.4f}", (unsigned long long)c[BE_CNT_dtlb_accesses],
           (unsigned long long)c[BE_CNT_dtlb_misses], MPKI(c[BE_CNT_dtlb_misses]));
    printf(", \"l2tlb\": {\"accesses\": %llu, \"misses\": %llu, \"mpki\": %.4f}",
           (unsigned long long)c[BE_CNT_l2tlb_accesses], (unsigned long long)c[BE_CNT_l2tlb_misses],
           MPKI(c[BE_CNT_l2tlb_misses]));
    uint64_t walks = c[BE_CNT_walks];
    printf(", \"walks\": %llu, \"walk_mem_refs\": %llu, \"mem_refs_per_walk\": %.4f", (unsigned long long)walks,
           (unsigned long long)c[BE_CNT_walk_mem_refs], walks ? (double)c[BE_CNT_walk_mem_refs] / walks : 0.0);
    printf(", \"walk_cycles\": %llu, \"cycles_per_walk\": %.4f", (unsigned long long)c[BE_CNT_walk_cycles],
           walks ? (double)c[BE_CNT_walk_cycles] / walks : 0.0);
    static const struct {
        const char *name;
        int cnt;
    } lv[] = {{"pml4e", BE_CNT_walk_refs_pml4e}, {"pdpte", BE_CNT_walk_refs_pdpte}, {"pde", BE_CNT_walk_refs_pde},
              {"pte", BE_CNT_walk_refs_pte}};
    printf(", \"walk_refs_by_level\": {");
    for (unsigned i = 0; i < 4; i++)
        printf("%s\"%s\": {\"refs\": %llu, \"per_walk\": %.4f}", i ? ", " : "", lv[i].name,
               (unsigned long long)c[lv[i].cnt], walks ? (double)c[lv[i].cnt] / walks : 0.0);
    printf("}, \"walk_refs_served\": {\"dcache\": %llu, \"memory\": %llu}", (unsigned long long)c[BE_CNT_walk_refs_dcache],
           (unsigned long long)c[BE_CNT_walk_refs_memory]);
    printf(", \"psc_hits\": {\"pml4e\": %llu, \"pdpte\": %llu, \"pde\": %llu}", (unsigned long long)c[BE_CNT_psc_pml4e_hits],
           (unsigned long long)c[BE_CNT_psc_pdpte_hits], (unsigned long long)c[BE_CNT_psc_pde_hits]);
    printf(", \"dcache\": {\"hits\": %llu, \"misses\": %llu, \"writebacks\": %llu, \"uncached\": %llu}",
           (unsigned long long)c[BE_CNT_dcache_hits], (unsigned long long)c[BE_CNT_dcache_misses],
           (unsigned long long)c[BE_CNT_dcache_writebacks], (unsigned long long)c[BE_CNT_uncached_accesses]);
    printf(", \"ad_updates\": %llu, \"page_faults\": %llu, \"cycles\": %llu, \"stall_cycles\": %llu, "
           "\"mem_stall_cycles\": %llu", (unsigned long long)c[BE_CNT_ad_updates],
           (unsigned long long)c[BE_CNT_page_faults], (unsigned long long)c[BE_CNT_cycles],
           (unsigned long long)c[BE_CNT_stall_cycles], (unsigned long long)c[BE_CNT_mem_stall_cycles]);
    printf(", \"counters\": {");
    for (int i = 0; i < BE_NCOUNTERS; i++)
        printf("%s\"%s\": %llu", i ? ", " : "", be_counter_names[i], (unsigned long long)c[i]);
    printf("}");
    kernel_stats_json(r->k, stdout);
    printf("}\n");
#undef MPKI
}

int replay_run(const replay_opts *o)
{
    char err[512];
    tr_header h = {0};
    tr_reader *tr = tr_open(o->trace, &h, err, sizeof err);
    if (!tr) {
        fprintf(stderr, "openmmu: %s\n", err);
        return 2;
    }
    int rc = 0;
    rp r = {.o = o, .path = o->trace, .events = (h.flags & TRF_EVENTS) != 0};
    /* --skip: the first records run on ref, then the kernel moves to the measured backend. */
    bool switching = o->skip && strcmp(o->backend, "ref") != 0;
    r.be = backend_create(switching ? "ref" : o->backend, o->be, err, sizeof err);
    if (!r.be) {
        fprintf(stderr, "openmmu: --backend %s: %s\n", o->backend, err);
        tr_close(tr);
        tr_header_free(&h);
        return 2;
    }
    /* The kernel's injected bugs, as for scenarios: the tests prove the validation sees them. */
    struct kernel_opts ko = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = o->mem_size, .inject = o->kernel_inject};
    r.k = kernel_new(r.be, &ko, err, sizeof err);
    if (!r.k || k_spawn(r.k, PID) != 0) {
        fprintf(stderr, "openmmu: replay: %s\n", r.k ? "cannot create the process" : err);
        rc = 2;
        goto out;
    }
    uint64_t end = o->limit ? o->skip + o->limit : UINT64_MAX, total = h.records < end ? h.records : end;
    double t0 = now();
    tr_rec *t = malloc(sizeof *t);
    if (!t) {
        rc = 2;
        goto out;
    }
    for (;;) {
        if (r.rec >= end)
            break;
        if (r.rec == o->skip && o->skip) {
            if (switching) {
                backend *m = backend_create(o->backend, o->be, err, sizeof err);
                if (!m) {
                    fprintf(stderr, "openmmu: --backend %s: %s\n", o->backend, err);
                    rc = 2;
                    break;
                }
                if (!k_move_backend(r.k, m)) {
                    fprintf(stderr, "openmmu: replay: the %s backend refused the paging setup\n", o->backend);
                    be_destroy(m);
                    rc = 2;
                    break;
                }
                be_destroy(r.be);
                r.be = m;
            }
            /* the counters of the skipped records, and of the copy, are taken off */
            r.be->ops->counters(r.be, r.skip_counters);
            r.skip_fetches = r.fetches;
            r.skip_loads = r.loads;
            r.skip_stores = r.stores;
            r.skip_accesses = r.accesses;
            r.measured = 0;
        }
        int n = tr_next(tr, t, err, sizeof err);
        if (n < 0) {
            fprintf(stderr, "openmmu: %s\n", err);
            rc = 2;
            break;
        }
        if (n == 0)
            break;
        if (t->type >= TR_MMAP) {
            int e = event_rec(&r, t);
            if (e) {
                rc = e;
                break;
            }
        } else {
            access_rec(&r, t);
        }
        r.measured++;
        r.rec++;
        if (o->progress && (r.rec & 0xffff) == 0)
            progress(&r, total, t0, false);
    }
    free(t);
    if (o->progress && now() - t0 >= 2)
        progress(&r, total, t0, true);
    if (rc == 0) {
        if (r.bad > MAX_REPORTS)
            fprintf(stderr, "%s: ... and %llu more disagreements\n", r.path, (unsigned long long)(r.bad - MAX_REPORTS));
        uint64_t agree = r.accesses + r.events_replayed - (r.bad < r.accesses + r.events_replayed ? r.bad : 0);
        double pct = r.accesses + r.events_replayed ? 100.0 * agree / (double)(r.accesses + r.events_replayed) : 100.0;
        printf("replay: %s on %s: %llu records (%llu fetches, %llu loads, %llu stores, %llu events)", r.path,
               o->backend, (unsigned long long)r.rec, (unsigned long long)r.fetches, (unsigned long long)r.loads,
               (unsigned long long)r.stores, (unsigned long long)(r.rec - r.fetches - r.loads - r.stores));
        if (o->skip)
            printf("; the first %llu on ref, then %llu measured", (unsigned long long)(o->skip < r.rec ? o->skip : r.rec),
                   (unsigned long long)(o->skip < r.rec ? r.measured : 0));
        printf("\n");
        printf("address space: %s\n", r.events ? "recorded events replayed at the recorded addresses"
                                               : "no events in the trace: anonymous pages mapped on first touch");
        printf("validation: %llu accesses, %llu fatal signals; %llu loads checked against the memory, %s; "
               "%llu events replayed (%llu failed calls of the real run skipped); %llu disagreements: %.2f%% agree\n",
               (unsigned long long)r.accesses, (unsigned long long)r.fatal, (unsigned long long)r.loads_checked,
               (h.flags & TRF_VALUES) ? "recorded values checked" : "no values recorded",
               (unsigned long long)r.events_replayed, (unsigned long long)r.events_failed_real,
               (unsigned long long)r.bad, pct);
        if (r.first_touch)
            printf("first touch: %llu anonymous pages mapped\n", (unsigned long long)r.first_touch);
        if (o->stats)
            stats_json(&r, &h);
        rc = r.bad ? 1 : 0;
    }
out:
    if (r.k)
        kernel_free(r.k);
    be_destroy(r.be);
    tr_close(tr);
    tr_header_free(&h);
    return rc;
}

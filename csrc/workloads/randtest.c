// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The random tester (see randtest.h). */
#include "workloads/randtest.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend/wave_on_fail.h"
#include "lockstep/lockstep.h"
#include "workloads/recorder.h"

/* Physical layout: tables, 4 KiB data frames, 2 MiB and 1 GiB frames, far apart. */
#define TABLE_BASE 0x00100000ull
#define DATA4K_BASE 0x04000000ull
#define DATA2M_BASE 0x40000000ull
#define DATA1G_BASE 0xc0000000ull
enum { N4 = 4, N3 = 6, N2 = 8, N1 = 12, NTABLES = N4 + N3 + N2 + N1, NDATA4K = 16, NDATA2M = 4, NDATA1G = 3 };

/* The few indices at each level that the workload uses, so that addresses collide. */
static const unsigned hot4[] = {0, 1, 256, 511};
static const unsigned hot3[] = {0, 1, 2, 511};
static const unsigned hot2[] = {0, 1, 5, 511};
static const unsigned hot1[] = {0, 1, 2, 3, 511};
#define NELEM(a) (sizeof(a) / sizeof(a[0]))

typedef struct {
    backend *b;     /* what the workload drives: the backend, or a recorder around it */
    backend *ls;    /* the lockstep backend under b, or NULL */
    uint64_t rng;
    unsigned verbose;
    bool pcide;     /* mirrored so that CR3 writes are mostly legal */
    uint64_t cr3;
    uint64_t n_acc, n_ok, n_pf, n_gp, n_edit, n_inv, n_ctl, n_ctl_gp;
} rt;

static uint64_t rnd(rt *t)
{
    /* splitmix64: full period, good enough bits for test choices */
    uint64_t z = (t->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned pick(rt *t, unsigned n) { return (unsigned)(rnd(t) % n); }
static bool chance(rt *t, unsigned pct) { return pick(t, 100) < pct; }

/* Table frames: PML4s first, then PDPTs, PDs, PTs. */
static uint64_t table(unsigned level, unsigned i)
{
    static const unsigned first[5] = {0, N4 + N3 + N2, N4 + N3, N4, 0};
    return TABLE_BASE + (uint64_t)(first[level] + i) * 4096;
}
static unsigned ntables(unsigned level)
{
    static const unsigned n[5] = {0, N1, N2, N3, N4};
    return n[level];
}

static uint64_t rights(rt *t)
{
    uint64_t e = PTE_P;
    if (chance(t, 92)) e |= PTE_RW;
    if (chance(t, 92)) e |= PTE_US;
    if (chance(t, 6)) e |= PTE_XD;
    if (chance(t, 30)) e |= PTE_A;
    if (chance(t, 20)) e |= PTE_D;
    if (chance(t, 10)) e |= PTE_PWT;
    if (chance(t, 10)) e |= PTE_PCD;
    if (chance(t, 5)) e |= 1ull << (52 + pick(t, 11)); /* ignored bits */
    return e;
}

/* A random entry for a slot of a table at level. */
static uint64_t random_entry(rt *t, unsigned level)
{
    unsigned r = pick(t, 100);
    if (r < 4)
        return rnd(t) & ~PTE_P; /* not present, junk elsewhere */
    uint64_t e = rights(t);
    if (r < 7) /* a reserved bit: above MAXPHYADDR, or PS in a PML4E */
        e |= level == 4 && chance(t, 50) ? PTE_PS : 1ull << (40 + pick(t, 12));
    bool large = (level == 3 && chance(t, 15)) || (level == 2 && chance(t, 20));
    if (level == 1 || large) {
        if (chance(t, 30)) e |= PTE_G;
        if (level == 1) {
            if (chance(t, 5)) e |= PTE_PS; /* PAT in a PTE */
            return e | (DATA4K_BASE + (uint64_t)pick(t, NDATA4K) * 4096);
        }
        e |= PTE_PS;
        if (chance(t, 5)) e |= 1ull << 12; /* PAT */
        if (chance(t, 3)) e |= 1ull << (13 + pick(t, level == 2 ? 8 : 17)); /* misaligned: reserved */
        return e | (level == 2 ? DATA2M_BASE + (uint64_t)pick(t, NDATA2M) * 0x200000
                               : DATA1G_BASE + (uint64_t)pick(t, NDATA1G) * 0x40000000);
    }
    return e | table(level - 1, pick(t, ntables(level - 1)));
}

static unsigned hot(rt *t, unsigned level)
{
    switch (level) {
    case 4: return hot4[pick(t, NELEM(hot4))];
    case 3: return hot3[pick(t, NELEM(hot3))];
    case 2: return hot2[pick(t, NELEM(hot2))];
    default: return hot1[pick(t, NELEM(hot1))];
    }
}

static uint64_t random_va(rt *t)
{
    uint64_t va = (uint64_t)hot(t, 4) << 39 | (uint64_t)hot(t, 3) << 30 | (uint64_t)hot(t, 2) << 21 |
                  (uint64_t)hot(t, 1) << 12;
    if (va >> 47)
        va |= 0xffff000000000000ull;
    if (chance(t, 2))
        va ^= 1ull << (47 + pick(t, 17)); /* non-canonical */
    return va;
}

static void edit(rt *t, unsigned level, unsigned i, unsigned slot, uint64_t e)
{
    uint64_t pa = table(level, i) + 8 * slot;
    if (t->verbose >= 2)
        printf("  pwrite 0x%" PRIx64 " 8 0x%" PRIx64 "\n", pa, e);
    t->b->ops->pwrite(t->b, pa, 8, e);
}

static void build_forest(rt *t)
{
    for (unsigned level = 4; level > 0; level--)
        for (unsigned i = 0; i < ntables(level); i++) {
            const unsigned *h = level == 4 ? hot4 : level == 3 ? hot3 : level == 2 ? hot2 : hot1;
            unsigned n = level == 4 ? NELEM(hot4) : level == 3 ? NELEM(hot3) : level == 2 ? NELEM(hot2) : NELEM(hot1);
            for (unsigned k = 0; k < n; k++)
                edit(t, level, i, h[k], random_entry(t, level));
        }
}

static void ctl(rt *t, const char *what, be_status st)
{
    t->n_ctl++;
    if (st != BE_OK)
        t->n_ctl_gp++;
    if (t->verbose >= 2)
        printf("  %s => %s\n", what, st == BE_OK ? "ok" : "gp");
}

static void op_cr3(rt *t)
{
    uint64_t v = table(4, pick(t, N4));
    if (t->pcide) {
        static const unsigned pcids[] = {0, 1, 2, 3, 4095};
        v |= pcids[pick(t, 5)];
        if (chance(t, 40))
            v |= 1ull << 63;
    } else {
        if (chance(t, 20))
            v |= PTE_PWT | PTE_PCD;
        if (chance(t, 3))
            v |= 1ull << 63; /* #GP with PCIDE=0 */
    }
    if (chance(t, 2))
        v |= 1ull << (40 + pick(t, 23)); /* #GP */
    char s[48];
    snprintf(s, sizeof s, "cr3 0x%" PRIx64, v);
    be_status st = t->b->ops->write_cr3(t->b, v);
    if (st == BE_OK)
        t->cr3 = v & ~(1ull << 63);
    ctl(t, s, st);
}

static void op_cr4(rt *t)
{
    be_cr4 v = {.pcide = chance(t, 70), .pge = chance(t, 70), .smep = chance(t, 15), .smap = chance(t, 15)};
    char s[64];
    snprintf(s, sizeof s, "cr4 pcide=%d pge=%d smep=%d smap=%d", v.pcide, v.pge, v.smep, v.smap);
    be_status st = t->b->ops->write_cr4(t->b, v);
    if (st == BE_OK)
        t->pcide = v.pcide;
    ctl(t, s, st);
}

static void op_inval(rt *t)
{
    char s[80];
    t->n_inv++;
    if (chance(t, 55)) {
        uint64_t va = random_va(t) | pick(t, 4096);
        snprintf(s, sizeof s, "invlpg 0x%" PRIx64, va);
        ctl(t, s, t->b->ops->invlpg(t->b, va));
        return;
    }
    unsigned type = chance(t, 3) ? 4 : pick(t, 4);
    static const uint64_t pcids[] = {0, 1, 2, 3, 4095, 4096};
    uint64_t pcid = pcids[chance(t, 3) ? 5 : pick(t, 5)];
    uint64_t va = random_va(t) | pick(t, 4096);
    snprintf(s, sizeof s, "invpcid %u 0x%" PRIx64 " 0x%" PRIx64, type, pcid, va);
    ctl(t, s, t->b->ops->invpcid(t->b, type, pcid, va));
}

static void op_edit(rt *t)
{
    unsigned level = 1 + pick(t, 4), i = pick(t, ntables(level)), slot = hot(t, level);
    uint64_t pa = table(level, i) + 8 * slot;
    uint64_t old = t->b->ops->pread(t->b, pa, 8), e;
    t->n_edit++;
    unsigned r = pick(t, 100);
    if (r < 25)
        e = old & ~(PTE_A | PTE_D); /* the OS clears A/D (no invalidation needed) */
    else if (r < 45)
        e = old | PTE_RW | PTE_US | PTE_P; /* rights relaxed or entry re-enabled */
    else if (r < 55)
        e = old & ~(chance(t, 50) ? PTE_RW : PTE_P); /* rights restricted or unmapped */
    else
        e = random_entry(t, level);
    edit(t, level, i, slot, e);
    if (chance(t, 50)) /* sometimes the invalidation follows, sometimes not */
        op_inval(t);
}

static void op_access(rt *t)
{
    static const unsigned sizes[] = {1, 2, 4, 8};
    be_req q = {.kind = (acc_kind)pick(t, 3), .user = chance(t, 50), .size = sizes[pick(t, 4)], .wdata = rnd(t)};
    q.va = random_va(t) | (chance(t, 20) ? 4096 - pick(t, 8) : pick(t, 4096)); /* page-crossing often */
    if (chance(t, 5))
        q.va += 0x200000ull * pick(t, 3) + 0x1000; /* somewhere inside a large page */
    be_resp r = t->b->ops->access(t->b, &q);
    t->n_acc++;
    t->n_ok += r.status == BE_OK;
    t->n_pf += r.status == BE_PF;
    t->n_gp += r.status == BE_GP;
    if (t->verbose >= 2) {
        printf("  access 0x%" PRIx64 " %c %c %u", q.va, "rwx"[q.kind], q.user ? 'u' : 's', q.size);
        if (r.status == BE_OK)
            printf(" => pa 0x%" PRIx64 "\n", r.pa);
        else if (r.status == BE_PF)
            printf(" => pf 0x%x (cr2 0x%" PRIx64 ")\n", r.err, r.cr2);
        else
            printf(" => %s\n", r.status == BE_GP ? "gp" : "mce");
    }
}

/* Data-cache maintenance that keeps every byte (write-backs; nothing dropped), on a line of
 * a table or of a 4 KiB data frame: lockstep then checks that no write-back lost data. */
static void op_cache(rt *t)
{
    backend *b = t->b;
    uint64_t pa = chance(t, 50) ? table(1 + pick(t, 4), 0) + 8 * pick(t, 512)
                                : DATA4K_BASE + (uint64_t)pick(t, NDATA4K) * 4096 + pick(t, 4096);
    unsigned r = pick(t, 10);
    if (r < 2) {
        if (b->ops->cache_wbinvd)
            ctl(t, "wbinvd", b->ops->cache_wbinvd(b));
    } else if (b->ops->cache_line) {
        char s[64];
        snprintf(s, sizeof s, "%s 0x%" PRIx64, r < 6 ? "clflush" : "clwb", pa);
        ctl(t, s, b->ops->cache_line(b, r < 6 ? BE_CLINE_WBINV : BE_CLINE_WB, pa));
    }
}

static bool diverged(const rt *t) { return t->ls && lockstep_diverged(t->ls); }

typedef struct {
    backend *ls;
    const physmem *ref;
    bool found;
    uint64_t pa;
} mismatch_scan;

static void scan_frame(void *ctx, uint64_t pfn, const uint8_t *data)
{
    mismatch_scan *m = ctx;
    (void)data;
    for (unsigned off = 0; off < 4096 && !m->found; off += 8) {
        uint64_t pa = pfn << 12 | off;
        if (m->ls->ops->pread(m->ls, pa, 8) != physmem_read(m->ref, pa, 8)) {
            m->found = true;
            m->pa = pa;
        }
    }
}

/* The whole-memory comparison. On a difference with a recording, the first differing word
 * is read once more through the recorder, so that the replay ends with the read that
 * shows the difference (lockstep compares every pread). */
static bool check_memory(rt *t, backend *rec)
{
    if (lockstep_check_memory(t->ls))
        return true;
    if (rec) {
        mismatch_scan m = {.ls = t->ls, .ref = lockstep_ref_memory(t->ls)};
        physmem_each_frame(m.ref, scan_frame, &m);
        if (m.found)
            (void)rec->ops->pread(rec, m.pa, 8);
    }
    return false;
}

static int write_dump(const rt *t, backend *rec, const randtest_opts *o, uint64_t mark_acc)
{
    lockstep_stats s;
    lockstep_get_stats(t->ls, &s);
    char header[512];
    snprintf(header, sizeof header,
             "openmmu random, seed %" PRIu64 ": lockstep divergence at access %" PRIu64 " (operation #%" PRIu64 ").\n"
             "Replay: %s FILE (it stops at the divergence, exit 3).\n"
             "It starts from the state checked after access %" PRIu64 ", with every TLB and cache empty.",
             o->seed, t->n_acc, s.ops, o->replay_cmd ? o->replay_cmd : "openmmu run --backend lockstep", mark_acc);
    FILE *f = fopen(o->dump_path, "w");
    if (!f) {
        fprintf(stderr, "openmmu: --dump: cannot open '%s': %s\n", o->dump_path, strerror(errno));
        return 2;
    }
    bool ok = recorder_write(rec, f, header);
    int err = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        fprintf(stderr, "openmmu: --dump: cannot write '%s': %s\n", o->dump_path, strerror(err));
        return 2;
    }
    printf("randtest: replay of the last %" PRIu64 " operations (from the check after access %" PRIu64
           ") written to %s\n", recorder_lines(rec), mark_acc, o->dump_path);
    return 1;
}

/* An unwritable dump path is reported before the run, not after hours of it; the file is
 * neither truncated nor left behind by the test. */
static bool dump_writable(const char *path)
{
    bool existed = access(path, F_OK) == 0;
    FILE *f = fopen(path, "a");
    if (!f)
        return false;
    fclose(f);
    if (!existed)
        remove(path);
    return true;
}

int randtest_run(backend *b, const randtest_opts *o)
{
    rt t = {.b = b, .rng = o->seed, .verbose = o->verbose};
    bool ls = lockstep_is(b);
    backend *rec = NULL;
    if (o->dump_path) {
        if (!ls) {
            fprintf(stderr, "openmmu: --dump: backend %s is not a lockstep backend (nothing to compare, "
                            "so no divergence to dump)\n", b->name);
            return 2;
        }
        if (!dump_writable(o->dump_path)) {
            fprintf(stderr, "openmmu: --dump: cannot write '%s': %s\n", o->dump_path, strerror(errno));
            return 2;
        }
        if (!(rec = recorder_new(b))) {
            fprintf(stderr, "openmmu: --dump: out of host memory\n");
            return 2;
        }
        t.b = rec;
    }
    if (ls) {
        t.ls = b;
        lockstep_set_exit_on_divergence(b, false);
    }
    uint64_t every = o->checkpoint ? o->checkpoint : 100000, mark_acc = 0;
    build_forest(&t);
    op_cr3(&t);
    while (t.n_acc < o->accesses && !diverged(&t)) {
        unsigned r = pick(&t, 100);
        if (r < 72)
            op_access(&t);
        else if (r < 84)
            op_edit(&t);
        else if (r < 90)
            op_inval(&t);
        else if (r < 95)
            op_cr3(&t);
        else if (r < 97)
            op_cr4(&t);
        else if (r < 98) {
            bool wp = chance(&t, 50);
            ctl(&t, wp ? "cr0 wp=1" : "cr0 wp=0", t.b->ops->write_cr0_wp(t.b, wp));
        } else if (r < 99) {
            bool nxe = chance(&t, 70);
            ctl(&t, nxe ? "efer nxe=1" : "efer nxe=0", t.b->ops->write_efer_nxe(t.b, nxe));
        } else if (chance(&t, 50))
            (void)t.b->ops->pread(t.b, table(1 + pick(&t, 4), 0) + 8 * hot(&t, 1), 8);
        else
            op_cache(&t);
        /* Checked after every operation while the count of accesses is a multiple (so
         * again after the non-access operations that follow): a seed keeps its sequence
         * of device states, and its divergences, across versions of the tester. */
        if (ls && t.n_acc % every == 0 && t.n_acc && check_memory(&t, rec) && rec) {
            recorder_mark(rec, lockstep_ref_memory(b), lockstep_ref_control(b));
            mark_acc = t.n_acc;
        }
        if (o->verbose == 1 && t.n_acc % 100000 == 0 && t.n_acc)
            fprintf(stderr, "randtest: %" PRIu64 " accesses\n", t.n_acc);
    }
    bool ok = !diverged(&t) && (!ls || check_memory(&t, rec));
    printf("randtest %s: backend %s seed %" PRIu64 ": %" PRIu64 " accesses (%" PRIu64 " ok, %" PRIu64 " pf, %" PRIu64
           " gp), %" PRIu64 " edits, %" PRIu64 " invalidations, %" PRIu64 " control ops (%" PRIu64 " gp)",
           ok ? "PASS" : "FAIL", b->name, o->seed, t.n_acc, t.n_ok, t.n_pf, t.n_gp, t.n_edit, t.n_inv, t.n_ctl,
           t.n_ctl_gp);
    if (ls) {
        lockstep_stats s;
        lockstep_get_stats(b, &s);
        printf("; lockstep: %" PRIu64 " candidates, %" PRIu64 " explained only by stale entries, %" PRIu64
               " stores told apart by an untouched target, set %" PRIu64 " TLB/%" PRIu64 " PSC%s",
               s.candidates, s.stale, s.store_untouched, s.tlb_set, s.psc_set, ok ? "" : ", DIVERGED");
    }
    printf("\n");
    int rc = ok ? 0 : 1;
    if (rec && !ok && !wof_is_copy()) /* a --wave-on-fail copy writes only the waveform */
        rc = write_dump(&t, rec, o, mark_acc);
    if (rec)
        be_destroy(rec);
    fflush(stdout);
    return rc;
}

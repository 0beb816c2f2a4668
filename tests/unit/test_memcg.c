// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Memory cgroups on the ref backend under random operations: processes attached to and
 * moved between three groups whose limits change, fork and exit, private and shared
 * anonymous and file memory, transparent huge pages, reclaim. After every operation each group's
 * memory.current is exactly the frames charged to it (page->memcg), its anon + file, and
 * at most its memory.max unless it did not grow; every load is checked
 * against the shadow memory (no byte lost through a group's reclaim); at the end every
 * frame is back but the file's page cache, and the groups removed with it still charged
 * are freed with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "kernel/kern.h"
#include "kernel/memcontrol.h"
#include "registry/registry.h"

#define W0 0x40000000ull
#define WLEN (8ull << 20)
#define NPROC 5
#define NGROUP 3

static const char *const group[NGROUP] = {"a", "b", "c"};

typedef struct {
    backend *be;
    struct kernel *k;
    uint64_t rng;
    unsigned loads, shadow_errors, limit_hits, kills;
    uint64_t prev[NGROUP]; /* each group's memory.current after the last operation, pages */
    uint64_t cached;       /* file pages still cached (and charged) at the end */
} env;

static uint64_t rnd(env *v, uint64_t n)
{
    v->rng ^= v->rng << 13;
    v->rng ^= v->rng >> 7;
    v->rng ^= v->rng << 17;
    return v->rng % n;
}

static uint64_t stat_of(struct kernel *k, const char *g, const char *key)
{
    uint64_t val = 0;
    assert_int_equal(k_memcg_stat(k, g, key, &val), 0);
    return val;
}

/* The group's counters against the frames themselves. */
static void check_groups(env *v)
{
    struct kernel *k = v->k;
    for (int g = 0; g < NGROUP; g++) {
        struct memcg *cg = NULL;
        for (struct memcg *c = k->memcgs; c; c = c->next)
            if (!c->removed && strcmp(c->name, group[g]) == 0)
                cg = c;
        assert_non_null(cg);
        uint64_t frames = 0, anon = 0;
        for (uint64_t i = 0; i < k->pa.npages; i++)
            if (k->pa.pages[i].memcg == cg) {
                frames++;
                anon += k->pa.pages[i].kind == PG_ANON;
            }
        uint64_t cur = stat_of(k, group[g], "current") >> 12;
        assert_int_equal(cur, frames);
        assert_int_equal(stat_of(k, group[g], "anon") >> 12, anon);
        assert_int_equal((stat_of(k, group[g], "anon") + stat_of(k, group[g], "file")) >> 12, frames);
        /* A group can be over its limit -- a process attached, a child forked into it,
         * memory.max lowered with charges no process holds -- but never grows while it
         * is: a charge is made only where it fits. */
        uint64_t max = stat_of(k, group[g], "max");
        if (max != KMEMCG_UNLIMITED && cur > max >> 12)
            assert_true(cur <= v->prev[g]);
        v->prev[g] = cur;
    }
}

/* Accesses go to 4 words in each of 512 pages spread over the window (two 2 MiB ranges
 * hold most), so that loads meet earlier stores and a group's pages are revisited. */
static uint64_t hot(env *v) { return W0 + rnd(v, 512) * 0x4000 + 8 * rnd(v, 4); }

static void random_ops(env *v, unsigned nops)
{
    struct kernel *k = v->k;
    bool live[NPROC] = {false};
    for (int g = 0; g < NGROUP; g++)
        assert_int_equal(k_memcg_create(k, group[g], (8 + rnd(v, 56)) << 12), 0);
    assert_int_equal(k_spawn(k, 0), 0);
    live[0] = true;
    assert_int_equal(k_memcg_attach(k, group[0], 0), 0);
    assert_int_equal(k_mmap(k, 0, W0, WLEN, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED, NULL, 0),
                     (int64_t)W0);
    for (unsigned i = 0; i < nops; i++) {
        int pid = (int)rnd(v, NPROC);
        if (!live[pid]) {
            int parent = (int)rnd(v, NPROC);
            if (live[parent] && k_fork(k, parent, pid) == 0)
                live[pid] = true;
            else if (rnd(v, 3) == 0 && k_spawn(k, pid) == 0) {
                live[pid] = true;
                k_mmap(k, pid, W0, WLEN, KPROT_READ | KPROT_WRITE, KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED, NULL, 0);
            }
            continue;
        }
        uint64_t a = W0 + rnd(v, WLEN >> 12) * 4096, len = (1 + rnd(v, 64)) * 4096;
        uint64_t val = rnd(v, 1ull << 62) + 1;
        unsigned op = (unsigned)rnd(v, 100);
        if (op < 4) {
            unsigned kind = (unsigned)rnd(v, 6), type = kind & 1 ? KMAP_SHARED : KMAP_PRIVATE;
            if (kind < 4) /* anonymous, private or shared (shmem) */
                k_mmap(k, pid, a, len, KPROT_READ | KPROT_WRITE, type | KMAP_ANON | KMAP_FIXED, NULL, 0);
            else /* the file, whose pages stay cached -- and charged -- after their process */
                k_mmap(k, pid, a, len, KPROT_READ | KPROT_WRITE, type | KMAP_FIXED, "f", 4096 * rnd(v, 256));
        } else if (op < 5) {
            k_munmap(k, pid, a, len);
        } else if (op < 7) {
            k_madvise_hugepage(k, pid, a & ~(HPAGE_SIZE - 1), HPAGE_SIZE, true);
        } else if (op < 8) {
            k_madvise_dontneed(k, pid, a, len);
        } else if (op < 14) {
            int g = (int)rnd(v, NGROUP + 1);
            assert_int_equal(k_memcg_attach(k, g == NGROUP ? "/" : group[g], pid), 0);
        } else if (op < 17) {
            uint64_t max = rnd(v, 16) == 0 ? KMEMCG_UNLIMITED : (4 + rnd(v, 80)) << 12;
            assert_int_equal(k_memcg_set_max(k, group[rnd(v, NGROUP)], max), 0);
            for (int p = 0; p < NPROC; p++)
                if (live[p] && !proc_find(k, p)) {
                    live[p] = false;
                    v->kills++;
                }
        } else if (op < 19) {
            k_reclaim(k, 1 + rnd(v, 20));
        } else if (op < 20 && pid != 0) {
            assert_int_equal(k_exit(k, pid), 0);
            live[pid] = false;
        } else if (op < 65) {
            kacc r = k_store(k, pid, hot(v), 8, val);
            if (r == KA_KILLED) {
                live[pid] = false;
                v->kills++;
            }
        } else {
            uint64_t got, exp;
            bool bad = false;
            kacc r = k_load(k, pid, hot(v), 8, ACC_R, &got, &bad, &exp);
            if (r == KA_OK)
                v->loads++;
            if (r == KA_KILLED) {
                live[pid] = false;
                v->kills++;
            }
            v->shadow_errors += bad;
        }
        /* a kill by the OOM killer for another process's access */
        for (int p = 0; p < NPROC; p++)
            if (live[p] && !proc_find(k, p)) {
                live[p] = false;
                v->kills++;
            }
        check_groups(v);
        assert_int_equal(v->shadow_errors, 0);
    }
    for (int g = 0; g < NGROUP; g++) {
        v->limit_hits += (unsigned)stat_of(k, group[g], "events.max");
        if (getenv("MEMCG_VERBOSE"))
            fprintf(stderr, "%s: current %llu max %llu procs %llu pgfault %llu\n", group[g],
                    (unsigned long long)stat_of(k, group[g], "current"), (unsigned long long)stat_of(k, group[g], "max"),
                    (unsigned long long)stat_of(k, group[g], "procs"), (unsigned long long)stat_of(k, group[g], "pgfault"));
    }
    for (int p = 0; p < NPROC; p++)
        if (live[p])
            assert_int_equal(k_exit(k, p), 0);
    /* what is left charged is the file's cache; the groups go with it (the frames keep
     * them alive, nameless: kernel_free's uncharges free them, or LeakSanitizer says) */
    for (int g = 0; g < NGROUP; g++) {
        assert_int_equal(stat_of(k, group[g], "anon"), 0);
        assert_int_equal(stat_of(k, group[g], "current"), stat_of(k, group[g], "file"));
        v->cached += stat_of(k, group[g], "file") >> 12;
        assert_int_equal(k_memcg_remove(k, group[g]), 0);
        assert_int_equal(k_memcg_stat(k, group[g], "current", &(uint64_t){0}), -ENOENT);
    }
}

static void memcg_random(void **state)
{
    (void)state;
    unsigned hits = 0, kills = 0, loads = 0;
    uint64_t files = 0;
    for (uint64_t s = 1; s <= 4; s++) {
        char err[200];
        be_options bo = {0};
        env v = {0};
        v.be = backend_create("ref", &bo, err, sizeof err);
        assert_non_null(v.be);
        /* no swap on odd seeds: a group's anonymous memory cannot be reclaimed, its charges
         * end in kills */
        struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = 24ull << 20,
                                .swap_size = s & 1 ? 0 : 16ull << 20, .thp = KTHP_MADVISE};
        v.k = kernel_new(v.be, &o, err, sizeof err);
        assert_non_null(v.k);
        v.rng = s * 0x9e3779b97f4a7c15ull + 1;
        assert_int_equal(k_file(v.k, "f", 1 << 20, KFILE_SEED, s), 0);
        struct kernel_stats st0, st;
        kernel_stats(v.k, &st0);
        random_ops(&v, 1500);
        kernel_stats(v.k, &st);
        /* every frame back but the file's cache: those charged to a group, and those
         * brought in by a process of the root */
        uint64_t cache = 0;
        for (uint64_t i = 0; i < v.k->pa.npages; i++)
            cache += v.k->pa.pages[i].kind == PG_CACHE;
        assert_true(cache >= v.cached);
        assert_int_equal(st.free_pages + cache, st0.free_pages);
        files += v.cached;
        hits += v.limit_hits;
        kills += v.kills;
        loads += v.loads;
        kernel_free(v.k);
        be_destroy(v.be);
    }
    if (getenv("MEMCG_VERBOSE"))
        fprintf(stderr, "limit hits %u, kills %u, loads %u, file pages charged at the end %llu\n", hits, kills,
                loads, (unsigned long long)files);
    /* the runs did what they are for: limits met, some charges killed, data read back */
    assert_true(hits > 20);
    assert_true(kills > 0);
    assert_true(loads > 400);
    assert_true(files > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memcg_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

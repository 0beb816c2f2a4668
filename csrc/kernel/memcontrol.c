// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Memory cgroups (memcontrol.h): the groups, their charges and counters. Reclaim within a
 * group and its OOM kill are reclaim.c's (the same clock and badness, over the group). */
#include "memcontrol.h"
#include "kern.h"
#include "scenario/kop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Linux's MAX_RECLAIM_RETRIES: reclaim attempts before a charge or a memory.max write
 * gives up on reclaim. */
#define MEMCG_RECLAIM_RETRIES 16
/* SWAP_CLUSTER_MAX: the least a reclaim within the group asks for. */
#define MEMCG_RECLAIM_BATCH 32

static struct memcg *find(struct kernel *k, const char *name)
{
    for (struct memcg *cg = k->memcgs; cg; cg = cg->next)
        if (!cg->removed && strcmp(cg->name, name) == 0)
            return cg;
    return NULL;
}

static uint64_t max_pages(uint64_t bytes) { return bytes == KMEMCG_UNLIMITED ? KMEMCG_UNLIMITED : bytes >> PAGE_SHIFT; }

int k_memcg_create(struct kernel *k, const char *name, uint64_t max)
{
    if (find(k, name))
        return -EEXIST;
    struct memcg *cg = calloc(1, sizeof *cg);
    if (!cg)
        abort();
    snprintf(cg->name, sizeof cg->name, "%s", name);
    cg->max = max_pages(max);
    cg->next = k->memcgs;
    k->memcgs = cg;
    return 0;
}

/* memory_max_write(): the new limit holds at once; the group is brought under it by
 * reclaim -- until 16 attempts have freed nothing -- then by killing its processes,
 * biggest first. */
int k_memcg_set_max(struct kernel *k, const char *name, uint64_t max)
{
    struct memcg *cg = find(k, name);
    if (!cg)
        return -ENOENT;
    cg->max = max_pages(max);
    for (int reclaims = MEMCG_RECLAIM_RETRIES; cg->current > cg->max;) {
        if (reclaims) {
            if (!reclaim_memcg(k, cg, cg->current - cg->max))
                reclaims--;
            if (k->host_error[0])
                break;
            continue;
        }
        cg->ev_oom++;
        if (oom_kill_memcg(k, cg) < 0)
            break;
    }
    return 0;
}

int k_memcg_attach(struct kernel *k, const char *name, int pid)
{
    struct memcg *cg = strcmp(name, "/") == 0 ? NULL : find(k, name);
    if (!cg && strcmp(name, "/") != 0)
        return -ENOENT;
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    memcg_exit(p);
    p->memcg = cg;
    if (cg)
        cg->nprocs++;
    return 0;
}

static void unlink_free(struct kernel *k, struct memcg *cg)
{
    for (struct memcg **pp = &k->memcgs; *pp; pp = &(*pp)->next)
        if (*pp == cg) {
            *pp = cg->next;
            free(cg);
            return;
        }
}

int k_memcg_remove(struct kernel *k, const char *name)
{
    struct memcg *cg = find(k, name);
    if (!cg)
        return -ENOENT;
    if (cg->nprocs)
        return -EBUSY;
    cg->removed = true;
    cg->max = KMEMCG_UNLIMITED;
    if (!cg->current)
        unlink_free(k, cg);
    return 0;
}

int k_memcg_stat(struct kernel *k, const char *name, const char *key, uint64_t *val)
{
    struct memcg *cg = find(k, name);
    if (!cg)
        return -ENOENT;
    const uint64_t vals[] = {cg->current << PAGE_SHIFT,
                             cg->max == KMEMCG_UNLIMITED ? KMEMCG_UNLIMITED : cg->max << PAGE_SHIFT,
                             cg->ev_max, cg->ev_oom, cg->ev_oom_kill,
                             cg->nr_anon << PAGE_SHIFT, cg->nr_file << PAGE_SHIFT,
                             cg->pgfault, cg->pgmajfault, cg->nprocs};
    _Static_assert(sizeof vals / sizeof vals[0] == SCN_MEMCG_NKEYS,
                   "a value for every key");
    for (size_t i = 0; scn_memcg_keys[i]; i++) /* the grammar's names, in its order */
        if (strcmp(key, scn_memcg_keys[i]) == 0) {
            *val = vals[i];
            return 0;
        }
    return -EINVAL;
}

struct memcg *memcg_charge_target(struct kernel *k, enum page_kind kind)
{
    if ((kind != PG_ANON && kind != PG_CACHE) || !k->cur)
        return NULL;
    return k->cur->memcg;
}

bool memcg_has_room(struct kernel *k, enum page_kind kind, uint64_t n)
{
    struct memcg *cg = memcg_charge_target(k, kind);
    return !cg || cg->max == KMEMCG_UNLIMITED || cg->current + n <= cg->max;
}

/* try_charge_memcg(): each time the limit is met counts events.max and reclaims at least a
 * batch within the group; after the last retry the charge fails. */
bool memcg_try_charge(struct kernel *k, struct memcg *cg, uint64_t n, bool may_oom)
{
    for (int retries = MEMCG_RECLAIM_RETRIES;; retries--) {
        if (cg->max != KMEMCG_UNLIMITED && cg->current + n > cg->max) {
            cg->ev_max++;
        } else {
            cg->current += n;
            return true;
        }
        if (!retries)
            break;
        uint64_t want = cg->current + n - cg->max;
        if (!reclaim_memcg(k, cg, want < MEMCG_RECLAIM_BATCH ? MEMCG_RECLAIM_BATCH : want) && k->host_error[0])
            break;
    }
    if (may_oom) {
        cg->ev_oom++;
        k->oom = true;
        k->oom_memcg = cg;
    }
    return false;
}

static void drop(struct kernel *k, struct memcg *cg, uint64_t n)
{
    cg->current -= n;
    if (cg->removed && !cg->current)
        unlink_free(k, cg);
}

void memcg_cancel_charge(struct kernel *k, struct memcg *cg, uint64_t n)
{
    if (cg)
        drop(k, cg, n);
}

void memcg_commit(struct memcg *cg, struct page *pg)
{
    pg->memcg = cg;
    if (!cg)
        return;
    if (pg->kind == PG_ANON)
        cg->nr_anon++;
    else
        cg->nr_file++;
}

void memcg_uncharge(struct kernel *k, struct page *pg)
{
    struct memcg *cg = pg->memcg;
    if (!cg)
        return;
    pg->memcg = NULL;
    if (pg->kind == PG_ANON)
        cg->nr_anon--;
    else
        cg->nr_file--;
    drop(k, cg, 1);
}

void memcg_fork(struct proc *parent, struct proc *child)
{
    child->memcg = parent->memcg;
    if (child->memcg)
        child->memcg->nprocs++;
}

void memcg_exit(struct proc *p)
{
    if (p->memcg)
        p->memcg->nprocs--;
    p->memcg = NULL;
}

void memcg_fault_event(struct proc *p, bool major)
{
    if (!p->memcg)
        return;
    p->memcg->pgfault++;
    if (major)
        p->memcg->pgmajfault++;
}

void memcg_free_all(struct kernel *k)
{
    while (k->memcgs) {
        struct memcg *cg = k->memcgs;
        k->memcgs = cg->next;
        free(cg);
    }
}

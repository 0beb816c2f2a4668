// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Memory cgroups: cgroup v2's memory controller (memory.max), after Linux mm/memcontrol.c.
 *
 * Promises:
 *  - Groups are flat, children of the root; the root has no limit and charges nothing.
 *    A process is in the root until attached; a fork child starts in its parent's group.
 *  - Charged: every anonymous frame (a fault's, a COW copy, a swap-in, a read-ahead swap
 *    page, the 512 of a THP) and every page-cache frame (shmem's too) to the group of the
 *    process the kernel allocates it for (the one whose tables are loaded), once: a page
 *    already cached stays with the group that brought it in, a COW-shared page with the
 *    group that made it. Not charged: page tables (the model keeps them until exit, so
 *    their number would not be Linux's anyway), the zero page, hugetlb pages.
 *  - A charge that would take the group's memory.current past memory.max counts
 *    events.max and reclaims within the group (the clock over its own frames, evicting as
 *    reclaim.c does: swap-out for anonymous frames), up to 16 times; if that fails,
 *    events.oom, and the access that needed the page kills the group's process with the
 *    largest badness (events.oom_kill), as mem_cgroup_out_of_memory, and is retried. A
 *    THP's charge that fails falls back to 4 KiB pages without an OOM, as Linux does for
 *    costly charges.
 *  - Uncharged when the frame is freed: its last unmap, exit, a swap-out, a page-cache
 *    eviction. Moving a process moves none of its charges (cgroup v2): only its future
 *    charges go to the new group.
 *  - Lowering memory.max below memory.current reclaims, then OOM-kills within the group
 *    until it fits or no process is left in it, as memory_max_write.
 *  - A group can be removed only when no process is in it (-EBUSY); the frames still
 *    charged to it keep it alive, unlimited and nameless, until the last is freed (an
 *    offline memcg in Linux).
 */
#ifndef OPENMMU_KERNEL_MEMCONTROL_H
#define OPENMMU_KERNEL_MEMCONTROL_H

#include <stdbool.h>
#include <stdint.h>

#include "palloc.h"

#define KMEMCG_UNLIMITED UINT64_MAX /* memory.max "max" */
#define KMEMCG_NAME_MAX 64

struct kernel;
struct proc;

/* ---- the operations (scenario ops `memcg ...`, scn_kernel.c) ---- */
/* A new group NAME with memory.max max (bytes, rounded down to pages): 0, -EEXIST. */
int k_memcg_create(struct kernel *k, const char *name, uint64_t max);
/* Writes memory.max: 0, -ENOENT; may reclaim and OOM-kill (above). */
int k_memcg_set_max(struct kernel *k, const char *name, uint64_t max);
/* Writes pid into NAME's cgroup.procs ("/": the root's): 0, -ENOENT, -ESRCH. */
int k_memcg_attach(struct kernel *k, const char *name, int pid);
/* rmdir: 0, -ENOENT, -EBUSY (a process is in it). */
int k_memcg_remove(struct kernel *k, const char *name);
/* One of NAME's counters (scn_memcg_keys, the grammar's KEY names): 0 and *val, -ENOENT (no group), -EINVAL (no such
 * key). memory.max "max" is KMEMCG_UNLIMITED. */
int k_memcg_stat(struct kernel *k, const char *name, const char *key, uint64_t *val);

/* ---- the kernel's side ---- */
struct memcg {
    char name[KMEMCG_NAME_MAX + 1];
    bool removed;            /* rmdir'd: lives on while frames are charged to it */
    uint64_t max;            /* pages (KMEMCG_UNLIMITED: none) */
    uint64_t current;        /* pages charged, reserved ones included */
    uint64_t nr_anon, nr_file;
    unsigned nprocs;
    uint64_t ev_max, ev_oom, ev_oom_kill, pgfault, pgmajfault;
    struct memcg *next;
};

/* The group an allocation of kind is charged to now, or NULL (not charged). */
struct memcg *memcg_charge_target(struct kernel *k, enum page_kind kind);
/* Whether n pages of kind fit under their group's limit now, without reclaim (readahead
 * takes only spare memory, of the machine and of the group). */
bool memcg_has_room(struct kernel *k, enum page_kind kind, uint64_t n);
/* Reserves n pages in cg, reclaiming within it when at the limit; false if that failed
 * (may_oom: k->oom is set, naming cg for the OOM killer). */
bool memcg_try_charge(struct kernel *k, struct memcg *cg, uint64_t n, bool may_oom);
/* An unused reservation goes back (the allocation failed). */
void memcg_cancel_charge(struct kernel *k, struct memcg *cg, uint64_t n);
/* The reserved page is pg (of its kind, already set). cg may be NULL: nothing. */
void memcg_commit(struct memcg *cg, struct page *pg);
/* pg is being freed: its charge goes. */
void memcg_uncharge(struct kernel *k, struct page *pg);
/* Process membership: a fork child joins the parent's group; an exit leaves it. */
void memcg_fork(struct proc *parent, struct proc *child);
void memcg_exit(struct proc *p);
/* A fault of p (major: it read from swap or a file). */
void memcg_fault_event(struct proc *p, bool major);
void memcg_free_all(struct kernel *k);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The real Linux kernel as the kernel behind a scenario's kernel-level ops
 * (scenario/kop.h), for linuxrun.
 *
 * Every scenario process is a real process (a worker, worker.h) commanded over a socket:
 * spawn forks a fresh worker from this process, fork makes the parent's worker call
 * fork(), exit makes it _exit(). Each result is what Linux did. What is normalised so that
 * the model can be compared: files live in a private temporary directory and `maps` shows
 * them by their scenario NAME; `maps PID` shows only mappings that meet the region, every
 * device as 00:00 and every inode as 0. Each spawned process's break starts at brk_base.
 * `memcg` runs on the host's memory cgroups (cgroup.h); a worker the OOM killer took gives
 * `killed`.
 * The model's extensions (vma, pte, kstat, ...) and the hardware-level ops are refused.
 */
#ifndef OPENMMU_LINUXDIFF_SCN_LINUX_H
#define OPENMMU_LINUXDIFF_SCN_LINUX_H

#include <stdint.h>

#include "scenario/scenario.h"

typedef struct scn_linux scn_linux;

/* A kernel with no process yet: `maps PID` shows [lo, hi), spawned processes' breaks start
 * at brk_base, the scenario's files go in a new directory under tmp (on a tmpfs they are
 * cached a page at a time, as the kernel model holds them; a disk file system may cache
 * large folios). NULL and why in err (a directory that cannot be made). */
scn_linux *scn_linux_new(uint64_t lo, uint64_t hi, uint64_t brk_base, const char *tmp, char *err, size_t errlen);
/* Makes L the kernel of c's kernel-level ops. */
void scn_linux_attach(scn_ctx *c, scn_linux *L);
/* Fetches executed in a worker, and derived from /proc/PID/maps (worker.c, lw_exec). */
void scn_linux_fetches(const scn_linux *L, unsigned *real, unsigned *derived);
/* Kills every process, removes the files and the directory. */
void scn_linux_free(scn_linux *L);
/* The same, from a signal handler (async-signal-safe), without freeing anything: so that a
 * linuxrun stopped by SIGINT or SIGTERM leaves no process, cgroup or file behind. */
void scn_linux_abort(scn_linux *L);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The host's memory cgroups behind the scenario's `memcg` ops, for linuxrun.
 *
 * A scenario group NAME is a real cgroup directory, openmmu-<linuxrun's pid>-NAME, made
 * as a child of the memory cgroup linuxrun runs in (which stands for the scenario's root:
 * `memcg attach / PID` moves a process back there). The controller is found at run time,
 * the first time a scenario asks for it: cgroup v2 where the memory controller can be
 * enabled for linuxrun's children, else cgroup v1's memory hierarchy; with neither, the
 * op fails with a reason that starts with LCG_NONE.
 *
 * v1 and v2 are read and written through their own files (memory.max or
 * memory.limit_in_bytes, memory.events or memory.oom_control), so a result means the same
 * on both. Every group made is removed by lcg_free, which runs at the end of every run.
 */
#ifndef OPENMMU_LINUXDIFF_CGROUP_H
#define OPENMMU_LINUXDIFF_CGROUP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LCG_NONE "no memory cgroup for linuxrun: " /* how an unusable host is reported */

typedef struct lcg lcg;

lcg *lcg_new(void);
/* Finds the controller once (later calls return the first answer): 0, or -1 and why in
 * err (starting with LCG_NONE). */
int lcg_probe(lcg *g, char *err, size_t n);
/* The system call's answer, 0 or -errno: mkdir and the limit (max in bytes, or UINT64_MAX
 * for none); the limit alone; pid into NAME's cgroup.procs ("/": linuxrun's own group);
 * rmdir. */
int lcg_create(lcg *g, const char *name, uint64_t max);
int lcg_set_max(lcg *g, const char *name, uint64_t max);
int lcg_attach(lcg *g, const char *name, pid_t pid);
int lcg_remove(lcg *g, const char *name);
/* A counter the host gives as the model does (key: max, procs, events.oom_kill): 0 and
 * *val (UINT64_MAX for a memory.max of `max`), -ENOENT (no group), -EINVAL (not compared:
 * *why says why), -EIO (the host file could not be read). */
int lcg_stat(lcg *g, const char *name, const char *key, uint64_t *val, const char **why);
/* Why the host's value of memcg stat's KEY is not compared with the model's, or NULL (it
 * is). Known before any cgroup is touched. */
const char *lcg_not_compared(const char *key);
/* "v1" or "v2" once probed, for messages. */
const char *lcg_version(const lcg *g);
/* Removes every group still made (their processes must be gone); returns how many could
 * not be removed, each reported on stderr. */
int lcg_free(lcg *g);

/* From a signal handler (async-signal-safe: rmdir and nanosleep only): removes every group
 * made, waiting up to a second each for its killed processes to leave. */
void lcg_abort(lcg *g);

#endif

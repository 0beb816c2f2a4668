// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The host's memory cgroups (cgroup.h): found through /proc/self/mountinfo and
 * /proc/self/cgroup, driven through the cgroup files. */
#include "cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_GROUPS 64

struct lcg {
    int probed;             /* 0 not yet, 1 usable, -1 not */
    char why[512];          /* probed -1: the reason */
    int v2;                 /* 1: cgroup v2, 0: v1 */
    bool enabled_memory;    /* v2: we wrote +memory into our cgroup.subtree_control */
    char dir[512];          /* linuxrun's own memory cgroup: the scenario's root */
    char parent[512];       /* where the groups are made: dir, or v2's parent of dir */
    char *made[MAX_GROUPS]; /* the scenario names of the groups made and not removed */
    char *made_path[MAX_GROUPS]; /* and their directories, for lcg_abort */
};

/* snprintf; a path that does not fit is cut short, and the file it names is not found. */
__attribute__((format(printf, 3, 4))) static void put(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

lcg *lcg_new(void) { return calloc(1, sizeof(lcg)); }

const char *lcg_version(const lcg *g) { return g->v2 ? "v2" : "v1"; }

/* ---- files ---------------------------------------------------------------------- */

static int read_file(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t k = read(fd, buf, n - 1);
    int e = errno;
    close(fd);
    if (k < 0)
        return -e;
    buf[k] = '\0';
    return 0;
}

/* One write(2) of s, as `echo s > path` does: the kernel's answer, 0 or -errno. */
static int write_file(const char *path, const char *s)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t k = write(fd, s, strlen(s));
    int e = errno;
    close(fd);
    return k < 0 ? -e : 0;
}

/* Is word one of the blank- or comma-separated words of list? */
static bool has_word(const char *list, const char *word, const char *seps)
{
    size_t wl = strlen(word);
    for (const char *p = list; *p;) {
        size_t l = strcspn(p, seps);
        if (l == wl && strncmp(p, word, wl) == 0)
            return true;
        p += l;
        p += strspn(p, seps);
    }
    return false;
}

/* ---- finding the controller ------------------------------------------------------ */

/* The mount point and root of the first cgroup2 mount (v2) or cgroup mount with the memory
 * controller (v1), from /proc/self/mountinfo. */
static bool find_mount(bool v2, char *mnt, char *root, size_t n)
{
    FILE *f = fopen("/proc/self/mountinfo", "r");
    if (!f)
        return false;
    char line[4096];
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        char r[1024], m[1024];
        /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS */
        if (sscanf(line, "%*s %*s %*s %1023s %1023s", r, m) != 2)
            continue;
        const char *dash = strstr(line, " - ");
        char type[64], src[256], super[1024] = "";
        if (!dash || sscanf(dash + 3, "%63s %255s %1023s", type, src, super) < 2)
            continue;
        found = v2 ? strcmp(type, "cgroup2") == 0 : strcmp(type, "cgroup") == 0 && has_word(super, "memory", ",");
        if (found) {
            put(mnt, n, "%s", m);
            put(root, n, "%s", r);
        }
    }
    fclose(f);
    return found;
}

/* linuxrun's own cgroup path in the hierarchy (v2: the "0::" line; v1: memory's). */
static bool own_path(bool v2, char *path, size_t n)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return false;
    char line[4096];
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        found = v2 ? c1 == line + 1 && line[0] == '0' && c2 == c1 + 1 : has_word(c1 + 1, "memory", ",");
        if (found)
            put(path, n, "%s", c2 + 1);
    }
    fclose(f);
    return found;
}

/* The directory of linuxrun's own cgroup, or false and why. */
static bool own_dir(bool v2, char *dir, size_t n, char *why, size_t wn)
{
    char mnt[1024], root[1024], path[1024];
    if (!find_mount(v2, mnt, root, sizeof mnt)) {
        put(why, wn, v2 ? "no cgroup2 mount" : "no cgroup v1 mount with the memory controller");
        return false;
    }
    if (!own_path(v2, path, sizeof path)) {
        put(why, wn, "/proc/self/cgroup names no %s cgroup", v2 ? "v2" : "v1 memory");
        return false;
    }
    /* A mount of a subtree (a cgroup namespace's) shows paths below its root. */
    size_t rl = strlen(root);
    const char *rel = strcmp(root, "/") != 0 && strncmp(path, root, rl) == 0 ? path + rl : path;
    put(dir, n, "%s%s", mnt, strcmp(rel, "/") == 0 ? "" : rel);
    return true;
}

/* cgroup v2 lets no cgroup but the root both hold processes and give its children a
 * controller. So the groups are made beside linuxrun's own cgroup, in its parent, which
 * gives the memory controller to its children if our cgroup.controllers lists it; only
 * where linuxrun runs in the root are they made inside, memory enabled there if need be. */
static bool probe_v2(lcg *g, char *why, size_t n)
{
    char dir[512], buf[1024], path[600], mnt[512], root[512];
    if (!own_dir(true, dir, sizeof dir, why, n) || !find_mount(true, mnt, root, sizeof mnt))
        return false;
    put(path, sizeof path, "%s/cgroup.controllers", dir);
    int e = read_file(path, buf, sizeof buf);
    if (e < 0 || !has_word(buf, "memory", " \n")) {
        put(why, n, "%s: %s", path, e < 0 ? strerror(-e) : "no memory controller");
        return false;
    }
    if (strcmp(dir, mnt) == 0) {
        put(path, sizeof path, "%s/cgroup.subtree_control", dir);
        if ((e = read_file(path, buf, sizeof buf)) == 0 && !has_word(buf, "memory", " \n")) {
            e = write_file(path, "+memory");
            g->enabled_memory = e == 0;
        }
        if (e < 0) {
            put(why, n, "%s: cannot enable memory for the root's children: %s", path, strerror(-e));
            return false;
        }
        put(g->parent, sizeof g->parent, "%s", dir);
    } else {
        put(g->parent, sizeof g->parent, "%s", dir);
        *strrchr(g->parent, '/') = '\0';
    }
    if (access(g->parent, W_OK) != 0) {
        put(why, n, "%s: %s", g->parent, strerror(errno));
        return false;
    }
    put(g->dir, sizeof g->dir, "%s", dir);
    return true;
}

static bool probe_v1(lcg *g, char *why, size_t n)
{
    char dir[512];
    if (!own_dir(false, dir, sizeof dir, why, n))
        return false;
    if (access(dir, W_OK) != 0) {
        put(why, n, "%s: %s", dir, strerror(errno));
        return false;
    }
    put(g->dir, sizeof g->dir, "%s", dir);
    put(g->parent, sizeof g->parent, "%s", dir);
    return true;
}

int lcg_probe(lcg *g, char *err, size_t n)
{
    if (!g->probed) {
        char w2[256], w1[256];
        g->probed = 1;
        if (probe_v2(g, w2, sizeof w2))
            g->v2 = 1;
        else if (!probe_v1(g, w1, sizeof w1)) {
            g->probed = -1;
            put(g->why, sizeof g->why, LCG_NONE "cgroup v2: %s; cgroup v1: %s", w2, w1);
        }
    }
    if (g->probed < 0)
        put(err, n, "%s", g->why);
    return g->probed > 0 ? 0 : -1;
}

/* ---- the operations ------------------------------------------------------------- */

/* NAME's directory, or the root's for "/"; file appended if not NULL. */
static void group_path(const lcg *g, const char *name, const char *file, char *out, size_t n)
{
    if (strcmp(name, "/") == 0)
        put(out, n, "%s%s%s", g->dir, file ? "/" : "", file ? file : "");
    else
        put(out, n, "%s/openmmu-%d-%s%s%s", g->parent, (int)getpid(), name, file ? "/" : "", file ? file : "");
}

static int made_slot(const lcg *g, const char *name)
{
    for (int i = 0; i < MAX_GROUPS; i++)
        if (g->made[i] && strcmp(g->made[i], name) == 0)
            return i;
    return -1;
}

static const char *limit_file(const lcg *g) { return g->v2 ? "memory.max" : "memory.limit_in_bytes"; }

int lcg_set_max(lcg *g, const char *name, uint64_t max)
{
    char path[700], v[32];
    group_path(g, name, limit_file(g), path, sizeof path);
    if (max == UINT64_MAX)
        put(v, sizeof v, "%s", g->v2 ? "max" : "-1");
    else
        put(v, sizeof v, "%" PRIu64, max);
    return write_file(path, v);
}

static void forget(lcg *g, int slot)
{
    char *n = g->made[slot], *p = g->made_path[slot];
    g->made[slot] = NULL; /* first, for a signal's lcg_abort */
    g->made_path[slot] = NULL;
    free(n);
    free(p);
}

int lcg_create(lcg *g, const char *name, uint64_t max)
{
    int slot = -1;
    for (int i = 0; i < MAX_GROUPS && slot < 0; i++)
        if (!g->made[i])
            slot = i;
    if (made_slot(g, name) >= 0)
        return -EEXIST;
    if (slot < 0)
        return -ENOSPC;
    char path[700];
    group_path(g, name, NULL, path, sizeof path);
    if (mkdir(path, 0755) != 0)
        return -errno;
    g->made_path[slot] = strdup(path);
    g->made[slot] = strdup(name);
    int e = lcg_set_max(g, name, max);
    if (e < 0) { /* a group without its limit is no group of the scenario's */
        rmdir(path);
        forget(g, slot);
    }
    return e;
}

int lcg_attach(lcg *g, const char *name, pid_t pid)
{
    char path[700], v[32];
    group_path(g, name, "cgroup.procs", path, sizeof path);
    put(v, sizeof v, "%d", (int)pid);
    return write_file(path, v);
}

int lcg_remove(lcg *g, const char *name)
{
    char path[700];
    group_path(g, name, NULL, path, sizeof path);
    if (rmdir(path) != 0)
        return -errno;
    int i = made_slot(g, name);
    if (i >= 0)
        forget(g, i);
    return 0;
}

/* The number after "key " on a line of a flat-keyed file (memory.events, oom_control). */
static bool keyed(const char *text, const char *key, uint64_t *v)
{
    size_t kl = strlen(key);
    for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n')
        if (strncmp(p, key, kl) == 0 && p[kl] == ' ')
            return sscanf(p + kl + 1, "%" SCNu64, v) == 1;
    return false;
}

const char *lcg_not_compared(const char *key)
{
    static const struct {
        const char *key, *why;
    } not_compared[] = {
        {"current", "the host charges the group's kernel memory (page tables, slab) and the worker's own pages too"},
        {"anon", "the host counts the worker process's own anonymous pages too"},
        {"file", "the host counts the worker process's own page-cache pages too"},
        {"pgfault", "the worker process faults on its own pages too"},
        {"pgmajfault", "the worker process faults on its own pages too, and the host reads ahead"},
        {"events.max", "how often the limit is met depends on what else the host charges to the group"},
        {"events.oom", "cgroup v1 has no such counter, and on v2 it depends on what else is charged"},
    };
    for (size_t i = 0; i < sizeof not_compared / sizeof not_compared[0]; i++)
        if (strcmp(key, not_compared[i].key) == 0)
            return not_compared[i].why;
    return NULL;
}

int lcg_stat(lcg *g, const char *name, const char *key, uint64_t *val, const char **why)
{
    if ((*why = lcg_not_compared(key)))
        return -EINVAL;
    char path[700], buf[4096];
    const char *file = strcmp(key, "max") == 0      ? limit_file(g)
                       : strcmp(key, "procs") == 0 ? "cgroup.procs"
                       : g->v2                     ? "memory.events"
                                                   : "memory.oom_control";
    group_path(g, name, file, path, sizeof path);
    int e = read_file(path, buf, sizeof buf);
    if (e == -ENOENT)
        return e;
    if (e < 0)
        return -EIO;
    if (strcmp(key, "procs") == 0) {
        uint64_t n = 0;
        for (const char *p = buf; *p; p++)
            n += *p == '\n';
        *val = n;
        return 0;
    }
    if (strcmp(key, "max") == 0) {
        /* v1 shows no limit as PAGE_COUNTER_MAX pages, v2 as "max" */
        if (strncmp(buf, "max", 3) == 0 || sscanf(buf, "%" SCNu64, val) != 1 || *val >= 0x7ffffffffffff000ull)
            *val = UINT64_MAX;
        return 0;
    }
    if (!keyed(buf, "oom_kill", val)) {
        *why = "this host's memory.oom_control has no oom_kill counter (Linux 4.13 added it)";
        return -EINVAL;
    }
    return 0;
}

int lcg_free(lcg *g)
{
    int left = 0;
    if (!g)
        return 0;
    for (int i = 0; i < MAX_GROUPS; i++) {
        if (!g->made[i])
            continue;
        char path[700];
        group_path(g, g->made[i], NULL, path, sizeof path);
        /* a killed process leaves its group only once it is fully gone: a short wait */
        int tries = 0;
        while (rmdir(path) != 0 && errno == EBUSY && tries++ < 200)
            usleep(10000);
        if (access(path, F_OK) == 0) {
            fprintf(stderr, "linuxrun: cannot remove the cgroup %s: %s\n", path, strerror(errno));
            left++;
        }
        forget(g, i);
    }
    if (g->enabled_memory) {
        char path[600];
        put(path, sizeof path, "%s/cgroup.subtree_control", g->dir);
        write_file(path, "-memory");
    }
    free(g);
    return left;
}

void lcg_abort(lcg *g)
{
    for (int i = 0; g && i < MAX_GROUPS; i++) {
        const char *path = g->made_path[i];
        struct timespec ms10 = {0, 10000000};
        for (int tries = 0; path && rmdir(path) != 0 && errno == EBUSY && tries < 100; tries++)
            nanosleep(&ms10, NULL);
    }
}

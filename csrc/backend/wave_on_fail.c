// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* --wave-on-fail: the snapshots and the window one of them writes (see wave_on_fail.h). */
#include "backend/wave_on_fail.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    pid_t pid;
    int fd; /* the program's end of the pipe the snapshot waits on */
    uint64_t cycle;
} snap;

static struct {
    bool armed, copy, failed, finished, fork_failed;
    const char *path;
    uint64_t before, next, cycle;
    const uint64_t *clock;
    char what[160];
    snap s[2]; /* s[0] the older */
    unsigned n;
} w = {.next = UINT64_MAX};

void wof_arm(const char *path, uint64_t before)
{
    w.armed = true;
    w.path = path;
    w.before = before;
    w.next = 0;
    atexit(wof_finish);
}

bool wof_is_copy(void) { return w.copy; }

uint64_t wof_next_snapshot(void) { return w.next; }

void wof_clock(const uint64_t *cycle) { w.clock = cycle; }

static bool read_all(int fd, void *buf, size_t n)
{
    for (size_t got = 0; got < n;) {
        ssize_t k = read(fd, (char *)buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        got += (size_t)k;
    }
    return true;
}

/* The file offsets at the snapshot. A forked copy shares each open file's offset with the
 * program, which has read on since: the copy puts them back before it goes on, so that it
 * reads its input (the scenario, the trace) from where the snapshot was. */
#define WOF_MAX_FDS 64
static struct {
    int fd[WOF_MAX_FDS];
    off_t off[WOF_MAX_FDS];
    unsigned n;
} offs;

static void save_offsets(void)
{
    offs.n = 0;
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 && max < 4096 ? max : 4096) && offs.n < WOF_MAX_FDS; fd++) {
        off_t o = lseek(fd, 0, SEEK_CUR);
        if (o >= 0) {
            offs.fd[offs.n] = fd;
            offs.off[offs.n++] = o;
        }
    }
}

static void restore_offsets(void)
{
    for (unsigned i = 0; i < offs.n; i++)
        lseek(offs.fd[i], offs.off[i], SEEK_SET);
}

static void drop(snap *s)
{
    close(s->fd);
    waitpid(s->pid, NULL, 0);
}

bool wof_snapshot(uint64_t cycle, const char **path, uint64_t *from, uint64_t *to)
{
    w.next = w.armed && !w.finished ? cycle + WOF_EVERY(w.before) : UINT64_MAX;
    if (!w.armed || w.finished || w.failed)
        return false; /* after the failure, the kept snapshots are the ones to use */
    int p[2];
    if (pipe(p) != 0)
        goto failed;
    fflush(NULL); /* nothing buffered is written twice */
    save_offsets();
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        goto failed;
    }
    if (pid == 0) {
        close(p[1]);
        for (unsigned i = 0; i < w.n; i++)
            close(w.s[i].fd); /* the older snapshots must see the program's end, not ours */
        uint64_t win[2];
        if (!read_all(p[0], win, sizeof win))
            _exit(0); /* not chosen, or the program is gone */
        close(p[0]);
        restore_offsets();
        /* The repeated cycles' messages are the program's, already shown. */
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
            close(null);
        }
        w.copy = true;
        w.armed = false;
        w.next = UINT64_MAX;
        w.n = 0;
        *path = w.path;
        *from = win[0];
        *to = win[1];
        return true;
    }
    close(p[0]);
    if (w.n == 2) {
        drop(&w.s[0]);
        w.s[0] = w.s[1];
        w.n = 1;
    }
    w.s[w.n++] = (snap){pid, p[1], cycle};
    return false;
failed:
    if (!w.fork_failed)
        fprintf(stderr, "openmmu: --wave-on-fail: no snapshot at cycle %" PRIu64 " (%s); the window may start "
                        "later than asked\n", cycle, strerror(errno));
    w.fork_failed = true;
    return false;
}

void wof_fail_at(uint64_t cycle, const char *what)
{
    if (!w.armed || w.failed || w.finished)
        return;
    w.failed = true;
    w.cycle = cycle;
    snprintf(w.what, sizeof w.what, "%s", what);
}

void wof_fail(const char *what)
{
    if (w.clock)
        wof_fail_at(*w.clock ? *w.clock - 1 : 0, what);
}

void wof_finish(void)
{
    if (!w.armed || w.finished)
        return;
    w.finished = true;
    w.next = UINT64_MAX;
    if (!w.failed || w.n == 0) {
        for (unsigned i = 0; i < w.n; i++)
            drop(&w.s[i]);
        if (w.failed)
            fprintf(stderr, "openmmu: --wave-on-fail: %s before the RTL's first cycle: no waveform\n", w.what);
        return;
    }
    /* The newest snapshot early enough; else the oldest (the window then starts there). */
    uint64_t want = w.cycle > w.before ? w.cycle - w.before : 0;
    unsigned pick = 0;
    for (unsigned i = 0; i < w.n; i++)
        if (w.s[i].cycle <= want)
            pick = i;
    uint64_t win[2] = {want > w.s[pick].cycle ? want : w.s[pick].cycle, w.cycle + WOF_AFTER};
    remove(w.path); /* what is there afterwards is this window */
    bool sent = write(w.s[pick].fd, win, sizeof win) == (ssize_t)sizeof win;
    int st = 0;
    for (unsigned i = 0; i < w.n; i++) {
        close(w.s[i].fd);
        waitpid(w.s[i].pid, i == pick ? &st : NULL, 0);
    }
    struct stat fs;
    fflush(stdout);
    if (!sent || stat(w.path, &fs) != 0 || fs.st_size == 0) {
        fprintf(stderr, "openmmu: --wave-on-fail: the waveform '%s' of cycles %" PRIu64 "..%" PRIu64
                        " was not written (the repeated run ended with status %d)\n",
                w.path, win[0], win[1], WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        return;
    }
    /* GTKWave's time: cycle N's rising edge at 2N+1 ps (README, docs/waveforms.md). */
    fprintf(stderr,
            "openmmu: --wave-on-fail: %s at cycle %" PRIu64 "; cycles %" PRIu64 "..%" PRIu64 " are in '%s'\n"
            "  open it at that cycle (from the repository root):\n"
            "  OPENMMU_MARK=%" PRIu64 " gtkwave '%s' sim/openmmu.gtkw -S sim/gtkw_mark.tcl\n",
            w.what, w.cycle, win[0], win[1], w.path, 2 * w.cycle + 1, w.path);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* `openmmu trace record`: runs the program under Valgrind -- lackey's memory trace and the
 * core's system-call trace on one log descriptor, so that one stream holds them in program
 * order -- and converts the log as it streams in. The startup segment table (-d) comes on
 * stderr before the program runs: it is read first, then a filter process passes the
 * program's own stderr on (without Valgrind's "--PID:LEVEL:" debug lines). */
#include "trace/record.h"
#include "trace/import.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOG_FD 3

static bool is_debug(const char *line)
{
    const char *q = line + 2;
    if (line[0] != '-' || line[1] != '-' || *q < '0' || *q > '9')
        return false;
    while (*q >= '0' && *q <= '9')
        q++;
    return *q == ':';
}

/* Reads stderr a byte at a time (nothing past the table may be taken from the pipe) up to
 * the end of the startup segment table; returns its lines, or NULL at EOF without one. */
static char *read_startup(int fd)
{
    size_t cap = 1 << 16, n = 0, line = 0;
    char *buf = malloc(cap);
    bool in = false;
    char c;
    while (buf && read(fd, &c, 1) == 1) {
        if (n + 2 >= cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                break;
            buf = nb;
        }
        buf[n++] = c;
        if (c != '\n')
            continue;
        buf[n] = '\0';
        const char *l = buf + line;
        if (strstr(l, "Memory layout at client startup"))
            in = true;
        if (!in) {
            if (!is_debug(l))
                fputs(l, stderr);
            n = line; /* keep only the table */
        } else if (strstr(l, " aspacem >>>")) {
            return buf;
        }
        line = n;
    }
    free(buf);
    return NULL;
}

int trace_record(const char *out, int argc, char *const *argv)
{
    char err[512];
    int p[2], ep[2];
    /* Close-on-exec: the traced program inherits only the two ends dup2'd for Valgrind
     * (its log on LOG_FD, its stderr), never the converter's ends. */
    if (pipe2(p, O_CLOEXEC) != 0 || pipe2(ep, O_CLOEXEC) != 0) {
        fprintf(stderr, "openmmu: trace record: pipe: %s\n", strerror(errno));
        return 2;
    }
    /* Valgrind writes its log in small pieces: a large pipe lets the converter wake up
     * seldom (the default 64 KiB made the pipe cost more than Valgrind itself). */
    fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
    tr_writer *w = tw_open(out, "valgrind-lackey", TRF_EVENTS, argc, argv, err, sizeof err);
    if (!w) {
        fprintf(stderr, "openmmu: trace record: %s\n", err);
        return 2;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "openmmu: trace record: fork: %s\n", strerror(errno));
        return 2;
    }
    if (pid == 0) {
        close(p[0]);
        close(ep[0]);
        dup2(ep[1], 2);
        close(ep[1]);
        if (p[1] != LOG_FD) {
            dup2(p[1], LOG_FD); /* the copy is not close-on-exec */
            close(p[1]);
        } else {
            fcntl(LOG_FD, F_SETFD, 0);
        }
        char **v = calloc((size_t)argc + 8, sizeof *v);
        int n = 0;
        v[n++] = "valgrind";
        v[n++] = "--tool=lackey";
        v[n++] = "--trace-mem=yes";
        v[n++] = "--trace-syscalls=yes";
        v[n++] = "-d";
        v[n++] = "--vgdb=no";
        v[n++] = "--log-fd=3";
        for (int i = 0; i < argc; i++)
            v[n++] = argv[i];
        execvp("valgrind", v);
        fprintf(stdout, "openmmu: trace record: cannot run valgrind: %s (Debian package valgrind; tools/deps.sh "
                        "installs it)\n", strerror(errno));
        _exit(127);
    }
    close(p[1]);
    close(ep[1]);
    char *startup = read_startup(ep[0]);
    pid_t filt = fork();
    if (filt == 0) {
        close(p[0]);
        FILE *e = fdopen(ep[0], "r");
        char *line = NULL;
        size_t cap = 0;
        while (getline(&line, &cap, e) >= 0)
            if (!is_debug(line))
                fputs(line, stderr);
        _exit(0);
    }
    close(ep[0]);
    FILE *in = fdopen(p[0], "r");
    int rc = 0;
    if (!startup) {
        snprintf(err, sizeof err, "Valgrind printed no startup segment table (is it Valgrind 3.x with -d?)");
        rc = 2;
    } else {
        rc = import_lackey(in, "valgrind log", startup, w, err, sizeof err);
    }
    free(startup);
    if (rc) {
        fprintf(stderr, "openmmu: trace record: %s\n", err);
        kill(pid, SIGKILL);
    }
    fclose(in);
    int status = 0;
    waitpid(pid, &status, 0);
    waitpid(filt, NULL, 0);
    tr_header h = {0};
    tw_counts(w, &h);
    if (!tw_close(w, err, sizeof err)) {
        fprintf(stderr, "openmmu: trace record: %s\n", err);
        rc = 2;
    }
    if (!rc && WIFEXITED(status) && WEXITSTATUS(status) == 127 && h.records == 0)
        rc = 2; /* valgrind could not start: the child said why */
    if (!rc && WIFSIGNALED(status)) {
        fprintf(stderr, "openmmu: trace record: %s was killed by signal %d; the trace is not complete\n", argv[0],
                WTERMSIG(status));
        rc = 1;
    }
    if (rc) {
        unlink(out); /* no partial trace that looks complete */
        return rc;
    }
    struct stat st;
    if (stat(out, &st) != 0)
        st.st_size = 0;
    fprintf(stderr,
            "trace record: %s exited with status %d; %llu records (%llu fetches, %llu loads, %llu stores, %llu "
            "events) in %s (%lld bytes)\n",
            argv[0], WEXITSTATUS(status), (unsigned long long)h.records, (unsigned long long)h.fetches,
            (unsigned long long)h.loads, (unsigned long long)h.stores, (unsigned long long)h.events, out,
            (long long)st.st_size);
    return 0;
}

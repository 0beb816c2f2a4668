// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Valgrind's log to an openmmu trace. Three kinds of line carry information:
 *   lackey (--trace-mem=yes)   "I  ADDR,SIZE", " L ADDR,SIZE", " S ...", " M ..." (M: a load
 *                              and a store of the same bytes)
 *   the core (--trace-syscalls=yes)  "SYSCALL[PID,TID](NR) sys_NAME ( ARGS ) --> ... RESULT";
 *                              a blocking call is split into "... --> [async] ..." and a
 *                              later "SYSCALL[PID,TID](NR) ... [async] --> RESULT"
 *   the core (-d)              the segment table "Memory layout at client startup" (what
 *                              the loader mapped before the program ran); Valgrind prints it
 *                              on stderr, so the recorder passes it in as `startup`
 * Valgrind prints a tool's memory events after the instruction ran and before the next
 * superblock's, and a system call ends a superblock, so the log's order is program order.
 * Every other line is Valgrind's own chatter ("==PID==", "--PID--") and is skipped; a line of
 * no known shape is an error. */
#include "trace/import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_FDS 4096
#define MAX_NAMES 256

typedef struct {
    tr_writer *w;
    const char *name;
    unsigned long line;
    char *err;
    size_t errlen;
    bool events;
    char *fd_path[MAX_FDS];
    char *seg_name[MAX_NAMES];
    bool in_layout;                     /* inside the startup segment table */
    uint64_t upper_lo, upper_end;       /* the last SmUpper reservation: room for the stack to grow */
    bool layout_done;
    char pending[64];                   /* an async call's name, waiting for its result */
    uint64_t pending_args[8];
    unsigned pending_nargs;
    char pending_path[TR_PATH_MAX + 1];
    char **files;                       /* paths already announced with TR_FILE */
    size_t nfiles;
} lk;

static int lk_bad(lk *s, const char *fmt, const char *arg)
{
    int n = snprintf(s->err, s->errlen, "%s:%lu: ", s->name, s->line);
    if (n >= 0 && (size_t)n < s->errlen)
        snprintf(s->err + n, s->errlen - (size_t)n, fmt, arg);
    return 2;
}

static bool hex(const char **p, uint64_t *v)
{
    const char *q = *p;
    if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X'))
        q += 2;
    uint64_t x = 0;
    const char *start = q;
    for (;; q++) {
        unsigned d;
        if (*q >= '0' && *q <= '9')
            d = (unsigned)(*q - '0');
        else if ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f')
            d = (unsigned)((*q | 0x20) - 'a' + 10);
        else
            break;
        if (q - start >= 16)
            return false;
        x = x << 4 | d;
    }
    if (q == start)
        return false;
    *v = x;
    *p = q;
    return true;
}

static bool dec(const char **p, uint64_t *v)
{
    const char *q = *p;
    uint64_t x = 0;
    if (*q < '0' || *q > '9')
        return false;
    while (*q >= '0' && *q <= '9') {
        if (x > (UINT64_MAX - 9) / 10)
            return false;
        x = x * 10 + (uint64_t)(*q++ - '0');
    }
    *v = x;
    *p = q;
    return true;
}

/* "ADDR,SIZE" of a lackey line. */
static int mem_line(lk *s, const char *p, uint8_t type, bool modify)
{
    uint64_t va, size;
    if (!hex(&p, &va) || *p++ != ',' || !dec(&p, &size) || (*p && *p != '\n'))
        return lk_bad(s, "malformed lackey line (expected ADDR,SIZE)%s", "");
    if (size == 0 || size > TR_ACCESS_MAX)
        return lk_bad(s, "access size out of range 1..255%s", "");
    tw_access(s->w, type, va, (unsigned)size, NULL);
    if (modify)
        tw_access(s->w, TR_STORE, va, (unsigned)size, NULL);
    return 0;
}

/* Announces a mapped file once, with its size and the CRC-32 of its bytes (replay reads
 * the file again and checks both). */
static int announce_file(lk *s, const char *path)
{
    for (size_t i = 0; i < s->nfiles; i++)
        if (strcmp(s->files[i], path) == 0)
            return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return lk_bad(s, "mapped file '%s' cannot be read on this machine (replay needs its bytes)", path);
    uint8_t buf[1 << 16];
    uint64_t size = 0;
    uLong crc = crc32(0, NULL, 0);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        crc = crc32(crc, buf, (uInt)n);
        size += n;
    }
    bool err = ferror(f);
    fclose(f);
    if (err)
        return lk_bad(s, "mapped file '%s' cannot be read on this machine (replay needs its bytes)", path);
    char **nf = realloc(s->files, (s->nfiles + 1) * sizeof *nf);
    if (!nf || !(nf[s->nfiles] = strdup(path)))
        return lk_bad(s, "out of memory%s", "");
    s->files = nf;
    s->nfiles++;
    uint64_t a[TR_NARGS] = {size, crc};
    tw_event(s->w, TR_FILE, a, path);
    return 0;
}

/* Valgrind prints a result as Success(0xN) or Failure(0xERRNO). */
static bool result_of(const char *p, int64_t *res)
{
    const char *q;
    uint64_t v;
    if ((q = strstr(p, "Success("))) {
        q += 8;
        if (!hex(&q, &v))
            return false;
        *res = (int64_t)v;
        return true;
    }
    if ((q = strstr(p, "Failure("))) {
        q += 8;
        if (!hex(&q, &v))
            return false;
        *res = -(int64_t)v;
        return true;
    }
    return false;
}

static void fd_set_path(lk *s, uint64_t fd, const char *path)
{
    if (fd >= MAX_FDS)
        return;
    free(s->fd_path[fd]);
    s->fd_path[fd] = path ? strdup(path) : NULL;
}

/* One finished system call. */
static int syscall_done(lk *s, const char *name, const uint64_t *arg, unsigned n, const char *path, int64_t res)
{
    uint64_t a[TR_NARGS] = {0};
    if (strcmp(name, "sys_openat") == 0 || strcmp(name, "sys_open") == 0 || strcmp(name, "sys_creat") == 0) {
        if (res >= 0)
            fd_set_path(s, (uint64_t)res, path);
    } else if (strcmp(name, "sys_close") == 0 && n >= 1) {
        if (res == 0)
            fd_set_path(s, arg[0], NULL);
    } else if ((strcmp(name, "sys_dup") == 0 || strcmp(name, "sys_dup2") == 0 || strcmp(name, "sys_dup3") == 0 ||
                (strcmp(name, "sys_fcntl") == 0 && n >= 2 && (arg[1] == 0 || arg[1] == 1030))) && n >= 1) {
        if (res >= 0)
            fd_set_path(s, (uint64_t)res, arg[0] < MAX_FDS ? s->fd_path[arg[0]] : NULL);
    } else if (strcmp(name, "sys_mmap") == 0 && n == 6) {
        const char *file = NULL;
        if (!(arg[3] & 0x20) && res >= 0) { /* not MAP_ANONYMOUS */
            file = arg[4] < MAX_FDS ? s->fd_path[arg[4]] : NULL;
            if (!file)
                return lk_bad(s, "mmap of a file descriptor whose file is unknown (not opened in the trace)%s", "");
            int rc = announce_file(s, file);
            if (rc)
                return rc;
        }
        memcpy(a, arg, 6 * sizeof *a);
        a[4] = (uint64_t)(int64_t)(int32_t)arg[4];
        a[6] = (uint64_t)res;
        tw_event(s->w, TR_MMAP, a, file);
    } else if (strcmp(name, "sys_munmap") == 0 && n == 2) {
        a[0] = arg[0], a[1] = arg[1], a[6] = (uint64_t)res;
        tw_event(s->w, TR_MUNMAP, a, NULL);
    } else if (strcmp(name, "sys_mprotect") == 0 && n == 3) {
        a[0] = arg[0], a[1] = arg[1], a[2] = arg[2], a[6] = (uint64_t)res;
        tw_event(s->w, TR_MPROTECT, a, NULL);
    } else if (strcmp(name, "sys_mremap") == 0 && n >= 4) {
        a[0] = arg[0], a[1] = arg[1], a[2] = arg[2], a[3] = arg[3], a[4] = n >= 5 ? arg[4] : 0, a[6] = (uint64_t)res;
        tw_event(s->w, TR_MREMAP, a, NULL);
    } else if (strcmp(name, "sys_brk") == 0 && n == 1) {
        a[0] = arg[0], a[6] = (uint64_t)res;
        tw_event(s->w, TR_BRK, a, NULL);
    } else if (strcmp(name, "sys_shmat") == 0 || strcmp(name, "sys_execve") == 0 || strcmp(name, "sys_clone") == 0 ||
               strcmp(name, "sys_clone3") == 0 || strcmp(name, "sys_fork") == 0 || strcmp(name, "sys_vfork") == 0) {
        if (res >= 0 && strcmp(name, "sys_shmat") == 0)
            return lk_bad(s, "%s: System V shared memory is not replayed", name);
        /* A new thread or process would interleave its accesses with this one's; the
         * trace models one single-threaded process. */
        if (res > 0 && strncmp(name, "sys_clone", 9) == 0)
            return lk_bad(s, "%s: the program started a thread or process; traces hold one single-threaded process", name);
    }
    return 0;
}

/* "sys_NAME ( a, b(PATH), c ) ..." -> name, numeric args, the first "(PATH)". */
static unsigned parse_call(const char *p, char *name, size_t nlen, uint64_t *arg, unsigned max, char *path)
{
    size_t i = 0;
    while (*p && *p != ' ' && *p != '(' && i + 1 < nlen)
        name[i++] = *p++;
    name[i] = '\0';
    path[0] = '\0';
    const char *o = strstr(p, " ( ");
    if (!o)
        return 0;
    p = o + 3;
    unsigned n = 0;
    while (*p && *p != ')' && n < max) {
        /* Valgrind prints pointers as 0x hex and the other arguments in decimal */
        uint64_t v = 0;
        const char *q = p;
        bool ok = p[0] == '0' && p[1] == 'x' ? hex(&q, &v) : dec(&q, &v);
        if (!ok)
            v = 0;
        arg[n++] = v;
        if (*q == '(') {
            const char *e = strchr(q, ')');
            if (e && !path[0] && (size_t)(e - q - 1) <= TR_PATH_MAX) {
                memcpy(path, q + 1, (size_t)(e - q - 1));
                path[e - q - 1] = '\0';
            }
            q = e ? e + 1 : q + strlen(q);
        }
        while (*q && *q != ',' && *q != ')')
            q++;
        if (*q == ',')
            q++;
        while (*q == ' ')
            q++;
        p = q;
    }
    return n;
}

static int syscall_line(lk *s, const char *line)
{
    const char *p = strstr(line, "](");
    if (!p || !(p = strchr(p, ')')) || p[1] != ' ')
        return lk_bad(s, "malformed SYSCALL line%s", "");
    p += 2;
    s->events = true;
    int64_t res;
    if (strncmp(p, "... [async] --> ", 16) == 0) {
        if (!s->pending[0])
            return 0; /* the result of a call begun before the log did */
        if (!result_of(p, &res))
            return lk_bad(s, "SYSCALL line without a result%s", "");
        char name[64];
        snprintf(name, sizeof name, "%s", s->pending);
        s->pending[0] = '\0';
        return syscall_done(s, name, s->pending_args, s->pending_nargs, s->pending_path, res);
    }
    char name[64], path[TR_PATH_MAX + 1];
    uint64_t arg[8];
    unsigned n = parse_call(p, name, sizeof name, arg, 8, path);
    if (strcmp(name, "sys_execve") == 0 && !strstr(p, "-->"))
        /* A successful execve prints no result: the process became another program, which
         * Valgrind does not follow. */
        return lk_bad(s, "the program replaced itself with execve(\"%s\"), which is not traced; record that "
                         "program directly", path);
    if (strstr(p, "--> [async] ...")) {
        snprintf(s->pending, sizeof s->pending, "%s", name);
        memcpy(s->pending_args, arg, sizeof arg);
        s->pending_nargs = n;
        memcpy(s->pending_path, path, sizeof path);
        return 0;
    }
    if (!result_of(p, &res))
        return 0; /* "unimplemented syscall" and such: the result is on a " -->" line, no memory effect */
    return syscall_done(s, name, arg, n, path, res);
}

/* "--PID:1: aspacem ..." lines of -d. */
static int debug_line(lk *s, const char *line)
{
    const char *p = strstr(line, " aspacem ");
    if (p && !s->layout_done) {
        p += 9;
        if (strstr(p, "Memory layout at client startup")) {
            s->in_layout = true;
            return 0;
        }
        if (!s->in_layout)
            return 0;
        if (strncmp(p, ">>>", 3) == 0) {
            s->in_layout = false;
            s->layout_done = true;
            return 0;
        }
        while (*p == ' ')
            p++;
        uint64_t idx, lo, hi, off = 0;
        if (*p == '(') { /* "(IDX,REFS,LEN) NAME": the segment-name table */
            p++;
            if (!dec(&p, &idx) || idx >= MAX_NAMES)
                return 0;
            p = strchr(p, ')');
            if (p && p[1] == ' ') {
                free(s->seg_name[idx]);
                s->seg_name[idx] = strdup(p + 2);
                char *nl = strchr(s->seg_name[idx], '\n');
                if (nl)
                    *nl = '\0';
            }
            return 0;
        }
        if (!dec(&p, &idx) || *p != ':')
            return 0;
        p++;
        while (*p == ' ')
            p++;
        if (strncmp(p, "RSVN ", 5) == 0 && strstr(p, "SmUpper")) {
            const char *q = p + 5;
            if (hex(&q, &lo) && *q++ == '-' && hex(&q, &hi)) {
                s->upper_lo = lo;
                s->upper_end = hi + 1;
            }
            return 0;
        }
        /* Lower case: the client's (the program's) segments; upper case: Valgrind's own. */
        bool file = strncmp(p, "file ", 5) == 0, anon = strncmp(p, "anon ", 5) == 0;
        if (!file && !anon)
            return 0;
        p += 5;
        if (!hex(&p, &lo) || *p++ != '-' || !hex(&p, &hi) || hi < lo)
            return lk_bad(s, "malformed segment line%s", "");
        while (*p == ' ')
            p++;
        while (*p && *p != ' ') /* the size */
            p++;
        while (*p == ' ')
            p++;
        uint64_t prot = (p[0] == 'r' ? 1u : 0) | (p[1] == 'w' ? 2u : 0) | (p[2] == 'x' ? 4u : 0);
        const char *name = NULL;
        if (file) {
            const char *o = strstr(p, " o=");
            const char *n = o ? strstr(o, "(") : NULL;
            if (!o || !n)
                return lk_bad(s, "malformed file segment line%s", "");
            o += 3;
            n++;
            if (!dec(&o, &off) || !dec(&n, &idx) || idx >= MAX_NAMES || !s->seg_name[idx])
                return lk_bad(s, "file segment without a known name%s", "");
            name = s->seg_name[idx];
            int rc = announce_file(s, name);
            if (rc)
                return rc;
        }
        s->events = true;
        /* The stack sits on top of a reservation that Valgrind extends it into on a fault
         * (as Linux grows a VM_GROWSDOWN area): the area covers the reservation from the
         * start, which faults the same pages the same way. */
        if (anon && s->upper_end == lo && s->upper_lo < lo)
            lo = s->upper_lo;
        uint64_t a[TR_NARGS] = {lo, hi + 1 - lo, prot, 0, 0, off, 0};
        tw_event(s->w, TR_SEGMENT, a, name);
        return 0;
    }
    return 0;
}

int import_lackey(FILE *in, const char *name, const char *startup, tr_writer *w, char *err, size_t errlen)
{
    lk *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "%s: out of memory", name);
        return 2;
    }
    s->w = w;
    s->name = name;
    s->err = err;
    s->errlen = errlen;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    for (const char *l = startup; l && *l && !rc;) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        char *one = strndup(l, n);
        s->line++;
        rc = one ? debug_line(s, one) : 2;
        free(one);
        l += n + (nl != NULL);
    }
    s->line = 0;
    while (!rc && (len = getline(&line, &cap, in)) >= 0) {
        s->line++;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == 'I' && line[1] == ' ' && line[2] == ' ')
            rc = mem_line(s, line + 3, TR_FETCH, false);
        else if (line[0] == ' ' && line[2] == ' ' && (line[1] == 'L' || line[1] == 'S' || line[1] == 'M'))
            rc = mem_line(s, line + 3, line[1] == 'S' ? TR_STORE : TR_LOAD, line[1] == 'M');
        else if (strncmp(line, "SYSCALL[", 8) == 0)
            rc = syscall_line(s, line);
        else if (strncmp(line, "--", 2) == 0)
            rc = debug_line(s, line);
        else if (strncmp(line, "==", 2) == 0 || strncmp(line, " --> ", 5) == 0 || len == 0)
            continue;
        else
            rc = lk_bad(s, "not a line of Valgrind's log (lackey, syscall or debug)%s", "");
    }
    if (!rc && ferror(in))
        rc = lk_bad(s, "read error: %s", strerror(errno));
    free(line);
    tw_set_flags(w, s->events ? TRF_EVENTS : 0);
    for (int i = 0; i < MAX_FDS; i++)
        free(s->fd_path[i]);
    for (int i = 0; i < MAX_NAMES; i++)
        free(s->seg_name[i]);
    for (size_t i = 0; i < s->nfiles; i++)
        free(s->files[i]);
    free(s->files);
    free(s);
    return rc;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* linuxrun: runs a kernel-level scenario (docs/scenario.md) on the real Linux kernel.
 *
 *   linuxrun [--annotate] [--results FILE] [--region LO-HI] [--brk-base ADDR] [--stats] SCN
 *
 * Every scenario process is a real process (a worker, csrc/linuxdiff/worker.c) that this
 * controller commands over a socket: spawn forks a fresh worker from the controller, fork
 * makes the parent's worker call fork(), exit makes it _exit(). Each line's result is what
 * Linux did, spelled as docs/scenario.md spells an "=> EXPECTED". Expectations already in the
 * scenario are checked against Linux (exit 1 on a mismatch). --annotate prints the scenario
 * back with every operation's "=> RESULT" replaced by Linux's, which makes a self-checking
 * test for the kernel model; --results writes one JSON line per operation.
 *
 * What is normalised so that the model can be compared: files live in a private temporary
 * directory and `maps` shows them by their scenario NAME; `maps` shows only mappings that
 * meet the region (--region, default csrc/linuxdiff/region.h) and prints every device as
 * 00:00 and every inode as 0. Each spawned process's break starts at --brk-base.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linuxdiff/region.h"
#include "linuxdiff/worker.h"
#include "scenario/scenario.h"

#define MAX_PROCS 256
#define MAX_FILES 64
#define MAX_FILE_SIZE (64u << 20)
#define CALL_TIMEOUT_MS 10000

typedef struct {
    bool live;
    uint64_t id;  /* the scenario's PID */
    pid_t pid;    /* the real one */
    int fd;       /* its worker's socket; -1 once it runs an exec'd program */
    bool traced;  /* an exec'd program, held by ptrace at its first instruction */
} proc;

static struct {
    proc procs[MAX_PROCS];
    char *files[MAX_FILES];
    unsigned nfiles;
    char tmpdir[64];
    uint64_t lo, hi, brk_base;
    bool brk_warned;
    unsigned exec_real, exec_derived;
} g = {.lo = LD_REGION_LO, .hi = LD_REGION_HI, .brk_base = LD_BRK_BASE};

/* ---- results ---------------------------------------------------------------------- */

static void put_errno(char *res, size_t n, int64_t err)
{
    const char *name = strerrorname_np((int)-err);
    if (name)
        snprintf(res, n, "-%s", name);
    else
        snprintf(res, n, "-%" PRId64, -err);
}

/* An address-valued system call: the address, or -ERRNO. */
static void put_addr(char *res, size_t n, int64_t ret)
{
    if (ret < 0 && ret >= -4095)
        put_errno(res, n, ret);
    else
        snprintf(res, n, "0x%" PRIx64, (uint64_t)ret);
}

static void put_status(char *res, size_t n, int64_t ret)
{
    if (ret == 0)
        snprintf(res, n, "0");
    else
        put_errno(res, n, ret);
}

static void put_access(char *res, size_t n, const lw_reply *r, bool with_value)
{
    if (r->sig == 0) {
        if (with_value)
            snprintf(res, n, "0x%" PRIx64, r->value);
        else
            snprintf(res, n, "ok");
    } else if (r->sig == SIGSEGV) {
        const char *code = r->code == SEGV_MAPERR ? "MAPERR"
                           : r->code == SEGV_ACCERR ? "ACCERR"
                           : r->code == SI_KERNEL   ? "SI_KERNEL"
                                                    : NULL;
        if (code)
            snprintf(res, n, "SIGSEGV %s", code);
        else
            snprintf(res, n, "SIGSEGV %d", r->code);
    } else {
        const char *abbrev = sigabbrev_np(r->sig);
        if (abbrev)
            snprintf(res, n, "SIG%s", abbrev);
        else
            snprintf(res, n, "signal %d", r->sig);
    }
}

/* ---- processes -------------------------------------------------------------------- */

static proc *find_proc(uint64_t id)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (g.procs[i].live && g.procs[i].id == id)
            return &g.procs[i];
    return NULL;
}

static proc *free_slot(void)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (!g.procs[i].live)
            return &g.procs[i];
    return NULL;
}

static void reap(void)
{
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
}

/* Waits until the worker has exited (its socket reaches end of stream). */
static void wait_gone(proc *p)
{
    char c;
    shutdown(p->fd, SHUT_WR);
    for (int tries = 0; tries < 100; tries++) {
        ssize_t r = recv(p->fd, &c, 1, MSG_DONTWAIT);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
            break;
        usleep(tries < 10 ? 100 : 10000);
    }
    close(p->fd);
    p->live = false;
    reap();
}

static void kill_all(void)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (g.procs[i].live) {
            kill(g.procs[i].pid, SIGKILL);
            if (g.procs[i].fd >= 0)
                close(g.procs[i].fd);
            g.procs[i].live = false;
        }
    while (waitpid(-1, NULL, 0) > 0)
        ;
}

/* Looks up argument i as a live PID; reports and returns NULL otherwise. */
static proc *arg_proc(const scn_line *l, int i)
{
    uint64_t id;
    if (!scn_arg_u64(l, i, "PID", &id))
        return NULL;
    proc *p = find_proc(id);
    if (!p)
        scn_error(l, "%s: no process %" PRIu64, l->argv[0], id);
    return p;
}

/* Sends one command. -1 after reporting a dead or hung worker. */
static int call(const scn_line *l, proc *p, const lw_cmd *c, lw_reply *r, int *newfd)
{
    memset(r, 0, sizeof(*r));
    if (p->traced) {
        scn_error(l, "linuxrun: process %" PRIu64 " runs an exec'd program: only load, store, exec, maps, "
                     "anonymous mmap, munmap, mprotect, execve and exit can run on it", p->id);
        return -1;
    }
    if (lw_call(p->fd, c, r, newfd, CALL_TIMEOUT_MS) == 0)
        return 0;
    scn_error(l, "linuxrun: process %" PRIu64 " (pid %d) stopped answering: %s", p->id,
              (int)p->pid, strerror(errno));
    return -1;
}

static int op_spawn(const scn_line *l, char *res, size_t n)
{
    uint64_t id;
    if (!scn_argc(l, 2, 2, "PID") || !scn_arg_u64(l, 1, "PID", &id))
        return -1;
    if (find_proc(id)) {
        scn_error(l, "spawn: process %" PRIu64 " already exists", id);
        return -1;
    }
    proc *p = free_slot();
    if (!p) {
        scn_error(l, "spawn: more than %d processes", MAX_PROCS);
        return -1;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        scn_error(l, "linuxrun: socketpair: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        scn_error(l, "linuxrun: fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* A fresh process holds only its own socket (as fd 3) and stdio. */
        if (sv[1] != 3 && dup2(sv[1], 3) < 0)
            _exit(127);
        close_range(4, ~0u, 0);
        lw_serve(3, g.brk_base);
    }
    close(sv[1]);
    *p = (proc){.live = true, .id = id, .pid = pid, .fd = sv[0]};
    /* The worker's first reply, unasked, says whether its break moved. */
    lw_reply r;
    size_t got = 0;
    while (got < sizeof(r)) {
        ssize_t k = read(p->fd, (char *)&r + got, sizeof(r) - got);
        if (k <= 0) {
            scn_error(l, "linuxrun: process %" PRIu64 " died at start", id);
            return -1;
        }
        got += (size_t)k;
    }
    if (r.ret != 0 && !g.brk_warned) {
        fprintf(stderr, "linuxrun: cannot move the break to 0x%" PRIx64 " (PR_SET_MM: %s); "
                        "brk results are this process's own\n", g.brk_base, strerror((int)-r.ret));
        g.brk_warned = true;
    }
    snprintf(res, n, "ok");
    return 0;
}

static int op_fork(const scn_line *l, char *res, size_t n)
{
    uint64_t child;
    if (!scn_argc(l, 3, 3, "PARENT CHILD"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p || !scn_arg_u64(l, 2, "CHILD", &child))
        return -1;
    if (find_proc(child)) {
        scn_error(l, "fork: process %" PRIu64 " already exists", child);
        return -1;
    }
    proc *c = free_slot();
    if (!c) {
        scn_error(l, "fork: more than %d processes", MAX_PROCS);
        return -1;
    }
    lw_reply r;
    int fd = -1;
    if (call(l, p, &(lw_cmd){.op = LW_FORK}, &r, &fd) != 0)
        return -1;
    if (r.ret < 0 || fd < 0) {
        scn_error(l, "linuxrun: fork in process %" PRIu64 " failed: %s", p->id,
                  strerror(r.ret < 0 ? (int)-r.ret : EBADF));
        return -1;
    }
    *c = (proc){.live = true, .id = child, .pid = (pid_t)r.ret, .fd = fd};
    snprintf(res, n, "ok");
    return 0;
}

/* An exec'd program is not a worker: it is ended by SIGKILL. */
static void end_traced(proc *p)
{
    kill(p->pid, SIGKILL);
    waitpid(p->pid, NULL, 0);
    p->live = false;
}

static int op_exit(const scn_line *l, char *res, size_t n)
{
    if (!scn_argc(l, 2, 2, "PID"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p)
        return -1;
    if (p->traced) {
        end_traced(p);
        snprintf(res, n, "ok");
        return 0;
    }
    lw_cmd c = {.op = LW_EXIT};
    if (send(p->fd, &c, sizeof(c), MSG_NOSIGNAL) != (ssize_t)sizeof(c)) {
        scn_error(l, "linuxrun: process %" PRIu64 " is gone: %s", p->id, strerror(errno));
        return -1;
    }
    wait_gone(p);
    snprintf(res, n, "ok");
    return 0;
}

/* execve PID FILE [ARG...] [-- ENV...]: the program runs in a fresh process standing for
 * PID (its worker exits: exec gives the process a fresh mm, which is all a scenario sees),
 * with address randomisation off and the default 8 MiB stack limit, and is held by ptrace
 * at its first instruction; the result is where it stands (rip, rsp), -ERRNO if the exec
 * failed, `killed` if the program died before its first instruction (a failure after
 * exec's point of no return). */
static const char *file_path(const char *name);

static int op_execve(const scn_line *l, char *res, size_t n)
{
    if (!scn_argc(l, 3, SCN_MAX_ARGS, "PID FILE [ARG...] [-- ENV...]"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p)
        return -1;
    char *argv[SCN_MAX_ARGS + 1], *envp[SCN_MAX_ARGS + 1];
    int argc, envc;
    scn_exec_args(l, 2, argv, &argc, envp, &envc);
    /* A name without '/' is a scenario file (the model's store); one with '/' a host path. */
    const char *path = strchr(l->argv[2], '/') ? l->argv[2] : file_path(l->argv[2]);
    if (!path) {
        snprintf(res, n, "-ENOENT");
        return 0;
    }
    int errpipe[2];
    if (pipe2(errpipe, O_CLOEXEC) != 0) {
        scn_error(l, "linuxrun: pipe: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        scn_error(l, "linuxrun: fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        close(errpipe[0]);
        if (errpipe[1] != 3 && (dup3(errpipe[1], 3, O_CLOEXEC) < 0))
            _exit(127);
        close_range(4, ~0u, 0);
        struct rlimit st = {8u << 20, 8u << 20};
        int e = 0;
        if (personality(ADDR_NO_RANDOMIZE) < 0 || setrlimit(RLIMIT_STACK, &st) != 0 ||
            ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
            e = errno;
        else
            execve(path, argv, envp);
        e = e ? e : errno;
        if (write(3, &e, sizeof e) < 0)
            _exit(126);
        _exit(127);
    }
    close(errpipe[1]);
    int e = 0;
    ssize_t got = read(errpipe[0], &e, sizeof e);
    close(errpipe[0]);
    int st;
    if (waitpid(pid, &st, 0) != pid) {
        scn_error(l, "linuxrun: waitpid: %s", strerror(errno));
        return -1;
    }
    if (got == (ssize_t)sizeof e) { /* the exec failed: the old program goes on */
        put_errno(res, n, -e);
        return 0;
    }
    /* the old program is gone */
    if (p->traced) {
        end_traced(p);
    } else {
        lw_cmd c = {.op = LW_EXIT};
        if (send(p->fd, &c, sizeof(c), MSG_NOSIGNAL) == (ssize_t)sizeof(c))
            wait_gone(p);
        else
            close(p->fd);
    }
    if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
        if (WIFSTOPPED(st)) { /* a fatal signal on its way: let it end the process */
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
        p->live = false;
        snprintf(res, n, "killed");
        return 0;
    }
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) != 0) {
        scn_error(l, "linuxrun: PTRACE_GETREGS: %s", strerror(errno));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    *p = (proc){.live = true, .id = p->id, .pid = pid, .fd = -1, .traced = true};
    snprintf(res, n, "entry 0x%llx sp 0x%llx", (unsigned long long)regs.rip, (unsigned long long)regs.rsp);
    return 0;
}

/* The signal a load at va would take where PTRACE_PEEKDATA could not read: no area is
 * MAPERR, an area without read is ACCERR, else the page has nothing behind it (past the
 * end of its file): SIGBUS. Derived from /proc/PID/maps, as lw_exec derives fetches. */
static bool peek_fault(proc *p, uint64_t va, bool fetch, lw_reply *r)
{
    char path[64], line[4096], perms[8] = "";
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
    FILE *f = fopen(path, "r");
    bool found = false;
    while (f && !found && fgets(line, sizeof(line), f)) {
        uint64_t lo, hi;
        found = sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &lo, &hi, perms) == 3 && lo <= va && va < hi;
    }
    if (f)
        fclose(f);
    if (fetch && found && perms[2] == 'x')
        return false; /* readable and executable: the fetch goes on */
    bool bus = found && perms[0] == 'r' && !fetch;
    r->sig = bus ? SIGBUS : SIGSEGV;
    r->code = !found ? SEGV_MAPERR : bus ? BUS_ADRERR : SEGV_ACCERR;
    return true;
}

/* One instruction run in an exec'd program, held at its entry: written at rip with the
 * registers set (rax, rbx, and the system-call arguments), single-stepped -- so its
 * faults, stack growth and signals are the program's own -- and then rip, the registers
 * and the bytes put back. *rax: rax after it; r: the signal, if it took one (dropped: the
 * next resume passes none). -1 if ptrace fails. */
typedef struct { uint64_t rax, rbx, rdi, rsi, rdx, r10, r8, r9; } inj_regs;
static int inject(proc *p, const uint8_t *insn, size_t len, const inj_regs *in, uint64_t *rax, lw_reply *r)
{
    struct user_regs_struct saved, regs;
    memset(r, 0, sizeof(*r));
    if (ptrace(PTRACE_GETREGS, p->pid, NULL, &saved) != 0)
        return -1;
    errno = 0;
    long orig = ptrace(PTRACE_PEEKTEXT, p->pid, (void *)saved.rip, NULL), code = orig;
    if (errno)
        return -1;
    memcpy(&code, insn, len);
    regs = saved;
    regs.rax = in->rax;
    regs.rbx = in->rbx;
    regs.rdi = in->rdi;
    regs.rsi = in->rsi;
    regs.rdx = in->rdx;
    regs.r10 = in->r10;
    regs.r8 = in->r8;
    regs.r9 = in->r9;
    int st = 0;
    if (ptrace(PTRACE_POKETEXT, p->pid, (void *)saved.rip, (void *)code) != 0 ||
        ptrace(PTRACE_SETREGS, p->pid, NULL, &regs) != 0 || ptrace(PTRACE_SINGLESTEP, p->pid, NULL, NULL) != 0 ||
        waitpid(p->pid, &st, 0) != p->pid || !WIFSTOPPED(st))
        return -1;
    if (WSTOPSIG(st) == SIGTRAP) {
        if (ptrace(PTRACE_GETREGS, p->pid, NULL, &regs) != 0)
            return -1;
        *rax = regs.rax;
    } else {
        siginfo_t si;
        if (ptrace(PTRACE_GETSIGINFO, p->pid, NULL, &si) != 0)
            return -1;
        r->sig = si.si_signo;
        r->code = si.si_code;
    }
    return ptrace(PTRACE_POKETEXT, p->pid, (void *)saved.rip, (void *)orig) == 0 &&
                   ptrace(PTRACE_SETREGS, p->pid, NULL, &saved) == 0
               ? 0
               : -1;
}

/* A load or store in an exec'd program: mov (%rax) of SIZE bytes to %rax, or %rbx to (%rax). */
static int traced_access(proc *p, uint64_t va, unsigned size, bool store, uint64_t value, lw_reply *r)
{
    static const uint8_t ld[4][4] = {{3, 0x0f, 0xb6, 0x00}, {3, 0x0f, 0xb7, 0x00}, {2, 0x8b, 0x00}, {3, 0x48, 0x8b, 0x00}};
    static const uint8_t stx[4][4] = {{2, 0x88, 0x18}, {3, 0x66, 0x89, 0x18}, {2, 0x89, 0x18}, {3, 0x48, 0x89, 0x18}};
    const uint8_t *insn = (store ? stx : ld)[size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3];
    uint64_t rax = 0;
    if (inject(p, insn + 1, insn[0], &(inj_regs){.rax = va, .rbx = value}, &rax, r) != 0)
        return -1;
    r->value = size == 8 ? rax : rax & ((1ull << (8 * size)) - 1);
    return 0;
}

/* A system call made by an exec'd program (only anonymous mappings: it holds no files of
 * the scenario's): its return value. */
static int traced_syscall(proc *p, const inj_regs *in, int64_t *ret)
{
    static const uint8_t sc[] = {0x0f, 0x05};
    lw_reply r;
    uint64_t rax = 0;
    if (inject(p, sc, sizeof sc, in, &rax, &r) != 0 || r.sig)
        return -1;
    *ret = (int64_t)rax;
    return 0;
}

/* A fetch from an exec'd program, held at its entry, is read with PTRACE_PEEKDATA (only
 * from an executable area, the first byte's). */
static void peek(proc *p, uint64_t va, unsigned size, bool fetch, lw_reply *r)
{
    uint64_t v = 0;
    memset(r, 0, sizeof(*r));
    if (fetch && peek_fault(p, va, true, r))
        return;
    for (unsigned i = 0; i < size; i++) { /* byte by byte from aligned words: never past a page */
        uint64_t b = va + i;
        errno = 0;
        long w = ptrace(PTRACE_PEEKDATA, p->pid, (void *)(uintptr_t)(b & ~7ull), NULL);
        if (errno) {
            peek_fault(p, b, false, r);
            return;
        }
        v |= (uint64_t)((w >> (8 * (b & 7))) & 0xff) << (8 * i);
    }
    r->value = v;
}

/* ---- files ------------------------------------------------------------------------ */

static const char *file_path(const char *name)
{
    for (unsigned i = 0; i < g.nfiles; i++)
        if (strcmp(strrchr(g.files[i], '/') + 1, name) == 0)
            return g.files[i];
    return NULL;
}

static int op_file(const scn_line *l, char *res, size_t n)
{
    uint64_t size, arg = 0;
    if (!scn_argc(l, 3, 5, "NAME SIZE [fill BYTE|seed N]") || !scn_arg_u64(l, 2, "SIZE", &size))
        return -1;
    const char *name = l->argv[1];
    if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") !=
            strlen(name) || name[0] == '.' || strlen(name) > 100) {
        scn_error(l, "file: bad NAME '%s' (letters, digits, '_', '-', '.', not starting with '.')", name);
        return -1;
    }
    if (file_path(name)) {
        scn_error(l, "file: '%s' already exists", name);
        return -1;
    }
    bool seed = false;
    if (l->argc >= 4) {
        seed = strcmp(l->argv[3], "seed") == 0;
        if (!seed && strcmp(l->argv[3], "fill") != 0) {
            scn_error(l, "file: expected 'fill' or 'seed', got '%s'", l->argv[3]);
            return -1;
        }
        if (!scn_argc(l, 5, 5, "NAME SIZE [fill BYTE|seed N]") ||
            !scn_arg_u64(l, 4, seed ? "N" : "BYTE", &arg))
            return -1;
        if (!seed && arg > 255) {
            scn_error(l, "file: fill BYTE %" PRIu64 " is not a byte", arg);
            return -1;
        }
    }
    if (size > MAX_FILE_SIZE) {
        scn_error(l, "file: SIZE %" PRIu64 " is larger than linuxrun's limit (%u)", size, MAX_FILE_SIZE);
        return -1;
    }
    if (g.nfiles == MAX_FILES) {
        scn_error(l, "file: more than %d files", MAX_FILES);
        return -1;
    }
    char *path = NULL;
    if (asprintf(&path, "%s/%s", g.tmpdir, name) < 0)
        return -1;
    unsigned char *buf = malloc(size ? size : 1);
    for (uint64_t i = 0; buf && i < size; i++)
        buf[i] = seed ? (unsigned char)((i + arg) % 251) : (unsigned char)arg;
    int fd = buf ? open(path, O_RDWR | O_CREAT | O_EXCL, 0700) : -1;
    bool ok = fd >= 0 && write(fd, buf, size) == (ssize_t)size;
    if (fd >= 0)
        close(fd);
    free(buf);
    if (!ok) {
        scn_error(l, "linuxrun: cannot create %s: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    g.files[g.nfiles++] = path;
    snprintf(res, n, "ok");
    return 0;
}

/* ---- memory operations ------------------------------------------------------------ */

static bool parse_prot(const scn_line *l, const char *s, int32_t *prot)
{
    if (strlen(s) != 3 || (s[0] != 'r' && s[0] != '-') || (s[1] != 'w' && s[1] != '-') ||
        (s[2] != 'x' && s[2] != '-')) {
        scn_error(l, "%s: bad PROT '%s' (three characters, like rw- or r-x or ---)", l->argv[0], s);
        return false;
    }
    *prot = (s[0] == 'r' ? PROT_READ : 0) | (s[1] == 'w' ? PROT_WRITE : 0) |
            (s[2] == 'x' ? PROT_EXEC : 0);
    return true;
}

static bool parse_flags(const scn_line *l, const char *s, int32_t *flags)
{
    static const struct {
        const char *name;
        int flag;
    } names[] = {{"private", MAP_PRIVATE}, {"shared", MAP_SHARED},  {"anon", MAP_ANONYMOUS},
                 {"fixed", MAP_FIXED},     {"noreplace", MAP_FIXED_NOREPLACE},
                 {"populate", MAP_POPULATE}, {"hugetlb", MAP_HUGETLB}};
    *flags = 0;
    while (*s) {
        size_t w = strcspn(s, ",");
        size_t i = 0;
        while (i < sizeof(names) / sizeof(names[0]) &&
               (strlen(names[i].name) != w || strncmp(names[i].name, s, w) != 0))
            i++;
        if (i == sizeof(names) / sizeof(names[0])) {
            scn_error(l, "mmap: unknown flag '%.*s' (private shared anon fixed noreplace populate hugetlb)",
                      (int)w, s);
            return false;
        }
        *flags |= names[i].flag;
        s += w;
        if (*s == ',' && *++s == '\0') {
            scn_error(l, "mmap: FLAGS ends with ','");
            return false;
        }
    }
    return true;
}

static int op_mmap(const scn_line *l, char *res, size_t n)
{
    lw_cmd c = {.op = LW_MMAP};
    if (!scn_argc(l, 6, 8, "PID ADDR LEN PROT FLAGS [FILE OFF]"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p || !scn_arg_u64(l, 2, "ADDR", &c.a) || !scn_arg_u64(l, 3, "LEN", &c.b) ||
        !parse_prot(l, l->argv[4], &c.prot) || !parse_flags(l, l->argv[5], &c.flags))
        return -1;
    bool anon = c.flags & MAP_ANONYMOUS;
    if (l->argc == 7) {
        scn_error(l, "mmap: FILE without OFF");
        return -1;
    }
    if (l->argc == 8) {
        if (anon) {
            scn_error(l, "mmap: 'anon' with a FILE");
            return -1;
        }
        const char *path = file_path(l->argv[6]);
        if (!path) {
            scn_error(l, "mmap: no file '%s'", l->argv[6]);
            return -1;
        }
        if (!scn_arg_u64(l, 7, "OFF", &c.c))
            return -1;
        snprintf(c.path, sizeof(c.path), "%s", path);
    } else if (!anon) {
        scn_error(l, "mmap: neither 'anon' nor a FILE");
        return -1;
    }
    lw_reply r;
    if (p->traced && anon) {
        if (traced_syscall(p, &(inj_regs){.rax = SYS_mmap, .rdi = c.a, .rsi = c.b, .rdx = (uint64_t)c.prot,
                                          .r10 = (uint64_t)(uint32_t)c.flags, .r8 = (uint64_t)-1}, &r.ret) != 0) {
            scn_error(l, "linuxrun: ptrace on process %" PRIu64 ": %s", p->id, strerror(errno));
            return -1;
        }
    } else if (call(l, p, &c, &r, NULL) != 0) {
        return -1;
    }
    put_addr(res, n, r.ret);
    return 0;
}

/* munmap, mprotect, madvise, msync: PID ADDR LEN and one more field for some. */
static int op_range(const scn_line *l, char *res, size_t n)
{
    const char *op = l->argv[0];
    lw_cmd c = {0};
    int extra = strcmp(op, "mprotect") == 0 || strcmp(op, "madvise") == 0;
    const char *usage = strcmp(op, "mprotect") == 0  ? "PID ADDR LEN PROT"
                        : strcmp(op, "madvise") == 0 ? "PID ADDR LEN dontneed|hugepage|nohugepage"
                                                     : "PID ADDR LEN";
    if (!scn_argc(l, 4 + extra, 4 + extra, usage))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p || !scn_arg_u64(l, 2, "ADDR", &c.a) || !scn_arg_u64(l, 3, "LEN", &c.b))
        return -1;
    if (strcmp(op, "munmap") == 0) {
        c.op = LW_MUNMAP;
    } else if (strcmp(op, "msync") == 0) {
        c.op = LW_MSYNC;
    } else if (strcmp(op, "mprotect") == 0) {
        c.op = LW_MPROTECT;
        if (!parse_prot(l, l->argv[4], &c.prot))
            return -1;
    } else {
        c.op = LW_MADVISE;
        if (strcmp(l->argv[4], "dontneed") == 0) {
            c.flags = MADV_DONTNEED;
        } else if (strcmp(l->argv[4], "hugepage") == 0) {
            c.flags = MADV_HUGEPAGE;
        } else if (strcmp(l->argv[4], "nohugepage") == 0) {
            c.flags = MADV_NOHUGEPAGE;
        } else {
            scn_error(l, "madvise: unknown advice '%s' (dontneed, hugepage, nohugepage)", l->argv[4]);
            return -1;
        }
    }
    lw_reply r;
    if (p->traced && (c.op == LW_MUNMAP || c.op == LW_MPROTECT)) {
        inj_regs in = {.rax = c.op == LW_MUNMAP ? SYS_munmap : SYS_mprotect, .rdi = c.a, .rsi = c.b,
                       .rdx = (uint64_t)c.prot};
        if (traced_syscall(p, &in, &r.ret) != 0) {
            scn_error(l, "linuxrun: ptrace on process %" PRIu64 ": %s", p->id, strerror(errno));
            return -1;
        }
    } else if (call(l, p, &c, &r, NULL) != 0) {
        return -1;
    }
    put_status(res, n, r.ret);
    return 0;
}

static int op_mremap(const scn_line *l, char *res, size_t n)
{
    lw_cmd c = {.op = LW_MREMAP};
    if (!scn_argc(l, 5, 6, "PID OLD OLDLEN NEWLEN [maymove]"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p || !scn_arg_u64(l, 2, "OLD", &c.a) || !scn_arg_u64(l, 3, "OLDLEN", &c.b) ||
        !scn_arg_u64(l, 4, "NEWLEN", &c.c))
        return -1;
    if (l->argc == 6) {
        if (strcmp(l->argv[5], "maymove") != 0) {
            scn_error(l, "mremap: expected 'maymove', got '%s'", l->argv[5]);
            return -1;
        }
        c.flags = MREMAP_MAYMOVE;
    }
    lw_reply r;
    if (call(l, p, &c, &r, NULL) != 0)
        return -1;
    put_addr(res, n, r.ret);
    return 0;
}

static int op_brk(const scn_line *l, char *res, size_t n)
{
    lw_cmd c = {.op = LW_BRK};
    if (!scn_argc(l, 3, 3, "PID ADDR"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p || !scn_arg_u64(l, 2, "ADDR", &c.a))
        return -1;
    lw_reply r;
    if (call(l, p, &c, &r, NULL) != 0)
        return -1;
    snprintf(res, n, "0x%" PRIx64, (uint64_t)r.ret);
    return 0;
}

static bool arg_size(const scn_line *l, int i, uint32_t *size, bool fetch)
{
    uint64_t s;
    if (!scn_arg_u64(l, i, "SIZE", &s))
        return false;
    if (fetch ? (s < 1 || s > 8) : (s != 1 && s != 2 && s != 4 && s != 8)) {
        scn_error(l, "%s: SIZE %" PRIu64 " is not %s", l->argv[0], s, fetch ? "1..8" : "1, 2, 4 or 8");
        return false;
    }
    *size = (uint32_t)s;
    return true;
}

static int op_access(const scn_line *l, char *res, size_t n)
{
    const char *op = l->argv[0];
    lw_cmd c = {0};
    if (strcmp(op, "load") == 0) {
        c.op = LW_LOAD;
        if (!scn_argc(l, 4, 4, "PID VA SIZE"))
            return -1;
    } else if (strcmp(op, "store") == 0) {
        c.op = LW_STORE;
        if (!scn_argc(l, 5, 5, "PID VA SIZE VALUE"))
            return -1;
    } else {
        c.op = LW_EXEC;
        c.size = 1;
        if (!scn_argc(l, 3, 4, "PID VA [SIZE]"))
            return -1;
    }
    proc *p = arg_proc(l, 1);
    if (!p || !scn_arg_u64(l, 2, "VA", &c.a))
        return -1;
    if (l->argc > 3 && !arg_size(l, 3, &c.size, c.op == LW_EXEC))
        return -1;
    if (c.op == LW_STORE) {
        if (!scn_arg_u64(l, 4, "VALUE", &c.c))
            return -1;
        if (c.size < 8 && c.c >> (8 * c.size)) {
            scn_error(l, "store: VALUE %s does not fit in %u bytes", l->argv[4], c.size);
            return -1;
        }
    }
    lw_reply r;
    if (p->traced && c.op == LW_EXEC) {
        peek(p, c.a, c.size, true, &r);
    } else if (p->traced) {
        if (traced_access(p, c.a, c.size, c.op == LW_STORE, c.c, &r) != 0) {
            scn_error(l, "linuxrun: ptrace on process %" PRIu64 " (pid %d): %s", p->id, (int)p->pid, strerror(errno));
            return -1;
        }
    } else if (call(l, p, &c, &r, NULL) != 0) {
        return -1;
    }
    if (c.op == LW_EXEC)
        *(r.derived ? &g.exec_derived : &g.exec_real) += 1;
    put_access(res, n, &r, c.op != LW_STORE);
    return 0;
}

/* maps PID [LO HI]: /proc/PID/maps, only what meets [LO, HI) (default: the region), with devices, inodes and file paths made
 * independent of this machine. One line per mapping, '\n'-separated. */
static int op_maps(const scn_line *l, char *res, size_t n)
{
    uint64_t lo = g.lo, hi = g.hi;
    if (!scn_argc(l, 2, 4, "PID [LO HI]"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p)
        return -1;
    if (l->argc == 3) {
        scn_error(l, "maps: LO without HI");
        return -1;
    }
    if (l->argc == 4 && (!scn_arg_u64(l, 2, "LO", &lo) || !scn_arg_u64(l, 3, "HI", &hi)))
        return -1;
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        scn_error(l, "linuxrun: %s: %s", path, strerror(errno));
        return -1;
    }
    size_t used = 0;
    res[0] = '\0';
    char line[4096];
    while (fgets(line, sizeof(line), f)) {
        uint64_t vlo, vhi;
        char perms[8], off[32], dev[16];
        unsigned long ino;
        int rest = 0;
        line[strcspn(line, "\n")] = '\0';
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %31s %15s %lu %n", &vlo, &vhi, perms, off, dev,
                   &ino, &rest) < 6)
            continue;
        if (vhi <= lo || vlo >= hi)
            continue;
        const char *name = line + rest;
        size_t tl = strlen(g.tmpdir);
        if (strncmp(name, g.tmpdir, tl) == 0 && name[tl] == '/')
            name += tl + 1;
        int w = snprintf(res + used, n - used, "%s%08" PRIx64 "-%08" PRIx64 " %s %s 00:00 0%s%s",
                         used ? "\n" : "", vlo, vhi, perms, off, *name ? " " : "", name);
        if (w < 0 || (size_t)w >= n - used) {
            fclose(f);
            scn_error(l, "maps: more than %zu characters of mappings", n);
            return -1;
        }
        used += (size_t)w;
    }
    fclose(f);
    return 1; /* multi-line */
}

/* smaps PID ADDR: the AnonHugePages (and, if any, Private_Hugetlb + Shared_Hugetlb) of
 * the area holding ADDR in the real /proc/PID/smaps, as the model prints them. */
static int op_smaps(const scn_line *l, char *res, size_t n)
{
    uint64_t addr;
    if (!scn_argc(l, 3, 3, "PID ADDR"))
        return -1;
    proc *p = arg_proc(l, 1);
    if (!p || !scn_arg_u64(l, 2, "ADDR", &addr))
        return -1;
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/smaps", (int)p->pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        scn_error(l, "linuxrun: %s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    bool in = false, found = false;
    unsigned long long anon = 0, hugetlb = 0, kb;
    while (fgets(line, sizeof(line), f)) {
        uint64_t vlo, vhi;
        char c;
        /* an area's header ("lo-hi perms ..."), or one of its "Field: N kB" lines */
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 "%c", &vlo, &vhi, &c) == 3 && c == ' ') {
            in = vlo <= addr && addr < vhi;
            found |= in;
        } else if (in && sscanf(line, "AnonHugePages: %llu kB", &kb) == 1) {
            anon = kb;
        } else if (in && (sscanf(line, "Private_Hugetlb: %llu kB", &kb) == 1 ||
                          sscanf(line, "Shared_Hugetlb: %llu kB", &kb) == 1)) {
            hugetlb += kb;
        }
    }
    fclose(f);
    if (!found)
        snprintf(res, n, "-EFAULT");
    else if (hugetlb)
        snprintf(res, n, "AnonHugePages %llu kB Hugetlb %llu kB", anon, hugetlb);
    else
        snprintf(res, n, "AnonHugePages %llu kB", anon);
    return 0;
}

/* ---- the scenario ----------------------------------------------------------------- */

typedef int (*op_fn)(const scn_line *l, char *res, size_t n);

static const struct {
    const char *name;
    op_fn fn;
} ops[] = {
    {"spawn", op_spawn},   {"fork", op_fork},       {"exit", op_exit},     {"file", op_file},
    {"mmap", op_mmap},     {"munmap", op_range},    {"mprotect", op_range}, {"madvise", op_range},
    {"msync", op_range},   {"mremap", op_mremap},   {"brk", op_brk},       {"load", op_access},
    {"store", op_access},  {"exec", op_access},     {"maps", op_maps},     {"execve", op_execve},
    {"smaps", op_smaps},
};

static const char *const hw_ops[] = {"pwrite", "pread", "cr3", "cr0", "cr4", "efer",
                                     "invlpg", "invpcid", "access", NULL};

/* The scenario's physical lines, for --annotate. */
typedef struct {
    char **line;
    unsigned n;
} text;

static bool read_text(const char *path, text *t)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char *s = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&s, &cap, f)) >= 0) {
        while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
            s[--len] = '\0';
        char **nl = realloc(t->line, (t->n + 1) * sizeof(*nl));
        if (!nl)
            break;
        t->line = nl;
        t->line[t->n++] = strdup(s);
    }
    free(s);
    fclose(f);
    return true;
}

/* Rewrites one line with the result in place of its expectation, keeping its comment. */
static void annotate_line(FILE *out, const char *raw, const char *res)
{
    const char *hash = strchr(raw, '#');
    size_t code = hash ? (size_t)(hash - raw) : strlen(raw);
    const char *arrow = strstr(raw, "=>");
    if (arrow && (size_t)(arrow - raw) < code)
        code = (size_t)(arrow - raw);
    while (code > 0 && (raw[code - 1] == ' ' || raw[code - 1] == '\t'))
        code--;
    fprintf(out, "%.*s", (int)code, raw);
    if (*res) {
        fputs(" => ", out);
        for (const char *p = res; *p; p++)
            fputc(*p == '\n' ? ' ' : *p, out);
    }
    if (hash)
        fprintf(out, "  %s", hash);
    else if (!*res)
        fputs("  # (no mappings in the region)", out);
    fputc('\n', out);
}

static void json_str(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void json_line(FILE *f, const scn_line *l, const char *res, bool multi)
{
    fprintf(f, "{\"line\": %u, \"op\": ", l->line);
    json_str(f, l->argv[0], strlen(l->argv[0]));
    if (!multi) {
        fputs(", \"result\": ", f);
        json_str(f, res, strlen(res));
    } else {
        fputs(", \"lines\": [", f);
        for (const char *p = res; *p;) {
            size_t k = strcspn(p, "\n");
            if (p != res)
                fputs(", ", f);
            json_str(f, p, k);
            p += k + (p[k] == '\n');
        }
        fputc(']', f);
    }
    fputs("}\n", f);
}

static int usage_to(FILE *f, int rc)
{
    fprintf(f,
            "usage: linuxrun [--annotate] [--results FILE] [--region LO-HI] [--brk-base ADDR]\n"
            "                [--stats] SCENARIO\n"
            "Runs a kernel-level scenario on the real Linux kernel, one real process per PID.\n"
            "  --annotate       print the scenario with every '=> RESULT' as Linux gave it\n"
            "  --results FILE   one JSON line per operation (docs/scenario.md)\n"
            "  --region LO-HI   'maps' shows mappings in [LO, HI) (default 0x%llx-0x%llx)\n"
            "  --brk-base ADDR  initial program break of spawned processes (default 0x%llx)\n"
            "  --stats          counts on stderr (fetches executed vs derived)\n"
            "Exit: 0 all expectations met, 1 some not, 2 bad scenario or options.\n",
            LD_REGION_LO, LD_REGION_HI, LD_BRK_BASE);
    return rc;
}
static int usage(void) { return usage_to(stderr, 2); }

static void cleanup(void)
{
    kill_all();
    for (unsigned i = 0; i < g.nfiles; i++) {
        unlink(g.files[i]);
        free(g.files[i]);
    }
    g.nfiles = 0;
    if (g.tmpdir[0])
        rmdir(g.tmpdir);
}

static int run(const char *path, bool annotate, FILE *results)
{
    text t = {0};
    if (annotate && !read_text(path, &t)) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return 2;
    }
    scn_reader *r = scn_open(path);
    if (!r)
        return 2;
    char *ann = NULL;
    size_t annlen = 0;
    FILE *out = annotate ? open_memstream(&ann, &annlen) : NULL;
    static char res[SCN_RESULT_MAX];
    unsigned printed = 0, mismatches = 0;
    int status = 0, rc;
    scn_line l;
    while ((rc = scn_next(r, &l)) == 1) {
        op_fn fn = NULL;
        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
            if (strcmp(ops[i].name, l.argv[0]) == 0)
                fn = ops[i].fn;
        if (!fn) {
            bool hw = false;
            for (int i = 0; hw_ops[i]; i++)
                hw |= strcmp(hw_ops[i], l.argv[0]) == 0;
            scn_error(&l, hw ? "'%s' is a hardware-level operation; linuxrun runs kernel-level "
                               "scenarios only" : "unknown operation '%s'", l.argv[0]);
            status = 2;
            break;
        }
        res[0] = '\0';
        int k = fn(&l, res, sizeof(res));
        if (k < 0) {
            status = 2;
            break;
        }
        if (results)
            json_line(results, &l, res, k == 1);
        if (l.has_expect && !scn_result_matches(res, l.expect)) {
            for (char *q = res; *q; q++)
                if (*q == '\n')
                    *q = ' ';
            scn_error(&l, "expected %s, Linux gave %s", l.expect, res);
            mismatches++;
        }
        if (out) {
            while (printed + 1 < l.line && printed < t.n)
                fprintf(out, "%s\n", t.line[printed++]);
            if (printed < t.n)
                annotate_line(out, t.line[printed++], res);
        }
    }
    if (rc < 0)
        status = 2;
    scn_close(r);
    if (out) {
        while (printed < t.n)
            fprintf(out, "%s\n", t.line[printed++]);
        fclose(out);
        if (status == 0)
            fwrite(ann, 1, annlen, stdout);
        free(ann);
    }
    for (unsigned i = 0; i < t.n; i++)
        free(t.line[i]);
    free(t.line);
    if (status == 0 && mismatches)
        status = 1;
    return status;
}

int main(int argc, char **argv)
{
    bool annotate = false, stats = false;
    const char *results_path = NULL, *scn = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            return usage_to(stdout, 0);
        } else if (strcmp(a, "--annotate") == 0) {
            annotate = true;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (strcmp(a, "--results") == 0 && i + 1 < argc) {
            results_path = argv[++i];
        } else if (strcmp(a, "--region") == 0 && i + 1 < argc) {
            char *v = argv[++i], *dash = strchr(v, '-');
            if (dash)
                *dash = '\0';
            if (!dash || !scn_parse_u64(v, &g.lo) || !scn_parse_u64(dash + 1, &g.hi) || g.lo >= g.hi) {
                fprintf(stderr, "linuxrun: --region: expected LO-HI with LO < HI\n");
                return 2;
            }
        } else if (strcmp(a, "--brk-base") == 0 && i + 1 < argc) {
            if (!scn_parse_u64(argv[++i], &g.brk_base) || g.brk_base % LD_PAGE) {
                fprintf(stderr, "linuxrun: --brk-base: expected a page-aligned address\n");
                return 2;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "linuxrun: unknown option '%s' (or missing its value)\n", a);
            return usage();
        } else if (scn) {
            fprintf(stderr, "linuxrun: more than one scenario ('%s')\n", a);
            return usage();
        } else {
            scn = a;
        }
    }
    if (!scn)
        return usage();
    if (strcmp(scn, "-") == 0) {
        fprintf(stderr, "linuxrun: give the scenario as a file (it is read twice with --annotate)\n");
        return 2;
    }
    FILE *results = NULL;
    if (results_path && !(results = fopen(results_path, "w"))) {
        fprintf(stderr, "linuxrun: --results %s: %s\n", results_path, strerror(errno));
        return 2;
    }
    snprintf(g.tmpdir, sizeof(g.tmpdir), "%s", "/tmp/linuxrun.XXXXXX");
    if (!mkdtemp(g.tmpdir)) {
        fprintf(stderr, "linuxrun: mkdtemp: %s\n", strerror(errno));
        return 2;
    }
    /* Orphans (a forked worker whose parent exited) come back to us to be reaped. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    int status = run(scn, annotate, results);
    cleanup();
    if (results)
        fclose(results);
    if (stats)
        fprintf(stderr, "linuxrun: fetches executed %u, derived from maps %u\n", g.exec_real,
                g.exec_derived);
    return status;
}

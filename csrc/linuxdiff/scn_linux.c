// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The real Linux kernel behind the kernel-level scenario ops (scn_linux.h): each parsed
 * op (scenario/kop.h) is one command to a worker, or, for a process that runs an exec'd
 * program, one instruction injected into it under ptrace. */
#include "scn_linux.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linuxdiff/cgroup.h"
#include "linuxdiff/region.h"
#include "linuxdiff/worker.h"
#include "scenario/kop.h"

#define MAX_PROCS 256
#define MAX_FILES 64
#define MAX_FILE_SIZE (64u << 20)
#define CALL_TIMEOUT_MS 10000

typedef struct {
    bool live;
    int id;       /* the scenario's PID */
    pid_t pid;    /* the real one */
    int fd;       /* its worker's socket; -1 once it runs an exec'd program */
    bool traced;  /* an exec'd program, held by ptrace at its first instruction */
    bool killed;  /* not live: the OOM killer took it (a result `killed`, not bad input) */
    bool reaped;  /* reap() collected its status, a direct child's, before we asked */
    int status;
} proc;

struct scn_linux {
    proc procs[MAX_PROCS];
    char *files[MAX_FILES];
    unsigned nfiles;
    char tmpdir[256];
    uint64_t lo, hi, brk_base;
    bool brk_warned;
    unsigned exec_real, exec_derived;
    lcg *cg; /* the memory cgroups, once a `memcg` line ran */
};

/* ---- processes -------------------------------------------------------------------- */

static proc *find_proc(scn_linux *L, int id)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (L->procs[i].live && L->procs[i].id == id)
            return &L->procs[i];
    return NULL;
}

/* A process the OOM killer took, by its scenario PID. */
static proc *find_killed(scn_linux *L, int id)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (!L->procs[i].live && L->procs[i].killed && L->procs[i].id == id)
            return &L->procs[i];
    return NULL;
}

/* A free slot for id, which is no longer a killed process's: a slot never used or only
 * exited first, so that the record of a kill lasts while others are free. */
static proc *free_slot(scn_linux *L, int id)
{
    proc *k = find_killed(L, id);
    if (k)
        k->killed = false;
    for (int i = 0; i < MAX_PROCS; i++)
        if (!L->procs[i].live && !L->procs[i].killed)
            return &L->procs[i];
    for (int i = 0; i < MAX_PROCS; i++)
        if (!L->procs[i].live)
            return &L->procs[i];
    return NULL;
}

static scn_linux *reap_L; /* reap()'s table: one linuxrun, one scn_linux */

/* Collects exited children, keeping each one's status for died_of_kill(). */
static void reap(void)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
        for (int i = 0; reap_L && i < MAX_PROCS; i++)
            if (reap_L->procs[i].pid == pid && !reap_L->procs[i].reaped) {
                reap_L->procs[i].reaped = true;
                reap_L->procs[i].status = st;
            }
}

/* Waits until the process pid is gone from the system (a forked worker's: its parent
 * worker's child, reaped by the kernel), at most about a second. Its socket ends in
 * do_exit() before it leaves its cgroup, and a memory cgroup counts it until then. */
static bool wait_vanished(pid_t pid)
{
    for (int tries = 0; tries < 200; tries++) {
        if (kill(pid, 0) != 0 && errno == ESRCH)
            return true;
        usleep(tries < 10 ? 100 : 5000);
    }
    return false;
}

/* Waits, about a second at most, for our child pid to end: 1 and its status, 0 if it is
 * not (or no longer) ours to wait for, -1 if it is still running. */
static int wait_child(pid_t pid, int *st)
{
    for (int tries = 0; tries < 200; tries++) {
        pid_t w = waitpid(pid, st, WNOHANG);
        if (w == pid)
            return 1;
        if (w < 0 && errno != EINTR)
            return 0;
        usleep(tries < 10 ? 100 : 5000);
    }
    return -1;
}

/* Waits until the worker has exited (its socket reaches end of stream) and is gone: ours
 * waited for, a forked one vanished (wait_vanished). */
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
    int st;
    if (wait_child(p->pid, &st) == 0)
        wait_vanished(p->pid);
    reap();
}


static void kill_all(scn_linux *L)
{
    for (int i = 0; i < MAX_PROCS; i++)
        if (L->procs[i].live) {
            kill(L->procs[i].pid, SIGKILL);
            if (L->procs[i].fd >= 0)
                close(L->procs[i].fd);
            L->procs[i].live = false;
        }
    while (waitpid(-1, NULL, 0) > 0)
        ;
}

/* Whether the worker of p, whose socket just ended, died of SIGKILL -- the OOM killer's
 * signal: a worker catches the faults of its accesses, and nothing else kills it. A
 * spawned worker is our child and its status says; a forked one is its parent worker's,
 * which lets the kernel reap it (SIGCHLD ignored), so only that it is gone can be seen:
 * it counts as killed where memory cgroups are in use, and is an error elsewhere. */
static bool died_of_kill(const scn_linux *L, proc *p)
{
    int st = p->status, w = wait_child(p->pid, &st);
    if (w < 0)
        return false; /* alive: it did not die */
    if (w > 0 || p->reaped)
        return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
    return L->cg && wait_vanished(p->pid);
}

/* Sends one command. -1 after reporting a dead or hung worker, or with p->killed set (no
 * report: the result is `killed`, see linux_run) if the OOM killer took it. */
static int call(const scn_line *l, proc *p, const lw_cmd *c, lw_reply *r, int *newfd)
{
    memset(r, 0, sizeof(*r));
    if (p->traced) {
        scn_error(l, "linuxrun: process %d runs an exec'd program: only load, store, exec, maps, "
                     "anonymous mmap, munmap, mprotect, execve and exit can run on it", p->id);
        return -1;
    }
    if (lw_call(p->fd, c, r, newfd, CALL_TIMEOUT_MS) == 0)
        return 0;
    if (errno != ETIMEDOUT && died_of_kill(reap_L, p)) {
        close(p->fd);
        p->live = false;
        p->killed = true;
        return -1;
    }
    scn_error(l, "linuxrun: process %d (pid %d) stopped answering: %s", p->id, (int)p->pid, strerror(errno));
    return -1;
}

/* fork(), with stdio flushed first so that nothing buffered is written twice; -1 after
 * reporting. */
static pid_t fork_child(const scn_line *l)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        scn_error(l, "linuxrun: fork: %s", strerror(errno));
    return pid;
}

static int op_spawn(scn_linux *L, const scn_line *l, const scn_kop *op, scn_kres *res)
{
    if (find_proc(L, op->pid)) {
        res->kind = SCN_KR_EXISTS;
        return 0;
    }
    proc *p = free_slot(L, op->pid);
    if (!p) {
        scn_error(l, "spawn: more than %d processes", MAX_PROCS);
        return -1;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        scn_error(l, "linuxrun: socketpair: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork_child(l);
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* A fresh process holds only its own socket (as fd 3) and stdio. */
        if (sv[1] != 3 && dup2(sv[1], 3) < 0)
            _exit(127);
        close_range(4, ~0u, 0);
        lw_serve(3, L->brk_base);
    }
    close(sv[1]);
    *p = (proc){.live = true, .id = op->pid, .pid = pid, .fd = sv[0]};
    /* The worker's first reply, unasked, says whether its break moved. */
    lw_reply r;
    size_t got = 0;
    while (got < sizeof(r)) {
        ssize_t k = read(p->fd, (char *)&r + got, sizeof(r) - got);
        if (k <= 0) {
            scn_error(l, "linuxrun: process %d died at start", op->pid);
            return -1;
        }
        got += (size_t)k;
    }
    if (r.ret != 0 && !L->brk_warned) {
        fprintf(stderr, "linuxrun: cannot move the break to 0x%" PRIx64 " (PR_SET_MM: %s); "
                        "brk results are this process's own\n", L->brk_base, strerror((int)-r.ret));
        L->brk_warned = true;
    }
    res->kind = SCN_KR_OK;
    return 0;
}

static int op_fork(scn_linux *L, const scn_line *l, const scn_kop *op, scn_kres *res)
{
    proc *p = find_proc(L, op->pid);
    if (!p) {
        res->kind = SCN_KR_NOPROC;
        return 0;
    }
    if (find_proc(L, op->child)) {
        res->kind = SCN_KR_EXISTS;
        return 0;
    }
    proc *c = free_slot(L, op->child);
    if (!c) {
        scn_error(l, "fork: more than %d processes", MAX_PROCS);
        return -1;
    }
    lw_reply r;
    int fd = -1;
    if (call(l, p, &(lw_cmd){.op = LW_FORK}, &r, &fd) != 0)
        return -1;
    if (r.ret < 0 || fd < 0) {
        scn_error(l, "linuxrun: fork in process %d failed: %s", p->id, strerror(r.ret < 0 ? (int)-r.ret : EBADF));
        return -1;
    }
    *c = (proc){.live = true, .id = op->child, .pid = (pid_t)r.ret, .fd = fd};
    res->kind = SCN_KR_OK;
    return 0;
}

/* An exec'd program is not a worker: it is ended by SIGKILL. */
static void end_traced(proc *p)
{
    kill(p->pid, SIGKILL);
    waitpid(p->pid, NULL, 0);
    p->live = false;
}

/* Ends a worker: it exits, and is waited for. */
static void end_worker(proc *p)
{
    lw_cmd c = {.op = LW_EXIT};
    if (send(p->fd, &c, sizeof(c), MSG_NOSIGNAL) == (ssize_t)sizeof(c))
        wait_gone(p);
    else
        close(p->fd);
    p->live = false;
}

static int op_exit(const scn_line *l, proc *p, scn_kres *res)
{
    if (p->traced) {
        end_traced(p);
    } else {
        lw_cmd c = {.op = LW_EXIT};
        if (send(p->fd, &c, sizeof(c), MSG_NOSIGNAL) != (ssize_t)sizeof(c)) {
            if (died_of_kill(reap_L, p)) {
                close(p->fd);
                p->live = false;
                p->killed = true;
                res->kind = SCN_KR_KILLED;
                return 0;
            }
            scn_error(l, "linuxrun: process %d is gone: %s", p->id, strerror(errno));
            return -1;
        }
        wait_gone(p);
    }
    res->kind = SCN_KR_OK;
    return 0;
}

static const char *file_path(const scn_linux *L, const char *name)
{
    for (unsigned i = 0; i < L->nfiles; i++)
        if (strcmp(strrchr(L->files[i], '/') + 1, name) == 0)
            return L->files[i];
    return NULL;
}

/* execve PID FILE [ARG...] [-- ENV...]: the program runs in a fresh process standing for
 * PID (its worker exits: exec gives the process a fresh mm, which is all a scenario sees),
 * with address randomisation off and the default 8 MiB stack limit, and is held by ptrace
 * at its first instruction; the result is where it stands (rip, rsp), -ERRNO if the exec
 * failed, `killed` if the program died before its first instruction (a failure after
 * exec's point of no return). */
static int op_execve(scn_linux *L, const scn_line *l, proc *p, const scn_kop *op, scn_kres *res)
{
    /* A name without '/' is a scenario file (the model's store); one with '/' a host path. */
    const char *path = strchr(op->file, '/') ? op->file : file_path(L, op->file);
    res->kind = SCN_KR_NUM;
    if (!path) {
        res->ret = -ENOENT;
        return 0;
    }
    int errpipe[2];
    if (pipe2(errpipe, O_CLOEXEC) != 0) {
        scn_error(l, "linuxrun: pipe: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork_child(l);
    if (pid < 0)
        return -1;
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
            execve(path, op->argv, op->envp);
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
        res->ret = -e;
        return 0;
    }
    /* the old program is gone */
    if (p->traced)
        end_traced(p);
    else
        end_worker(p);
    if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
        if (WIFSTOPPED(st)) { /* a fatal signal on its way: let it end the process */
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
        res->kind = SCN_KR_KILLED;
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
    res->kind = SCN_KR_ENTRY;
    res->value = regs.rip;
    res->sp = regs.rsp;
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

static int op_file(scn_linux *L, const scn_line *l, const scn_kop *op, scn_kres *res)
{
    const char *name = op->file;
    /* the name becomes a host path: only what no shell or path could misread */
    if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != strlen(name) ||
        name[0] == '.' || strlen(name) > 100) {
        scn_error(l, "file: bad NAME '%s' (linuxrun takes letters, digits, '_', '-', '.', not starting with "
                     "'.', at most 100)", name);
        return -1;
    }
    if (file_path(L, name)) {
        res->kind = SCN_KR_EXISTS;
        return 0;
    }
    if (op->len > MAX_FILE_SIZE) {
        scn_error(l, "file: SIZE %" PRIu64 " is larger than linuxrun's limit (%u)", op->len, MAX_FILE_SIZE);
        return -1;
    }
    if (L->nfiles == MAX_FILES) {
        scn_error(l, "file: more than %d files", MAX_FILES);
        return -1;
    }
    char *path = NULL;
    if (asprintf(&path, "%s/%s", L->tmpdir, name) < 0)
        return -1;
    uint64_t size = op->len;
    bool seed = op->fill == SCN_FILL_SEED;
    unsigned char *buf = malloc(size ? size : 1);
    for (uint64_t i = 0; buf && i < size; i++)
        buf[i] = seed ? (unsigned char)((i + op->value) % 251) : (unsigned char)op->value;
    int fd = buf ? open(path, O_RDWR | O_CREAT | O_EXCL, 0700) : -1;
    bool ok = fd >= 0 && write(fd, buf, size) == (ssize_t)size;
    /* The model's new file is on disk, not in the page cache: its pages are read, and
     * charged to a memory cgroup, by the process that first faults on them. So here: the
     * pages written back and dropped (a tmpfs keeps them: there they are all the file is). */
    if (ok && size && fsync(fd) == 0)
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    if (fd >= 0)
        close(fd);
    free(buf);
    if (!ok) {
        scn_error(l, "linuxrun: cannot create %s: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    L->files[L->nfiles++] = path;
    res->kind = SCN_KR_OK;
    return 0;
}

/* ---- memory operations ------------------------------------------------------------ */

static int32_t linux_prot(unsigned p)
{
    static const unsigned prot_of[] = {PROT_READ, PROT_WRITE, PROT_EXEC}; /* SCN_PROT_* order */
    return (int32_t)scn_bits_map(p, prot_of, 3);
}

/* Linux's mmap flag for each scenario flag (scn_map_flag_names' order). */
static const unsigned map_of[] = {MAP_PRIVATE,         MAP_SHARED,   MAP_ANONYMOUS, MAP_FIXED,
                                  MAP_FIXED_NOREPLACE, MAP_POPULATE, MAP_HUGETLB};

static int ptrace_failed(const scn_line *l, const proc *p)
{
    scn_error(l, "linuxrun: ptrace on process %d (pid %d): %s", p->id, (int)p->pid, strerror(errno));
    return -1;
}

static int op_mmap(scn_linux *L, const scn_line *l, proc *p, const scn_kop *op, scn_kres *res)
{
    lw_cmd c = {.op = LW_MMAP, .a = op->addr, .b = op->len, .c = op->off, .prot = linux_prot(op->prot),
                .flags = (int32_t)scn_bits_map(op->flags, map_of, sizeof map_of / sizeof map_of[0])};
    if (op->file) {
        const char *path = file_path(L, op->file);
        if (!path) {
            res->kind = SCN_KR_NOFILE;
            return 0;
        }
        snprintf(c.path, sizeof(c.path), "%s", path);
    }
    lw_reply r;
    res->kind = SCN_KR_ADDR;
    if (p->traced && !op->file) {
        if (traced_syscall(p, &(inj_regs){.rax = SYS_mmap, .rdi = c.a, .rsi = c.b, .rdx = (uint64_t)c.prot,
                                          .r10 = (uint64_t)(uint32_t)c.flags, .r8 = (uint64_t)-1}, &r.ret) != 0)
            return ptrace_failed(l, p);
    } else if (call(l, p, &c, &r, NULL) != 0) {
        return -1;
    }
    res->ret = r.ret;
    return 0;
}

/* munmap, mprotect, madvise, msync, mremap, brk: one system call. */
static int op_syscall(const scn_line *l, proc *p, const scn_kop *op, scn_kres *res)
{
    lw_cmd c = {.a = op->addr, .b = op->len};
    res->kind = SCN_KR_NUM;
    switch (op->kind) {
    case SCN_K_MUNMAP: c.op = LW_MUNMAP; break;
    case SCN_K_MSYNC: c.op = LW_MSYNC; break;
    case SCN_K_MPROTECT: c.op = LW_MPROTECT; c.prot = linux_prot(op->prot); break;
    case SCN_K_MADVISE:
        c.op = LW_MADVISE;
        c.flags = op->advice == SCN_MADV_HUGEPAGE     ? MADV_HUGEPAGE
                  : op->advice == SCN_MADV_NOHUGEPAGE ? MADV_NOHUGEPAGE
                                                      : MADV_DONTNEED;
        break;
    case SCN_K_MREMAP:
        c.op = LW_MREMAP;
        c.c = op->newlen;
        /* the scenario's bits are Linux's */
        _Static_assert(SCN_MREMAP_MAYMOVE == MREMAP_MAYMOVE && SCN_MREMAP_FIXED == MREMAP_FIXED &&
                           SCN_MREMAP_DONTUNMAP == MREMAP_DONTUNMAP, "MREMAP_* values");
        c.flags = (int32_t)op->flags;
        c.d = op->newaddr;
        res->kind = SCN_KR_ADDR;
        break;
    default: /* SCN_K_BRK */
        c.op = LW_BRK;
        res->kind = SCN_KR_ADDR;
        break;
    }
    lw_reply r;
    if (p->traced && (c.op == LW_MUNMAP || c.op == LW_MPROTECT)) {
        inj_regs in = {.rax = c.op == LW_MUNMAP ? SYS_munmap : SYS_mprotect, .rdi = c.a, .rsi = c.b,
                       .rdx = (uint64_t)c.prot};
        if (traced_syscall(p, &in, &r.ret) != 0)
            return ptrace_failed(l, p);
    } else if (call(l, p, &c, &r, NULL) != 0) {
        return -1;
    }
    res->ret = r.ret;
    return 0;
}

static int op_access(scn_linux *L, const scn_line *l, proc *p, const scn_kop *op, scn_kres *res)
{
    lw_cmd c = {.op = op->kind == SCN_K_LOAD ? LW_LOAD : op->kind == SCN_K_STORE ? LW_STORE : LW_EXEC,
                .a = op->addr, .size = op->size, .c = op->value};
    lw_reply r;
    if (p->traced && c.op == LW_EXEC) {
        peek(p, c.a, c.size, true, &r);
    } else if (p->traced) {
        if (traced_access(p, c.a, c.size, c.op == LW_STORE, c.c, &r) != 0)
            return ptrace_failed(l, p);
    } else if (call(l, p, &c, &r, NULL) != 0) {
        return -1;
    }
    if (c.op == LW_EXEC)
        *(r.derived ? &L->exec_derived : &L->exec_real) += 1;
    if (r.sig) {
        res->kind = SCN_KR_SIGNAL;
        res->sig = r.sig;
        res->code = r.code;
    } else {
        res->kind = c.op == LW_STORE ? SCN_KR_OK : SCN_KR_VALUE;
        res->value = r.value;
    }
    return 0;
}

/* maps PID [LO HI]: /proc/PID/maps, only what meets [LO, HI) (default: the region), with
 * devices, inodes and file paths made independent of this machine. */
/* rss PID ADDR: the Rss line of the smaps entry holding ADDR, in pages. */
static int op_rss(const scn_line *l, proc *p, const scn_kop *op, scn_kres *res)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/smaps", (int)p->pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        scn_error(l, "linuxrun: %s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    bool in = false;
    long kb = -1;
    while (fgets(line, sizeof(line), f)) {
        uint64_t vlo, vhi;
        char c;
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 "%c", &vlo, &vhi, &c) == 3 && c == ' ')
            in = vlo <= op->addr && op->addr < vhi;
        else if (in && sscanf(line, "Rss: %ld kB", &kb) == 1)
            break;
    }
    fclose(f);
    res->kind = SCN_KR_NUM;
    res->ret = kb < 0 ? -EFAULT : kb / 4;
    return 0;
}

static int op_maps(scn_linux *L, const scn_line *l, proc *p, const scn_kop *op, scn_kres *res, char *text, size_t n)
{
    uint64_t lo = op->range ? op->addr : L->lo, hi = op->range ? op->len : L->hi;
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        scn_error(l, "linuxrun: %s: %s", path, strerror(errno));
        return -1;
    }
    size_t used = 0;
    text[0] = '\0';
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
        size_t tl = strlen(L->tmpdir);
        if (strncmp(name, L->tmpdir, tl) == 0 && name[tl] == '/')
            name += tl + 1;
        int w = snprintf(text + used, n - used, "%s%08" PRIx64 "-%08" PRIx64 " %s %s 00:00 0%s%s",
                         used ? "\n" : "", vlo, vhi, perms, off, *name ? " " : "", name);
        if (w < 0 || (size_t)w >= n - used) {
            fclose(f);
            scn_error(l, "maps: more than %zu characters of mappings", n);
            return -1;
        }
        used += (size_t)w;
    }
    fclose(f);
    res->kind = SCN_KR_TEXT;
    res->multiline = true;
    return 0;
}

/* smaps PID ADDR: AnonHugePages (and Private_Hugetlb + Shared_Hugetlb, if any) of the area
 * holding ADDR in the real /proc/PID/smaps; -EFAULT if no area holds it. */
static int op_smaps(const scn_line *l, proc *p, const scn_kop *op, scn_kres *res, char *text, size_t n)
{
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
            in = vlo <= op->addr && op->addr < vhi;
            found |= in;
        } else if (in && sscanf(line, "AnonHugePages: %llu kB", &kb) == 1) {
            anon = kb;
        } else if (in && (sscanf(line, "Private_Hugetlb: %llu kB", &kb) == 1 ||
                          sscanf(line, "Shared_Hugetlb: %llu kB", &kb) == 1)) {
            hugetlb += kb;
        }
    }
    fclose(f);
    if (!found) {
        res->kind = SCN_KR_OK;
        res->ret = -EFAULT;
        return 0;
    }
    scn_smaps_text(anon << 10, hugetlb << 10, text, n);
    res->kind = SCN_KR_TEXT;
    return 0;
}

/* ---- memory cgroups --------------------------------------------------------------- */

/* memcg VERB NAME [ARG] on the host's memory cgroups (cgroup.h). A host without one ends
 * the run with the reason (suite 35 makes that a SKIP); a `memcg stat` KEY whose value the
 * host cannot give as the model does is refused, with why. */
static int op_memcg(scn_linux *L, const scn_line *l, const scn_kop *op, scn_kres *res, char *text, size_t n)
{
    char err[600];
    const char *why = op->verb == SCN_MEMCG_STAT ? lcg_not_compared(op->key) : NULL;
    if (why) {
        scn_error(l, "memcg stat: KEY '%s' is not compared with Linux: %s", op->key, why);
        return -1;
    }
    proc *p = NULL; /* attach's process: bad input whatever the host has */
    if (op->verb == SCN_MEMCG_ATTACH && !(p = find_proc(L, op->pid))) {
        res->kind = find_killed(L, op->pid) ? SCN_KR_KILLED : SCN_KR_NOPROC;
        return 0;
    }
    if (!L->cg && !(L->cg = lcg_new())) {
        scn_error(l, "linuxrun: out of memory");
        return -1;
    }
    if (lcg_probe(L->cg, err, sizeof err) != 0) {
        scn_error(l, "memcg: %s", err);
        return -1;
    }
    res->kind = SCN_KR_OK;
    switch (op->verb) {
    case SCN_MEMCG_CREATE: res->ret = lcg_create(L->cg, op->file, op->value); return 0;
    case SCN_MEMCG_MAX: res->ret = lcg_set_max(L->cg, op->file, op->value); return 0;
    case SCN_MEMCG_REMOVE: res->ret = lcg_remove(L->cg, op->file); return 0;
    case SCN_MEMCG_ATTACH: res->ret = lcg_attach(L->cg, op->file, p->pid); return 0;
    case SCN_MEMCG_STAT: {
        uint64_t v;
        res->ret = lcg_stat(L->cg, op->file, op->key, &v, &why);
        if (res->ret == -EINVAL) {
            scn_error(l, "memcg stat: KEY '%s' is not compared with Linux: %s", op->key, why);
            return -1;
        }
        if (res->ret == -EIO) {
            scn_error(l, "memcg stat: cannot read the host's cgroup %s's files", op->file);
            return -1;
        }
        if (res->ret == 0) {
            if (v == UINT64_MAX)
                snprintf(text, n, "max");
            else
                snprintf(text, n, "%" PRIu64, v);
            res->kind = SCN_KR_TEXT;
        }
        return 0;
    }
    }
    return -1;
}

/* ---- the interface ---------------------------------------------------------------- */

static int linux_run_on(scn_linux *L, const scn_line *l, proc *p, const scn_kop *op, scn_kres *res, char *text,
                        size_t n);

static int linux_run(scn_ctx *ctx, const scn_line *l, const scn_kop *op, scn_kres *res, char *text, size_t n)
{
    scn_linux *L = ctx->kself;
    if (op->kind == SCN_K_SPAWN)
        return op_spawn(L, l, op, res);
    if (op->kind == SCN_K_FORK)
        return op_fork(L, l, op, res);
    if (op->kind == SCN_K_FILE)
        return op_file(L, l, op, res);
    if (op->kind == SCN_K_MEMCG)
        return op_memcg(L, l, op, res, text, n);
    proc *p = find_proc(L, op->pid);
    if (!p) {
        res->kind = find_killed(L, op->pid) ? SCN_KR_KILLED : SCN_KR_NOPROC;
        return 0;
    }
    int rc = linux_run_on(L, l, p, op, res, text, n);
    if (rc != 0 && p->killed) { /* the OOM killer took it during the op: reported by call() */
        memset(res, 0, sizeof(*res));
        res->kind = SCN_KR_KILLED;
        return 0;
    }
    return rc;
}

/* An op on the live process p. */
static int linux_run_on(scn_linux *L, const scn_line *l, proc *p, const scn_kop *op, scn_kres *res, char *text,
                        size_t n)
{
    switch (op->kind) {
    case SCN_K_EXIT: return op_exit(l, p, res);
    case SCN_K_EXECVE: return op_execve(L, l, p, op, res);
    case SCN_K_MMAP: return op_mmap(L, l, p, op, res);
    case SCN_K_MUNMAP:
    case SCN_K_MSYNC:
    case SCN_K_MPROTECT:
    case SCN_K_MADVISE:
    case SCN_K_MREMAP:
    case SCN_K_BRK:
        return op_syscall(l, p, op, res);
    case SCN_K_LOAD:
    case SCN_K_EXEC:
    case SCN_K_STORE:
        return op_access(L, l, p, op, res);
    case SCN_K_MAPS: return op_maps(L, l, p, op, res, text, n);
    case SCN_K_SMAPS: return op_smaps(l, p, op, res, text, n);
    case SCN_K_RSS: return op_rss(l, p, op, res);
    default:
        res->kind = SCN_KR_UNSUPPORTED;
        return 0;
    }
}

static const scn_kimpl linux_impl = {
    .who = "linuxrun",
    .gave = "Linux gave",
    .hw_ops = false,
    .extensions = false,
    .run = linux_run,
};

scn_linux *scn_linux_new(uint64_t lo, uint64_t hi, uint64_t brk_base, const char *tmp, char *err, size_t errlen)
{
    scn_linux *L = calloc(1, sizeof *L);
    if (!L) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    reap_L = L;
    L->lo = lo;
    L->hi = hi;
    L->brk_base = brk_base;
    if (strlen(tmp) > sizeof(L->tmpdir) - sizeof("/linuxrun.XXXXXX")) {
        snprintf(err, errlen, "--tmpdir: '%s' is longer than %zu characters", tmp,
                 sizeof(L->tmpdir) - sizeof("/linuxrun.XXXXXX"));
        free(L);
        return NULL;
    }
    snprintf(L->tmpdir, sizeof(L->tmpdir), "%s/linuxrun.XXXXXX", tmp);
    if (!mkdtemp(L->tmpdir)) {
        snprintf(err, errlen, "--tmpdir %s: cannot make a directory there: %s", tmp, strerror(errno));
        free(L);
        return NULL;
    }
    return L;
}

void scn_linux_attach(scn_ctx *c, scn_linux *L)
{
    c->kimpl = &linux_impl;
    c->kself = L;
}

void scn_linux_fetches(const scn_linux *L, unsigned *real, unsigned *derived)
{
    *real = L->exec_real;
    *derived = L->exec_derived;
}

void scn_linux_abort(scn_linux *L)
{
    if (!L)
        return;
    for (int i = 0; i < MAX_PROCS; i++)
        if (L->procs[i].live)
            kill(L->procs[i].pid, SIGKILL);
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    lcg_abort(L->cg);
    for (unsigned i = 0; i < L->nfiles; i++)
        unlink(L->files[i]);
    rmdir(L->tmpdir);
}

void scn_linux_free(scn_linux *L)
{
    if (!L)
        return;
    kill_all(L);
    lcg_free(L->cg); /* the processes are gone: their groups can go */
    reap_L = NULL;
    for (unsigned i = 0; i < L->nfiles; i++) {
        unlink(L->files[i]);
        free(L->files[i]);
    }
    rmdir(L->tmpdir);
    free(L);
}

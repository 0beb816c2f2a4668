// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The worker side of linuxrun: real system calls and real accesses in a real process.
 *
 * Loads and stores are single x86 instructions of exactly SIZE bytes (inline assembly, so
 * the compiler can neither split nor merge them), run with SIGSEGV/SIGBUS caught: the
 * handler records the signal and its si_code and siglongjmps past the access, which is
 * what docs/scenario.md ("Signals") means by "the process goes on".
 *
 * Instruction fetches (lw_exec) are the one place where the real hardware cannot always be
 * asked: jumping to arbitrary bytes would execute them. A fetch is executed for real when
 * doing so cannot run anything but NOPs and one RET:
 *   - the first byte's page is not executable or not mapped (the fetch faults before any
 *     instruction runs), or the address is non-canonical (the CALL itself raises #GP);
 *   - the bytes are 0x90 (NOP) up to the last, which is 0xc3 (RET), or 0x90 up to a page
 *     that faults (unmapped, not executable, or past the end of its file).
 * Otherwise the result is derived without executing: the fetch succeeds iff every page of
 * the range has an executable VMA in /proc/self/maps and a load of its bytes succeeds; the
 * first page that fails decides the signal: no VMA -> MAPERR; a VMA without x -> what a
 * load of the page gives if it faults (SIGBUS past the end of a file, ACCERR for ---),
 * else ACCERR -- because x86 Linux treats a fetch from a not-present page as a read and
 * faults the page in before it refuses the fetch; an executable page -> a failing load's
 * signal. The reply marks such results as derived so that linuxrun can count them.
 */
#include "linuxdiff/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/prctl.h>

/* ---- the socket ------------------------------------------------------------------- */

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads exactly n bytes; 0 on success, -1 on error or end of stream (errno EPIPE). */
static int read_all(int fd, void *buf, size_t n, int timeout_ms)
{
    char *p = buf;
    while (n > 0) {
        if (timeout_ms >= 0) {
            struct pollfd pf = {.fd = fd, .events = POLLIN};
            int pr = poll(&pf, 1, timeout_ms);
            if (pr < 0 && errno == EINTR)
                continue;
            if (pr == 0) {
                errno = ETIMEDOUT;
                return -1;
            }
            if (pr < 0)
                return -1;
        }
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            errno = EPIPE;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int lw_call(int fd, const lw_cmd *c, lw_reply *r, int *newfd, int timeout_ms)
{
    if (write_all(fd, c, sizeof(*c)) != 0)
        return -1;
    if (c->op == LW_FORK) {
        /* The reply and the child's socket travel in one message. */
        char ctl[CMSG_SPACE(sizeof(int))];
        struct iovec iov = {.iov_base = r, .iov_len = sizeof(*r)};
        struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1,
                           .msg_control = ctl, .msg_controllen = sizeof(ctl)};
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, timeout_ms) == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        ssize_t n = recvmsg(fd, &m, MSG_WAITALL);
        if (n != (ssize_t)sizeof(*r)) {
            if (n >= 0)
                errno = EPIPE;
            return -1;
        }
        struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
        *newfd = -1;
        if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
            memcpy(newfd, CMSG_DATA(cm), sizeof(int));
        return 0;
    }
    return read_all(fd, r, sizeof(*r), timeout_ms);
}

/* ---- accesses --------------------------------------------------------------------- */

static sigjmp_buf fault_jb;
static volatile sig_atomic_t fault_sig, fault_code;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_sig = sig;
    fault_code = si->si_code;
    siglongjmp(fault_jb, 1);
}

static uint64_t load_insn(uint64_t va, unsigned size)
{
    switch (size) {
    case 1: { uint8_t v; __asm__ volatile("movb (%1), %0" : "=q"(v) : "r"(va) : "memory"); return v; }
    case 2: { uint16_t v; __asm__ volatile("movw (%1), %0" : "=r"(v) : "r"(va) : "memory"); return v; }
    case 4: { uint32_t v; __asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(va) : "memory"); return v; }
    default: { uint64_t v; __asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(va) : "memory"); return v; }
    }
}

static void store_insn(uint64_t va, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: __asm__ volatile("movb %0, (%1)" : : "q"((uint8_t)v), "r"(va) : "memory"); break;
    case 2: __asm__ volatile("movw %0, (%1)" : : "r"((uint16_t)v), "r"(va) : "memory"); break;
    case 4: __asm__ volatile("movl %0, (%1)" : : "r"((uint32_t)v), "r"(va) : "memory"); break;
    default: __asm__ volatile("movq %0, (%1)" : : "r"(v), "r"(va) : "memory"); break;
    }
}

/* Calls va. Skips the red zone first: the CALL's push must not land on the caller's data. */
static void call_insn(uint64_t va)
{
    __asm__ volatile("sub $128, %%rsp\n\tcall *%0\n\tadd $128, %%rsp"
                     : "+r"(va)
                     :
                     : "memory", "cc", "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
}

/* One load; returns 0 and *v, or the signal (with *code). */
static int try_load(uint64_t va, unsigned size, uint64_t *v, int *code)
{
    if (sigsetjmp(fault_jb, 1) == 0) {
        *v = load_insn(va, size);
        return 0;
    }
    *code = fault_sig == 0 ? 0 : fault_code;
    return fault_sig;
}

static int try_store(uint64_t va, unsigned size, uint64_t v, int *code)
{
    if (sigsetjmp(fault_jb, 1) == 0) {
        store_insn(va, size, v);
        return 0;
    }
    *code = fault_code;
    return fault_sig;
}

static int try_call(uint64_t va, int *code)
{
    if (sigsetjmp(fault_jb, 1) == 0) {
        call_insn(va);
        return 0;
    }
    *code = fault_code;
    return fault_sig;
}

/* ---- instruction fetch ------------------------------------------------------------ */

static char maps_buf[1 << 20];

/* Rights of the VMA containing va per /proc/self/maps: -1 if none, else bit 0 = x. */
static int vma_exec(uint64_t va)
{
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t n = 0;
    ssize_t r;
    while (n < sizeof(maps_buf) - 1 && (r = read(fd, maps_buf + n, sizeof(maps_buf) - 1 - n)) > 0)
        n += (size_t)r;
    close(fd);
    maps_buf[n] = '\0';
    for (char *p = maps_buf; *p;) {
        uint64_t lo = 0, hi = 0;
        char *q = p;
        while (*q && *q != '-')
            lo = lo * 16 + (uint64_t)(*q <= '9' ? *q - '0' : *q - 'a' + 10), q++;
        if (*q)
            q++;
        while (*q && *q != ' ')
            hi = hi * 16 + (uint64_t)(*q <= '9' ? *q - '0' : *q - 'a' + 10), q++;
        if (*q)
            q++;
        if (va >= lo && va < hi)
            return q[2] == 'x';
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return -1;
}

static bool canonical(uint64_t va)
{
    return va < 0x800000000000ull || va >= 0xffff800000000000ull;
}

static void lw_exec(uint64_t va, unsigned size, lw_reply *r)
{
    int code = 0;
    if (!canonical(va) || vma_exec(va) != 1) {
        /* Nothing can run: the CALL or the first fetch faults. */
        r->sig = try_call(va, &code);
        r->code = code;
        if (r->sig == 0) /* maps disagreed with the hardware: report what it fetched */
            r->sig = try_load(va, size, &r->value, &code), r->code = code;
        return;
    }
    /* Walk the bytes as the fetch would, stopping at the first that cannot be fetched. */
    bool sled = true; /* every byte so far is a NOP */
    uint64_t value = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t a = va + i, b = 0;
        int sig = 0, x;
        if (!canonical(a)) {
            sig = SIGSEGV, code = SI_KERNEL;
        } else if (i > 0 && (a & 0xfff) == 0 && (x = vma_exec(a)) != 1) {
            /* As x86 Linux does: a fetch from a page that is not present is handled as a
             * read, so the page is faulted in (or SIGBUS) before the fetch is refused. */
            sig = x < 0 ? SIGSEGV : try_load(a, 1, &b, &code);
            if (x < 0)
                code = SEGV_MAPERR;
            else if (sig == 0)
                sig = SIGSEGV, code = SEGV_ACCERR;
        } else {
            sig = try_load(a, 1, &b, &code);
        }
        if (sig) {
            if (sled) { /* only NOPs before the faulting byte: let the hardware say */
                r->sig = try_call(va, &code);
                r->code = code;
                if (r->sig == 0)
                    r->sig = sig, r->derived = 1;
            } else {
                r->sig = sig, r->code = code, r->derived = 1;
            }
            return;
        }
        value |= b << (8 * i);
        if (i + 1 < size ? b != 0x90 : b != 0xc3)
            sled = false;
    }
    r->value = value;
    if (sled) {
        r->sig = try_call(va, &code);
        r->code = code;
    } else {
        r->derived = 1;
    }
}

/* ---- the loop --------------------------------------------------------------------- */

static int64_t sys_result(long rc)
{
    return rc == -1 ? -(int64_t)errno : (int64_t)rc;
}

/* One open file per path and process, as a program that opens a file once and maps it
 * many times: VMAs merge only when they share the struct file, so opening it for every
 * mmap would keep contiguous file mappings apart. A forked worker inherits the table. */
static struct {
    char path[sizeof(((lw_cmd *)0)->path)];
    int fd;
} open_files[64];

static int file_fd(const char *path)
{
    size_t i = 0;
    for (; i < sizeof(open_files) / sizeof(open_files[0]) && open_files[i].path[0]; i++)
        if (strcmp(open_files[i].path, path) == 0)
            return open_files[i].fd;
    if (i == sizeof(open_files) / sizeof(open_files[0])) {
        errno = EMFILE;
        return -1;
    }
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
        memcpy(open_files[i].path, path, sizeof(open_files[i].path));
        open_files[i].fd = fd;
    }
    return fd;
}

static int64_t do_mmap(const lw_cmd *c)
{
    int fd = -1;
    if (c->path[0] && (fd = file_fd(c->path)) < 0)
        return -(int64_t)errno;
    void *p = mmap((void *)c->a, c->b, c->prot, c->flags, fd, (off_t)c->c);
    return p == MAP_FAILED ? -(int64_t)errno : (int64_t)(uintptr_t)p;
}

/* Forks this worker; the child serves a new socket whose other end goes to the controller. */
static void do_fork(int *fd, lw_reply *r)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        r->ret = -errno;
        write_all(*fd, r, sizeof(*r));
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(*fd);
        close(sv[0]);
        *fd = sv[1];
        return;
    }
    r->ret = pid < 0 ? -errno : pid;
    char ctl[CMSG_SPACE(sizeof(int))];
    memset(ctl, 0, sizeof(ctl));
    struct iovec iov = {.iov_base = r, .iov_len = sizeof(*r)};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    if (pid > 0) {
        m.msg_control = ctl;
        m.msg_controllen = sizeof(ctl);
        struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cm), &sv[0], sizeof(int));
    }
    sendmsg(*fd, &m, MSG_NOSIGNAL);
    close(sv[0]);
    close(sv[1]);
}

/* Moves the program break (and its start) to base with PR_SET_MM_MAP, the form of
 * PR_SET_MM that needs no capability: it takes the whole memory map at once, so the other
 * fields are copied from /proc/self/stat. Returns 0 or -errno. */
static int64_t move_brk(uint64_t base)
{
    char buf[2048];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -EIO;
    buf[n] = '\0';
    /* Fields after the command name (which may hold anything, so find its last ')'). */
    char *p = strrchr(buf, ')');
    uint64_t f[64] = {0};
    int i = 2; /* field 2 is the name; p points at its end */
    while (p && *p && i < 60) {
        p = strchr(p, ' ');
        if (!p)
            break;
        p++;
        i++;
        uint64_t v = 0;
        for (char *q = p; *q >= '0' && *q <= '9'; q++)
            v = v * 10 + (uint64_t)(*q - '0');
        f[i] = v;
    }
    if (i < 51)
        return -EIO;
    struct prctl_mm_map m = {
        .start_code = f[26], .end_code = f[27], .start_stack = f[28],
        .start_data = f[45], .end_data = f[46], .start_brk = base, .brk = base,
        .arg_start = f[48], .arg_end = f[49], .env_start = f[50], .env_end = f[51],
        .auxv = NULL, .auxv_size = 0, .exe_fd = (uint32_t)-1,
    };
    if (prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)&m, sizeof(m), 0) != 0)
        return -errno;
    return 0;
}

_Noreturn void lw_serve(int fd, uint64_t brk_base)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
    signal(SIGCHLD, SIG_IGN); /* forked workers are reaped by the kernel */
    signal(SIGPIPE, SIG_IGN);

    if (brk_base) {
        lw_reply r = {.ret = move_brk(brk_base)};
        if (write_all(fd, &r, sizeof(r)) != 0)
            _exit(0);
    }

    for (;;) {
        lw_cmd c;
        if (read_all(fd, &c, sizeof(c), -1) != 0)
            _exit(0);
        lw_reply r = {0};
        int code = 0;
        switch (c.op) {
        case LW_MMAP: r.ret = do_mmap(&c); break;
        case LW_MUNMAP: r.ret = sys_result(munmap((void *)c.a, c.b)); break;
        case LW_MPROTECT: r.ret = sys_result(mprotect((void *)c.a, c.b, c.prot)); break;
        case LW_MADVISE: r.ret = sys_result(madvise((void *)c.a, c.b, c.flags)); break;
        case LW_MSYNC: r.ret = sys_result(msync((void *)c.a, c.b, MS_SYNC)); break;
        case LW_MREMAP: {
            void *p = mremap((void *)c.a, c.b, c.c, c.flags, (void *)c.d);
            r.ret = p == MAP_FAILED ? -(int64_t)errno : (int64_t)(uintptr_t)p;
            break;
        }
        case LW_BRK: r.ret = syscall(SYS_brk, c.a); break; /* raw: returns the new break */
        case LW_LOAD:
            r.sig = try_load(c.a, c.size, &r.value, &code);
            r.code = code;
            break;
        case LW_STORE:
            r.sig = try_store(c.a, c.size, c.c, &code);
            r.code = code;
            break;
        case LW_EXEC: lw_exec(c.a, c.size, &r); break;
        case LW_FORK: do_fork(&fd, &r); continue; /* replied (parent) or now serving (child) */
        case LW_EXIT: _exit(0);
        default: r.ret = -EINVAL; break;
        }
        if (write_all(fd, &r, sizeof(r)) != 0)
            _exit(0);
    }
}

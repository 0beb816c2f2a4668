// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Kernel-level scenario ops (docs/scenario.md, "Kernel level"): each parses its line, calls
 * the kernel model, and writes its result exactly as an "=> EXPECTED" would be written.
 *
 * `maps PID LO HI` shows only the areas meeting [LO, HI), devices and inodes as 00:00 0
 * (the normalised form of the Linux differential tester, linuxrun).
 * spawn and fork give `ok`, or -ENOMEM when memory (with swap) is exhausted, or -EAGAIN
 * when all 4,095 PCIDs are in use (the model's limit on live processes).
 * Extensions, for tests that check one area, a counter or an entry at a time:
 *   vma PID ADDR    => the /proc/PID/maps line of the area holding ADDR, or "none"
 *   nvma PID        => the number of areas
 *   smaps PID ADDR  => "AnonHugePages N kB" of the area holding ADDR (and "Hugetlb N kB"
 *                      for a MAP_HUGETLB area), or -EFAULT
 * A load whose value differs from the shadow memory is reported as FILE:LINE and fails
 * the run (as a failed expectation does), whatever the line expects.
 */
#include "scenario/scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"

static struct kernel_opts kopts = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = KMEM_SIZE_DEFAULT, .swap_size = KSWAP_SIZE_DEFAULT};
void scn_kernel_configure(uint64_t mem_size, uint64_t swap_size, const char *swap_path)
{
    kopts.mem_size = mem_size;
    kopts.swap_size = swap_size;
    kopts.swap_path = swap_path;
}

void scn_kernel_configure_huge(enum kthp thp, uint64_t nr_hugepages)
{
    kopts.thp = thp;
    kopts.nr_hugepages = nr_hugepages;
}

struct kernel *scn_kernel_of(scn_ctx *c) { return c->k; }

/* The runner does not know the kernel; its host memory is released at exit. */
static struct kernel *live_kernel;
static void release_at_exit(void) { kernel_free_host(live_kernel); }

void scn_kernel_end(scn_ctx *c)
{
    if (c->k == live_kernel)
        live_kernel = NULL;
    kernel_free(c->k);
    c->k = NULL;
}

/* A failed swap file ends the run at the line where it happened (exit 2, as for any
 * output that cannot be written). */
static int after_kernel_op(scn_ctx *c, const scn_line *l)
{
    const char *e = k_host_error(c->k);
    if (!e)
        return 0;
    scn_error(l, "%s", e);
    return -1;
}

static struct kernel *get_kernel(scn_ctx *c, const scn_line *l)
{
    if (c->k)
        return c->k;
    struct kernel_opts o = kopts;
    const char *inj = getenv("OPENMMU_KERNEL_INJECT");
    if (inj && *inj && !kernel_parse_inject(inj, &o.inject)) {
        scn_error(l, "OPENMMU_KERNEL_INJECT: unknown bug '%s' (known: skip-invlpg-mprotect, cow-wrong-frame, skip-dirty-check, skip-invlpg-reclaim)", inj);
        return NULL;
    }
    char err[160];
    c->k = kernel_new(c->be, &o, err, sizeof err);
    if (!c->k) {
        scn_error(l, "%s", err);
        return NULL;
    }
    if (!live_kernel)
        atexit(release_at_exit);
    live_kernel = c->k;
    c->after_op = after_kernel_op;
    return c->k;
}

static const char *errno_name(int e)
{
    switch (e) {
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    case EEXIST: return "EEXIST";
    case EFAULT: return "EFAULT";
    case EPERM: return "EPERM";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EAGAIN: return "EAGAIN";
    case EOVERFLOW: return "EOVERFLOW";
    case ENOENT: return "ENOENT";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EIO: return "EIO";
    case ELIBBAD: return "ELIBBAD";
    default: return "EUNKNOWN";
    }
}

static void put_ret(char *res, size_t n, int64_t r, bool hex)
{
    if (r < 0 && r >= -4095)
        snprintf(res, n, "-%s", errno_name((int)-r));
    else if (hex)
        snprintf(res, n, "0x%llx", (unsigned long long)r);
    else
        snprintf(res, n, "%lld", (long long)r);
}

static bool arg_pid(const scn_line *l, int i, int *pid)
{
    uint64_t v;
    if (!scn_arg_u64(l, i, "PID", &v))
        return false;
    if (v > 0x7fffffff) {
        scn_error(l, "%s: PID %llu out of range", l->argv[0], (unsigned long long)v);
        return false;
    }
    *pid = (int)v;
    return true;
}

/* Resolves a PID that must exist (or must not, for spawn/fork's new one). */
static struct kernel *kpid(scn_ctx *c, const scn_line *l, int i, int *pid)
{
    struct kernel *k = get_kernel(c, l);
    if (!k || !arg_pid(l, i, pid))
        return NULL;
    return k;
}

/* An unknown PID is bad input -- unless the OOM killer took it: then the result is
 * `killed`, and the run goes on. */
static int no_such(scn_ctx *c, const scn_line *l, int pid, char *res, size_t n)
{
    if (c->k && k_was_killed(c->k, pid)) {
        snprintf(res, n, "killed");
        return 0;
    }
    scn_error(l, "%s: no process %d", l->argv[0], pid);
    return -1;
}

static int op_spawn(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    if (!scn_argc(l, 2, 2, "PID") || !(k = kpid(c, l, 1, &pid)))
        return -1;
    int r = k_spawn(k, pid);
    if (r == -EEXIST) {
        scn_error(l, "spawn: process %d exists", pid);
        return -1;
    }
    /* A resource limit is an answer, not bad input: -ENOMEM as Linux's fork gives it, and
     * -EAGAIN once every PCID is in use (the model's process limit: 4,095 at once). */
    if (r < 0) {
        put_ret(res, n, r, false);
        return 0;
    }
    snprintf(res, n, "ok");
    return 0;
}

static int op_fork(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int parent, child;
    struct kernel *k;
    if (!scn_argc(l, 3, 3, "PARENT CHILD") || !(k = kpid(c, l, 1, &parent)) || !arg_pid(l, 2, &child))
        return -1;
    int r = k_fork(k, parent, child);
    if (r == -ESRCH)
        return no_such(c, l, parent, res, n);
    if (r == -EEXIST) {
        scn_error(l, "fork: process %d exists", child);
        return -1;
    }
    if (r < 0) { /* -ENOMEM, -EAGAIN: as for spawn */
        put_ret(res, n, r, false);
        return 0;
    }
    snprintf(res, n, "ok");
    return 0;
}

static int op_exit(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    if (!scn_argc(l, 2, 2, "PID") || !(k = kpid(c, l, 1, &pid)))
        return -1;
    if (k_exit(k, pid) < 0)
        return no_such(c, l, pid, res, n);
    snprintf(res, n, "ok");
    return 0;
}

static int op_file(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    struct kernel *k = get_kernel(c, l);
    uint64_t size, arg = 0;
    int how = KFILE_FILL;
    if (!k || !scn_argc(l, 3, 5, "NAME SIZE [fill BYTE|seed N]") || !scn_arg_u64(l, 2, "SIZE", &size))
        return -1;
    if (strlen(l->argv[1]) > 255) { /* NAME_MAX, and what a maps line shows in full */
        scn_error(l, "file: NAME is longer than 255 characters");
        return -1;
    }
    if (l->argc == 4) {
        scn_error(l, "file: '%s' needs a value (fill BYTE or seed N)", l->argv[3]);
        return -1;
    }
    if (l->argc == 5) {
        if (strcmp(l->argv[3], "fill") == 0) {
            if (!scn_arg_u64(l, 4, "BYTE", &arg))
                return -1;
            if (arg > 255) {
                scn_error(l, "file: fill byte %llu is over 255", (unsigned long long)arg);
                return -1;
            }
        } else if (strcmp(l->argv[3], "seed") == 0) {
            how = KFILE_SEED;
            if (!scn_arg_u64(l, 4, "N", &arg))
                return -1;
        } else {
            scn_error(l, "file: expected 'fill' or 'seed', got '%s'", l->argv[3]);
            return -1;
        }
    }
    int r = k_file(k, l->argv[1], size, how, arg);
    if (r == -EEXIST) {
        scn_error(l, "file: '%s' exists", l->argv[1]);
        return -1;
    }
    if (r < 0) {
        scn_error(l, "file: size %llu too large (at most 1 GiB)", (unsigned long long)size);
        return -1;
    }
    snprintf(res, n, "ok");
    return 0;
}

static bool parse_prot(const scn_line *l, const char *s, unsigned *prot)
{
    if (strlen(s) != 3 || (s[0] != 'r' && s[0] != '-') || (s[1] != 'w' && s[1] != '-') ||
        (s[2] != 'x' && s[2] != '-')) {
        scn_error(l, "%s: bad PROT '%s' (three of r w x or -, e.g. rw-)", l->argv[0], s);
        return false;
    }
    *prot = (s[0] == 'r' ? KPROT_READ : 0) | (s[1] == 'w' ? KPROT_WRITE : 0) | (s[2] == 'x' ? KPROT_EXEC : 0);
    return true;
}

static bool parse_flags(const scn_line *l, const char *s, unsigned *flags)
{
    static const struct { const char *name; unsigned bit; } names[] = {
        {"private", KMAP_PRIVATE}, {"shared", KMAP_SHARED}, {"anon", KMAP_ANON},
        {"fixed", KMAP_FIXED}, {"noreplace", KMAP_NOREPLACE}, {"populate", KMAP_POPULATE},
        {"hugetlb", KMAP_HUGETLB},
    };
    char buf[128];
    *flags = 0;
    if (strlen(s) >= sizeof buf) {
        scn_error(l, "mmap: FLAGS too long");
        return false;
    }
    strcpy(buf, s);
    for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        size_t i = 0;
        while (i < sizeof names / sizeof names[0] && strcmp(names[i].name, t) != 0)
            i++;
        if (i == sizeof names / sizeof names[0]) {
            scn_error(l, "mmap: unknown flag '%s' (private, shared, anon, fixed, noreplace, populate, hugetlb)", t);
            return false;
        }
        *flags |= names[i].bit;
    }
    return true;
}

static int op_mmap(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    uint64_t addr, len, off = 0;
    unsigned prot, flags;
    if (!scn_argc(l, 6, 8, "PID ADDR LEN PROT FLAGS [FILE OFF]") || !(k = kpid(c, l, 1, &pid)) ||
        !scn_arg_u64(l, 2, "ADDR", &addr) || !scn_arg_u64(l, 3, "LEN", &len) || !parse_prot(l, l->argv[4], &prot) ||
        !parse_flags(l, l->argv[5], &flags))
        return -1;
    const char *file = NULL;
    if ((flags & KMAP_HUGETLB) && (flags & (KMAP_SHARED | KMAP_PRIVATE | KMAP_ANON)) != (KMAP_PRIVATE | KMAP_ANON)) {
        scn_error(l, "mmap: hugetlb is modelled for private,anon mappings only");
        return -1;
    }
    if (flags & KMAP_ANON) {
        if (l->argc > 6) {
            scn_error(l, "mmap: an anon mapping takes no FILE");
            return -1;
        }
    } else {
        if (l->argc != 8) {
            scn_error(l, "mmap: a file mapping needs FILE OFF (or the flag anon)");
            return -1;
        }
        file = l->argv[6];
        if (!scn_arg_u64(l, 7, "OFF", &off))
            return -1;
        if (!k_file_exists(k, file)) {
            scn_error(l, "mmap: no file '%s'", file);
            return -1;
        }
    }
    int64_t r = k_mmap(k, pid, addr, len, prot, flags, file, off);
    if (r == -ESRCH)
        return no_such(c, l, pid, res, n);
    put_ret(res, n, r, true);
    return 0;
}

/* munmap, mprotect, madvise, msync: PID ADDR LEN ... => 0 | -ERRNO */
static int op_range(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    const char *op = l->argv[0];
    bool mprot = strcmp(op, "mprotect") == 0, madv = strcmp(op, "madvise") == 0;
    int pid;
    struct kernel *k;
    uint64_t addr, len;
    int want = mprot || madv ? 5 : 4;
    if (!scn_argc(l, want, want,
                  mprot  ? "PID ADDR LEN PROT"
                  : madv ? "PID ADDR LEN dontneed|hugepage|nohugepage"
                         : "PID ADDR LEN") ||
        !(k = kpid(c, l, 1, &pid)) || !scn_arg_u64(l, 2, "ADDR", &addr) || !scn_arg_u64(l, 3, "LEN", &len))
        return -1;
    int64_t r;
    if (mprot) {
        unsigned prot;
        if (!parse_prot(l, l->argv[4], &prot))
            return -1;
        r = k_mprotect(k, pid, addr, len, prot);
    } else if (madv) {
        const char *adv = l->argv[4];
        if (strcmp(adv, "dontneed") == 0) {
            r = k_madvise_dontneed(k, pid, addr, len);
        } else if (strcmp(adv, "hugepage") == 0 || strcmp(adv, "nohugepage") == 0) {
            r = k_madvise_hugepage(k, pid, addr, len, adv[0] == 'h');
        } else {
            scn_error(l, "madvise: unknown advice '%s' (dontneed, hugepage, nohugepage)", adv);
            return -1;
        }
    } else if (strcmp(op, "munmap") == 0) {
        r = k_munmap(k, pid, addr, len);
    } else {
        r = k_msync(k, pid, addr, len);
    }
    if (r == -ESRCH)
        return no_such(c, l, pid, res, n);
    put_ret(res, n, r, false);
    return 0;
}

static int op_brk(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    uint64_t addr;
    if (!scn_argc(l, 3, 3, "PID ADDR") || !(k = kpid(c, l, 1, &pid)) || !scn_arg_u64(l, 2, "ADDR", &addr))
        return -1;
    int64_t r = k_brk(k, pid, addr);
    if (r == -ESRCH)
        return no_such(c, l, pid, res, n);
    put_ret(res, n, r, true);
    return 0;
}

static int op_mremap(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    uint64_t old, oldlen, newlen;
    if (!scn_argc(l, 5, 6, "PID OLD OLDLEN NEWLEN [maymove]") || !(k = kpid(c, l, 1, &pid)) ||
        !scn_arg_u64(l, 2, "OLD", &old) || !scn_arg_u64(l, 3, "OLDLEN", &oldlen) ||
        !scn_arg_u64(l, 4, "NEWLEN", &newlen))
        return -1;
    if (l->argc == 6 && strcmp(l->argv[5], "maymove") != 0) {
        scn_error(l, "mremap: unknown flag '%s' (maymove)", l->argv[5]);
        return -1;
    }
    int64_t r = k_mremap(k, pid, old, oldlen, newlen, l->argc == 6);
    if (r == -ESRCH)
        return no_such(c, l, pid, res, n);
    put_ret(res, n, r, true);
    return 0;
}

/* execve PID FILE [ARG...] [-- ENV...] => entry ENTRY sp SP | -ERRNO | killed
 * argv[0] is FILE as written; the environment is what follows "--" (nothing without it). */
static int op_execve(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    if (!scn_argc(l, 3, SCN_MAX_ARGS, "PID FILE [ARG...] [-- ENV...]") || !(k = kpid(c, l, 1, &pid)))
        return -1;
    char *argv[SCN_MAX_ARGS + 1], *envp[SCN_MAX_ARGS + 1];
    int argc, envc;
    scn_exec_args(l, 2, argv, &argc, envp, &envc);
    uint64_t entry, sp;
    int why;
    int r = k_execve(k, pid, l->argv[2], argc, (const char *const *)argv, envc, (const char *const *)envp, &entry, &sp, &why);
    if (r == -ESRCH)
        return no_such(c, l, pid, res, n);
    if (r == KEXEC_KILLED)
        snprintf(res, n, "killed");
    else if (r < 0)
        put_ret(res, n, r, false);
    else
        snprintf(res, n, "entry 0x%llx sp 0x%llx", (unsigned long long)entry, (unsigned long long)sp);
    return 0;
}

static int put_acc(const scn_line *l, kacc a, char *res, size_t n)
{
    switch (a) {
    case KA_OK: return 0;
    case KA_SEGV_MAPERR: snprintf(res, n, "SIGSEGV MAPERR"); return 0;
    case KA_SEGV_ACCERR: snprintf(res, n, "SIGSEGV ACCERR"); return 0;
    case KA_SEGV_KERNEL: snprintf(res, n, "SIGSEGV SI_KERNEL"); return 0;
    case KA_BUS: snprintf(res, n, "SIGBUS"); return 0;
    case KA_NOPROC: return -1;
    case KA_KILLED: snprintf(res, n, "killed"); return 0;
    default:
        scn_error(l, "%s: the kernel model could not complete the access (out of physical memory, or a "
                     "fault it cannot resolve)", l->argv[0]);
        return -1;
    }
}

/* Loads and stores are single x86 instructions (1, 2, 4 or 8 bytes, as linuxrun runs
 * them on Linux); a fetch is a run of instruction bytes, 1 to 8. */
static bool arg_size(const scn_line *l, int i, unsigned *size)
{
    uint64_t s;
    bool fetch = strcmp(l->argv[0], "exec") == 0;
    if (!scn_arg_u64(l, i, "SIZE", &s))
        return false;
    if (s < 1 || s > 8 || (!fetch && (s & (s - 1)))) {
        scn_error(l, "%s: SIZE %llu is not %s", l->argv[0], (unsigned long long)s, fetch ? "1..8" : "1, 2, 4 or 8");
        return false;
    }
    *size = (unsigned)s;
    return true;
}

static int op_load(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    bool exec = strcmp(l->argv[0], "exec") == 0;
    int pid;
    struct kernel *k;
    uint64_t va, val, expect;
    unsigned size = 1;
    bool bad;
    if (!scn_argc(l, exec ? 3 : 4, 4, exec ? "PID VA [SIZE]" : "PID VA SIZE") || !(k = kpid(c, l, 1, &pid)) ||
        !scn_arg_u64(l, 2, "VA", &va) || (l->argc == 4 && !arg_size(l, 3, &size)))
        return -1;
    kacc a = k_load(k, pid, va, size, exec ? ACC_X : ACC_R, &val, &bad, &expect);
    if (a == KA_NOPROC)
        return no_such(c, l, pid, res, n);
    if (put_acc(l, a, res, n) < 0)
        return -1;
    if (a == KA_OK) {
        snprintf(res, n, "0x%llx", (unsigned long long)val);
        if (bad) {
            scn_error(l, "shadow memory: %s at 0x%llx read 0x%llx, but the process stored 0x%llx (lost or "
                         "wrong bytes: a kernel-model or MMU bug)",
                      l->argv[0], (unsigned long long)va, (unsigned long long)val, (unsigned long long)expect);
            c->mismatches++;
            c->shadow_bad++;
        }
    }
    return 0;
}

static int op_store(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    uint64_t va, val;
    unsigned size;
    if (!scn_argc(l, 5, 5, "PID VA SIZE VALUE") || !(k = kpid(c, l, 1, &pid)) || !scn_arg_u64(l, 2, "VA", &va) ||
        !arg_size(l, 3, &size) || !scn_arg_u64(l, 4, "VALUE", &val))
        return -1;
    if (size < 8 && (val >> (8 * size))) {
        scn_error(l, "store: VALUE 0x%llx does not fit in %u bytes", (unsigned long long)val, size);
        return -1;
    }
    kacc a = k_store(k, pid, va, size, val);
    if (a == KA_NOPROC)
        return no_such(c, l, pid, res, n);
    if (put_acc(l, a, res, n) < 0)
        return -1;
    if (a == KA_OK)
        snprintf(res, n, "ok");
    return 0;
}

static int op_maps(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    int pid;
    struct kernel *k;
    uint64_t lo = 0, hi = 0;
    if (!scn_argc(l, 2, 4, "PID [LO HI]") || !(k = kpid(c, l, 1, &pid)))
        return -1;
    if (l->argc == 3) {
        scn_error(l, "maps: LO without HI");
        return -1;
    }
    if (l->argc == 4 && (!scn_arg_u64(l, 2, "LO", &lo) || !scn_arg_u64(l, 3, "HI", &hi)))
        return -1;
    int64_t r = l->argc == 4 ? k_maps_range(k, pid, lo, hi, res, n) : k_maps(k, pid, res, n);
    if (r == -ESRCH)
        return no_such(c, l, pid, res, n);
    if ((uint64_t)r >= n) { /* more than the runner's buffer: a result of its own size */
        c->big_res = malloc((size_t)r + 1);
        if (!c->big_res) {
            scn_error(l, "maps: out of host memory for %lld bytes of result", (long long)r);
            return -1;
        }
        if (l->argc == 4)
            k_maps_range(k, pid, lo, hi, c->big_res, (size_t)r + 1);
        else
            k_maps(k, pid, c->big_res, (size_t)r + 1);
    }
    *ml = true;
    return 0;
}

static int op_vma(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    uint64_t addr = 0;
    bool count = strcmp(l->argv[0], "nvma") == 0;
    if (!scn_argc(l, count ? 2 : 3, count ? 2 : 3, count ? "PID" : "PID ADDR") || !(k = kpid(c, l, 1, &pid)) ||
        (!count && !scn_arg_u64(l, 2, "ADDR", &addr)))
        return -1;
    if (count) {
        int64_t nv = k_nvma(k, pid);
        if (nv == -ESRCH)
            return no_such(c, l, pid, res, n);
        snprintf(res, n, "%lld", (long long)nv);
        return 0;
    }
    if (k_vma_line(k, pid, addr, res, n) == -ESRCH)
        return no_such(c, l, pid, res, n);
    return 0;
}

/* reclaim N => pages reclaimed: the clock run by hand (as if kswapd woke). */
static int op_reclaim(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    struct kernel *k = get_kernel(c, l);
    uint64_t want;
    if (!k || !scn_argc(l, 2, 2, "N") || !scn_arg_u64(l, 1, "N", &want))
        return -1;
    snprintf(res, n, "%llu", (unsigned long long)k_reclaim(k, want));
    return 0;
}

/* kstat NAME => the kernel counter NAME (as --stats prints it, without "kernel_"). */
static int op_kstat(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    struct kernel *k = get_kernel(c, l);
    if (!k || !scn_argc(l, 2, 2, "NAME"))
        return -1;
    struct kernel_stats s;
    kernel_stats(k, &s);
    static const char *const names[] = {"faults", "major", "minor", "scanned", "referenced", "reclaimed",
                                        "swapout", "fileout", "swapin", "oom_kills", "free_pages", "pte_reads",
                                        "shadow_visits", "anon_huge_kb", "thp_fault_alloc",
                                        "thp_fault_fallback", "thp_split_pmd", "hugepages_total",
                                        "hugepages_free", "hugepages_rsvd", "cow_copies", "cow_reuse"};
    const uint64_t vals[] = {s.faults, s.major, s.minor, s.scanned, s.referenced, s.reclaimed,
                             s.swapout, s.fileout, s.swapin, s.oom_kills, s.free_pages, s.pte_reads,
                             s.shadow_visits, s.anon_huge_kb, s.thp_fault_alloc,
                             s.thp_fault_fallback, s.thp_split_pmd, s.hugepages_total,
                             s.hugepages_free, s.hugepages_rsvd, s.cow_copies, s.cow_reuse};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(l->argv[1], names[i]) == 0) {
            snprintf(res, n, "%llu", (unsigned long long)vals[i]);
            return 0;
        }
    scn_error(l, "kstat: unknown counter '%s'", l->argv[1]);
    return -1;
}

/* pte PID VA => what the page-table entry holds, read as the kernel reads it:
 * "none", "swap", "protnone", or the set bits among "P RW A D NX" (space-separated). */
static int op_pte(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    uint64_t va, pte;
    if (!scn_argc(l, 3, 3, "PID VA") || !(k = kpid(c, l, 1, &pid)) || !scn_arg_u64(l, 2, "VA", &va))
        return -1;
    if (k_pte(k, pid, va, &pte) < 0)
        return no_such(c, l, pid, res, n);
    if (!(pte & PTE_P)) {
        snprintf(res, n, "%s", pte == 0 ? "none" : (pte & (1ull << 9)) ? "protnone" : "swap");
        return 0;
    }
    snprintf(res, n, "P%s%s%s%s%s", (pte & PTE_RW) ? " RW" : "", (pte & PTE_A) ? " A" : "", (pte & PTE_D) ? " D" : "",
             (pte & PTE_XD) ? " NX" : "", (pte & PTE_PS) ? " PS" : "");
    return 0;
}

/* smaps PID ADDR => "AnonHugePages N kB" (and "Hugetlb N kB" for a hugetlb area): the
 * area holding ADDR, as its /proc/PID/smaps fields; -EFAULT if no area holds it. */
static int op_smaps(scn_ctx *c, const scn_line *l, char *res, size_t n, bool *ml)
{
    (void)ml;
    int pid;
    struct kernel *k;
    uint64_t addr, anon, hugetlb;
    if (!scn_argc(l, 3, 3, "PID ADDR") || !(k = kpid(c, l, 1, &pid)) || !scn_arg_u64(l, 2, "ADDR", &addr))
        return -1;
    int r = k_smaps(k, pid, addr, &anon, &hugetlb);
    if (r == -ESRCH)
        return no_such(c, l, pid, res, n);
    if (r < 0)
        put_ret(res, n, r, false);
    else if (hugetlb)
        snprintf(res, n, "AnonHugePages %llu kB Hugetlb %llu kB", (unsigned long long)(anon >> 10),
                 (unsigned long long)(hugetlb >> 10));
    else
        snprintf(res, n, "AnonHugePages %llu kB", (unsigned long long)(anon >> 10));
    return 0;
}

const scn_op scn_kernel_ops[] = {
    {"reclaim", op_reclaim}, {"kstat", op_kstat},   {"pte", op_pte},
    {"spawn", op_spawn},   {"fork", op_fork},         {"exit", op_exit},       {"file", op_file},
    {"mmap", op_mmap},     {"munmap", op_range},      {"mprotect", op_range},  {"madvise", op_range},
    {"msync", op_range},   {"brk", op_brk},           {"mremap", op_mremap},   {"load", op_load},
    {"exec", op_load},     {"store", op_store},       {"maps", op_maps},       {"vma", op_vma},
    {"nvma", op_vma},      {"execve", op_execve},    {"smaps", op_smaps},     {NULL, NULL},
};

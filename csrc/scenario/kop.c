// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel-level ops: their one table, their one parser, and the spelling of their
 * results (kop.h). */
#include "kop.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    scn_kop_kind kind;
    int min, max; /* operands, the op name included */
    const char *usage;
} ops[] = {
    {"spawn", SCN_K_SPAWN, 2, 2, "PID"},
    {"fork", SCN_K_FORK, 3, 3, "PARENT CHILD"},
    {"exit", SCN_K_EXIT, 2, 2, "PID"},
    {"file", SCN_K_FILE, 3, 5, "NAME SIZE [fill BYTE|seed N]"},
    {"mmap", SCN_K_MMAP, 6, 8, "PID ADDR LEN PROT FLAGS [FILE OFF]"},
    {"munmap", SCN_K_MUNMAP, 4, 4, "PID ADDR LEN"},
    {"mprotect", SCN_K_MPROTECT, 5, 5, "PID ADDR LEN PROT"},
    {"madvise", SCN_K_MADVISE, 5, 5, "PID ADDR LEN dontneed|hugepage|nohugepage"},
    {"msync", SCN_K_MSYNC, 4, 4, "PID ADDR LEN"},
    {"brk", SCN_K_BRK, 3, 3, "PID ADDR"},
    {"mremap", SCN_K_MREMAP, 5, 9, SCN_MREMAP_USAGE},
    {"load", SCN_K_LOAD, 4, 4, "PID VA SIZE"},
    {"exec", SCN_K_EXEC, 3, 4, "PID VA [SIZE]"},
    {"store", SCN_K_STORE, 5, 5, "PID VA SIZE VALUE"},
    {"maps", SCN_K_MAPS, 2, 4, "PID [LO HI]"},
    {"execve", SCN_K_EXECVE, 3, SCN_MAX_ARGS, "PID FILE [ARG...] [-- ENV...]"},
    {"smaps", SCN_K_SMAPS, 3, 3, "PID ADDR"},
    {"rss", SCN_K_RSS, 3, 3, "PID ADDR"},
    {"vma", SCN_K_VMA, 3, 3, "PID ADDR"},
    {"nvma", SCN_K_NVMA, 2, 2, "PID"},
    {"reclaim", SCN_K_RECLAIM, 2, 2, "N"},
    {"kstat", SCN_K_KSTAT, 2, 2, "NAME"},
    {"pte", SCN_K_PTE, 3, 3, "PID VA"},
    {"sysctl", SCN_K_SYSCTL, 3, 3, "NAME VALUE"},
    {"kload", SCN_K_KLOAD, 4, 4, "PID VA SIZE"},
    {"kstore", SCN_K_KSTORE, 5, 5, "PID VA SIZE VALUE"},
    {"kset", SCN_K_KSET, 4, 4, "VA LEN none|ro|rw"},
    {"memcg", SCN_K_MEMCG, 3, 4, "create NAME MAX | max NAME MAX | attach NAME PID | remove NAME | stat NAME KEY"},
};
#define NOPS (sizeof ops / sizeof ops[0])

/* the model's memory cgroup counters, in the order of the values csrc/kernel/memcontrol.c's
 * k_memcg_stat gives; linuxrun compares a few of them (csrc/linuxdiff/cgroup.c) */
const char *const scn_memcg_keys[] = {"current", "max", "events.max", "events.oom", "events.oom_kill",
                                      "anon", "file", "pgfault", "pgmajfault", "procs", NULL};
_Static_assert(sizeof scn_memcg_keys / sizeof scn_memcg_keys[0] == SCN_MEMCG_NKEYS + 1, "SCN_MEMCG_NKEYS");

const char *const scn_map_flag_names[] = {"private", "shared", "anon", "fixed", "noreplace", "populate", "hugetlb", NULL};

int scn_kop_find(const char *name)
{
    for (size_t i = 0; i < NOPS; i++)
        if (strcmp(ops[i].name, name) == 0)
            return (int)ops[i].kind;
    return -1;
}

unsigned scn_bits_map(unsigned bits, const unsigned *to, size_t n)
{
    unsigned out = 0;
    for (size_t i = 0; i < n; i++)
        if (bits & (1u << i))
            out |= to[i];
    return out;
}

bool scn_kop_is_extension(scn_kop_kind kind) { return kind >= SCN_K_VMA; }

static size_t row_of(scn_kop_kind kind)
{
    size_t i = 0;
    while (ops[i].kind != kind)
        i++;
    return i;
}

static bool arg_pid(const scn_line *l, int i, const char *field, int *pid)
{
    uint64_t v;
    if (!scn_arg_u64(l, i, field, &v))
        return false;
    if (v > 0x7fffffff) {
        scn_error(l, "%s: %s %llu out of range", l->argv[0], field, (unsigned long long)v);
        return false;
    }
    *pid = (int)v;
    return true;
}

static bool parse_prot(const scn_line *l, const char *s, unsigned *prot)
{
    if (strlen(s) != 3 || (s[0] != 'r' && s[0] != '-') || (s[1] != 'w' && s[1] != '-') ||
        (s[2] != 'x' && s[2] != '-')) {
        scn_error(l, "%s: bad PROT '%s' (three of r w x or -, e.g. rw-)", l->argv[0], s);
        return false;
    }
    *prot = (s[0] == 'r' ? SCN_PROT_R : 0) | (s[1] == 'w' ? SCN_PROT_W : 0) | (s[2] == 'x' ? SCN_PROT_X : 0);
    return true;
}

/* A comma-separated list of names from table (bit i for name i); no empty name. */
static bool parse_flags(const scn_line *l, const char *s, const char *const *table, unsigned *flags)
{
    const char *whole = s;
    *flags = 0;
    for (;;) {
        size_t w = strcspn(s, ",");
        size_t i = 0;
        while (table[i] && (strlen(table[i]) != w || strncmp(table[i], s, w) != 0))
            i++;
        if (!table[i]) {
            char known[160];
            size_t k = 0;
            known[0] = '\0';
            for (size_t j = 0; table[j]; j++)
                k += (size_t)snprintf(known + k, sizeof known - k, "%s%s", j ? ", " : "", table[j]);
            if (w == 0)
                scn_error(l, "%s: empty flag in '%s' (%s)", l->argv[0], whole, known);
            else
                scn_error(l, "%s: unknown flag '%.*s' (%s)", l->argv[0], (int)w, s, known);
            return false;
        }
        *flags |= 1u << i;
        if (s[w] == '\0')
            return true;
        s += w + 1;
    }
}

static bool parse_size(const scn_line *l, int i, bool fetch, unsigned *size)
{
    uint64_t s;
    if (!scn_arg_u64(l, i, "SIZE", &s))
        return false;
    /* Loads and stores are single x86 instructions; a fetch is a run of instruction
     * bytes. */
    if (s < 1 || s > 8 || (!fetch && (s & (s - 1)))) {
        scn_error(l, "%s: SIZE %llu is not %s", l->argv[0], (unsigned long long)s, fetch ? "1..8" : "1, 2, 4 or 8");
        return false;
    }
    *size = (unsigned)s;
    return true;
}

static bool parse_file(const scn_line *l, scn_kop *op)
{
    op->file = l->argv[1];
    if (strlen(op->file) > 255) { /* NAME_MAX, and what a maps line shows in full */
        scn_error(l, "file: NAME is longer than 255 characters");
        return false;
    }
    if (!scn_arg_u64(l, 2, "SIZE", &op->len))
        return false;
    op->fill = SCN_FILL_BYTE;
    if (l->argc == 4) {
        scn_error(l, "file: '%s' needs a value (fill BYTE or seed N)", l->argv[3]);
        return false;
    }
    if (l->argc < 5)
        return true;
    if (strcmp(l->argv[3], "fill") == 0) {
        if (!scn_arg_u64(l, 4, "BYTE", &op->value))
            return false;
        if (op->value > 255) {
            scn_error(l, "file: fill byte %llu is over 255", (unsigned long long)op->value);
            return false;
        }
        return true;
    }
    if (strcmp(l->argv[3], "seed") == 0) {
        op->fill = SCN_FILL_SEED;
        return scn_arg_u64(l, 4, "N", &op->value);
    }
    scn_error(l, "file: expected 'fill' or 'seed', got '%s'", l->argv[3]);
    return false;
}

static bool parse_mmap(const scn_line *l, scn_kop *op)
{
    if (!scn_arg_u64(l, 2, "ADDR", &op->addr) || !scn_arg_u64(l, 3, "LEN", &op->len) ||
        !parse_prot(l, l->argv[4], &op->prot) || !parse_flags(l, l->argv[5], scn_map_flag_names, &op->flags))
        return false;
    if (op->flags & SCN_MAP_ANON) {
        if (l->argc > 6) {
            scn_error(l, "mmap: an anon mapping takes no FILE");
            return false;
        }
        return true;
    }
    if (l->argc != 8) {
        scn_error(l, "mmap: a file mapping needs FILE OFF (or the flag anon)");
        return false;
    }
    op->file = l->argv[6];
    return scn_arg_u64(l, 7, "OFF", &op->off);
}

/* memcg VERB NAME [ARG]: a group's NAME is a cgroup directory's (letters, digits, '_',
 * '.', '-'; "/" is the root, which only attach names); MAX is bytes or `max`. */
static bool parse_memcg(const scn_line *l, scn_kop *op)
{
    static const struct {
        const char *verb;
        scn_memcg_verb v;
        int argc;
    } verbs[] = {{"create", SCN_MEMCG_CREATE, 4}, {"max", SCN_MEMCG_MAX, 4}, {"attach", SCN_MEMCG_ATTACH, 4},
                 {"remove", SCN_MEMCG_REMOVE, 3}, {"stat", SCN_MEMCG_STAT, 4}};
    size_t i = 0;
    while (i < sizeof verbs / sizeof verbs[0] && strcmp(verbs[i].verb, l->argv[1]) != 0)
        i++;
    if (i == sizeof verbs / sizeof verbs[0]) {
        scn_error(l, "memcg: unknown verb '%s' (create, max, attach, remove, stat)", l->argv[1]);
        return false;
    }
    op->verb = verbs[i].v;
    if (l->argc != verbs[i].argc) {
        scn_error(l, "memcg %s: expected %s", verbs[i].verb,
                  verbs[i].argc == 3 ? "NAME" : op->verb == SCN_MEMCG_ATTACH ? "NAME PID"
                                            : op->verb == SCN_MEMCG_STAT   ? "NAME KEY"
                                                                           : "NAME MAX");
        return false;
    }
    const char *name = op->file = l->argv[2];
    bool root = strcmp(name, "/") == 0;
    size_t n = strlen(name);
    bool ok = n >= 1 && n <= 64 && strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n &&
              strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
    if (root ? op->verb != SCN_MEMCG_ATTACH : !ok) {
        scn_error(l, root ? "memcg %s: the root group '/' has no memory.max and cannot be made or removed"
                          : "memcg %s: bad group NAME '%s' (1 to 64 of letters, digits, '_', '.', '-')",
                  verbs[i].verb, name);
        return false;
    }
    switch (op->verb) {
    case SCN_MEMCG_CREATE:
    case SCN_MEMCG_MAX:
        if (strcmp(l->argv[3], "max") == 0) {
            op->value = SCN_MEMCG_UNLIMITED;
            return true;
        }
        return scn_arg_u64(l, 3, "MAX", &op->value);
    case SCN_MEMCG_ATTACH:
        return arg_pid(l, 3, "PID", &op->pid);
    case SCN_MEMCG_STAT:
        op->key = l->argv[3];
        for (size_t k = 0; scn_memcg_keys[k]; k++)
            if (strcmp(op->key, scn_memcg_keys[k]) == 0)
                return true;
        char known[200];
        size_t w = 0;
        known[0] = '\0';
        for (size_t k = 0; scn_memcg_keys[k] && w < sizeof known; k++)
            w += (size_t)snprintf(known + w, sizeof known - w, "%s%s", k ? ", " : "", scn_memcg_keys[k]);
        scn_error(l, "memcg stat: unknown KEY '%s' (%s)", op->key, known);
        return false;
    case SCN_MEMCG_REMOVE:
        return true;
    }
    return false;
}

bool scn_kop_parse(const scn_line *l, scn_kop *op)
{
    int k = scn_kop_find(l->argv[0]);
    if (k < 0) {
        scn_error(l, "unknown operation '%s'", l->argv[0]);
        return false;
    }
    size_t row = row_of((scn_kop_kind)k);
    memset(op, 0, sizeof *op);
    op->kind = (scn_kop_kind)k;
    op->name = ops[row].name;
    if (!scn_argc(l, ops[row].min, ops[row].max, ops[row].usage))
        return false;
    switch (op->kind) {
    case SCN_K_SPAWN:
    case SCN_K_EXIT:
    case SCN_K_NVMA:
        return arg_pid(l, 1, "PID", &op->pid);
    case SCN_K_FORK:
        return arg_pid(l, 1, "PID", &op->pid) && arg_pid(l, 2, "CHILD", &op->child);
    case SCN_K_FILE:
        return parse_file(l, op);
    case SCN_K_MMAP:
        return arg_pid(l, 1, "PID", &op->pid) && parse_mmap(l, op);
    case SCN_K_MUNMAP:
    case SCN_K_MSYNC:
        return arg_pid(l, 1, "PID", &op->pid) && scn_arg_u64(l, 2, "ADDR", &op->addr) &&
               scn_arg_u64(l, 3, "LEN", &op->len);
    case SCN_K_MPROTECT:
        return arg_pid(l, 1, "PID", &op->pid) && scn_arg_u64(l, 2, "ADDR", &op->addr) &&
               scn_arg_u64(l, 3, "LEN", &op->len) && parse_prot(l, l->argv[4], &op->prot);
    case SCN_K_MADVISE:
        if (!arg_pid(l, 1, "PID", &op->pid) || !scn_arg_u64(l, 2, "ADDR", &op->addr) ||
            !scn_arg_u64(l, 3, "LEN", &op->len))
            return false;
        if (strcmp(l->argv[4], "dontneed") == 0) {
            op->advice = SCN_MADV_DONTNEED;
        } else if (strcmp(l->argv[4], "hugepage") == 0) {
            op->advice = SCN_MADV_HUGEPAGE;
        } else if (strcmp(l->argv[4], "nohugepage") == 0) {
            op->advice = SCN_MADV_NOHUGEPAGE;
        } else {
            scn_error(l, "madvise: unknown advice '%s' (dontneed, hugepage, nohugepage)", l->argv[4]);
            return false;
        }
        return true;
    case SCN_K_BRK:
    case SCN_K_VMA:
    case SCN_K_SMAPS:
    case SCN_K_RSS:
        return arg_pid(l, 1, "PID", &op->pid) && scn_arg_u64(l, 2, "ADDR", &op->addr);
    case SCN_K_MREMAP:
        return arg_pid(l, 1, "PID", &op->pid) && scn_arg_u64(l, 2, "OLD", &op->addr) &&
               scn_arg_u64(l, 3, "OLDLEN", &op->len) && scn_arg_u64(l, 4, "NEWLEN", &op->newlen) &&
               scn_mremap_flags(l, 5, &op->flags, &op->newaddr); /* its bits are SCN_MREMAP_* */
    case SCN_K_LOAD:
    case SCN_K_EXEC:
        op->size = 1;
        return arg_pid(l, 1, "PID", &op->pid) && scn_arg_u64(l, 2, "VA", &op->addr) &&
               (l->argc < 4 || parse_size(l, 3, op->kind == SCN_K_EXEC, &op->size));
    case SCN_K_KLOAD:
        return arg_pid(l, 1, "PID", &op->pid) && scn_arg_u64(l, 2, "VA", &op->addr) &&
               parse_size(l, 3, false, &op->size);
    case SCN_K_KSET:
        if (!scn_arg_u64(l, 1, "VA", &op->addr) || !scn_arg_u64(l, 2, "LEN", &op->len))
            return false;
        if (strcmp(l->argv[3], "none") == 0) {
            op->kset = SCN_KSET_NONE;
        } else if (strcmp(l->argv[3], "ro") == 0) {
            op->kset = SCN_KSET_RO;
        } else if (strcmp(l->argv[3], "rw") == 0) {
            op->kset = SCN_KSET_RW;
        } else {
            scn_error(l, "kset: unknown change '%s' (none, ro, rw)", l->argv[3]);
            return false;
        }
        return true;
    case SCN_K_STORE:
    case SCN_K_KSTORE:
        if (!arg_pid(l, 1, "PID", &op->pid) || !scn_arg_u64(l, 2, "VA", &op->addr) ||
            !parse_size(l, 3, false, &op->size) || !scn_arg_u64(l, 4, "VALUE", &op->value))
            return false;
        if (op->size < 8 && (op->value >> (8 * op->size))) {
            scn_error(l, "%s: VALUE 0x%llx does not fit in %u bytes", op->name, (unsigned long long)op->value, op->size);
            return false;
        }
        return true;
    case SCN_K_MAPS:
        if (!arg_pid(l, 1, "PID", &op->pid))
            return false;
        if (l->argc == 3) {
            scn_error(l, "maps: LO without HI");
            return false;
        }
        op->range = l->argc == 4;
        return !op->range || (scn_arg_u64(l, 2, "LO", &op->addr) && scn_arg_u64(l, 3, "HI", &op->len));
    case SCN_K_EXECVE:
        if (!arg_pid(l, 1, "PID", &op->pid))
            return false;
        op->file = l->argv[2];
        scn_exec_args(l, 2, op->argv, &op->argc, op->envp, &op->envc);
        return true;
    case SCN_K_RECLAIM:
        return scn_arg_u64(l, 1, "N", &op->len);
    case SCN_K_KSTAT:
        op->file = l->argv[1];
        return true;
    case SCN_K_PTE:
        return arg_pid(l, 1, "PID", &op->pid) && scn_arg_u64(l, 2, "VA", &op->addr);
    case SCN_K_SYSCTL:
        op->file = l->argv[1];
        return scn_arg_u64(l, 2, "VALUE", &op->value);
    case SCN_K_MEMCG:
        return parse_memcg(l, op);
    case SCN_K_COUNT:
        break;
    }
    return false;
}

static void put_errno(char *res, size_t n, int64_t ret)
{
    const char *name = strerrorname_np((int)-ret);
    if (name)
        snprintf(res, n, "-%s", name);
    else
        snprintf(res, n, "-%lld", (long long)-ret);
}

static bool is_errno(int64_t ret) { return ret < 0 && ret >= -4095; }

static void put_signal(char *res, size_t n, int sig, int code)
{
    if (sig == SIGSEGV) {
        const char *c = code == SEGV_MAPERR ? "MAPERR" : code == SEGV_ACCERR ? "ACCERR" : code == SI_KERNEL ? "SI_KERNEL" : NULL;
        if (c)
            snprintf(res, n, "SIGSEGV %s", c);
        else
            snprintf(res, n, "SIGSEGV %d", code);
        return;
    }
    const char *abbrev = sigabbrev_np(sig);
    if (abbrev)
        snprintf(res, n, "SIG%s", abbrev);
    else
        snprintf(res, n, "signal %d", sig);
}

int scn_kres_write(const scn_line *l, const scn_kop *op, const scn_kres *r, char *res, size_t n)
{
    switch (r->kind) {
    case SCN_KR_OK:
        if (r->ret < 0)
            put_errno(res, n, r->ret);
        else
            snprintf(res, n, "ok");
        return 0;
    case SCN_KR_NUM:
        if (is_errno(r->ret))
            put_errno(res, n, r->ret);
        else
            snprintf(res, n, "%lld", (long long)r->ret);
        return 0;
    case SCN_KR_ADDR:
        if (is_errno(r->ret))
            put_errno(res, n, r->ret);
        else
            snprintf(res, n, "0x%llx", (unsigned long long)r->ret);
        return 0;
    case SCN_KR_VALUE:
        snprintf(res, n, "0x%llx", (unsigned long long)r->value);
        return 0;
    case SCN_KR_SIGNAL:
        put_signal(res, n, r->sig, r->code);
        return 0;
    case SCN_KR_ENTRY:
        snprintf(res, n, "entry 0x%llx sp 0x%llx", (unsigned long long)r->value, (unsigned long long)r->sp);
        return 0;
    case SCN_KR_KILLED:
        snprintf(res, n, "killed");
        return 0;
    case SCN_KR_TEXT:
        return 0;
    case SCN_KR_NOPROC:
        scn_error(l, "%s: no process %d", op->name, op->pid);
        return -1;
    case SCN_KR_EXISTS:
        if (op->kind == SCN_K_FILE)
            scn_error(l, "file: '%s' exists", op->file);
        else
            scn_error(l, "%s: process %d exists", op->name, op->kind == SCN_K_FORK ? op->child : op->pid);
        return -1;
    case SCN_KR_NOFILE:
        scn_error(l, "%s: no file '%s'", op->name, op->file);
        return -1;
    case SCN_KR_UNSUPPORTED:
        scn_error(l, "%s: not supported by this kernel", op->name);
        return -1;
    }
    return -1;
}

void scn_smaps_text(uint64_t anon_huge, uint64_t hugetlb, char *text, size_t n)
{
    int w = snprintf(text, n, "AnonHugePages %llu kB", (unsigned long long)(anon_huge >> 10));
    if (hugetlb && w >= 0 && (size_t)w < n)
        snprintf(text + w, n - (size_t)w, " Hugetlb %llu kB", (unsigned long long)(hugetlb >> 10));
}

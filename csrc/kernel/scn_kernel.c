// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel model behind the kernel-level scenario ops (scn_kernel.h): each parsed op
 * (scenario/kop.h) becomes one call of the model, its answer a scn_kres.
 *
 * Extensions, for tests that check one area, a counter or an entry at a time:
 *   vma PID ADDR    => the /proc/PID/maps line of the area holding ADDR, or "none"
 *   nvma PID        => the number of areas
 *   reclaim N       => pages reclaimed: the clock run by hand (as if kswapd woke)
 *   kstat NAME      => the kernel counter NAME (as --stats prints it, without "kernel_")
 *   pte PID VA      => the page-table entry as the kernel reads it: "none", "swap",
 *                      "protnone", or the set bits among "P RW A D NX G PS"
 *   memcg VERB ...  => memory cgroups (memcontrol.h): create, max, attach, remove, and
 *                      stat NAME KEY => a counter in decimal (memory.max: "max" if none)
 *   kload PID VA SIZE, kstore PID VA SIZE VALUE
 *                   => the kernel's own access in PID's address space: the value or
 *                      "ok", "pf 0xERR", "gp"
 *   kset VA LEN none|ro|rw => set_memory_np/ro/rw on kernel pages: 0 or -ERRNO
 */
#include "scn_kernel.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/kop.h"
#include "memcontrol.h"

/* The model's mmap flag for each scenario flag (scn_map_flag_names' order), and its PROT
 * bit for each of SCN_PROT_*. */
static const unsigned kmap_of[] = {KMAP_PRIVATE,   KMAP_SHARED,   KMAP_ANON,   KMAP_FIXED,
                                   KMAP_NOREPLACE, KMAP_POPULATE, KMAP_HUGETLB};
static const unsigned kprot_of[] = {KPROT_READ, KPROT_WRITE, KPROT_EXEC};
#define KMAP(f) scn_bits_map(f, kmap_of, sizeof kmap_of / sizeof kmap_of[0])
#define KPROT(p) scn_bits_map(p, kprot_of, sizeof kprot_of / sizeof kprot_of[0])

static struct kernel *get_kernel(scn_ctx *c, const scn_line *l)
{
    scn_kmodel *m = c->kself;
    if (m->k)
        return m->k;
    char err[256];
    m->k = kernel_new(c->be, &m->opts, err, sizeof err);
    if (!m->k)
        scn_error(l, "%s", err);
    return m->k;
}

/* An access's outcome as a result. -1 if the model could not complete it. */
static int access_result(const scn_line *l, kacc a, scn_kres *r)
{
    r->kind = SCN_KR_SIGNAL;
    switch (a) {
    case KA_OK: r->kind = SCN_KR_OK; return 0;
    case KA_SEGV_MAPERR: r->sig = SIGSEGV; r->code = SEGV_MAPERR; return 0;
    case KA_SEGV_ACCERR: r->sig = SIGSEGV; r->code = SEGV_ACCERR; return 0;
    case KA_SEGV_KERNEL: r->sig = SIGSEGV; r->code = SI_KERNEL; return 0;
    case KA_BUS: r->sig = SIGBUS; r->code = BUS_ADRERR; return 0;
    case KA_NOPROC: r->kind = SCN_KR_NOPROC; return 0;
    case KA_KILLED: r->kind = SCN_KR_KILLED; return 0;
    default:
        scn_error(l, "%s: the kernel model could not complete the access (out of physical memory, or a "
                     "fault it cannot resolve)", l->argv[0]);
        return -1;
    }
}

static int op_load(scn_ctx *c, const scn_line *l, struct kernel *k, const scn_kop *op, scn_kres *r)
{
    uint64_t val, expect;
    bool bad;
    kacc a = k_load(k, op->pid, op->addr, op->size, op->kind == SCN_K_EXEC ? ACC_X : ACC_R, &val, &bad, &expect);
    if (access_result(l, a, r) != 0)
        return -1;
    if (a != KA_OK)
        return 0;
    r->kind = SCN_KR_VALUE;
    r->value = val;
    if (bad) {
        scn_error(l, "shadow memory: %s at 0x%llx read 0x%llx, but the process stored 0x%llx (lost or "
                     "wrong bytes: a kernel-model or MMU bug)",
                  l->argv[0], (unsigned long long)op->addr, (unsigned long long)val, (unsigned long long)expect);
        c->mismatches++;
        c->shadow_bad++;
    }
    return 0;
}

static int op_maps(scn_ctx *c, const scn_line *l, struct kernel *k, const scn_kop *op, scn_kres *r, char *text, size_t n)
{
    int64_t len = op->range ? k_maps_range(k, op->pid, op->addr, op->len, text, n) : k_maps(k, op->pid, text, n);
    if (len == -ESRCH) {
        r->kind = SCN_KR_NOPROC;
        return 0;
    }
    r->kind = SCN_KR_TEXT;
    r->multiline = true;
    if ((uint64_t)len >= n) { /* more than the runner's buffer: a result of its own size */
        c->big_res = malloc((size_t)len + 1);
        if (!c->big_res) {
            scn_error(l, "maps: out of host memory for %lld bytes of result", (long long)len);
            return -1;
        }
        if (op->range)
            k_maps_range(k, op->pid, op->addr, op->len, c->big_res, (size_t)len + 1);
        else
            k_maps(k, op->pid, c->big_res, (size_t)len + 1);
    }
    return 0;
}

static int op_kstat(const scn_line *l, struct kernel *k, const scn_kop *op, scn_kres *r)
{
    struct kernel_stats s;
    kernel_stats(k, &s);
    static const char *const names[] = {"faults", "major", "minor", "scanned", "referenced", "reclaimed",
                                        "swapout", "fileout", "swapin", "oom_kills", "free_pages", "pte_reads",
                                        "shadow_visits", "anon_huge_kb", "thp_fault_alloc",
                                        "thp_fault_fallback", "thp_split_pmd", "hugepages_total",
                                        "hugepages_free", "hugepages_rsvd", "cow_copies", "cow_reuse",
                                        "fault_around", "swap_ra", "swap_ra_hit",
                                        "kaccesses", "kset_splits", "kflush_pages", "kflush_all", "last_sig_err",
                                        "k_translations", "k_tlb_hits", "k_tlb_misses", "k_l2tlb_hits", "k_walks",
                                        "u_translations", "u_tlb_hits", "u_tlb_misses", "u_l2tlb_hits", "u_walks"};
    const uint64_t vals[] = {s.faults, s.major, s.minor, s.scanned, s.referenced, s.reclaimed,
                             s.swapout, s.fileout, s.swapin, s.oom_kills, s.free_pages, s.pte_reads,
                             s.shadow_visits, s.anon_huge_kb, s.thp_fault_alloc,
                             s.thp_fault_fallback, s.thp_split_pmd, s.hugepages_total,
                             s.hugepages_free, s.hugepages_rsvd, s.cow_copies, s.cow_reuse,
                             s.fault_around, s.swap_ra, s.swap_ra_hit,
                             s.kaccesses, s.kset_splits, s.kflush_pages, s.kflush_all, s.last_sig_err,
                             s.k_translations, s.k_tlb_hits, s.k_tlb_misses, s.k_l2tlb_hits, s.k_walks,
                             s.u_translations, s.u_tlb_hits, s.u_tlb_misses, s.u_l2tlb_hits, s.u_walks};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(op->file, names[i]) == 0) {
            r->kind = SCN_KR_NUM;
            r->ret = (int64_t)vals[i];
            return 0;
        }
    scn_error(l, "kstat: unknown counter '%s'", op->file);
    return -1;
}

static int op_memcg(const scn_line *l, struct kernel *k, const scn_kop *op, scn_kres *r, char *text, size_t n)
{
    _Static_assert(SCN_MEMCG_UNLIMITED == KMEMCG_UNLIMITED, "memory.max 'max'");
    r->kind = SCN_KR_OK;
    switch (op->verb) {
    case SCN_MEMCG_CREATE: r->ret = k_memcg_create(k, op->file, op->value); return 0;
    case SCN_MEMCG_MAX: r->ret = k_memcg_set_max(k, op->file, op->value); return 0;
    case SCN_MEMCG_ATTACH: r->ret = k_memcg_attach(k, op->file, op->pid); return 0;
    case SCN_MEMCG_REMOVE: r->ret = k_memcg_remove(k, op->file); return 0;
    case SCN_MEMCG_STAT: {
        uint64_t v;
        int e = k_memcg_stat(k, op->file, op->key, &v);
        if (e == -EINVAL) { /* the reader checked KEY against the same names */
            scn_error(l, "memcg stat: unknown KEY '%s'", op->key);
            return -1;
        }
        r->ret = e;
        if (e < 0)
            return 0;
        if (v == KMEMCG_UNLIMITED)
            snprintf(text, n, "max");
        else
            snprintf(text, n, "%llu", (unsigned long long)v);
        r->kind = SCN_KR_TEXT;
        return 0;
    }
    }
    return -1;
}

static void pte_text(uint64_t pte, char *text, size_t n)
{
    if (!(pte & PTE_P)) {
        snprintf(text, n, "%s", pte == 0 ? "none" : (pte & (1ull << 9)) ? "protnone" : "swap");
        return;
    }
    snprintf(text, n, "P%s%s%s%s%s%s", (pte & PTE_RW) ? " RW" : "", (pte & PTE_A) ? " A" : "", (pte & PTE_D) ? " D" : "",
             (pte & PTE_XD) ? " NX" : "", (pte & PTE_G) ? " G" : "", (pte & PTE_PS) ? " PS" : "");
}

/* The kernel's own access, in the address space of PID (as a system call of it runs). */
static int op_kaccess(struct kernel *k, const scn_kop *op, scn_kres *r, char *text, size_t n)
{
    uint64_t val = 0;
    uint32_t err = 0;
    int st = op->kind == SCN_K_KLOAD ? k_kload(k, op->pid, op->addr, op->size, ACC_R, &val, &err)
                                     : k_kstore(k, op->pid, op->addr, op->size, op->value, &err);
    if (st == -ESRCH) {
        r->kind = k_was_killed(k, op->pid) ? SCN_KR_KILLED : SCN_KR_NOPROC;
        return 0;
    }
    r->kind = SCN_KR_TEXT;
    if (st < 0)
        snprintf(text, n, "-EFAULT");
    else if (st == BE_PF)
        snprintf(text, n, "pf 0x%x", err);
    else if (st == BE_GP)
        snprintf(text, n, "gp");
    else if (op->kind == SCN_K_KLOAD)
        snprintf(text, n, "0x%llx", (unsigned long long)val);
    else
        snprintf(text, n, "ok");
    return 0;
}

static int model_op(scn_ctx *c, const scn_line *l, struct kernel *k, const scn_kop *op, scn_kres *r, char *text,
                    size_t n)
{
    int64_t ret = 0;
    r->kind = SCN_KR_NUM;
    switch (op->kind) {
    case SCN_K_SPAWN:
        ret = k_spawn(k, op->pid);
        r->kind = SCN_KR_OK;
        break;
    case SCN_K_FORK:
        ret = k_fork(k, op->pid, op->child);
        r->kind = SCN_KR_OK;
        break;
    case SCN_K_EXIT:
        ret = k_exit(k, op->pid) < 0 ? -ESRCH : 0;
        r->kind = SCN_KR_OK;
        break;
    case SCN_K_FILE: {
        int e = k_file(k, op->file, op->len, op->fill == SCN_FILL_SEED ? KFILE_SEED : KFILE_FILL, op->value);
        if (e == -EEXIST) {
            r->kind = SCN_KR_EXISTS;
            return 0;
        }
        if (e < 0) {
            scn_error(l, "file: size %llu too large (at most 1 GiB)", (unsigned long long)op->len);
            return -1;
        }
        r->kind = SCN_KR_OK;
        return 0;
    }
    case SCN_K_MMAP:
        if (op->file && !k_file_exists(k, op->file)) {
            r->kind = SCN_KR_NOFILE;
            return 0;
        }
        ret = k_mmap(k, op->pid, op->addr, op->len, KPROT(op->prot), KMAP(op->flags), op->file, op->off);
        r->kind = SCN_KR_ADDR;
        break;
    case SCN_K_MUNMAP: ret = k_munmap(k, op->pid, op->addr, op->len); break;
    case SCN_K_MSYNC: ret = k_msync(k, op->pid, op->addr, op->len); break;
    case SCN_K_MPROTECT: ret = k_mprotect(k, op->pid, op->addr, op->len, KPROT(op->prot)); break;
    case SCN_K_MADVISE:
        ret = op->advice == SCN_MADV_DONTNEED ? k_madvise_dontneed(k, op->pid, op->addr, op->len)
                                              : k_madvise_hugepage(k, op->pid, op->addr, op->len,
                                                                   op->advice == SCN_MADV_HUGEPAGE);
        break;
    case SCN_K_BRK:
        ret = k_brk(k, op->pid, op->addr);
        r->kind = SCN_KR_ADDR;
        break;
    case SCN_K_MREMAP: {
        /* the scenario's SCN_MREMAP_* bits are Linux's, as KMREMAP_* are (a declaration: in
         * braces, since a case label must be followed by a statement) */
        _Static_assert(SCN_MREMAP_MAYMOVE == KMREMAP_MAYMOVE && SCN_MREMAP_FIXED == KMREMAP_FIXED &&
                           SCN_MREMAP_DONTUNMAP == KMREMAP_DONTUNMAP, "mremap flag bits");
        ret = k_mremap_flags(k, op->pid, op->addr, op->len, op->newlen, op->flags, op->newaddr);
        r->kind = SCN_KR_ADDR;
        break;
    }
    case SCN_K_LOAD:
    case SCN_K_EXEC:
        return op_load(c, l, k, op, r);
    case SCN_K_STORE:
        return access_result(l, k_store(k, op->pid, op->addr, op->size, op->value), r);
    case SCN_K_MAPS:
        return op_maps(c, l, k, op, r, text, n);
    case SCN_K_EXECVE: {
        uint64_t entry, sp;
        int why;
        int e = k_execve(k, op->pid, op->file, op->argc, (const char *const *)op->argv, op->envc,
                         (const char *const *)op->envp, &entry, &sp, &why);
        if (e == KEXEC_KILLED) {
            r->kind = SCN_KR_KILLED;
            return 0;
        }
        if (e >= 0) {
            r->kind = SCN_KR_ENTRY;
            r->value = entry;
            r->sp = sp;
            return 0;
        }
        ret = e;
        break;
    }
    case SCN_K_SMAPS: {
        uint64_t anon, hugetlb;
        ret = k_smaps(k, op->pid, op->addr, &anon, &hugetlb);
        if (ret < 0) {
            r->kind = SCN_KR_OK; /* -EFAULT: no area holds ADDR */
            break;
        }
        scn_smaps_text(anon, hugetlb, text, n);
        r->kind = SCN_KR_TEXT;
        return 0;
    }
    case SCN_K_VMA:
        ret = k_vma_line(k, op->pid, op->addr, text, n);
        if (ret != -ESRCH)
            ret = 0;
        r->kind = SCN_KR_TEXT;
        break;
    case SCN_K_NVMA: ret = k_nvma(k, op->pid); break;
    case SCN_K_RSS: ret = k_rss(k, op->pid, op->addr); break;
    case SCN_K_SYSCTL: {
        int e = k_sysctl(k, op->file, op->value);
        if (e == -ENOENT) {
            scn_error(l, "sysctl: unknown knob '%s' (fault_around_bytes, page-cluster)", op->file);
            return -1;
        }
        r->kind = SCN_KR_OK;
        r->ret = e;
        return 0;
    }
    case SCN_K_RECLAIM: ret = (int64_t)k_reclaim(k, op->len); break;
    case SCN_K_MEMCG:
        if (op_memcg(l, k, op, r, text, n) < 0)
            return -1;
        if (r->ret != -ESRCH)
            return 0;
        ret = r->ret; /* attach: no process PID (or the OOM killer took it) */
        break;
    case SCN_K_KSTAT:
        return op_kstat(l, k, op, r);
    case SCN_K_PTE: {
        uint64_t pte;
        if (k_pte(k, op->pid, op->addr, &pte) < 0) {
            ret = -ESRCH;
            break;
        }
        pte_text(pte, text, n);
        r->kind = SCN_KR_TEXT;
        return 0;
    }
    case SCN_K_KLOAD:
    case SCN_K_KSTORE:
        return op_kaccess(k, op, r, text, n);
    case SCN_K_KSET: {
        static const enum kset how[] = {[SCN_KSET_NONE] = KSET_NONE, [SCN_KSET_RO] = KSET_RO, [SCN_KSET_RW] = KSET_RW};
        ret = k_kset(k, op->addr, op->len, how[op->kset]);
        break;
    }
    case SCN_K_COUNT:
        r->kind = SCN_KR_UNSUPPORTED;
        return 0;
    }
    if (ret == -ESRCH) {
        /* An unknown PID is bad input -- unless the OOM killer took it: then the result is
         * `killed`, and the run goes on. */
        r->kind = k_was_killed(k, op->pid) ? SCN_KR_KILLED : SCN_KR_NOPROC;
        return 0;
    }
    if (ret == -EEXIST && (op->kind == SCN_K_SPAWN || op->kind == SCN_K_FORK)) {
        r->kind = SCN_KR_EXISTS;
        return 0;
    }
    /* A resource limit is an answer, not bad input: -ENOMEM as Linux's fork gives it, and
     * -EAGAIN once every PCID is in use. */
    r->ret = ret;
    return 0;
}

/* A failed swap file ends the run at the line where it happened (exit 2, as for any
 * output that cannot be written). */
static int model_after(scn_ctx *c, const scn_line *l)
{
    scn_kmodel *m = c->kself;
    const char *e = m->k ? k_host_error(m->k) : NULL;
    if (!e)
        return 0;
    scn_error(l, "%s", e);
    return -1;
}

/* One operation, with the kernel's oops caught: it ends the run at the line that caused it
 * (exit 2, as bad input: the scenario took away memory the kernel needed), the operation
 * half done, so nothing runs on the model after it. */
static int model_run(scn_ctx *c, const scn_line *l, const scn_kop *op, scn_kres *r, char *text, size_t n)
{
    struct kernel *k = get_kernel(c, l);
    if (!k)
        return -1;
    jmp_buf catcher;
    if (setjmp(catcher)) {
        k_catch_oops(k, NULL);
        scn_error(l, "kernel oops: %s", k_oops(k));
        return -1;
    }
    k_catch_oops(k, &catcher);
    int ret = model_op(c, l, k, op, r, text, n);
    k_catch_oops(k, NULL);
    return ret;
}

static const scn_kimpl model_impl = {
    .who = "the kernel model",
    .gave = "got",
    .hw_ops = true,
    .extensions = true,
    .run = model_run,
    .after = model_after,
};

void scn_kmodel_attach(scn_ctx *c, scn_kmodel *m)
{
    c->kimpl = &model_impl;
    c->kself = m;
}

void scn_kmodel_end(scn_kmodel *m)
{
    kernel_free(m->k);
    m->k = NULL;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* User loads, stores and fetches: translate with the hardware (handling each page fault
 * as Linux would and retrying), then move the data over the coherent physical path.
 * And the kernel's stores at user addresses (copy_to_user, clear_user): the same, as
 * supervisor accesses through the process's page tables.
 *
 * An access that crosses a page is translated in both parts before any byte moves, so a
 * store that faults fatally on either part writes nothing -- as on x86, where a faulting
 * instruction has no architectural effect. */
#include "kern.h"
#include "shadow.h"

#include <string.h>

#define MAX_FAULTS 16

static kacc fault_to_kacc(fault_res r)
{
    switch (r) {
    case F_MAPERR: return KA_SEGV_MAPERR;
    case F_ACCERR: return KA_SEGV_ACCERR;
    case F_BUS: return KA_BUS;
    default: return KA_OOM;
    }
}

/* Translates one access (which may cross a page); pa[0] is the first byte's PA, pa[1]
 * the PA of the first byte on the second page (when it crosses). */
static kacc translate_once(struct kernel *k, struct proc *p, uint64_t va, unsigned size, acc_kind kind, bool user,
                           uint64_t pa[2], bool *faulted)
{
    unsigned first = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
    bool crosses = first < size;
    /* A size the hardware port does not take (3, 5, 6, 7) is translated one byte on each
     * page it touches: the same pages, the same faults. */
    for (int part = 0; part < (crosses ? 2 : 1); part++) {
        /* The whole access first (the hardware reports the part that faults); then, for
         * the second part's PA, a one-byte access on it. */
        bool pow2 = (size & (size - 1)) == 0;
        /* An instruction fetch is sequential: its first page faults before the bytes past it
         * are even checked, so a fetch running out of the canonical half from an unmapped
         * page is a page fault (the CPU's answer), where a load of the same bytes is #GP. */
        bool one = part || !pow2 || (kind == ACC_X && crosses);
        be_req req = {.va = part ? va + first : va, .kind = kind, .user = user, .size = one ? 1 : size};
        int faults = 0;
        for (;;) {
            if (user)
                kacc_user(k); /* the kernel's stretch of accesses, if any, ends here */
            else
                kacc_kernel(k); /* ... or goes on: every supervisor access is counted */
            be_resp r = k->be->ops->access(k->be, &req);
            if (r.status == BE_OK) {
                pa[part] = r.pa;
                break;
            }
            if (r.status == BE_GP)
                return KA_SEGV_KERNEL;
            if (r.status != BE_PF || ++faults > MAX_FAULTS)
                return KA_OOM;
            /* A user fault on the kernel half is bad_area at once (do_kern_addr_fault: no
             * mm, no area to look for), and its error code gets P whatever the walk found,
             * so that the signal frame does not tell mapped kernel pages from holes. */
            if (r.cr2 >= TASK_SIZE) {
                k->last_sig_err = r.err | PF_P;
                return KA_SEGV_MAPERR;
            }
            fault_res fr = handle_fault(k, p, r.cr2, kind);
            if (fr != F_RETRY) {
                k->last_sig_err = r.err;
                return fault_to_kacc(fr);
            }
            *faulted = true;
        }
    }
    return KA_OK;
}

/* Reclaim run by a fault of the second part may have evicted the first part's page: the
 * translation counts only once both parts translate without a fault between them. When
 * memory runs out even after reclaim, the OOM killer runs here, where the access holds
 * nothing, and the access is retried -- unless it was its own process that died. */
static kacc translate(struct kernel *k, struct proc *p, uint64_t va, unsigned size, acc_kind kind, bool user,
                      uint64_t pa[2])
{
    int pid = p->pid;
    for (int round = 0;; round++) {
        bool faulted = false;
        k->oom = false;
        kacc r = translate_once(k, p, va, size, kind, user, pa, &faulted);
        if (r == KA_OOM && k->oom && round < 64) {
            int victim = oom_kill(k);
            if (victim == pid)
                return KA_KILLED;
            if (victim >= 0)
                continue;
        }
        if (r != KA_OK || !faulted || round >= 8)
            return r;
        unsigned first = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        if (first >= size)
            return r; /* one page: its last access translated after every fault */
    }
}

static uint64_t byte_pa(uint64_t va, unsigned i, const uint64_t pa[2])
{
    unsigned first = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
    return i < first ? pa[0] + i : pa[1] + (i - first);
}

static bool valid_size(unsigned size) { return size >= 1 && size <= 8; }

/* The process a user access of size bytes is made in, switched to; NULL and *why if none
 * (killed, no such process) or the size is not one the hardware takes. */
static struct proc *user_proc(struct kernel *k, int pid, unsigned size, kacc *why)
{
    struct proc *p = proc_find(k, pid);
    if (!p) {
        *why = k_was_killed(k, pid) ? KA_KILLED : KA_NOPROC;
        return NULL;
    }
    if (!valid_size(size)) {
        *why = KA_OOM;
        return NULL;
    }
    k_switch_to(k, p);
    return p;
}

kacc k_load(struct kernel *k, int pid, uint64_t va, unsigned size, acc_kind kind, uint64_t *val, bool *shadow_bad,
            uint64_t *expect)
{
    kacc why;
    struct proc *p = user_proc(k, pid, size, &why);
    *shadow_bad = false;
    *val = *expect = 0;
    if (!p)
        return why;
    uint64_t pa[2] = {0, 0};
    kacc r = translate(k, p, va, size, kind, true, pa);
    if (r != KA_OK)
        return r;
    uint64_t v = 0, e = 0;
    if ((size & (size - 1)) == 0 && (va & (size - 1)) == 0) {
        v = k->be->ops->pread(k->be, pa[0], size);
    } else {
        for (unsigned i = 0; i < size; i++)
            v |= k->be->ops->pread(k->be, byte_pa(va, i, pa), 1) << (8 * i);
    }
    e = shadow_read(p, va, size);
    *val = v;
    *expect = e;
    *shadow_bad = v != e;
    return KA_OK;
}

/* One store of size bytes at va, by the user (user) or by the kernel. */
static kacc store(struct kernel *k, struct proc *p, uint64_t va, unsigned size, uint64_t val, bool user)
{
    uint64_t pa[2] = {0, 0};
    kacc r = translate(k, p, va, size, ACC_W, user, pa);
    if (r != KA_OK)
        return r;
    if ((size & (size - 1)) == 0 && (va & (size - 1)) == 0) {
        k->be->ops->pwrite(k->be, pa[0], size, val);
    } else {
        for (unsigned i = 0; i < size; i++)
            k->be->ops->pwrite(k->be, byte_pa(va, i, pa), 1, (val >> (8 * i)) & 0xff);
    }
    shadow_write(p, va, size, val);
    return KA_OK;
}

kacc k_store(struct kernel *k, int pid, uint64_t va, unsigned size, uint64_t val)
{
    kacc why;
    struct proc *p = user_proc(k, pid, size, &why);
    return p ? store(k, p, va, size, val, true) : why;
}

/* copy_to_user() (and clear_user(), with zeroes): the kernel's stores at user addresses
 * as the running process's system call makes them, with the widest aligned stores the
 * bytes allow. Supervisor accesses: the MMU checks them as the kernel's (a user page is
 * writable by the kernel where its entries give R/W, CR0.WP=1 holds it to them, and the
 * model's kernel runs with SMAP off -- its hardware takes EFLAGS.AC as 0, so STAC has
 * nothing to set), so a read-only private page is broken by a COW fault as for the user.
 * A fault the handler cannot resolve ends the copy where it is, as the exception-table
 * fixup does: the caller gets the failure (-EFAULT in Linux), never a signal. */
kacc k_copy_to_user(struct kernel *k, struct proc *p, uint64_t va, const void *src, size_t len)
{
    const uint8_t *b = src;
    k_switch_to(k, p);
    for (size_t i = 0; i < len;) {
        unsigned n = ((va + i) & 7) == 0 && len - i >= 8 ? 8 : 1;
        uint64_t v = 0;
        memcpy(&v, b + i, n);
        kacc r = store(k, p, va + i, n, v, false);
        if (r != KA_OK)
            return r;
        i += n;
    }
    return KA_OK;
}

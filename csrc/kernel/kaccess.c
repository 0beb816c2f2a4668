// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel's own reads and writes of memory -- page clears and copies, page-table
 * entries -- as Linux makes them: supervisor accesses through the direct map (kmap.c),
 * translated by the MMU like any other, so that its TLBs, paging-structure caches and
 * global entries carry the kernel's traffic beside the user's.
 *
 * How much goes through the MMU is the kernel option --kaccess (enum kaccess):
 *   word  every word is one supervisor load or store through access(): the hardware
 *         sees each of them, hits included (a page clear is 512 stores);
 *   page  each page-table entry is one supervisor access, and a page clear or copy is
 *         translated once per page -- its first word stored (and read) through access(),
 *         the walk and the TLB fill the hardware makes for the page -- and its lines then
 *         move over the physical line path at the address the MMU answered;
 *   phys  the physical path alone, no translation (the model before the kernel half).
 * The default is page: the TLB sees every translation the kernel needs (its misses and
 * walks are word's), at the cost of line operations rather than 512 accesses a page
 * (README, "The kernel half": what each costs on rtl).
 *
 * Whatever the mode, the data moves at the address the MMU gave, so a wrong translation
 * puts wrong bytes where the shadow memory and lockstep look.
 *
 * The kernel's TLB traffic is counted apart from the user's: the hardware counters are
 * read when the MMU turns from the user's accesses to the kernel's and back (a stretch of
 * kernel work is bracketed once, however many accesses it makes), and the stretches'
 * differences summed (kacc_counters). They are peeked at (be_counters_peek), not read by
 * command: on rtl, 35 counter commands at each turn cost about 140 simulated cycles a
 * fault or system call, which the kernel being measured would not spend.
 */
#include "kern.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kacc_kernel(struct kernel *k)
{
    k->stat_kaccesses++;
    if (k->kstretch)
        return;
    be_counters_peek(k->be, k->kcnt_mark);
    k->kstretch = true;
}

void kacc_user(struct kernel *k)
{
    if (!k->kstretch)
        return;
    uint64_t now[BE_NCOUNTERS];
    be_counters_peek(k->be, now);
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        k->kcnt[i] += now[i] - k->kcnt_mark[i];
    k->kstretch = false;
}

void kacc_counters(struct kernel *k, uint64_t kern[BE_NCOUNTERS], uint64_t user[BE_NCOUNTERS])
{
    kacc_user(k); /* closes the stretch the kernel is in, if any */
    uint64_t now[BE_NCOUNTERS];
    be_counters_peek(k->be, now);
    for (unsigned i = 0; i < BE_NCOUNTERS; i++) {
        kern[i] = k->kcnt[i];
        user[i] = now[i] - k->kcnt_boot[i] - k->kcnt[i];
    }
}

/* One supervisor access of the kernel at the direct-map address of pa. A fault there is a
 * kernel oops: the model never touches memory it has taken out of the direct map. */
static be_resp kaccess(struct kernel *k, uint64_t pa, acc_kind kind, unsigned size, uint64_t wdata)
{
    kacc_kernel(k);
    be_req q = {.va = kva(pa), .kind = kind, .user = false, .size = size, .wdata = wdata};
    be_resp r = k->be->ops->access(k->be, &q);
    if (r.status != BE_OK) {
        snprintf(k->oops, sizeof k->oops, "the kernel's %s of %u bytes at 0x%llx (pa 0x%llx) %s 0x%x",
                 kind == ACC_W ? "store" : "load", size, (unsigned long long)q.va, (unsigned long long)pa,
                 r.status == BE_PF ? "page-faulted, error code" : "failed, status",
                 r.status == BE_PF ? r.err : (unsigned)r.status);
        if (k->oops_catch)
            longjmp(*k->oops_catch, 1);
        fprintf(stderr, "kernel: oops: %s\n", k->oops);
        abort();
    }
    return r;
}

static bool through_mmu(const struct kernel *k) { return k->kmap_ready && k->kaccess_mode != KACCESS_PHYS; }

uint64_t kmem_read(struct kernel *k, uint64_t pa, unsigned size)
{
    if (!through_mmu(k))
        return k->be->ops->pread(k->be, pa, size);
    return kaccess(k, pa, ACC_R, size, 0).rdata;
}

void kmem_write(struct kernel *k, uint64_t pa, unsigned size, uint64_t v)
{
    if (!through_mmu(k)) {
        k->be->ops->pwrite(k->be, pa, size, v);
        return;
    }
    kaccess(k, pa, ACC_W, size, v);
}

/* Clears and copies by whole lines, as clear_page / copy_page do with the widest stores the
 * machine has: a clear allocates its lines zeroed without reading memory, one line after
 * the other without waiting for each (be_zero_lines). */
void kmem_zero_page(struct kernel *k, uint64_t pa)
{
    if (through_mmu(k) && k->kaccess_mode == KACCESS_WORD) {
        for (unsigned i = 0; i < PAGE_SIZE; i += 8)
            kaccess(k, pa + i, ACC_W, 8, 0);
        return;
    }
    if (through_mmu(k))
        pa = kaccess(k, pa, ACC_W, 8, 0).pa; /* the page's first store: its translation */
    be_zero_lines(k->be, pa, PAGE_SIZE / BE_LINE);
}

void kmem_copy_page(struct kernel *k, uint64_t dst, uint64_t src)
{
    uint64_t w[8];
    if (through_mmu(k) && k->kaccess_mode == KACCESS_WORD) {
        for (unsigned i = 0; i < PAGE_SIZE; i += 8)
            kaccess(k, dst + i, ACC_W, 8, kaccess(k, src + i, ACC_R, 8, 0).rdata);
        return;
    }
    if (through_mmu(k)) { /* the first word, read and written through the MMU: both translations */
        be_resp s = kaccess(k, src, ACC_R, 8, 0);
        src = s.pa;
        dst = kaccess(k, dst, ACC_W, 8, s.rdata).pa;
    }
    for (unsigned i = 0; i < PAGE_SIZE; i += BE_LINE) {
        be_line_read(k->be, src + i, w);
        be_line_write(k->be, dst + i, w);
    }
}

int k_kload(struct kernel *k, int pid, uint64_t va, unsigned size, acc_kind kind, uint64_t *val, uint32_t *err)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    k_switch_to(k, p);
    kacc_kernel(k);
    be_req q = {.va = va, .kind = kind, .user = false, .size = size};
    be_resp r = k->be->ops->access(k->be, &q);
    *val = r.rdata;
    *err = r.err;
    return (int)r.status;
}

/* A store of the kernel's goes only into its own image (text or data, by either alias):
 * any other byte belongs to a process or a table, whose content the shadow memory and the
 * model keep. */
int k_kstore(struct kernel *k, int pid, uint64_t va, unsigned size, uint64_t val, uint32_t *err)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    uint64_t img = KIMAGE_PAGES << PAGE_SHIFT;
    bool in_text = va >= KTEXT_BASE && va - KTEXT_BASE <= img - size;
    bool in_alias = va >= kva(k->kimage) && va - kva(k->kimage) <= img - size;
    if (!in_text && !in_alias)
        return -EFAULT;
    k_switch_to(k, p);
    kacc_kernel(k);
    be_req q = {.va = va, .kind = ACC_W, .user = false, .size = size, .wdata = val};
    be_resp r = k->be->ops->access(k->be, &q);
    *err = r.err;
    return (int)r.status;
}

void k_catch_oops(struct kernel *k, jmp_buf *catcher) { k->oops_catch = catcher; }
const char *k_oops(const struct kernel *k) { return k->oops[0] ? k->oops : NULL; }

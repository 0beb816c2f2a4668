// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel: boot (paging on, PCIDs on, the kernel half), processes, fork and exit. */
#include "kern.h"
#include "memcontrol.h"
#include "shadow.h"

#include "inject/inject.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void files_free(struct kernel *k);

bool kernel_check_opts(const struct kernel_opts *o, unsigned maxphyaddr, char *err, size_t errlen)
{
    if (!inj_check(o->inject, INJ_IN_KERNEL, "the kernel model", err, errlen))
        return false;
    if ((o->mem_base | o->mem_size) & (PAGE_SIZE - 1) || o->mem_size < 64 * PAGE_SIZE || o->mem_base == 0 ||
        o->mem_size > (1ull << maxphyaddr) || o->mem_base > (1ull << maxphyaddr) - o->mem_size) {
        snprintf(err, errlen,
                 "physical memory must be page-aligned, at least 256 KiB, and end below 2^%u (it starts at 0x%llx)",
                 maxphyaddr, (unsigned long long)o->mem_base);
        return false;
    }
    /* the pool is taken from physical memory at boot; the rest must hold the kernel's own */
    if (o->nr_hugepages > o->mem_size / HPAGE_SIZE - 1) {
        snprintf(err, errlen, "--nr-hugepages %llu: the pool (%llu MiB) does not leave 2 MiB of the %llu MiB of physical memory",
                 (unsigned long long)o->nr_hugepages, (unsigned long long)(o->nr_hugepages * 2),
                 (unsigned long long)(o->mem_size >> 20));
        return false;
    }
    return true;
}

struct kernel *kernel_new(backend *be, const struct kernel_opts *o, char *err, size_t errlen)
{
    struct kernel_opts d = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = KMEM_SIZE_DEFAULT, .swap_size = KSWAP_SIZE_DEFAULT};
    if (!o)
        o = &d;
    char why[200];
    if (!kernel_check_opts(o, be->maxphyaddr, why, sizeof why)) {
        snprintf(err, errlen, "kernel: %s", why);
        return NULL;
    }
    struct kernel *k = calloc(1, sizeof *k);
    if (!k || !palloc_init(&k->pa, o->mem_base, o->mem_size)) {
        free(k);
        snprintf(err, errlen, "kernel: out of host memory");
        return NULL;
    }
    k->be = be;
    k->inject = o->inject;
    k->swap_fd = -1;
    if (!swap_init(k, o->swap_size, o->swap_path, err, errlen)) {
        swap_close(k);
        palloc_destroy(&k->pa);
        free(k);
        return NULL;
    }
    k->thp_mode = o->thp;
    if (!hugetlb_init(k, o->nr_hugepages, err, errlen)) {
        kernel_free(k);
        return NULL;
    }
    prefetch_init(k);
    /* watermarks as a fraction of memory, like min_free_kbytes scaled down */
    k->wm_low = k->pa.npages / 64 < 4 ? 4 : k->pa.npages / 64;
    k->wm_high = 2 * k->wm_low;
    k->kaccess_mode = o->kaccess;
    be_counters_peek(be, k->kcnt_boot); /* what the hardware counted before is no one's */
    k->zero_page = page_alloc_zeroed(k, PG_ZERO);
    k->idle_root = pt_alloc_table(k);
    k->pcid_used[0] = true; /* PCID 0: the idle tables (init_mm's), never user memory */
    k->next_ino = 1000;
    /* Paging with PCIDs: CR3 must have PCID 0 while PCIDE is turned on. The kernel half is
     * built under the loaded idle root (filling entries that were not present needs no
     * invalidation); only then do the kernel's own accesses go through it. */
    if (be->ops->write_cr3(be, k->idle_root) != BE_OK || be->ops->write_cr0_wp(be, true) != BE_OK ||
        be->ops->write_efer_nxe(be, true) != BE_OK ||
        be->ops->write_cr4(be, (be_cr4){.pcide = true, .pge = true}) != BE_OK) {
        snprintf(err, errlen, "kernel: the backend refused the paging setup");
        kernel_free(k);
        return NULL;
    }
    if (!kmap_init(k)) {
        snprintf(err, errlen, "kernel: %llu KiB of physical memory cannot hold the kernel half's tables and image",
                 (unsigned long long)(o->mem_size >> 10));
        kernel_free(k);
        return NULL;
    }
    return k;
}

bool k_move_backend(struct kernel *k, backend *to)
{
    backend *from = k->be;
    uint64_t lo = k->pa.base_pfn << PAGE_SHIFT, hi = (k->pa.base_pfn + k->pa.npages) << PAGE_SHIFT;
    for (uint64_t pa = lo; pa < hi; pa += 8) {
        uint64_t v = from->ops->pread(from, pa, 8);
        if (v) /* the new backend's memory starts as zeroes */
            to->ops->pwrite(to, pa, 8, v);
    }
    struct proc *cur = k->cur;
    /* the counters go on from where the old backend's stood */
    uint64_t kern[BE_NCOUNTERS], user[BE_NCOUNTERS], now[BE_NCOUNTERS];
    kacc_counters(k, kern, user);
    be_counters_peek(to, now);
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        k->kcnt_boot[i] = now[i] - kern[i] - user[i];
    k->be = to;
    k->cur = NULL;
    if (to->ops->write_cr3(to, k->idle_root) != BE_OK || to->ops->write_cr0_wp(to, true) != BE_OK ||
        to->ops->write_efer_nxe(to, true) != BE_OK ||
        to->ops->write_cr4(to, (be_cr4){.pcide = true, .pge = true}) != BE_OK)
        return false;
    /* A new backend has empty TLBs: no PCID has anything stale in it. */
    memset(k->pcid_stale, 0, sizeof k->pcid_stale);
    if (cur)
        k_switch_to(k, cur);
    return true;
}

static void proc_release(struct kernel *k, struct proc *p)
{
    if (k->cur == p)
        k_switch_to(k, NULL);
    p->mm.dying = true;
    mm_destroy(k, p);
    if (p->mm.root)
        pt_free_tables(k, p->mm.root);
    memcg_exit(p);
    k->pcid_used[p->mm.pcid] = false;
    k->pcid_stale[p->mm.pcid] = true; /* its TLB entries may live on until the next owner flushes */
    shadow_free(p->sh);
    free(p);
}

const char *k_host_error(const struct kernel *k) { return k->host_error[0] ? k->host_error : NULL; }

void kernel_free(struct kernel *k)
{
    if (!k)
        return;
    while (k->procs) {
        struct proc *p = k->procs;
        k->procs = p->next;
        proc_release(k, p);
    }
    files_free(k);
    thp_free(k);
    free(k->hpool);
    palloc_destroy(&k->pa);
    swap_close(k);
    prefetch_free(k);
    memcg_free_all(k); /* last: freeing the frames above uncharged them */
    free(k->killed);
    free(k);
}

void kernel_free_host(struct kernel *k)
{
    if (!k)
        return;
    while (k->procs) {
        struct proc *p = k->procs;
        k->procs = p->next;
        while (p->mm.vt.first) {
            struct vma *v = p->mm.vt.first;
            vt_remove(&p->mm.vt, v);
            vma_free(k, v);
        }
        shadow_free(p->sh);
        free(p);
    }
    files_free(k);
    thp_free(k);
    free(k->hpool);
    palloc_destroy(&k->pa);
    swap_close(k);
    prefetch_free(k);
    memcg_free_all(k); /* last: freeing the frames above uncharged them */
    free(k->killed);
    free(k);
}

uint64_t kinject(struct kernel *k, unsigned bit) { return k->inject & bit; }

struct proc *proc_find(struct kernel *k, int pid)
{
    for (struct proc *p = k->procs; p; p = p->next)
        if (p->pid == pid)
            return p;
    return NULL;
}

static int pcid_alloc(struct kernel *k)
{
    for (int i = 1; i < NPCID; i++)
        if (!k->pcid_used[i]) {
            k->pcid_used[i] = true;
            return i;
        }
    return -1;
}

static struct proc *proc_new(struct kernel *k, int pid, int *err)
{
    if (proc_find(k, pid)) {
        *err = -EEXIST;
        return NULL;
    }
    int pcid = pcid_alloc(k);
    if (pcid < 0) {
        *err = -EAGAIN;
        return NULL;
    }
    uint64_t root = pt_alloc_table(k);
    if (!root) {
        k->pcid_used[pcid] = false;
        *err = -ENOMEM;
        return NULL;
    }
    struct proc *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    kmap_clone_pgd(k, root);
    p->pid = pid;
    p->mm.root = root;
    p->mm.pcid = (unsigned)pcid;
    p->sh = shadow_new();
    p->next = k->procs;
    k->procs = p;
    return p;
}

static void unkill(struct kernel *k, int pid)
{
    for (size_t i = 0; i < k->nkilled; i++)
        if (k->killed[i] == pid)
            k->killed[i--] = k->killed[--k->nkilled];
}

bool k_was_killed(struct kernel *k, int pid)
{
    for (size_t i = 0; i < k->nkilled; i++)
        if (k->killed[i] == pid)
            return true;
    return false;
}

int k_spawn(struct kernel *k, int pid)
{
    unkill(k, pid);
    int err = 0;
    struct proc *p = proc_new(k, pid, &err);
    if (!p)
        return err;
    mm_init_layout(k, p);
    return 0;
}

/* Copies v's page-table entries into the child; private frames become COW-shared
 * (read-only in both; the parent's entries lose R/W, which needs invalidation). */
static int copy_ptes(struct kernel *k, struct proc *parent, struct proc *child, const struct vma *v,
                     struct tlb_gather *g)
{
    for (uint64_t va = v->start, next, hugep; va < v->end; va = next) {
        uint64_t sp = pt_lookup_huge(k, parent->mm.root, va, &next, &hugep);
        if (hugep) {
            int r = copy_huge_pmd(k, &child->mm, v, hugep, va, g);
            if (r < 0)
                return r;
            if (r == 0) /* reclaim split it meanwhile: copy its PTEs */
                sp = pt_lookup_huge(k, parent->mm.root, va, &next, &hugep);
        }
        uint64_t pte = sp ? pte_get(k, sp) : 0;
        if (!pte_has_frame(pte) && !pte_is_swap(pte))
            continue;
        /* The child's table may need a frame, and reclaim may then evict this very page:
         * read the parent's entry again after the allocation. */
        uint64_t dp = pt_walk(k, child->mm.root, va, true);
        if (!dp)
            return -ENOMEM;
        pte = pte_get(k, sp);
        if (pte_is_swap(pte)) { /* both processes name the slot now */
            swap_dup(k, swp_slot(pte));
            pte_set(k, dp, pte);
            continue;
        }
        if (!pte_has_frame(pte))
            continue;
        uint64_t pa = pte & PTE_ADDR;
        if (!(v->flags & VM_SHARED) && (pte & PTE_RW)) {
            pte &= ~PTE_RW;
            pte_set(k, sp, pte);
            tlb_gather_va(g, va);
        }
        page_get(k, pa);
        rmap_add(k, pa, &child->mm, va);
        pte_set(k, dp, pte & ~(PTE_A | PTE_D));
    }
    return 0;
}

int k_fork(struct kernel *k, int ppid, int cpid)
{
    struct proc *parent = proc_find(k, ppid);
    if (!parent)
        return -ESRCH;
    unkill(k, cpid); /* as spawn: a PID the OOM killer took is a new process's again */
    int err = 0;
    struct proc *child = proc_new(k, cpid, &err);
    if (!child)
        return err;
    memcg_fork(parent, child); /* the child starts in its parent's group */
    k_switch_to(k, parent);
    struct tlb_gather g;
    tlb_gather_init(&g, &parent->mm);
    for (struct vma *v = parent->mm.vt.first; v; v = v->next) {
        struct vma *n = vma_new();
        n->start = v->start;
        n->end = v->end;
        n->flags = v->flags & ~VM_HRESV; /* the parent keeps its hugetlb reservations */
        n->pgoff = v->pgoff;
        n->file = v->file;
        n->name = v->name;
        kfile_get(n->file);
        /* anon_vma_fork(): a child area of a parent with an anon_vma gets its own, chained
         * to the parent's -- so pieces split in the parent stay apart in the child. */
        if (v->anon_vma) {
            n->anon_vma = ++k->next_anon_vma;
            n->anon_forked = true;
        }
        vt_insert(&child->mm.vt, n);
        if (copy_ptes(k, parent, child, v, &g) < 0)
            err = -ENOMEM;
    }
    tlb_finish(k, &g);
    child->mm.start_brk = parent->mm.start_brk;
    child->mm.brk = parent->mm.brk;
    shadow_free(child->sh);
    child->sh = shadow_clone(parent->sh);
    if (err) {
        k_exit(k, cpid);
        return err;
    }
    return 0;
}

void proc_kill(struct kernel *k, int pid)
{
    int *nk = realloc(k->killed, (k->nkilled + 1) * sizeof *nk);
    if (!nk)
        abort();
    k->killed = nk;
    k->killed[k->nkilled++] = pid;
    k_exit(k, pid);
}

bool mm_replace(struct kernel *k, struct proc *p)
{
    if (k->cur == p)
        k_switch_to(k, NULL);
    p->mm.dying = true; /* its PCID is retired below: nothing to invalidate */
    mm_destroy(k, p);
    pt_free_tables(k, p->mm.root);
    k->pcid_used[p->mm.pcid] = false;
    k->pcid_stale[p->mm.pcid] = true;
    shadow_free(p->sh);
    p->sh = shadow_new();
    memset(&p->mm, 0, sizeof p->mm);
    p->mm.pcid = (unsigned)pcid_alloc(k); /* the one just retired is free at least */
    p->mm.root = pt_alloc_table(k);
    if (p->mm.root)
        kmap_clone_pgd(k, p->mm.root);
    return p->mm.root != 0; /* without one the caller kills p: proc_release knows root 0 */
}

int k_exit(struct kernel *k, int pid)
{
    for (struct proc **pp = &k->procs; *pp; pp = &(*pp)->next)
        if ((*pp)->pid == pid) {
            struct proc *p = *pp;
            *pp = p->next;
            proc_release(k, p);
            return 0;
        }
    return -ESRCH;
}

void kernel_stats(struct kernel *k, struct kernel_stats *s)
{
    s->faults = k->stat_faults;
    s->spurious = k->stat_spurious;
    s->invlpg = k->stat_invlpg;
    s->flushes = k->stat_flushes;
    s->cow_copies = k->stat_cow_copies;
    s->cow_reuse = k->stat_cow_reuse;
    s->free_pages = k->pa.nfree;
    s->scanned = k->stat_scanned;
    s->referenced = k->stat_referenced;
    s->reclaimed = k->stat_reclaimed;
    s->swapout = k->stat_swapout;
    s->fileout = k->stat_fileout;
    s->swapin = k->stat_swapin;
    s->major = k->stat_major;
    s->minor = k->stat_faults - k->stat_major;
    s->oom_kills = k->stat_oom_kills;
    s->pte_reads = k->stat_pte_reads;
    s->anon_huge_kb = k->nr_anon_thps * (HPAGE_SIZE >> 10);
    s->thp_fault_alloc = k->stat_thp_fault_alloc;
    s->thp_fault_fallback = k->stat_thp_fault_fallback;
    s->thp_split_pmd = k->stat_thp_split_pmd;
    s->hugepages_total = k->hpool_total;
    s->hugepages_free = k->hpool_free;
    s->hugepages_rsvd = k->hpool_resv;
    s->fault_around = k->pf.stat_fault_around;
    s->swap_ra = k->pf.stat_swap_ra;
    s->swap_ra_hit = k->pf.stat_swap_ra_hit;
    s->kaccesses = k->stat_kaccesses;
    s->kset_splits = k->stat_kset_splits;
    s->kflush_pages = k->stat_kflush_pages;
    s->kflush_all = k->stat_kflush_all;
    s->last_sig_err = k->last_sig_err;
    uint64_t kc[BE_NCOUNTERS], uc[BE_NCOUNTERS];
    kacc_counters(k, kc, uc);
    s->k_translations = kc[BE_CNT_accesses];
    s->k_tlb_hits = kc[BE_CNT_itlb_hits] + kc[BE_CNT_dtlb_hits];
    s->k_tlb_misses = kc[BE_CNT_itlb_misses] + kc[BE_CNT_dtlb_misses];
    s->k_l2tlb_hits = kc[BE_CNT_l2tlb_hits];
    s->k_walks = kc[BE_CNT_walks];
    s->u_translations = uc[BE_CNT_accesses];
    s->u_tlb_hits = uc[BE_CNT_itlb_hits] + uc[BE_CNT_dtlb_hits];
    s->u_tlb_misses = uc[BE_CNT_itlb_misses] + uc[BE_CNT_dtlb_misses];
    s->u_l2tlb_hits = uc[BE_CNT_l2tlb_hits];
    s->u_walks = uc[BE_CNT_walks];
    s->shadow_visits = 0;
    for (struct proc *p = k->procs; p; p = p->next)
        s->shadow_visits += shadow_visits(p->sh);
}

void kernel_stats_json(struct kernel *k, FILE *f)
{
    struct kernel_stats s;
    kernel_stats(k, &s);
#define KJ(n) fprintf(f, ", \"kernel_%s\": %llu", #n, (unsigned long long)s.n);
    KJ(faults) KJ(major) KJ(minor) KJ(spurious) KJ(invlpg) KJ(flushes) KJ(cow_copies) KJ(cow_reuse)
    KJ(free_pages) KJ(scanned) KJ(referenced) KJ(reclaimed) KJ(swapout) KJ(fileout) KJ(swapin) KJ(oom_kills) KJ(pte_reads) KJ(shadow_visits)
    KJ(anon_huge_kb) KJ(thp_fault_alloc) KJ(thp_fault_fallback) KJ(thp_split_pmd) KJ(hugepages_total)
    KJ(hugepages_free) KJ(hugepages_rsvd)
    KJ(fault_around) KJ(swap_ra) KJ(swap_ra_hit)
    KJ(kaccesses) KJ(kset_splits) KJ(kflush_pages) KJ(kflush_all) KJ(last_sig_err)
    KJ(k_translations) KJ(k_tlb_hits) KJ(k_tlb_misses) KJ(k_l2tlb_hits) KJ(k_walks)
    KJ(u_translations) KJ(u_tlb_hits) KJ(u_tlb_misses) KJ(u_l2tlb_hits) KJ(u_walks)
#undef KJ
}

uint64_t k_reclaim(struct kernel *k, uint64_t n) { return reclaim_pages(k, n); }

int64_t k_pte(struct kernel *k, int pid, uint64_t va, uint64_t *pte)
{
    struct proc *p = proc_find(k, pid);
    if (!p)
        return -ESRCH;
    *pte = pt_leaf(k, p->mm.root, va & ~(PAGE_SIZE - 1));
    return 0;
}

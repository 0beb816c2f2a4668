// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Memory pressure, after Linux mm/rmap.c and mm/vmscan.c, with a clock instead of LRU lists.
 *
 * rmap: every frame lists the (mm, va) of each PTE that maps it (struct page.rmap), kept
 * by every PTE install, clear and move; anonymous frames shared by COW after fork and
 * page-cache frames have several.
 *
 * A memory cgroup at its limit (memcontrol.h) runs the same clock over its own frames and
 * the same OOM killer over its own processes.
 *
 * The clock: a hand sweeps the frames; an anonymous or page-cache frame whose PTEs have A
 * set gets its A bits cleared and a second chance; one with no A set (not referenced by
 * the hardware since the hand last passed) is evicted. At most two sweeps per call.
 *
 * Clearing A needs no invalidation: a TLB that still holds the entry with A=1 simply does
 * not set A again on hits, so the page looks colder than it is -- a worse choice at most,
 * never wrong data, because eviction itself invalidates before the frame is reused. And
 * x86 never lets a cached A=1 stand for a D: a write through an entry whose D is clear
 * walks again, so no D is lost either.
 *
 * Eviction protocol, per mapping (try_to_unmap): read the PTE, write its replacement (a
 * swap entry, or 0 for a page-cache frame), take D from the value read, invalidate. Why the
 * read and the write are one atomic step here: the backend serialises the kernel's pwrite
 * with the hardware's A/D updates, and the only CPU is running this code, so no access can
 * set D between them (Linux needs ptep_get_and_clear, an xchg, because other CPUs can).
 * After the write the entry is not present: the hardware's A/D CAS is against the value
 * its walk read, so it can never set D in it again, and a write through a stale TLB entry
 * (possible until the invalidation) needs D=1 in that entry, which means D was already 1
 * in memory when we read it. The frame's content is therefore final only after the
 * invalidation: it is copied to swap or file after it, and freed last.
 *
 * Write-back only if dirty: an anonymous frame whose content is already in a swap slot
 * (swap cache: it was swapped in and not written since) is dropped without a write; a
 * dirty one, or one never swapped, is written to its slot. A dirty page-cache frame is
 * written to its file (shmem objects included: their backing store is their "file");
 * a clean one is dropped and read again on the next fault.
 */
#include "kern.h"
#include "memcontrol.h"
#include "backend/wave_marks.h"
#include "inject/inject.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct page *managed(struct kernel *k, uint64_t pa)
{
    if (pa == k->zero_page)
        return NULL;
    return pa_page(&k->pa, pa);
}

void rmap_add(struct kernel *k, uint64_t pa, struct mm *mm, uint64_t va)
{
    struct page *pg = managed(k, pa);
    if (!pg)
        return;
    if (pg->mapcount == pg->rmap_cap) {
        uint32_t cap = pg->rmap_cap ? 2 * pg->rmap_cap : 2;
        if (!pg->rmap)
            palloc_note_rmap(&k->pa, pg);
        struct rmap_ent *r = realloc(pg->rmap, cap * sizeof *r);
        if (!r)
            abort();
        pg->rmap = r;
        pg->rmap_cap = cap;
    }
    pg->rmap[pg->mapcount++] = (struct rmap_ent){mm, va};
    mm->rss++;
}

static struct rmap_ent *rmap_find(struct page *pg, struct mm *mm, uint64_t va)
{
    for (uint32_t i = 0; i < pg->mapcount; i++)
        if (pg->rmap[i].mm == mm && pg->rmap[i].va == va)
            return &pg->rmap[i];
    abort(); /* a PTE the rmap does not know: a kernel-model bug */
}

void rmap_del(struct kernel *k, uint64_t pa, struct mm *mm, uint64_t va)
{
    struct page *pg = managed(k, pa);
    if (!pg)
        return;
    struct rmap_ent *r = rmap_find(pg, mm, va);
    *r = pg->rmap[--pg->mapcount];
    mm->rss--;
}

void rmap_move(struct kernel *k, uint64_t pa, struct mm *mm, uint64_t old, uint64_t new)
{
    struct page *pg = managed(k, pa);
    if (pg)
        rmap_find(pg, mm, old)->va = new;
}

void page_mark_dirty(struct kernel *k, uint64_t pa)
{
    struct page *pg = managed(k, pa & ~(uint64_t)(PAGE_SIZE - 1));
    if (pg)
        pg->dirty = 1;
}

void page_fold_dirty(struct kernel *k, uint64_t pte)
{
    if (pte & PTE_D)
        page_mark_dirty(k, pte & PTE_ADDR);
}

static uint64_t ptep_of(struct kernel *k, const struct rmap_ent *r)
{
    uint64_t ptep = pt_walk(k, r->mm->root, r->va, false);
    if (!ptep)
        abort();
    return ptep;
}

/* page_referenced(): test-and-clear A in every PTE mapping the frame (no invalidation,
 * see above). A PROT_NONE entry is not present to the hardware and has no A. */
static bool referenced(struct kernel *k, struct page *pg)
{
    bool ref = false;
    for (uint32_t i = 0; i < pg->mapcount; i++) {
        uint64_t ptep = ptep_of(k, &pg->rmap[i]);
        uint64_t pte = pte_get(k, ptep);
        if ((pte & PTE_P) && (pte & PTE_A)) {
            pte_set(k, ptep, pte & ~PTE_A);
            ref = true;
        }
    }
    return ref;
}

static void write_to_file(struct kernel *k, struct page *pg, uint64_t pa)
{
    struct kfile *f = pg->file;
    for (unsigned o = 0; o < PAGE_SIZE; o += 8) {
        uint64_t w = k->be->ops->pread(k->be, pa + o, 8);
        memcpy(kfile_data(f, pg->index) + o, &w, 8);
    }
    k->stat_fileout++;
}

static bool evict(struct kernel *k, struct page *pg)
{
    uint64_t pa = page_pa(&k->pa, pg);
    bool anon = pg->kind == PG_ANON;
    if (swapcache_reclaim(k, pg)) /* read ahead and never used: clean */
        return true;
    /* only the PTEs (and the page cache) may hold it: anything else is in use */
    if (pg->refcount != pg->mapcount + (anon ? 0 : 1) || (anon && !pg->mapcount))
        return false;
    uint64_t slot = 0;
    bool fresh = false;
    if (anon) {
        slot = pg->swap_slot;
        if (!slot) {
            if (!(slot = swap_alloc(k)))
                return false; /* no swap left: not reclaimable */
            fresh = true;     /* the frame holds the slot's first reference */
        }
    }
    bool dirty = pg->dirty;
    for (uint32_t i = 0; i < pg->mapcount; i++)
        dirty |= (pte_get(k, ptep_of(k, &pg->rmap[i])) & PTE_D) != 0;
    if (kinject(k, INJ_SKIP_DIRTY_CHECK))
        dirty = false;
    /* The slot is written before any PTE changes, so that a failing swap file leaves the
     * page resident and mapped as it was. Nothing runs between the copy and the unmapping
     * below, so the copy is the page's final content. */
    if (anon && (fresh || dirty) && !swap_write(k, slot, pa)) {
        if (fresh)
            swap_free(k, slot);
        return false;
    }
    for (uint32_t i = 0; i < pg->mapcount; i++) {
        struct rmap_ent *r = &pg->rmap[i];
        uint64_t ptep = ptep_of(k, r);
        uint64_t pte = pte_get(k, ptep);
        pte_set(k, ptep, anon ? mk_swp_pte(slot) : 0);
        if (anon)
            swap_dup(k, slot);
        if ((pte & PTE_P) && !kinject(k, INJ_SKIP_INVLPG_RECLAIM))
            flush_page(k, r->mm, r->va);
        r->mm->rss--;
    }
    if (anon) {
        swapcache_del(k, slot, pa);
        swap_free(k, slot); /* the frame's reference; the swap PTEs hold theirs */
    } else {
        if (dirty)
            write_to_file(k, pg, pa);
        pagecache_forget(pg->file, pg->index);
    }
    pg->mapcount = pg->refcount = 0;
    memcg_uncharge(k, pg); /* a swap-out uncharges: a swap-in charges again */
    palloc_free(&k->pa, pa, 0);
    return true;
}

/* The clock, over every frame or only those charged to cg. */
static uint64_t shrink(struct kernel *k, struct memcg *cg, uint64_t target)
{
    if (k->in_reclaim || !target)
        return 0;
    wave_mark_kernel(cg ? "reclaim: memory cgroup" : "reclaim");
    k->in_reclaim = true;
    uint64_t got = 0, n = k->pa.npages;
    for (uint64_t budget = 2 * n; got < target && budget > 0 && !k->host_error[0]; budget--) {
        struct page *pg = &k->pa.pages[k->clock_hand];
        k->clock_hand = (k->clock_hand + 1) % n;
        if ((pg->kind != PG_ANON && pg->kind != PG_CACHE) || pg->pinned || (cg && pg->memcg != cg))
            continue;
        k->stat_scanned++;
        uint64_t skip_to;
        if (pg->thp && thp_reclaim_referenced(k, pg, &skip_to)) {
            k->stat_referenced++;
            k->clock_hand = skip_to % n;
            continue;
        }
        if (referenced(k, pg)) {
            k->stat_referenced++;
            continue;
        }
        if (evict(k, pg)) {
            got++;
            k->stat_reclaimed++;
        }
    }
    k->in_reclaim = false;
    return got;
}

uint64_t reclaim_pages(struct kernel *k, uint64_t target) { return shrink(k, NULL, target); }

uint64_t reclaim_memcg(struct kernel *k, struct memcg *cg, uint64_t target) { return shrink(k, cg, target); }

/* Table pages under table (itself included) at this level; swap entries in the leaves
 * are added to *swapents. */
static uint64_t count_tables(struct kernel *k, uint64_t table, int level, uint64_t *swapents)
{
    uint64_t n = 1;
    /* a root's upper half is the kernel's, shared: no process's to give back */
    for (unsigned i = 0; i < (level == 3 ? KERNEL_PGD_BOUNDARY : 512); i++) {
        uint64_t e = pte_get(k, table + 8 * i);
        if (level > 0 && (e & PTE_P) && !(level == 1 && (e & PTE_PS)))
            n += count_tables(k, e & PTE_ADDR, level - 1, swapents);
        else if (level == 0 && pte_is_swap(e))
            (*swapents)++;
    }
    return n;
}

/* Linux's oom_badness(): what killing the process gives back, in pages -- its resident
 * frames, its page tables and its swap entries. Counted by walking the tables (OOM is
 * rare); every process has at least its root table, so every process can be chosen. */
uint64_t oom_badness(struct kernel *k, struct proc *p, uint64_t *tables, uint64_t *swapents)
{
    *swapents = 0;
    *tables = count_tables(k, p->mm.root, 3, swapents);
    return p->mm.rss + *tables + *swapents;
}

/* The victim among cg's processes (every process if cg is NULL). */
static int kill_biggest(struct kernel *k, struct memcg *cg)
{
    wave_mark_kernel(cg ? "oom kill: memory cgroup" : "oom kill");
    struct proc *victim = NULL;
    uint64_t best = 0, tables = 0, swapents = 0;
    for (struct proc *p = k->procs; p; p = p->next) {
        if (cg && p->memcg != cg)
            continue;
        uint64_t t, s, b = oom_badness(k, p, &t, &s);
        if (!victim || b > best || (b == best && p->pid < victim->pid)) {
            victim = p;
            best = b;
            tables = t;
            swapents = s;
        }
    }
    if (!victim)
        return -1;
    int pid = victim->pid;
    if (cg)
        fprintf(stderr, "openmmu: kernel: memory cgroup %s out of memory: ", cg->name);
    else
        fprintf(stderr, "openmmu: kernel: out of memory: ");
    fprintf(stderr, "killed process %d (%llu pages resident, %llu page tables, %llu swap entries)\n", pid,
            (unsigned long long)victim->mm.rss, (unsigned long long)tables, (unsigned long long)swapents);
    k->stat_oom_kills++;
    if (cg)
        cg->ev_oom_kill++;
    proc_kill(k, pid);
    return pid;
}

int oom_kill(struct kernel *k)
{
    struct memcg *cg = k->oom_memcg;
    k->oom_memcg = NULL;
    return kill_biggest(k, cg);
}

int oom_kill_memcg(struct kernel *k, struct memcg *cg) { return kill_biggest(k, cg); }

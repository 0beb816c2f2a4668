// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Prefetching, after Linux mm/memory.c do_fault_around() and mm/swap_state.c
 * swap_cluster_readahead(): work a fault does for the pages next to it, which costs no
 * I/O (fault-around) or only I/O the device does cheaply in one go (swap readahead).
 *
 * Fault-around: a read fault on a file (or shmem) area also maps the pages around it that
 * are already in the page cache -- never one that would need reading -- within an aligned
 * window of fault_around_bytes (64 KiB), clipped to the area, to the page table the faulting
 * entry is in and to the file's last page. They are mapped read-only, as a read fault maps
 * a private file page, and only where the PTE is empty (pte_none: a swap, PROT_NONE or
 * present entry stays as it is).
 *
 * The swap cache: which frame holds a slot's content, at most one per slot, so that every
 * fault on a slot finds the frame already holding it (another process's swapped-in page, a
 * read-ahead page) instead of reading a second copy that could go stale.
 *
 * Swap readahead: a swap-in that had to read its slot also reads the other used slots of
 * the aligned cluster around it into the swap cache, unmapped; the window adapts as Linux's
 * swapin_nr_pages() does (one slot until faults come in sequence or read-ahead pages are
 * used, then up to 1 << page_cluster). A read-ahead page holds the slot's reference, as the
 * swap cache does; the first fault on it maps it (a minor fault) and takes that reference
 * over, so from then on it is an ordinary swapped-in page. Unmapped, it is clean (its slot
 * holds the same bytes): reclaim drops it, and so does the zap of the last swap entry
 * naming its slot. Readahead takes only frames above the low watermark: it never makes
 * reclaim run.
 *
 * Linux 6.x uses the VMA-based swap readahead by default on non-rotational devices
 * (/sys/kernel/mm/swap/vma_ra_enabled); the cluster readahead here is what it uses
 * otherwise. */
#include "kern.h"
#include "memcontrol.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SC_READAHEAD 1ull

void prefetch_init(struct kernel *k)
{
    k->pf.fault_around_pages = 16; /* 64 KiB */
    k->pf.page_cluster = 3;
    if (k->swap_slots && !(k->pf.swap_cache = calloc(k->swap_slots + 1, sizeof *k->pf.swap_cache)))
        abort(); /* host memory: not a condition the model answers for */
}

void prefetch_free(struct kernel *k)
{
    free(k->pf.swap_cache);
    k->pf.swap_cache = NULL;
}

int k_sysctl(struct kernel *k, const char *name, uint64_t value)
{
    if (strcmp(name, "fault_around_bytes") == 0) {
        if (value / PAGE_SIZE > 512) /* more than one page table's reach */
            return -EINVAL;
        uint64_t pages = value < PAGE_SIZE ? 1 : value >> PAGE_SHIFT;
        while (pages & (pages - 1)) /* rounddown_pow_of_two */
            pages &= pages - 1;
        k->pf.fault_around_pages = pages;
        return 0;
    }
    if (strcmp(name, "page-cluster") == 0) {
        if (value > 31)
            return -EINVAL;
        k->pf.page_cluster = (unsigned)value;
        return 0;
    }
    return -ENOENT;
}

/* ---- fault-around ---- */

void fault_around(struct kernel *k, struct mm *mm, struct vma *v, uint64_t addr, uint64_t ptep)
{
    uint64_t nr = k->pf.fault_around_pages;
    if (nr <= 1)
        return;
    /* the window in PTE indices of the faulting entry's table: aligned, then its start
     * raised to the area's start, its end nr pages on from there, within table and area */
    uint64_t pte_off = (addr >> PAGE_SHIFT) & 511, vma_off = (addr - v->start) >> PAGE_SHIFT;
    uint64_t from = pte_off & ~(nr - 1);
    if (from < pte_off - (vma_off < pte_off ? vma_off : pte_off))
        from = pte_off - (vma_off < pte_off ? vma_off : pte_off);
    uint64_t to = from + nr;
    if (to > 512)
        to = 512;
    uint64_t vma_end = pte_off + ((v->end - v->start) >> PAGE_SHIFT) - vma_off;
    if (to > vma_end)
        to = vma_end;
    struct kfile *f = v->file;
    uint64_t idx0 = v->pgoff + vma_off; /* file page of the faulting entry */
    bool shared = (v->flags & VM_SHARED) != 0;
    for (uint64_t i = from; i < to; i++) {
        if (i == pte_off)
            continue;
        uint64_t idx = idx0 + i - pte_off;
        if (idx >= kfile_pages(f))
            break; /* past the end of the file */
        uint64_t pa = pagecache_peek(f, idx);
        uint64_t p = ptep + 8 * (i - pte_off); /* same table: its entries are consecutive */
        if (!pa || pte_get(k, p) != 0)
            continue;
        page_get(k, pa);
        uint64_t va = addr + ((i - pte_off) << PAGE_SHIFT);
        rmap_add(k, pa, mm, va);
        /* shared areas as their read faults map them (memory.c), private ones read-only */
        pte_set(k, p, mk_pte(pa, v->flags, shared)); /* an empty entry: no invalidation */
        k->pf.stat_fault_around++;
    }
}

/* ---- the swap cache ---- */

uint64_t swapcache_find(struct kernel *k, uint64_t slot)
{
    uint64_t e = k->pf.swap_cache[slot];
    if (e & SC_READAHEAD) {
        k->pf.swap_cache[slot] = e & ~SC_READAHEAD;
        k->pf.stat_swap_ra_hit++;
        k->pf.ra_hits++;
    }
    return e & ~SC_READAHEAD;
}

void swapcache_add(struct kernel *k, uint64_t slot, uint64_t pa) { k->pf.swap_cache[slot] = pa; }

void swapcache_del(struct kernel *k, uint64_t slot, uint64_t pa)
{
    if ((k->pf.swap_cache[slot] & ~SC_READAHEAD) == pa)
        k->pf.swap_cache[slot] = 0;
}

/* Linux's __swapin_nr_pages(): one slot unless faults come in sequence or read-ahead pages
 * were used since the last window; never shrinking faster than by half. */
static uint64_t swapin_nr_pages(struct kernel *k, uint64_t offset)
{
    uint64_t max = 1ull << k->pf.page_cluster;
    if (max <= 1)
        return 1;
    uint64_t hits = k->pf.ra_hits, pages = hits + 2;
    k->pf.ra_hits = 0;
    if (pages == 2) {
        if (offset != k->pf.prev_offset + 1 && offset + 1 != k->pf.prev_offset)
            pages = 1;
    } else {
        uint64_t r = 4;
        while (r < pages)
            r <<= 1;
        pages = r;
    }
    if (pages > max)
        pages = max;
    if (pages < k->pf.last_ra_pages / 2)
        pages = k->pf.last_ra_pages / 2;
    if (!hits)
        k->pf.prev_offset = offset;
    k->pf.last_ra_pages = pages;
    return pages;
}

void swapin_readahead(struct kernel *k, uint64_t slot)
{
    uint64_t mask = swapin_nr_pages(k, slot) - 1;
    if (!mask)
        return;
    uint64_t start = slot & ~mask, end = slot | mask;
    if (!start)
        start = 1; /* slot 0 is no slot (Linux's swap header) */
    if (end > k->swap_slots)
        end = k->swap_slots;
    for (uint64_t s = start; s <= end; s++) {
        if (s == slot || !k->swap_map[s] || k->pf.swap_cache[s])
            continue; /* free, or its content already has a frame */
        if (k->pa.nfree <= k->wm_low || !memcg_has_room(k, PG_ANON, 1))
            return; /* only spare memory: readahead never makes reclaim run, a group's neither */
        uint64_t pa = page_alloc_zeroed(k, PG_ANON); /* the swap cache's reference */
        if (!pa)
            return;
        if (!swap_read(k, s, pa)) { /* the host's failure ends the run (k_host_error) */
            page_put(k, pa);
            return;
        }
        swap_dup(k, s); /* the cache's own reference on the slot */
        pa_page(&k->pa, pa)->swap_slot = s;
        k->pf.swap_cache[s] = pa | SC_READAHEAD;
        k->pf.stat_swap_ra++;
    }
}

/* A frame only the swap cache holds: no mapping, the cache's one reference. */
static struct page *unused_cache_page(struct kernel *k, uint64_t slot)
{
    uint64_t pa = k->pf.swap_cache ? k->pf.swap_cache[slot] & ~SC_READAHEAD : 0;
    struct page *pg = pa ? pa_page(&k->pa, pa) : NULL;
    return pg && pg->mapcount == 0 && pg->refcount == 1 ? pg : NULL;
}

void free_swap_and_cache(struct kernel *k, uint64_t slot)
{
    swap_free(k, slot);
    struct page *pg;
    if (k->swap_map[slot] == 1 && (pg = unused_cache_page(k, slot)))
        page_put(k, page_pa(&k->pa, pg)); /* frees the frame and the slot's last reference */
}

bool swapcache_reclaim(struct kernel *k, struct page *pg)
{
    if (pg->kind != PG_ANON || !pg->swap_slot || unused_cache_page(k, pg->swap_slot) != pg)
        return false;
    page_put(k, page_pa(&k->pa, pg));
    return true;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* TLB invalidation and address-space switches.
 *
 * Every process has its own PCID, so a switch is a CR3 write with bit 63 set (keep that
 * PCID's TLB entries), except the first load of a PCID that a previous owner may have
 * left entries under: that one is written without bit 63, which flushes the PCID.
 * Page-table edits are only made in the current address space (INVLPG), except for a
 * process that is not running, where INVPCID type 0/1 targets its PCID.
 */
#include "kern.h"
#include "backend/wave_marks.h"
#include "inject/inject.h"

#include <stdlib.h>

/* Linux's tlb_single_page_flush_ceiling: beyond it, one full flush of the PCID. */
#define FLUSH_CEILING 33

void k_switch_to(struct kernel *k, struct proc *p)
{
    if (k->cur == p)
        return;
    wave_mark_kernel("switch");
    wave_mark_pid(p ? p->pid : 0);
    uint64_t cr3;
    if (!p) {
        cr3 = k->idle_root | (1ull << 63); /* PCID 0 never maps user memory */
    } else {
        unsigned pcid = p->mm.pcid;
        cr3 = p->mm.root | pcid;
        if (k->pcid_stale[pcid])
            k->pcid_stale[pcid] = false;
        else
            cr3 |= 1ull << 63;
    }
    k->be->ops->write_cr3(k->be, cr3);
    k->cur = p;
}

void flush_page(struct kernel *k, struct mm *mm, uint64_t va)
{
    k->stat_invlpg++;
    wave_mark_kernel("shootdown: page");
    if (k->cur && &k->cur->mm == mm)
        k->be->ops->invlpg(k->be, va);
    else
        k->be->ops->invpcid(k->be, 0, mm->pcid, va);
}

void flush_mm(struct kernel *k, struct mm *mm)
{
    k->stat_flushes++;
    wave_mark_kernel("shootdown: mm");
    if (k->cur && &k->cur->mm == mm)
        k->be->ops->write_cr3(k->be, mm->root | mm->pcid); /* bit 63 clear: flush this PCID */
    else
        k->be->ops->invpcid(k->be, 1, mm->pcid, 0);
}

void flush_tlb_kernel_range(struct kernel *k, uint64_t start, uint64_t end)
{
    wave_mark_kernel("shootdown: kernel range");
    if (k->inject & INJ_SKIP_FLUSH_KERNEL)
        return;
    /* Global entries live in every PCID: INVLPG removes them for its page whatever the
     * PCID; beyond the ceiling, INVPCID type 2 removes everything, globals included
     * (Linux's flush_tlb_all -> invpcid_flush_all; without INVPCID it toggles CR4.PGE). */
    uint64_t pages = (end - start) >> PAGE_SHIFT;
    if (pages > FLUSH_CEILING) {
        k->stat_kflush_all++;
        k->be->ops->invpcid(k->be, 2, 0, 0);
        return;
    }
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        k->stat_kflush_pages++;
        k->be->ops->invlpg(k->be, va);
    }
}

void tlb_gather_init(struct tlb_gather *g, struct mm *mm)
{
    *g = (struct tlb_gather){.mm = mm};
}

static void push(uint64_t **a, size_t *n, size_t *cap, uint64_t v)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        uint64_t *na = realloc(*a, *cap * sizeof **a);
        if (!na)
            abort();
        *a = na;
    }
    (*a)[(*n)++] = v;
}

void tlb_gather_va(struct tlb_gather *g, uint64_t va) { push(&g->vas, &g->nva, &g->cap_va, va); }
void tlb_gather_page(struct tlb_gather *g, uint64_t pa) { push(&g->pas, &g->npa, &g->cap_pa, pa); }

void tlb_finish(struct kernel *k, struct tlb_gather *g)
{
    wave_mark_kernel("shootdown");
    if (g->mm->dying)
        ; /* the PCID is flushed before any reuse (pcid_stale) */
    else if (g->nva > FLUSH_CEILING)
        flush_mm(k, g->mm);
    else
        for (size_t i = 0; i < g->nva; i++)
            flush_page(k, g->mm, g->vas[i]);
    /* Only now can no TLB hold the frames: they may be reused. */
    for (size_t i = 0; i < g->npa; i++)
        page_put(k, g->pas[i]);
    free(g->vas);
    free(g->pas);
    *g = (struct tlb_gather){.mm = g->mm};
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel half: the upper half of every address space, as x86-64 Linux lays it out
 * without KASLR.
 *
 *   PAGE_OFFSET + pa   the direct map of the managed physical memory (page_offset_base
 *                      0xffff888000000000), with the largest page each aligned stretch
 *                      allows -- 1 GiB, 2 MiB, else 4 KiB -- as init_mem_mapping's
 *                      split_mem_range; read-write, never executable
 *   KTEXT_BASE         the model's own image (0xffffffff81000000, __START_KERNEL_map +
 *                      CONFIG_PHYSICAL_START): its text pages read-only and executable,
 *                      its data pages read-write, not executable
 *
 * Every entry is supervisor-only (no U/S at any level), and the leaves are global (G), so
 * that with CR4.PGE a CR3 switch keeps them. The tables are built once at boot under the
 * idle root, which is init_mm's pgd; every mm's PML4 copies its entries 256..511 when it
 * is made (pgd_alloc's clone_pgd_range), so all processes share the same PDPT pages and
 * everything below them. Leaves and tables are made with A (and the leaves with D) set, as
 * Linux's __PAGE_KERNEL and _KERNPG_TABLE are, so the hardware never writes them.
 *
 * After boot the kernel half changes only through kmap_set (set_memory_np/ro/rw: pages
 * taken out or made read-only), which splits a large page first, as the x86
 * change_page_attr code does, and flushes the kernel range on every CPU's TLB
 * (flush_tlb_kernel_range: the single CPU here).
 */
#include "kern.h"

#include <errno.h>

#define KPT_TABLE (PTE_P | PTE_RW | PTE_A)                  /* _KERNPG_TABLE */
#define KPT_DATA  (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_G | PTE_XD) /* __PAGE_KERNEL */
#define KPT_TEXT  (PTE_P | PTE_A | PTE_G)                   /* __PAGE_KERNEL_ROX */

static unsigned shift_of(int level) { return 12 + 9 * (unsigned)level; }
static uint64_t index_of(uint64_t va, int level) { return (va >> shift_of(level)) & 511; }

/* The entry translating va at level (3: PML4E .. 0: PTE) under the idle root, making the
 * tables above it; 0 when a table cannot be had or a large leaf is in the way. */
static uint64_t kpt_entry(struct kernel *k, uint64_t va, int level)
{
    uint64_t table = k->idle_root;
    for (int l = 3; l > level; l--) {
        uint64_t ep = table + (index_of(va, l) << 3);
        uint64_t e = pte_get(k, ep);
        if (!(e & PTE_P)) {
            uint64_t t = pt_alloc_table(k);
            if (!t)
                return 0;
            e = t | KPT_TABLE;
            pte_set(k, ep, e); /* not present before: nothing cached to invalidate */
            if (l == 3)
                k->kpgd[k->nkpgd++] = index_of(va, 3);
        } else if (e & PTE_PS) {
            return 0;
        }
        table = e & PTE_ADDR;
    }
    return table + (index_of(va, level) << 3);
}

static bool kmap_range(struct kernel *k, uint64_t va, uint64_t pa, uint64_t len, uint64_t flags)
{
    for (uint64_t off = 0; off < len;) {
        int level = 0;
        /* the largest page whose alignment and extent fit: 1 GiB, 2 MiB, 4 KiB */
        for (int l = 2; l > 0; l--) {
            uint64_t sz = 1ull << shift_of(l);
            if (((va + off) & (sz - 1)) == 0 && ((pa + off) & (sz - 1)) == 0 && len - off >= sz) {
                level = l;
                break;
            }
        }
        uint64_t ep = kpt_entry(k, va + off, level);
        if (!ep)
            return false;
        pte_set(k, ep, (pa + off) | flags | (level ? PTE_PS : 0));
        off += 1ull << shift_of(level);
    }
    return true;
}

/* A few bytes the image's text holds, so that a kernel fetch from it reads something the
 * tests can name: "openmmu!" little-endian, then the word's index. */
#define KTEXT_WORD 0x21756d6d6e65706full

bool kmap_init(struct kernel *k)
{
    uint64_t lo = k->pa.base_pfn << PAGE_SHIFT, len = k->pa.npages << PAGE_SHIFT;
    if (!kmap_range(k, kva(lo), lo, len, KPT_DATA))
        return false;
    /* the image: one block, text first */
    k->kimage = palloc_alloc(&k->pa, KIMAGE_ORDER);
    if (!k->kimage)
        return false;
    for (uint64_t i = 0; i < KIMAGE_PAGES; i++) {
        struct page *pg = pa_page(&k->pa, k->kimage + (i << PAGE_SHIFT));
        pg->kind = PG_KERNEL;
        pg->refcount = 1;
    }
    k->kmap_ready = true; /* from here the kernel's own accesses go through the direct map */
    for (uint64_t i = 0; i < KIMAGE_PAGES; i++)
        kmem_zero_page(k, k->kimage + (i << PAGE_SHIFT));
    for (uint64_t w = 0; w < (KIMAGE_TEXT_PAGES << PAGE_SHIFT) / 8; w++)
        kmem_write(k, k->kimage + 8 * w, 8, w % 512 == 0 ? KTEXT_WORD : w);
    return kmap_range(k, KTEXT_BASE, k->kimage, KIMAGE_TEXT_PAGES << PAGE_SHIFT, KPT_TEXT) &&
           kmap_range(k, KTEXT_BASE + (KIMAGE_TEXT_PAGES << PAGE_SHIFT),
                      k->kimage + (KIMAGE_TEXT_PAGES << PAGE_SHIFT), KIMAGE_DATA_PAGES << PAGE_SHIFT, KPT_DATA);
}

void kmap_clone_pgd(struct kernel *k, uint64_t root)
{
    /* The entries of the idle root's upper half that are present (the new root is zeroed:
     * copying the absent ones too, as clone_pgd_range's memcpy does, would change nothing). */
    for (unsigned i = 0; i < k->nkpgd; i++)
        pte_set(k, root + 8 * k->kpgd[i], pte_get(k, k->idle_root + 8 * k->kpgd[i]));
}

/* The entry translating va in the kernel half, splitting a large page on the way into
 * 512 of the next size with the same rights (as split_large_page: the new table is filled
 * before the entry is switched to it, so the translation never changes meanwhile). 0 if
 * va is not mapped or the table for a split cannot be had. */
static uint64_t kpt_leaf_split(struct kernel *k, uint64_t va, int *splits)
{
    uint64_t table = k->idle_root;
    for (int l = 3; l >= 0; l--) {
        uint64_t ep = table + (index_of(va, l) << 3);
        uint64_t e = pte_get(k, ep);
        if (!(e & PTE_P) || l == 0)
            return (e & PTE_P) ? ep : 0;
        if (e & PTE_PS) {
            uint64_t t = pt_alloc_table(k);
            if (!t)
                return 0;
            uint64_t base = e & PTE_ADDR & ~((1ull << shift_of(l)) - 1), step = 1ull << shift_of(l - 1);
            uint64_t flags = e & ~PTE_ADDR;
            if (l == 1) /* into PTEs, where bit 7 is PAT, not PS */
                flags &= ~PTE_PS;
            for (uint64_t i = 0; i < 512; i++)
                pte_set(k, t + 8 * i, (base + i * step) | flags);
            pte_set(k, ep, t | KPT_TABLE);
            (*splits)++;
            e = t | KPT_TABLE;
        }
        table = e & PTE_ADDR;
    }
    return 0;
}

/* Is [va, va + len) kernel memory the model maps: the direct map or the image? */
static bool kernel_range(const struct kernel *k, uint64_t va, uint64_t len)
{
    uint64_t lo = kva(k->pa.base_pfn << PAGE_SHIFT), dlen = k->pa.npages << PAGE_SHIFT;
    uint64_t ilen = KIMAGE_PAGES << PAGE_SHIFT;
    return (va >= lo && va - lo <= dlen && len <= dlen - (va - lo)) ||
           (va >= KTEXT_BASE && va - KTEXT_BASE <= ilen && len <= ilen - (va - KTEXT_BASE));
}

int kmap_set(struct kernel *k, uint64_t va, uint64_t len, enum kset how)
{
    if ((va | len) & (PAGE_SIZE - 1) || len == 0 || !kernel_range(k, va, len))
        return -EINVAL;
    int splits = 0;
    for (uint64_t a = va; a < va + len; a += PAGE_SIZE) {
        uint64_t ep = kpt_leaf_split(k, a, &splits);
        /* not present: a page taken out before, whose 4 KiB entry is still in its table
         * (a large page is split before any of it is taken out) */
        if (!ep && !(ep = kpt_entry(k, a, 0)))
            return -ENOMEM;
        uint64_t e = pte_get(k, ep);
        /* the frame and the other rights stay: P and R/W alone change, as the
         * set_memory_* calls change one attribute */
        if (how == KSET_NONE)
            e &= ~PTE_P;
        else if (how == KSET_RO)
            e = (e | PTE_P) & ~PTE_RW;
        else
            e |= PTE_P | PTE_RW;
        pte_set(k, ep, e);
    }
    k->stat_kset_splits += (uint64_t)splits;
    flush_tlb_kernel_range(k, va, va + len);
    return 0;
}

int k_kset(struct kernel *k, uint64_t va, uint64_t len, enum kset how) { return kmap_set(k, va, len, how); }

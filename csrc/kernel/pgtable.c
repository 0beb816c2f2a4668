// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* x86-64 4-level page tables in simulated physical memory, read and written by the kernel
 * through its direct map (kaccess.c). Non-leaf entries of the user half grant everything
 * (P, R/W, U/S): the leaf alone carries a page's rights, so changing rights touches one
 * entry. The upper half (PML4 entries 256..511) is the kernel's, shared by every root
 * (kmap.c): a walk of a user range never reaches it, and freeing a root leaves it alone. */
#include "kern.h"

uint64_t pte_get(struct kernel *k, uint64_t ptep)
{
    k->stat_pte_reads++;
    return kmem_read(k, ptep, 8);
}
void pte_set(struct kernel *k, uint64_t ptep, uint64_t pte) { kmem_write(k, ptep, 8, pte); }

uint64_t pt_alloc_table(struct kernel *k)
{
    return page_alloc_zeroed(k, PG_TABLE);
}

uint64_t pt_pmd(struct kernel *k, uint64_t root, uint64_t va, bool create)
{
    uint64_t table = root;
    for (int level = 3; level > 1; level--) {
        uint64_t ep = table + (((va >> (12 + 9 * level)) & 511) << 3);
        uint64_t e = pte_get(k, ep);
        if (!(e & PTE_P)) {
            if (!create)
                return 0;
            uint64_t t = pt_alloc_table(k);
            if (!t)
                return 0;
            /* Filling a not-present entry: nothing can be cached for it, no invalidation. */
            pte_set(k, ep, t | PT_NONLEAF);
            e = t | PT_NONLEAF;
        }
        table = e & PTE_ADDR;
    }
    return table + (((va >> 21) & 511) << 3);
}

uint64_t pt_pte(struct kernel *k, uint64_t root, uint64_t pmdp, uint64_t va, bool create)
{
    uint64_t e = pte_get(k, pmdp);
    if (pmd_is_huge(e)) { /* a 4 KiB entry is asked for: the huge page becomes 512 */
        split_huge_pmd(k, mm_of_root(k, root), pmdp, va);
        e = pte_get(k, pmdp);
    }
    if (!(e & PTE_P)) {
        if (!create)
            return 0;
        uint64_t t = pt_alloc_table(k);
        if (!t)
            return 0;
        pte_set(k, pmdp, t | PT_NONLEAF);
        e = t | PT_NONLEAF;
    }
    return (e & PTE_ADDR) + (((va >> 12) & 511) << 3);
}

uint64_t pt_walk(struct kernel *k, uint64_t root, uint64_t va, bool create)
{
    uint64_t pmdp = pt_pmd(k, root, va, create);
    return pmdp ? pt_pte(k, root, pmdp, va, create) : 0;
}

uint64_t pt_leaf(struct kernel *k, uint64_t root, uint64_t va)
{
    uint64_t table = root;
    for (int level = 3;; level--) {
        uint64_t e = pte_get(k, table + (((va >> (12 + 9 * level)) & 511) << 3));
        /* a leaf: a PTE, or a 2 MiB or 1 GiB page (the direct map has both); a huge entry
         * that is not present (PROT_NONE) is a leaf too */
        if (level == 0 || (level <= 2 && (e & PTE_PS)))
            return e;
        if (!(e & PTE_P))
            return 0;
        table = e & PTE_ADDR;
    }
}

bool pt_translate(struct kernel *k, uint64_t root, uint64_t va, uint64_t *leaf, uint64_t *pa)
{
    uint64_t table = root;
    for (int level = 3;; level--) {
        unsigned shift = 12 + 9 * (unsigned)level;
        uint64_t e = pte_get(k, table + (((va >> shift) & 511) << 3));
        if (!(e & PTE_P))
            return false;
        if (level == 0 || (level <= 2 && (e & PTE_PS))) {
            uint64_t size = 1ull << shift;
            /* a large leaf's frame field holds PAT in its bit 12: the frame is aligned */
            *leaf = e;
            *pa = (e & PTE_ADDR & ~(size - 1)) | (va & (size - 1));
            return true;
        }
        table = e & PTE_ADDR;
    }
}

uint64_t pt_lookup_huge(struct kernel *k, uint64_t root, uint64_t va, uint64_t *next, uint64_t *hugep)
{
    uint64_t table = root;
    *hugep = 0;
    for (int level = 3; level > 0; level--) {
        unsigned shift = 12 + 9 * (unsigned)level;
        uint64_t ep = table + (((va >> shift) & 511) << 3);
        uint64_t e = pte_get(k, ep);
        if (!(e & PTE_P)) {
            /* nothing below this entry: the walk may go on past all it covers */
            *next = (va | ((1ull << shift) - 1)) + 1;
            return 0;
        }
        if (level == 1 && (e & PTE_PS)) {
            *hugep = ep;
            *next = (va | (HPAGE_SIZE - 1)) + 1;
            return 0;
        }
        table = e & PTE_ADDR;
    }
    *next = va + PAGE_SIZE;
    return table + (((va >> 12) & 511) << 3);
}

uint64_t pt_lookup(struct kernel *k, uint64_t root, uint64_t va, uint64_t *next)
{
    uint64_t hugep;
    uint64_t ptep = pt_lookup_huge(k, root, va, next, &hugep);
    if (!hugep)
        return ptep;
    split_huge_pmd(k, mm_of_root(k, root), hugep, va);
    return pt_lookup_huge(k, root, va, next, &hugep);
}

static void free_level(struct kernel *k, uint64_t table, int level)
{
    if (level > 0) {
        for (unsigned i = 0; i < (level == 3 ? KERNEL_PGD_BOUNDARY : 512); i++) {
            uint64_t e = pte_get(k, table + 8 * i);
            if ((e & PTE_P) && !(level == 1 && (e & PTE_PS))) /* a huge leaf is no table */
                free_level(k, e & PTE_ADDR, level - 1);
        }
    }
    page_put(k, table);
}

void pt_free_tables(struct kernel *k, uint64_t root)
{
    free_level(k, root, 3);
}

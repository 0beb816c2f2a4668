// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Page-table building for the rtl backend tests: a bump allocator of zeroed table frames
 * and mappers that write 4-level entries with pwrite, as a kernel would. Static helpers,
 * included by the test_rtl_*.c programs only. */
#ifndef OPENMMU_TEST_RTL_PT_H
#define OPENMMU_TEST_RTL_PT_H

#include <stdint.h>

#include "backend/backend.h"

#define PT_FLAGS (PTE_P | PTE_RW | PTE_US) /* non-leaf entries: allow everything */

typedef struct {
    backend *b;
    uint64_t next; /* next free table frame */
} pt_ctx;

static inline uint64_t pt_alloc(pt_ctx *c)
{
    uint64_t f = c->next;
    c->next += 0x1000;
    for (unsigned i = 0; i < 512; i++)
        c->b->ops->pwrite(c->b, f + 8 * i, 8, 0);
    return f;
}

/* Address of the entry of `level` (3 = PML4E .. 0 = PTE) for va, creating tables above it. */
static inline uint64_t pt_entry(pt_ctx *c, uint64_t root, uint64_t va, int level)
{
    uint64_t table = root;
    for (int l = 3; l > level; l--) {
        uint64_t ea = table + 8 * ((va >> (12 + 9 * l)) & 511);
        uint64_t e = c->b->ops->pread(c->b, ea, 8);
        if (!(e & PTE_P)) {
            e = pt_alloc(c) | PT_FLAGS;
            c->b->ops->pwrite(c->b, ea, 8, e);
        }
        table = e & 0x000ffffffffff000ull;
    }
    return table + 8 * ((va >> (12 + 9 * level)) & 511);
}

/* Maps the page of `level` size (0 4K, 1 2M, 2 1G) at va to pa with leaf flags. */
static inline uint64_t pt_map(pt_ctx *c, uint64_t root, uint64_t va, uint64_t pa, int level,
                              uint64_t flags)
{
    uint64_t ea = pt_entry(c, root, va, level);
    c->b->ops->pwrite(c->b, ea, 8, pa | flags | (level ? PTE_PS : 0));
    return ea;
}

#endif

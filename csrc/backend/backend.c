// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* What every backend shares: the counters' names, and the whole-line operations over
 * the word ones (the registry, a name to a constructor, is csrc/registry/). */
#include "backend.h"
#include "backend/ref_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const be_counter_names[BE_NCOUNTERS] = {
#define BE_CNT_NAME(n) #n,
    BE_COUNTERS(BE_CNT_NAME)
#undef BE_CNT_NAME
};

static void line_aligned(const char *op, uint64_t pa)
{
    if (pa % BE_LINE) {
        fprintf(stderr, "%s: physical address %#llx is not %u-byte aligned\n", op,
                (unsigned long long)pa, BE_LINE);
        abort();
    }
}

void be_counters_peek(backend *b, uint64_t out[BE_NCOUNTERS])
{
    if (b->ops->counters_peek)
        b->ops->counters_peek(b, out);
    else
        b->ops->counters(b, out);
}

void be_counters_since(backend *b, const uint64_t base[BE_NCOUNTERS], uint64_t out[BE_NCOUNTERS])
{
    b->ops->counters(b, out);
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        out[i] -= base[i];
}

be_status be_line_zero(backend *b, uint64_t pa)
{
    line_aligned("be_line_zero", pa);
    if (b->ops->line_zero)
        return b->ops->line_zero(b, pa);
    for (unsigned i = 0; i < BE_LINE; i += 8)
        b->ops->pwrite(b, pa + i, 8, 0);
    return BE_OK;
}

be_status be_zero_lines(backend *b, uint64_t pa, unsigned n)
{
    line_aligned("be_zero_lines", pa);
    if (b->ops->zero_lines)
        return b->ops->zero_lines(b, pa, n);
    be_status s = BE_OK;
    for (unsigned i = 0; i < n; i++)
        if (be_line_zero(b, pa + (uint64_t)i * BE_LINE) == BE_MCE)
            s = BE_MCE;
    return s;
}

void be_line_read(backend *b, uint64_t pa, uint64_t w[8])
{
    line_aligned("be_line_read", pa);
    if (b->ops->line_read) {
        b->ops->line_read(b, pa, w);
        return;
    }
    for (unsigned i = 0; i < 8; i++)
        w[i] = b->ops->pread(b, pa + 8 * i, 8);
}

void be_line_write(backend *b, uint64_t pa, const uint64_t w[8])
{
    line_aligned("be_line_write", pa);
    if (b->ops->line_write) {
        b->ops->line_write(b, pa, w);
        return;
    }
    for (unsigned i = 0; i < 8; i++)
        b->ops->pwrite(b, pa + 8 * i, 8, w[i]);
}

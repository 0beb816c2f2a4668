// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Burst address arithmetic shared by the slave model and the checker. */
#include "axi/axi.h"

uint64_t axi_beat_addr(uint64_t addr, unsigned len, unsigned size, unsigned burst, unsigned i)
{
    uint64_t bytes = 1ull << size;
    uint64_t aligned = addr & ~(bytes - 1);
    if (burst == AXI_BURST_FIXED || i == 0)
        return addr;
    if (burst == AXI_BURST_WRAP) {
        uint64_t span = bytes * (len + 1);
        uint64_t base = addr & ~(span - 1);
        return base + ((addr - base + i * bytes) % span);
    }
    return aligned + i * bytes;
}

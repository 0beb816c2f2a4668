// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Simulated physical memory (the DRAM behind the MMU).
 *
 * Sparse: 4 KiB frames are allocated on first write, so a 40-bit physical address space
 * costs only what is touched. Unwritten memory reads as zero. Accesses are little-endian,
 * of 1, 2, 4 or 8 bytes, and must not cross an 8-byte boundary (the callers split).
 */
#ifndef OPENMMU_PHYSMEM_H
#define OPENMMU_PHYSMEM_H

#include <stdbool.h>
#include <stdint.h>

typedef struct physmem physmem;

physmem *physmem_new(void);
void physmem_free(physmem *m);

uint64_t physmem_read(const physmem *m, uint64_t pa, unsigned size);
void physmem_write(physmem *m, uint64_t pa, unsigned size, uint64_t val);

/* Atomic compare-and-swap of an aligned 8-byte word: writes val only if the word equals
 * expect. Returns the word's old value (the write happened iff it equals expect). */
uint64_t physmem_cas64(physmem *m, uint64_t pa, uint64_t expect, uint64_t val);

/* The frame holding pa, or NULL if it was never written (reads as zero). */
const uint8_t *physmem_frame(const physmem *m, uint64_t pa);

/* Watching frames, for a cache of what was computed from them (the ref backend's walk
 * memo): physmem_watch marks pa's frame; the first write into any marked frame advances
 * the watch generation and unmarks every frame at once. A result computed from watched
 * frames is therefore still true while the generation it was computed in is current. */
void physmem_watch(physmem *m, uint64_t pa);
uint64_t physmem_watch_gen(const physmem *m);

/* Calls fn for every allocated frame, in no particular order. */
void physmem_each_frame(const physmem *m, void (*fn)(void *ctx, uint64_t pfn, const uint8_t *data), void *ctx);

#endif

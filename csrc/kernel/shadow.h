// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Shadow memory: what every byte of a process's address space must read, kept by
 * Linux's semantics alone -- never from frames or page tables -- so that a lost write,
 * a COW copied from the wrong frame, or a stale TLB entry shows up on the next load.
 *
 * A process's private pages that it has written (or that MAP_POPULATE faulted for
 * writing) have their own shadow copy; every other byte is derived from the area: zero
 * for anonymous memory, the file's (or shmem object's) shadow for file-backed memory,
 * which is where writes through shared mappings go.
 */
#ifndef OPENMMU_KERNEL_SHADOW_H
#define OPENMMU_KERNEL_SHADOW_H

#include <stdint.h>

struct proc;
struct shadow;

struct shadow *shadow_new(void);
struct shadow *shadow_clone(const struct shadow *s); /* fork: private copies are copied */
void shadow_free(struct shadow *s);

/* size (1..8) little-endian bytes at va, which may cross a page; unmapped bytes read 0
 * and take no write. */
uint64_t shadow_read(struct proc *p, uint64_t va, unsigned size);
void shadow_write(struct proc *p, uint64_t va, unsigned size, uint64_t val);
/* The private page holding va gets its own copy now (a write fault without a store). */
void shadow_cow(struct proc *p, uint64_t va);
/* Private copies in [start, end) are forgotten (munmap, madvise dontneed). */
void shadow_drop(struct shadow *s, uint64_t start, uint64_t end);
/* Copies looked at by drop and move so far: their cost, which follows the range. */
uint64_t shadow_visits(const struct shadow *s);
/* Private copies in [old, old+len) move to new (mremap). */
void shadow_move(struct shadow *s, uint64_t old, uint64_t len, uint64_t new);

#endif

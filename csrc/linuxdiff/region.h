// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The address region that linuxrun and kgen agree on.
 *
 * Linux and the kernel model place non-fixed mappings, stacks and heaps differently, so
 * generated scenarios keep every address inside one region that is free in every real
 * process and use MAP_FIXED (or MAP_FIXED_NOREPLACE, or a hint the generator knows is free).
 * The region sits above AddressSanitizer's shadow (which ends at 0x10007fff8000) so that the
 * sanitizer build of linuxrun sees the same address space as the release build.
 *
 * The program break: a real process's break lies just after its own data segment, the
 * model's wherever the model puts it. linuxrun moves each spawned process's break to
 * LD_BRK_BASE (prctl PR_SET_MM, which needs CAP_SYS_RESOURCE), so a scenario can compare
 * `brk` results as absolute addresses as long as the model starts its break there too.
 */
#ifndef OPENMMU_LINUXDIFF_REGION_H
#define OPENMMU_LINUXDIFF_REGION_H

#define LD_REGION_LO  0x200000000000ull /* `maps` shows only mappings inside [LO, HI) */
#define LD_REGION_HI  0x200040000000ull
#define LD_BRK_BASE   0x200020000000ull /* initial break of every spawned process */
#define LD_PAGE       4096ull

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The x86-64 paging constants (Intel SDM vol. 3, chapter 4) that the reference model, the
 * kernel model and the backends share: the bits of a page-table entry and of a page
 * fault's error code. The architecture's numbers, so one home for all of them.
 */
#ifndef OPENMMU_COMMON_X86_H
#define OPENMMU_COMMON_X86_H

/* Page-fault error-code bits (SDM 4.7). */
#define PF_P    (1u << 0)
#define PF_W    (1u << 1)
#define PF_U    (1u << 2)
#define PF_RSVD (1u << 3)
#define PF_I    (1u << 4)

/* Page-table entry bits (SDM 4.5). */
#define PTE_P   (1ull << 0)
#define PTE_RW  (1ull << 1)
#define PTE_US  (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_A   (1ull << 5)
#define PTE_D   (1ull << 6)
#define PTE_PS  (1ull << 7)
#define PTE_G   (1ull << 8)
#define PTE_XD  (1ull << 63)

#endif

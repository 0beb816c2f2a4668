// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Control registers of the reference model and the invalidation each control operation
 * requires (docs/semantics.md, "#GP on control operations" and "Invalidation").
 *
 * A control operation either raises #GP (state unchanged, nothing invalidated) or updates
 * the state and describes, in a ref_inval, the minimum the SDM requires the TLB and the
 * paging-structure caches to forget. Whoever models caches applies that description.
 */
#ifndef OPENMMU_REF_CTL_H
#define OPENMMU_REF_CTL_H

#include "backend/backend.h"

typedef struct {
    unsigned maxphyaddr;
    uint64_t cr3; /* bit 63 never stored: it is an instruction operand, not state */
    bool wp, pcide, pge, smep, smap, nxe;
} ref_ctl;

typedef enum {
    RI_NONE,
    RI_PAGE,         /* INVLPG: page of va for pcid and global; all PSC of pcid */
    RI_PCID_PAGE,    /* INVPCID 0: page of va for pcid, non-global; all PSC of pcid */
    RI_PCID,         /* INVPCID 1, MOV CR3: non-global of pcid; all PSC of pcid */
    RI_ALL,          /* INVPCID 2, MOV CR4 (PGE, PCIDE 1->0): everything */
    RI_ALL_NONGLOBAL /* INVPCID 3: non-global of every PCID; all PSC */
} ref_inval_kind;

typedef struct {
    ref_inval_kind kind;
    uint16_t pcid;
    uint64_t va;
} ref_inval;

/* The reset state of docs/scenario.md ("Hardware level"): CR3=0, WP=1, PCIDE=0, PGE=1, SMEP=SMAP=0, NXE=1. */
void ref_ctl_reset(ref_ctl *c, unsigned maxphyaddr);

static inline bool ref_canonical(uint64_t va)
{
    uint64_t top = va >> 47;
    return top == 0 || top == 0x1ffff;
}

/* The PCID the next access is tagged with (000H while PCIDE=0). */
uint16_t ref_ctl_pcid(const ref_ctl *c);
/* Physical address of the PML4 table. */
uint64_t ref_ctl_root(const ref_ctl *c);

be_status ref_ctl_cr3(ref_ctl *c, uint64_t val, ref_inval *inv);
be_status ref_ctl_cr0_wp(ref_ctl *c, bool wp, ref_inval *inv);
be_status ref_ctl_cr4(ref_ctl *c, be_cr4 v, ref_inval *inv);
be_status ref_ctl_efer_nxe(ref_ctl *c, bool nxe, ref_inval *inv);
be_status ref_ctl_invlpg(const ref_ctl *c, uint64_t va, ref_inval *inv);
be_status ref_ctl_invpcid(const ref_ctl *c, unsigned type, uint64_t pcid, uint64_t va, ref_inval *inv);

/* "INVLPG va=0x.. pcid=.." etc., for divergence reports. */
const char *ref_inval_name(ref_inval_kind k);

#endif

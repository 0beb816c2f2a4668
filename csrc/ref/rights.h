// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The access check of SDM 4.6 over rights already combined across the levels of a walk,
 * and the page-fault error code of SDM 4.7. Both use the control state at the time of the
 * access, so a cached translation is checked against today's CR0.WP/CR4/EFER. */
#ifndef OPENMMU_REF_RIGHTS_H
#define OPENMMU_REF_RIGHTS_H

#include "ref/ctl.h"

/* Rights combined over the levels used: U and W are ANDs, XD is an OR. */
typedef struct {
    bool u, w, xd;
} ref_rights;

static inline ref_rights ref_rights_top(void) { return (ref_rights){.u = true, .w = true, .xd = false}; }

/* Folds one paging-structure entry into the rights combined so far. */
ref_rights ref_rights_fold(ref_rights r, uint64_t entry, bool nxe);

/* The W/R, U/S and I/D bits every page fault of this access carries. */
uint32_t ref_err_base(const ref_ctl *c, acc_kind kind, bool user);

/* 0 if the access is allowed, else the error code of the protection fault (P=1). */
uint32_t ref_check(const ref_ctl *c, ref_rights r, acc_kind kind, bool user);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Rights across levels and the access check (SDM 4.6, 4.7). */
#include "ref/rights.h"

#include "common/x86.h"

ref_rights ref_rights_fold(ref_rights r, uint64_t e, bool nxe)
{
    r.u = r.u && (e & PTE_US);
    r.w = r.w && (e & PTE_RW);
    r.xd = r.xd || (nxe && (e & PTE_XD));
    return r;
}

uint32_t ref_err_base(const ref_ctl *c, acc_kind kind, bool user)
{
    uint32_t err = 0;
    if (kind == ACC_W)
        err |= PF_W;
    if (user)
        err |= PF_U;
    if (kind == ACC_X && (c->nxe || c->smep))
        err |= PF_I;
    return err;
}

static bool allowed(const ref_ctl *c, ref_rights r, acc_kind kind, bool user)
{
    if (kind == ACC_X && c->nxe && r.xd)
        return false;
    if (user) {
        if (!r.u)
            return false;
        return kind != ACC_W || r.w;
    }
    if (r.u) { /* supervisor access to a user page; EFLAGS.AC is taken as 0 */
        if (kind == ACC_X && c->smep)
            return false;
        if (kind != ACC_X && c->smap)
            return false;
    }
    return kind != ACC_W || r.w || !c->wp;
}

uint32_t ref_check(const ref_ctl *c, ref_rights r, acc_kind kind, bool user)
{
    return allowed(c, r, kind, user) ? 0 : PF_P | ref_err_base(c, kind, user);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Control registers: the SDM's #GP rules and the invalidation each write requires. */
#include "ref/ctl.h"

void ref_ctl_reset(ref_ctl *c, unsigned maxphyaddr)
{
    *c = (ref_ctl){.maxphyaddr = maxphyaddr, .wp = true, .pge = true, .nxe = true};
}

uint16_t ref_ctl_pcid(const ref_ctl *c) { return c->pcide ? (uint16_t)(c->cr3 & 0xfff) : 0; }

uint64_t ref_ctl_root(const ref_ctl *c)
{
    uint64_t mask = ((1ull << c->maxphyaddr) - 1) & ~0xfffull;
    return c->cr3 & mask;
}

static void none(ref_inval *inv) { *inv = (ref_inval){.kind = RI_NONE}; }

be_status ref_ctl_cr3(ref_ctl *c, uint64_t val, ref_inval *inv)
{
    none(inv);
    bool noflush = val >> 63;
    uint64_t high = val & ~(1ull << 63) & ~((1ull << c->maxphyaddr) - 1);
    if (high || (noflush && !c->pcide))
        return BE_GP;
    c->cr3 = val & ~(1ull << 63);
    if (!noflush)
        *inv = (ref_inval){.kind = RI_PCID, .pcid = ref_ctl_pcid(c)};
    return BE_OK;
}

be_status ref_ctl_cr0_wp(ref_ctl *c, bool wp, ref_inval *inv)
{
    none(inv); /* rights are checked on every access, cached ones included */
    c->wp = wp;
    return BE_OK;
}

be_status ref_ctl_cr4(ref_ctl *c, be_cr4 v, ref_inval *inv)
{
    none(inv);
    if (v.pcide && !c->pcide && (c->cr3 & 0xfff))
        return BE_GP;
    bool flush = v.pge != c->pge || (c->pcide && !v.pcide);
    c->pcide = v.pcide;
    c->pge = v.pge;
    c->smep = v.smep;
    c->smap = v.smap;
    if (flush)
        inv->kind = RI_ALL;
    return BE_OK;
}

be_status ref_ctl_efer_nxe(ref_ctl *c, bool nxe, ref_inval *inv)
{
    none(inv);
    c->nxe = nxe;
    return BE_OK;
}

be_status ref_ctl_invlpg(const ref_ctl *c, uint64_t va, ref_inval *inv)
{
    none(inv);
    if (ref_canonical(va)) /* a non-canonical INVLPG is a no-op, not a #GP */
        *inv = (ref_inval){.kind = RI_PAGE, .pcid = ref_ctl_pcid(c), .va = va};
    return BE_OK;
}

be_status ref_ctl_invpcid(const ref_ctl *c, unsigned type, uint64_t pcid, uint64_t va, ref_inval *inv)
{
    none(inv);
    if (type > 3 || pcid > 4095)
        return BE_GP;
    if (type == 0 && !ref_canonical(va))
        return BE_GP;
    if (type <= 1 && !c->pcide && pcid != 0)
        return BE_GP;
    static const ref_inval_kind kind[4] = {RI_PCID_PAGE, RI_PCID, RI_ALL, RI_ALL_NONGLOBAL};
    *inv = (ref_inval){.kind = kind[type], .pcid = (uint16_t)pcid, .va = type == 0 ? va : 0};
    return BE_OK;
}

const char *ref_inval_name(ref_inval_kind k)
{
    switch (k) {
    case RI_NONE: return "none";
    case RI_PAGE: return "page+global, PSC of pcid";
    case RI_PCID_PAGE: return "page of pcid, PSC of pcid";
    case RI_PCID: return "non-global of pcid, PSC of pcid";
    case RI_ALL: return "all";
    case RI_ALL_NONGLOBAL: return "all non-global, all PSC";
    }
    return "?";
}

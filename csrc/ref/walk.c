// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The page walk: level by level, then the access check, then A/D by compare-and-swap. */
#include "ref/walk.h"

#include <assert.h>

#include "common/x86.h"

static uint64_t pm_read(void *ctx, uint64_t pa) { return physmem_read(ctx, pa, 8); }
static uint64_t pm_cas(void *ctx, uint64_t pa, uint64_t e, uint64_t v) { return physmem_cas64(ctx, pa, e, v); }

ref_mem ref_mem_physmem(physmem *m) { return (ref_mem){.read = pm_read, .cas = pm_cas, .ctx = m}; }

ref_start ref_start_root(const ref_ctl *c)
{
    return (ref_start){.level = 4, .table = ref_ctl_root(c), .r = ref_rights_top()};
}

ref_start ref_start_psc(const ref_centry *psc)
{
    return (ref_start){.level = psc->level - 1u, .table = psc->addr, .r = psc->r};
}

static uint64_t bits(unsigned hi, unsigned lo) { return ((hi == 63 ? 0 : 1ull << (hi + 1)) - 1) & ~((1ull << lo) - 1); }

uint64_t ref_rsvd_mask(const ref_ctl *c, unsigned level, uint64_t e)
{
    uint64_t m = bits(51, c->maxphyaddr);
    if (!c->nxe)
        m |= PTE_XD;
    if (level == 4)
        m |= PTE_PS;
    else if (level == 3 && (e & PTE_PS))
        m |= bits(29, 13);
    else if (level == 2 && (e & PTE_PS))
        m |= bits(20, 13);
    return e & m;
}

static bool is_leaf(unsigned level, uint64_t e) { return level == 1 || ((level == 2 || level == 3) && (e & PTE_PS)); }

/* Reads the entries from s down to the leaf or the first faulting entry. Returns false with
 * *err the error code of a not-present/reserved fault (which may be 0), or true with *r the
 * combined rights. */
static bool read_entries(const ref_ctl *c, const ref_mem *m, const ref_start *s, uint64_t va, acc_kind kind,
                         bool user, ref_walk_res *out, ref_rights *r, uint32_t *err)
{
    uint64_t table = s->table;
    *r = s->r;
    out->nsteps = 0;
    for (unsigned level = s->level;; level--) {
        uint64_t pa = table | ((va >> ref_level_shift(level)) & 511) << 3;
        uint64_t e = m->read(m->ctx, pa);
        out->mem_refs++;
        out->level_refs[level]++;
        out->step[out->nsteps++] = (ref_step){.level = level, .pa = pa, .val = e, .newval = e};
        if (!(e & PTE_P)) {
            *err = ref_err_base(c, kind, user);
            return false;
        }
        if (ref_rsvd_mask(c, level, e)) {
            *err = PF_P | PF_RSVD | ref_err_base(c, kind, user);
            return false;
        }
        *r = ref_rights_fold(*r, e, c->nxe);
        if (is_leaf(level, e))
            return true;
        table = e & bits(c->maxphyaddr - 1, 12);
    }
}

be_status ref_walk(const ref_ctl *c, const ref_mem *m, const ref_start *s, uint64_t va, acc_kind kind, bool user,
                   unsigned flags, ref_walk_res *out)
{
    assert(ref_canonical(va) && s->level >= 1 && s->level <= 4);
    *out = (ref_walk_res){0};
restart:;
    ref_rights r;
    uint32_t err = 0;
    bool fault = !read_entries(c, m, s, va, kind, user, out, &r, &err);
    if (!fault) {
        err = ref_check(c, r, kind, user);
        fault = err != 0; /* a protection fault always has P=1 */
    }
    if (fault) {
        out->status = BE_PF;
        out->err = err;
        return BE_PF;
    }
    for (unsigned i = 0; i < out->nsteps; i++) {
        ref_step *st = &out->step[i];
        uint64_t want = st->val | PTE_A;
        if (i == out->nsteps - 1 && kind == ACC_W && !(flags & REF_WALK_NO_DIRTY))
            want |= PTE_D;
        if (want == st->val)
            continue;
        if (m->cas(m->ctx, st->pa, st->val, want) != st->val) {
            out->restarts++;
            goto restart; /* the entry changed under us: what we read is no longer the truth */
        }
        st->newval = want;
        out->ad_updates++;
    }
    const ref_step *leaf = &out->step[out->nsteps - 1];
    uint64_t e = leaf->newval;
    unsigned lv = leaf->level;
    uint64_t frame = e & bits(c->maxphyaddr - 1, ref_level_shift(lv));
    out->status = BE_OK;
    out->pa = frame | (va & ((1ull << ref_level_shift(lv)) - 1));
    out->tlb = (ref_centry){
        .vbase = ref_vbase(va, lv),
        .addr = frame,
        .pcid = ref_ctl_pcid(c),
        .level = (uint8_t)lv,
        .r = r,
        .d = e & PTE_D,
        .g = (e & PTE_G) && c->pge,
        .pwt = e & PTE_PWT,
        .pcd = e & PTE_PCD,
        .pat = lv == 1 ? (e & PTE_PS) != 0 : (e & (1ull << 12)) != 0,
    };
    return BE_OK;
}

/* The walk_refs_* counter of the entry reads at level 4 (PML4E) .. 1 (PTE). */
static unsigned level_counter(unsigned level)
{
    static const unsigned cnt[5] = {0, BE_CNT_walk_refs_pte, BE_CNT_walk_refs_pde, BE_CNT_walk_refs_pdpte,
                                    BE_CNT_walk_refs_pml4e};
    assert(level >= 1 && level <= 4);
    return cnt[level];
}

void ref_count_level_refs(const ref_walk_res *w, uint64_t cnt[BE_NCOUNTERS])
{
    for (unsigned l = 1; l <= 4; l++)
        cnt[level_counter(l)] += w->level_refs[l];
}

ref_centry ref_walk_psc(const ref_ctl *c, const ref_walk_res *w, unsigned i, uint64_t va, ref_rights above)
{
    assert(w->status == BE_OK && i + 1 < w->nsteps);
    ref_rights r = above;
    for (unsigned j = 0; j <= i; j++)
        r = ref_rights_fold(r, w->step[j].val, c->nxe);
    const ref_step *st = &w->step[i];
    return (ref_centry){
        .vbase = ref_vbase(va, st->level),
        .addr = st->newval & bits(c->maxphyaddr - 1, 12),
        .pcid = ref_ctl_pcid(c),
        .level = (uint8_t)st->level,
        .r = r,
    };
}

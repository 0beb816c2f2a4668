// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* A small MMU backend for the kernel-model unit tests: an x86-64 walker over the physmem
 * model (2 MiB and 1 GiB leaves are cached as the 4 KiB piece used; U/S checked for user
 * accesses; loads return their bytes and stores write theirs, as access() promises), with an unbounded TLB that never evicts, so that every invalidation the
 * kernel forgets leaves a stale translation that a later access will use. Where the SDM
 * lets a stale entry forbid an access, this TLB faults (the spurious fault the kernel must
 * retry). Counters of INVLPG/INVPCID/CR3 writes let tests check invalidations. */
#ifndef KBE_MINI_H
#define KBE_MINI_H

#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "common/physmem.h"

#define KBE_TLB_MAX 65536

typedef struct {
    uint64_t vpn, pa; unsigned pcid; bool w, x, d;
} kbe_tlbe;

typedef struct {
    backend b;
    physmem *m;
    uint64_t cr3;
    bool pcide;
    kbe_tlbe tlb[KBE_TLB_MAX];
    unsigned ntlb;
    unsigned n_invlpg, n_invpcid, n_cr3, n_cr3_flush, n_pf;
} kbe;

static kbe *kbe_of(backend *b) { return (kbe *)b; }
static unsigned kbe_pcid(kbe *e) { return e->pcide ? (unsigned)(e->cr3 & 0xfff) : 0; }

static void kbe_drop(kbe *e, bool (*match)(const kbe_tlbe *, uint64_t, unsigned), uint64_t a, unsigned b)
{
    for (unsigned i = 0; i < e->ntlb;)
        if (match(&e->tlb[i], a, b))
            e->tlb[i] = e->tlb[--e->ntlb];
        else
            i++;
}
static bool m_page(const kbe_tlbe *t, uint64_t vpn, unsigned pcid) { return t->vpn == vpn && t->pcid == pcid; }
static bool m_pcid(const kbe_tlbe *t, uint64_t vpn, unsigned pcid) { (void)vpn; return t->pcid == pcid; }
static bool m_all(const kbe_tlbe *t, uint64_t vpn, unsigned pcid) { (void)t; (void)vpn; (void)pcid; return true; }

static void kbe_destroy(backend *b) { physmem_free(kbe_of(b)->m); free(b); }
static void kbe_pwrite(backend *b, uint64_t pa, unsigned s, uint64_t v) { physmem_write(kbe_of(b)->m, pa, s, v); }
static uint64_t kbe_pread(backend *b, uint64_t pa, unsigned s) { return physmem_read(kbe_of(b)->m, pa, s); }
static be_status kbe_cr3(backend *b, uint64_t v)
{
    kbe *e = kbe_of(b);
    e->n_cr3++;
    bool keep = e->pcide && (v >> 63);
    e->cr3 = v & ~(1ull << 63);
    if (!keep) {
        e->n_cr3_flush++;
        kbe_drop(e, m_pcid, 0, kbe_pcid(e));
    }
    return BE_OK;
}
static be_status kbe_wp(backend *b, bool wp) { (void)b; (void)wp; return BE_OK; }
static be_status kbe_cr4(backend *b, be_cr4 c)
{
    kbe *e = kbe_of(b);
    if (c.pcide && (e->cr3 & 0xfff))
        return BE_GP;
    e->pcide = c.pcide;
    kbe_drop(e, m_all, 0, 0);
    return BE_OK;
}
static be_status kbe_nxe(backend *b, bool n) { (void)b; (void)n; return BE_OK; }
static be_status kbe_invlpg(backend *b, uint64_t va)
{
    kbe *e = kbe_of(b);
    e->n_invlpg++;
    kbe_drop(e, m_page, (va >> 12) & 0xfffffffffull, kbe_pcid(e));
    return BE_OK;
}
static be_status kbe_invpcid(backend *b, unsigned type, uint64_t pcid, uint64_t va)
{
    kbe *e = kbe_of(b);
    e->n_invpcid++;
    if (type == 0)
        kbe_drop(e, m_page, (va >> 12) & 0xfffffffffull, (unsigned)pcid);
    else if (type == 1)
        kbe_drop(e, m_pcid, 0, (unsigned)pcid);
    else
        kbe_drop(e, m_all, 0, 0);
    return BE_OK;
}

/* One part (within a page). */
static be_resp kbe_part(kbe *e, uint64_t va, acc_kind kind, bool user)
{
    be_resp r = {0};
    uint64_t vpn = (va >> 12) & 0xfffffffffull;
    unsigned pcid = kbe_pcid(e);
    uint32_t ec = (user ? PF_U : 0) | (kind == ACC_W ? PF_W : 0) | (kind == ACC_X ? PF_I : 0);
    for (unsigned i = 0; i < e->ntlb; i++) {
        kbe_tlbe *t = &e->tlb[i];
        if (t->vpn != vpn || t->pcid != pcid)
            continue;
        if ((kind == ACC_W && !t->w) || (kind == ACC_X && !t->x)) {
            e->tlb[i] = e->tlb[--e->ntlb]; /* a fault drops the entry (SDM 4.10.4.1) */
            e->n_pf++;
            r.status = BE_PF; r.err = ec | PF_P; r.cr2 = va;
            return r;
        }
        if (kind == ACC_W && !t->d)
            break; /* walk again so that D reaches memory */
        r.pa = t->pa | (va & 0xfff);
        return r;
    }
    uint64_t table = e->cr3 & 0x000ffffffffff000ull;
    uint64_t ptes[4];
    bool w = true, x = true, u = true;
    int leaf = 0;
    for (int level = 3; level >= 0; level--) {
        uint64_t ep = table + (((va >> (12 + 9 * level)) & 511) << 3);
        uint64_t pte = physmem_read(e->m, ep, 8);
        ptes[level] = ep;
        if (!(pte & PTE_P)) {
            kbe_drop(e, m_page, vpn, pcid);
            e->n_pf++;
            r.status = BE_PF; r.err = ec; r.cr2 = va;
            return r;
        }
        w &= (pte & PTE_RW) != 0; u &= (pte & PTE_US) != 0; x &= !(pte & PTE_XD);
        if ((level == 1 || level == 2) && (pte & PTE_PS)) { /* a large leaf: its 4 KiB piece */
            uint64_t size = 1ull << (12 + 9 * level);
            table = (pte & 0x000ffffffffff000ull & ~(size - 1)) | (va & (size - 1) & ~0xfffull);
            leaf = level;
            break;
        }
        table = pte & 0x000ffffffffff000ull;
    }
    if ((user && !u) || (kind == ACC_W && !w) || (kind == ACC_X && !x)) {
        kbe_drop(e, m_page, vpn, pcid);
        e->n_pf++;
        r.status = BE_PF; r.err = ec | PF_P; r.cr2 = va;
        return r;
    }
    for (int level = 3; level >= leaf; level--) {
        uint64_t v = physmem_read(e->m, ptes[level], 8);
        v |= PTE_A | (level == leaf && kind == ACC_W ? PTE_D : 0);
        physmem_write(e->m, ptes[level], 8, v);
    }
    bool d = (physmem_read(e->m, ptes[leaf], 8) & PTE_D) != 0;
    kbe_drop(e, m_page, vpn, pcid);
    if (e->ntlb < KBE_TLB_MAX)
        e->tlb[e->ntlb++] = (kbe_tlbe){vpn, table, pcid, w, x, d};
    r.pa = table | (va & 0xfff);
    return r;
}

static be_resp kbe_access(backend *b, const be_req *q)
{
    kbe *e = kbe_of(b);
    be_resp r = {0};
    uint64_t top = q->va >> 47;
    if (top != 0 && top != 0x1ffff) {
        r.status = BE_GP;
        return r;
    }
    unsigned first = 4096 - (unsigned)(q->va & 0xfff);
    be_resp a = kbe_part(e, q->va, q->kind, q->user);
    if (a.status != BE_OK)
        return a;
    be_resp c = a;
    if (first < q->size && (c = kbe_part(e, q->va + first, q->kind, q->user)).status != BE_OK)
        return c;
    for (unsigned i = 0; i < q->size; i++) { /* the data, byte by byte over the two parts */
        uint64_t pa = i < first ? a.pa + i : c.pa + (i - first);
        if (q->kind == ACC_W)
            physmem_write(e->m, pa, 1, (q->wdata >> (8 * i)) & 0xff);
        else
            a.rdata |= physmem_read(e->m, pa, 1) << (8 * i);
    }
    return a;
}
static void kbe_counters(backend *b, uint64_t out[BE_NCOUNTERS]) { (void)b; memset(out, 0, sizeof(uint64_t) * BE_NCOUNTERS); }

static const struct backend_ops kbe_ops = {kbe_destroy, kbe_pwrite, kbe_pread, kbe_cr3, kbe_wp, kbe_cr4, kbe_nxe,
                                           kbe_invlpg, kbe_invpcid, kbe_access, kbe_counters,
                                           NULL, NULL, NULL, /* no cache operations */
                                           NULL, NULL, NULL, NULL, /* no line operations: be_line_* use words */
                                           NULL};                  /* no peek: be_counters_peek reads counters */

static kbe *kbe_new(void)
{
    kbe *e = calloc(1, sizeof *e);
    e->b.ops = &kbe_ops;
    e->b.name = "mini";
    e->b.maxphyaddr = 40;
    e->m = physmem_new();
    return e;
}

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Accesses as port requests (see port_split.h). */
#include "backend/port_split.h"

unsigned be_piece(uint64_t pa, unsigned n)
{
    unsigned room = 8 - (unsigned)(pa & 7);
    unsigned p = 8;
    while (p > n || p > room)
        p >>= 1;
    return p;
}

static bool canonical(uint64_t va) { return ((int64_t)(va << 16) >> 16) == (int64_t)va; }

static be_resp translate(be_port_fn port, void *ctx, uint64_t va, acc_kind kind, bool user)
{
    be_req q = {.va = va, .kind = kind, .user = user, .size = 1};
    return port(ctx, &q, true, false);
}

static be_resp data_pieces(const be_req *q, be_port_fn port, void *ctx)
{
    be_resp first = {0};
    uint64_t rdata = 0;
    for (unsigned i = 0; i < q->size;) {
        uint64_t va = q->va + i;
        unsigned p = be_piece(va, q->size - i);
        be_req part = {.va = va, .kind = q->kind, .user = q->user, .size = p, .wdata = q->wdata >> (8 * i)};
        be_resp o = port(ctx, &part, false, false);
        if (o.status != BE_OK)
            return o;
        if (i == 0)
            first = o;
        rdata |= (o.rdata & (p == 8 ? ~0ull : (1ull << (8 * p)) - 1)) << (8 * i);
        i += p;
    }
    first.rdata = q->kind == ACC_W ? 0 : rdata;
    return first;
}

static uint64_t phys_bytes(be_phys_read_fn pread, void *ctx, uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size;) {
        unsigned p = be_piece(pa + i, size - i);
        v |= pread(ctx, pa + i, p) << (8 * i);
        i += p;
    }
    return v;
}

be_resp be_port_access(const be_req *q, be_port_fn port, be_phys_read_fn pread, void *ctx)
{
    uint64_t next = (q->va | 0xfff) + 1;
    bool split = (q->va & 0xfff) + q->size > 0x1000;
    unsigned n1 = split ? (unsigned)(next - q->va) : q->size;
    if (split && canonical(q->va) && !canonical(next)) {
        be_resp gp = translate(port, ctx, next, q->kind, q->user);
        if (gp.status != BE_OK)
            return gp;
    }
    if (q->kind == ACC_W && split) {
        be_req p1 = {.va = q->va, .kind = ACC_W, .user = q->user, .size = 1};
        be_req p2 = {.va = next, .kind = ACC_W, .user = q->user, .size = 1};
        be_resp o = port(ctx, &p1, false, true);
        if (o.status != BE_OK)
            return o;
        o = port(ctx, &p2, false, true);
        if (o.status != BE_OK)
            return o;
    }
    if (q->kind != ACC_X)
        return data_pieces(q, port, ctx);
    be_resp first = translate(port, ctx, q->va, q->kind, q->user);
    if (first.status != BE_OK)
        return first;
    uint64_t pa2 = 0;
    if (split) {
        be_resp second = translate(port, ctx, next, q->kind, q->user);
        if (second.status != BE_OK)
            return second;
        pa2 = second.pa;
    }
    first.rdata = phys_bytes(pread, ctx, first.pa, n1);
    if (split)
        first.rdata |= phys_bytes(pread, ctx, pa2, q->size - n1) << (8 * n1);
    return first;
}

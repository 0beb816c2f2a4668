// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The AXI4 protocol checker (see axi_check.h). */
#include "axi/axi_check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXQ 64

typedef struct {
    uint64_t addr;
    unsigned len, size, burst, id;
    unsigned beat;
} req;

typedef struct {
    req q[MAXQ];
    unsigned n;
} reqlist; /* in issue order; removal from anywhere (other IDs may answer first) */

struct axi_check {
    uint64_t cycle;
    bool failed;
    char msg[256];
    axi_port prev;
    reqlist rd;         /* reads awaiting R beats */
    reqlist wa;         /* writes whose AW came, awaiting W data */
    reqlist wb;         /* writes complete, awaiting B */
    unsigned wbeats;    /* beats of the W burst in progress */
    unsigned ahead[MAXQ]; /* beat counts of W bursts that ended before their AW */
    unsigned nahead;
};

axi_check *axi_check_new(void) { return calloc(1, sizeof(axi_check)); }
void axi_check_free(axi_check *c) { free(c); }
const char *axi_check_error(const axi_check *c) { return c->failed ? c->msg : ""; }
bool axi_check_idle(const axi_check *c) { return !c->rd.n && !c->wa.n && !c->wb.n && !c->wbeats; }

static bool fail(axi_check *c, const char *fmt, ...)
{
    if (c->failed)
        return false;
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(c->msg, sizeof c->msg, "AXI protocol violation at cycle %" PRIu64 ": ", c->cycle);
    vsnprintf(c->msg + n, sizeof c->msg - (size_t)n, fmt, ap);
    va_end(ap);
    c->failed = true;
    return false;
}

static bool push(axi_check *c, reqlist *l, req r, const char *what)
{
    if (l->n == MAXQ)
        return fail(c, "more than %d %s outstanding", MAXQ, what);
    l->q[l->n++] = r;
    return true;
}

static int first_of(const reqlist *l, unsigned id)
{
    for (unsigned i = 0; i < l->n; i++)
        if (l->q[i].id == id)
            return (int)i;
    return -1;
}

static void drop(reqlist *l, int i)
{
    memmove(&l->q[i], &l->q[i + 1], (l->n - (unsigned)i - 1) * sizeof l->q[0]);
    l->n--;
}

/* Burst rules for an address channel (A3.4.1). */
static bool burst_ok(axi_check *c, const char *ch, uint64_t addr, unsigned len, unsigned size,
                     unsigned burst)
{
    if (burst == 3)
        return fail(c, "%sBURST=3 is reserved", ch);
    if (size > 3)
        return fail(c, "%sSIZE=%u (%u bytes) is wider than the 8-byte data bus", ch, size, 1u << size);
    uint64_t bytes = 1ull << size;
    if (burst == AXI_BURST_INCR) {
        uint64_t last = (addr & ~(bytes - 1)) + (uint64_t)len * bytes + bytes - 1;
        if ((addr >> 12) != (last >> 12))
            return fail(c, "%s INCR burst at 0x%" PRIx64 " of %u x %u bytes crosses a 4 KiB boundary",
                        ch, addr, len + 1, (unsigned)bytes);
    } else if (burst == AXI_BURST_WRAP) {
        if (len != 1 && len != 3 && len != 7 && len != 15)
            return fail(c, "%s WRAP burst of %u beats (must be 2, 4, 8 or 16)", ch, len + 1);
        if (addr & (bytes - 1))
            return fail(c, "%s WRAP burst at 0x%" PRIx64 " not aligned to its size %u", ch, addr,
                        (unsigned)bytes);
    } else if (len > 15) {
        return fail(c, "%s FIXED burst of %u beats (at most 16)", ch, len + 1);
    }
    return true;
}

/* The lanes a beat of burst r may strobe. */
static unsigned lanes(const req *r, unsigned beat)
{
    uint64_t a = axi_beat_addr(r->addr, r->len, r->size, r->burst, beat);
    uint64_t bytes = 1ull << r->size;
    unsigned lo = (unsigned)(a & 7), hi = (unsigned)(((a & ~(bytes - 1)) + bytes - 1) & 7);
    unsigned m = 0;
    for (unsigned i = lo; i <= hi; i++)
        m |= 1u << i;
    return m;
}

static bool stable(axi_check *c, const axi_port *p)
{
    const axi_port *q = &c->prev;
    if (q->awvalid && !q->awready) {
        if (!p->awvalid)
            return fail(c, "AWVALID dropped before AWREADY");
        if (p->awaddr != q->awaddr || p->awlen != q->awlen || p->awsize != q->awsize ||
            p->awburst != q->awburst || p->awid != q->awid)
            return fail(c, "AW payload changed while AWVALID waited for AWREADY");
    }
    if (q->wvalid && !q->wready) {
        if (!p->wvalid)
            return fail(c, "WVALID dropped before WREADY");
        if (p->wdata != q->wdata || p->wstrb != q->wstrb || p->wlast != q->wlast)
            return fail(c, "W payload changed while WVALID waited for WREADY");
    }
    if (q->arvalid && !q->arready) {
        if (!p->arvalid)
            return fail(c, "ARVALID dropped before ARREADY");
        if (p->araddr != q->araddr || p->arlen != q->arlen || p->arsize != q->arsize ||
            p->arburst != q->arburst || p->arid != q->arid)
            return fail(c, "AR payload changed while ARVALID waited for ARREADY");
    }
    if (q->rvalid && !q->rready) {
        if (!p->rvalid)
            return fail(c, "RVALID dropped before RREADY");
        if (p->rdata != q->rdata || p->rresp != q->rresp || p->rlast != q->rlast || p->rid != q->rid)
            return fail(c, "R payload changed while RVALID waited for RREADY");
    }
    if (q->bvalid && !q->bready) {
        if (!p->bvalid)
            return fail(c, "BVALID dropped before BREADY");
        if (p->bresp != q->bresp || p->bid != q->bid)
            return fail(c, "B payload changed while BVALID waited for BREADY");
    }
    return true;
}

static bool check(axi_check *c, const axi_port *p)
{
    if (!stable(c, p))
        return false;
    if (p->arvalid && !burst_ok(c, "AR", p->araddr, p->arlen, p->arsize, p->arburst))
        return false;
    if (p->awvalid && !burst_ok(c, "AW", p->awaddr, p->awlen, p->awsize, p->awburst))
        return false;

    /* Responses first: they answer requests accepted in earlier cycles only. */
    if (p->rvalid) {
        int i = first_of(&c->rd, p->rid);
        if (i < 0)
            return fail(c, "RVALID with RID=%u but no read of that ID is outstanding", p->rid);
        if (p->rready) {
            req *r = &c->rd.q[i];
            bool last = r->beat == r->len;
            if (p->rlast && !last)
                return fail(c, "RLAST on beat %u of a %u-beat read burst (ID %u)", r->beat + 1,
                            r->len + 1, p->rid);
            if (!p->rlast && last)
                return fail(c, "RLAST missing on the last beat (%u) of a read burst (ID %u)",
                            r->len + 1, p->rid);
            if (last)
                drop(&c->rd, i);
            else
                r->beat++;
        }
    }
    if (p->bvalid) {
        int i = first_of(&c->wb, p->bid);
        if (i < 0)
            return fail(c, "BVALID with BID=%u but no write of that ID has all its data", p->bid);
        if (p->bready)
            drop(&c->wb, i);
    }

    /* Write data: matched to AWs in order; a burst may end before its AW arrives. */
    if (p->wvalid && p->wready) {
        req *w = c->wa.n ? &c->wa.q[0] : NULL;
        if (w) {
            unsigned ok = lanes(w, c->wbeats);
            if (p->wstrb & ~ok)
                return fail(c, "WSTRB 0x%02x on beat %u strobes lanes outside 0x%02x", p->wstrb,
                            c->wbeats + 1, ok);
            bool last = c->wbeats == w->len;
            if (p->wlast && !last)
                return fail(c, "WLAST on beat %u of a %u-beat write burst", c->wbeats + 1, w->len + 1);
            if (!p->wlast && last)
                return fail(c, "WLAST missing on the last beat (%u) of a write burst", w->len + 1);
        } else if (c->wbeats >= 256) {
            return fail(c, "more than 256 W beats without WLAST");
        }
        c->wbeats++;
        if (p->wlast) {
            if (w) {
                if (!push(c, &c->wb, *w, "writes"))
                    return false;
                drop(&c->wa, 0);
            } else {
                if (c->nahead == MAXQ)
                    return fail(c, "more than %d write bursts ahead of their addresses", MAXQ);
                c->ahead[c->nahead++] = c->wbeats;
            }
            c->wbeats = 0;
        }
    }
    if (p->awvalid && p->awready) {
        req r = {p->awaddr, p->awlen, p->awsize, p->awburst, p->awid, 0};
        if (c->nahead) {
            unsigned n = c->ahead[0];
            memmove(&c->ahead[0], &c->ahead[1], --c->nahead * sizeof c->ahead[0]);
            if (n != r.len + 1u)
                return fail(c, "write burst of %u W beats for an AW of AWLEN+1=%u", n, r.len + 1);
            if (!push(c, &c->wb, r, "writes"))
                return false;
        } else if (!push(c, &c->wa, r, "writes")) {
            return false;
        }
    }
    if (p->arvalid && p->arready) {
        req r = {p->araddr, p->arlen, p->arsize, p->arburst, p->arid, 0};
        if (!push(c, &c->rd, r, "reads"))
            return false;
    }
    return true;
}

bool axi_check_cycle(axi_check *c, const axi_port *p)
{
    if (c->failed)
        return false;
    bool ok = check(c, p);
    c->prev = *p;
    c->cycle++;
    return ok;
}

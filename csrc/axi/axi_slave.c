// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The AXI4 slave memory model (see axi_slave.h). */
#include "axi/axi_slave.h"

#include <stdlib.h>

typedef struct {
    uint64_t addr;
    unsigned len, size, burst, id;
    unsigned beat; /* beats done */
    uint64_t due;  /* first beat (reads) or response (writes) not before this cycle */
    unsigned resp; /* writes: the B response */
} txn;

typedef struct {
    txn q[AXI_SLAVE_QUEUE];
    unsigned head, n;
} txnq;

typedef struct {
    uint64_t lo, hi;
    bool reads, writes;
    unsigned resp;
} inject;

struct axi_slave {
    physmem *mem;
    axi_slave_cfg cfg;
    uint64_t cycle;
    txnq ar, aw, b;
    uint64_t next_r, next_w; /* earliest cycle of the next beat (bandwidth) */
    bool r_shown;            /* an R beat is on the bus, latched below */
    uint64_t r_data;
    unsigned r_resp;
    inject inj[AXI_SLAVE_INJECTS];
    unsigned ninj;
    axi_slave_stats st;
};

static txn *qhead(txnq *q) { return q->n ? &q->q[q->head] : NULL; }
static bool qfull(const txnq *q) { return q->n == AXI_SLAVE_QUEUE; }
static void qpush(txnq *q, txn t) { q->q[(q->head + q->n++) % AXI_SLAVE_QUEUE] = t; }
static void qpop(txnq *q) { q->head = (q->head + 1) % AXI_SLAVE_QUEUE; q->n--; }

axi_slave *axi_slave_new(physmem *mem, const axi_slave_cfg *cfg)
{
    axi_slave *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->mem = mem;
    s->cfg = *cfg;
    if (s->cfg.latency < 1)
        s->cfg.latency = 1;
    if (s->cfg.beat_interval < 1)
        s->cfg.beat_interval = 1;
    return s;
}

void axi_slave_free(axi_slave *s) { free(s); }

bool axi_slave_inject(axi_slave *s, uint64_t lo, uint64_t hi, bool reads, bool writes, unsigned resp)
{
    if (s->ninj == AXI_SLAVE_INJECTS)
        return false;
    s->inj[s->ninj++] = (inject){lo, hi, reads, writes, resp};
    return true;
}

void axi_slave_clear_injects(axi_slave *s) { s->ninj = 0; }

static unsigned injected(const axi_slave *s, uint64_t lo, uint64_t hi, bool write)
{
    for (unsigned i = 0; i < s->ninj; i++) {
        const inject *j = &s->inj[i];
        if ((write ? j->writes : j->reads) && lo <= j->hi && hi >= j->lo)
            return j->resp;
    }
    return AXI_RESP_OKAY;
}

void axi_slave_drive(axi_slave *s, axi_port *p)
{
    p->awready = !qfull(&s->aw);
    p->arready = !qfull(&s->ar);
    /* Data for the oldest write whose address arrived (W never leads AW here). */
    txn *w = qhead(&s->aw);
    p->wready = w && s->cycle >= s->next_w && !qfull(&s->b);

    txn *b = qhead(&s->b);
    p->bvalid = b && s->cycle >= b->due;
    p->bid = b ? b->id : 0;
    p->bresp = b ? b->resp : 0;

    txn *r = qhead(&s->ar);
    if (!s->r_shown && r && s->cycle >= r->due && s->cycle >= s->next_r) {
        uint64_t a = axi_beat_addr(r->addr, r->len, r->size, r->burst, r->beat);
        uint64_t bytes = 1ull << r->size;
        s->r_resp = injected(s, a & ~(bytes - 1), (a | (bytes - 1)), false);
        s->r_data = s->r_resp ? 0 : physmem_read(s->mem, a & ~7ull, 8);
        s->r_shown = true;
    }
    p->rvalid = s->r_shown;
    p->rdata = s->r_shown ? s->r_data : 0;
    p->rresp = s->r_shown ? s->r_resp : 0;
    p->rid = r ? r->id : 0;
    p->rlast = s->r_shown && r->beat == r->len;
}

void axi_slave_observe(axi_slave *s, const axi_port *p)
{
    if (p->arvalid && p->arready) {
        qpush(&s->ar, (txn){.addr = p->araddr, .len = p->arlen, .size = p->arsize,
                            .burst = p->arburst, .id = p->arid, .due = s->cycle + s->cfg.latency});
        s->st.reads++;
    }
    if (p->rvalid && p->rready) {
        txn *r = qhead(&s->ar);
        s->r_shown = false;
        s->next_r = s->cycle + s->cfg.beat_interval;
        s->st.rbeats++;
        if (s->r_resp)
            s->st.errors++;
        if (r->beat++ == r->len)
            qpop(&s->ar);
    }
    if (p->wvalid && p->wready) {
        txn *w = qhead(&s->aw);
        uint64_t a = axi_beat_addr(w->addr, w->len, w->size, w->burst, w->beat) & ~7ull;
        unsigned resp = injected(s, a, a + 7, true);
        if (resp && !w->resp)
            w->resp = resp;
        if (!w->resp)
            for (unsigned i = 0; i < 8; i++)
                if (p->wstrb & (1u << i))
                    physmem_write(s->mem, a + i, 1, (p->wdata >> (8 * i)) & 0xff);
        s->next_w = s->cycle + s->cfg.beat_interval;
        s->st.wbeats++;
        if (w->beat++ == w->len) {
            txn done = *w;
            done.due = s->cycle + s->cfg.latency;
            qpop(&s->aw);
            qpush(&s->b, done);
        }
    }
    if (p->awvalid && p->awready) {
        qpush(&s->aw, (txn){.addr = p->awaddr, .len = p->awlen, .size = p->awsize,
                            .burst = p->awburst, .id = p->awid});
        s->st.writes++;
    }
    if (p->bvalid && p->bready) {
        if (qhead(&s->b)->resp)
            s->st.errors++;
        qpop(&s->b);
    }
    s->cycle++;
}

bool axi_slave_idle(const axi_slave *s) { return !s->ar.n && !s->aw.n && !s->b.n; }

axi_slave_stats axi_slave_get_stats(const axi_slave *s) { return s->st; }

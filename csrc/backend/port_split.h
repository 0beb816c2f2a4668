// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* How an architectural access becomes requests on mmu_top's CPU ports: the one rule the rtl
 * backend drives the hardware by, shared with the TLB model (csrc/tlbmodel) that predicts
 * the hardware's counters, so both see the same stream of port requests.
 *
 * Loads and stores move their data in pieces the hardware takes: each within one aligned
 * 8-byte word and a power of two in size (an access crossing a word, a line or a page is
 * several load/store-port requests, each translated by the dTLB). A fault on the part in the
 * second page reports that part's address; the #GP of an access whose last byte is
 * non-canonical comes before any paging (a one-byte fetch-port request at the first
 * non-canonical address raises it). A store crossing a page first probes both pages
 * (translated as a store, setting A/D as the store does, but moving no data) so that a fault
 * on the second page leaves memory unchanged; then its data goes through. The PA reported is
 * the one the data went to. Fetches are translated on the fetch port (one request per page
 * touched); their bytes are read by physical address.
 */
#ifndef OPENMMU_BACKEND_PORT_SPLIT_H
#define OPENMMU_BACKEND_PORT_SPLIT_H

#include "backend/backend.h"

/* One request on a port, run to its response. fetch_port: the instruction-fetch port (size
 * 1, no data); else the load/store port, moving q->size bytes of data unless nodata (a store
 * probe). Load responses carry the bytes in rdata. */
typedef be_resp (*be_port_fn)(void *ctx, const be_req *q, bool fetch_port, bool nodata);
/* A physical read of size bytes within one aligned 8-byte word. */
typedef uint64_t (*be_phys_read_fn)(void *ctx, uint64_t pa, unsigned size);

/* The largest power-of-two piece (<= n bytes) that starts at pa and stays in its 8-byte word. */
unsigned be_piece(uint64_t pa, unsigned n);

/* q (size 1, 2, 4 or 8; kind r, w or x) as port requests; returns the access's result. */
be_resp be_port_access(const be_req *q, be_port_fn port, be_phys_read_fn pread, void *ctx);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The explain tap: a backend that passes every operation on to an rtl or ref backend and
 * records, while one scenario line runs, what that backend itself observed -- so that
 * `openmmu explain` (csrc/explain/show.c) reports each side's own account, never a walk
 * recomputed beside it.
 *
 * For each access of the line it keeps:
 *  - the request, the response, and the change of every performance counter over it (rtl:
 *    read through the CSR port, which changes no TLB, cache or memory state);
 *  - rtl: the walker's memory requests in order, as the data cache's physical port took
 *    them (rtl.h's memory hook): reads and compare-and-swaps with their addresses. The
 *    value a read returned is the CAS's expected value where the walk then updated that
 *    entry, else the entry as it is right after the access (read through the coherent
 *    physical port; nothing else writes page tables during an access);
 *  - ref: every walk the reference model made (ref_backend.h's walk hook), with the
 *    control state it ran under.
 * Around them, in order: the kernel's activity and notes (wave_marks.h's listener: the
 * same points the waveform's markers come from) and the control operations the line made
 * (CR3, INVLPG, INVPCID: the kernel's TLB shootdowns).
 */
#ifndef OPENMMU_EXPLAIN_TAP_H
#define OPENMMU_EXPLAIN_TAP_H

#include "backend/backend.h"
#include "ref/walk.h"

#define XP_MAX_REQ 64  /* walker requests kept per access (more are counted, not kept) */
#define XP_MAX_WALK 8  /* ref walks kept per access */

typedef struct {
    bool cas;
    uint64_t addr;
    uint64_t val;      /* the value read (see above); for a CAS the expected one */
    uint64_t wdata;    /* CAS: the value written if memory still held val */
    unsigned level;    /* 4 (PML4E) .. 1 (PTE), worked out from the stream; 0: not known */
} xp_rtl_req;

typedef struct {
    ref_ctl ctl;
    ref_start start;
    uint64_t va;
    acc_kind kind;
    bool user;
    ref_walk_res w;
} xp_ref_walk;

typedef struct {
    be_req req;
    be_resp resp;
    uint64_t cnt[BE_NCOUNTERS]; /* counter changes over the access */
    unsigned nreq, nreq_seen;   /* kept, seen */
    xp_rtl_req rq[XP_MAX_REQ];
    unsigned nwalk, nwalk_seen;
    xp_ref_walk wk[XP_MAX_WALK];
} xp_access;

typedef enum { XE_OP, XE_ACCESS, XE_KERNEL, XE_NOTE, XE_PID, XE_CTL } xp_event_kind;

typedef struct {
    xp_event_kind kind;
    unsigned access; /* XE_ACCESS: index into the accesses */
    char text[160];
} xp_event;

typedef struct xp_tap xp_tap;

/* Wraps inner (an "rtl" or "ref" backend, owned by the tap from now on) to record line. */
xp_tap *xp_tap_new(backend *inner, unsigned line);
backend *xp_tap_backend(xp_tap *t);
/* What was recorded (valid until xp_tap_free). */
const xp_event *xp_tap_events(const xp_tap *t, size_t *n);
const xp_access *xp_tap_accesses(const xp_tap *t, size_t *n);
bool xp_tap_line_ran(const xp_tap *t); /* the line held an operation that ran */
void xp_tap_free(xp_tap *t);

/* rtl: the level the access's walk began at after a paging-structure-cache hit, from its
 * counters (1 below a PDE hit .. 3 below a PML4E hit); 0 for none, or for hits in two
 * different caches (a page-crossing access), where the counters cannot tell which. */
unsigned xp_psc_start(const xp_access *a);

#endif

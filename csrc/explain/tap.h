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
 *  - rtl: what the model's own observation points (sim/sim_obs.sv, rtl.h's observation
 *    hook, armed only while the tap records) saw: every TLB and paging-structure-cache
 *    lookup with the entry that hit, and the walker's memory requests in order (rtl.h's
 *    memory hook: reads and compare-and-swaps with their addresses) with the level the
 *    walker read each entry at and the value its memory port answered it with;
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

#define XP_MAX_LOOK 16 /* lookups kept per access */

typedef struct {
    bool cas;
    bool answered;     /* the memory port answered it during the access */
    bool mce;          /* ... with a machine check (no value) */
    uint64_t addr;
    uint64_t val;      /* the value the walker was answered with; for a CAS memory's old value */
    uint64_t expect;   /* CAS: the value the walker expected */
    uint64_t wdata;    /* CAS: the value written if memory still held expect */
    unsigned level;    /* 4 (PML4E) .. 1 (PTE): a read's as the walker read it, a CAS's from
                        * the read of the same entry before it; 0: not known */
} xp_rtl_req;

typedef enum { XL_ITLB, XL_DTLB, XL_L2, XL_PSC } xp_look_where;

/* One lookup, as the RTL observed it. For a TLB hit the entry's fields; for a PSC lookup
 * the VA looked up, and on a hit the level of the entry that hit and what it holds. */
typedef struct {
    xp_look_where where;
    bool hit, used;    /* used: a TLB hit that answered the access (rights, D for a write) */
    uint64_t vpn;      /* TLB: the entry's VA[47:12]; PSC: the VA[47:12] looked up */
    uint64_t ppn;      /* TLB: the page's frame number; PSC: the next table's */
    unsigned pcid;
    unsigned size;     /* TLB: 0 4 KiB, 1 2 MiB, 2 1 GiB */
    unsigned level;    /* PSC hit: the cached entry's level, 4 PML4E .. 2 PDE */
    bool g, u, w, xd, d, pwt, pcd;
} xp_look;
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
    bool observed;              /* rtl: the model has the observation points */
    unsigned nreq, nreq_seen;   /* kept, seen */
    xp_rtl_req rq[XP_MAX_REQ];
    unsigned nlook, nlook_seen;
    xp_look lk[XP_MAX_LOOK];
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

/* rtl: the level the access's walk began at after a paging-structure-cache hit, as the
 * walker looked it up (1 below a PDE hit .. 3 below a PML4E hit); 0 for none, or for hits
 * at two different levels (a page-crossing access's two walks). */
unsigned xp_psc_start(const xp_access *a);

#endif

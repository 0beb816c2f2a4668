// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The "rtl" backend (the Verilated mmu_top) and the hooks its own tests use.
 *
 * rtl_backend_create() implements backend.h: it clocks the model from C and serves its AXI4
 * memory port with the slave model of csrc/axi (first beat opt->mem_latency cycles after the
 * request, 0 counting as 1; opt->mem_beat_interval cycles between beats). The AXI4 protocol
 * checker watches every cycle; a violation stops the program (exit status 4) with a message
 * naming it. Loads and stores go to the load/store port and move their data through the L1
 * data cache; fetches are translated on the fetch port; pread/pwrite go through the cache's
 * physical port (coherent). Each backend call runs the model until that call's response; a
 * response that never comes within RTL_WATCHDOG cycles stops the program (exit status 3)
 * with a message naming what hung.
 *
 * The hooks below expose cycle-level control for the hardware race tests: they let a test
 * see and perturb every memory request, and drive both CPU ports and the CSR port in
 * chosen cycles. They work only on a backend made by rtl_backend_create.
 */
#ifndef OPENMMU_BACKEND_RTL_H
#define OPENMMU_BACKEND_RTL_H

#include "backend.h"
#include "../common/physmem.h"

#define RTL_WATCHDOG 100000u

backend *rtl_backend_create(const be_options *opt, char *err, size_t errlen);

/* A memory request of the walker, as the data cache's physical port took it. */
typedef struct {
    uint64_t cycle;  /* the cycle it was accepted */
    uint64_t presented; /* the first cycle the walker presented it (<= cycle) */
    bool cas;        /* compare-and-swap (else an 8-byte read) */
    uint64_t addr, expect, wdata;
} rtl_mem_req;

/* Called for every walker request in the cycle the cache takes it (after the cycle). A hook
 * changes memory coherently with rtl_pm_post(): the C side's physical requests win the
 * cache's physical port over the walker's next request, so a store posted when the walker's
 * read of an entry is taken lands before that walk's compare-and-swap of it. */
typedef void (*rtl_mem_hook)(void *ctx, backend *b, const rtl_mem_req *req);
void rtl_set_mem_hook(backend *b, rtl_mem_hook fn, void *ctx);

/* Called after every cycle in which the model's observation points (sim/sim_obs.sv; struct
 * vl_obs in sim/shim.h) saw something: a TLB or paging-structure-cache lookup, an entry read
 * of the walker, an answer to it; after the memory hook of the same cycle. The points are
 * read only while a hook is set (NULL: none), so they cost nothing otherwise. A model built
 * without them (rtl_has_obs false) never calls the hook. */
struct vl_obs;
typedef void (*rtl_obs_hook)(void *ctx, backend *b, const struct vl_obs *o);
void rtl_set_obs_hook(backend *b, rtl_obs_hook fn, void *ctx);
bool rtl_has_obs(backend *b);

/* Queues a physical load or store (within one aligned 8-byte word, 1/2/4/8 bytes) for the
 * cache's physical port; rtl_step presents the queue in order. false when it does not fit.
 * The backend's own pread waits for its answer; pwrite posts its stores behind whatever is
 * queued (the port takes them back to back) and returns: every other backend operation, and
 * every hook here, first waits until they are done, so none can tell the difference but the
 * cycles saved. */
bool rtl_pm_post(backend *b, bool write, uint64_t pa, unsigned size, uint64_t wdata);
/* Whether a physical-port access answered mce since the last call (pread returns 0 then). */
bool rtl_pm_mce_seen(backend *b);

/* The memory behind the AXI slave: reads and writes here bypass the data cache. */
physmem *rtl_physmem(backend *b);
struct axi_slave;
struct axi_slave *rtl_axi_slave(backend *b); /* for error injection (axi_slave_inject) */

/* Makes the slave model break the AXI4 protocol (tests of the checker). */
#define RTL_AXI_FAULT_NONE  0u
#define RTL_AXI_FAULT_RLAST 1u /* RLAST inverted on every read beat */
#define RTL_AXI_FAULT_BID   2u /* B responses carry the other ID */
void rtl_set_axi_fault(backend *b, unsigned fault);
/* The same for a whole program (the test of --wave-on-fail on an AXI4 violation): this
 * variable set to "rlast" or "bid", optionally "@CYCLE" (from that cycle on), makes every
 * rtl backend's memory misbehave so; any other value is refused when the backend is made. */
#define RTL_AXI_FAULT_ENV "OPENMMU_AXI_FAULT"
uint64_t rtl_now(backend *b); /* cycles since reset */

/* Commands of the CSR port (csr_op_e in rtl/pkg/mmu_pkg.sv). */
typedef enum {
    RTL_CSR_CR3 = 0,    /* arg0: value */
    RTL_CSR_CR0 = 1,    /* arg0: CR0 (WP is bit 16) */
    RTL_CSR_CR4 = 2,    /* arg0: CR4 (PGE 7, PCIDE 17, SMEP 20, SMAP 21) */
    RTL_CSR_EFER = 3,   /* arg0: EFER (NXE is bit 11) */
    RTL_CSR_INVLPG = 4, /* arg0: VA */
    RTL_CSR_INVPCID = 5,/* arg0: type, arg1: PCID, arg2: VA */
    RTL_CSR_COUNTER = 6,/* arg0: counter index; the value is in csr_rdata */
    RTL_CSR_CACHE = 7   /* arg0: RTL_MNT_*, arg1: physical address; rdata 1: a write-back failed */
} rtl_csr_op;

/* Data-cache maintenance operations (mmu_pkg::dc_mnt_e in rtl/pkg/mmu_pkg.sv). */
enum { RTL_MNT_WBINV_ALL = 0, RTL_MNT_INV_ALL = 1, RTL_MNT_WB_LINE = 2, RTL_MNT_INV_LINE = 3,
       RTL_MNT_WBINV_LINE = 4, RTL_MNT_ZERO_LINE = 5 };

typedef struct {
    rtl_csr_op op;
    uint64_t arg0, arg1, arg2;
} rtl_csr_cmd;

/* Inputs of one cycle: a request presented on each port (valid until the caller sees it
 * taken; the caller keeps presenting it). The fetch port takes any kind. A load/store
 * request's bytes (va, size 1/2/4/8) stay within one aligned 8-byte word; ls_req.wdata is
 * a store's data; the response's rdata a load's. */
typedef struct {
    bool if_valid, ls_valid, csr_valid;
    bool ls_nodata; /* translate ls_req as its kind but move no data (a store's probe) */
    be_req if_req, ls_req;
    rtl_csr_cmd csr;
} rtl_drive;

/* What happened in that cycle: requests taken at its rising edge, responses in it. */
typedef struct {
    bool if_taken, ls_taken, csr_taken;
    bool if_rsp, ls_rsp, csr_rsp;
    be_resp if_resp, ls_resp;
    bool csr_gp;
    uint64_t csr_rdata;
} rtl_seen;

/* One clock cycle. */
void rtl_step(backend *b, const rtl_drive *in, rtl_seen *out);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The C interface to a Verilated mmu_top (rtl/top/mmu_top.sv).
 *
 * sim/shim.cpp is compiled once per configuration of rtl/configs.txt; each copy exports one
 * vl_shim_ops table, vl_shim_<name> (vl_shim_i7, ...), around its model class. They are not
 * declared here: the rtl backend (csrc/backend/rtl.c) declares and lists them from the
 * table's generated header, the one list of names. The C side sets inputs in a vl_io,
 * calls cycle(), and reads the outputs it returns: those are the values the ports had
 * during that cycle, i.e. what the rising edge sampled (valid/ready handshakes happen
 * exactly where both were 1 in the returned struct).
 */
#ifndef OPENMMU_SIM_SHIM_H
#define OPENMMU_SIM_SHIM_H

#include <stdbool.h>
#include <stdint.h>

#include "../csrc/axi/axi.h" /* relative: the variant shims build without -Icsrc */

#ifdef __cplusplus
extern "C" {
#endif

/* What the trace-only observation points (sim/sim_obs.sv) saw in one cycle: a TLB lookup
 * answered, the walker's paging-structure-cache lookup, an entry read it issued, an answer
 * of its memory port. Each field group is meaningful only with its flag set. */
typedef struct {
    uint8_t look, hit, used; /* a lookup answered; it hit; the hit was used */
    uint8_t g, size;         /* size: 0 4 KiB, 1 2 MiB, 2 1 GiB (mmu_pkg::page_size_e) */
    uint8_t u, w, xd, d, pwt, pcd;
    uint16_t pcid;
    uint64_t vpn, ppn;       /* VA[47:12] of the entry, its frame number */
} vl_obs_tlb;

typedef struct vl_obs {
    uint8_t avail; /* the model has the observation points (variants without them: 0) */
    vl_obs_tlb itlb, dtlb, l2;
    uint8_t psc_look, psc_hit, psc_level; /* level: the table read next, 2 PDPT .. 0 PT */
    uint8_t psc_rights;                    /* {u, w, xd} as bits 2..0 */
    uint16_t psc_pcid;
    uint64_t psc_vpn, psc_ppn;             /* the VA[47:12] looked up; the table's frame */
    uint8_t ref, ref_level;                /* an entry read taken; its level, 3 PML4E .. 0 PTE */
    uint8_t rsp, rsp_err;                  /* the walker answered (rsp_err: a machine check) */
    uint64_t rsp_rdata;                    /* ... with this value (a CAS: memory's old value) */
} vl_obs;

typedef struct {
    /* inputs */
    uint8_t rst_n;
    uint8_t if_req_valid, if_req_kind, if_req_user;
    uint64_t if_req_va;
    uint8_t ls_req_valid, ls_req_kind, ls_req_user;
    uint64_t ls_req_va;
    uint8_t ls_req_size; /* log2 bytes */
    uint64_t ls_req_wdata;
    uint8_t ls_req_nodata;
    uint8_t csr_req_valid, csr_req_op;
    uint64_t csr_req_arg0, csr_req_arg1, csr_req_arg2;
    uint8_t pm_req_valid, pm_req_write, pm_req_zero, pm_req_size;
    uint64_t pm_req_addr, pm_req_wdata;
    /* outputs */
    uint8_t if_req_ready, if_rsp_valid, if_rsp_status, if_rsp_err;
    uint64_t if_rsp_pa, if_rsp_addr;
    uint8_t ls_req_ready, ls_rsp_valid, ls_rsp_status, ls_rsp_err;
    uint64_t ls_rsp_pa, ls_rsp_addr, ls_rsp_rdata;
    uint8_t csr_req_ready, csr_rsp_valid, csr_rsp_gp;
    uint64_t csr_rsp_rdata;
    uint8_t pm_req_ready, pm_rsp_valid, pm_rsp_mce;
    uint64_t pm_rsp_rdata;
    uint8_t obs_wk_valid, obs_wk_take, obs_wk_cas;
    uint64_t obs_wk_addr, obs_wk_expect, obs_wk_wdata;
    /* the AXI4 memory port: slave side in, master side out */
    axi_port axi;
    /* in: where cycle() puts this cycle's observations (vl_obs), or NULL: not read */
    vl_obs *obs;
} vl_io;

typedef struct vl_model vl_model;

typedef struct {
    const char *config;
    vl_model *(*create)(void);
    /* Also closes an open trace: false if it could not be written (see trace_close). */
    bool (*destroy)(vl_model *m);
    /* One clock cycle: apply io's inputs, fill io's outputs, rising edge. With dump, the
     * cycle is written to the open trace. */
    void (*cycle)(vl_model *m, vl_io *io, bool dump);
    /* FST trace; false if it cannot be opened. A failure to write it while it is open
     * (SIGBUS from the writer's mapped file on a full filesystem) ends the process with a
     * message naming the file and exit 2; trace_close returns false if the closed file does
     * not read back whole (writes the FST writer dropped). */
    bool (*trace_open)(vl_model *m, const char *path);
    bool (*trace_close)(vl_model *m);
    /* The harness markers (csrc/backend/wave_marks.h) for the next traced cycles: written
     * into sim/sim_marks.sv's signals; a no-op in a model built without them (variants). */
    void (*mark)(vl_model *m, uint32_t line, const char *op, int32_t pid, const char *act);
    /* The TLB geometry compiled in, as a --tlb spec over the configuration's (tlbmodel/geom.h):
     * NULL for the named configurations, set for a geometry variant (sim/variants.mk). */
    const char *geom;
    /* The model has sim/sim_obs.sv's observation points (cycle() fills io->obs); without
     * them (the nomarks variant) io->obs gets avail = 0. */
    bool obs;
    /* The performance counters read straight from the model's registers, as the command
     * port's CsrRdCounter would give them, but outside the simulation: no command, no cycle.
     * Fills out[0..n) and returns how many counters the model has; NULL for a model whose
     * registers carry no such names (the synthesized netlists). */
    unsigned (*peek_counters)(vl_model *m, uint64_t *out, unsigned n);
} vl_shim_ops;

#ifdef __cplusplus
}
#endif
#endif

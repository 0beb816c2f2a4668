/* The "rtl" backend (the Verilated mmu_top) and the hooks its own tests use.
 *
 * rtl_backend_create() implements backend.h: it clocks the model from C, serves the
 * walker's memory port from a physmem with opt->mem_latency cycles of latency (0 counts as
 * 1), and drives the fetch port for ACC_X and the load/store port otherwise. Each backend
 * call runs the model until that call's response; a response that never comes within
 * RTL_WATCHDOG cycles stops the program with a message naming what hung.
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

/* A memory request of the walker, as the memory port took it. */
typedef struct {
    uint64_t cycle;  /* the cycle it was accepted */
    bool cas;        /* compare-and-swap (else an 8-byte read) */
    uint64_t addr, expect, wdata;
} rtl_mem_req;

/* Called for every memory request, before it is performed on the physmem: a hook that
 * changes memory (rtl_physmem) changes what this request reads or compares against. */
typedef void (*rtl_mem_hook)(void *ctx, backend *b, const rtl_mem_req *req);
void rtl_set_mem_hook(backend *b, rtl_mem_hook fn, void *ctx);

physmem *rtl_physmem(backend *b);
uint64_t rtl_now(backend *b); /* cycles since reset */

/* Commands of the CSR port (csr_op_e in rtl/pkg/mmu_pkg.sv). */
typedef enum {
    RTL_CSR_CR3 = 0,    /* arg0: value */
    RTL_CSR_CR0 = 1,    /* arg0: CR0 (WP is bit 16) */
    RTL_CSR_CR4 = 2,    /* arg0: CR4 (PGE 7, PCIDE 17, SMEP 20, SMAP 21) */
    RTL_CSR_EFER = 3,   /* arg0: EFER (NXE is bit 11) */
    RTL_CSR_INVLPG = 4, /* arg0: VA */
    RTL_CSR_INVPCID = 5,/* arg0: type, arg1: PCID, arg2: VA */
    RTL_CSR_COUNTER = 6 /* arg0: counter index; the value is in csr_rdata */
} rtl_csr_op;

typedef struct {
    rtl_csr_op op;
    uint64_t arg0, arg1, arg2;
} rtl_csr_cmd;

/* Inputs of one cycle: a request presented on each port (valid until the caller sees it
 * taken; the caller keeps presenting it). The fetch port takes any kind. */
typedef struct {
    bool if_valid, ls_valid, csr_valid;
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

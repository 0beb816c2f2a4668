// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* C interface to a Verilated dcache_axi (rtl/cache/dcache_axi.sv) for the cache testbench.
 * cycle() applies the inputs, returns in io the outputs as the rising edge samples them,
 * then clocks the edge. */
#ifndef OPENMMU_TB_SHIM_H
#define OPENMMU_TB_SHIM_H

#include <stdint.h>

#include "axi/axi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    /* inputs */
    uint8_t rst_n;
    uint8_t cpu_req_valid, cpu_req_op, cpu_req_size;
    uint16_t cpu_req_off;
    uint64_t cpu_req_wdata;
    uint8_t cpu_xlat_valid, cpu_xlat_ok, cpu_xlat_uc, cpu_xlat_info;
    uint64_t cpu_xlat_ppn;
    uint8_t ph_req_valid, ph_req_op, ph_req_size;
    uint64_t ph_req_addr, ph_req_wdata, ph_req_expect;
    uint8_t mnt_req_valid, mnt_req_op;
    uint64_t mnt_req_addr;
    /* outputs */
    uint8_t cpu_req_ready, cpu_rsp_valid, cpu_rsp_mce, cpu_rsp_info;
    uint64_t cpu_rsp_rdata;
    uint8_t ph_req_ready, ph_rsp_valid, ph_rsp_mce;
    uint64_t ph_rsp_rdata;
    uint8_t mnt_req_ready, mnt_rsp_valid, mnt_rsp_err;
    uint8_t ev_hit, ev_miss, ev_wb, ev_uc, ev_stall;
    axi_port axi; /* slave side in, master side out */
} tb_io;

typedef struct tb_model tb_model;
tb_model *tb_model_new(void);
void tb_model_free(tb_model *m);
void tb_model_cycle(tb_model *m, tb_io *io);

#ifdef __cplusplus
}
#endif
#endif

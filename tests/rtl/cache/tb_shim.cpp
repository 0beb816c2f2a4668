// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The thin C++ layer around the Verilated dcache_axi (see tb_shim.h).
#include "tb_shim.h"

#include <verilated.h>

#include "Vdcache_axi.h"

struct tb_model {
    VerilatedContext ctx;
    Vdcache_axi *top;
    tb_model() { top = new Vdcache_axi(&ctx, "TOP"); }
    ~tb_model() {
        top->final();
        delete top;
    }
};

extern "C" tb_model *tb_model_new(void) { return new tb_model(); }
extern "C" void tb_model_free(tb_model *m) { delete m; }

extern "C" void tb_model_cycle(tb_model *m, tb_io *io)
{
    Vdcache_axi *t = m->top;
    axi_port *a = &io->axi;
    t->rst_ni = io->rst_n;
    t->cpu_req_valid_i = io->cpu_req_valid;
    t->cpu_req_op_i = io->cpu_req_op;
    t->cpu_req_off_i = io->cpu_req_off;
    t->cpu_req_size_i = io->cpu_req_size;
    t->cpu_req_wdata_i = io->cpu_req_wdata;
    t->cpu_xlat_valid_i = io->cpu_xlat_valid;
    t->cpu_xlat_ok_i = io->cpu_xlat_ok;
    t->cpu_xlat_ppn_i = io->cpu_xlat_ppn;
    t->cpu_xlat_uc_i = io->cpu_xlat_uc;
    t->cpu_xlat_info_i = io->cpu_xlat_info;
    t->ph_req_valid_i = io->ph_req_valid;
    t->ph_req_op_i = io->ph_req_op;
    t->ph_req_addr_i = io->ph_req_addr;
    t->ph_req_size_i = io->ph_req_size;
    t->ph_req_wdata_i = io->ph_req_wdata;
    t->ph_req_expect_i = io->ph_req_expect;
    t->mnt_req_valid_i = io->mnt_req_valid;
    t->mnt_req_op_i = io->mnt_req_op;
    t->mnt_req_addr_i = io->mnt_req_addr;
    t->m_awready_i = a->awready;
    t->m_wready_i = a->wready;
    t->m_bid_i = a->bid;
    t->m_bresp_i = a->bresp;
    t->m_bvalid_i = a->bvalid;
    t->m_arready_i = a->arready;
    t->m_rid_i = a->rid;
    t->m_rdata_i = a->rdata;
    t->m_rresp_i = a->rresp;
    t->m_rlast_i = a->rlast;
    t->m_rvalid_i = a->rvalid;

    t->clk_i = 0;
    t->eval();

    io->cpu_req_ready = t->cpu_req_ready_o;
    io->cpu_rsp_valid = t->cpu_rsp_valid_o;
    io->cpu_rsp_mce = t->cpu_rsp_mce_o;
    io->cpu_rsp_rdata = t->cpu_rsp_rdata_o;
    io->cpu_rsp_info = t->cpu_rsp_info_o;
    io->ph_req_ready = t->ph_req_ready_o;
    io->ph_rsp_valid = t->ph_rsp_valid_o;
    io->ph_rsp_mce = t->ph_rsp_mce_o;
    io->ph_rsp_rdata = t->ph_rsp_rdata_o;
    io->mnt_req_ready = t->mnt_req_ready_o;
    io->mnt_rsp_valid = t->mnt_rsp_valid_o;
    io->mnt_rsp_err = t->mnt_rsp_err_o;
    io->ev_hit = t->ev_hit_o;
    io->ev_miss = t->ev_miss_o;
    io->ev_wb = t->ev_wb_o;
    io->ev_uc = t->ev_uc_o;
    io->ev_stall = t->ev_stall_o;
    a->awvalid = t->m_awvalid_o;
    a->awid = t->m_awid_o;
    a->awaddr = t->m_awaddr_o;
    a->awlen = t->m_awlen_o;
    a->awsize = t->m_awsize_o;
    a->awburst = t->m_awburst_o;
    a->wvalid = t->m_wvalid_o;
    a->wdata = t->m_wdata_o;
    a->wstrb = t->m_wstrb_o;
    a->wlast = t->m_wlast_o;
    a->bready = t->m_bready_o;
    a->arvalid = t->m_arvalid_o;
    a->arid = t->m_arid_o;
    a->araddr = t->m_araddr_o;
    a->arlen = t->m_arlen_o;
    a->arsize = t->m_arsize_o;
    a->arburst = t->m_arburst_o;
    a->rready = t->m_rready_o;

    t->clk_i = 1;
    t->eval();
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The board: mmu_top with a memory behind its AXI4 port and a UART command bridge in front
// of its CPU, CSR and physical ports, speaking docs/board-protocol.md. Everything a host
// needs is the two UART pins; the same top runs on the ULX3S (fpga/ulx3s/) and, Verilated,
// as the board-sim backend.
//
// The configuration's parameters are mmu_top's (rtl/configs.txt gives them; the defaults
// are `small`'s) and CfgName names it for HELLO. MemBytes of block RAM sit at MemBase
// (SparseMem: a sparse simulation model of that memory instead, board_axi_ram.sv; board-sim
// only); ClksPerBit and ClkHz say how fast the UART and the design clock run.
module board_top #(
  parameter int unsigned ITlbSets        = 4,
  parameter int unsigned ITlbWays        = 2,
  parameter int unsigned ITlbLarge       = 2,
  parameter int unsigned DTlbSets        = 4,
  parameter int unsigned DTlbWays        = 2,
  parameter int unsigned DTlbLarge       = 2,
  parameter int unsigned L2Sets          = 8,
  parameter int unsigned L2Ways          = 4,
  parameter int unsigned PscPml4eEntries = 2,
  parameter int unsigned PscPdpteEntries = 2,
  parameter int unsigned PscPdeEntries   = 4,
  parameter bit          RandomRepl      = 1'b0,
  parameter int unsigned DcSizeBytes     = 8192,
  parameter int unsigned DcWays          = 2,
  parameter bit          XlatReg         = 1'b0,
  parameter bit          HitPipe         = 1'b1,
  parameter logic [63:0] CfgName         = "small",
  parameter logic [63:0] MemBase         = 64'h0,
  parameter logic [63:0] MemBytes        = 64'h20000,  // 128 KiB
  parameter bit          SparseMem       = 1'b0,
  parameter int unsigned ClksPerBit      = 217,        // 115200 baud at 25 MHz
  parameter int unsigned ClkHz           = 25000000,
  parameter int unsigned TimeoutBits     = 1024
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic uart_rx_i,
  output logic uart_tx_o
);

  localparam int unsigned PaW = mmu_pkg::PhysAddrW;

  // HELLO's geometry: one word per row of rtl/configs.txt, in its order (ITlbSets first);
  // a function, since a parameter may not stand in a localparam's concatenation.
  localparam int unsigned NumParams = 16;
  function automatic logic [NumParams*32-1:0] geometry();
    logic [NumParams*32-1:0] g;
    g = '0;
    g[0*32 +: 32] = 32'(ITlbSets);
    g[1*32 +: 32] = 32'(ITlbWays);
    g[2*32 +: 32] = 32'(ITlbLarge);
    g[3*32 +: 32] = 32'(DTlbSets);
    g[4*32 +: 32] = 32'(DTlbWays);
    g[5*32 +: 32] = 32'(DTlbLarge);
    g[6*32 +: 32] = 32'(L2Sets);
    g[7*32 +: 32] = 32'(L2Ways);
    g[8*32 +: 32] = 32'(PscPml4eEntries);
    g[9*32 +: 32] = 32'(PscPdpteEntries);
    g[10*32 +: 32] = 32'(PscPdeEntries);
    g[11*32 +: 32] = 32'(RandomRepl);
    g[12*32 +: 32] = 32'(DcSizeBytes);
    g[13*32 +: 32] = 32'(DcWays);
    g[14*32 +: 32] = 32'(XlatReg);
    g[15*32 +: 32] = 32'(HitPipe);
    geometry = g;
  endfunction
  localparam logic [NumParams*32-1:0] Params = geometry();

  // ---- UART and frames ----
  logic       rxb_valid, rxb_framing;
  logic [7:0] rxb;
  logic       txb_valid, txb_ready;
  logic [7:0] txb;

  board_uart_rx #(.ClksPerBit(ClksPerBit)) u_uart_rx (
    .clk_i, .rst_ni, .rx_i(uart_rx_i), .valid_o(rxb_valid), .data_o(rxb), .framing_o(rxb_framing)
  );
  board_uart_tx #(.ClksPerBit(ClksPerBit)) u_uart_tx (
    .clk_i, .rst_ni, .valid_i(txb_valid), .ready_o(txb_ready), .data_i(txb), .tx_o(uart_tx_o)
  );

  logic                 ev_valid, ev_ready, hold, noise_clr;
  board_pkg::err_e      ev_err;
  logic [7:0]           ev_info, ev_seq, ev_type;
  logic [6:0]           ev_len;
  logic [board_pkg::MaxReqLen*8-1:0] ev_payload;
  logic [15:0]          noise;

  board_frame_rx #(.ClksPerBit(ClksPerBit), .TimeoutBits(TimeoutBits)) u_frame_rx (
    .clk_i, .rst_ni,
    .byte_valid_i(rxb_valid), .byte_i(rxb), .byte_framing_i(rxb_framing),
    .ev_valid_o(ev_valid), .ev_ready_i(ev_ready), .ev_err_o(ev_err), .ev_info_o(ev_info),
    .ev_seq_o(ev_seq), .ev_type_o(ev_type), .ev_len_o(ev_len), .ev_payload_o(ev_payload),
    .hold_i(hold), .noise_o(noise), .noise_clr_i(noise_clr)
  );

  logic        txs_valid, txs_ready, txp_valid, txp_ready, tx_done;
  logic [7:0]  txs_seq, txs_type, txp;
  logic [15:0] txs_len;

  board_frame_tx u_frame_tx (
    .clk_i, .rst_ni,
    .start_valid_i(txs_valid), .start_ready_o(txs_ready), .start_seq_i(txs_seq),
    .start_type_i(txs_type), .start_len_i(txs_len),
    .pay_valid_i(txp_valid), .pay_ready_o(txp_ready), .pay_i(txp), .done_o(tx_done),
    .tx_valid_o(txb_valid), .tx_ready_i(txb_ready), .tx_data_o(txb)
  );

  // ---- the executor and mmu_top ----
  logic                 mmu_rst_n, mem_rst_n, mem_clear, mem_clear_done;
  logic                 if_req_valid, if_req_ready, if_req_user, if_rsp_valid;
  logic [63:0]          if_req_va, if_rsp_addr;
  mmu_pkg::acc_e        if_req_kind, ls_req_kind;
  mmu_pkg::rsp_status_e if_rsp_status, ls_rsp_status;
  logic [PaW-1:0]       if_rsp_pa, ls_rsp_pa, pm_req_addr;
  logic [4:0]           if_rsp_err, ls_rsp_err;
  logic                 ls_req_valid, ls_req_ready, ls_req_user, ls_req_nodata, ls_rsp_valid;
  logic [1:0]           ls_req_size, pm_req_size;
  logic [63:0]          ls_req_va, ls_req_wdata, ls_rsp_addr, ls_rsp_rdata;
  logic                 csr_req_valid, csr_req_ready, csr_rsp_valid, csr_rsp_gp;
  mmu_pkg::csr_op_e     csr_req_op;
  logic [63:0]          csr_req_arg0, csr_req_arg1, csr_req_arg2, csr_rsp_rdata;
  logic                 pm_req_valid, pm_req_ready, pm_req_write, pm_rsp_valid, pm_rsp_mce;
  logic [63:0]          pm_req_wdata, pm_rsp_rdata;

  board_exec #(
    .ClksPerBit(ClksPerBit), .TimeoutBits(TimeoutBits), .ClkHz(ClkHz), .MemBase(MemBase),
    .MemBytes(MemBytes), .CfgName(CfgName), .NumParams(NumParams), .Params(Params)
  ) u_exec (
    .clk_i, .rst_ni,
    .ev_valid_i(ev_valid), .ev_ready_o(ev_ready), .ev_err_i(ev_err), .ev_info_i(ev_info),
    .ev_seq_i(ev_seq), .ev_type_i(ev_type), .ev_len_i(ev_len), .ev_payload_i(ev_payload),
    .hold_o(hold), .noise_i(noise), .noise_clr_o(noise_clr),
    .tx_start_valid_o(txs_valid), .tx_start_ready_i(txs_ready), .tx_seq_o(txs_seq),
    .tx_type_o(txs_type), .tx_len_o(txs_len), .tx_pay_valid_o(txp_valid),
    .tx_pay_ready_i(txp_ready), .tx_pay_o(txp), .tx_done_i(tx_done),
    .mmu_rst_no(mmu_rst_n), .mem_clear_o(mem_clear), .mem_clear_done_i(mem_clear_done),
    .if_req_valid_o(if_req_valid), .if_req_ready_i(if_req_ready), .if_req_va_o(if_req_va),
    .if_req_kind_o(if_req_kind), .if_req_user_o(if_req_user), .if_rsp_valid_i(if_rsp_valid),
    .if_rsp_status_i(if_rsp_status), .if_rsp_pa_i(if_rsp_pa), .if_rsp_err_i(if_rsp_err),
    .if_rsp_addr_i(if_rsp_addr),
    .ls_req_valid_o(ls_req_valid), .ls_req_ready_i(ls_req_ready), .ls_req_va_o(ls_req_va),
    .ls_req_kind_o(ls_req_kind), .ls_req_user_o(ls_req_user), .ls_req_size_o(ls_req_size),
    .ls_req_wdata_o(ls_req_wdata), .ls_req_nodata_o(ls_req_nodata),
    .ls_rsp_valid_i(ls_rsp_valid), .ls_rsp_status_i(ls_rsp_status), .ls_rsp_pa_i(ls_rsp_pa),
    .ls_rsp_err_i(ls_rsp_err), .ls_rsp_addr_i(ls_rsp_addr), .ls_rsp_rdata_i(ls_rsp_rdata),
    .csr_req_valid_o(csr_req_valid), .csr_req_ready_i(csr_req_ready),
    .csr_req_op_o(csr_req_op), .csr_req_arg0_o(csr_req_arg0), .csr_req_arg1_o(csr_req_arg1),
    .csr_req_arg2_o(csr_req_arg2), .csr_rsp_valid_i(csr_rsp_valid),
    .csr_rsp_gp_i(csr_rsp_gp), .csr_rsp_rdata_i(csr_rsp_rdata),
    .pm_req_valid_o(pm_req_valid), .pm_req_ready_i(pm_req_ready),
    .pm_req_write_o(pm_req_write), .pm_req_addr_o(pm_req_addr), .pm_req_size_o(pm_req_size),
    .pm_req_wdata_o(pm_req_wdata), .pm_rsp_valid_i(pm_rsp_valid), .pm_rsp_mce_i(pm_rsp_mce),
    .pm_rsp_rdata_i(pm_rsp_rdata)
  );

  // mmu_top and the memory's bus side are reset together (RESET), so that no burst is left
  // half done; the memory's contents are cleared by its sweep, which runs meanwhile.
  assign mem_rst_n = rst_ni && mmu_rst_n;

  logic             awid, awvalid, awready, wlast, wvalid, wready, bid, bvalid, bready;
  logic             arid, arvalid, arready, rid, rlast, rvalid, rready;
  logic [PaW-1:0]   awaddr, araddr;
  logic [7:0]       awlen, arlen, wstrb;
  logic [2:0]       awsize, arsize;
  logic [1:0]       awburst, arburst, bresp, rresp;
  logic [3:0]       awcache, arcache;
  logic [63:0]      wdata, rdata;
  logic             obs_valid, obs_take, obs_cas;
  logic [PaW-1:0]   obs_addr;
  logic [63:0]      obs_expect, obs_wdata;

  mmu_top #(
    .ITlbSets(ITlbSets), .ITlbWays(ITlbWays), .ITlbLarge(ITlbLarge),
    .DTlbSets(DTlbSets), .DTlbWays(DTlbWays), .DTlbLarge(DTlbLarge),
    .L2Sets(L2Sets), .L2Ways(L2Ways),
    .PscPml4eEntries(PscPml4eEntries), .PscPdpteEntries(PscPdpteEntries),
    .PscPdeEntries(PscPdeEntries), .RandomRepl(RandomRepl),
    .DcSizeBytes(DcSizeBytes), .DcWays(DcWays), .XlatReg(XlatReg), .HitPipe(HitPipe)
  ) u_mmu (
    .clk_i, .rst_ni(mem_rst_n),
    .if_req_valid_i(if_req_valid), .if_req_ready_o(if_req_ready), .if_req_va_i(if_req_va),
    .if_req_kind_i(if_req_kind), .if_req_user_i(if_req_user), .if_rsp_valid_o(if_rsp_valid),
    .if_rsp_status_o(if_rsp_status), .if_rsp_pa_o(if_rsp_pa), .if_rsp_err_o(if_rsp_err),
    .if_rsp_addr_o(if_rsp_addr),
    .ls_req_valid_i(ls_req_valid), .ls_req_ready_o(ls_req_ready), .ls_req_va_i(ls_req_va),
    .ls_req_kind_i(ls_req_kind), .ls_req_user_i(ls_req_user), .ls_req_size_i(ls_req_size),
    .ls_req_wdata_i(ls_req_wdata), .ls_req_nodata_i(ls_req_nodata),
    .ls_rsp_valid_o(ls_rsp_valid), .ls_rsp_status_o(ls_rsp_status), .ls_rsp_pa_o(ls_rsp_pa),
    .ls_rsp_err_o(ls_rsp_err), .ls_rsp_addr_o(ls_rsp_addr), .ls_rsp_rdata_o(ls_rsp_rdata),
    .csr_req_valid_i(csr_req_valid), .csr_req_ready_o(csr_req_ready),
    .csr_req_op_i(csr_req_op), .csr_req_arg0_i(csr_req_arg0), .csr_req_arg1_i(csr_req_arg1),
    .csr_req_arg2_i(csr_req_arg2), .csr_rsp_valid_o(csr_rsp_valid),
    .csr_rsp_gp_o(csr_rsp_gp), .csr_rsp_rdata_o(csr_rsp_rdata),
    .pm_req_valid_i(pm_req_valid), .pm_req_ready_o(pm_req_ready),
    .pm_req_write_i(pm_req_write), .pm_req_zero_i(1'b0), .pm_req_addr_i(pm_req_addr), .pm_req_size_i(pm_req_size),
    .pm_req_wdata_i(pm_req_wdata), .pm_rsp_valid_o(pm_rsp_valid), .pm_rsp_mce_o(pm_rsp_mce),
    .pm_rsp_rdata_o(pm_rsp_rdata),
    .obs_wk_valid_o(obs_valid), .obs_wk_take_o(obs_take), .obs_wk_cas_o(obs_cas),
    .obs_wk_addr_o(obs_addr), .obs_wk_expect_o(obs_expect), .obs_wk_wdata_o(obs_wdata),
    .axi_awid_o(awid), .axi_awaddr_o(awaddr), .axi_awlen_o(awlen), .axi_awsize_o(awsize),
    .axi_awburst_o(awburst), .axi_awcache_o(awcache), .axi_awvalid_o(awvalid),
    .axi_awready_i(awready), .axi_wdata_o(wdata), .axi_wstrb_o(wstrb), .axi_wlast_o(wlast),
    .axi_wvalid_o(wvalid), .axi_wready_i(wready), .axi_bid_i(bid), .axi_bresp_i(bresp),
    .axi_bvalid_i(bvalid), .axi_bready_o(bready), .axi_arid_o(arid), .axi_araddr_o(araddr),
    .axi_arlen_o(arlen), .axi_arsize_o(arsize), .axi_arburst_o(arburst),
    .axi_arcache_o(arcache), .axi_arvalid_o(arvalid), .axi_arready_i(arready),
    .axi_rid_i(rid), .axi_rdata_i(rdata), .axi_rresp_i(rresp), .axi_rlast_i(rlast),
    .axi_rvalid_i(rvalid), .axi_rready_o(rready)
  );

  // The walker's observation port is for testbenches; AxCACHE has no meaning for block RAM.
  logic unused;
  assign unused = ^{obs_valid, obs_take, obs_cas, obs_addr, obs_expect, obs_wdata,
                    awcache, arcache};

  board_axi_ram #(.MemBase(MemBase), .MemBytes(MemBytes), .Sparse(SparseMem)) u_mem (
    .clk_i, .rst_ni, .bus_rst_ni(mem_rst_n), .clear_i(mem_clear), .clear_done_o(mem_clear_done),
    .s_awid_i(awid), .s_awaddr_i(awaddr), .s_awlen_i(awlen), .s_awsize_i(awsize),
    .s_awburst_i(awburst), .s_awvalid_i(awvalid), .s_awready_o(awready),
    .s_wdata_i(wdata), .s_wstrb_i(wstrb), .s_wlast_i(wlast), .s_wvalid_i(wvalid),
    .s_wready_o(wready), .s_bid_o(bid), .s_bresp_o(bresp), .s_bvalid_o(bvalid),
    .s_bready_i(bready), .s_arid_i(arid), .s_araddr_i(araddr), .s_arlen_i(arlen),
    .s_arsize_i(arsize), .s_arburst_i(arburst), .s_arvalid_i(arvalid),
    .s_arready_o(arready), .s_rid_o(rid), .s_rdata_o(rdata), .s_rresp_o(rresp),
    .s_rlast_o(rlast), .s_rvalid_o(rvalid), .s_rready_i(rready)
  );

endmodule

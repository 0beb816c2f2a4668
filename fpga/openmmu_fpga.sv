// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// openmmu_fpga: mmu_top with its ~580 input and ~900 output bits folded onto three pins, so
// that nextpnr can place it on a real ECP5 package (CABGA381 has ~200 user I/Os) and report
// the logic's size and Fmax, not an I/O-bound design.
//
// Every input of mmu_top comes from one long shift register fed by sin_i; every output is
// XOR-folded into one flop that drives sout_o. Nothing is left constant, so synthesis can
// remove no logic, and every path into and out of mmu_top starts and ends at a flop: the Fmax
// reported is that of the core. Not a use of the MMU -- only a harness for the estimate.
module openmmu_fpga #(
  parameter int unsigned ITlbSets        = 32,
  parameter int unsigned ITlbWays        = 4,
  parameter int unsigned ITlbLarge       = 8,
  parameter int unsigned DTlbSets        = 16,
  parameter int unsigned DTlbWays        = 4,
  parameter int unsigned DTlbLarge       = 32,
  parameter int unsigned L2Sets          = 128,
  parameter int unsigned L2Ways          = 4,
  parameter int unsigned PscPml4eEntries = 4,
  parameter int unsigned PscPdpteEntries = 4,
  parameter int unsigned PscPdeEntries   = 32,
  parameter bit          RandomRepl      = 1'b0,
  parameter int unsigned DcSizeBytes     = 32768,
  parameter int unsigned DcWays          = 8,
  parameter bit          XlatReg         = 1'b0,
  parameter bit          HitPipe         = 1'b1
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  // Input bits: if port 68, ls port 135, csr port 196, physical port 44 + PA, AXI 76.
  localparam int unsigned PaW  = mmu_pkg::PhysAddrW;
  localparam int unsigned Ls   = 68;             // ls port inputs start here
  localparam int unsigned Csr  = Ls + 135;
  localparam int unsigned Pm   = Csr + 196;
  localparam int unsigned Axi  = Pm + 5 + PaW + 64;
  localparam int unsigned InW  = Axi + 76;

  logic [InW-1:0] in_q;
  always_ff @(posedge clk_i) begin
    in_q <= {in_q[InW-2:0], sin_i};
  end

  logic        if_req_ready, if_rsp_valid, ls_req_ready, ls_rsp_valid;
  logic [1:0]  if_rsp_status, ls_rsp_status;
  logic [PaW-1:0] if_rsp_pa, ls_rsp_pa, obs_wk_addr, axi_awaddr, axi_araddr;
  logic [4:0]  if_rsp_err, ls_rsp_err;
  logic [63:0] if_rsp_addr, ls_rsp_addr, ls_rsp_rdata, csr_rsp_rdata, pm_rsp_rdata;
  logic [63:0] obs_wk_expect, obs_wk_wdata, axi_wdata;
  logic        csr_req_ready, csr_rsp_valid, csr_rsp_gp, pm_req_ready, pm_rsp_valid, pm_rsp_mce;
  logic        obs_wk_valid, obs_wk_take, obs_wk_cas;
  logic        axi_awid, axi_awvalid, axi_wlast, axi_wvalid, axi_bready, axi_arid, axi_arvalid;
  logic        axi_rready;
  logic [7:0]  axi_awlen, axi_arlen, axi_wstrb;
  logic [2:0]  axi_awsize, axi_arsize;
  logic [1:0]  axi_awburst, axi_arburst;
  logic [3:0]  axi_awcache, axi_arcache;

  mmu_top #(
    .ITlbSets       (ITlbSets),
    .ITlbWays       (ITlbWays),
    .ITlbLarge      (ITlbLarge),
    .DTlbSets       (DTlbSets),
    .DTlbWays       (DTlbWays),
    .DTlbLarge      (DTlbLarge),
    .L2Sets         (L2Sets),
    .L2Ways         (L2Ways),
    .PscPml4eEntries(PscPml4eEntries),
    .PscPdpteEntries(PscPdpteEntries),
    .PscPdeEntries  (PscPdeEntries),
    .RandomRepl     (RandomRepl),
    .DcSizeBytes    (DcSizeBytes),
    .DcWays         (DcWays),
    .XlatReg        (XlatReg),
    .HitPipe        (HitPipe)
  ) u_mmu (
    .clk_i,
    .rst_ni,
    .if_req_valid_i  (in_q[0]),
    .if_req_ready_o  (if_req_ready),
    .if_req_va_i     (in_q[64:1]),
    .if_req_kind_i   (mmu_pkg::acc_e'(in_q[66:65])),
    .if_req_user_i   (in_q[67]),
    .if_rsp_valid_o  (if_rsp_valid),
    .if_rsp_status_o (if_rsp_status),
    .if_rsp_pa_o     (if_rsp_pa),
    .if_rsp_err_o    (if_rsp_err),
    .if_rsp_addr_o   (if_rsp_addr),
    .ls_req_valid_i  (in_q[Ls]),
    .ls_req_ready_o  (ls_req_ready),
    .ls_req_va_i     (in_q[Ls+1 +: 64]),
    .ls_req_kind_i   (mmu_pkg::acc_e'(in_q[Ls+65 +: 2])),
    .ls_req_user_i   (in_q[Ls+67]),
    .ls_req_size_i   (in_q[Ls+68 +: 2]),
    .ls_req_wdata_i  (in_q[Ls+70 +: 64]),
    .ls_req_nodata_i (in_q[Ls+134]),
    .ls_rsp_valid_o  (ls_rsp_valid),
    .ls_rsp_status_o (ls_rsp_status),
    .ls_rsp_pa_o     (ls_rsp_pa),
    .ls_rsp_err_o    (ls_rsp_err),
    .ls_rsp_addr_o   (ls_rsp_addr),
    .ls_rsp_rdata_o  (ls_rsp_rdata),
    .csr_req_valid_i (in_q[Csr]),
    .csr_req_ready_o (csr_req_ready),
    .csr_req_op_i    (mmu_pkg::csr_op_e'(in_q[Csr+1 +: 3])),
    .csr_req_arg0_i  (in_q[Csr+4 +: 64]),
    .csr_req_arg1_i  (in_q[Csr+68 +: 64]),
    .csr_req_arg2_i  (in_q[Csr+132 +: 64]),
    .csr_rsp_valid_o (csr_rsp_valid),
    .csr_rsp_gp_o    (csr_rsp_gp),
    .csr_rsp_rdata_o (csr_rsp_rdata),
    .pm_req_valid_i  (in_q[Pm]),
    .pm_req_ready_o  (pm_req_ready),
    .pm_req_write_i  (in_q[Pm+1]),
    .pm_req_addr_i   (in_q[Pm+2 +: PaW]),
    .pm_req_size_i   (in_q[Pm+2+PaW +: 2]),
    .pm_req_wdata_i  (in_q[Pm+4+PaW +: 64]),
    .pm_req_zero_i   (in_q[Pm+4+PaW+64]),
    .pm_rsp_valid_o  (pm_rsp_valid),
    .pm_rsp_mce_o    (pm_rsp_mce),
    .pm_rsp_rdata_o  (pm_rsp_rdata),
    .obs_wk_valid_o  (obs_wk_valid),
    .obs_wk_take_o   (obs_wk_take),
    .obs_wk_cas_o    (obs_wk_cas),
    .obs_wk_addr_o   (obs_wk_addr),
    .obs_wk_expect_o (obs_wk_expect),
    .obs_wk_wdata_o  (obs_wk_wdata),
    .axi_awid_o      (axi_awid),
    .axi_awaddr_o    (axi_awaddr),
    .axi_awlen_o     (axi_awlen),
    .axi_awsize_o    (axi_awsize),
    .axi_awburst_o   (axi_awburst),
    .axi_awcache_o   (axi_awcache),
    .axi_awvalid_o   (axi_awvalid),
    .axi_awready_i   (in_q[Axi]),
    .axi_wdata_o     (axi_wdata),
    .axi_wstrb_o     (axi_wstrb),
    .axi_wlast_o     (axi_wlast),
    .axi_wvalid_o    (axi_wvalid),
    .axi_wready_i    (in_q[Axi+1]),
    .axi_bid_i       (in_q[Axi+2]),
    .axi_bresp_i     (in_q[Axi+3 +: 2]),
    .axi_bvalid_i    (in_q[Axi+5]),
    .axi_bready_o    (axi_bready),
    .axi_arid_o      (axi_arid),
    .axi_araddr_o    (axi_araddr),
    .axi_arlen_o     (axi_arlen),
    .axi_arsize_o    (axi_arsize),
    .axi_arburst_o   (axi_arburst),
    .axi_arcache_o   (axi_arcache),
    .axi_arvalid_o   (axi_arvalid),
    .axi_arready_i   (in_q[Axi+6]),
    .axi_rid_i       (in_q[Axi+7]),
    .axi_rdata_i     (in_q[Axi+8 +: 64]),
    .axi_rresp_i     (in_q[Axi+72 +: 2]),
    .axi_rlast_i     (in_q[Axi+74]),
    .axi_rvalid_i    (in_q[Axi+75]),
    .axi_rready_o    (axi_rready)
  );

  logic out_q;
  always_ff @(posedge clk_i) begin
    out_q <= ^{if_req_ready, if_rsp_valid, if_rsp_status, if_rsp_pa, if_rsp_err, if_rsp_addr,
               ls_req_ready, ls_rsp_valid, ls_rsp_status, ls_rsp_pa, ls_rsp_err, ls_rsp_addr,
               ls_rsp_rdata, csr_req_ready, csr_rsp_valid, csr_rsp_gp, csr_rsp_rdata,
               pm_req_ready, pm_rsp_valid, pm_rsp_mce, pm_rsp_rdata,
               obs_wk_valid, obs_wk_take, obs_wk_cas, obs_wk_addr, obs_wk_expect, obs_wk_wdata,
               axi_awid, axi_awaddr, axi_awlen, axi_awsize, axi_awburst, axi_awcache,
               axi_awvalid, axi_wdata, axi_wstrb, axi_wlast, axi_wvalid, axi_bready, axi_arid,
               axi_araddr, axi_arlen, axi_arsize, axi_arburst, axi_arcache, axi_arvalid,
               axi_rready};
  end
  assign sout_o = out_q;

endmodule

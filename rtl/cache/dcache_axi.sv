// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The L1 data cache with its AXI4 memory port: rtl/cache/dcache.sv behind
// rtl/axi/axi_master.sv. The unit the cache testbench drives and synthesis measures.
module dcache_axi #(
  parameter int unsigned SizeBytes = 32768,
  parameter int unsigned Ways      = 8,
  parameter int unsigned InfoW     = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  input  logic                 cpu_req_valid_i,
  output logic                 cpu_req_ready_o,
  input  mmu_pkg::dc_op_e       cpu_req_op_i,   // DcLoad or DcStore
  input  logic [11:0]          cpu_req_off_i,
  input  logic [1:0]           cpu_req_size_i,
  input  logic [63:0]          cpu_req_wdata_i,
  input  logic                 cpu_xlat_valid_i,
  input  logic                 cpu_xlat_ok_i,
  input  logic [mmu_pkg::PpnW-1:0]      cpu_xlat_ppn_i,
  input  logic                 cpu_xlat_uc_i,
  input  logic [InfoW-1:0]     cpu_xlat_info_i,
  output logic                 cpu_rsp_valid_o,
  output logic                 cpu_rsp_mce_o,
  output logic [63:0]          cpu_rsp_rdata_o,
  output logic [InfoW-1:0]     cpu_rsp_info_o,

  input  logic                 ph_req_valid_i,
  output logic                 ph_req_ready_o,
  input  mmu_pkg::dc_op_e       ph_req_op_i,    // DcLoad, DcStore or DcCas
  input  logic [mmu_pkg::PhysAddrW-1:0] ph_req_addr_i,
  input  logic [1:0]           ph_req_size_i,
  input  logic [63:0]          ph_req_wdata_i,
  input  logic [63:0]          ph_req_expect_i,
  output logic                 ph_rsp_valid_o,
  output logic                 ph_rsp_mce_o,
  output logic [63:0]          ph_rsp_rdata_o,

  input  logic                 mnt_req_valid_i,
  output logic                 mnt_req_ready_o,
  input  mmu_pkg::dc_mnt_e      mnt_req_op_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] mnt_req_addr_i,
  output logic                 mnt_rsp_valid_o,
  output logic                 mnt_rsp_err_o,

  output logic                 ev_hit_o,
  output logic                 ev_miss_o,
  output logic                 ev_wb_o,
  output logic                 ev_uc_o,
  output logic                 ev_stall_o,
  output logic                 ev_ph_o,

  output logic                 m_awid_o,
  output logic [mmu_pkg::PhysAddrW-1:0] m_awaddr_o,
  output logic [7:0]           m_awlen_o,
  output logic [2:0]           m_awsize_o,
  output logic [1:0]           m_awburst_o,
  output logic [3:0]           m_awcache_o,
  output logic                 m_awvalid_o,
  input  logic                 m_awready_i,
  output logic [63:0]          m_wdata_o,
  output logic [7:0]           m_wstrb_o,
  output logic                 m_wlast_o,
  output logic                 m_wvalid_o,
  input  logic                 m_wready_i,
  input  logic                 m_bid_i,
  input  logic [1:0]           m_bresp_i,
  input  logic                 m_bvalid_i,
  output logic                 m_bready_o,
  output logic                 m_arid_o,
  output logic [mmu_pkg::PhysAddrW-1:0] m_araddr_o,
  output logic [7:0]           m_arlen_o,
  output logic [2:0]           m_arsize_o,
  output logic [1:0]           m_arburst_o,
  output logic [3:0]           m_arcache_o,
  output logic                 m_arvalid_o,
  input  logic                 m_arready_i,
  input  logic                 m_rid_i,
  input  logic [63:0]          m_rdata_i,
  input  logic [1:0]           m_rresp_i,
  input  logic                 m_rlast_i,
  input  logic                 m_rvalid_i,
  output logic                 m_rready_o
);

  logic                 rd_req_valid, rd_req_ready, rd_req_line, rd_beat_valid, rd_beat_last;
  logic                 rd_beat_err, wr_req_valid, wr_req_ready, wr_req_line, wr_done, wr_err;
  logic [mmu_pkg::PhysAddrW-1:0] rd_req_addr, wr_req_addr;
  logic [1:0]           rd_req_size, wr_req_size;
  logic [63:0]          rd_beat_data, wr_beat_data;
  logic [2:0]           wr_beat_idx;
  logic [7:0]           wr_beat_strb;

  dcache #(
    .SizeBytes(SizeBytes),
    .Ways     (Ways),
    .InfoW    (InfoW)
  ) u_dcache (
    .clk_i,
    .rst_ni,
    .cpu_req_valid_i,
    .cpu_req_ready_o,
    .cpu_req_op_i,
    .cpu_req_off_i,
    .cpu_req_size_i,
    .cpu_req_wdata_i,
    .cpu_xlat_valid_i,
    .cpu_xlat_ok_i,
    .cpu_xlat_ppn_i,
    .cpu_xlat_uc_i,
    .cpu_xlat_info_i,
    .cpu_rsp_valid_o,
    .cpu_rsp_mce_o,
    .cpu_rsp_rdata_o,
    .cpu_rsp_info_o,
    .ph_req_valid_i,
    .ph_req_ready_o,
    .ph_req_op_i,
    .ph_req_addr_i,
    .ph_req_size_i,
    .ph_req_wdata_i,
    .ph_req_expect_i,
    .ph_rsp_valid_o,
    .ph_rsp_mce_o,
    .ph_rsp_rdata_o,
    .mnt_req_valid_i,
    .mnt_req_ready_o,
    .mnt_req_op_i,
    .mnt_req_addr_i,
    .mnt_rsp_valid_o,
    .mnt_rsp_err_o,
    .rd_req_valid_o (rd_req_valid),
    .rd_req_ready_i (rd_req_ready),
    .rd_req_addr_o  (rd_req_addr),
    .rd_req_line_o  (rd_req_line),
    .rd_req_size_o  (rd_req_size),
    .rd_beat_valid_i(rd_beat_valid),
    .rd_beat_data_i (rd_beat_data),
    .rd_beat_last_i (rd_beat_last),
    .rd_beat_err_i  (rd_beat_err),
    .wr_req_valid_o (wr_req_valid),
    .wr_req_ready_i (wr_req_ready),
    .wr_req_addr_o  (wr_req_addr),
    .wr_req_line_o  (wr_req_line),
    .wr_req_size_o  (wr_req_size),
    .wr_beat_idx_i  (wr_beat_idx),
    .wr_beat_data_o (wr_beat_data),
    .wr_beat_strb_o (wr_beat_strb),
    .wr_done_i      (wr_done),
    .wr_err_i       (wr_err),
    .ev_hit_o,
    .ev_miss_o,
    .ev_wb_o,
    .ev_uc_o,
    .ev_stall_o,
    .ev_ph_o
  );

  axi_master u_axi (
    .clk_i,
    .rst_ni,
    .rd_req_valid_i (rd_req_valid),
    .rd_req_ready_o (rd_req_ready),
    .rd_req_addr_i  (rd_req_addr),
    .rd_req_line_i  (rd_req_line),
    .rd_req_size_i  (rd_req_size),
    .rd_beat_valid_o(rd_beat_valid),
    .rd_beat_data_o (rd_beat_data),
    .rd_beat_last_o (rd_beat_last),
    .rd_beat_err_o  (rd_beat_err),
    .wr_req_valid_i (wr_req_valid),
    .wr_req_ready_o (wr_req_ready),
    .wr_req_addr_i  (wr_req_addr),
    .wr_req_line_i  (wr_req_line),
    .wr_req_size_i  (wr_req_size),
    .wr_beat_idx_o  (wr_beat_idx),
    .wr_beat_data_i (wr_beat_data),
    .wr_beat_strb_i (wr_beat_strb),
    .wr_done_o      (wr_done),
    .wr_err_o       (wr_err),
    .m_awid_o,
    .m_awaddr_o,
    .m_awlen_o,
    .m_awsize_o,
    .m_awburst_o,
    .m_awcache_o,
    .m_awvalid_o,
    .m_awready_i,
    .m_wdata_o,
    .m_wstrb_o,
    .m_wlast_o,
    .m_wvalid_o,
    .m_wready_i,
    .m_bid_i,
    .m_bresp_i,
    .m_bvalid_i,
    .m_bready_o,
    .m_arid_o,
    .m_araddr_o,
    .m_arlen_o,
    .m_arsize_o,
    .m_arburst_o,
    .m_arcache_o,
    .m_arvalid_o,
    .m_arready_i,
    .m_rid_i,
    .m_rdata_i,
    .m_rresp_i,
    .m_rlast_i,
    .m_rvalid_i,
    .m_rready_o
  );

  logic unused_pkg;
  assign unused_pkg = ^{mmu_pkg::TlbEntryW};

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // No answer without a request: the physical port's and maintenance requests in flight,
  // counted from the handshakes (the physical port takes one a cycle: a few in flight).
  logic [2:0] a_ph_q;
  logic       a_mnt_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_ph_q  <= '0;
      a_mnt_q <= 1'b0;
    end else begin
      a_ph_q <= a_ph_q + 3'(ph_req_valid_i && ph_req_ready_o) - 3'(ph_rsp_valid_o);
      if (mnt_req_valid_i && mnt_req_ready_o) a_mnt_q <= 1'b1;
      else if (mnt_rsp_valid_o)               a_mnt_q <= 1'b0;
    end
  end
  a_ph_rsp_has_req: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ph_rsp_valid_o |-> a_ph_q != '0)
    else $error("dcache_axi: a physical-port answer with no request in flight");
  a_mnt_rsp_has_req: assert property (@(posedge clk_i) disable iff (!rst_ni)
      mnt_rsp_valid_o |-> a_mnt_q)
    else $error("dcache_axi: a maintenance answer with no request in flight");
`endif

endmodule

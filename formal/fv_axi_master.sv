// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Formal harness of rtl/axi/axi_master.sv (docs/formal.md, "AXI4 master"): every input is
// free (the slave and the cache may do anything the assumption below allows) and the master
// must keep the AXI4 rules of formal/fv_axi_rules.sv on its side of the bus.
// The one assumption on the cache side: a beat the master offers (the cache said it holds
// it: wr_beat_avail_i) stays available, with the same data and strobes, until it is taken
// (the cache answers wr_beat_idx_o from a line it writes only ahead of the beats it offers).
module fv_axi_master (
  input  logic                          clk_i,
  input  logic                          rd_req_valid_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] rd_req_addr_i,
  input  logic                          rd_req_line_i,
  input  logic [1:0]                    rd_req_size_i,
  input  logic                          wr_req_valid_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] wr_req_addr_i,
  input  logic                          wr_req_line_i,
  input  logic [1:0]                    wr_req_size_i,
  input  logic                          wr_beat_avail_i,
  input  logic [63:0]                   wr_beat_data_i,
  input  logic [7:0]                    wr_beat_strb_i,
  input  logic                          m_awready_i,
  input  logic                          m_wready_i,
  input  logic                          m_bid_i,
  input  logic [1:0]                    m_bresp_i,
  input  logic                          m_bvalid_i,
  input  logic                          m_arready_i,
  input  logic                          m_rid_i,
  input  logic [63:0]                   m_rdata_i,
  input  logic [1:0]                    m_rresp_i,
  input  logic                          m_rlast_i,
  input  logic                          m_rvalid_i
);
  // Reset in the first cycle only.
  logic init_q = 1'b1;
  always_ff @(posedge clk_i) init_q <= 1'b0;
  logic rst_ni;
  assign rst_ni = !init_q;

  logic                          rd_req_ready_o, rd_beat_valid_o, rd_beat_last_o, rd_beat_err_o;
  logic [63:0]                   rd_beat_data_o;
  logic                          wr_req_ready_o, wr_done_o, wr_err_o;
  logic [2:0]                    wr_beat_idx_o;
  logic                          m_awid_o, m_awvalid_o, m_wlast_o, m_wvalid_o, m_bready_o;
  logic [mmu_pkg::PhysAddrW-1:0] m_awaddr_o, m_araddr_o;
  logic [7:0]                    m_awlen_o, m_arlen_o, m_wstrb_o;
  logic [2:0]                    m_awsize_o, m_arsize_o;
  logic [1:0]                    m_awburst_o, m_arburst_o;
  logic [3:0]                    m_awcache_o, m_arcache_o;
  logic [63:0]                   m_wdata_o;
  logic                          m_arid_o, m_arvalid_o, m_rready_o;

  axi_master dut (.*);

  // ---- the cache side's one promise ----
  logic past_q = 1'b0;
  always_ff @(posedge clk_i) past_q <= 1'b1;
  always_ff @(posedge clk_i)
    if (past_q && !init_q && !$past(init_q) && $past(m_wvalid_o && !m_wready_i)) begin
      assume (wr_beat_avail_i);
      assume (wr_beat_data_i == $past(wr_beat_data_i));
      assume (wr_beat_strb_i == $past(wr_beat_strb_i));
    end

  // ---- the rules, and what they counted ----
  logic [1:0] rd_out, wr_out;
  logic       w_open;
  logic [7:0] w_len, w_beats;
  fv_axi_rules rules (
    .clk_i, .init_i(init_q),
    .awid_i(m_awid_o), .awaddr_i(m_awaddr_o), .awlen_i(m_awlen_o), .awsize_i(m_awsize_o),
    .awburst_i(m_awburst_o), .awcache_i(m_awcache_o), .awvalid_i(m_awvalid_o),
    .awready_i(m_awready_i), .wdata_i(m_wdata_o), .wstrb_i(m_wstrb_o), .wlast_i(m_wlast_o),
    .wvalid_i(m_wvalid_o), .wready_i(m_wready_i), .bvalid_i(m_bvalid_i), .bready_i(m_bready_o),
    .arid_i(m_arid_o), .araddr_i(m_araddr_o), .arlen_i(m_arlen_o), .arsize_i(m_arsize_o),
    .arburst_i(m_arburst_o), .arcache_i(m_arcache_o), .arvalid_i(m_arvalid_o),
    .arready_i(m_arready_i), .rlast_i(m_rlast_i), .rvalid_i(m_rvalid_i), .rready_i(m_rready_o),
    .rd_out_o(rd_out), .wr_out_o(wr_out), .w_open_o(w_open), .w_len_o(w_len),
    .w_beats_o(w_beats)
  );

  // What the rules counted matches the channel states the master shows. These make the proof
  // inductive (without them a step could start from a count the master never had), and are
  // true properties of the master themselves.
  always_comb begin
    if (!init_q) begin
      assert (m_rready_o == (rd_out == 2'd1));
      assert ((w_open || m_bready_o) == (wr_out == 2'd1));
      // The write's data phase (neither idle, nor sending AW, nor awaiting B) is exactly
      // the beats the rules count as open; in it, W waits for the cache between beats.
      assert ((!wr_req_ready_o && !m_awvalid_o && !m_bready_o) == w_open);
      assert (m_wvalid_o == (w_open && wr_beat_avail_i));
      if (w_open) begin
        assert (w_len == m_awlen_o && w_beats <= w_len);
        assert (w_beats[2:0] == wr_beat_idx_o && w_beats[7:3] == '0);
      end
      assert (m_awlen_o == 8'd0 || m_awlen_o == 8'd7);
      if (m_awvalid_o) assert (wr_beat_idx_o == 3'd0);  // a burst starts at its first beat
    end
  end

  logic unused;
  assign unused = ^{rd_req_ready_o, rd_beat_valid_o, rd_beat_last_o, rd_beat_err_o,
                    rd_beat_data_o, wr_done_o, wr_err_o};
endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// AXI4 master for the L1 data cache: one read and one write transaction at a time.
//
// A command is either a line (an INCR burst of 8 beats of 8 bytes from the line-aligned
// address: a fill or a write-back) or one beat of 2^size bytes at an address aligned to that
// size (an uncached access). Read beats are passed on as they arrive (RREADY is held high
// while a read is outstanding); every beat's RRESP is reported, and the burst is always
// consumed to RLAST, so an error never leaves the bus hung. Write data is pulled from the
// cache by beat index, each beat offered once the cache says it holds it (wr_beat_avail_i:
// a write-back may be requested while its line is still being read out of the cache, a
// word a cycle; once high for a beat, it stays high until that beat is taken); the write
// ends with the B response (BRESP reported as wr_err_o).
// AW is sent before the first W beat. All IDs are 0, so responses come in order.
module axi_master (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Read command and beats.
  input  logic                 rd_req_valid_i,
  output logic                 rd_req_ready_o,
  input  logic [mmu_pkg::PhysAddrW-1:0] rd_req_addr_i,
  input  logic                 rd_req_line_i,
  input  logic [1:0]           rd_req_size_i,   // log2 bytes, single beats only
  output logic                 rd_beat_valid_o,
  output logic [63:0]          rd_beat_data_o,
  output logic                 rd_beat_last_o,
  output logic                 rd_beat_err_o,

  // Write command, data pulled by beat index, completion.
  input  logic                 wr_req_valid_i,
  output logic                 wr_req_ready_o,
  input  logic [mmu_pkg::PhysAddrW-1:0] wr_req_addr_i,
  input  logic                 wr_req_line_i,
  input  logic [1:0]           wr_req_size_i,
  output logic [2:0]           wr_beat_idx_o,
  input  logic                 wr_beat_avail_i,
  input  logic [63:0]          wr_beat_data_i,
  input  logic [7:0]           wr_beat_strb_i,
  output logic                 wr_done_o,
  output logic                 wr_err_o,

  // AXI4 master port (64-bit data, 1-bit IDs).
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

  // A deliberately injected bug, compiled in only for the check that the AXI proof catches
  // it (sim/variants.mk, formal/run.sh): the beat counter is not cleared when a write starts,
  // so a line written after a single beat puts WLAST on the wrong beat.
`ifdef OPENMMU_INJECT_AXI_BEAT_KEEP
  localparam bit ClearsBeat = 1'b0;
`else
  localparam bit ClearsBeat = 1'b1;
`endif

  localparam logic [1:0] BurstIncr = 2'b01;
  // Normal write-back memory for lines; device non-bufferable for uncached beats.
  localparam logic [3:0] CacheLine = 4'b1111;
  localparam logic [3:0] CacheDev  = 4'b0000;

  // A deliberately injected bug for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, switched on by +inject=axiar): AR takes a new address while it waits for ARREADY.
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_axiar;
  initial inj_axiar = mmu_pkg::injected("axiar");
`else
  localparam bit inj_axiar = 1'b0;
`endif
  // A deliberately injected bug for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, switched on by +inject=axirready): RREADY is high with no read outstanding.
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_axirready;
  initial inj_axirready = mmu_pkg::injected("axirready");
`else
  localparam bit inj_axirready = 1'b0;
`endif
  // A deliberately injected bug for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, switched on by +inject=axiwlast): WLAST comes one beat early.
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_axiwlast;
  initial inj_axiwlast = mmu_pkg::injected("axiwlast");
`else
  localparam bit inj_axiwlast = 1'b0;
`endif

  // ---- read channel ----
  typedef enum logic [1:0] {RdIdle, RdAddr, RdData} rd_state_e;
  rd_state_e            rd_state_q, rd_state_d;
  logic [mmu_pkg::PhysAddrW-1:0] araddr_q;
  logic [7:0]           arlen_q;
  logic [2:0]           arsize_q;
  logic                 arline_q;

  assign rd_req_ready_o = (rd_state_q == RdIdle);

  always_comb begin
    rd_state_d = rd_state_q;
    unique case (rd_state_q)
      RdIdle:  if (rd_req_valid_i) rd_state_d = RdAddr;
      RdAddr:  if (m_arready_i) rd_state_d = RdData;
      RdData:  if (m_rvalid_i && m_rlast_i) rd_state_d = RdIdle;
      default: rd_state_d = RdIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_state_q <= RdIdle;
      araddr_q   <= '0;
      arlen_q    <= '0;
      arsize_q   <= '0;
      arline_q   <= 1'b0;
    end else begin
      rd_state_q <= rd_state_d;
      if ((rd_state_q == RdIdle || (inj_axiar && rd_state_q == RdAddr)) && rd_req_valid_i) begin
        araddr_q <= rd_req_line_i ? {rd_req_addr_i[mmu_pkg::PhysAddrW-1:6], 6'b0} : rd_req_addr_i;
        arlen_q  <= rd_req_line_i ? 8'd7 : 8'd0;
        arsize_q <= rd_req_line_i ? 3'd3 : {1'b0, rd_req_size_i};
        arline_q <= rd_req_line_i;
      end
    end
  end

  assign m_arid_o    = 1'b0;
  assign m_araddr_o  = araddr_q;
  assign m_arlen_o   = arlen_q;
  assign m_arsize_o  = arsize_q;
  assign m_arburst_o = BurstIncr;
  assign m_arcache_o = arline_q ? CacheLine : CacheDev;
  assign m_arvalid_o = (rd_state_q == RdAddr);
  assign m_rready_o  = (rd_state_q == RdData) || (inj_axirready && rd_state_q == RdIdle);

  assign rd_beat_valid_o = m_rvalid_i && (rd_state_q == RdData);
  assign rd_beat_data_o  = m_rdata_i;
  assign rd_beat_last_o  = m_rlast_i;
  assign rd_beat_err_o   = m_rresp_i[1];   // SLVERR (10) or DECERR (11)

  // ---- write channels ----
  typedef enum logic [1:0] {WrIdle, WrAddr, WrData, WrResp} wr_state_e;
  wr_state_e            wr_state_q, wr_state_d;
  logic [mmu_pkg::PhysAddrW-1:0] awaddr_q;
  logic [7:0]           awlen_q;
  logic [2:0]           awsize_q;
  logic                 awline_q;
  logic [2:0]           beat_q;

  assign wr_req_ready_o = (wr_state_q == WrIdle);

  always_comb begin
    wr_state_d = wr_state_q;
    unique case (wr_state_q)
      WrIdle:  if (wr_req_valid_i) wr_state_d = WrAddr;
      WrAddr:  if (m_awready_i) wr_state_d = WrData;
      WrData:  if (m_wvalid_o && m_wready_i && m_wlast_o) wr_state_d = WrResp;
      WrResp:  if (m_bvalid_i) wr_state_d = WrIdle;
      default: wr_state_d = WrIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_state_q <= WrIdle;
      awaddr_q   <= '0;
      awlen_q    <= '0;
      awsize_q   <= '0;
      awline_q   <= 1'b0;
      beat_q     <= '0;
    end else begin
      wr_state_q <= wr_state_d;
      if (wr_state_q == WrIdle && wr_req_valid_i) begin
        awaddr_q <= wr_req_line_i ? {wr_req_addr_i[mmu_pkg::PhysAddrW-1:6], 6'b0} : wr_req_addr_i;
        awlen_q  <= wr_req_line_i ? 8'd7 : 8'd0;
        awsize_q <= wr_req_line_i ? 3'd3 : {1'b0, wr_req_size_i};
        awline_q <= wr_req_line_i;
        if (ClearsBeat) beat_q <= '0;
      end else if (m_wvalid_o && m_wready_i) begin
        beat_q <= beat_q + 3'd1;
      end
    end
  end

  assign m_awid_o    = 1'b0;
  assign m_awaddr_o  = awaddr_q;
  assign m_awlen_o   = awlen_q;
  assign m_awsize_o  = awsize_q;
  assign m_awburst_o = BurstIncr;
  assign m_awcache_o = awline_q ? CacheLine : CacheDev;
  assign m_awvalid_o = (wr_state_q == WrAddr);

  assign wr_beat_idx_o = beat_q;
  assign m_wdata_o     = wr_beat_data_i;
  assign m_wstrb_o     = awline_q ? 8'hff : wr_beat_strb_i;
  assign m_wlast_o     = ({5'b0, beat_q} + (inj_axiwlast ? 8'd1 : 8'd0) == awlen_q);
  assign m_wvalid_o    = (wr_state_q == WrData) && wr_beat_avail_i;
  assign m_bready_o    = (wr_state_q == WrResp);

  assign wr_done_o = m_bvalid_i && (wr_state_q == WrResp);
  assign wr_err_o  = m_bresp_i[1];

  logic unused_ids;
  assign unused_ids = ^{m_bid_i, m_rid_i, m_bresp_i[0], m_rresp_i[0]};  // no exclusive access

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // AXI4 (IHI 0022, A3.2.1): once VALID is high, it stays high with the payload unchanged
  // until READY.
  assert_held #(.W($bits({m_arid_o, m_araddr_o, m_arlen_o, m_arsize_o, m_arburst_o, m_arcache_o})),
                .Msg("axi_master: AR changed or dropped before ARREADY"))
    a_ar_stable (
      .clk_i, .rst_ni, .valid_i(m_arvalid_o), .ready_i(m_arready_i),
      .pay_i({m_arid_o, m_araddr_o, m_arlen_o, m_arsize_o, m_arburst_o, m_arcache_o})
    );
  assert_held #(.W($bits({m_awid_o, m_awaddr_o, m_awlen_o, m_awsize_o, m_awburst_o, m_awcache_o})),
                .Msg("axi_master: AW changed or dropped before AWREADY"))
    a_aw_stable (
      .clk_i, .rst_ni, .valid_i(m_awvalid_o), .ready_i(m_awready_i),
      .pay_i({m_awid_o, m_awaddr_o, m_awlen_o, m_awsize_o, m_awburst_o, m_awcache_o})
    );
  assert_held #(.W($bits({m_wdata_o, m_wstrb_o, m_wlast_o})),
                .Msg("axi_master: W changed or dropped before WREADY"))
    a_w_stable (
      .clk_i, .rst_ni, .valid_i(m_wvalid_o), .ready_i(m_wready_i),
      .pay_i({m_wdata_o, m_wstrb_o, m_wlast_o})
    );

  // Outstanding transactions, counted from the handshakes alone: at most one read and one
  // write; W only after its AW, exactly AWLEN+1 beats with WLAST on the last; R and B only
  // for a transaction in flight.
  logic       a_rd_q, a_wr_q, a_aw_q;
  logic [7:0] a_wbeats_q, a_wlen_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_rd_q     <= 1'b0;
      a_wr_q     <= 1'b0;
      a_aw_q     <= 1'b0;
      a_wbeats_q <= '0;
      a_wlen_q   <= '0;
    end else begin
      if (m_arvalid_o && m_arready_i) a_rd_q <= 1'b1;
      else if (m_rvalid_i && m_rready_o && m_rlast_i) a_rd_q <= 1'b0;
      if (m_awvalid_o && m_awready_i) begin
        a_wr_q     <= 1'b1;
        a_aw_q     <= 1'b1;
        a_wbeats_q <= '0;
        a_wlen_q   <= m_awlen_o;
      end else begin
        if (m_wvalid_o && m_wready_i) a_wbeats_q <= a_wbeats_q + 8'd1;
        if (m_bvalid_i && m_bready_o) begin
          a_wr_q <= 1'b0;
          a_aw_q <= 1'b0;
        end
      end
    end
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_one_read: assert (!m_arvalid_o || !a_rd_q)
      else $error("axi_master: a second read outstanding");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_one_write: assert (!m_awvalid_o || !a_wr_q)
      else $error("axi_master: a second write outstanding");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_w_after_aw: assert (!m_wvalid_o || (a_aw_q && a_wbeats_q <= a_wlen_q))
      else $error("axi_master: a W beat before its AW or beyond AWLEN");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_wlast: assert (!m_wvalid_o || (m_wlast_o == (a_wbeats_q == a_wlen_q)))
      else $error("axi_master: WLAST not exactly on the last beat");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_b_after_w: assert (!m_bready_o || (a_aw_q && a_wbeats_q == a_wlen_q + 8'd1))
      else $error("axi_master: waiting for B before the last W beat");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_r_has_ar: assert (!m_rready_o || a_rd_q)
      else $error("axi_master: RREADY with no read outstanding");
  end
`endif

endmodule

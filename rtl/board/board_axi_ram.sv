// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The board's memory: block RAM of MemBytes at MemBase behind an AXI4 slave (64-bit data).
//
// One read and one write transaction at a time, each answered in order with the ID it
// came with. FIXED and INCR bursts of any length and size (INCR addresses step by 2^AxSIZE
// from the aligned start, as IHI 0022 A3.4.1 says); a WRAP burst, which mmu_top never
// issues, is answered SLVERR on every beat and writes nothing. A beat whose address lies
// outside [MemBase, MemBase + MemBytes) gets DECERR: a read beat carries zeros, a write
// beat writes nothing, and the write's B response is the worst of its beats. W is taken
// only after its AW. A read beat costs two cycles (the RAM's registered read, then the
// beat), a write beat one.
//
// The RAM is eight byte lanes, so that byte strobes map onto block RAM write enables. It is
// zero after FPGA configuration; clear_i sweeps zeroes over all of it (one word a cycle,
// while no write is under way) and clear_done_o says when the sweep is complete. Two
// resets: rst_ni for the sweep, bus_rst_ni for the AXI side (RESET holds the bus side in
// reset with mmu_top, so that no burst is left half done, while the sweep runs).
//
// Sparse (simulation only, Verilator): the same slave with the RAM's words kept in an
// associative array, so that MemBytes may be the whole physical address space while only
// the words written take room. Decode, bursts, responses and timing are the block RAM's; a
// word never written reads zero, and the clear drops every word in one cycle. Synthesis
// refuses it: no FPGA has such a RAM.
module board_axi_ram #(
  parameter logic [63:0] MemBase  = 64'h0,
  parameter logic [63:0] MemBytes = 64'h20000,  // 128 KiB
  parameter bit          Sparse   = 1'b0,
  parameter int unsigned AddrW    = mmu_pkg::PhysAddrW
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             bus_rst_ni,

  input  logic             clear_i,
  output logic             clear_done_o,

  input  logic             s_awid_i,
  input  logic [AddrW-1:0] s_awaddr_i,
  input  logic [7:0]       s_awlen_i,
  input  logic [2:0]       s_awsize_i,
  input  logic [1:0]       s_awburst_i,
  input  logic             s_awvalid_i,
  output logic             s_awready_o,
  input  logic [63:0]      s_wdata_i,
  input  logic [7:0]       s_wstrb_i,
  input  logic             s_wlast_i,
  input  logic             s_wvalid_i,
  output logic             s_wready_o,
  output logic             s_bid_o,
  output logic [1:0]       s_bresp_o,
  output logic             s_bvalid_o,
  input  logic             s_bready_i,
  input  logic             s_arid_i,
  input  logic [AddrW-1:0] s_araddr_i,
  input  logic [7:0]       s_arlen_i,
  input  logic [2:0]       s_arsize_i,
  input  logic [1:0]       s_arburst_i,
  input  logic             s_arvalid_i,
  output logic             s_arready_o,
  output logic             s_rid_o,
  output logic [63:0]      s_rdata_o,
  output logic [1:0]       s_rresp_o,
  output logic             s_rlast_o,
  output logic             s_rvalid_o,
  input  logic             s_rready_i
);

  // A word's index: MemBytes is a power of two of at least 64 (below), so at least 3 bits.
  localparam int unsigned WordW = $clog2(MemBytes) - 3;
  localparam logic [1:0] RespOkay = 2'b00, RespSlvErr = 2'b10, RespDecErr = 2'b11;
  localparam logic [1:0] BurstFixed = 2'b00, BurstIncr = 2'b01;

  if (MemBytes < 64'd64 || (MemBytes & (MemBytes - 64'd1)) != 64'd0 ||
      (MemBase & (MemBytes - 64'd1)) != 64'd0) begin : g_bad_mem
    $fatal(1, "board_axi_ram: MemBytes must be a power of two of at least 64 and MemBase a multiple of it");
  end

  // Is the beat at a inside the memory? An address below MemBase wraps to a huge offset.
  function automatic logic in_mem(logic [AddrW-1:0] a);
    in_mem = (64'(a) - MemBase < MemBytes);
  endfunction

  function automatic logic [WordW-1:0] word_of(logic [AddrW-1:0] a);
    word_of = WordW'((64'(a) - MemBase) >> 3);
  endfunction

  // The next beat's address (A3.4.1): INCR steps from the size-aligned address, FIXED stays.
  function automatic logic [AddrW-1:0] next_addr(logic [AddrW-1:0] a, logic [2:0] size,
                                                 logic [1:0] burst);
    logic [AddrW-1:0] step, aligned;
    step    = AddrW'(1) << size;
    aligned = a & ~(step - AddrW'(1));
    next_addr = (burst == BurstIncr) ? aligned + step : a;
  endfunction

  // ---- the RAM: one read and one write port ----
  logic             ram_re, ram_we;
  logic [WordW-1:0] ram_raddr, ram_waddr;
  logic [63:0]      ram_wdata, ram_rdata;
  logic [7:0]       ram_wstrb;
  logic             clearing;

  if (!Sparse) begin : g_bram
    // Eight byte lanes of block RAM.
    localparam int unsigned Words = 1 << WordW;
    for (genvar l = 0; l < 8; l++) begin : g_lane
      logic [7:0] mem_q [Words];
`ifdef VERILATOR
      // Block RAM is zero after configuration; the model starts the same way.
      initial begin
        for (int unsigned i = 0; i < Words; i++) mem_q[i] = 8'h00;
      end
`endif
      always_ff @(posedge clk_i) begin
        if (ram_we && ram_wstrb[l]) mem_q[ram_waddr] <= ram_wdata[8*l +: 8];
        if (ram_re) ram_rdata[8*l +: 8] <= mem_q[ram_raddr];
      end
    end
  end else begin : g_sparse
`ifdef VERILATOR
    // The words written, by index; the clear (the sweep's first cycle) drops them all. The
    // array is assigned blocking, since delete() is a blocking change and Verilator allows
    // no mix; it is touched in this block only, read before it is written, so a read and a
    // write of one word in one cycle give the old word, as the block RAM does.
    logic [63:0] mem_q [logic [WordW-1:0]];
    logic [63:0] bytes_we;
    for (genvar l = 0; l < 8; l++) begin : g_be
      assign bytes_we[8*l +: 8] = {8{ram_wstrb[l]}};
    end
    function automatic logic [63:0] word_at(logic [WordW-1:0] w);
      word_at = (mem_q.exists(w) != 0) ? mem_q[w] : 64'h0;
    endfunction
    /* verilator lint_off BLKSEQ */
    always_ff @(posedge clk_i) begin
      if (ram_re) ram_rdata <= word_at(ram_raddr);
      if (clearing) begin
        mem_q.delete();
      end else if (ram_we) begin
        mem_q[ram_waddr] = (ram_wdata & bytes_we) | (word_at(ram_waddr) & ~bytes_we);
      end
    end
    /* verilator lint_on BLKSEQ */
`else
    $fatal(1, "board_axi_ram: Sparse is a simulation model (Verilator); synthesis has block RAM only");
`endif
  end

  // The clear's last word: the sparse store is cleared at once.
  localparam logic [WordW-1:0] LastClr = Sparse ? '0 : '1;

  // ---- reads ----
  typedef enum logic [1:0] { RIdle, RFetch, RBeat } rstate_e;
  rstate_e          rstate_q, rstate_d;
  logic             rid_q, rid_d;
  logic [AddrW-1:0] raddr_q, raddr_d;
  logic [7:0]       rleft_q, rleft_d;
  logic [2:0]       rsize_q, rsize_d;
  logic [1:0]       rburst_q, rburst_d;
  logic [1:0]       rresp_q, rresp_d;

  assign s_arready_o = (rstate_q == RIdle);
  assign s_rvalid_o  = (rstate_q == RBeat);
  assign s_rid_o     = rid_q;
  assign s_rlast_o   = (rleft_q == 8'd0);
  assign s_rresp_o   = rresp_q;
  assign s_rdata_o   = (rresp_q == RespOkay) ? ram_rdata : 64'h0;
  assign ram_re      = (rstate_q == RFetch);
  assign ram_raddr   = word_of(raddr_q);

  always_comb begin
    rstate_d = rstate_q;
    rid_d    = rid_q;
    raddr_d  = raddr_q;
    rleft_d  = rleft_q;
    rsize_d  = rsize_q;
    rburst_d = rburst_q;
    rresp_d  = rresp_q;
    unique case (rstate_q)
      RIdle: if (s_arvalid_i) begin
        rid_d    = s_arid_i;
        raddr_d  = s_araddr_i;
        rleft_d  = s_arlen_i;
        rsize_d  = s_arsize_i;
        rburst_d = s_arburst_i;
        rstate_d = RFetch;
      end
      RFetch: begin
        rresp_d  = (rburst_q != BurstFixed && rburst_q != BurstIncr) ? RespSlvErr :
                   in_mem(raddr_q) ? RespOkay : RespDecErr;
        rstate_d = RBeat;
      end
      RBeat: if (s_rready_i) begin
        if (rleft_q == 8'd0) begin
          rstate_d = RIdle;
        end else begin
          rleft_d  = rleft_q - 1'b1;
          raddr_d  = next_addr(raddr_q, rsize_q, rburst_q);
          rstate_d = RFetch;
        end
      end
      default: rstate_d = RIdle;
    endcase
  end

  // ---- writes ----
  typedef enum logic [1:0] { WIdle, WData, WResp } wstate_e;
  wstate_e          wstate_q, wstate_d;
  logic             wid_q, wid_d;
  logic [AddrW-1:0] waddr_q, waddr_d;
  logic [2:0]       wsize_q, wsize_d;
  logic [1:0]       wburst_q, wburst_d;
  logic [1:0]       bresp_q, bresp_d;
  logic [1:0]       wbeat_resp;
  logic [WordW-1:0] clr_q, clr_d;
  logic             clr_done_q, clr_done_d;

  // The sweep runs only between write transactions, and holds AW off while it runs.
  assign clearing    = clear_i && !clr_done_q && (wstate_q == WIdle);
  assign s_awready_o = (wstate_q == WIdle) && !clear_i;
  assign s_wready_o  = (wstate_q == WData);
  assign s_bvalid_o  = (wstate_q == WResp);
  assign s_bid_o     = wid_q;
  assign s_bresp_o   = bresp_q;
  assign clear_done_o = clr_done_q;

  assign wbeat_resp = (wburst_q != BurstFixed && wburst_q != BurstIncr) ? RespSlvErr :
                      in_mem(waddr_q) ? RespOkay : RespDecErr;

  always_comb begin
    ram_we    = 1'b0;
    ram_waddr = word_of(waddr_q);
    ram_wdata = s_wdata_i;
    ram_wstrb = s_wstrb_i;
    if (clearing) begin
      ram_we    = 1'b1;
      ram_waddr = clr_q;
      ram_wdata = 64'h0;
      ram_wstrb = 8'hFF;
    end else if (wstate_q == WData && s_wvalid_i && wbeat_resp == RespOkay) begin
      ram_we = 1'b1;
    end
  end

  always_comb begin
    wstate_d   = wstate_q;
    wid_d      = wid_q;
    waddr_d    = waddr_q;
    wsize_d    = wsize_q;
    wburst_d   = wburst_q;
    bresp_d    = bresp_q;
    clr_d      = clr_q;
    clr_done_d = clr_done_q;
    if (!clear_i) begin
      clr_d      = '0;
      clr_done_d = 1'b0;
    end else if (clearing) begin
      clr_d = clr_q + 1'b1;
      if (clr_q == LastClr) clr_done_d = 1'b1;
    end
    unique case (wstate_q)
      WIdle: if (s_awvalid_i && s_awready_o) begin
        wid_d    = s_awid_i;
        waddr_d  = s_awaddr_i;
        wsize_d  = s_awsize_i;
        wburst_d = s_awburst_i;
        bresp_d  = RespOkay;
        wstate_d = WData;
      end
      WData: if (s_wvalid_i) begin
        // The worst response of the burst: DECERR (3) over SLVERR (2) over OKAY (0).
        if (wbeat_resp > bresp_q) bresp_d = wbeat_resp;
        waddr_d = next_addr(waddr_q, wsize_q, wburst_q);
        if (s_wlast_i) wstate_d = WResp;
      end
      WResp: if (s_bready_i) wstate_d = WIdle;
      default: wstate_d = WIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge bus_rst_ni) begin
    if (!bus_rst_ni) begin
      rstate_q   <= RIdle;
      rid_q      <= 1'b0;
      raddr_q    <= '0;
      rleft_q    <= '0;
      rsize_q    <= '0;
      rburst_q   <= '0;
      rresp_q    <= RespOkay;
      wstate_q   <= WIdle;
      wid_q      <= 1'b0;
      waddr_q    <= '0;
      wsize_q    <= '0;
      wburst_q   <= '0;
      bresp_q    <= RespOkay;
    end else begin
      rstate_q   <= rstate_d;
      rid_q      <= rid_d;
      raddr_q    <= raddr_d;
      rleft_q    <= rleft_d;
      rsize_q    <= rsize_d;
      rburst_q   <= rburst_d;
      rresp_q    <= rresp_d;
      wstate_q   <= wstate_d;
      wid_q      <= wid_d;
      waddr_q    <= waddr_d;
      wsize_q    <= wsize_d;
      wburst_q   <= wburst_d;
      bresp_q    <= bresp_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      clr_q      <= '0;
      clr_done_q <= 1'b0;
    end else begin
      clr_q      <= clr_d;
      clr_done_q <= clr_done_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only. The slave's side of the rules csrc/axi/axi_check.h checks.
`ifdef VERILATOR
  assert_held #(.W($bits({s_rid_o, s_rdata_o, s_rresp_o, s_rlast_o})),
                .Msg("board_axi_ram: R changed or dropped before RREADY"))
    a_r_stable (
      .clk_i, .rst_ni(bus_rst_ni), .valid_i(s_rvalid_o), .ready_i(s_rready_i),
      .pay_i({s_rid_o, s_rdata_o, s_rresp_o, s_rlast_o})
    );
  assert_held #(.W($bits({s_bid_o, s_bresp_o})),
                .Msg("board_axi_ram: B changed or dropped before BREADY"))
    a_b_stable (
      .clk_i, .rst_ni(bus_rst_ni), .valid_i(s_bvalid_o), .ready_i(s_bready_i),
      .pay_i({s_bid_o, s_bresp_o})
    );
  always_ff @(posedge clk_i) if (bus_rst_ni) begin
    a_no_write_while_clearing: assert (!clearing || !s_wready_o)
      else $error("board_axi_ram: a W beat taken during the clear sweep");
  end

  // The master's side, as the C checker sees it: WLAST on exactly beat AWLEN of the burst.
  logic [7:0] a_wbeat_q, a_wlen_q;
  always_ff @(posedge clk_i or negedge bus_rst_ni) begin
    if (!bus_rst_ni) begin
      a_wbeat_q <= '0;
      a_wlen_q  <= '0;
    end else if (s_awvalid_i && s_awready_o) begin
      a_wbeat_q <= '0;
      a_wlen_q  <= s_awlen_i;
    end else if (s_wvalid_i && s_wready_o) begin
      a_wbeat_q <= a_wbeat_q + 8'd1;
    end
  end
  always_ff @(posedge clk_i) if (bus_rst_ni) begin
    a_wlast: assert (!(s_wvalid_i && s_wready_o) || s_wlast_i == (a_wbeat_q == a_wlen_q))
      else $error("board_axi_ram: WLAST not on beat AWLEN of the burst");
  end
`endif

endmodule

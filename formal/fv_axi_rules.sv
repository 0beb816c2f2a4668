// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The AXI4 rules a master of openmmu must keep on its port (docs/formal.md, "AXI4 master"),
// as assertions over the port's signals, for any harness that has such a port:
//   - AR, AW and W: once VALID is high it stays high until READY, with the payload stable;
//   - every write burst has exactly AWLEN+1 beats, WLAST on the last one and only there,
//     and no W beat is offered before its AW was accepted; B is taken only after the last;
//   - at most one read (AR accepted, RLAST not yet taken) and one write (AW accepted, B not
//     yet taken) are outstanding: a new address waits until its direction is free.
// It also shows what it counted, for a harness's own invariants.
module fv_axi_rules (
  input  logic                          clk_i,
  input  logic                          init_i,   // the reset cycle: nothing is checked
  input  logic                          awid_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] awaddr_i,
  input  logic [7:0]                    awlen_i,
  input  logic [2:0]                    awsize_i,
  input  logic [1:0]                    awburst_i,
  input  logic [3:0]                    awcache_i,
  input  logic                          awvalid_i,
  input  logic                          awready_i,
  input  logic [63:0]                   wdata_i,
  input  logic [7:0]                    wstrb_i,
  input  logic                          wlast_i,
  input  logic                          wvalid_i,
  input  logic                          wready_i,
  input  logic                          bvalid_i,
  input  logic                          bready_i,
  input  logic                          arid_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] araddr_i,
  input  logic [7:0]                    arlen_i,
  input  logic [2:0]                    arsize_i,
  input  logic [1:0]                    arburst_i,
  input  logic [3:0]                    arcache_i,
  input  logic                          arvalid_i,
  input  logic                          arready_i,
  input  logic                          rlast_i,
  input  logic                          rvalid_i,
  input  logic                          rready_i,
  output logic [1:0]                    rd_out_o,   // reads outstanding
  output logic [1:0]                    wr_out_o,   // writes outstanding
  output logic                          w_open_o,   // an accepted AW whose beats are not all sent
  output logic [7:0]                    w_len_o,    // ... its AWLEN
  output logic [7:0]                    w_beats_o   // ... and its beats sent so far
);
  logic ar_hs, r_end, aw_hs, w_hs, b_hs;
  assign ar_hs = arvalid_i && arready_i;
  assign r_end = rvalid_i && rready_i && rlast_i;
  assign aw_hs = awvalid_i && awready_i;
  assign w_hs  = wvalid_i && wready_i;
  assign b_hs  = bvalid_i && bready_i;

  always_ff @(posedge clk_i) begin
    if (init_i) begin
      rd_out_o <= '0; wr_out_o <= '0; w_open_o <= 1'b0; w_len_o <= '0; w_beats_o <= '0;
    end else begin
      rd_out_o <= rd_out_o + 2'(ar_hs) - 2'(r_end);
      wr_out_o <= wr_out_o + 2'(aw_hs) - 2'(b_hs);
      if (aw_hs) begin
        w_open_o <= 1'b1; w_len_o <= awlen_i; w_beats_o <= '0;
      end
      if (w_hs) begin
        w_beats_o <= w_beats_o + 8'd1;
        if (wlast_i) w_open_o <= 1'b0;
      end
    end
  end

  always_comb begin
    if (!init_i) begin
      assert (rd_out_o <= 2'd1);
      assert (wr_out_o <= 2'd1);
      if (arvalid_i) assert (rd_out_o == 2'd0);
      if (awvalid_i) assert (wr_out_o == 2'd0);
      if (wvalid_i) begin
        assert (w_open_o);
        assert (wlast_i == (w_beats_o == w_len_o));
      end
      if (bready_i) assert (!w_open_o && wr_out_o == 2'd1);
    end
  end

  logic past_q = 1'b0;
  always_ff @(posedge clk_i) past_q <= 1'b1;
  always_ff @(posedge clk_i) begin
    if (past_q && !init_i && !$past(init_i)) begin
      if ($past(arvalid_i && !arready_i)) begin
        assert (arvalid_i);
        assert ($stable(araddr_i) && $stable(arlen_i) && $stable(arsize_i) &&
                $stable(arburst_i) && $stable(arcache_i) && $stable(arid_i));
      end
      if ($past(awvalid_i && !awready_i)) begin
        assert (awvalid_i);
        assert ($stable(awaddr_i) && $stable(awlen_i) && $stable(awsize_i) &&
                $stable(awburst_i) && $stable(awcache_i) && $stable(awid_i));
      end
      if ($past(wvalid_i && !wready_i)) begin
        assert (wvalid_i);
        assert ($stable(wdata_i) && $stable(wstrb_i) && $stable(wlast_i));
      end
    end
  end
endmodule

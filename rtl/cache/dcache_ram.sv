// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// One cache array (a way's tags, or a way's data words): one synchronous read port, one
// write port with byte enables, no reset. Written so that synthesis maps it to block RAM
// (DP16KD on ECP5): the read is registered inside the array and a read in the cycle of a
// write to the same word returns the old contents (the cache merges such writes itself).
module dcache_ram #(
  parameter int unsigned Depth = 512,
  parameter int unsigned Width = 64,
  parameter int unsigned BeW   = 8    // write-enable lanes; Width must be a multiple
) (
  input  logic                     clk_i,
  input  logic                     re_i,
  input  logic [$clog2(Depth)-1:0] raddr_i,
  output logic [Width-1:0]         rdata_o,
  input  logic                     we_i,
  input  logic [$clog2(Depth)-1:0] waddr_i,
  input  logic [BeW-1:0]           wbe_i,
  input  logic [Width-1:0]         wdata_i
);
  localparam int unsigned LaneW = Width / BeW;

  (* ram_style = "block" *) logic [Width-1:0] mem_q [Depth];

  // A write stores the whole word, the disabled lanes' old contents merged in: one write to
  // the array, where a write per lane made a Verilated model set up and test every lane's
  // delayed assignment every cycle. Synthesis reads the merge as the lanes' write enables
  // (Yosys opt_mem_feedback), so the array stays one block RAM with one read port.
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      logic [Width-1:0] word;
      for (int unsigned i = 0; i < BeW; i++) begin
        word[i*LaneW +: LaneW] = wbe_i[i] ? wdata_i[i*LaneW +: LaneW]
                                          : mem_q[waddr_i][i*LaneW +: LaneW];
      end
      mem_q[waddr_i] <= word;
    end
    if (re_i) rdata_o <= mem_q[raddr_i];
  end
endmodule

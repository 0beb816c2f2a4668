// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Replacement state for a set-associative (or, with Sets=1, fully-associative) TLB array.
//
// RandomRepl=0: tree pseudo-LRU, Ways-1 bits per set, in flops (Sets*(Ways-1) flops).
//   Node n of a set's tree has children 2n+1 (left, lower ways) and 2n+2 (right). A node bit
//   points at the half to evict next: 0 = left, 1 = right. touch_i makes every node on the
//   path to touch_way_i point away from it.
// RandomRepl=1: a 16-bit maximal-length LFSR that steps every cycle; the victim is its low
//   bits, the same for every set (16 flops, no per-set state).
// victim_way_o is combinational from the state of victim_set_i. Ways must be a power of two.
module tlb_repl #(
  parameter int unsigned Sets       = 1,
  parameter int unsigned Ways       = 4,
  parameter bit          RandomRepl = 1'b0,
  localparam int unsigned SetW      = (Sets > 1) ? $clog2(Sets) : 1,
  localparam int unsigned WayW      = (Ways > 1) ? $clog2(Ways) : 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            touch_i,
  input  logic [SetW-1:0] touch_set_i,
  input  logic [WayW-1:0] touch_way_i,
  input  logic [SetW-1:0] victim_set_i,
  output logic [WayW-1:0] victim_way_o
);

  if (Ways < 2) begin : g_one_way
    assign victim_way_o = '0;
    logic unused_repl;
    assign unused_repl = ^{clk_i, rst_ni, touch_i, touch_set_i, touch_way_i, victim_set_i};

  end else if (RandomRepl) begin : g_lfsr
    // x^16 + x^14 + x^13 + x^11 + 1 (Fibonacci form), never reaches 0 from a non-zero seed.
    logic [15:0] lfsr_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) lfsr_q <= 16'hACE1;
      else         lfsr_q <= {lfsr_q[14:0], lfsr_q[15] ^ lfsr_q[13] ^ lfsr_q[12] ^ lfsr_q[10]};
    end
    assign victim_way_o = lfsr_q[WayW-1:0];
    logic unused_repl;
    assign unused_repl = ^{touch_i, touch_set_i, touch_way_i, victim_set_i};

    // Assertions (simulation only; docs/assertions.md). A zero LFSR would stay zero: one
    // victim forever.
`ifdef VERILATOR
    always_ff @(posedge clk_i) if (rst_ni) begin
      a_lfsr_live: assert (lfsr_q != '0)
        else $error("tlb_repl: the LFSR reached zero");
    end
`endif

  end else begin : g_plru
    localparam int unsigned NodeN = Ways - 1;
    // One tree per set, as an array of sets: a set is read and written by its index, so no
    // cycle touches (or, simulated, copies) the other sets' state.
    logic [NodeN-1:0] plru_q [Sets];

    // Walk the tree of victim_set_i from the root, following the node bits.
    always_comb begin
      logic [NodeN-1:0] tree;
      int unsigned node;
      tree = plru_q[victim_set_i];
      node = 0;
      victim_way_o = '0;
      for (int unsigned lvl = 0; lvl < WayW; lvl++) begin
        victim_way_o[WayW-1-lvl] = tree[node];
        node = 2 * node + 1 + 32'(tree[node]);
      end
    end

    // The touched set's tree after the touch: only that set is computed and written (in
    // place). Computed only in a touch's cycle (it is written in no other).
    logic [NodeN-1:0] touch_tree;
    always_comb begin
      int unsigned node;
      touch_tree = '0;
      node = 0;
      if (touch_i) begin
        touch_tree = plru_q[touch_set_i];
        for (int unsigned lvl = 0; lvl < WayW; lvl++) begin
          touch_tree[node] = ~touch_way_i[WayW-1-lvl];
          node = 2 * node + 1 + 32'(touch_way_i[WayW-1-lvl]);
        end
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        for (int unsigned s = 0; s < Sets; s++) plru_q[s] <= '0;
      end else if (touch_i) begin
        plru_q[touch_set_i] <= touch_tree;
      end
    end

    // Assertions (simulation only; docs/assertions.md). The way just touched is the last
    // one the updated tree would evict, never the next victim.
`ifdef VERILATOR
    logic [WayW-1:0] a_next_victim;
    always_comb begin
      int unsigned node;
      node = 0;
      a_next_victim = '0;
      if (touch_i) begin  // checked only where a touch is (it costs simulation time)
        for (int unsigned lvl = 0; lvl < WayW; lvl++) begin
          a_next_victim[WayW-1-lvl] = touch_tree[node];
          node = 2 * node + 1 + 32'(touch_tree[node]);
        end
      end
    end
    always_ff @(posedge clk_i) if (rst_ni) begin
      a_touch_not_victim: assert (!touch_i || (a_next_victim != touch_way_i))
        else $error("tlb_repl: the way just touched is the next victim");
    end
`endif
  end

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Hardware performance counters, numbered as BE_COUNTERS in csrc/backend/backend.h (cnt_e).
// Each counter adds its 2-bit increment (an event may happen on both CPU ports in one cycle)
// one cycle after the event: the increments are registered first (inc_q), so that no event's
// logic -- a port's accept, a cache's compare -- drives a 64-bit carry chain's enable in its
// own cycle. A read, combinational by index, returns the count with the registered increment
// added: every event is visible from the cycle after it, as if counted at once.
module mmu_counters (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic [2*mmu_pkg::NumCounters-1:0] inc_i,   // counter i adds inc_i[2*i +: 2]
  input  logic [5:0]               idx_i,
  output logic [63:0]              value_o
);

  // A deliberately injected bug for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, switched on by +inject=cntinc): a counter adds only the low bit of
  // its increment, losing one of two events counted in one cycle.
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_cntinc;
  initial inj_cntinc = mmu_pkg::injected("cntinc");
`else
  localparam bit inj_cntinc = 1'b0;
`endif

  logic [64*mmu_pkg::NumCounters-1:0] cnt_flat;

  logic [2*mmu_pkg::NumCounters-1:0] inc_flat;

  // cnt_q and inc_q are public to a Verilated model: the harness peeks at the counters
  // (cnt_q + inc_q) without a command (sim/shim.cpp peek_counters), so that what the kernel
  // model counts for its own accounting costs no simulated cycle. A comment to synthesis.
  for (genvar i = 0; i < mmu_pkg::NumCounters; i++) begin : gen_cnt
    logic [63:0] cnt_q /*verilator public_flat_rd*/;
    logic [1:0]  inc_q /*verilator public_flat_rd*/;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        inc_q <= '0;
        cnt_q <= '0;
      end else begin
        inc_q <= inj_cntinc ? 2'(inc_i[2*i]) : inc_i[2*i +: 2];
        if (inc_q != '0) cnt_q <= cnt_q + 64'(inc_q);  // most cycles add nothing
      end
    end
    assign cnt_flat[64*i +: 64] = cnt_q;
    assign inc_flat[2*i +: 2]   = inc_q;
  end

  assign value_o = (32'(idx_i) < mmu_pkg::NumCounters) ?
                   cnt_flat[64*32'(idx_i) +: 64] + 64'(inc_flat[2*32'(idx_i) +: 2]) : '0;

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // The counter read counts every event: read twice with the same index, it has grown by
  // exactly the increment it was given in between (watched through the read port only, so
  // the check costs one counter's worth, not a copy of all of them).
  logic        a_live_q;
  logic [5:0]  a_idx_q;
  logic [63:0] a_value_q;
  logic [1:0]  a_inc_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_live_q  <= 1'b0;
      a_idx_q   <= '0;
      a_value_q <= '0;
      a_inc_q   <= '0;
    end else begin
      a_live_q  <= 1'b1;
      a_idx_q   <= idx_i;
      a_value_q <= value_o;
      a_inc_q   <= (32'(idx_i) < mmu_pkg::NumCounters) ? inc_i[2*32'(idx_i) +: 2] : 2'd0;
    end
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_count: assert (!(a_live_q && idx_i == a_idx_q) || value_o == a_value_q + 64'(a_inc_q))
      else $error("mmu_counters: counter %0d did not grow by its increment", idx_i);
  end
`endif

endmodule

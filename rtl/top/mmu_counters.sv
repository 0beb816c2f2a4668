// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Hardware performance counters, numbered as BE_COUNTERS in csrc/backend/backend.h (cnt_e).
// Each counter adds its 2-bit increment every cycle (an event may happen on both CPU ports in
// one cycle); reads are combinational by index.
module mmu_counters (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic [2*mmu_pkg::NumCounters-1:0] inc_i,   // counter i adds inc_i[2*i +: 2]
  input  logic [5:0]               idx_i,
  output logic [63:0]              value_o
);

  logic [64*mmu_pkg::NumCounters-1:0] cnt_flat;

  for (genvar i = 0; i < mmu_pkg::NumCounters; i++) begin : gen_cnt
    logic [63:0] cnt_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) cnt_q <= '0;
      else         cnt_q <= cnt_q + 64'(inc_i[2*i +: 2]);
    end
    assign cnt_flat[64*i +: 64] = cnt_q;
  end

  assign value_o = (32'(idx_i) < mmu_pkg::NumCounters) ? cnt_flat[64*32'(idx_i) +: 64] : '0;

endmodule

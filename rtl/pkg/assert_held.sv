// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The assertion that a valid/ready request, once presented and not taken, is presented again
// at the next edge with the same payload (AXI4, IHI 0022 A3.2.1; the same rule on the
// blocks' own request ports). One instance per handshake, named as the assertion: a failure
// prints "Assertion failed in <instance>: <Msg>" (docs/assertions.md).
//
// Checked as the blocks' other assertions are: immediately, at the rising clock, out of
// reset. The wait and its payload are registered at the edge that did not take the request
// (what $past/$stable would keep); reset clears the wait, as `disable iff` abandons the check.
// Simulation only: the blocks instantiate it inside `ifdef VERILATOR`, and Yosys, which
// never defines VERILATOR, reads this file as empty.
`ifdef VERILATOR
module assert_held #(
  parameter int unsigned W         = 1,
  parameter bit          KeepValid = 1'b1,  // 0: only the payload is held (valid may drop)
  parameter string       Msg       = ""
) (
  input logic         clk_i,
  input logic         rst_ni,
  input logic         valid_i,
  input logic         ready_i,
  input logic [W-1:0] pay_i
);
  logic         held_q;
  logic [W-1:0] pay_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) held_q <= 1'b0;
    else         held_q <= valid_i && !ready_i;
  end
  always_ff @(posedge clk_i) if (valid_i && !ready_i) pay_q <= pay_i;
  always_ff @(posedge clk_i) if (rst_ni) begin
    assert (!held_q || ((valid_i || !KeepValid) && pay_i == pay_q)) else $error("%s", Msg);
  end
endmodule
`endif

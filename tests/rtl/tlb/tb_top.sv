// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Runs tb_tlb on every TLB configuration at once (one Verilator build) and ends the
// simulation when all are done; exit status 1 when any test failed.
module tb_top;
  localparam int unsigned N = 7;
  logic [N-1:0] done;
  int           fails [N];

  // The i7 configuration (docs/architecture.md, "Configurations"): iTLB, dTLB, L2.
  tb_tlb #(.Name("l1_i7_itlb"), .Sets(32), .Ways(4), .LargeEntries(8), .Seed(1))
    u_itlb (.done_o(done[0]), .fails_o(fails[0]));
  tb_tlb #(.Name("l1_i7_dtlb"), .Sets(16), .Ways(4), .LargeEntries(32), .Seed(2))
    u_dtlb (.done_o(done[1]), .fails_o(fails[1]));
  tb_tlb #(.Name("l2_i7"), .IsL2(1'b1), .Sets(128), .Ways(4), .Seed(3))
    u_l2 (.done_o(done[2]), .fails_o(fails[2]));
  // Random replacement.
  tb_tlb #(.Name("l1_random_repl"), .Sets(16), .Ways(4), .LargeEntries(8),
           .RandomRepl(1'b1), .Seed(4))
    u_l1_rand (.done_o(done[3]), .fails_o(fails[3]));
  tb_tlb #(.Name("l2_random_repl"), .IsL2(1'b1), .Sets(16), .Ways(4), .RandomRepl(1'b1),
           .Seed(5))
    u_l2_rand (.done_o(done[4]), .fails_o(fails[4]));
  // Small arrays (constant eviction); too small for the directed population.
  tb_tlb #(.Name("l1_small"), .Sets(4), .Ways(2), .LargeEntries(2), .Directed(1'b0),
           .Seed(6))
    u_l1_small (.done_o(done[5]), .fails_o(fails[5]));
  tb_tlb #(.Name("l2_small"), .IsL2(1'b1), .Sets(8), .Ways(2), .Directed(1'b0), .Seed(7))
    u_l2_small (.done_o(done[6]), .fails_o(fails[6]));

  initial begin
    int total;
    wait (&done);
    total = 0;
    for (int i = 0; i < N; i++) total += fails[i];
    if (total != 0) $fatal(1, "%0d TLB check(s) failed", total);
    $finish;
  end
endmodule

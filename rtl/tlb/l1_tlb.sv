// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// L1 TLB (iTLB or dTLB): a set-associative array for 4 KiB pages (tlb_sa: Sets x Ways,
// block RAM, valid/global bits in flops) beside a fully-associative flop array for 2 MiB and
// 1 GiB pages (tlb_fa: LargeEntries). See tlb_sa.sv and tlb_fa.sv for costs.
//
// A lookup probes both arrays in parallel; if both hit (a 4 KiB and a large entry for the same
// address after a remap without invalidation), the 4 KiB entry is returned. Each array touches
// its own replacement state on its own hit.
//
// Latency, t = the request cycle (ready_o=1 in t):
//   lookup                  answer in t+1; one lookup per cycle.
//   fill (any size)         ready_o=0 in t+1; visible to a lookup in t+2.
//   InvAll, InvAllNonGlobal 0 busy cycles.
//   InvAddr                 ready_o=0 in t+1 (the 4 KiB set is read in t, cleared in t+1).
//   InvPcid                 ready_o=0 in t+1 .. t+Sets (sweep of the 4 KiB array, a set per
//                           cycle; the large array is cleared in t).
// Sets, Ways and LargeEntries must be powers of two (Sets >= 2).
// Cost (Yosys: proc; memory -nomap): i7 iTLB (32x4, 8 large): 4 memories of 32 x TlbEntryW
// (85 bits) and 1324 flops; i7 dTLB (16x4, 32 large): 4 memories of 16 x 85 and 3235 flops
// (of which 32 x 85 are the large entries).
module l1_tlb #(
  parameter int unsigned Sets         = 16,
  parameter int unsigned Ways         = 4,
  parameter int unsigned LargeEntries = 4,
  parameter bit          RandomRepl   = 1'b0
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             lookup_valid_i,
  input  logic [mmu_pkg::VpnW-1:0]  lookup_vpn_i,
  input  logic [mmu_pkg::PcidW-1:0] lookup_pcid_i,
  output logic             lookup_hit_o,
  output mmu_pkg::tlb_entry_t       lookup_entry_o,
  input  logic             fill_valid_i,
  input  mmu_pkg::tlb_entry_t       fill_entry_i,
  input  mmu_pkg::inv_req_t       inv_i,
  output logic             ready_o
);

  logic       small_hit, large_hit, small_ready, large_ready;
  mmu_pkg::tlb_entry_t small_entry, large_entry;
  logic       fill_small;

  assign fill_small = (fill_entry_i.size == mmu_pkg::Page4K);

  tlb_sa #(
    .Sets       (Sets),
    .Ways       (Ways),
    .RandomRepl (RandomRepl),
    .TwoSizes   (1'b0)
  ) u_small (
    .clk_i,
    .rst_ni,
    .lookup_valid_i,
    .lookup_vpn_i,
    .lookup_pcid_i,
    .lookup_hit_o   (small_hit),
    .lookup_entry_o (small_entry),
    .fill_valid_i   (fill_valid_i && fill_small),
    .fill_entry_i,
    .inv_i,
    .ready_o        (small_ready)
  );

  tlb_fa #(
    .Entries    (LargeEntries),
    .RandomRepl (RandomRepl)
  ) u_large (
    .clk_i,
    .rst_ni,
    .lookup_valid_i,
    .lookup_vpn_i,
    .lookup_pcid_i,
    .lookup_hit_o   (large_hit),
    .lookup_entry_o (large_entry),
    .fill_valid_i   (fill_valid_i && !fill_small),
    .fill_entry_i,
    .inv_i,
    .ready_o        (large_ready)
  );

  assign lookup_hit_o   = small_hit || large_hit;
  assign lookup_entry_o = small_hit ? small_entry : large_entry;
  assign ready_o        = small_ready && large_ready;

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // Each array holds only its own page sizes (the split is made at the fill).
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_hit_size: assert ((!small_hit || small_entry.size == mmu_pkg::Page4K) && (!large_hit ||
        large_entry.size != mmu_pkg::Page4K))
      else $error("l1_tlb: an entry of the wrong page size in an array");
  end
`endif

endmodule

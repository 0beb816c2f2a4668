// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Unified L2 TLB: one set-associative array (tlb_sa with TwoSizes=1) holding 4 KiB and 2 MiB
// entries; Sets x Ways entries in block RAM with two read ports, valid/global bits in flops
// (see tlb_sa.sv for the costs).
//
// 4 KiB entries are indexed by vpn[IdxW-1:0], 2 MiB entries by vpn[9+IdxW-1:9]. A lookup
// reads both sets in the same cycle (port A and port B of each way's memory) and answers in
// the next, so the L2 also takes one lookup per cycle. Priority among several hits: 4 KiB set
// lowest way first, then the 2 MiB set.
//
// 1 GiB fills are dropped (ready_o stays 1): a 1 GiB page lives in the L1 large arrays, and on
// an L1 miss the PDPTE paging-structure cache makes its re-walk a single memory reference.
//
// Cost (Yosys: proc; memory -nomap), i7 (128x4): 4 memories of 128 x TlbEntryW (85 bits),
// two synchronous read ports and one write port each, and 1559 flops (1024 of them the valid
// and global bits, 384 the PLRU trees).
//
// Latency, t = the request cycle (ready_o=1 in t):
//   lookup                  answer in t+1; one lookup per cycle.
//   fill 4K/2M              ready_o=0 in t+1; visible to a lookup in t+2. 1G: nothing.
//   InvAll, InvAllNonGlobal 0 busy cycles.
//   InvAddr                 ready_o=0 in t+1 (both candidate sets read in t, cleared in t+1).
//   InvPcid                 ready_o=0 in t+1 .. t+Sets (one set per cycle).
module l2_tlb #(
  parameter int unsigned Sets       = 128,
  parameter int unsigned Ways       = 4,
  parameter bit          RandomRepl = 1'b0
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

  tlb_sa #(
    .Sets       (Sets),
    .Ways       (Ways),
    .RandomRepl (RandomRepl),
    .TwoSizes   (1'b1)
  ) u_array (
    .clk_i,
    .rst_ni,
    .lookup_valid_i,
    .lookup_vpn_i,
    .lookup_pcid_i,
    .lookup_hit_o,
    .lookup_entry_o,
    .fill_valid_i   (fill_valid_i && fill_entry_i.size != mmu_pkg::Page1G),
    .fill_entry_i,
    .inv_i,
    .ready_o
  );

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  always_ff @(posedge clk_i) if (rst_ni) begin
    a_hit_size: assert (!lookup_hit_o || (lookup_entry_o.size != mmu_pkg::Page1G))
      else $error("l2_tlb: a 1 GiB entry in the L2");
  end
`endif

endmodule

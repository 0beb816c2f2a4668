// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Paging-structure caches (SDM 4.10.3): PML4E, PDPTE and PDE caches, each a small fully
// associative array tagged by PCID, holding the frame of the next table and the rights
// combined over the levels down to and including the cached entry.
//
// The walker looks all three up at once and starts below the deepest hit. They are filled only
// from present, reserved-bit-free non-leaf entries of walks that completed without a fault.
// Invalidation follows docs/semantics.md: INVLPG, INVPCID 0/1 and CR3 writes drop every entry
// of one PCID (InvAddr, InvPcid); INVPCID 2/3 and CR4 flushes drop everything.
module psc #(
  parameter int unsigned Pml4eEntries = 4,
  parameter int unsigned PdpteEntries = 4,
  parameter int unsigned PdeEntries   = 32
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic             lookup_valid_i,   // the walker uses the answer this cycle
  input  logic [mmu_pkg::VpnW-1:0]  lookup_vpn_i,
  input  logic [mmu_pkg::PcidW-1:0] lookup_pcid_i,
  output logic             lookup_hit_o,
  output logic [1:0]       lookup_level_o,   // level of the table to read next: 2 PDPT, 1 PD, 0 PT
  output logic [mmu_pkg::PpnW-1:0]  lookup_ppn_o,     // frame of that table
  output mmu_pkg::rights_t          lookup_rights_o,  // combined down to the cached entry

  input  mmu_pkg::psc_fill_t        fill_i,

  input  mmu_pkg::inv_req_t         inv_i
);

  // A deliberately injected bug, compiled in only for the test that proves lockstep catches
  // it (sim/variants.mk, tests/suites/28-rtl-inject.sh): INVLPG (InvAddr) keeps every entry.
`ifdef OPENMMU_INJECT_PSC_KEEP
  localparam bit InvAddrDrops = 1'b0;
`else
  localparam bit InvAddrDrops = 1'b1;
`endif

  logic inv_valid, inv_all;
  assign inv_valid = inv_i.valid && inv_i.kind != mmu_pkg::InvNone &&
                     (InvAddrDrops || inv_i.kind != mmu_pkg::InvAddr);
  assign inv_all   = (inv_i.kind == mmu_pkg::InvAllNonGlobal) || (inv_i.kind == mmu_pkg::InvAll);

  logic            pml4e_hit, pdpte_hit, pde_hit;
  logic [mmu_pkg::PpnW-1:0] pml4e_ppn, pdpte_ppn, pde_ppn;
  mmu_pkg::rights_t pml4e_rights, pdpte_rights, pde_rights;

  psc_array #(.Entries(Pml4eEntries), .TagW(9)) u_pml4e (
    .clk_i, .rst_ni,
    .lookup_valid_i,
    .lookup_tag_i   (lookup_vpn_i[mmu_pkg::VpnW-1:27]),
    .lookup_pcid_i,
    .lookup_hit_o   (pml4e_hit),
    .lookup_ppn_o   (pml4e_ppn),
    .lookup_rights_o(pml4e_rights),
    .fill_valid_i   (fill_i.valid && fill_i.pml4e),
    .fill_tag_i     (fill_i.vpn[mmu_pkg::VpnW-1:27]),
    .fill_pcid_i    (fill_i.pcid),
    .fill_ppn_i     (fill_i.pml4e_ent.ppn),
    .fill_rights_i  (fill_i.pml4e_ent.rights),
    .inv_valid_i    (inv_valid),
    .inv_all_i      (inv_all),
    .inv_pcid_i     (inv_i.pcid)
  );

  psc_array #(.Entries(PdpteEntries), .TagW(18)) u_pdpte (
    .clk_i, .rst_ni,
    .lookup_valid_i,
    .lookup_tag_i   (lookup_vpn_i[mmu_pkg::VpnW-1:18]),
    .lookup_pcid_i,
    .lookup_hit_o   (pdpte_hit),
    .lookup_ppn_o   (pdpte_ppn),
    .lookup_rights_o(pdpte_rights),
    .fill_valid_i   (fill_i.valid && fill_i.pdpte),
    .fill_tag_i     (fill_i.vpn[mmu_pkg::VpnW-1:18]),
    .fill_pcid_i    (fill_i.pcid),
    .fill_ppn_i     (fill_i.pdpte_ent.ppn),
    .fill_rights_i  (fill_i.pdpte_ent.rights),
    .inv_valid_i    (inv_valid),
    .inv_all_i      (inv_all),
    .inv_pcid_i     (inv_i.pcid)
  );

  psc_array #(.Entries(PdeEntries), .TagW(27)) u_pde (
    .clk_i, .rst_ni,
    .lookup_valid_i,
    .lookup_tag_i   (lookup_vpn_i[mmu_pkg::VpnW-1:9]),
    .lookup_pcid_i,
    .lookup_hit_o   (pde_hit),
    .lookup_ppn_o   (pde_ppn),
    .lookup_rights_o(pde_rights),
    .fill_valid_i   (fill_i.valid && fill_i.pde),
    .fill_tag_i     (fill_i.vpn[mmu_pkg::VpnW-1:9]),
    .fill_pcid_i    (fill_i.pcid),
    .fill_ppn_i     (fill_i.pde_ent.ppn),
    .fill_rights_i  (fill_i.pde_ent.rights),
    .inv_valid_i    (inv_valid),
    .inv_all_i      (inv_all),
    .inv_pcid_i     (inv_i.pcid)
  );

  // VA[20:12] selects a PTE, which these caches never hold; the caches drop whole PCIDs, so
  // an invalidation's page and its globals flag do not matter here.
  logic unused_vpn;
  assign unused_vpn = ^{lookup_vpn_i[8:0], fill_i.vpn[8:0], inv_i.vpn, inv_i.incl_global};

  // The deepest hit skips the most levels.
  always_comb begin
    lookup_hit_o    = pde_hit || pdpte_hit || pml4e_hit;
    lookup_level_o  = 2'd3;
    lookup_ppn_o    = '0;
    lookup_rights_o = '0;
    if (pde_hit) begin
      lookup_level_o  = 2'd0;
      lookup_ppn_o    = pde_ppn;
      lookup_rights_o = pde_rights;
    end else if (pdpte_hit) begin
      lookup_level_o  = 2'd1;
      lookup_ppn_o    = pdpte_ppn;
      lookup_rights_o = pdpte_rights;
    end else if (pml4e_hit) begin
      lookup_level_o  = 2'd2;
      lookup_ppn_o    = pml4e_ppn;
      lookup_rights_o = pml4e_rights;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // The walker starts below the hit: a hit names a table level (2, 1 or 0), never 3.
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_hit_level: assert (!lookup_hit_o || (lookup_level_o != 2'd3))
      else $error("psc: a hit without a table level");
  end
`endif

endmodule

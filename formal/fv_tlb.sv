// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Formal harness of the TLBs (rtl/tlb/l1_tlb.sv, or rtl/tlb/l2_tlb.sv with L2=1; docs/formal.md,
// "TLB invalidation"): lookups, fills (any entry) and invalidations (any kind, address, PCID)
// come freely, one per cycle and only while ready_o, as mmu_top issues them. For one page and
// PCID chosen by the solver (t_vpn, t_pcid), the harness keeps what the invalidations said:
//   removed_ng  since the last fill of a non-global entry of t_pcid holding t_vpn, an
//               invalidation removed such entries (INVLPG of t_vpn in t_pcid, INVPCID of
//               t_pcid, a CR3 write's non-global flush, or a flush of everything);
//   removed_g   the same for global entries (INVLPG with the global bit, or everything).
// Both start set: after reset the TLB holds nothing. A lookup of (t_vpn, t_pcid) must then
// not hit a non-global entry while removed_ng, nor a global one while removed_g; and a hit
// must be an entry that holds the page for that PCID (docs/semantics.md, "Invalidation").
module fv_tlb #(
  parameter bit L2 = 1'b0
) (
  input  logic                      clk_i,
  input  logic                      lookup_valid_i,
  input  logic [mmu_pkg::VpnW-1:0]  lookup_vpn_i,
  input  logic [mmu_pkg::PcidW-1:0] lookup_pcid_i,
  input  logic                      fill_valid_i,
  input  mmu_pkg::tlb_entry_t       fill_entry_i,
  input  logic                      inv_valid_i,
  input  mmu_pkg::inv_e             inv_kind_i,
  input  logic [mmu_pkg::VpnW-1:0]  inv_vpn_i,
  input  logic [mmu_pkg::PcidW-1:0] inv_pcid_i,
  input  logic                      inv_global_i
);
  logic init_q = 1'b1;
  always_ff @(posedge clk_i) init_q <= 1'b0;
  logic rst_ni;
  assign rst_ni = !init_q;

  logic                lookup_hit_o, ready_o;
  mmu_pkg::tlb_entry_t lookup_entry_o;

  // Small geometries, so that the solver sees every way of every set fill and be evicted.
  if (L2) begin : g_l2
    l2_tlb #(.Sets(2), .Ways(2), .RandomRepl(1'b0)) dut (.*);
  end else begin : g_l1
    l1_tlb #(.Sets(2), .Ways(2), .LargeEntries(2), .RandomRepl(1'b0)) dut (.*);
  end

  // ---- the callers' side: one operation per cycle, while ready ----
  always_comb begin
    if (!init_q) begin
      assume (32'(lookup_valid_i) + 32'(fill_valid_i) + 32'(inv_valid_i) <= 1);
      if (lookup_valid_i || fill_valid_i || inv_valid_i) assume (ready_o);
      if (fill_valid_i) assume (fill_entry_i.size != 2'd3);
      if (inv_valid_i) assume (inv_kind_i != mmu_pkg::InvNone && 32'(inv_kind_i) <= 4);
    end else begin
      assume (!lookup_valid_i && !fill_valid_i && !inv_valid_i);
    end
  end

  // ---- the tracked page ----
  (* anyconst *) logic [mmu_pkg::VpnW-1:0]  t_vpn;
  (* anyconst *) logic [mmu_pkg::PcidW-1:0] t_pcid;

  logic fill_holds_t;
  assign fill_holds_t = mmu_pkg::vpn_match(fill_entry_i.vpn, t_vpn, fill_entry_i.size);

  logic removed_ng_q, removed_g_q;
  always_ff @(posedge clk_i) begin
    if (init_q) begin
      removed_ng_q <= 1'b1;
      removed_g_q  <= 1'b1;
    end else if (fill_valid_i && fill_holds_t) begin
      if (fill_entry_i.g) removed_g_q <= 1'b0;
      else if (fill_entry_i.pcid == t_pcid) removed_ng_q <= 1'b0;
    end else if (inv_valid_i) begin
      unique case (inv_kind_i)
        mmu_pkg::InvAddr:
          if (inv_vpn_i == t_vpn) begin
            if (inv_pcid_i == t_pcid) removed_ng_q <= 1'b1;
            if (inv_global_i) removed_g_q <= 1'b1;
          end
        mmu_pkg::InvPcid: if (inv_pcid_i == t_pcid) removed_ng_q <= 1'b1;
        mmu_pkg::InvAllNonGlobal: removed_ng_q <= 1'b1;
        mmu_pkg::InvAll: begin
          removed_ng_q <= 1'b1;
          removed_g_q  <= 1'b1;
        end
        default: ;
      endcase
    end
  end

  // A lookup of the tracked page, and what had been removed when it was made.
  logic chk_q, chk_ng_q, chk_g_q;
  logic [mmu_pkg::VpnW-1:0]  lk_vpn_q;
  logic [mmu_pkg::PcidW-1:0] lk_pcid_q;
  always_ff @(posedge clk_i) begin
    if (init_q) begin
      chk_q <= 1'b0;
    end else begin
      chk_q     <= lookup_valid_i && lookup_vpn_i == t_vpn && lookup_pcid_i == t_pcid;
      chk_ng_q  <= removed_ng_q;
      chk_g_q   <= removed_g_q;
    end
    lk_vpn_q  <= lookup_vpn_i;
    lk_pcid_q <= lookup_pcid_i;
  end

  logic lk_q;
  always_ff @(posedge clk_i) lk_q <= !init_q && lookup_valid_i;

  always_comb begin
    if (!init_q && chk_q && lookup_hit_o) begin
      if (lookup_entry_o.g) assert (!chk_g_q);
      else assert (!chk_ng_q);
    end
    // Any hit is an entry holding the page looked up, global or of its PCID.
    if (!init_q && lk_q && lookup_hit_o) begin
      assert (mmu_pkg::vpn_match(lookup_entry_o.vpn, lk_vpn_q, lookup_entry_o.size));
      assert (lookup_entry_o.g || lookup_entry_o.pcid == lk_pcid_q);
    end
  end
endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// One paging-structure cache: a small, fully associative array of flops, tagged by PCID.
//
// An entry maps the VA bits that select one paging-structure entry (TagW bits) to the frame of
// the next table and the rights combined over the levels above and including that entry.
// Lookup is combinational (the walker uses it in the cycle it starts) and searches only in a
// cycle that asks (lookup_valid_i): no other cycle compares the array, so a simulated cycle
// with no walk starting costs nothing here. A fill of a tag that is already present replaces it, so a tag is never held twice; otherwise it takes a free entry,
// else a round-robin victim. Invalidation removes every entry of one PCID, or all of them.
module psc_array #(
  parameter int unsigned Entries = 4,
  parameter int unsigned TagW    = 9
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic             lookup_valid_i,
  input  logic [TagW-1:0]  lookup_tag_i,
  input  logic [mmu_pkg::PcidW-1:0] lookup_pcid_i,
  output logic             lookup_hit_o,
  output logic [mmu_pkg::PpnW-1:0]  lookup_ppn_o,
  output mmu_pkg::rights_t          lookup_rights_o,

  input  logic             fill_valid_i,
  input  logic [TagW-1:0]  fill_tag_i,
  input  logic [mmu_pkg::PcidW-1:0] fill_pcid_i,
  input  logic [mmu_pkg::PpnW-1:0]  fill_ppn_i,
  input  mmu_pkg::rights_t          fill_rights_i,

  input  logic             inv_valid_i,
  input  logic             inv_all_i,        // else: every entry of inv_pcid_i
  input  logic [mmu_pkg::PcidW-1:0] inv_pcid_i
);

  localparam int unsigned IdxW = (Entries > 1) ? $clog2(Entries) : 1;
  localparam int unsigned KeyW = mmu_pkg::PcidW + TagW;

  // An entry's tag and PCID are kept together as one key {pcid, tag}: a match is one compare.
  logic [Entries-1:0] valid_q, valid_d;
  logic [KeyW-1:0]    key_q    [Entries];
  logic [mmu_pkg::PpnW-1:0]    ppn_q    [Entries];
  logic [2:0]         rights_q [Entries];
  logic [IdxW-1:0]    victim_q, victim_d;

  logic [KeyW-1:0] lookup_key, fill_key;
  assign lookup_key = {lookup_pcid_i, lookup_tag_i};
  assign fill_key   = {fill_pcid_i, fill_tag_i};

  // Lookup: at most one entry matches (fills replace an equal tag); the outputs are 0 in a
  // cycle that does not ask. lk_match is also what a_one_hit checks.
  logic [Entries-1:0] lk_match;
  always_comb begin
    lk_match        = '0;
    lookup_hit_o    = 1'b0;
    lookup_ppn_o    = '0;
    lookup_rights_o = '0;
    if (lookup_valid_i && valid_q != '0) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        lk_match[i] = valid_q[i] && key_q[i] == lookup_key;
        if (lk_match[i]) begin
          lookup_hit_o    = 1'b1;
          lookup_ppn_o    = ppn_q[i];
          lookup_rights_o = mmu_pkg::rights_t'(rights_q[i]);
        end
      end
    end
  end

  // A deliberately injected bug for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, switched on by +inject=NAME): pscinv, an invalidation of one PCID
  // drops nothing; pscdup, a fill does not see the entry already holding its tag (and so
  // holds the tag twice).
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_pscinv, inj_pscdup;
  initial inj_pscinv = mmu_pkg::injected("pscinv");
  initial inj_pscdup = mmu_pkg::injected("pscdup");
`else
  localparam bit inj_pscinv = 1'b0;
  localparam bit inj_pscdup = 1'b0;
`endif

  // Fill slot (searched only in a fill's cycle): the entry already holding the tag, else a
  // free one, else the victim. fill_match is also what a_fill_unique checks.
  logic [Entries-1:0] fill_match;
  logic            same_found, free_found;
  logic [IdxW-1:0] same_idx, free_idx, fill_idx;
  always_comb begin
    fill_match = '0;
    same_found = 1'b0;
    free_found = 1'b0;
    same_idx   = '0;
    free_idx   = '0;
    if (fill_valid_i) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        fill_match[i] = valid_q[i] && key_q[i] == fill_key;
        if (fill_match[i] && !same_found && !inj_pscdup) begin
          same_found = 1'b1;
          same_idx   = IdxW'(i);
        end
        if (!valid_q[i] && !free_found) begin
          free_found = 1'b1;
          free_idx   = IdxW'(i);
        end
      end
    end
    fill_idx = same_found ? same_idx : free_found ? free_idx : victim_q;
  end

  always_comb begin
    valid_d  = valid_q;
    victim_d = victim_q;
    if (fill_valid_i) begin
      valid_d[fill_idx] = 1'b1;
      if (!same_found && !free_found) begin
        victim_d = (victim_q == IdxW'(Entries - 1)) ? '0 : victim_q + 1'b1;
      end
    end
    if (inv_valid_i) begin
      for (int unsigned i = 0; i < Entries; i++) begin
        // An entry filled in this same cycle is judged by its new PCID.
        if (inv_all_i || (!inj_pscinv && inv_pcid_i == ((fill_valid_i && fill_idx == IdxW'(i))
                                        ? fill_pcid_i : key_q[i][TagW +: mmu_pkg::PcidW]))) begin
          valid_d[i] = 1'b0;
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q  <= '0;
      victim_q <= '0;
    end else begin
      valid_q  <= valid_d;
      victim_q <= victim_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (fill_valid_i) begin
      key_q[fill_idx]    <= fill_key;
      ppn_q[fill_idx]    <= fill_ppn_i;
      rights_q[fill_idx] <= fill_rights_i;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // A tag is held at most once: a lookup matches at most one entry, and a fill (the only
  // way a tag enters) leaves no valid entry but its own slot holding its tag. Checked on the
  // fills, this holds for every tag, not only the ones looked up (by induction from reset).
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_one_hit: assert ($onehot0(lk_match))
      else $error("psc_array: two entries of one tag and PCID");
  end
  logic [Entries-1:0] a_fill_slot;
  assign a_fill_slot = Entries'(1) << fill_idx;
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_fill_unique: assert (!fill_valid_i || ((fill_match & ~a_fill_slot) == '0))
      else $error("psc_array: a fill left its tag in a second entry");
  end

  // No entry is used after its invalidation: after an invalidation of one PCID (or of all),
  // nothing of that PCID (or nothing at all) hits until a fill of it. The last invalidation
  // is remembered; an entry filled in the invalidation's own cycle is dropped with it.
  logic                      a_gone_q, a_gone_all_q;
  logic [mmu_pkg::PcidW-1:0] a_gone_pcid_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_gone_q      <= 1'b0;
      a_gone_all_q  <= 1'b0;
      a_gone_pcid_q <= '0;
    end else if (inv_valid_i) begin
      a_gone_q      <= 1'b1;
      a_gone_all_q  <= inv_all_i;
      a_gone_pcid_q <= inv_pcid_i;
    end else if (fill_valid_i && (a_gone_all_q || fill_pcid_i == a_gone_pcid_q)) begin
      a_gone_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_no_use_after_inv: assert (!lookup_hit_o ||
        (!(a_gone_q && (a_gone_all_q || lookup_pcid_i == a_gone_pcid_q))))
      else $error("psc_array: an entry hit after its invalidation");
  end
`endif

endmodule

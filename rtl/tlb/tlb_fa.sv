// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Fully-associative TLB array in flops: the L1's array for 2 MiB and 1 GiB pages.
//
// Storage (all flops): Entries*TlbEntryW entry bits (no reset), Entries valid bits,
//   replacement state (tlb_repl with one set: Entries-1 PLRU bits or a 16-bit LFSR), the fill
//   register (TlbEntryW), the lookup vpn/pcid (VpnW+PcidW) and 2 control bits.
//   Entries must be a power of two.
//
// An entry hits when valid && vpn_match(vpn, lookup vpn, its size) && (g || pcid == lookup
// pcid); several hits: the lowest index wins.
//
// Timing (t = the request pulse, accepted while ready_o=1)
//   lookup: answer in t+1 (compared against the entries as they are in t+1), ready_o stays 1.
//   fill:   written at the end of t+1 (ready_o=0 in t+1): a valid entry of the same page
//           (size, vpn under the size, pcid) is overwritten, else the lowest invalid entry,
//           else the replacement victim. Taking the write a cycle late keeps the hit of a
//           lookup in t-1 (touching the replacement state in t) apart from the fill's touch.
//   every invalidation kind: done at the end of t, ready_o stays 1.
module tlb_fa #(
  parameter int unsigned Entries    = 4,
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

  // A deliberately injected bug, compiled in only for the check that the TLB invalidation
  // proof catches it (sim/variants.mk, formal/run.sh): INVLPG compares the whole page number,
  // so an address inside a large page other than its first 4 KiB leaves the entry valid.
`ifdef OPENMMU_INJECT_INVLPG_LARGE
  localparam bit InvAddrBySize = 1'b0;
`else
  localparam bit InvAddrBySize = 1'b1;
`endif

  localparam int unsigned EntW = (Entries > 1) ? $clog2(Entries) : 1;
  // The payload of an entry: {ppn, u, w, xd, d, pwt, pcd}, as in tlb_entry_t.
  localparam int unsigned PayW = mmu_pkg::PpnW + 6;

  if (Entries == 0 || (Entries & (Entries - 1)) != 0) begin : g_bad
    $error("tlb_fa: Entries must be a power of two");
  end

  // The entries are kept field by field (tag fields apart from the payload) rather than as one
  // packed vector of whole entries: the compares then read each field directly, which keeps a
  // simulation of the array fast. The same bits as TlbEntryW per entry.
  logic [mmu_pkg::VpnW-1:0]  vpn_q  [Entries];
  logic [mmu_pkg::PcidW-1:0] pcid_q [Entries];
  logic [1:0]                size_q [Entries];
  logic [PayW-1:0]           pay_q  [Entries];
  logic [Entries-1:0]        g_q;
  logic [Entries-1:0]        valid_q, valid_d;
  mmu_pkg::tlb_entry_t       fill_q;
  logic                      filling_q;
  logic                      lk_valid_q;
  logic [mmu_pkg::VpnW-1:0]  lk_vpn_q;
  logic [mmu_pkg::PcidW-1:0] lk_pcid_q;

  // mmu_pkg::vpn_match, written as compares of the 1 GiB, 2 MiB and 4 KiB parts of the vpn.
  function automatic logic page_match(logic [mmu_pkg::VpnW-1:0] vpn,
                                      logic [mmu_pkg::VpnW-1:0] va_vpn, logic [1:0] size);
    page_match = vpn[mmu_pkg::VpnW-1:18] == va_vpn[mmu_pkg::VpnW-1:18] &&
                 (size == 2'(mmu_pkg::Page1G) ||
                  (vpn[17:9] == va_vpn[17:9] &&
                   (size == 2'(mmu_pkg::Page2M) || vpn[8:0] == va_vpn[8:0])));
  endfunction

  // Lookup: the lowest valid entry whose page holds the vpn and whose PCID matches (or is
  // global). Searched only in a cycle that answers a lookup; the entry out is meaningful only
  // with lookup_hit_o.
  logic            hit_any;
  logic [EntW-1:0] hit_idx;
  always_comb begin
    hit_any = 1'b0;
    hit_idx = '0;
    if (lk_valid_q && valid_q != '0) begin
      for (int i = Entries - 1; i >= 0; i--) begin
        if (valid_q[i] && page_match(vpn_q[i], lk_vpn_q, size_q[i]) &&
            (g_q[i] || pcid_q[i] == lk_pcid_q)) begin
          hit_any = 1'b1;
          hit_idx = EntW'(i);
        end
      end
    end
  end
  assign lookup_hit_o   = hit_any;
  assign lookup_entry_o = mmu_pkg::tlb_entry_t'({vpn_q[hit_idx], pcid_q[hit_idx], g_q[hit_idx],
                                                 size_q[hit_idx], pay_q[hit_idx]});

  // A deliberately injected bug for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, switched on by +inject=tlbdup): a fill never finds the entry of its own page, so a page can be held twice.
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_tlbdup;
  initial inj_tlbdup = mmu_pkg::injected("tlbdup");
`else
  localparam bit inj_tlbdup = 1'b0;
`endif

  // Fill slot (used only in the commit cycle): a valid entry of the same page, else the lowest
  // invalid entry, else the replacement victim.
  logic [EntW-1:0] victim, fill_idx;
  always_comb begin
    fill_idx = victim;
    if (filling_q) begin
      for (int i = Entries - 1; i >= 0; i--) begin
        if (!valid_q[i]) fill_idx = EntW'(i);
      end
      for (int i = Entries - 1; i >= 0; i--) begin
        if (!inj_tlbdup && valid_q[i] && size_q[i] == fill_q.size && pcid_q[i] == fill_q.pcid &&
            page_match(vpn_q[i], fill_q.vpn, fill_q.size)) begin
          fill_idx = EntW'(i);
        end
      end
    end
  end

  tlb_repl #(
    .Sets       (1),
    .Ways       (Entries),
    .RandomRepl (RandomRepl)
  ) u_repl (
    .clk_i,
    .rst_ni,
    .touch_i      (filling_q || lookup_hit_o),
    .touch_set_i  (1'b0),
    .touch_way_i  (filling_q ? fill_idx : hit_idx),
    .victim_set_i (1'b0),
    .victim_way_o (victim)
  );

  assign ready_o = !filling_q;

  always_comb begin
    valid_d = valid_q;
    if (filling_q) begin
      valid_d[fill_idx] = 1'b1;
    end else if (inv_i.valid) begin
      unique case (inv_i.kind)
        mmu_pkg::InvAddr: begin
          for (int i = 0; i < Entries; i++) begin
            if ((InvAddrBySize ? page_match(vpn_q[i], inv_i.vpn, size_q[i])
                               : vpn_q[i] == inv_i.vpn) &&
                (g_q[i] ? inv_i.incl_global : pcid_q[i] == inv_i.pcid)) begin
              valid_d[i] = 1'b0;
            end
          end
        end
        mmu_pkg::InvPcid: begin
          for (int i = 0; i < Entries; i++) begin
            if (!g_q[i] && pcid_q[i] == inv_i.pcid) valid_d[i] = 1'b0;
          end
        end
        mmu_pkg::InvAllNonGlobal: valid_d = valid_q & g_q;
        mmu_pkg::InvAll:          valid_d = '0;
        default: ;
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q    <= '0;
      filling_q  <= 1'b0;
      lk_valid_q <= 1'b0;
    end else begin
      valid_q    <= valid_d;
      filling_q  <= fill_valid_i && ready_o;
      lk_valid_q <= lookup_valid_i && ready_o;
    end
  end

  always_ff @(posedge clk_i) begin
    if (fill_valid_i && ready_o) fill_q <= fill_entry_i;
    if (lookup_valid_i && ready_o) begin
      lk_vpn_q  <= lookup_vpn_i;
      lk_pcid_q <= lookup_pcid_i;
    end
    if (filling_q) begin
      vpn_q[fill_idx]  <= fill_q.vpn;
      pcid_q[fill_idx] <= fill_q.pcid;
      size_q[fill_idx] <= fill_q.size;
      pay_q[fill_idx]  <= {fill_q.ppn, fill_q.u, fill_q.w, fill_q.xd, fill_q.d, fill_q.pwt,
                           fill_q.pcd};
      g_q[fill_idx]    <= fill_q.g;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // A fill overwrites the entry of the same page, so a lookup finds at most one entry per
  // page size with the lookup's own PCID (a global entry of another PCID may hit as well).
  // (Computed only where a lookup is answered and an entry is valid: it costs simulation
  // time. Each entry is matched once; own[s] holds the matches of page size s.)
  logic a_one;
  always_comb begin
    logic [Entries-1:0] own [3];
    logic               m;
    a_one = 1'b1;
    m     = 1'b0;
    for (int s = 0; s < 3; s++) own[s] = '0;
    if (lk_valid_q && valid_q != '0) begin
      for (int i = 0; i < Entries; i++) begin
        m = valid_q[i] && pcid_q[i] == lk_pcid_q && page_match(vpn_q[i], lk_vpn_q, size_q[i]);
        for (int s = 0; s < 3; s++) own[s][i] = m && size_q[i] == 2'(s);
      end
      for (int s = 0; s < 3; s++) if (!$onehot0(own[s])) a_one = 1'b0;
    end
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_one_hit: assert (!lk_valid_q || a_one)
      else $error("tlb_fa: two entries of one page and PCID hit");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_hit_answers: assert (!lookup_hit_o || lk_valid_q)
      else $error("tlb_fa: a hit without a lookup");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_req_ready: assert (!(lookup_valid_i || fill_valid_i || inv_i.valid) || ready_o)
      else $error("tlb_fa: a request while not ready (it would be lost)");
  end
`endif

endmodule

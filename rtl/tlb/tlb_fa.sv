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
  input  logic             inv_valid_i,
  input  mmu_pkg::inv_e             inv_kind_i,
  input  logic [mmu_pkg::VpnW-1:0]  inv_vpn_i,
  input  logic [mmu_pkg::PcidW-1:0] inv_pcid_i,
  input  logic             inv_global_i,
  output logic             ready_o
);

  localparam int unsigned EntW = (Entries > 1) ? $clog2(Entries) : 1;

  if (Entries == 0 || (Entries & (Entries - 1)) != 0) begin : g_bad
    $error("tlb_fa: Entries must be a power of two");
  end

  logic [Entries*mmu_pkg::TlbEntryW-1:0] ent_q;
  logic [Entries-1:0]           valid_q, valid_d;
  mmu_pkg::tlb_entry_t                   fill_q;
  logic                         filling_q;
  logic                         lk_valid_q;
  logic [mmu_pkg::VpnW-1:0]              lk_vpn_q;
  logic [mmu_pkg::PcidW-1:0]             lk_pcid_q;

  logic [Entries-1:0] hit, inv_hit, same_page;
  for (genvar i = 0; i < Entries; i++) begin : g_ent
    mmu_pkg::tlb_entry_t e;
    assign e = mmu_pkg::tlb_entry_t'(ent_q[i*mmu_pkg::TlbEntryW +: mmu_pkg::TlbEntryW]);
    assign hit[i] = valid_q[i] && mmu_pkg::vpn_match(e.vpn, lk_vpn_q, e.size) &&
                    (e.g || e.pcid == lk_pcid_q);
    assign same_page[i] = valid_q[i] && e.size == fill_q.size && e.pcid == fill_q.pcid &&
                          mmu_pkg::vpn_match(e.vpn, fill_q.vpn, fill_q.size);
    always_comb begin
      unique case (inv_kind_i)
        mmu_pkg::InvAddr:         inv_hit[i] = mmu_pkg::vpn_match(e.vpn, inv_vpn_i, e.size) &&
                                               (e.g ? inv_global_i : e.pcid == inv_pcid_i);
        mmu_pkg::InvPcid:         inv_hit[i] = !e.g && e.pcid == inv_pcid_i;
        mmu_pkg::InvAllNonGlobal: inv_hit[i] = !e.g;
        mmu_pkg::InvAll:          inv_hit[i] = 1'b1;
        default:                  inv_hit[i] = 1'b0;
      endcase
    end
    // The payload takes no part in matching.
    logic unused_payload;
    assign unused_payload = ^{e.ppn, e.u, e.w, e.xd, e.d, e.pwt, e.pcd};
  end

  logic            hit_any;
  logic [EntW-1:0] hit_idx;
  always_comb begin
    hit_any = 1'b0;
    hit_idx = '0;
    lookup_entry_o = mmu_pkg::tlb_entry_t'(ent_q[mmu_pkg::TlbEntryW-1:0]);
    for (int i = Entries - 1; i >= 0; i--) begin
      if (hit[i]) begin
        hit_any = 1'b1;
        hit_idx = EntW'(i);
        lookup_entry_o = mmu_pkg::tlb_entry_t'(ent_q[i*mmu_pkg::TlbEntryW +: mmu_pkg::TlbEntryW]);
      end
    end
  end
  assign lookup_hit_o = lk_valid_q && hit_any;

  logic [EntW-1:0] victim, fill_idx;
  always_comb begin
    fill_idx = victim;
    for (int i = Entries - 1; i >= 0; i--) begin
      if (!valid_q[i]) fill_idx = EntW'(i);
    end
    for (int i = Entries - 1; i >= 0; i--) begin
      if (same_page[i]) fill_idx = EntW'(i);
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
    end else if (inv_valid_i) begin
      valid_d = valid_q & ~inv_hit;
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
    if (filling_q) ent_q[32'(fill_idx)*mmu_pkg::TlbEntryW +: mmu_pkg::TlbEntryW] <= fill_q;
  end

endmodule

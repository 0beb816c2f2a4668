// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Set-associative TLB array: the body of the L1 4 KiB array and of the unified L2 TLB.
//
// Storage
//   Entries: one memory per way, Sets deep, TlbEntryW wide, one-cycle synchronous read, no
//     reset (block RAM). TwoSizes=0: one read port. TwoSizes=1: two read ports (A and B) and
//     one write port, all three on different cycles' traffic except A+B reads together.
//   Flops: valid and global bit per entry (2*Sets*Ways), replacement state (tlb_repl:
//     Sets*(Ways-1) for PLRU, 16 for the LFSR), one command register (~140 flops: the fill
//     entry, vpn, pcid, the indexes read last cycle, the state).
//     The global bits exist so that InvAllNonGlobal takes one cycle.
//
// Sizes and indexing
//   TwoSizes=0: only 4 KiB entries are filled (the L1 sends large pages elsewhere); the set is
//     vpn[IdxW-1:0].
//   TwoSizes=1: 4 KiB entries live in set vpn[IdxW-1:0], 2 MiB entries in set
//     vpn[9+IdxW-1:9]. A lookup reads both sets at once (port A: 4 KiB index, port B: 2 MiB
//     index) and compares every way of both. The caller must not fill 1 GiB entries.
//   A way hits when valid && vpn_match(vpn, lookup vpn, its size) && (g || pcid == lookup
//   pcid), the PCID compared per way. Several hits: the lowest way of port A wins, then the
//   lowest way of port B (the rest are ignored, never ORed).
//
// Timing (cycle t = the request pulse, accepted while ready_o=1)
//   lookup:          answer in t+1, ready_o stays 1 (one lookup per cycle).
//   fill:            read the set in t, write in t+1 (ready_o=0 in t+1). A valid entry of the
//                    same page (size, vpn under the size, pcid) is overwritten in place; else
//                    the lowest invalid way; else the replacement victim. Visible to a lookup
//                    in t+2.
//   InvAll, InvAllNonGlobal: done at the end of t on the flops, ready_o stays 1.
//   InvAddr:         read the set(s) in t, clear matching ways in t+1 (ready_o=0 in t+1).
//   InvPcid:         sweep: set k is read in t+k and cleared in t+k+1 (ready_o=0 in
//                    t+1 .. t+Sets).
//   Replacement state is touched by a hit (t+1 of the lookup) and by a fill (its write).
module tlb_sa #(
  parameter int unsigned Sets       = 16,
  parameter int unsigned Ways       = 4,
  parameter bit          RandomRepl = 1'b0,
  parameter bit          TwoSizes   = 1'b0
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

  localparam int unsigned IdxW = $clog2(Sets);
  localparam int unsigned WayW = (Ways > 1) ? $clog2(Ways) : 1;
  localparam int unsigned NumPorts = TwoSizes ? 2 : 1;

  if (Sets < 2 || (1 << IdxW) != Sets || (Ways & (Ways - 1)) != 0 || Ways == 0) begin : g_bad
    $error("tlb_sa: Sets (>=2) and Ways must be powers of two");
  end

  typedef enum logic [1:0] {StIdle, StFill, StInvAddr, StSweep} state_e;

  localparam int unsigned EntW  = mmu_pkg::TlbEntryW;
  localparam int unsigned Slots = NumPorts * Ways;  // ways compared in one cycle

  state_e                     state_q, state_d;
  mmu_pkg::tlb_entry_t        fill_q;
  logic [mmu_pkg::VpnW-1:0]   cmd_vpn_q;
  logic [mmu_pkg::PcidW-1:0]  cmd_pcid_q;
  logic                       cmd_global_q;
  logic                       lk_valid_q;

  logic [Sets*Ways-1:0] valid_q, glob_q;

  // Read ports (flat: port p at [p*IdxW +: IdxW]): index presented in cycle t, data in t+1
  // together with the registered index. Slot p*Ways+w is way w of port p. The slots are a
  // packed array of plain words, cast to the entry type where read: Yosys 0.70 reads an
  // unpacked array of packed structs as one entry-wide vector, leaving all but two bits
  // undriven (docs/architecture.md, "RTL conventions").
  logic [NumPorts*IdxW-1:0] ridx, ridx_q;
  logic [Slots-1:0][EntW-1:0] rdata;

  // Read enable: a set is read only for a command that uses its data in the next cycle (a
  // lookup's answer, a fill's or an InvAddr's commit, a sweep step); in any other cycle the
  // read data is not looked at, and holding it costs a simulation nothing (a block RAM's
  // clock enable).
  logic re;

  // Write port (fill commit).
  logic            we;
  logic [WayW-1:0] wway;

  // ---------------------------------------------------------------------------------------
  // Arrays
  for (genvar w = 0; w < Ways; w++) begin : g_way
    logic [EntW-1:0] mem_q [Sets];
    always_ff @(posedge clk_i) begin
      if (we && wway == WayW'(w)) mem_q[ridx_q[IdxW-1:0]] <= fill_q;
    end
    for (genvar p = 0; p < NumPorts; p++) begin : g_port
      logic [EntW-1:0] rdata_q;
      always_ff @(posedge clk_i) if (re) rdata_q <= mem_q[ridx[p*IdxW +: IdxW]];
      assign rdata[p*Ways+w] = rdata_q;
    end
  end

  always_ff @(posedge clk_i) ridx_q <= ridx;

  // ---------------------------------------------------------------------------------------
  // Read index selection (only meaningful in StIdle and StSweep).
  always_comb begin
    ridx[IdxW-1:0] = lookup_vpn_i[IdxW-1:0];
    if (state_q == StSweep) begin
      ridx[IdxW-1:0] = ridx_q[IdxW-1:0] + 1'b1;
    end else if (fill_valid_i) begin
      ridx[IdxW-1:0] = (TwoSizes && fill_entry_i.size == mmu_pkg::Page2M)
                       ? fill_entry_i.vpn[9 +: IdxW] : fill_entry_i.vpn[IdxW-1:0];
    end else if (inv_i.valid) begin
      ridx[IdxW-1:0] = (inv_i.kind == mmu_pkg::InvPcid) ? '0 : inv_i.vpn[IdxW-1:0];
    end
    if (TwoSizes) begin
      ridx[(NumPorts-1)*IdxW +: IdxW] = inv_i.valid ? inv_i.vpn[9 +: IdxW]
                                                    : lookup_vpn_i[9 +: IdxW];
    end
  end

  // ---------------------------------------------------------------------------------------
  // Matches on the set(s) read last cycle, each way with its own PCID compare. Each search
  // runs only in the cycle whose command uses it (lookup answer, fill commit, InvAddr commit,
  // sweep step); the entry out is meaningful only with lookup_hit_o.
  localparam int unsigned SlotW = (Slots > 1) ? $clog2(Slots) : 1;
  logic [Slots-1:0]          slot_valid, slot_g;
  logic [mmu_pkg::VpnW-1:0]  slot_vpn  [Slots];
  logic [mmu_pkg::PcidW-1:0] slot_pcid [Slots];
  mmu_pkg::page_size_e       slot_size [Slots];
  for (genvar p = 0; p < NumPorts; p++) begin : g_cmp_port
    for (genvar w = 0; w < Ways; w++) begin : g_cmp_way
      localparam int unsigned S = p * Ways + w;
      mmu_pkg::tlb_entry_t e;
      assign e             = mmu_pkg::tlb_entry_t'(rdata[S]);
      assign slot_valid[S] = valid_q[32'(ridx_q[p*IdxW +: IdxW]) * Ways + w];
      assign slot_vpn[S]   = e.vpn;
      assign slot_pcid[S]  = e.pcid;
      assign slot_g[S]     = e.g;
      assign slot_size[S]  = e.size;
      // The payload takes no part in matching.
      logic unused_payload;
      assign unused_payload = ^{e.ppn, e.u, e.w, e.xd, e.d, e.pwt, e.pcd};
    end
  end

  // Lookup answer: fixed priority, port A lowest way first; one slot's entry, never a mix.
  logic             hit_any;
  logic [SlotW-1:0] hit_slot;
  logic             hit_port;  // 0: A, 1: B
  logic [WayW-1:0]  hit_way;
  always_comb begin
    hit_any  = 1'b0;
    hit_slot = '0;
    if (lk_valid_q) begin
      for (int s = Slots - 1; s >= 0; s--) begin
        if (slot_valid[s] && mmu_pkg::vpn_match(slot_vpn[s], cmd_vpn_q, slot_size[s]) &&
            (slot_g[s] || slot_pcid[s] == cmd_pcid_q)) begin
          hit_any  = 1'b1;
          hit_slot = SlotW'(s);
        end
      end
    end
  end
  assign hit_port       = (32'(hit_slot) >= Ways);
  assign hit_way        = WayW'(32'(hit_slot) % Ways);
  assign lookup_entry_o = mmu_pkg::tlb_entry_t'(rdata[hit_slot]);
  assign lookup_hit_o   = hit_any;

  // ---------------------------------------------------------------------------------------
  // Fill way (commit cycle): a valid entry of the same page (port A), else the lowest invalid
  // way, else the replacement victim.
  logic [WayW-1:0] victim_way, fill_way;
  always_comb begin
    fill_way = victim_way;
    if (state_q == StFill) begin
      for (int w = Ways - 1; w >= 0; w--) begin
        if (!slot_valid[w]) fill_way = WayW'(w);
      end
      for (int w = Ways - 1; w >= 0; w--) begin
        if (slot_valid[w] && slot_size[w] == fill_q.size && slot_pcid[w] == fill_q.pcid &&
            mmu_pkg::vpn_match(slot_vpn[w], fill_q.vpn, fill_q.size)) begin
          fill_way = WayW'(w);
        end
      end
    end
  end

  assign re   = lookup_valid_i || fill_valid_i || inv_i.valid || state_q == StSweep;
  assign we   = (state_q == StFill);
  assign wway = fill_way;

  logic            touch;
  logic [IdxW-1:0] touch_set;
  logic [WayW-1:0] touch_way;
  always_comb begin
    touch     = 1'b0;
    touch_set = ridx_q[IdxW-1:0];
    touch_way = fill_way;
    if (we) begin
      touch = 1'b1;
    end else if (lookup_hit_o) begin
      touch     = 1'b1;
      touch_set = hit_port ? ridx_q[(NumPorts-1)*IdxW +: IdxW] : ridx_q[IdxW-1:0];
      touch_way = hit_way;
    end
  end

  tlb_repl #(
    .Sets       (Sets),
    .Ways       (Ways),
    .RandomRepl (RandomRepl)
  ) u_repl (
    .clk_i,
    .rst_ni,
    .touch_i      (touch),
    .touch_set_i  (touch_set),
    .touch_way_i  (touch_way),
    .victim_set_i (ridx_q[IdxW-1:0]),
    .victim_way_o (victim_way)
  );

  // ---------------------------------------------------------------------------------------
  // Control.
  always_comb begin
    state_d = state_q;
    unique case (state_q)
      StIdle: begin
        if (fill_valid_i) begin
          state_d = StFill;
        end else if (inv_i.valid) begin
          if (inv_i.kind == mmu_pkg::InvAddr) state_d = StInvAddr;
          if (inv_i.kind == mmu_pkg::InvPcid) state_d = StSweep;
        end
      end
      StFill, StInvAddr: state_d = StIdle;
      StSweep: begin
        if (ridx_q[IdxW-1:0] == IdxW'(Sets - 1)) state_d = StIdle;
      end
      default: state_d = StIdle;
    endcase
  end

  assign ready_o = (state_q == StIdle);

  // Valid and global bits: updated in place (only the bits a command changes are written).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      glob_q  <= '0;
    end else begin
      unique case (state_q)
        StIdle: begin
          if (!fill_valid_i && inv_i.valid) begin
            if (inv_i.kind == mmu_pkg::InvAllNonGlobal) valid_q <= valid_q & glob_q;
            if (inv_i.kind == mmu_pkg::InvAll)          valid_q <= '0;
          end
        end
        StFill: begin
          valid_q[32'(ridx_q[IdxW-1:0]) * Ways + 32'(fill_way)] <= 1'b1;
          glob_q[32'(ridx_q[IdxW-1:0]) * Ways + 32'(fill_way)]  <= fill_q.g;
        end
        StInvAddr: begin
          for (int p = 0; p < NumPorts; p++) begin
            for (int w = 0; w < Ways; w++) begin
              if (slot_valid[p*Ways+w] &&
                  mmu_pkg::vpn_match(slot_vpn[p*Ways+w], cmd_vpn_q, slot_size[p*Ways+w]) &&
                  (slot_g[p*Ways+w] ? cmd_global_q : (slot_pcid[p*Ways+w] == cmd_pcid_q))) begin
                valid_q[32'(ridx_q[p*IdxW +: IdxW]) * Ways + w] <= 1'b0;
              end
            end
          end
        end
        StSweep: begin
          for (int w = 0; w < Ways; w++) begin
            if (slot_valid[w] && !slot_g[w] && slot_pcid[w] == cmd_pcid_q) begin
              valid_q[32'(ridx_q[IdxW-1:0]) * Ways + w] <= 1'b0;
            end
          end
        end
        default: ;
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= StIdle;
      lk_valid_q <= 1'b0;
    end else begin
      state_q    <= state_d;
      lk_valid_q <= lookup_valid_i && ready_o;
    end
  end

  // Command operands: loaded only by an accepted request, so the commit and sweep cycles use
  // the operands of their own request (never a later cycle's inputs).
  always_ff @(posedge clk_i) begin
    if (ready_o) begin
      if (fill_valid_i) fill_q <= fill_entry_i;
      if (inv_i.valid) begin
        cmd_vpn_q    <= inv_i.vpn;
        cmd_pcid_q   <= inv_i.pcid;
        cmd_global_q <= inv_i.incl_global;
      end else if (lookup_valid_i) begin
        cmd_vpn_q    <= lookup_vpn_i;
        cmd_pcid_q   <= lookup_pcid_i;
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // A fill overwrites the entry of the same page in its set, so per page size at most one way
  // with the lookup's own PCID matches: 4 KiB entries in port A's set, 2 MiB entries in port
  // B's (both ports may read the same set; each entry is counted on its own size's port).
  logic [Ways-1:0] a_own_4k, a_own_2m;
  always_comb begin
    a_own_4k = '0;
    a_own_2m = '0;
    for (int w = 0; w < Ways; w++) begin
      if (!lk_valid_q) continue;  // only where a lookup is answered: it costs simulation time
      a_own_4k[w] = slot_valid[w] && slot_size[w] == mmu_pkg::Page4K &&
                    slot_pcid[w] == cmd_pcid_q && mmu_pkg::vpn_match(slot_vpn[w], cmd_vpn_q, slot_size[w]);
      a_own_2m[w] = slot_valid[(NumPorts-1)*Ways+w] && slot_size[(NumPorts-1)*Ways+w] == mmu_pkg::Page2M &&
                    slot_pcid[(NumPorts-1)*Ways+w] == cmd_pcid_q &&
                    mmu_pkg::vpn_match(slot_vpn[(NumPorts-1)*Ways+w], cmd_vpn_q, mmu_pkg::Page2M);
    end
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_one_hit: assert (!lk_valid_q || ($onehot0(a_own_4k) && (!TwoSizes || $onehot0(a_own_2m))))
      else $error("tlb_sa: two ways of one page and PCID hit");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_hit_answers: assert (!lookup_hit_o || (lk_valid_q && state_q == StIdle))
      else $error("tlb_sa: a hit without a lookup");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_req_ready: assert (!(lookup_valid_i || fill_valid_i || inv_i.valid) || ready_o)
      else $error("tlb_sa: a request while not ready (it would be lost)");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_no_1g: assert (!fill_valid_i || (fill_entry_i.size != mmu_pkg::Page1G &&
        (TwoSizes || fill_entry_i.size == mmu_pkg::Page4K)))
      else $error("tlb_sa: a fill of a page size this array cannot hold");
  end
`endif

endmodule

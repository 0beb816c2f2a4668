// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// One CPU port (instruction fetch or load/store) and its L1 TLB.
//
// Stage 0 (the cycle a request is accepted): canonical check, L1 lookup. Stage 1 (the next
// cycle): a usable hit answers at once, so L1 hits are pipelined at one request per cycle
// (with HitPipe=0, one every two cycles: the next is taken only once stage 1 is empty).
// Anything else -- a miss, a hit whose rights forbid the access, a write to an entry with
// D=0, a lookup made in the cycle a control operation was accepted -- goes to the shared miss
// handler (L2 TLB, then the walker), which answers through miss_done_i and refills this L1.
// The port holds one miss at a time and accepts nothing while it waits: responses stay in
// request order.
module mmu_port #(
  parameter int unsigned Sets         = 16,
  parameter int unsigned Ways         = 4,
  parameter int unsigned LargeEntries = 4,
  parameter bit          RandomRepl   = 1'b0,
  // 1: the port takes its next request in the cycle an L1 hit answers (one a cycle; the
  // ready depends on that cycle's lookup). 0: only once stage 1 is empty, so the ready does
  // not depend on the lookup (one request every two cycles on hits).
  parameter bit          HitPipe      = 1'b1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // CPU request and in-order response.
  input  logic                 req_valid_i,
  output logic                 req_ready_o,
  input  logic [63:0]          req_va_i,
  input  mmu_pkg::acc_e                 req_kind_i,
  input  logic                 req_user_i,
  output logic                 rsp_valid_o,
  output mmu_pkg::rsp_status_e          rsp_status_o,
  output logic [mmu_pkg::PhysAddrW-1:0] rsp_pa_o,
  output logic [4:0]           rsp_err_o,
  output logic [63:0]          rsp_addr_o,
  output logic                 rsp_pcd_o,     // RspOk: the leaf has PCD=1 (uncached)

  // Control state.
  input  logic [mmu_pkg::PcidW-1:0]     pcid_i,
  input  logic                 wp_i,
  input  logic                 nxe_i,
  input  logic                 smep_i,
  input  logic                 smap_i,
  input  logic                 block_i,   // a control operation is in progress: no lookups
  input  logic                 kill_i,    // a control operation is accepted in this cycle

  // Miss handler.
  output logic                 miss_valid_o,
  output logic [mmu_pkg::VpnW-1:0]      miss_vpn_o,
  output mmu_pkg::acc_e                 miss_kind_o,
  output logic                 miss_user_o,
  output logic                 miss_dirty_o,  // the L1 hit was refused only for D=0
  input  logic                 miss_done_i,   // answer (and L1 refill if RspOk) this cycle
  input  mmu_pkg::rsp_status_e          miss_status_i,
  input  mmu_pkg::tlb_entry_t           miss_entry_i,
  input  logic [4:0]           miss_err_i,

  // Invalidation of the L1 (pulse while l1_ready_o).
  input  mmu_pkg::inv_req_t       inv_i,
  output logic                 l1_ready_o,

  // Events for the performance counters.
  output logic                 ev_access_o,
  output logic                 ev_lookup_o,
  output logic                 ev_hit_o,
  output logic                 ev_miss_o,
  output logic                 ev_gp_o,
  output logic                 ev_stall_o
);

  // Request registers (held from acceptance to response).
  logic [63:0] va_q;
  mmu_pkg::acc_e        kind_q;
  logic        user_q;
  logic        gp_q;
  logic        s1_valid_q, s1_valid_d;  // a lookup answers in this cycle
  logic        s1_stale_q;              // ... but was made as a control operation arrived
  logic        miss_q, miss_d;          // waiting for the miss handler

  logic       lookup_valid, lookup_hit, fill_valid, accept, req_gp;
  mmu_pkg::tlb_entry_t lookup_entry;

  l1_tlb #(
    .Sets        (Sets),
    .Ways        (Ways),
    .LargeEntries(LargeEntries),
    .RandomRepl  (RandomRepl)
  ) u_l1_tlb (
    .clk_i,
    .rst_ni,
    .lookup_valid_i(lookup_valid),
    .lookup_vpn_i  (req_va_i[47:12]),
    .lookup_pcid_i (pcid_i),
    .lookup_hit_o  (lookup_hit),
    .lookup_entry_o(lookup_entry),
    .fill_valid_i  (fill_valid),
    .fill_entry_i  (miss_entry_i),
    .inv_i,
    .ready_o       (l1_ready_o)
  );

  // A deliberately injected bug, compiled in only for the check that the permission proof
  // catches it (sim/variants.mk, formal/run.sh): a write hits an entry whose D is clear, so
  // the page is written without the walker setting D.
`ifdef OPENMMU_INJECT_HIT_IGNORES_D
  localparam bit HitNeedsD = 1'b0;
`else
  localparam bit HitNeedsD = 1'b1;
`endif

  // Stage 1: a hit is usable if the rights allow the access and, for a write, D is set.
  logic rights, hit_ok, s1_rsp, s1_miss;
  assign rights  = mmu_pkg::rights_ok(lookup_entry.u, lookup_entry.w, lookup_entry.xd, kind_q, user_q,
                             wp_i, nxe_i, smep_i, smap_i);
  assign hit_ok  = lookup_hit && rights &&
                   !(HitNeedsD && kind_q == mmu_pkg::AccWrite && !lookup_entry.d);
  assign s1_rsp  = s1_valid_q && (gp_q || (hit_ok && !s1_stale_q));
  assign s1_miss = s1_valid_q && !s1_rsp;

  // Stage 0: accept while nothing is pending and the L1 is free for a lookup. The L1 refill
  // (miss_done_i) only happens while this port waits, so it never meets a lookup.
  assign req_ready_o  = !miss_q && (!s1_valid_q || (HitPipe && s1_rsp)) && l1_ready_o && !block_i &&
                        !inv_i.valid;
  assign accept       = req_valid_i && req_ready_o;
  assign req_gp       = !mmu_pkg::va_canonical(req_va_i[63:47]);  // #GP, no memory reference
  assign lookup_valid = accept && !req_gp;
  assign fill_valid   = miss_done_i && miss_status_i == mmu_pkg::RspOk;

  always_comb begin
    s1_valid_d = accept;
    miss_d     = miss_q;
    if (s1_miss) miss_d = 1'b1;
    if (miss_done_i) miss_d = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      va_q       <= '0;
      kind_q     <= mmu_pkg::AccRead;
      user_q     <= 1'b0;
      gp_q       <= 1'b0;
      s1_valid_q <= 1'b0;
      s1_stale_q <= 1'b0;
      miss_q     <= 1'b0;
    end else begin
      if (accept) begin
        va_q       <= req_va_i;
        kind_q     <= req_kind_i;
        user_q     <= req_user_i;
        gp_q       <= req_gp;
        s1_stale_q <= kill_i;
      end
      s1_valid_q <= s1_valid_d;
      miss_q     <= miss_d;
    end
  end

  // Physical address: the frame, and the offset within the page of the entry's size.
  function automatic logic [mmu_pkg::PhysAddrW-1:0] pa_of(mmu_pkg::page_size_e size, logic [mmu_pkg::PpnW-1:0] ppn,
                                                 logic [29:0] off);
    unique case (size)
      mmu_pkg::Page1G:  pa_of = {ppn[mmu_pkg::PpnW-1:18], off[29:0]};
      mmu_pkg::Page2M:  pa_of = {ppn[mmu_pkg::PpnW-1:9], off[20:0]};
      default: pa_of = {ppn, off[11:0]};
    endcase
  endfunction

  always_comb begin
    rsp_valid_o  = s1_rsp || miss_done_i;
    rsp_addr_o   = va_q;
    rsp_err_o    = '0;
    rsp_pa_o     = '0;
    rsp_status_o = mmu_pkg::RspOk;
    rsp_pcd_o    = 1'b0;
    if (s1_rsp) begin
      if (gp_q) begin
        rsp_status_o = mmu_pkg::RspGp;
      end else begin
        rsp_pa_o  = pa_of(lookup_entry.size, lookup_entry.ppn, va_q[29:0]);
        rsp_pcd_o = lookup_entry.pcd;
      end
    end else if (miss_done_i) begin
      rsp_status_o = miss_status_i;
      if (miss_status_i == mmu_pkg::RspOk) begin
        rsp_pa_o  = pa_of(miss_entry_i.size, miss_entry_i.ppn, va_q[29:0]);
        rsp_pcd_o = miss_entry_i.pcd;
      end
      if (miss_status_i == mmu_pkg::RspPf) rsp_err_o = miss_err_i;
    end
  end

  assign miss_valid_o = miss_q;
  assign miss_vpn_o   = va_q[47:12];
  assign miss_kind_o  = kind_q;
  assign miss_user_o  = user_q;

  // Remember whether the stage-1 refusal was for D=0 only (dirty re-walk).
  logic dirty_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) dirty_q <= 1'b0;
    else if (s1_miss) dirty_q <= lookup_hit && rights && !s1_stale_q && kind_q == mmu_pkg::AccWrite &&
                                 !lookup_entry.d;
  end
  assign miss_dirty_o = dirty_q;

  logic unused_entry;
  assign unused_entry = ^{lookup_entry.vpn, lookup_entry.pcid, lookup_entry.g,
                          lookup_entry.pwt, miss_entry_i.vpn,
                          miss_entry_i.pcid, miss_entry_i.g, miss_entry_i.u, miss_entry_i.w,
                          miss_entry_i.xd, miss_entry_i.d, miss_entry_i.pwt};

  assign ev_access_o = accept;
  assign ev_lookup_o = lookup_valid;
  assign ev_hit_o    = s1_rsp && !gp_q;
  assign ev_miss_o   = s1_miss;
  assign ev_gp_o     = s1_rsp && gp_q;
  assign ev_stall_o  = miss_q;

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  always_ff @(posedge clk_i) if (rst_ni) begin
    a_rsp_has_req: assert (!rsp_valid_o || (s1_valid_q || miss_q))
      else $error("mmu_port: a response with no request waiting for it");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_done_waiting: assert (!miss_done_i || (miss_q && !s1_rsp))
      else $error("mmu_port: a miss answer while no miss waits");
  end
  // Whatever answers (the L1 hit or the miss handler), RspOk means the rights allow it.
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_ok_rights: assert (!(rsp_valid_o && rsp_status_o == mmu_pkg::RspOk) ||
        (s1_rsp ? mmu_pkg::rights_ok(lookup_entry.u, lookup_entry.w, lookup_entry.xd, kind_q,
                                     user_q, wp_i, nxe_i, smep_i, smap_i)
                : mmu_pkg::rights_ok(miss_entry_i.u, miss_entry_i.w, miss_entry_i.xd, kind_q,
                                     user_q, wp_i, nxe_i, smep_i, smap_i)))
      else $error("mmu_port: RspOk for an access the entry's rights forbid");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_hit_not_stale: assert (!(s1_rsp && !gp_q) || !s1_stale_q)
      else $error("mmu_port: a hit looked up as a control operation arrived was used");
  end
`endif

endmodule

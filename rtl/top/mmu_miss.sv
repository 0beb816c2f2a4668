// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The miss handler: the shared L2 TLB and the walker, one miss at a time for both ports.
//
// A port's L1 miss is granted (round robin between the ports), looked up in the L2 and, if the
// L2 cannot serve it, walked. A success refills the L2 (from a walk) and the port's L1 in the
// cycle it answers the port. A fault drops the TLB and paging-structure-cache entries for the
// faulting address in every TLB and the PSC (InvAddr with globals) in the cycle it answers.
// An L2 hit is used only under the same rules as an L1 hit (rights allow it, D for a write).
//
// kill_i drops the miss being handled (unless it is answered in that very cycle): the port
// keeps asking, and the miss is handled again, from the L2 lookup on, once block_i falls.
module mmu_miss #(
  parameter int unsigned L2Sets     = 128,
  parameter int unsigned L2Ways     = 4,
  parameter bit          RandomRepl = 1'b0
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic [mmu_pkg::PcidW-1:0] pcid_i,
  input  logic             wp_i,
  input  logic             nxe_i,
  input  logic             smep_i,
  input  logic             smap_i,
  input  logic             block_i,
  input  logic             kill_i,
  output logic             idle_o,

  // Port 0 (fetch) and port 1 (load/store) misses.
  input  logic             if_miss_valid_i,
  input  logic [mmu_pkg::VpnW-1:0]  if_miss_vpn_i,
  input  mmu_pkg::acc_e             if_miss_kind_i,
  input  logic             if_miss_user_i,
  input  logic             if_miss_dirty_i,
  input  logic             if_l1_ready_i,
  output logic             if_done_o,
  input  logic             ls_miss_valid_i,
  input  logic [mmu_pkg::VpnW-1:0]  ls_miss_vpn_i,
  input  mmu_pkg::acc_e             ls_miss_kind_i,
  input  logic             ls_miss_user_i,
  input  logic             ls_miss_dirty_i,
  input  logic             ls_l1_ready_i,
  output logic             ls_done_o,
  output mmu_pkg::rsp_status_e      done_status_o,
  output mmu_pkg::tlb_entry_t       done_entry_o,
  output logic [4:0]       done_err_o,

  // Invalidation after a fault (InvAddr of the faulting page with globals, current PCID), to
  // both L1s and the PSC (the L2 is invalidated here).
  output mmu_pkg::inv_req_t         fault_inv_o,

  // Invalidation from the CSR block, for the L2.
  input  mmu_pkg::inv_req_t         csr_inv_i,
  output logic             l2_ready_o,

  // The walker.
  output logic             walk_valid_o,
  input  logic             walk_ready_i,
  output logic [mmu_pkg::VpnW-1:0]  walk_vpn_o,
  output mmu_pkg::acc_e             walk_kind_o,
  output logic             walk_user_o,
  input  logic             walk_done_i,
  input  mmu_pkg::rsp_status_e      walk_status_i,
  input  mmu_pkg::tlb_entry_t       walk_entry_i,
  input  logic [4:0]       walk_err_i,

  // Events for the performance counters.
  output logic             ev_l2_access_o,
  output logic             ev_l2_hit_o,
  output logic             ev_l2_miss_o,
  output logic             ev_page_fault_o,
  output logic             ev_dirty_rewalk_o
);

  typedef enum logic [2:0] {
    MhIdle,       // waiting for a port's miss
    MhL2Lookup,   // present the lookup to the L2
    MhL2Check,    // L2 answer: usable hit, or walk
    MhWalkReq,    // hand the miss to the walker
    MhWalkWait,   // wait for the walk's result
    MhFill,       // refill L2 (after a walk) and the port's L1, answer the port
    MhFaultInv    // drop the faulting address from every TLB and the PSC, answer the port
  } mh_state_e;

  mh_state_e       state_q, state_d;
  logic            port_q, port_d;      // 0 fetch, 1 load/store
  logic            prio_q, prio_d;      // the port that wins a tie
  logic [mmu_pkg::VpnW-1:0] vpn_q, vpn_d;
  mmu_pkg::acc_e            kind_q, kind_d;
  logic            user_q, user_d;
  logic            dirty_q, dirty_d;
  logic            walked_q, walked_d;  // the result came from a walk (refill the L2 too)
  mmu_pkg::rsp_status_e     status_q, status_d;
  mmu_pkg::tlb_entry_t      entry_q, entry_d;
  logic [4:0]      err_q, err_d;

  logic       l2_lookup_valid, l2_fill_valid, l2_hit;
  mmu_pkg::tlb_entry_t l2_entry;
  mmu_pkg::inv_req_t   l2_inv;

  l2_tlb #(
    .Sets      (L2Sets),
    .Ways      (L2Ways),
    .RandomRepl(RandomRepl)
  ) u_l2_tlb (
    .clk_i,
    .rst_ni,
    .lookup_valid_i(l2_lookup_valid),
    .lookup_vpn_i  (vpn_q),
    .lookup_pcid_i (pcid_i),
    .lookup_hit_o  (l2_hit),
    .lookup_entry_o(l2_entry),
    .fill_valid_i  (l2_fill_valid),
    .fill_entry_i  (entry_q),
    .inv_i         (l2_inv),
    .ready_o       (l2_ready_o)
  );

  logic port_l1_ready, l2_ok, fill_now, fault_now, grant_if, grant_ls;
  assign port_l1_ready = port_q ? ls_l1_ready_i : if_l1_ready_i;
  assign l2_ok = l2_hit && !(kind_q == mmu_pkg::AccWrite && !l2_entry.d) &&
                 mmu_pkg::rights_ok(l2_entry.u, l2_entry.w, l2_entry.xd, kind_q, user_q,
                           wp_i, nxe_i, smep_i, smap_i);
  // The two cycles that commit a result: they happen even in a cycle that kills.
  assign fill_now  = state_q == MhFill && port_l1_ready && (!walked_q || l2_ready_o);
  assign fault_now = state_q == MhFaultInv && if_l1_ready_i && ls_l1_ready_i && l2_ready_o;

  // Round robin: the port that did not win last time wins a tie.
  assign grant_if = if_miss_valid_i && (!ls_miss_valid_i || !prio_q);
  assign grant_ls = ls_miss_valid_i && !grant_if;

  always_comb begin
    state_d  = state_q;
    port_d   = port_q;
    prio_d   = prio_q;
    vpn_d    = vpn_q;
    kind_d   = kind_q;
    user_d   = user_q;
    dirty_d  = dirty_q;
    walked_d = walked_q;
    status_d = status_q;
    entry_d  = entry_q;
    err_d    = err_q;
    l2_lookup_valid = 1'b0;

    ev_l2_access_o    = 1'b0;
    ev_l2_hit_o       = 1'b0;
    ev_l2_miss_o      = 1'b0;
    ev_dirty_rewalk_o = 1'b0;

    unique case (state_q)
      MhIdle: begin
        if (!block_i && (grant_if || grant_ls)) begin
          port_d  = grant_ls;
          prio_d  = grant_if;
          vpn_d   = grant_ls ? ls_miss_vpn_i   : if_miss_vpn_i;
          kind_d  = grant_ls ? ls_miss_kind_i  : if_miss_kind_i;
          user_d  = grant_ls ? ls_miss_user_i  : if_miss_user_i;
          dirty_d = grant_ls ? ls_miss_dirty_i : if_miss_dirty_i;
          state_d = MhL2Lookup;
        end
      end

      MhL2Lookup: begin
        if (l2_ready_o) begin
          l2_lookup_valid = 1'b1;
          ev_l2_access_o  = 1'b1;
          state_d         = MhL2Check;
        end
      end

      MhL2Check: begin
        if (l2_ok) begin
          ev_l2_hit_o = 1'b1;
          status_d    = mmu_pkg::RspOk;
          entry_d     = l2_entry;
          walked_d    = 1'b0;
          state_d     = MhFill;
        end else begin
          // A miss, or an entry that may not be used: the walk decides.
          ev_l2_miss_o = 1'b1;
          if (l2_hit && kind_q == mmu_pkg::AccWrite && !l2_entry.d &&
              mmu_pkg::rights_ok(l2_entry.u, l2_entry.w, l2_entry.xd, kind_q, user_q,
                        wp_i, nxe_i, smep_i, smap_i)) begin
            dirty_d = 1'b1;
          end
          state_d = MhWalkReq;
        end
      end

      MhWalkReq: begin
        if (walk_ready_i) begin
          ev_dirty_rewalk_o = dirty_q;
          state_d           = MhWalkWait;
        end
      end

      MhWalkWait: begin
        if (walk_done_i) begin
          status_d = walk_status_i;
          entry_d  = walk_entry_i;
          err_d    = walk_err_i;
          walked_d = 1'b1;
          state_d  = (walk_status_i == mmu_pkg::RspOk) ? MhFill : MhFaultInv;
        end
      end

      MhFill: begin
        if (fill_now) state_d = MhIdle;
      end

      MhFaultInv: begin
        if (fault_now) state_d = MhIdle;
      end

      default: state_d = MhIdle;
    endcase

    // A kill drops the miss; a result committed in this cycle stands.
    if (kill_i && !fill_now && !fault_now) state_d = MhIdle;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= MhIdle;
      port_q   <= 1'b0;
      prio_q   <= 1'b0;
      vpn_q    <= '0;
      kind_q   <= mmu_pkg::AccRead;
      user_q   <= 1'b0;
      dirty_q  <= 1'b0;
      walked_q <= 1'b0;
      status_q <= mmu_pkg::RspOk;
      entry_q  <= '0;
      err_q    <= '0;
    end else begin
      state_q  <= state_d;
      port_q   <= port_d;
      prio_q   <= prio_d;
      vpn_q    <= vpn_d;
      kind_q   <= kind_d;
      user_q   <= user_d;
      dirty_q  <= dirty_d;
      walked_q <= walked_d;
      status_q <= status_d;
      entry_q  <= entry_d;
      err_q    <= err_d;
    end
  end

  // L2 fill with a walk's result (the L2 ignores 1 GiB pages); the L2 invalidation comes from
  // the CSR block, or from a fault.
  assign l2_fill_valid = fill_now && walked_q;
  assign fault_inv_o.valid       = fault_now;
  assign fault_inv_o.kind        = mmu_pkg::InvAddr;
  assign fault_inv_o.vpn         = vpn_q;
  assign fault_inv_o.pcid        = pcid_i;
  assign fault_inv_o.incl_global = 1'b1;
  assign l2_inv = csr_inv_i.valid ? csr_inv_i : fault_inv_o;

  assign if_done_o     = (fill_now || fault_now) && !port_q;
  assign ls_done_o     = (fill_now || fault_now) && port_q;
  assign done_status_o = status_q;
  assign done_entry_o  = entry_q;
  assign done_err_o    = err_q;

  assign walk_valid_o = state_q == MhWalkReq && !kill_i;
  assign walk_vpn_o   = vpn_q;
  assign walk_kind_o  = kind_q;
  assign walk_user_o  = user_q;

  assign idle_o          = state_q == MhIdle;
  assign ev_page_fault_o = fault_now && status_q == mmu_pkg::RspPf;

  logic unused_l2_entry;
  assign unused_l2_entry = ^{l2_entry.vpn, l2_entry.pcid, l2_entry.g, l2_entry.size,
                             l2_entry.ppn, l2_entry.pwt, l2_entry.pcd};

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // A kill is remembered until the miss is handled again from its L2 lookup.
  logic a_killed_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) a_killed_q <= 1'b0;
    else if (kill_i && !fill_now && !fault_now && state_q != MhIdle) a_killed_q <= 1'b1;
    else if (l2_lookup_valid) a_killed_q <= 1'b0;
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_no_fill_after_kill: assert ((!(fill_now || fault_now) || !a_killed_q) &&
        (!(state_q == MhWalkWait && walk_done_i) || !a_killed_q))
      else $error("mmu_miss: a result of a killed miss used");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_walk_done_waiting: assert (!walk_done_i || (state_q == MhWalkWait))
      else $error("mmu_miss: a walk result while no walk was asked for");
  end
  assert_held #(.W($bits({walk_vpn_o, walk_kind_o, walk_user_o})), .KeepValid(1'b0),
                .Msg("mmu_miss: the walk request changed before it was taken"))
    a_walk_req_stable (
      .clk_i, .rst_ni, .valid_i(walk_valid_o), .ready_i(walk_ready_i),
      .pay_i({walk_vpn_o, walk_kind_o, walk_user_o})
    );
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_done_has_miss: assert ((!if_done_o || if_miss_valid_i) && (!ls_done_o || ls_miss_valid_i))
      else $error("mmu_miss: an answer to a port with no miss");
  end
`endif

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Formal harness of rtl/top/mmu_port.sv with its L1 TLB (docs/formal.md, "Permission check"):
// requests, control operations, invalidations and the miss handler's answers (any entry)
// come freely. For one page chosen by the solver (t_vpn), every translation of it the miss
// handler installs carries the same combined rights t_u, t_w and dirty bit t_d, also chosen
// by the solver; CR0.WP, CR4.SMEP/SMAP and EFER.NXE are constants it chooses. An access to
// that page that the port answers itself (an L1 hit, not the miss handler's answer) with
// RspOk must obey docs/semantics.md rule 6 and "What may be cached":
//   - a user access only if the combined U/S is 1,
//   - a user write only if the combined R/W is 1, a supervisor write too while WP=1,
//   - any write only if the leaf's D is 1 (else it walks again, and the walk sets D: rule 8).
module fv_port (
  input  logic                      clk_i,
  input  logic                      req_valid_i,
  input  logic [63:0]               req_va_i,
  input  mmu_pkg::acc_e             req_kind_i,
  input  logic                      req_user_i,
  input  logic [mmu_pkg::PcidW-1:0] pcid_i,
  input  logic                      block_i,
  input  logic                      kill_i,
  input  logic                      miss_done_i,
  input  mmu_pkg::rsp_status_e      miss_status_i,
  input  mmu_pkg::tlb_entry_t       miss_entry_i,
  input  logic [4:0]                miss_err_i,
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

  (* anyconst *) logic wp_i, nxe_i, smep_i, smap_i;
  (* anyconst *) logic [mmu_pkg::VpnW-1:0] t_vpn;
  (* anyconst *) logic t_u, t_w, t_d;

  logic                          req_ready_o, rsp_valid_o, rsp_pcd_o, l1_ready_o;
  mmu_pkg::rsp_status_e          rsp_status_o;
  logic [mmu_pkg::PhysAddrW-1:0] rsp_pa_o;
  logic [4:0]                    rsp_err_o;
  logic [63:0]                   rsp_addr_o;
  logic                          miss_valid_o, miss_user_o, miss_dirty_o;
  logic [mmu_pkg::VpnW-1:0]      miss_vpn_o;
  mmu_pkg::acc_e                 miss_kind_o;
  logic                          ev_access_o, ev_lookup_o, ev_hit_o, ev_miss_o, ev_gp_o,
                                 ev_stall_o;

  // Small L1: 2 sets x 2 ways and 2 large entries.
  mmu_port #(.Sets(2), .Ways(2), .LargeEntries(2), .RandomRepl(1'b0)) dut (.*);

  // ---- the miss handler and the invalidation broadcast, as mmu_top drives them ----
  always_comb begin
    if (!init_q) begin
      assume (!miss_done_i || miss_valid_o);            // it answers only a miss it was given
      assume (!inv_valid_i || (l1_ready_o && !miss_done_i));
      if (inv_valid_i) assume (inv_kind_i != mmu_pkg::InvNone && 32'(inv_kind_i) <= 4);
      if (miss_done_i && miss_status_i == mmu_pkg::RspOk) begin
        assume (miss_entry_i.size != 2'd3);
        if (mmu_pkg::vpn_match(miss_entry_i.vpn, t_vpn, miss_entry_i.size))
          assume (miss_entry_i.u == t_u && miss_entry_i.w == t_w && miss_entry_i.d == t_d);
      end
    end else begin
      assume (!req_valid_i && !miss_done_i && !inv_valid_i);
    end
  end

  // ---- the access each response answers (the port answers in request order, one at a time) ----
  mmu_pkg::acc_e kind_q;
  logic          user_q;
  always_ff @(posedge clk_i)
    if (req_valid_i && req_ready_o) begin
      kind_q <= req_kind_i;
      user_q <= req_user_i;
    end

  logic hit_ok_t, write;
  assign write    = (kind_q == mmu_pkg::AccWrite);
  assign hit_ok_t = !init_q && rsp_valid_o && !miss_done_i && rsp_status_o == mmu_pkg::RspOk &&
                    rsp_addr_o[47:12] == t_vpn;
  always_comb begin
    if (hit_ok_t) begin
      if (user_q) assert (t_u);                          // rule 6: user needs U/S=1
      if (write && (user_q || wp_i)) assert (t_w);       // rule 6: R/W=1 (supervisor: WP=1)
      if (write) assert (t_d);                           // no write through D=0
    end
  end

  logic unused;
  assign unused = ^{rsp_pcd_o, rsp_pa_o, rsp_err_o, miss_user_o, miss_dirty_o, miss_vpn_o,
                    miss_kind_o, ev_access_o, ev_lookup_o, ev_hit_o, ev_miss_o, ev_gp_o,
                    ev_stall_o, nxe_i, smep_i, smap_i};
endmodule

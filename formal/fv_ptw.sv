// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Formal harness of rtl/ptw/ptw.sv (docs/formal.md, "Walker kill"): the walk requests, the
// control state, the paging-structure-cache answers and the memory's data are all free, and
// kill_i may come in any cycle. The walker must keep what its header promises:
//   - after a kill it makes no new memory request: the only one it may still present is the
//     one it was presenting, unaccepted, in the kill cycle, held with its payload unchanged;
//   - after a kill it presents no result (done_o) and fills no paging-structure cache, until
//     it accepts a new walk; and it fills none in the kill cycle itself.
// A result presented in the very cycle of the kill (done_o with kill_i) is the walk that
// finished before the kill took effect; mmu_miss commits it in that cycle by design.
// The one assumption on the memory: it answers only a request it accepted, once.
module fv_ptw (
  input  logic                          clk_i,
  input  logic [mmu_pkg::PpnW-1:0]      cr3_ppn_i,
  input  logic [mmu_pkg::PcidW-1:0]     pcid_i,
  input  logic                          wp_i,
  input  logic                          nxe_i,
  input  logic                          smep_i,
  input  logic                          smap_i,
  input  logic                          pge_i,
  input  logic                          kill_i,
  input  logic                          req_valid_i,
  input  logic [mmu_pkg::VpnW-1:0]      req_vpn_i,
  input  mmu_pkg::acc_e                 req_kind_i,
  input  logic                          req_user_i,
  input  logic                          psc_lookup_hit_i,
  input  logic [1:0]                    psc_lookup_level_i,
  input  logic [mmu_pkg::PpnW-1:0]      psc_lookup_ppn_i,
  input  mmu_pkg::rights_t              psc_lookup_rights_i,
  input  logic                          mem_req_ready_i,
  input  logic                          mem_rsp_valid_i,
  input  logic                          mem_rsp_err_i,
  input  logic [63:0]                   mem_rsp_rdata_i
);
  logic init_q = 1'b1;
  always_ff @(posedge clk_i) init_q <= 1'b0;
  logic rst_ni;
  assign rst_ni = !init_q;

  logic                          req_ready_o, done_o, idle_o;
  mmu_pkg::rsp_status_e          done_status_o;
  mmu_pkg::tlb_entry_t           done_entry_o;
  logic [4:0]                    done_err_o;
  logic                          psc_lookup_valid_o;
  logic [mmu_pkg::VpnW-1:0]      psc_lookup_vpn_o;
  logic [mmu_pkg::PcidW-1:0]     psc_lookup_pcid_o;
  mmu_pkg::psc_fill_t            psc_fill_o;
  logic                          mem_req_valid_o, mem_req_cas_o;
  logic [mmu_pkg::PhysAddrW-1:0] mem_req_addr_o;
  logic [63:0]                   mem_req_expect_o, mem_req_wdata_o;
  logic                          ev_walk_o, ev_mem_ref_o, ev_psc_pml4e_hit_o, ev_psc_pdpte_hit_o,
                                 ev_psc_pde_hit_o, ev_ad_update_o, ev_ad_retry_o;
  logic [1:0]                    ev_mem_ref_level_o;

  ptw dut (.*);

  // ---- the memory: one answer per accepted request ----
  logic mem_hs, mem_out_q;
  assign mem_hs = mem_req_valid_o && mem_req_ready_i;
  always_ff @(posedge clk_i)
    if (init_q) mem_out_q <= 1'b0;
    else if (mem_hs) mem_out_q <= 1'b1;
    else if (mem_rsp_valid_i) mem_out_q <= 1'b0;
  always_comb if (!init_q) assume (!mem_rsp_valid_i || mem_out_q);

  // ---- the kill and what it allows ----
  logic killed_q;  // a kill came since the last walk the walker accepted
  logic held_q;    // ... and the request presented then is not yet accepted
  always_ff @(posedge clk_i) begin
    if (init_q) begin
      killed_q <= 1'b0;
      held_q   <= 1'b0;
    end else begin
      if (kill_i) begin
        killed_q <= 1'b1;
        held_q   <= (held_q || !killed_q) && mem_req_valid_o && !mem_req_ready_i;
      end else if (req_valid_i && req_ready_o) begin
        killed_q <= 1'b0;
        held_q   <= 1'b0;
      end else if (mem_hs) begin
        held_q   <= 1'b0;
      end
    end
  end

  logic past_q = 1'b0;
  always_ff @(posedge clk_i) past_q <= 1'b1;

  always_comb begin
    if (!init_q) begin
      if (killed_q) begin
        assert (!mem_req_valid_o || held_q);
        assert (!done_o);
        assert (!psc_fill_o.valid);
      end
      if (kill_i) assert (!psc_fill_o.valid);
      assert (!req_ready_o || !kill_i);
    end
  end
  always_ff @(posedge clk_i)
    if (past_q && !init_q && !$past(init_q) && killed_q && held_q && mem_req_valid_o)
      assert ($stable(mem_req_addr_o) && $stable(mem_req_cas_o) && $stable(mem_req_expect_o) &&
              $stable(mem_req_wdata_o));

  logic unused;
  assign unused = ^{done_status_o, done_entry_o, done_err_o, idle_o, psc_lookup_valid_o, psc_lookup_vpn_o,
                    psc_lookup_pcid_o, psc_fill_o, ev_walk_o, ev_mem_ref_o, ev_psc_pml4e_hit_o,
                    ev_psc_pdpte_hit_o, ev_psc_pde_hit_o, ev_ad_update_o, ev_ad_retry_o,
                    ev_mem_ref_level_o};
endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Trace-only observation points: what the TLBs, the paging-structure caches and the walker's
// memory port held and answered, cycle by cycle, for `openmmu explain` (csrc/explain/tap.c)
// to report from the RTL's own account rather than from its request stream or counters.
// Bound into the blocks that hold the state (as sim/sim_marks.sv is into mmu_top), for the
// Verilated models only (sim/sim.mk, sim/variants.mk): nothing in the RTL reads them and
// synthesis never sees this file. sim/shim.cpp copies them into a vl_obs (sim/shim.h) only
// when the harness asks for it in that cycle; the entry is split into its fields here, so
// its layout keeps its one home in mmu_pkg::tlb_entry_t.
//
// Every signal is valid in the cycle its event is, before that cycle's rising edge (when the
// shim reads the ports too).

/* verilator lint_off DECLFILENAME */  // two modules, one idea: the observation points

// A TLB lookup answered in this cycle: whether it hit, whether the hit was used (the
// rights allowed the access and, for a write, D was set), and the entry that hit.
module sim_obs_tlb (
  input logic                look,
  input logic                hit,
  input logic                used,
  input mmu_pkg::tlb_entry_t e
);
  /* verilator lint_off UNUSEDSIGNAL */
  logic                       o_look /*verilator public_flat_rd*/;
  logic                       o_hit  /*verilator public_flat_rd*/;
  logic                       o_used /*verilator public_flat_rd*/;
  logic [mmu_pkg::VpnW-1:0]   o_vpn  /*verilator public_flat_rd*/;
  logic [mmu_pkg::PcidW-1:0]  o_pcid /*verilator public_flat_rd*/;
  logic                       o_g    /*verilator public_flat_rd*/;
  logic [1:0]                 o_size /*verilator public_flat_rd*/;  // page_size_e
  logic [mmu_pkg::PpnW-1:0]   o_ppn  /*verilator public_flat_rd*/;
  logic [5:0]                 o_bits /*verilator public_flat_rd*/;  // {u, w, xd, d, pwt, pcd}
  /* verilator lint_on UNUSEDSIGNAL */
  assign o_look = look;
  assign o_hit  = look && hit;
  assign o_used = look && hit && used;
  assign o_vpn  = e.vpn;
  assign o_pcid = e.pcid;
  assign o_g    = e.g;
  assign o_size = e.size;
  assign o_ppn  = e.ppn;
  assign o_bits = {e.u, e.w, e.xd, e.d, e.pwt, e.pcd};
endmodule

// The walker: its paging-structure-cache lookup (in the cycle a walk starts or restarts),
// each entry read it issues (taken by the memory port, with the level the walker reads it
// at), and each answer of its memory port (the value it was given, or a machine check).
module sim_obs_walk (
  input logic                      psc_look,
  input logic                      psc_hit,
  input logic [1:0]                psc_level,   // table read next: 2 PDPT, 1 PD, 0 PT
  input logic [mmu_pkg::PpnW-1:0]  psc_ppn,
  input logic [2:0]                psc_rights,  // {u, w, xd}
  input logic [mmu_pkg::VpnW-1:0]  psc_vpn,
  input logic [mmu_pkg::PcidW-1:0] psc_pcid,
  input logic                      ref_valid,
  input logic [1:0]                ref_level,   // 3 PML4E .. 0 PTE
  input logic                      rsp_valid,
  input logic                      rsp_err,
  input logic [63:0]               rsp_rdata
);
  /* verilator lint_off UNUSEDSIGNAL */
  logic                      o_psc_look   /*verilator public_flat_rd*/;
  logic                      o_psc_hit    /*verilator public_flat_rd*/;
  logic [1:0]                o_psc_level  /*verilator public_flat_rd*/;
  logic [mmu_pkg::PpnW-1:0]  o_psc_ppn    /*verilator public_flat_rd*/;
  logic [2:0]                o_psc_rights /*verilator public_flat_rd*/;
  logic [mmu_pkg::VpnW-1:0]  o_psc_vpn    /*verilator public_flat_rd*/;
  logic [mmu_pkg::PcidW-1:0] o_psc_pcid   /*verilator public_flat_rd*/;
  logic                      o_ref        /*verilator public_flat_rd*/;
  logic [1:0]                o_ref_level  /*verilator public_flat_rd*/;
  logic                      o_rsp        /*verilator public_flat_rd*/;
  logic                      o_rsp_err    /*verilator public_flat_rd*/;
  logic [63:0]               o_rsp_rdata  /*verilator public_flat_rd*/;
  /* verilator lint_on UNUSEDSIGNAL */
  assign o_psc_look   = psc_look;
  assign o_psc_hit    = psc_look && psc_hit;
  assign o_psc_level  = psc_level;
  assign o_psc_ppn    = psc_ppn;
  assign o_psc_rights = psc_rights;
  assign o_psc_vpn    = psc_vpn;
  assign o_psc_pcid   = psc_pcid;
  assign o_ref        = ref_valid;
  assign o_ref_level  = ref_level;
  assign o_rsp        = rsp_valid;
  assign o_rsp_err    = rsp_err;
  assign o_rsp_rdata  = rsp_rdata;
endmodule

// The L1 TLBs answer in stage 1 (a #GP request looks nothing up); the L2 TLB in the miss
// handler's check state, which is where its hit and miss events are.
bind mmu_port sim_obs_tlb u_sim_obs (
  .look(s1_valid_q && !gp_q), .hit(lookup_hit), .used(s1_rsp), .e(lookup_entry)
);
bind mmu_miss sim_obs_tlb u_sim_obs (
  .look(ev_l2_hit_o || ev_l2_miss_o), .hit(l2_hit), .used(ev_l2_hit_o), .e(l2_entry)
);
bind ptw sim_obs_walk u_sim_obs (
  .psc_look((state_q == WIdle && req_valid_i && !kill_i) || (state_q == WPscLookup && !kill_i)),
  .psc_hit(psc_lookup_hit_i), .psc_level(psc_lookup_level_i), .psc_ppn(psc_lookup_ppn_i),
  .psc_rights(psc_lookup_rights_i), .psc_vpn(psc_lookup_vpn_o), .psc_pcid(pcid_i),
  .ref_valid(ev_mem_ref_o), .ref_level(ev_mem_ref_level_o),
  .rsp_valid(mem_rsp_valid_i), .rsp_err(mem_rsp_err_i), .rsp_rdata(mem_rsp_rdata_i)
);
/* verilator lint_on DECLFILENAME */

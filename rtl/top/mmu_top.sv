// openmmu: the translation core. Two CPU ports (instruction fetch, load/store) with their L1
// TLBs, a shared L2 TLB and page walker with paging-structure caches, the control registers
// and command port, the performance counters, and the walker's memory port.
//
// CPU ports: valid/ready requests {va, kind, user}; responses in request order, one cycle
// after acceptance on an L1 hit, never back-pressured. Status RspOk with the physical address,
// RspPf with the error code, RspGp for a non-canonical address (no memory reference), RspMce
// when the memory port failed a walk. rsp_addr is the request's address (CR2 for a fault).
//
// CSR port: valid/ready commands (csr_op_e, see mmu_pkg for the arguments) and one response
// each, with gp set where the SDM raises #GP. Control operations never overlap translations:
// one accepted while a miss is in flight kills the miss, which is replayed afterwards.
//
// Memory port: one request at a time from the walker: an 8-byte read, or an 8-byte
// compare-and-swap {addr, expect, wdata} whose response is the old value (the swap happened
// iff it equals expect). The response comes at least one cycle after the request is taken.
//
// Every size and policy is a parameter; sim/sim.mk names the configurations (i7, small).
module mmu_top #(
  parameter int unsigned ITlbSets        = 32,   // i7: 128 entries, 4-way
  parameter int unsigned ITlbWays        = 4,
  parameter int unsigned ITlbLarge       = 8,
  parameter int unsigned DTlbSets        = 16,   // i7: 64 entries, 4-way
  parameter int unsigned DTlbWays        = 4,
  parameter int unsigned DTlbLarge       = 32,
  parameter int unsigned L2Sets          = 128,  // i7: 512 entries, 4-way
  parameter int unsigned L2Ways          = 4,
  parameter int unsigned PscPml4eEntries = 4,
  parameter int unsigned PscPdpteEntries = 4,
  parameter int unsigned PscPdeEntries   = 32,
  parameter bit          RandomRepl      = 1'b0
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Instruction-fetch port.
  input  logic                 if_req_valid_i,
  output logic                 if_req_ready_o,
  input  logic [63:0]          if_req_va_i,
  input  mmu_pkg::acc_e                 if_req_kind_i,
  input  logic                 if_req_user_i,
  output logic                 if_rsp_valid_o,
  output mmu_pkg::rsp_status_e          if_rsp_status_o,
  output logic [mmu_pkg::PhysAddrW-1:0] if_rsp_pa_o,
  output logic [4:0]           if_rsp_err_o,
  output logic [63:0]          if_rsp_addr_o,

  // Load/store port.
  input  logic                 ls_req_valid_i,
  output logic                 ls_req_ready_o,
  input  logic [63:0]          ls_req_va_i,
  input  mmu_pkg::acc_e                 ls_req_kind_i,
  input  logic                 ls_req_user_i,
  output logic                 ls_rsp_valid_o,
  output mmu_pkg::rsp_status_e          ls_rsp_status_o,
  output logic [mmu_pkg::PhysAddrW-1:0] ls_rsp_pa_o,
  output logic [4:0]           ls_rsp_err_o,
  output logic [63:0]          ls_rsp_addr_o,

  // CSR/command port.
  input  logic                 csr_req_valid_i,
  output logic                 csr_req_ready_o,
  input  mmu_pkg::csr_op_e              csr_req_op_i,
  input  logic [63:0]          csr_req_arg0_i,
  input  logic [63:0]          csr_req_arg1_i,
  input  logic [63:0]          csr_req_arg2_i,
  output logic                 csr_rsp_valid_o,
  output logic                 csr_rsp_gp_o,
  output logic [63:0]          csr_rsp_rdata_o,

  // Memory port (the walker's).
  output logic                 mem_req_valid_o,
  input  logic                 mem_req_ready_i,
  output logic                 mem_req_cas_o,
  output logic [mmu_pkg::PhysAddrW-1:0] mem_req_addr_o,
  output logic [63:0]          mem_req_expect_o,
  output logic [63:0]          mem_req_wdata_o,
  input  logic                 mem_rsp_valid_i,
  input  logic                 mem_rsp_err_i,
  input  logic [63:0]          mem_rsp_rdata_i
);

  // ---- control registers ----
  logic [mmu_pkg::PpnW-1:0]  cr3_ppn;
  logic [mmu_pkg::PcidW-1:0] pcid;
  logic             wp, pge, smep, smap, nxe;
  logic             kill, busy, quiet, tlbs_ready;
  logic             csr_inv_valid, csr_inv_global;
  mmu_pkg::inv_e             csr_inv_kind;
  logic [mmu_pkg::VpnW-1:0]  csr_inv_vpn;
  logic [mmu_pkg::PcidW-1:0] csr_inv_pcid;
  logic [4:0]       cnt_idx;
  logic [63:0]      cnt_value;
  logic             ev_csr_gp, ev_inv;

  mmu_csr u_csr (
    .clk_i,
    .rst_ni,
    .req_valid_i (csr_req_valid_i),
    .req_ready_o (csr_req_ready_o),
    .req_op_i    (csr_req_op_i),
    .req_arg0_i  (csr_req_arg0_i),
    .req_arg1_i  (csr_req_arg1_i),
    .req_arg2_i  (csr_req_arg2_i),
    .rsp_valid_o (csr_rsp_valid_o),
    .rsp_gp_o    (csr_rsp_gp_o),
    .rsp_rdata_o (csr_rsp_rdata_o),
    .cr3_ppn_o   (cr3_ppn),
    .pcid_o      (pcid),
    .wp_o        (wp),
    .pge_o       (pge),
    .smep_o      (smep),
    .smap_o      (smap),
    .nxe_o       (nxe),
    .kill_o      (kill),
    .busy_o      (busy),
    .quiet_i     (quiet),
    .tlbs_ready_i(tlbs_ready),
    .inv_valid_o (csr_inv_valid),
    .inv_kind_o  (csr_inv_kind),
    .inv_vpn_o   (csr_inv_vpn),
    .inv_pcid_o  (csr_inv_pcid),
    .inv_global_o(csr_inv_global),
    .cnt_idx_o   (cnt_idx),
    .cnt_value_i (cnt_value),
    .ev_gp_o     (ev_csr_gp),
    .ev_inv_o    (ev_inv)
  );

  // ---- invalidation broadcast: a control operation's, or a page fault's ----
  logic             fault_inv_valid;
  logic [mmu_pkg::VpnW-1:0]  fault_inv_vpn;
  logic             inv_valid, inv_global;
  mmu_pkg::inv_e             inv_kind;
  logic [mmu_pkg::VpnW-1:0]  inv_vpn;
  logic [mmu_pkg::PcidW-1:0] inv_pcid;
  assign inv_valid  = csr_inv_valid || fault_inv_valid;
  assign inv_kind   = csr_inv_valid ? csr_inv_kind   : mmu_pkg::InvAddr;
  assign inv_vpn    = csr_inv_valid ? csr_inv_vpn    : fault_inv_vpn;
  assign inv_pcid   = csr_inv_valid ? csr_inv_pcid   : pcid;
  assign inv_global = csr_inv_valid ? csr_inv_global : 1'b1;

  // ---- CPU ports with their L1 TLBs ----
  logic             if_l1_ready, ls_l1_ready, l2_ready;
  logic             if_miss_valid, ls_miss_valid, if_miss_user, ls_miss_user;
  logic             if_miss_dirty, ls_miss_dirty, if_done, ls_done;
  logic [mmu_pkg::VpnW-1:0]  if_miss_vpn, ls_miss_vpn;
  mmu_pkg::acc_e             if_miss_kind, ls_miss_kind;
  mmu_pkg::rsp_status_e      done_status;
  mmu_pkg::tlb_entry_t       done_entry;
  logic [4:0]       done_err;
  logic             if_ev_access, if_ev_lookup, if_ev_hit, if_ev_miss, if_ev_gp, if_ev_stall;
  logic             ls_ev_access, ls_ev_lookup, ls_ev_hit, ls_ev_miss, ls_ev_gp, ls_ev_stall;

  mmu_port #(
    .Sets        (ITlbSets),
    .Ways        (ITlbWays),
    .LargeEntries(ITlbLarge),
    .RandomRepl  (RandomRepl)
  ) u_if_port (
    .clk_i,
    .rst_ni,
    .req_valid_i  (if_req_valid_i),
    .req_ready_o  (if_req_ready_o),
    .req_va_i     (if_req_va_i),
    .req_kind_i   (if_req_kind_i),
    .req_user_i   (if_req_user_i),
    .rsp_valid_o  (if_rsp_valid_o),
    .rsp_status_o (if_rsp_status_o),
    .rsp_pa_o     (if_rsp_pa_o),
    .rsp_err_o    (if_rsp_err_o),
    .rsp_addr_o   (if_rsp_addr_o),
    .pcid_i       (pcid),
    .wp_i         (wp),
    .nxe_i        (nxe),
    .smep_i       (smep),
    .smap_i       (smap),
    .block_i      (busy),
    .kill_i       (kill),
    .miss_valid_o (if_miss_valid),
    .miss_vpn_o   (if_miss_vpn),
    .miss_kind_o  (if_miss_kind),
    .miss_user_o  (if_miss_user),
    .miss_dirty_o (if_miss_dirty),
    .miss_done_i  (if_done),
    .miss_status_i(done_status),
    .miss_entry_i (done_entry),
    .miss_err_i   (done_err),
    .inv_valid_i  (inv_valid),
    .inv_kind_i   (inv_kind),
    .inv_vpn_i    (inv_vpn),
    .inv_pcid_i   (inv_pcid),
    .inv_global_i (inv_global),
    .l1_ready_o   (if_l1_ready),
    .ev_access_o  (if_ev_access),
    .ev_lookup_o  (if_ev_lookup),
    .ev_hit_o     (if_ev_hit),
    .ev_miss_o    (if_ev_miss),
    .ev_gp_o      (if_ev_gp),
    .ev_stall_o   (if_ev_stall)
  );

  mmu_port #(
    .Sets        (DTlbSets),
    .Ways        (DTlbWays),
    .LargeEntries(DTlbLarge),
    .RandomRepl  (RandomRepl)
  ) u_ls_port (
    .clk_i,
    .rst_ni,
    .req_valid_i  (ls_req_valid_i),
    .req_ready_o  (ls_req_ready_o),
    .req_va_i     (ls_req_va_i),
    .req_kind_i   (ls_req_kind_i),
    .req_user_i   (ls_req_user_i),
    .rsp_valid_o  (ls_rsp_valid_o),
    .rsp_status_o (ls_rsp_status_o),
    .rsp_pa_o     (ls_rsp_pa_o),
    .rsp_err_o    (ls_rsp_err_o),
    .rsp_addr_o   (ls_rsp_addr_o),
    .pcid_i       (pcid),
    .wp_i         (wp),
    .nxe_i        (nxe),
    .smep_i       (smep),
    .smap_i       (smap),
    .block_i      (busy),
    .kill_i       (kill),
    .miss_valid_o (ls_miss_valid),
    .miss_vpn_o   (ls_miss_vpn),
    .miss_kind_o  (ls_miss_kind),
    .miss_user_o  (ls_miss_user),
    .miss_dirty_o (ls_miss_dirty),
    .miss_done_i  (ls_done),
    .miss_status_i(done_status),
    .miss_entry_i (done_entry),
    .miss_err_i   (done_err),
    .inv_valid_i  (inv_valid),
    .inv_kind_i   (inv_kind),
    .inv_vpn_i    (inv_vpn),
    .inv_pcid_i   (inv_pcid),
    .inv_global_i (inv_global),
    .l1_ready_o   (ls_l1_ready),
    .ev_access_o  (ls_ev_access),
    .ev_lookup_o  (ls_ev_lookup),
    .ev_hit_o     (ls_ev_hit),
    .ev_miss_o    (ls_ev_miss),
    .ev_gp_o      (ls_ev_gp),
    .ev_stall_o   (ls_ev_stall)
  );

  // ---- miss handler with the L2 TLB ----
  logic             mh_idle, walk_valid, walk_ready, walk_user, walk_done;
  logic [mmu_pkg::VpnW-1:0]  walk_vpn;
  mmu_pkg::acc_e             walk_kind;
  mmu_pkg::rsp_status_e      walk_status;
  mmu_pkg::tlb_entry_t       walk_entry;
  logic [4:0]       walk_err;
  logic             ev_l2_access, ev_l2_hit, ev_l2_miss, ev_page_fault, ev_dirty_rewalk;

  mmu_miss #(
    .L2Sets    (L2Sets),
    .L2Ways    (L2Ways),
    .RandomRepl(RandomRepl)
  ) u_miss (
    .clk_i,
    .rst_ni,
    .pcid_i           (pcid),
    .wp_i             (wp),
    .nxe_i            (nxe),
    .smep_i           (smep),
    .smap_i           (smap),
    .block_i          (busy),
    .kill_i           (kill),
    .idle_o           (mh_idle),
    .if_miss_valid_i  (if_miss_valid),
    .if_miss_vpn_i    (if_miss_vpn),
    .if_miss_kind_i   (if_miss_kind),
    .if_miss_user_i   (if_miss_user),
    .if_miss_dirty_i  (if_miss_dirty),
    .if_l1_ready_i    (if_l1_ready),
    .if_done_o        (if_done),
    .ls_miss_valid_i  (ls_miss_valid),
    .ls_miss_vpn_i    (ls_miss_vpn),
    .ls_miss_kind_i   (ls_miss_kind),
    .ls_miss_user_i   (ls_miss_user),
    .ls_miss_dirty_i  (ls_miss_dirty),
    .ls_l1_ready_i    (ls_l1_ready),
    .ls_done_o        (ls_done),
    .done_status_o    (done_status),
    .done_entry_o     (done_entry),
    .done_err_o       (done_err),
    .fault_inv_valid_o(fault_inv_valid),
    .fault_inv_vpn_o  (fault_inv_vpn),
    .csr_inv_valid_i  (csr_inv_valid),
    .csr_inv_kind_i   (csr_inv_kind),
    .csr_inv_vpn_i    (csr_inv_vpn),
    .csr_inv_pcid_i   (csr_inv_pcid),
    .csr_inv_global_i (csr_inv_global),
    .l2_ready_o       (l2_ready),
    .walk_valid_o     (walk_valid),
    .walk_ready_i     (walk_ready),
    .walk_vpn_o       (walk_vpn),
    .walk_kind_o      (walk_kind),
    .walk_user_o      (walk_user),
    .walk_done_i      (walk_done),
    .walk_status_i    (walk_status),
    .walk_entry_i     (walk_entry),
    .walk_err_i       (walk_err),
    .ev_l2_access_o   (ev_l2_access),
    .ev_l2_hit_o      (ev_l2_hit),
    .ev_l2_miss_o     (ev_l2_miss),
    .ev_page_fault_o  (ev_page_fault),
    .ev_dirty_rewalk_o(ev_dirty_rewalk)
  );

  // ---- walker and paging-structure caches ----
  logic             ptw_idle;
  logic [mmu_pkg::VpnW-1:0]  psc_lookup_vpn, psc_fill_vpn;
  logic [mmu_pkg::PcidW-1:0] psc_lookup_pcid, psc_fill_pcid;
  logic             psc_hit, psc_fill_valid, psc_fill_pml4e, psc_fill_pdpte, psc_fill_pde;
  logic [1:0]       psc_level;
  logic [mmu_pkg::PpnW-1:0]  psc_ppn, psc_fill_pml4e_ppn, psc_fill_pdpte_ppn, psc_fill_pde_ppn;
  logic [2:0]       psc_rights, psc_fill_pml4e_rights, psc_fill_pdpte_rights, psc_fill_pde_rights;
  logic             ev_walk, ev_mem_ref, ev_psc_pml4e, ev_psc_pdpte, ev_psc_pde;
  logic             ev_ad_update, ev_ad_retry;

  ptw u_ptw (
    .clk_i,
    .rst_ni,
    .cr3_ppn_i              (cr3_ppn),
    .pcid_i                 (pcid),
    .wp_i                   (wp),
    .nxe_i                  (nxe),
    .smep_i                 (smep),
    .smap_i                 (smap),
    .pge_i                  (pge),
    .kill_i                 (kill),
    .req_valid_i            (walk_valid),
    .req_ready_o            (walk_ready),
    .req_vpn_i              (walk_vpn),
    .req_kind_i             (walk_kind),
    .req_user_i             (walk_user),
    .done_o                 (walk_done),
    .done_status_o          (walk_status),
    .done_entry_o           (walk_entry),
    .done_err_o             (walk_err),
    .idle_o                 (ptw_idle),
    .psc_lookup_vpn_o       (psc_lookup_vpn),
    .psc_lookup_pcid_o      (psc_lookup_pcid),
    .psc_lookup_hit_i       (psc_hit),
    .psc_lookup_level_i     (psc_level),
    .psc_lookup_ppn_i       (psc_ppn),
    .psc_lookup_rights_i    (psc_rights),
    .psc_fill_valid_o       (psc_fill_valid),
    .psc_fill_vpn_o         (psc_fill_vpn),
    .psc_fill_pcid_o        (psc_fill_pcid),
    .psc_fill_pml4e_o       (psc_fill_pml4e),
    .psc_fill_pdpte_o       (psc_fill_pdpte),
    .psc_fill_pde_o         (psc_fill_pde),
    .psc_fill_pml4e_ppn_o   (psc_fill_pml4e_ppn),
    .psc_fill_pdpte_ppn_o   (psc_fill_pdpte_ppn),
    .psc_fill_pde_ppn_o     (psc_fill_pde_ppn),
    .psc_fill_pml4e_rights_o(psc_fill_pml4e_rights),
    .psc_fill_pdpte_rights_o(psc_fill_pdpte_rights),
    .psc_fill_pde_rights_o  (psc_fill_pde_rights),
    .mem_req_valid_o,
    .mem_req_ready_i,
    .mem_req_cas_o,
    .mem_req_addr_o,
    .mem_req_expect_o,
    .mem_req_wdata_o,
    .mem_rsp_valid_i,
    .mem_rsp_err_i,
    .mem_rsp_rdata_i,
    .ev_walk_o              (ev_walk),
    .ev_mem_ref_o           (ev_mem_ref),
    .ev_psc_pml4e_hit_o     (ev_psc_pml4e),
    .ev_psc_pdpte_hit_o     (ev_psc_pdpte),
    .ev_psc_pde_hit_o       (ev_psc_pde),
    .ev_ad_update_o         (ev_ad_update),
    .ev_ad_retry_o          (ev_ad_retry)
  );

  psc #(
    .Pml4eEntries(PscPml4eEntries),
    .PdpteEntries(PscPdpteEntries),
    .PdeEntries  (PscPdeEntries)
  ) u_psc (
    .clk_i,
    .rst_ni,
    .lookup_vpn_i       (psc_lookup_vpn),
    .lookup_pcid_i      (psc_lookup_pcid),
    .lookup_hit_o       (psc_hit),
    .lookup_level_o     (psc_level),
    .lookup_ppn_o       (psc_ppn),
    .lookup_rights_o    (psc_rights),
    .fill_valid_i       (psc_fill_valid),
    .fill_vpn_i         (psc_fill_vpn),
    .fill_pcid_i        (psc_fill_pcid),
    .fill_pml4e_i       (psc_fill_pml4e),
    .fill_pdpte_i       (psc_fill_pdpte),
    .fill_pde_i         (psc_fill_pde),
    .fill_pml4e_ppn_i   (psc_fill_pml4e_ppn),
    .fill_pdpte_ppn_i   (psc_fill_pdpte_ppn),
    .fill_pde_ppn_i     (psc_fill_pde_ppn),
    .fill_pml4e_rights_i(psc_fill_pml4e_rights),
    .fill_pdpte_rights_i(psc_fill_pdpte_rights),
    .fill_pde_rights_i  (psc_fill_pde_rights),
    .inv_valid_i        (inv_valid),
    .inv_kind_i         (inv_kind),
    .inv_pcid_i         (inv_pcid)
  );

  assign quiet      = ptw_idle && mh_idle;
  assign tlbs_ready = if_l1_ready && ls_l1_ready && l2_ready;

  // ---- performance counters ----
  logic [2*mmu_pkg::NumCounters-1:0] cnt_inc;
  always_comb begin
    cnt_inc = '0;
    cnt_inc[2*mmu_pkg::CntCycles       +: 2] = 2'd1;
    cnt_inc[2*mmu_pkg::CntAccesses     +: 2] = 2'(if_ev_access) + 2'(ls_ev_access);
    cnt_inc[2*mmu_pkg::CntItlbAccesses +: 2] = 2'(if_ev_lookup);
    cnt_inc[2*mmu_pkg::CntItlbHits     +: 2] = 2'(if_ev_hit);
    cnt_inc[2*mmu_pkg::CntItlbMisses   +: 2] = 2'(if_ev_miss);
    cnt_inc[2*mmu_pkg::CntDtlbAccesses +: 2] = 2'(ls_ev_lookup);
    cnt_inc[2*mmu_pkg::CntDtlbHits     +: 2] = 2'(ls_ev_hit);
    cnt_inc[2*mmu_pkg::CntDtlbMisses   +: 2] = 2'(ls_ev_miss);
    cnt_inc[2*mmu_pkg::CntL2Accesses   +: 2] = 2'(ev_l2_access);
    cnt_inc[2*mmu_pkg::CntL2Hits       +: 2] = 2'(ev_l2_hit);
    cnt_inc[2*mmu_pkg::CntL2Misses     +: 2] = 2'(ev_l2_miss);
    cnt_inc[2*mmu_pkg::CntWalks        +: 2] = 2'(ev_walk);
    cnt_inc[2*mmu_pkg::CntWalkMemRefs  +: 2] = 2'(ev_mem_ref);
    cnt_inc[2*mmu_pkg::CntPscPml4eHits +: 2] = 2'(ev_psc_pml4e);
    cnt_inc[2*mmu_pkg::CntPscPdpteHits +: 2] = 2'(ev_psc_pdpte);
    cnt_inc[2*mmu_pkg::CntPscPdeHits   +: 2] = 2'(ev_psc_pde);
    cnt_inc[2*mmu_pkg::CntAdUpdates    +: 2] = 2'(ev_ad_update);
    cnt_inc[2*mmu_pkg::CntAdRetries    +: 2] = 2'(ev_ad_retry);
    cnt_inc[2*mmu_pkg::CntPageFaults   +: 2] = 2'(ev_page_fault);
    cnt_inc[2*mmu_pkg::CntGpFaults     +: 2] = 2'(if_ev_gp) + 2'(ls_ev_gp) + 2'(ev_csr_gp);
    cnt_inc[2*mmu_pkg::CntDirtyRewalks +: 2] = 2'(ev_dirty_rewalk);
    cnt_inc[2*mmu_pkg::CntInvalidations+: 2] = 2'(ev_inv);
    cnt_inc[2*mmu_pkg::CntStallCycles  +: 2] = 2'(if_ev_stall || ls_ev_stall);
  end

  mmu_counters u_counters (
    .clk_i,
    .rst_ni,
    .inc_i  (cnt_inc),
    .idx_i  (cnt_idx),
    .value_o(cnt_value)
  );

  logic unused_pkg;
  assign unused_pkg = ^{mmu_pkg::TlbEntryW};

endmodule

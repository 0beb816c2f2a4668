// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
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
// Load/store data: the L1 data cache (rtl/cache/dcache.sv) sits behind the dTLB. The set is
// read with VA[11:0] in the cycle the dTLB is looked up, the physical tag from the dTLB is
// compared the next cycle: load-to-use 2 cycles on a TLB and cache hit, one access a cycle.
// A request carries its size (log2 bytes) and store data; the bytes it touches (its byte
// enables) are [va, va + 2^size) and must lie within one aligned 8-byte word (the requester
// splits wider or crossing accesses). Loads return the bytes zero-extended in rsp_rdata.
// A leaf with PCD=1 makes the access uncached (one AXI beat). RspMce: the memory answered a
// walk, a fill or a write-back with an AXI error (never data).
//
// Physical port (pm_*): loads and stores by physical address for the C side, coherent with
// the cache; it shares the cache's physical port with the walker (the C side first). The
// walker's 8-byte reads and A/D compare-and-swaps go through the same port, so every access
// sees the same bytes and a CAS is atomic with respect to every other access.
//
// Memory side: an AXI4 master (axi_*): INCR bursts of 8 beats for line fills and
// write-backs, single beats for uncached accesses; 64-bit data, one ID bit.
//
// Every size and policy is a parameter; rtl/configs.txt names the configurations (its first,
// i7, is these defaults).
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
  parameter bit          RandomRepl      = 1'b0,
  parameter int unsigned DcSizeBytes     = 32768, // i7: 32 KiB, 8-way, 64 sets
  parameter int unsigned DcWays          = 8,
  // Timing (docs/architecture.md, "Configurations"): XlatReg=1 registers the dTLB's answer
  // before the D-cache compares with it (+1 cycle on every load and store); HitPipe=0 makes
  // each port and cache slot take its next request only once it is empty, so no ready
  // depends on a compare (L1 hits: one fetch every 2 cycles, one load/store every 2, or 3
  // with XlatReg).
  parameter bit          XlatReg         = 1'b0,
  parameter bit          HitPipe         = 1'b1,
  parameter int unsigned AxiAddrW        = mmu_pkg::PhysAddrW,
  parameter int unsigned AxiDataW        = 64
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
  input  logic [1:0]           ls_req_size_i,    // log2 bytes
  input  logic [63:0]          ls_req_wdata_i,   // stores: the bytes, right-aligned
  input  logic                 ls_req_nodata_i,  // translate as the kind, but move no data
                                                 // (a store probe: the cache only reads)
  output logic                 ls_rsp_valid_o,
  output mmu_pkg::rsp_status_e          ls_rsp_status_o,
  output logic [mmu_pkg::PhysAddrW-1:0] ls_rsp_pa_o,
  output logic [4:0]           ls_rsp_err_o,
  output logic [63:0]          ls_rsp_addr_o,
  output logic [63:0]          ls_rsp_rdata_o,

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

  // Physical port (the C side's coherent reads and writes).
  input  logic                 pm_req_valid_i,
  output logic                 pm_req_ready_o,
  input  logic                 pm_req_write_i,
  input  logic                 pm_req_zero_i,    // zero pm_req_addr_i's line (CLZERO), not a load/store
  input  logic [mmu_pkg::PhysAddrW-1:0] pm_req_addr_i,
  input  logic [1:0]           pm_req_size_i,    // log2 bytes, within one aligned 8-byte word
  input  logic [63:0]          pm_req_wdata_i,
  output logic                 pm_rsp_valid_o,
  output logic                 pm_rsp_mce_o,
  output logic [63:0]          pm_rsp_rdata_o,

  // Observation of the walker's requests (testbench only; leave open in a system): one
  // presented (valid) and one taken by the cache's physical port in this cycle.
  output logic                 obs_wk_valid_o,
  output logic                 obs_wk_take_o,
  output logic                 obs_wk_cas_o,
  output logic [mmu_pkg::PhysAddrW-1:0] obs_wk_addr_o,
  output logic [63:0]          obs_wk_expect_o,
  output logic [63:0]          obs_wk_wdata_o,

  // AXI4 master (memory).
  output logic                 axi_awid_o,
  output logic [AxiAddrW-1:0]  axi_awaddr_o,
  output logic [7:0]           axi_awlen_o,
  output logic [2:0]           axi_awsize_o,
  output logic [1:0]           axi_awburst_o,
  output logic [3:0]           axi_awcache_o,
  output logic                 axi_awvalid_o,
  input  logic                 axi_awready_i,
  output logic [AxiDataW-1:0]  axi_wdata_o,
  output logic [AxiDataW/8-1:0] axi_wstrb_o,
  output logic                 axi_wlast_o,
  output logic                 axi_wvalid_o,
  input  logic                 axi_wready_i,
  input  logic                 axi_bid_i,
  input  logic [1:0]           axi_bresp_i,
  input  logic                 axi_bvalid_i,
  output logic                 axi_bready_o,
  output logic                 axi_arid_o,
  output logic [AxiAddrW-1:0]  axi_araddr_o,
  output logic [7:0]           axi_arlen_o,
  output logic [2:0]           axi_arsize_o,
  output logic [1:0]           axi_arburst_o,
  output logic [3:0]           axi_arcache_o,
  output logic                 axi_arvalid_o,
  input  logic                 axi_arready_i,
  input  logic                 axi_rid_i,
  input  logic [AxiDataW-1:0]  axi_rdata_i,
  input  logic [1:0]           axi_rresp_i,
  input  logic                 axi_rlast_i,
  input  logic                 axi_rvalid_i,
  output logic                 axi_rready_o
);

  if (AxiAddrW != mmu_pkg::PhysAddrW || AxiDataW != 64) begin : g_bad_axi
    $fatal(1, "mmu_top: the AXI port is %0d-bit address / 64-bit data (got %0d / %0d)",
           mmu_pkg::PhysAddrW, AxiAddrW, AxiDataW);
  end

  // ---- control registers ----
  logic [mmu_pkg::PpnW-1:0]  cr3_ppn;
  logic [mmu_pkg::PcidW-1:0] pcid;
  logic             wp, pge, smep, smap, nxe;
  logic             kill, busy, quiet, tlbs_ready;
  mmu_pkg::inv_req_t         csr_inv;
  logic [5:0]       cnt_idx;
  logic [63:0]      cnt_value;
  logic             ev_csr_gp, ev_inv;
  logic             mnt_req_valid, mnt_req_ready, mnt_rsp_valid, mnt_rsp_err, mnt_pending;
  mmu_pkg::dc_mnt_e mnt_req_op;
  logic [mmu_pkg::PhysAddrW-1:0] mnt_req_addr;

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
    .inv_o       (csr_inv),
    .mnt_req_valid_o(mnt_req_valid),
    .mnt_req_ready_i(mnt_req_ready),
    .mnt_req_op_o   (mnt_req_op),
    .mnt_req_addr_o (mnt_req_addr),
    .mnt_rsp_valid_i(mnt_rsp_valid),
    .mnt_rsp_err_i  (mnt_rsp_err),
    .mnt_pending_o  (mnt_pending),
    .cnt_idx_o   (cnt_idx),
    .cnt_value_i (cnt_value),
    .ev_gp_o     (ev_csr_gp),
    .ev_inv_o    (ev_inv)
  );

  // ---- invalidation broadcast: a control operation's, or a page fault's ----
  mmu_pkg::inv_req_t         fault_inv, inv;
  assign inv = csr_inv.valid ? csr_inv : fault_inv;

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
  // The load/store port's translation, on its way into the data cache.
  logic             ls_port_valid, ls_port_ready, ls_dc_valid, ls_dc_ready;
  logic             ls_x_valid, ls_x_pcd, if_rsp_pcd;
  mmu_pkg::rsp_status_e      ls_x_status;
  logic [mmu_pkg::PhysAddrW-1:0] ls_x_pa;
  logic [4:0]       ls_x_err;
  logic [63:0]      ls_x_addr;

  mmu_port #(
    .Sets        (ITlbSets),
    .Ways        (ITlbWays),
    .LargeEntries(ITlbLarge),
    .RandomRepl  (RandomRepl),
    .HitPipe     (HitPipe)
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
    .rsp_pcd_o    (if_rsp_pcd),
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
    .inv_i        (inv),
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
    .RandomRepl  (RandomRepl),
    .HitPipe     (HitPipe)
  ) u_ls_port (
    .clk_i,
    .rst_ni,
    .req_valid_i  (ls_port_valid),
    .req_ready_o  (ls_port_ready),
    .req_va_i     (ls_req_va_i),
    .req_kind_i   (ls_req_kind_i),
    .req_user_i   (ls_req_user_i),
    .rsp_valid_o  (ls_x_valid),
    .rsp_status_o (ls_x_status),
    .rsp_pa_o     (ls_x_pa),
    .rsp_err_o    (ls_x_err),
    .rsp_addr_o   (ls_x_addr),
    .rsp_pcd_o    (ls_x_pcd),
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
    .inv_i        (inv),
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
    .fault_inv_o      (fault_inv),
    .csr_inv_i        (csr_inv),
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
  logic             psc_lookup_valid;
  logic [mmu_pkg::VpnW-1:0]  psc_lookup_vpn;
  logic [mmu_pkg::PcidW-1:0] psc_lookup_pcid;
  logic             psc_hit;
  logic [1:0]       psc_level;
  logic [mmu_pkg::PpnW-1:0]  psc_ppn;
  mmu_pkg::rights_t psc_rights;
  mmu_pkg::psc_fill_t psc_fill;
  logic             ev_walk, ev_mem_ref, ev_psc_pml4e, ev_psc_pdpte, ev_psc_pde;
  logic [1:0]       ev_mem_ref_level;
  logic             ev_ad_update, ev_ad_retry;
  logic             wk_req_valid, wk_req_ready, wk_req_cas, wk_rsp_valid, wk_rsp_err;
  logic [mmu_pkg::PhysAddrW-1:0] wk_req_addr;
  logic [63:0]      wk_req_expect, wk_req_wdata, wk_rsp_rdata;

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
    .psc_lookup_valid_o     (psc_lookup_valid),
    .psc_lookup_vpn_o       (psc_lookup_vpn),
    .psc_lookup_pcid_o      (psc_lookup_pcid),
    .psc_lookup_hit_i       (psc_hit),
    .psc_lookup_level_i     (psc_level),
    .psc_lookup_ppn_i       (psc_ppn),
    .psc_lookup_rights_i    (psc_rights),
    .psc_fill_o             (psc_fill),
    .mem_req_valid_o        (wk_req_valid),
    .mem_req_ready_i        (wk_req_ready),
    .mem_req_cas_o          (wk_req_cas),
    .mem_req_addr_o         (wk_req_addr),
    .mem_req_expect_o       (wk_req_expect),
    .mem_req_wdata_o        (wk_req_wdata),
    .mem_rsp_valid_i        (wk_rsp_valid),
    .mem_rsp_err_i          (wk_rsp_err),
    .mem_rsp_rdata_i        (wk_rsp_rdata),
    .ev_walk_o              (ev_walk),
    .ev_mem_ref_o           (ev_mem_ref),
    .ev_mem_ref_level_o     (ev_mem_ref_level),
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
    .lookup_valid_i     (psc_lookup_valid),
    .lookup_vpn_i       (psc_lookup_vpn),
    .lookup_pcid_i      (psc_lookup_pcid),
    .lookup_hit_o       (psc_hit),
    .lookup_level_o     (psc_level),
    .lookup_ppn_o       (psc_ppn),
    .lookup_rights_o    (psc_rights),
    .fill_i             (psc_fill),
    .inv_i              (inv)
  );

  assign quiet      = ptw_idle && mh_idle;
  assign tlbs_ready = if_l1_ready && ls_l1_ready && l2_ready;

  // ---- L1 data cache with its AXI4 master ----
  // A load/store request is taken by the dTLB port and the cache in the same cycle (the
  // cache reads the set with VA[11:0] while the dTLB is looked up); none while a cache
  // maintenance command waits for the cache to drain.
  localparam int unsigned InfoW = 2 + 5 + mmu_pkg::PhysAddrW + 64;

  // The dTLB's answer to the cache (the translation and the result that travels with the
  // access): as it is made, or a cycle later from a register (XlatReg), so that the cache's
  // tag compare starts at flip-flops rather than behind the dTLB's compare. The cache takes
  // a translation in any cycle after the request (it waits for a dTLB miss's the same way).
  logic                     dc_x_valid, dc_x_ok, dc_x_uc;
  logic [mmu_pkg::PpnW-1:0] dc_x_ppn;
  logic [InfoW-1:0]         dc_x_info;
  if (XlatReg) begin : g_xlat_reg
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        dc_x_valid <= 1'b0;
        dc_x_ok    <= 1'b0;
        dc_x_uc    <= 1'b0;
        dc_x_ppn   <= '0;
        dc_x_info  <= '0;
      end else begin
        dc_x_valid <= ls_x_valid;
        if (ls_x_valid) begin
          dc_x_ok   <= (ls_x_status == mmu_pkg::RspOk);
          dc_x_uc   <= ls_x_pcd;
          dc_x_ppn  <= ls_x_pa[mmu_pkg::PhysAddrW-1:12];
          dc_x_info <= {ls_x_status, ls_x_err, ls_x_pa, ls_x_addr};
        end
      end
    end
  end else begin : g_xlat_comb
    assign dc_x_valid = ls_x_valid;
    assign dc_x_ok    = (ls_x_status == mmu_pkg::RspOk);
    assign dc_x_uc    = ls_x_pcd;
    assign dc_x_ppn   = ls_x_pa[mmu_pkg::PhysAddrW-1:12];
    assign dc_x_info  = {ls_x_status, ls_x_err, ls_x_pa, ls_x_addr};
  end

  assign ls_req_ready_o = ls_port_ready && ls_dc_ready && !mnt_pending;
  assign ls_port_valid  = ls_req_valid_i && ls_dc_ready && !mnt_pending;
  assign ls_dc_valid    = ls_req_valid_i && ls_port_ready && !mnt_pending;

  // The translation's result travels through the cache with the access (info bits).
  logic                 dc_rsp_valid, dc_rsp_mce;
  logic [63:0]          dc_rsp_rdata;
  logic [InfoW-1:0]     dc_rsp_info;
  mmu_pkg::rsp_status_e info_status;
  logic [4:0]           info_err;
  logic [mmu_pkg::PhysAddrW-1:0] info_pa;
  logic [63:0]          info_addr;
  assign {info_status, info_err, info_pa, info_addr} = dc_rsp_info;

  assign ls_rsp_valid_o  = dc_rsp_valid;
  assign ls_rsp_status_o = (dc_rsp_mce && info_status == mmu_pkg::RspOk) ? mmu_pkg::RspMce : info_status;
  assign ls_rsp_pa_o     = info_pa;
  assign ls_rsp_err_o    = info_err;
  assign ls_rsp_addr_o   = info_addr;
  assign ls_rsp_rdata_o  = (info_status == mmu_pkg::RspOk && !dc_rsp_mce) ? dc_rsp_rdata : '0;

  // The cache's physical port: the C side's requests first, then the walker's. The cache
  // takes the next request in the cycle it answers a hit, so two can be in flight (one
  // answered next cycle, one in the slot): the owners wait in a two-entry queue, in request
  // order, as the answers come.
  logic                 ph_valid, ph_ready, ph_pick_c, ph_own_c, ph_rsp_valid, ph_rsp_mce;
  mmu_pkg::dc_op_e      ph_op;
  logic [mmu_pkg::PhysAddrW-1:0] ph_addr;
  logic [1:0]           ph_size;
  logic [63:0]          ph_wdata, ph_rsp_rdata;
  assign ph_pick_c    = pm_req_valid_i;
  assign ph_valid     = pm_req_valid_i || wk_req_valid;
  assign ph_op        = ph_pick_c ? (pm_req_zero_i  ? mmu_pkg::DcZeroLine :
                                   pm_req_write_i ? mmu_pkg::DcStore : mmu_pkg::DcLoad)
                                  : (wk_req_cas ? mmu_pkg::DcCas : mmu_pkg::DcLoad);
  assign ph_addr      = ph_pick_c ? pm_req_addr_i  : wk_req_addr;
  assign ph_size      = ph_pick_c ? pm_req_size_i  : 2'd3;
  assign ph_wdata     = ph_pick_c ? pm_req_wdata_i : wk_req_wdata;
  assign pm_req_ready_o = ph_ready;
  assign wk_req_ready   = ph_ready && !pm_req_valid_i;

  logic       ph_push, ph_own0_q, ph_own1_q;
  logic [1:0] ph_own_n_q;
  assign ph_push  = ph_valid && ph_ready;
  assign ph_own_c = ph_own0_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ph_own_n_q <= '0;
      ph_own0_q  <= 1'b0;
      ph_own1_q  <= 1'b0;
    end else begin
      unique case ({ph_push, ph_rsp_valid})
        2'b10: begin
          if (ph_own_n_q == 2'd0) ph_own0_q <= ph_pick_c;
          else                    ph_own1_q <= ph_pick_c;
          ph_own_n_q <= ph_own_n_q + 2'd1;
        end
        2'b01: begin
          ph_own0_q  <= ph_own1_q;
          ph_own_n_q <= ph_own_n_q - 2'd1;
        end
        2'b11: begin
          if (ph_own_n_q == 2'd1) ph_own0_q <= ph_pick_c;
          else begin
            ph_own0_q <= ph_own1_q;
            ph_own1_q <= ph_pick_c;
          end
        end
        default: ;
      endcase
    end
  end

  // The request in the cache's slot (the one whose hit or miss the cache reports, always the
  // last one taken) is a walker's entry read, not its A/D compare-and-swap: its hit or miss
  // says where the walk read was served.
  logic ph_wk_read_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)      ph_wk_read_q <= 1'b0;
    else if (ph_push) ph_wk_read_q <= !ph_pick_c && !wk_req_cas;
  end

  assign obs_wk_valid_o  = wk_req_valid;
  assign obs_wk_take_o   = wk_req_valid && wk_req_ready;
  assign obs_wk_cas_o    = wk_req_cas;
  assign obs_wk_addr_o   = wk_req_addr;
  assign obs_wk_expect_o = wk_req_expect;
  assign obs_wk_wdata_o  = wk_req_wdata;

  assign pm_rsp_valid_o = ph_rsp_valid && ph_own_c;
  assign pm_rsp_mce_o   = ph_rsp_mce;
  assign pm_rsp_rdata_o = ph_rsp_rdata;
  assign wk_rsp_valid   = ph_rsp_valid && !ph_own_c;
  assign wk_rsp_err     = ph_rsp_mce;
  // A deliberately injected bug, compiled in only for the test that explain shows the value
  // the walker was answered with (sim/variants.mk, tests/suites/29-explain.sh): the walker
  // is given the data of the physical port's previous answer, one answer late.
`ifdef OPENMMU_INJECT_WALK_STALE
  logic [63:0] ph_rsp_rdata_prev_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)           ph_rsp_rdata_prev_q <= '0;
    else if (ph_rsp_valid) ph_rsp_rdata_prev_q <= ph_rsp_rdata;
  end
  assign wk_rsp_rdata   = ph_rsp_rdata_prev_q;
`else
  assign wk_rsp_rdata   = ph_rsp_rdata;
`endif

  logic ev_dc_hit, ev_dc_miss, ev_dc_wb, ev_dc_uc, ev_dc_stall, ev_dc_ph;

  dcache_axi #(
    .SizeBytes(DcSizeBytes),
    .Ways     (DcWays),
    .InfoW    (InfoW),
    .HitPipe  (HitPipe)
  ) u_dcache (
    .clk_i,
    .rst_ni,
    .cpu_req_valid_i (ls_dc_valid),
    .cpu_req_ready_o (ls_dc_ready),
    .cpu_req_op_i    ((ls_req_kind_i == mmu_pkg::AccWrite && !ls_req_nodata_i) ? mmu_pkg::DcStore
                                                                               : mmu_pkg::DcLoad),
    .cpu_req_off_i   (ls_req_va_i[11:0]),
    .cpu_req_size_i  (ls_req_size_i),
    .cpu_req_wdata_i (ls_req_wdata_i),
    .cpu_xlat_valid_i(dc_x_valid),
    .cpu_xlat_ok_i   (dc_x_ok),
    .cpu_xlat_ppn_i  (dc_x_ppn),
    .cpu_xlat_uc_i   (dc_x_uc),
    .cpu_xlat_info_i (dc_x_info),
    .cpu_rsp_valid_o (dc_rsp_valid),
    .cpu_rsp_mce_o   (dc_rsp_mce),
    .cpu_rsp_rdata_o (dc_rsp_rdata),
    .cpu_rsp_info_o  (dc_rsp_info),
    .ph_req_valid_i  (ph_valid),
    .ph_req_ready_o  (ph_ready),
    .ph_req_op_i     (ph_op),
    .ph_req_addr_i   (ph_addr),
    .ph_req_size_i   (ph_size),
    .ph_req_wdata_i  (ph_wdata),
    .ph_req_expect_i (wk_req_expect),
    .ph_rsp_valid_o  (ph_rsp_valid),
    .ph_rsp_mce_o    (ph_rsp_mce),
    .ph_rsp_rdata_o  (ph_rsp_rdata),
    .mnt_req_valid_i (mnt_req_valid),
    .mnt_req_ready_o (mnt_req_ready),
    .mnt_req_op_i    (mnt_req_op),
    .mnt_req_addr_i  (mnt_req_addr),
    .mnt_rsp_valid_o (mnt_rsp_valid),
    .mnt_rsp_err_o   (mnt_rsp_err),
    .ev_hit_o        (ev_dc_hit),
    .ev_miss_o       (ev_dc_miss),
    .ev_wb_o         (ev_dc_wb),
    .ev_uc_o         (ev_dc_uc),
    .ev_stall_o      (ev_dc_stall),
    .ev_ph_o         (ev_dc_ph),
    .m_awid_o        (axi_awid_o),
    .m_awaddr_o      (axi_awaddr_o),
    .m_awlen_o       (axi_awlen_o),
    .m_awsize_o      (axi_awsize_o),
    .m_awburst_o     (axi_awburst_o),
    .m_awcache_o     (axi_awcache_o),
    .m_awvalid_o     (axi_awvalid_o),
    .m_awready_i     (axi_awready_i),
    .m_wdata_o       (axi_wdata_o),
    .m_wstrb_o       (axi_wstrb_o),
    .m_wlast_o       (axi_wlast_o),
    .m_wvalid_o      (axi_wvalid_o),
    .m_wready_i      (axi_wready_i),
    .m_bid_i         (axi_bid_i),
    .m_bresp_i       (axi_bresp_i),
    .m_bvalid_i      (axi_bvalid_i),
    .m_bready_o      (axi_bready_o),
    .m_arid_o        (axi_arid_o),
    .m_araddr_o      (axi_araddr_o),
    .m_arlen_o       (axi_arlen_o),
    .m_arsize_o      (axi_arsize_o),
    .m_arburst_o     (axi_arburst_o),
    .m_arcache_o     (axi_arcache_o),
    .m_arvalid_o     (axi_arvalid_o),
    .m_arready_i     (axi_arready_i),
    .m_rid_i         (axi_rid_i),
    .m_rdata_i       (axi_rdata_i),
    .m_rresp_i       (axi_rresp_i),
    .m_rlast_i       (axi_rlast_i),
    .m_rvalid_i      (axi_rvalid_i),
    .m_rready_o      (axi_rready_o)
  );

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
    cnt_inc[2*mmu_pkg::CntDcHits       +: 2] = 2'(ev_dc_hit);
    cnt_inc[2*mmu_pkg::CntDcMisses     +: 2] = 2'(ev_dc_miss);
    cnt_inc[2*mmu_pkg::CntDcWritebacks +: 2] = 2'(ev_dc_wb);
    cnt_inc[2*mmu_pkg::CntDcUncached   +: 2] = 2'(ev_dc_uc);
    cnt_inc[2*mmu_pkg::CntMemStallCycles +: 2] = 2'(ev_dc_stall);
    cnt_inc[2*mmu_pkg::CntWalkCycles   +: 2] = 2'(!ptw_idle);
    cnt_inc[2*mmu_pkg::CntWalkRefsPml4e+: 2] = 2'(ev_mem_ref && ev_mem_ref_level == 2'd3);
    cnt_inc[2*mmu_pkg::CntWalkRefsPdpte+: 2] = 2'(ev_mem_ref && ev_mem_ref_level == 2'd2);
    cnt_inc[2*mmu_pkg::CntWalkRefsPde  +: 2] = 2'(ev_mem_ref && ev_mem_ref_level == 2'd1);
    cnt_inc[2*mmu_pkg::CntWalkRefsPte  +: 2] = 2'(ev_mem_ref && ev_mem_ref_level == 2'd0);
    cnt_inc[2*mmu_pkg::CntWalkRefsDcache +: 2] = 2'(ev_dc_hit && ev_dc_ph && ph_wk_read_q);
    cnt_inc[2*mmu_pkg::CntWalkRefsMemory +: 2] = 2'(ev_dc_miss && ev_dc_ph && ph_wk_read_q);
  end

  mmu_counters u_counters (
    .clk_i,
    .rst_ni,
    .inc_i  (cnt_inc),
    .idx_i  (cnt_idx),
    .value_o(cnt_value)
  );

  logic unused_pkg;
  assign unused_pkg = ^{mmu_pkg::TlbEntryW, if_rsp_pcd};

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // The C side's physical port is valid/ready: held with its payload until taken.
  assert_held #(.W($bits({pm_req_write_i, pm_req_zero_i, pm_req_addr_i, pm_req_size_i,
                          pm_req_wdata_i})),
                .Msg("mmu_top: the physical-port request changed or dropped before it was taken"))
    a_pm_stable (
      .clk_i, .rst_ni, .valid_i(pm_req_valid_i), .ready_i(pm_req_ready_o),
      .pay_i({pm_req_write_i, pm_req_zero_i, pm_req_addr_i, pm_req_size_i, pm_req_wdata_i})
    );
  // Every answer of the cache's physical port has an owner waiting in the queue.
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_ph_owner: assert ((!ph_rsp_valid || ph_own_n_q != 2'd0) && ph_own_n_q <= 2'd2 &&
        (!(ph_push && !ph_rsp_valid) || ph_own_n_q < 2'd2))
      else $error("mmu_top: a physical-port answer with no owner, or a third in flight");
  end
`endif

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The hardware page walker: 4-level paging with 4 KiB, 2 MiB and 1 GiB pages (SDM 4.5),
// following docs/semantics.md step by step.
//
// One walk at a time. A walk starts below the deepest paging-structure-cache hit, reads one
// entry per level through the memory port, checks it, combines the rights, and at the leaf
// makes the access check. A walk that completes without fault then sets A in every entry it
// read that lacks it and, for a write, D in the leaf, each with an atomic compare-and-swap
// against the value it read; a CAS that finds the entry changed restarts the walk from the top.
// The result is a TLB entry (and PSC fills for the non-leaf entries read) or a fault.
//
// kill_i (an invalidation or control-register write) abandons the walk: no result, no PSC
// fill, no further memory request. A request already presented on the memory port is held
// until accepted (valid/ready) and its response is awaited, then the walker is idle.
module ptw (
  input  logic             clk_i,
  input  logic             rst_ni,

  // Control state. Stable while a walk runs: every write to it kills the walk.
  input  logic [mmu_pkg::PpnW-1:0]  cr3_ppn_i,
  input  logic [mmu_pkg::PcidW-1:0] pcid_i,
  input  logic             wp_i,
  input  logic             nxe_i,
  input  logic             smep_i,
  input  logic             smap_i,
  input  logic             pge_i,
  input  logic             kill_i,

  // Walk request.
  input  logic             req_valid_i,
  output logic             req_ready_o,
  input  logic [mmu_pkg::VpnW-1:0]  req_vpn_i,
  input  mmu_pkg::acc_e             req_kind_i,
  input  logic             req_user_i,

  // Result, a one-cycle pulse. entry is valid with RspOk, err with RspPf.
  output logic             done_o,
  output mmu_pkg::rsp_status_e      done_status_o,
  output mmu_pkg::tlb_entry_t       done_entry_o,
  output logic [4:0]       done_err_o,
  output logic             idle_o,

  // Paging-structure caches.
  output logic             psc_lookup_valid_o,
  output logic [mmu_pkg::VpnW-1:0]  psc_lookup_vpn_o,
  output logic [mmu_pkg::PcidW-1:0] psc_lookup_pcid_o,
  input  logic             psc_lookup_hit_i,
  input  logic [1:0]       psc_lookup_level_i,
  input  logic [mmu_pkg::PpnW-1:0]  psc_lookup_ppn_i,
  input  mmu_pkg::rights_t          psc_lookup_rights_i,
  output mmu_pkg::psc_fill_t        psc_fill_o,

  // Memory port: read 8 bytes, or compare-and-swap 8 bytes (the response is the old value).
  output logic                 mem_req_valid_o,
  input  logic                 mem_req_ready_i,
  output logic                 mem_req_cas_o,
  output logic [mmu_pkg::PhysAddrW-1:0] mem_req_addr_o,
  output logic [63:0]          mem_req_expect_o,
  output logic [63:0]          mem_req_wdata_o,
  input  logic                 mem_rsp_valid_i,
  input  logic                 mem_rsp_err_i,
  input  logic [63:0]          mem_rsp_rdata_i,

  // Events for the performance counters (one-cycle pulses).
  output logic             ev_walk_o,
  output logic             ev_mem_ref_o,
  output logic [1:0]       ev_mem_ref_level_o,  // with ev_mem_ref_o: the entry's level, 3 PML4E .. 0 PTE
  output logic             ev_psc_pml4e_hit_o,
  output logic             ev_psc_pdpte_hit_o,
  output logic             ev_psc_pde_hit_o,
  output logic             ev_ad_update_o,
  output logic             ev_ad_retry_o
);

  // A deliberately injected bug, compiled in only for the test that proves lockstep catches
  // it (sim/variants.mk, tests/suites/28-rtl-inject.sh): the walker never sets D.
`ifdef OPENMMU_INJECT_NO_DIRTY
  localparam bit SetsDirty = 1'b0;
`else
  localparam bit SetsDirty = 1'b1;
`endif
  // Another, for the check that the walker's kill proof catches it (formal/run.sh): a kill
  // during an A/D compare-and-swap is ignored, so the walk goes on and presents its result.
`ifdef OPENMMU_INJECT_KILL_CAS
  localparam bit KillStopsCas = 1'b0;
`else
  localparam bit KillStopsCas = 1'b1;
`endif

  // A deliberately injected bug for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, switched on by +inject=ptwkill): a walk killed as it completes still fills the paging-structure caches.
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_ptwkill;
  initial inj_ptwkill = mmu_pkg::injected("ptwkill");
`else
  localparam bit inj_ptwkill = 1'b0;
`endif

  // Entry bits (SDM 4.5).
  localparam int unsigned BitP = 0, BitRw = 1, BitUs = 2, BitPwt = 3, BitPcd = 4, BitA = 5,
                          BitD = 6, BitPs = 7, BitG = 8, BitXd = 63;

  typedef enum logic [3:0] {
    WIdle,        // waiting for a request
    WPscLookup,   // (re)start: look up the paging-structure caches
    WReadReq,     // read the entry of level_q: request
    WReadRsp,     // ... response: check it
    WAdNext,      // pick the next entry needing A (or D)
    WCasReq,      // A/D compare-and-swap: request
    WCasRsp,      // ... response: done, or restart if the entry changed
    WDone,        // present the result
    WKillReq,     // killed with a request presented: hold it until accepted
    WKillRsp      // killed with a request accepted: wait for its response
  } ptw_state_e;

  ptw_state_e state_q, state_d;

  logic [mmu_pkg::VpnW-1:0]      vpn_q, vpn_d;
  mmu_pkg::acc_e                 kind_q, kind_d;
  logic                 user_q, user_d;
  logic [1:0]           level_q, level_d;       // level of the entry read next: 3 PML4E .. 0 PTE
  logic [1:0]           leaf_q, leaf_d;         // level of the leaf
  mmu_pkg::rights_t     rights_q, rights_d;     // combined over the levels read so far
  logic [3:0]           used_q, used_d;         // levels read by this walk (after the PSC skip)
  logic [63:0]          ent_q [4];              // entry read at each level (A/D as updated)
  logic [mmu_pkg::PpnW-1:0]      tbl_q [4];              // frame of the table of each level
  logic [2:0]           rts_q [4];              // rights combined down to each level (rights_t)
  mmu_pkg::rsp_status_e          status_q, status_d;
  logic [4:0]           err_q, err_d;
  logic                 mreq_cas_q, mreq_cas_d;
  logic [mmu_pkg::PhysAddrW-1:0] mreq_addr_q, mreq_addr_d;
  logic [63:0]          mreq_expect_q, mreq_expect_d;
  logic [63:0]          mreq_wdata_q, mreq_wdata_d;
  logic [1:0]           cas_level_q, cas_level_d;

  // Per-level register writes, decided by the FSM.
  logic                 ent_we, tbl_we, cas_done;
  logic [1:0]           ent_lvl, tbl_lvl;
  logic [63:0]          ent_wdata;
  logic [mmu_pkg::PpnW-1:0]      tbl_wdata;
  mmu_pkg::rights_t     rts_wdata;

  // Index of the entry of `level` in its table: VA bits 12+9*level+8 : 12+9*level.
  function automatic logic [8:0] va_index(logic [mmu_pkg::VpnW-1:0] vpn, logic [1:0] level);
    unique case (level)
      2'd3:    va_index = vpn[35:27];
      2'd2:    va_index = vpn[26:18];
      2'd1:    va_index = vpn[17:9];
      default: va_index = vpn[8:0];
    endcase
  endfunction

  function automatic logic [mmu_pkg::PhysAddrW-1:0] entry_addr(logic [mmu_pkg::PpnW-1:0] tbl, logic [mmu_pkg::VpnW-1:0] vpn,
                                                      logic [1:0] level);
    entry_addr = {tbl, va_index(vpn, level), 3'b000};
  endfunction

  // Reserved bits of a present entry at `level` (docs/semantics.md rule 3).
  function automatic logic entry_rsvd(logic [63:0] e, logic [1:0] level, logic nxe);
    logic r;
    r = |e[51:mmu_pkg::PhysAddrW];                                  // address bits above MAXPHYADDR
    if (!nxe && e[BitXd]) r = 1'b1;                        // XD while EFER.NXE=0
    if (level == 2'd3 && e[BitPs]) r = 1'b1;               // PS in a PML4E
    if (level == 2'd2 && e[BitPs] && |e[29:13]) r = 1'b1;  // 1 GiB page: bits 29:13
    if (level == 2'd1 && e[BitPs] && |e[20:13]) r = 1'b1;  // 2 MiB page: bits 20:13
    entry_rsvd = r;
  endfunction

  // The page-fault error code (docs/semantics.md rule 7).
  function automatic logic [4:0] pf_err(logic present, logic rsvd, mmu_pkg::acc_e kind, logic user,
                                        logic nxe, logic smep);
    logic [4:0] e;
    e           = '0;
    e[mmu_pkg::PfBitP]    = present;
    e[mmu_pkg::PfBitW]    = (kind == mmu_pkg::AccWrite);
    e[mmu_pkg::PfBitU]    = user;
    e[mmu_pkg::PfBitRsvd] = rsvd;
    e[mmu_pkg::PfBitI]    = (kind == mmu_pkg::AccFetch) && (nxe || smep);
    pf_err = e;
  endfunction

  // The entry read in this cycle, and what it makes of the walk.
  logic [63:0] pte;
  mmu_pkg::rights_t pte_rights;
  logic        pte_leaf;
  assign pte        = mem_rsp_rdata_i;
  assign pte_rights.u  = rights_q.u & pte[BitUs];                 // U = AND of U/S
  assign pte_rights.w  = rights_q.w & pte[BitRw];                 // W = AND of R/W
  assign pte_rights.xd = rights_q.xd | (pte[BitXd] & nxe_i);      // XD = OR of XD (NXE=1)
  assign pte_leaf   = (level_q == 2'd0) || (level_q != 2'd3 && pte[BitPs]);

  // Entries still needing an A/D update, and the highest of them.
  logic [3:0] need_ad;
  logic       any_ad;
  logic [1:0] next_ad;
  always_comb begin
    any_ad  = 1'b0;
    next_ad = '0;
    for (int unsigned l = 0; l < 4; l++) begin
      need_ad[l] = used_q[l] &&
                   (!ent_q[l][BitA] ||
                    (SetsDirty && 2'(l) == leaf_q && kind_q == mmu_pkg::AccWrite && !ent_q[l][BitD]));
    end
    for (int l = 0; l < 4; l++) begin
      if (need_ad[l]) begin
        any_ad  = 1'b1;
        next_ad = 2'(l);
      end
    end
  end

  always_comb begin
    state_d       = state_q;
    vpn_d         = vpn_q;
    kind_d        = kind_q;
    user_d        = user_q;
    level_d       = level_q;
    leaf_d        = leaf_q;
    rights_d      = rights_q;
    used_d        = used_q;
    status_d      = status_q;
    err_d         = err_q;
    mreq_cas_d    = mreq_cas_q;
    mreq_addr_d   = mreq_addr_q;
    mreq_expect_d = mreq_expect_q;
    mreq_wdata_d  = mreq_wdata_q;
    cas_level_d   = cas_level_q;
    ent_we        = 1'b0;
    ent_lvl       = level_q;
    ent_wdata     = pte;
    tbl_we        = 1'b0;
    tbl_lvl       = level_q;
    tbl_wdata     = '0;
    rts_wdata     = pte_rights;
    cas_done      = 1'b0;

    ev_walk_o          = 1'b0;
    ev_mem_ref_o       = 1'b0;
    ev_psc_pml4e_hit_o = 1'b0;
    ev_psc_pdpte_hit_o = 1'b0;
    ev_psc_pde_hit_o   = 1'b0;
    ev_ad_update_o     = 1'b0;
    ev_ad_retry_o      = 1'b0;

    // A (re)started walk: the PSC lookup below happens in WIdle (on req_vpn_i) or WPscLookup.
    if ((state_q == WIdle && req_valid_i && !kill_i) || (state_q == WPscLookup && !kill_i)) begin
      if (state_q == WIdle) begin
        vpn_d     = req_vpn_i;
        kind_d    = req_kind_i;
        user_d    = req_user_i;
        ev_walk_o = 1'b1;
      end
      used_d = '0;
      // Skip the levels the deepest paging-structure-cache hit covers.
      if (psc_lookup_hit_i) begin
        level_d   = psc_lookup_level_i;
        rights_d  = psc_lookup_rights_i;
        tbl_wdata = psc_lookup_ppn_i;
        ev_psc_pml4e_hit_o = (psc_lookup_level_i == 2'd2);
        ev_psc_pdpte_hit_o = (psc_lookup_level_i == 2'd1);
        ev_psc_pde_hit_o   = (psc_lookup_level_i == 2'd0);
      end else begin
        // PML4E at CR3[MAXPHYADDR-1:12] << 12 | VA[47:39] << 3 (rule 2).
        level_d   = 2'd3;
        rights_d  = '0;              // nothing above the PML4E: U and W allowed, XD clear
        rights_d.u = 1'b1;
        rights_d.w = 1'b1;
        tbl_wdata = cr3_ppn_i;
      end
      tbl_we      = 1'b1;
      tbl_lvl     = level_d;
      mreq_cas_d  = 1'b0;
      mreq_addr_d = entry_addr(tbl_wdata, vpn_d, level_d);
      state_d     = WReadReq;
    end

    unique case (state_q)
      WIdle, WPscLookup: ;  // handled above

      WReadReq: begin
        if (mem_req_ready_i) begin
          ev_mem_ref_o = 1'b1;
          state_d      = WReadRsp;
        end
      end

      WReadRsp: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i) begin
            // The memory system failed the read: machine check, no translation.
            status_d = mmu_pkg::RspMce;
            state_d  = WDone;
          end else if (!pte[BitP]) begin
            // P=0: page fault, error-code P=0 (rule 3).
            status_d = mmu_pkg::RspPf;
            err_d    = pf_err(1'b0, 1'b0, kind_q, user_q, nxe_i, smep_i);
            state_d  = WDone;
          end else if (entry_rsvd(pte, level_q, nxe_i)) begin
            // A reserved bit set: page fault with P=1, RSVD=1, at this level already (rule 3).
            status_d = mmu_pkg::RspPf;
            err_d    = pf_err(1'b1, 1'b1, kind_q, user_q, nxe_i, smep_i);
            state_d  = WDone;
          end else begin
            // Present and well-formed: remember it and combine its rights (rule 4).
            ent_we          = 1'b1;
            used_d[level_q] = 1'b1;
            rights_d        = pte_rights;
            if (pte_leaf) begin
              // Leaf: PTE, or PS=1 in a PDE (2 MiB) or PDPTE (1 GiB) (rule 5); check the
              // access against the combined rights (rule 6).
              leaf_d = level_q;
              if (!mmu_pkg::rights_ok(pte_rights.u, pte_rights.w, pte_rights.xd, kind_q, user_q,
                             wp_i, nxe_i, smep_i, smap_i)) begin
                status_d = mmu_pkg::RspPf;
                err_d    = pf_err(1'b1, 1'b0, kind_q, user_q, nxe_i, smep_i);
                state_d  = WDone;
              end else begin
                // No fault: the A/D updates come next (rule 8).
                status_d = mmu_pkg::RspOk;
                state_d  = WAdNext;
              end
            end else begin
              // Non-leaf: the next table is at the entry's address bits.
              level_d     = level_q - 2'd1;
              tbl_we      = 1'b1;
              tbl_lvl     = level_d;
              tbl_wdata   = pte[mmu_pkg::PhysAddrW-1:12];
              mreq_cas_d  = 1'b0;
              mreq_addr_d = entry_addr(tbl_wdata, vpn_q, level_d);
              state_d     = WReadReq;
            end
          end
        end
      end

      WAdNext: begin
        if (any_ad) begin
          // Set A in an entry used whose A is 0, and D in the leaf for a write, atomically
          // against the value the walk read (rule 8).
          cas_level_d   = next_ad;
          mreq_cas_d    = 1'b1;
          mreq_addr_d   = entry_addr(tbl_q[next_ad], vpn_q, next_ad);
          mreq_expect_d = ent_q[next_ad];
          mreq_wdata_d  = ent_q[next_ad] | (64'd1 << BitA) |
                          ((SetsDirty && next_ad == leaf_q && kind_q == mmu_pkg::AccWrite) ? (64'd1 << BitD) : 64'd0);
          state_d       = WCasReq;
        end else begin
          state_d = WDone;
        end
      end

      WCasReq: begin
        if (mem_req_ready_i) state_d = WCasRsp;
      end

      WCasRsp: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i) begin
            status_d = mmu_pkg::RspMce;
            state_d  = WDone;
          end else if (mem_rsp_rdata_i == mreq_expect_q) begin
            // The swap happened: the entry now holds the new value.
            cas_done       = 1'b1;
            ev_ad_update_o = 1'b1;
            state_d        = WAdNext;
          end else begin
            // The entry changed since the walk read it: restart from the top (rule 8).
            ev_ad_retry_o = 1'b1;
            state_d       = WPscLookup;
          end
        end
      end

      WDone: state_d = WIdle;

      WKillReq: begin
        if (mem_req_ready_i) state_d = WKillRsp;
      end

      WKillRsp: begin
        if (mem_rsp_valid_i) state_d = WIdle;
      end

      default: state_d = WIdle;
    endcase

    // A kill abandons the walk; only a memory handshake already begun is finished.
    if (kill_i && (KillStopsCas || (state_q != WCasReq && state_q != WCasRsp))) begin
      unique case (state_q)
        WIdle, WKillReq, WKillRsp: ;
        WReadReq, WCasReq: state_d = mem_req_ready_i ? WKillRsp : WKillReq;
        WReadRsp, WCasRsp: state_d = mem_rsp_valid_i ? WIdle : WKillRsp;
        default:           state_d = WIdle;
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q       <= WIdle;
      vpn_q         <= '0;
      kind_q        <= mmu_pkg::AccRead;
      user_q        <= 1'b0;
      level_q       <= '0;
      leaf_q        <= '0;
      rights_q      <= '0;
      used_q        <= '0;
      status_q      <= mmu_pkg::RspOk;
      err_q         <= '0;
      mreq_cas_q    <= 1'b0;
      mreq_addr_q   <= '0;
      mreq_expect_q <= '0;
      mreq_wdata_q  <= '0;
      cas_level_q   <= '0;
    end else begin
      state_q       <= state_d;
      vpn_q         <= vpn_d;
      kind_q        <= kind_d;
      user_q        <= user_d;
      level_q       <= level_d;
      leaf_q        <= leaf_d;
      rights_q      <= rights_d;
      used_q        <= used_d;
      status_q      <= status_d;
      err_q         <= err_d;
      mreq_cas_q    <= mreq_cas_d;
      mreq_addr_q   <= mreq_addr_d;
      mreq_expect_q <= mreq_expect_d;
      mreq_wdata_q  <= mreq_wdata_d;
      cas_level_q   <= cas_level_d;
    end
  end

  // Per-level records (no reset: used_q says which are meaningful).
  always_ff @(posedge clk_i) begin
    if (ent_we) begin
      ent_q[ent_lvl] <= ent_wdata;
      rts_q[ent_lvl] <= rts_wdata;
    end
    if (cas_done) ent_q[cas_level_q] <= mreq_wdata_q;
    if (tbl_we) tbl_q[tbl_lvl] <= tbl_wdata;
  end

  // ---- outputs ----

  assign req_ready_o       = (state_q == WIdle) && !kill_i;
  assign idle_o            = (state_q == WIdle);
  assign ev_mem_ref_level_o = level_q;
  // The caches are searched only where a walk (re)starts (the answer is ignored elsewhere).
  assign psc_lookup_valid_o = (state_q == WIdle && req_valid_i) || state_q == WPscLookup;
  assign psc_lookup_vpn_o  = (state_q == WIdle) ? req_vpn_i : vpn_q;
  assign psc_lookup_pcid_o = pcid_i;

  assign mem_req_valid_o  = (state_q == WReadReq) || (state_q == WCasReq) ||
                            (state_q == WKillReq);
  assign mem_req_cas_o    = mreq_cas_q;
  assign mem_req_addr_o   = mreq_addr_q;
  assign mem_req_expect_o = mreq_expect_q;
  assign mem_req_wdata_o  = mreq_wdata_q;

  // The translation: page number, PCID, G (leaf G while CR4.PGE), size, frame (low bits of a
  // large page's frame are zero), combined rights, the leaf's D (as updated), PWT, PCD.
  logic [63:0] leaf;
  always_comb begin
    leaf                 = ent_q[leaf_q];
    done_entry_o         = '0;
    done_entry_o.vpn     = vpn_q;
    done_entry_o.pcid    = pcid_i;
    done_entry_o.g       = leaf[BitG] && pge_i;
    done_entry_o.u       = rights_q.u;
    done_entry_o.w       = rights_q.w;
    done_entry_o.xd      = rights_q.xd;
    done_entry_o.d       = leaf[BitD];
    done_entry_o.pwt     = leaf[BitPwt];
    done_entry_o.pcd     = leaf[BitPcd];
    unique case (leaf_q)
      2'd2: begin
        done_entry_o.size = mmu_pkg::Page1G;
        done_entry_o.ppn  = {leaf[mmu_pkg::PhysAddrW-1:30], 18'd0};
      end
      2'd1: begin
        done_entry_o.size = mmu_pkg::Page2M;
        done_entry_o.ppn  = {leaf[mmu_pkg::PhysAddrW-1:21], 9'd0};
      end
      default: begin
        done_entry_o.size = mmu_pkg::Page4K;
        done_entry_o.ppn  = leaf[mmu_pkg::PhysAddrW-1:12];
      end
    endcase
  end

  assign done_o        = (state_q == WDone);
  assign done_status_o = status_q;
  assign done_err_o    = err_q;

  // PSC fills: the non-leaf entries of a walk that completed without fault.
  assign psc_fill_o.valid            = (state_q == WDone) && status_q == mmu_pkg::RspOk &&
                                       (!kill_i || inj_ptwkill);
  assign psc_fill_o.vpn              = vpn_q;
  assign psc_fill_o.pcid             = pcid_i;
  assign psc_fill_o.pml4e            = used_q[3];
  assign psc_fill_o.pdpte            = used_q[2] && leaf_q != 2'd2;
  assign psc_fill_o.pde              = used_q[1] && leaf_q == 2'd0;
  assign psc_fill_o.pml4e_ent.ppn    = ent_q[3][mmu_pkg::PhysAddrW-1:12];
  assign psc_fill_o.pdpte_ent.ppn    = ent_q[2][mmu_pkg::PhysAddrW-1:12];
  assign psc_fill_o.pde_ent.ppn      = ent_q[1][mmu_pkg::PhysAddrW-1:12];
  assign psc_fill_o.pml4e_ent.rights = mmu_pkg::rights_t'(rts_q[3]);
  assign psc_fill_o.pdpte_ent.rights = mmu_pkg::rights_t'(rts_q[2]);
  assign psc_fill_o.pde_ent.rights   = mmu_pkg::rights_t'(rts_q[1]);

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  // A kill is remembered until the next walk is accepted; a request held on the memory port
  // from before the kill is not a new one, nor is one presented in the kill's own cycle (the
  // port's valid comes from state_q: it was decided before the kill was seen).
  logic a_killed_q, a_held_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_killed_q <= 1'b0;
      a_held_q   <= 1'b0;
    end else begin
      if (kill_i) a_killed_q <= 1'b1;
      else if (req_valid_i && req_ready_o) a_killed_q <= 1'b0;
      a_held_q <= mem_req_valid_o && !mem_req_ready_i;
    end
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_no_req_after_kill: assert (!(mem_req_valid_o && !a_held_q) || !a_killed_q)
      else $error("ptw: a memory request after a kill");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_no_result_after_kill: assert ((!done_o || !a_killed_q) && (!psc_fill_o.valid ||
        (!a_killed_q && !kill_i)))
      else $error("ptw: a result or PSC fill from a killed walk");
  end
  assert_held #(.W($bits({mem_req_cas_o, mem_req_addr_o, mem_req_expect_o, mem_req_wdata_o})),
                .Msg("ptw: the memory request changed or dropped before it was taken"))
    a_mem_req_stable (
      .clk_i, .rst_ni, .valid_i(mem_req_valid_o), .ready_i(mem_req_ready_i),
      .pay_i({mem_req_cas_o, mem_req_addr_o, mem_req_expect_o, mem_req_wdata_o})
    );
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_rsp_has_req: assert (!mem_rsp_valid_i || (state_q inside {WReadRsp, WCasRsp, WKillRsp}))
      else $error("ptw: a memory response with no request waiting for it");
  end
  // The walk's own access check: a translation answered RspOk allows the access it was
  // walked for (U/S, R/W with WP, XD with NXE, SMEP, SMAP: docs/semantics.md rule 6).
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_ok_rights: assert (!(done_o && done_status_o == mmu_pkg::RspOk) ||
        mmu_pkg::rights_ok(done_entry_o.u, done_entry_o.w, done_entry_o.xd, kind_q, user_q,
                           wp_i, nxe_i, smep_i, smap_i))
      else $error("ptw: a translation answered RspOk that its rights forbid");
  end
`endif

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The control registers and the command port: CR3, CR0.WP, CR4 (PCIDE, PGE, SMEP, SMAP),
// EFER.NXE, INVLPG, INVPCID, counter reads. The #GP rules and the invalidation each operation
// requires are those of docs/semantics.md.
//
// A command that writes state or invalidates is accepted only while the block is idle. In the
// cycle it is accepted it raises kill_o: every walk or miss in flight is dropped and will be
// replayed. Then it waits until the walker and the miss handler are quiet, broadcasts its
// invalidation (with its own operands, registered at acceptance) to every TLB and the PSC,
// waits for the TLBs to finish, and answers. busy_o keeps new lookups out meanwhile, so no
// translation made before the command completes is used after it. A cache maintenance
// command (CsrCache) kills nothing: it is handed to the L1 D-cache, which takes it once no
// access is in flight.
module mmu_csr (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic             req_valid_i,
  output logic             req_ready_o,
  input  mmu_pkg::csr_op_e          req_op_i,
  input  logic [63:0]      req_arg0_i,
  input  logic [63:0]      req_arg1_i,
  input  logic [63:0]      req_arg2_i,
  output logic             rsp_valid_o,
  output logic             rsp_gp_o,
  output logic [63:0]      rsp_rdata_o,

  // The registers.
  output logic [mmu_pkg::PpnW-1:0]  cr3_ppn_o,
  output logic [mmu_pkg::PcidW-1:0] pcid_o,     // current PCID: CR3[11:0] while PCIDE=1, else 000H
  output logic             wp_o,
  output logic             pge_o,
  output logic             smep_o,
  output logic             smap_o,
  output logic             nxe_o,

  output logic             kill_o,
  output logic             busy_o,
  input  logic             quiet_i,      // walker and miss handler idle
  input  logic             tlbs_ready_i, // every TLB can take an invalidation

  output mmu_pkg::inv_req_t         inv_o,

  // L1 D-cache maintenance (CsrCache): presented until taken, then its response awaited.
  // mnt_pending_o keeps new loads and stores out meanwhile (the cache takes maintenance only
  // while no access is in flight).
  output logic             mnt_req_valid_o,
  input  logic             mnt_req_ready_i,
  output mmu_pkg::dc_mnt_e mnt_req_op_o,
  output logic [mmu_pkg::PhysAddrW-1:0] mnt_req_addr_o,
  input  logic             mnt_rsp_valid_i,
  input  logic             mnt_rsp_err_i,
  output logic             mnt_pending_o,

  output logic [5:0]       cnt_idx_o,
  input  logic [63:0]      cnt_value_i,

  output logic             ev_gp_o,
  output logic             ev_inv_o
);

  typedef enum logic [2:0] {
    CIdle,      // ready for a command
    CDrain,     // wait for the killed walk and miss to finish
    CInv,       // broadcast the invalidation
    CInvWait,   // wait for the TLBs to complete it
    CRsp,       // answer
    CMnt,       // cache maintenance: present it to the cache
    CMntWait    // ... and wait for the cache's answer
  } csr_state_e;

  csr_state_e       state_q, state_d;
  logic [63:0]      cr3_q, cr3_d;         // bit 63 is never stored
  logic             pcide_q, pcide_d, wp_q, wp_d, pge_q, pge_d;
  logic             smep_q, smep_d, smap_q, smap_d, nxe_q, nxe_d;
  logic             gp_q, gp_d;
  logic [5:0]       idx_q, idx_d;
  logic             rd_q, rd_d;
  logic             mnt_err_q, mnt_err_d;
  mmu_pkg::dc_mnt_e mnt_op_q;
  logic [mmu_pkg::PhysAddrW-1:0] mnt_addr_q;
  mmu_pkg::inv_e             inv_kind_q, inv_kind_d;
  logic [mmu_pkg::VpnW-1:0]  inv_vpn_q, inv_vpn_d;
  logic [mmu_pkg::PcidW-1:0] inv_pcid_q, inv_pcid_d;
  logic             inv_global_q, inv_global_d;

  logic accept, inv_valid;
  assign accept = req_valid_i && req_ready_o;

  // Decode of the command presented: #GP, new register values, the invalidation it needs.
  logic             dec_gp, dec_kill;
  mmu_pkg::inv_e             dec_kind;
  logic [mmu_pkg::VpnW-1:0]  dec_vpn;
  logic [mmu_pkg::PcidW-1:0] dec_pcid;
  logic             dec_global;
  logic [63:0]      a0, a1, a2;
  assign a0 = req_arg0_i;
  assign a1 = req_arg1_i;
  assign a2 = req_arg2_i;

  always_comb begin
    dec_gp     = 1'b0;
    dec_kill   = 1'b1;
    dec_kind   = mmu_pkg::InvNone;
    dec_vpn    = '0;
    dec_pcid   = '0;
    dec_global = 1'b0;
    cr3_d      = cr3_q;
    pcide_d    = pcide_q;
    wp_d       = wp_q;
    pge_d      = pge_q;
    smep_d     = smep_q;
    smap_d     = smap_q;
    nxe_d      = nxe_q;

    // Decoded only while a command is presented: every use of the decode is under accept.
    if (req_valid_i) begin
      unique case (req_op_i)
        mmu_pkg::CsrWrCr3: begin
          // Bits 62:MAXPHYADDR set, or bit 63 with PCIDE=0: #GP.
          if (|a0[62:mmu_pkg::PhysAddrW] || (!pcide_q && a0[63])) begin
            dec_gp = 1'b1;
          end else begin
            cr3_d = {1'b0, a0[62:0]};
            if (!pcide_q) begin
              dec_kind = mmu_pkg::InvPcid;            // all non-global of PCID 000H
            end else if (!a0[63]) begin
              dec_kind = mmu_pkg::InvPcid;            // all non-global of the new PCID
              dec_pcid = a0[mmu_pkg::PcidW-1:0];
            end                              // PCIDE=1, bit 63=1: nothing
          end
        end
        mmu_pkg::CsrWrCr0: wp_d = a0[mmu_pkg::Cr0WpBit];
        mmu_pkg::CsrWrCr4: begin
          // Setting PCIDE while CR3[11:0] != 0: #GP.
          if (!pcide_q && a0[mmu_pkg::Cr4PcideBit] && cr3_q[11:0] != '0) begin
            dec_gp = 1'b1;
          end else begin
            pcide_d = a0[mmu_pkg::Cr4PcideBit];
            pge_d   = a0[mmu_pkg::Cr4PgeBit];
            smep_d  = a0[mmu_pkg::Cr4SmepBit];
            smap_d  = a0[mmu_pkg::Cr4SmapBit];
            // Changing PGE, or PCIDE 1 -> 0: everything, globals included.
            if (pge_d != pge_q || (pcide_q && !pcide_d)) dec_kind = mmu_pkg::InvAll;
          end
        end
        mmu_pkg::CsrWrEfer: nxe_d = a0[mmu_pkg::EferNxeBit];
        mmu_pkg::CsrInvlpg: begin
          // The page of VA, current PCID and globals; a non-canonical VA is a no-op.
          if (mmu_pkg::va_canonical(a0[63:47])) begin
            dec_kind   = mmu_pkg::InvAddr;
            dec_vpn    = a0[47:12];
            dec_pcid   = pcide_q ? cr3_q[mmu_pkg::PcidW-1:0] : '0;
            dec_global = 1'b1;
          end
        end
        mmu_pkg::CsrInvpcid: begin
          // Type > 3, PCID > 4095, type 0 with a non-canonical VA, types 0/1 naming a PCID
          // other than 000H while PCIDE=0: #GP.
          if (a0 > 64'd3 || a1 > 64'd4095 || (a0 == 64'd0 && !mmu_pkg::va_canonical(a2[63:47])) ||
              (a0 <= 64'd1 && !pcide_q && a1 != 64'd0)) begin
            dec_gp = 1'b1;
          end else begin
            dec_pcid = a1[mmu_pkg::PcidW-1:0];
            dec_vpn  = a2[47:12];
            unique case (a0[1:0])
              2'd0:    dec_kind = mmu_pkg::InvAddr;          // that page, that PCID, non-global
              2'd1:    dec_kind = mmu_pkg::InvPcid;          // all non-global of that PCID
              2'd2:    dec_kind = mmu_pkg::InvAll;           // all, global included
              default: dec_kind = mmu_pkg::InvAllNonGlobal;  // all non-global, every PCID
            endcase
          end
        end
        mmu_pkg::CsrRdCounter: begin
          dec_kill = 1'b0;
          if (a0 >= 64'(mmu_pkg::NumCounters)) dec_gp = 1'b1;
        end
        mmu_pkg::CsrCache: begin
          // No translation changes: nothing is killed. An unknown operation: #GP.
          dec_kill = 1'b0;
          if (a0 > 64'(mmu_pkg::MntZeroLine)) dec_gp = 1'b1;
        end
        default: dec_gp = 1'b1;
      endcase
    end
    if (dec_gp) dec_kill = 1'b0;
  end

  always_comb begin
    state_d      = state_q;
    gp_d         = gp_q;
    idx_d        = idx_q;
    rd_d         = rd_q;
    inv_kind_d   = inv_kind_q;
    inv_vpn_d    = inv_vpn_q;
    inv_pcid_d   = inv_pcid_q;
    inv_global_d = inv_global_q;
    mnt_err_d    = mnt_err_q;
    inv_valid    = 1'b0;
    ev_inv_o     = 1'b0;
    mnt_req_valid_o = 1'b0;

    unique case (state_q)
      CIdle: begin
        if (accept) begin
          gp_d         = dec_gp;
          rd_d         = req_op_i == mmu_pkg::CsrRdCounter;
          idx_d        = a0[5:0];
          inv_kind_d   = dec_kind;
          inv_vpn_d    = dec_vpn;
          inv_pcid_d   = dec_pcid;
          inv_global_d = dec_global;
          mnt_err_d    = 1'b0;
          state_d      = dec_kill ? CDrain : CRsp;
          if (req_op_i == mmu_pkg::CsrCache && !dec_gp) state_d = CMnt;
        end
      end
      CMnt: begin
        mnt_req_valid_o = 1'b1;
        if (mnt_req_ready_i) state_d = CMntWait;
      end
      CMntWait: begin
        if (mnt_rsp_valid_i) begin
          mnt_err_d = mnt_rsp_err_i;
          state_d   = CRsp;
        end
      end
      CDrain: if (quiet_i) state_d = CInv;
      CInv: begin
        if (inv_kind_q == mmu_pkg::InvNone) begin
          state_d = CRsp;
        end else if (tlbs_ready_i) begin
          inv_valid   = 1'b1;
          ev_inv_o    = 1'b1;
          state_d     = CInvWait;
        end
      end
      CInvWait: if (tlbs_ready_i) state_d = CRsp;
      CRsp:     state_d = CIdle;
      default:  state_d = CIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      // Reset state of the hardware-level scenarios (docs/scenario.md, "Hardware level").
      state_q      <= CIdle;
      cr3_q        <= '0;
      pcide_q      <= 1'b0;
      wp_q         <= 1'b1;
      pge_q        <= 1'b1;
      smep_q       <= 1'b0;
      smap_q       <= 1'b0;
      nxe_q        <= 1'b1;
      gp_q         <= 1'b0;
      idx_q        <= '0;
      rd_q         <= 1'b0;
      mnt_err_q    <= 1'b0;
      mnt_op_q     <= mmu_pkg::MntWbInvAll;
      mnt_addr_q   <= '0;
      inv_kind_q   <= mmu_pkg::InvNone;
      inv_vpn_q    <= '0;
      inv_pcid_q   <= '0;
      inv_global_q <= 1'b0;
    end else begin
      state_q      <= state_d;
      gp_q         <= gp_d;
      idx_q        <= idx_d;
      rd_q         <= rd_d;
      mnt_err_q    <= mnt_err_d;
      if (accept) begin
        mnt_op_q   <= mmu_pkg::dc_mnt_e'(a0[2:0]);
        mnt_addr_q <= a1[mmu_pkg::PhysAddrW-1:0];
      end
      inv_kind_q   <= inv_kind_d;
      inv_vpn_q    <= inv_vpn_d;
      inv_pcid_q   <= inv_pcid_d;
      inv_global_q <= inv_global_d;
      if (accept && !dec_gp) begin
        cr3_q   <= cr3_d;
        pcide_q <= pcide_d;
        wp_q    <= wp_d;
        pge_q   <= pge_d;
        smep_q  <= smep_d;
        smap_q  <= smap_d;
        nxe_q   <= nxe_d;
      end
    end
  end

  assign req_ready_o = state_q == CIdle;
  assign rsp_valid_o = state_q == CRsp;
  assign rsp_gp_o    = gp_q;
  assign rsp_rdata_o = (rd_q && !gp_q) ? cnt_value_i : 64'(mnt_err_q);
  assign mnt_req_op_o   = mnt_op_q;
  assign mnt_req_addr_o = mnt_addr_q;
  assign mnt_pending_o  = (state_q == CMnt) || (state_q == CMntWait);
  assign cnt_idx_o   = idx_q;

  assign kill_o  = accept && dec_kill;
  assign busy_o  = (state_q == CDrain) || (state_q == CInv) || (state_q == CInvWait);
  assign ev_gp_o = accept && dec_gp;

  assign cr3_ppn_o = cr3_q[mmu_pkg::PhysAddrW-1:12];
  assign pcid_o    = pcide_q ? cr3_q[mmu_pkg::PcidW-1:0] : '0;
  assign wp_o      = wp_q;
  assign pge_o     = pge_q;
  assign smep_o    = smep_q;
  assign smap_o    = smap_q;
  assign nxe_o     = nxe_q;

  assign inv_o.valid       = inv_valid;
  assign inv_o.kind        = inv_kind_q;
  assign inv_o.vpn         = inv_vpn_q;
  assign inv_o.pcid        = inv_pcid_q;
  assign inv_o.incl_global = inv_global_q;

  logic unused_a2;
  assign unused_a2 = ^a2[11:0];

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
`ifdef VERILATOR

  logic a_pend_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)          a_pend_q <= 1'b0;
    else if (accept)      a_pend_q <= 1'b1;
    else if (rsp_valid_o) a_pend_q <= 1'b0;
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_rsp_has_req: assert ((!rsp_valid_o || a_pend_q) && (!accept || !a_pend_q))
      else $error("mmu_csr: a response with no command, or two commands at once");
  end
  // The broadcast reaches TLBs that can take it, with nothing in flight to refill them.
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_inv_ready: assert (!inv_o.valid ||
        (tlbs_ready_i && quiet_i && inv_o.kind != mmu_pkg::InvNone))
      else $error("mmu_csr: an invalidation broadcast while a TLB is busy or a walk runs");
  end
  // The walker reads the control state as stable: it changes only with a kill (the state and
  // the kill of the edge before are registered at every edge, as $past would keep them).
  logic [$bits({cr3_q, pcide_q, wp_q, pge_q, smep_q, smap_q, nxe_q})-1:0] a_ctl_pay, a_ctl_q;
  logic a_kill_q;
  assign a_ctl_pay = {cr3_q, pcide_q, wp_q, pge_q, smep_q, smap_q, nxe_q};
  always_ff @(posedge clk_i) begin
    a_ctl_q  <= a_ctl_pay;
    a_kill_q <= kill_o;
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_state_kills: assert (a_ctl_pay == a_ctl_q || a_kill_q)
      else $error("mmu_csr: a control register changed without killing the walk");
  end
  assert_held #(.W($bits({mnt_req_op_o, mnt_req_addr_o})),
                .Msg("mmu_csr: the maintenance request changed or dropped before it was taken"))
    a_mnt_stable (
      .clk_i, .rst_ni, .valid_i(mnt_req_valid_o), .ready_i(mnt_req_ready_i),
      .pay_i({mnt_req_op_o, mnt_req_addr_o})
    );
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_mnt_rsp_has_req: assert (!mnt_rsp_valid_i || (state_q == CMntWait))
      else $error("mmu_csr: a maintenance answer with no request waiting for it");
  end
`endif

endmodule

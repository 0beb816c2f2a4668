// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The assertion test's bench (tests/suites/29-rtl-assert.sh, docs/assertions.md): one short
// directed run of a fully associative TLB array, a paging-structure cache, the AXI4 master
// and the page walker, built once with --assert and OPENMMU_INJECT_ASSERT.
//
// Without +inject the run checks its own results (a refill overwrites its page, an
// invalidated PSC entry misses, a line read and a line write complete, a walk translates and
// fills the PSC, a walk killed as it completes fills nothing) and ends with "tb_assert: ok";
// no assertion may fail. With +inject=NAME one bug of the RTL is switched on and the
// assertion that guards against it must stop the run.
module tb_assert;
  import mmu_pkg::*;

  logic clk = 1'b0, rst_n = 1'b0;
  always #5 clk = ~clk;
  int errors = 0;

  task automatic check(bit ok, string what);
    if (!ok) begin
      $display("tb_assert: FAIL %s", what);
      errors++;
    end
  endtask

  // ---- fully associative TLB array ----
  logic        fa_lk_valid = 1'b0, fa_fill_valid = 1'b0, fa_hit, fa_ready;
  logic [VpnW-1:0]  fa_lk_vpn = '0;
  logic [PcidW-1:0] fa_lk_pcid = '0;
  tlb_entry_t  fa_fill_entry = '0, fa_entry;
  tlb_fa #(.Entries(4)) u_fa (
    .clk_i(clk), .rst_ni(rst_n),
    .lookup_valid_i(fa_lk_valid), .lookup_vpn_i(fa_lk_vpn), .lookup_pcid_i(fa_lk_pcid),
    .lookup_hit_o(fa_hit), .lookup_entry_o(fa_entry),
    .fill_valid_i(fa_fill_valid), .fill_entry_i(fa_fill_entry),
    .inv_valid_i(1'b0), .inv_kind_i(InvNone), .inv_vpn_i('0), .inv_pcid_i('0),
    .inv_global_i(1'b0), .ready_o(fa_ready)
  );

  // ---- paging-structure cache ----
  logic        pc_fill_valid = 1'b0, pc_inv_valid = 1'b0, pc_hit;
  logic [8:0]  pc_tag = '0;
  logic [PpnW-1:0] pc_ppn;
  logic [2:0]  pc_rights;
  psc_array #(.Entries(4), .TagW(9)) u_psc (
    .clk_i(clk), .rst_ni(rst_n),
    .lookup_tag_i(pc_tag), .lookup_pcid_i(12'd1), .lookup_hit_o(pc_hit),
    .lookup_ppn_o(pc_ppn), .lookup_rights_o(pc_rights),
    .fill_valid_i(pc_fill_valid), .fill_tag_i(pc_tag), .fill_pcid_i(12'd1),
    .fill_ppn_i(PpnW'(28'h77)), .fill_rights_i(3'b110),
    .inv_valid_i(pc_inv_valid), .inv_all_i(1'b0), .inv_pcid_i(12'd1)
  );

  // ---- AXI4 master against a slave that stalls every address for three cycles ----
  logic        rd_valid = 1'b0, rd_ready, rd_beat_valid, rd_beat_last, rd_beat_err;
  logic [PhysAddrW-1:0] rd_addr = '0;
  logic [63:0] rd_beat_data;
  logic        wr_valid = 1'b0, wr_ready, wr_done, wr_err;
  logic [2:0]  wr_idx;
  logic        awid, awvalid, awready, wlast, wvalid, wready, bvalid, bready;
  logic        arid, arvalid, arready, rlast, rvalid, rready;
  logic [PhysAddrW-1:0] awaddr, araddr;
  logic [7:0]  awlen, arlen, wstrb;
  logic [2:0]  awsize, arsize;
  logic [1:0]  awburst, arburst;
  logic [3:0]  awcache, arcache;
  logic [63:0] wdata, rdata;
  axi_master u_axi (
    .clk_i(clk), .rst_ni(rst_n),
    .rd_req_valid_i(rd_valid), .rd_req_ready_o(rd_ready), .rd_req_addr_i(rd_addr),
    .rd_req_line_i(1'b1), .rd_req_size_i(2'd3), .rd_beat_valid_o(rd_beat_valid),
    .rd_beat_data_o(rd_beat_data), .rd_beat_last_o(rd_beat_last), .rd_beat_err_o(rd_beat_err),
    .wr_req_valid_i(wr_valid), .wr_req_ready_o(wr_ready), .wr_req_addr_i(PhysAddrW'('h2000)),
    .wr_req_line_i(1'b1), .wr_req_size_i(2'd3), .wr_beat_idx_o(wr_idx),
    .wr_beat_data_i(64'(wr_idx)), .wr_beat_strb_i(8'hff), .wr_done_o(wr_done), .wr_err_o(wr_err),
    .m_awid_o(awid), .m_awaddr_o(awaddr), .m_awlen_o(awlen), .m_awsize_o(awsize),
    .m_awburst_o(awburst), .m_awcache_o(awcache), .m_awvalid_o(awvalid), .m_awready_i(awready),
    .m_wdata_o(wdata), .m_wstrb_o(wstrb), .m_wlast_o(wlast), .m_wvalid_o(wvalid),
    .m_wready_i(wready), .m_bid_i(1'b0), .m_bresp_i(2'b00), .m_bvalid_i(bvalid),
    .m_bready_o(bready), .m_arid_o(arid), .m_araddr_o(araddr), .m_arlen_o(arlen),
    .m_arsize_o(arsize), .m_arburst_o(arburst), .m_arcache_o(arcache), .m_arvalid_o(arvalid),
    .m_arready_i(arready), .m_rid_i(1'b0), .m_rdata_i(rdata), .m_rresp_i(2'b00),
    .m_rlast_i(rlast), .m_rvalid_i(rvalid), .m_rready_o(rready)
  );

  // The slave: an address waits three cycles for READY; read beats follow one a cycle; every
  // W beat is taken at once; B comes the cycle after WLAST.
  int ar_wait = 0, aw_wait = 0, r_left = 0, w_beats = 0, r_beats = 0;
  logic [PhysAddrW-1:0] ar_seen = '0;
  logic b_due = 1'b0, w_last_ok = 1'b1;
  assign arready = arvalid && ar_wait == 3;
  assign awready = awvalid && aw_wait == 3;
  assign rvalid  = r_left != 0;
  assign rlast   = r_left == 1;
  assign rdata   = 64'(ar_seen) + 64'(8 - r_left);
  assign wready  = wvalid;
  assign bvalid  = b_due;
  always_ff @(posedge clk) begin
    ar_wait <= (arvalid && !arready) ? ar_wait + 1 : 0;
    aw_wait <= (awvalid && !awready) ? aw_wait + 1 : 0;
    if (arvalid && arready) begin
      r_left  <= int'(arlen) + 1;
      ar_seen <= araddr;
    end else if (rvalid && rready) begin
      r_left  <= r_left - 1;
      r_beats <= r_beats + 1;
    end
    if (wvalid && wready) begin
      w_beats <= w_beats + 1;
      if (wlast != (w_beats % 8 == 7)) w_last_ok <= 1'b0;
    end
    b_due <= wvalid && wready && wlast;
  end

  // ---- page walker against a memory of present non-leaf entries and a 4 KiB leaf ----
  logic        wk_req_valid = 1'b0, wk_req_ready, wk_done, wk_idle, wk_kill_at_done = 1'b0;
  logic        wk_kill, wk_psc_fill, wk_mreq_valid, wk_mreq_cas, wk_mrsp_valid = 1'b0;
  rsp_status_e wk_status;
  tlb_entry_t  wk_entry;
  logic [4:0]  wk_err;
  logic [PhysAddrW-1:0] wk_mreq_addr;
  logic [63:0] wk_mreq_expect, wk_mreq_wdata;
  int          wk_fills = 0;
  assign wk_kill = wk_kill_at_done && wk_done;
  // P, R/W, U/S and A set; the frame 0x200.
  localparam logic [63:0] Pte = 64'h0000_0000_0020_0027;
  ptw u_ptw (
    .clk_i(clk), .rst_ni(rst_n),
    .cr3_ppn_i(PpnW'('h100)), .pcid_i('0), .wp_i(1'b1), .nxe_i(1'b1), .smep_i(1'b0),
    .smap_i(1'b0), .pge_i(1'b1), .kill_i(wk_kill),
    .req_valid_i(wk_req_valid), .req_ready_o(wk_req_ready), .req_vpn_i(VpnW'(1)),
    .req_kind_i(AccRead), .req_user_i(1'b0),
    .done_o(wk_done), .done_status_o(wk_status), .done_entry_o(wk_entry), .done_err_o(wk_err),
    .idle_o(wk_idle),
    .psc_lookup_vpn_o(), .psc_lookup_pcid_o(), .psc_lookup_hit_i(1'b0),
    .psc_lookup_level_i(2'd0), .psc_lookup_ppn_i('0), .psc_lookup_rights_i('0),
    .psc_fill_valid_o(wk_psc_fill), .psc_fill_vpn_o(), .psc_fill_pcid_o(),
    .psc_fill_pml4e_o(), .psc_fill_pdpte_o(), .psc_fill_pde_o(), .psc_fill_pml4e_ppn_o(),
    .psc_fill_pdpte_ppn_o(), .psc_fill_pde_ppn_o(), .psc_fill_pml4e_rights_o(),
    .psc_fill_pdpte_rights_o(), .psc_fill_pde_rights_o(),
    .mem_req_valid_o(wk_mreq_valid), .mem_req_ready_i(1'b1), .mem_req_cas_o(wk_mreq_cas),
    .mem_req_addr_o(wk_mreq_addr), .mem_req_expect_o(wk_mreq_expect),
    .mem_req_wdata_o(wk_mreq_wdata), .mem_rsp_valid_i(wk_mrsp_valid), .mem_rsp_err_i(1'b0),
    .mem_rsp_rdata_i(Pte),
    .ev_walk_o(), .ev_mem_ref_o(), .ev_mem_ref_level_o(), .ev_psc_pml4e_hit_o(),
    .ev_psc_pdpte_hit_o(), .ev_psc_pde_hit_o(), .ev_ad_update_o(), .ev_ad_retry_o()
  );
  always_ff @(posedge clk) begin
    wk_mrsp_valid <= wk_mreq_valid;   // taken at once, answered the next cycle
    if (wk_psc_fill) wk_fills <= wk_fills + 1;
  end

  task automatic cycles(int n);
    repeat (n) @(negedge clk);
  endtask

  task automatic walk(bit kill_at_done);
    wk_kill_at_done = kill_at_done;
    @(negedge clk);
    wk_req_valid = 1'b1;
    @(negedge clk);
    wk_req_valid = 1'b0;
    while (!wk_done) @(negedge clk);
    if (!kill_at_done) begin
      check(wk_status == RspOk && wk_entry.ppn == PpnW'('h200) && wk_entry.size == Page4K,
            "the walk translates to frame 0x200");
    end
    @(negedge clk);
    wk_kill_at_done = 1'b0;
    cycles(2);
  endtask

  tlb_entry_t e;
  int fills_before;
  initial begin
    cycles(3);
    rst_n = 1'b1;
    cycles(2);

    // A page filled twice is held once: the lookup finds the second fill's frame.
    e = '0;
    e.vpn = VpnW'('h123); e.pcid = 12'd1; e.size = Page2M; e.ppn = PpnW'('h55 << 9); e.w = 1'b1;
    fa_fill_entry = e; fa_fill_valid = 1'b1;
    cycles(1); fa_fill_valid = 1'b0; cycles(1);
    e.ppn = PpnW'('h66 << 9);
    fa_fill_entry = e; fa_fill_valid = 1'b1;
    cycles(1); fa_fill_valid = 1'b0; cycles(1);
    fa_lk_vpn = VpnW'('h123); fa_lk_pcid = 12'd1; fa_lk_valid = 1'b1;
    cycles(1); fa_lk_valid = 1'b0;
    check(fa_hit && fa_entry.ppn == PpnW'('h66 << 9), "the refilled page hits with its new frame");
    cycles(1);

    // An invalidated PSC entry is gone.
    pc_tag = 9'd5; pc_fill_valid = 1'b1;
    cycles(1); pc_fill_valid = 1'b0;
    check(pc_hit && pc_ppn == PpnW'('h77), "the PSC entry hits after its fill");
    cycles(1); pc_inv_valid = 1'b1;
    cycles(1); pc_inv_valid = 1'b0;
    cycles(1);
    check(!pc_hit, "the PSC entry misses after its invalidation");

    // A line read (the next request waits with another address meanwhile), then a line write.
    rd_addr = PhysAddrW'('h1040); rd_valid = 1'b1;
    cycles(1); rd_addr = PhysAddrW'('h3000);
    while (!rd_ready) cycles(1);
    cycles(1); rd_valid = 1'b0;
    while (!rd_ready) cycles(1);
    check(r_beats == 16 && ar_seen == PhysAddrW'('h3000), "two line reads of 8 beats each");
    wr_valid = 1'b1;
    cycles(1); wr_valid = 1'b0;
    while (!wr_ready) cycles(1);
    check(w_beats == 8 && w_last_ok, "a line write of 8 beats, WLAST on the last");

    // A walk fills the PSC; a walk killed as it completes does not.
    walk(1'b0);
    check(wk_fills == 1, "a completed walk fills the PSC");
    fills_before = wk_fills;
    walk(1'b1);
    check(wk_fills == fills_before, "a walk killed as it completes fills nothing");

    if (errors != 0) $fatal(1, "tb_assert: %0d checks failed", errors);
    $display("tb_assert: ok");
    $finish;
  end

  initial begin
    #20000;
    $fatal(1, "tb_assert: FAIL timeout");
  end

  logic unused;
  assign unused = ^{fa_ready, pc_rights, rd_beat_valid, rd_beat_data, rd_beat_last, rd_beat_err,
                    wr_done, wr_err, awid, awaddr, awsize, awburst, awcache, wdata, wstrb, bready,
                    arid, arsize, arburst, arcache, wk_req_ready, wk_idle, wk_err, wk_mreq_cas,
                    wk_mreq_addr, wk_mreq_expect, wk_mreq_wdata};
endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// L1 data cache: virtually indexed, physically tagged, write-back, write-allocate,
// tree-PLRU, 64-byte lines (default 32 KiB, 8 ways, 64 sets).
//
// Pipeline. A request is accepted in stage 0 with its page offset (for the CPU port the
// virtual address's, read in the same cycle the dTLB is looked up): the tag and data arrays
// of its set are read (one-cycle synchronous read). In stage 1 the physical tag is compared
// with every way's tag; a hit completes there and its response is registered, so a load
// hit's data is out two cycles after the request was presented (load-to-use 2) and one
// access is accepted per cycle.
//
// Ports.
//  - CPU (load/store): stage 0 gives the page offset, op, size and store data; the
//    translation comes later (cpu_xlat_*: the cycle after acceptance on a TLB hit, any
//    later cycle after a TLB miss). A translation with ok=0 (a fault) completes without a
//    memory access. uc=1 (PCD) makes the access uncached: a dirty copy of the line is
//    written back and the line invalidated (self-snoop), then one AXI beat. Opaque info bits
//    travel with the translation to the response. Responses come in request order.
//  - Physical (the page walker and the C side): load, store, and an 8-byte compare-and-swap
//    that returns the old value; one accepted a cycle on hits, answered in order. Every
//    access goes through the single compare stage one at a time, so a CAS is atomic with
//    respect to every other access.
//  - Maintenance: write back + invalidate all, invalidate all, write back / invalidate /
//    write back + invalidate one physical line, and zero one physical line: the line is
//    allocated (its victim written back if dirty) and written with zeroes, 8 words in 8
//    cycles, and left dirty, without reading memory (CLZERO, DC ZVA): a page clear is 64
//    of them instead of 512 stores and 64 fills. Accepted only while no access is in flight.
// Accesses stay within one aligned 8-byte word (the requester splits): data is right-
// aligned (loads zero-extended, stores from the low bytes).
//
// Misses are blocking (one miss in flight): the ports answer in request order and a miss
// holds its port, so a later hit could not be answered before it anyway; the walker's
// physical port has its own slot and is served while a CPU access waits for its
// translation (which the walker is producing). A miss with a dirty victim writes the victim
// back first, then fills (sequentially). An AXI error on a fill or a write-back completes
// the access with mce=1 (never data); a line whose write-back failed is dropped.
module dcache #(
  parameter int unsigned SizeBytes = 32768,
  parameter int unsigned Ways      = 8,
  parameter int unsigned LineBytes = 64,
  parameter int unsigned InfoW     = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // CPU port: stage 0.
  input  logic                 cpu_req_valid_i,
  output logic                 cpu_req_ready_o,
  input  mmu_pkg::dc_op_e       cpu_req_op_i,     // DcLoad or DcStore
  input  logic [11:0]          cpu_req_off_i,    // VA[11:0]
  input  logic [1:0]           cpu_req_size_i,
  input  logic [63:0]          cpu_req_wdata_i,
  // CPU port: the translation, and the response.
  input  logic                 cpu_xlat_valid_i,
  input  logic                 cpu_xlat_ok_i,
  input  logic [mmu_pkg::PpnW-1:0]      cpu_xlat_ppn_i,
  input  logic                 cpu_xlat_uc_i,
  input  logic [InfoW-1:0]     cpu_xlat_info_i,
  output logic                 cpu_rsp_valid_o,
  output logic                 cpu_rsp_mce_o,
  output logic [63:0]          cpu_rsp_rdata_o,
  output logic [InfoW-1:0]     cpu_rsp_info_o,

  // Physical port.
  input  logic                 ph_req_valid_i,
  output logic                 ph_req_ready_o,
  input  mmu_pkg::dc_op_e       ph_req_op_i,      // DcLoad, DcStore or DcCas
  input  logic [mmu_pkg::PhysAddrW-1:0] ph_req_addr_i,
  input  logic [1:0]           ph_req_size_i,
  input  logic [63:0]          ph_req_wdata_i,
  input  logic [63:0]          ph_req_expect_i,
  output logic                 ph_rsp_valid_o,
  output logic                 ph_rsp_mce_o,
  output logic [63:0]          ph_rsp_rdata_o,

  // Maintenance port.
  input  logic                 mnt_req_valid_i,
  output logic                 mnt_req_ready_o,
  input  mmu_pkg::dc_mnt_e      mnt_req_op_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] mnt_req_addr_i,
  output logic                 mnt_rsp_valid_o,
  output logic                 mnt_rsp_err_o,    // a write-back failed (its line is lost)

  // Memory side (rtl/axi/axi_master.sv).
  output logic                 rd_req_valid_o,
  input  logic                 rd_req_ready_i,
  output logic [mmu_pkg::PhysAddrW-1:0] rd_req_addr_o,
  output logic                 rd_req_line_o,
  output logic [1:0]           rd_req_size_o,
  input  logic                 rd_beat_valid_i,
  input  logic [63:0]          rd_beat_data_i,
  input  logic                 rd_beat_last_i,
  input  logic                 rd_beat_err_i,
  output logic                 wr_req_valid_o,
  input  logic                 wr_req_ready_i,
  output logic [mmu_pkg::PhysAddrW-1:0] wr_req_addr_o,
  output logic                 wr_req_line_o,
  output logic [1:0]           wr_req_size_o,
  input  logic [2:0]           wr_beat_idx_i,
  output logic [63:0]          wr_beat_data_o,
  output logic [7:0]           wr_beat_strb_o,
  input  logic                 wr_done_i,
  input  logic                 wr_err_i,

  // Events for the performance counters.
  output logic                 ev_hit_o,
  output logic                 ev_miss_o,
  output logic                 ev_wb_o,
  output logic                 ev_uc_o,
  output logic                 ev_stall_o,
  output logic                 ev_ph_o      // with ev_hit_o / ev_miss_o: it is the physical port's access
);


  localparam int unsigned Sets = SizeBytes / (Ways * LineBytes);
  localparam int unsigned IdxW = (Sets > 1) ? $clog2(Sets) : 1;
  localparam int unsigned WayW = (Ways > 1) ? $clog2(Ways) : 1;
  localparam int unsigned TagW = mmu_pkg::PhysAddrW - 6 - IdxW;

  // ---- elaboration-time checks ----
  if (LineBytes != 64) begin : g_bad_line
    $fatal(1, "dcache: LineBytes=%0d, only 64-byte lines are supported", LineBytes);
  end
  if (Ways < 2 || (1 << WayW) != Ways) begin : g_bad_ways
    $fatal(1, "dcache: Ways=%0d must be a power of two >= 2 (tree-PLRU)", Ways);
  end
  if (Sets < 2 || (1 << IdxW) != Sets || Sets * Ways * LineBytes != SizeBytes) begin : g_bad_size
    $fatal(1, "dcache: SizeBytes=%0d with %0d ways does not give a power-of-two number (>= 2) of sets",
           SizeBytes, Ways);
  end
  if (IdxW + 6 > 12) begin : g_bad_vipt
    $fatal(1, "dcache: %0d sets x 64-byte lines need %0d index+offset bits, more than the 12-bit page offset: the virtual index would alias (use more ways or a smaller size)",
           Sets, IdxW + 6);
  end

  // ---- helpers ----
  function automatic logic [7:0] size_mask(logic [1:0] size);
    unique case (size)
      2'd0:    size_mask = 8'h01;
      2'd1:    size_mask = 8'h03;
      2'd2:    size_mask = 8'h0f;
      default: size_mask = 8'hff;
    endcase
  endfunction

  function automatic logic [63:0] lane_mask(logic [1:0] size);
    logic [7:0] m;
    m = size_mask(size);
    for (int unsigned i = 0; i < 8; i++) lane_mask[i*8 +: 8] = {8{m[i]}};
  endfunction

  // The smallest naturally aligned AXI size (log2 bytes) covering bytes [b, b + 2^size).
  function automatic logic [1:0] cover_size(logic [2:0] b, logic [1:0] size);
    logic [3:0] last;
    unique case (size)
      2'd0:    last = {1'b0, b};
      2'd1:    last = {1'b0, b} + 4'd1;
      2'd2:    last = {1'b0, b} + 4'd3;
      default: last = {1'b0, b} + 4'd7;
    endcase
    cover_size = 2'd3;
    for (int s = 3; s >= 0; s--) begin
      if (s >= int'(size) && ({1'b0, b} >> s) == (last >> s)) cover_size = 2'(s);
    end
  endfunction

  // ---- arrays ----
  logic                       rd_en;
  logic [IdxW-1:0]            rd_set;
  logic [2:0]                 rd_word;
  logic [Ways-1:0][TagW-1:0]  tag_rd;
  logic [Ways-1:0][63:0]      data_rd;
  logic [Ways-1:0]            data_we, tag_we;
  logic [IdxW+2:0]            data_waddr;
  logic [7:0]                 data_wbe;
  logic [63:0]                data_wdata;
  logic [IdxW-1:0]            tag_waddr;
  logic [TagW-1:0]            tag_wdata;

  for (genvar w = 0; w < Ways; w++) begin : g_way
    dcache_ram #(.Depth(Sets), .Width(TagW), .BeW(1)) u_tag (
      .clk_i,
      .re_i   (rd_en),
      .raddr_i(rd_set),
      .rdata_o(tag_rd[w]),
      .we_i   (tag_we[w]),
      .waddr_i(tag_waddr),
      .wbe_i  (1'b1),
      .wdata_i(tag_wdata)
    );
    dcache_ram #(.Depth(Sets * 8), .Width(64), .BeW(8)) u_data (
      .clk_i,
      .re_i   (rd_en),
      .raddr_i({rd_set, rd_word}),
      .rdata_o(data_rd[w]),
      .we_i   (data_we[w]),
      .waddr_i(data_waddr),
      .wbe_i  (data_wbe),
      .wdata_i(data_wdata)
    );
  end

  // Line state in flip-flops (it needs a reset and is read and written every cycle).
  logic [Sets-1:0][Ways-1:0] valid_q, valid_d, dirty_q, dirty_d;

  // Whose set the array outputs hold: a request compares only with its own, current read.
  localparam logic [1:0] OwnNone = 2'd0, OwnCpu = 2'd1, OwnPhys = 2'd2;
  logic [1:0] owner_q, owner_d;

  // A store or CAS written in the cycle of the last read: merged into that read's data.
  logic            byp_valid_q, byp_valid_d;
  logic [WayW-1:0] byp_way_q, byp_way_d;
  logic [IdxW+2:0] byp_addr_q, byp_addr_d;
  logic [7:0]      byp_be_q, byp_be_d;
  logic [63:0]     byp_data_q, byp_data_d;

  // ---- request slots ----
  logic                 c_valid_q, c_have_q, c_ok_q, c_uc_q;
  mmu_pkg::dc_op_e      c_op_q;
  logic [11:0]          c_off_q;
  logic [1:0]           c_size_q;
  logic [63:0]          c_wdata_q;
  logic [mmu_pkg::PpnW-1:0]      c_ppn_q;
  logic [InfoW-1:0]     c_info_q;
  logic                 p_valid_q, p_mnt_q;
  mmu_pkg::dc_op_e      p_op_q;
  logic [mmu_pkg::PhysAddrW-1:0] p_addr_q;
  logic [1:0]           p_size_q;
  logic [63:0]          p_wdata_q, p_expect_q;

  logic             c_have, c_ok, c_uc;
  logic [mmu_pkg::PpnW-1:0]  c_ppn;
  logic [InfoW-1:0] c_info;
  assign c_have = c_have_q || cpu_xlat_valid_i;
  assign c_ok   = c_have_q ? c_ok_q  : cpu_xlat_ok_i;
  assign c_uc   = c_have_q ? c_uc_q  : cpu_xlat_uc_i;
  assign c_ppn  = c_have_q ? c_ppn_q : cpu_xlat_ppn_i;
  assign c_info = c_have_q ? c_info_q : cpu_xlat_info_i;

  // ---- miss/maintenance state machine ----
  typedef enum logic [3:0] {
    FsmIdle, FsmWbRead, FsmWbReq, FsmWbWait, FsmFillReq, FsmFill, FsmUcReq, FsmUcWait, FsmScan,
    FsmZero
  } fsm_e;
  localparam logic [1:0] ThenFill = 2'd0, ThenUc = 2'd1, ThenKeep = 2'd2, ThenInv = 2'd3;
  localparam logic [1:0] SlotCpu = 2'd0, SlotPhys = 2'd1, SlotAll = 2'd2;

  fsm_e               fsm_q, fsm_d;
  logic [1:0]         fsm_slot_q, fsm_slot_d, fsm_then_q, fsm_then_d;
  logic [IdxW-1:0]    fsm_set_q, fsm_set_d;
  logic [WayW-1:0]    fsm_way_q, fsm_way_d;
  logic [TagW-1:0]    fsm_ftag_q, fsm_ftag_d, wb_tag_q, wb_tag_d;
  logic [3:0]         fsm_cnt_q, fsm_cnt_d;
  logic               fsm_err_q, fsm_err_d;
  logic [7:0][63:0]   wb_buf_q, wb_buf_d;
  logic [mmu_pkg::PhysAddrW-1:0] uc_addr_q, uc_addr_d;
  logic [1:0]         uc_size_q, uc_size_d, uc_lsize_q, uc_lsize_d;
  logic [2:0]         uc_b_q, uc_b_d;
  logic               uc_write_q, uc_write_d;
  logic [63:0]        uc_wdata_q, uc_wdata_d;
  logic [7:0]         uc_strb_q, uc_strb_d;

  logic fsm_idle;
  logic [2:0] wb_idx;  // the word a write-back read returns in this cycle
  assign wb_idx = fsm_cnt_q[2:0] - 3'd1;
  assign fsm_idle = (fsm_q == FsmIdle);

  // ---- stage 1: compare ----
  logic p_fresh, c_fresh, p_cmp, c_cmp, c_nomem, cmp_valid;
  assign p_fresh = (owner_q == OwnPhys);
  assign c_fresh = (owner_q == OwnCpu);
  assign p_cmp   = fsm_idle && p_valid_q && p_fresh;
  assign c_cmp   = fsm_idle && !p_cmp && c_valid_q && c_have && c_ok && c_fresh;
  assign c_nomem = c_valid_q && c_have && !c_ok;
  assign cmp_valid = p_cmp || c_cmp;

  mmu_pkg::dc_op_e      cmp_op;
  logic [mmu_pkg::PhysAddrW-1:0] cmp_pa;
  logic                 cmp_uc;
  logic [1:0]           cmp_size;
  logic [63:0]          cmp_wdata, cmp_expect;
  assign cmp_op     = p_cmp ? p_op_q     : c_op_q;
  assign cmp_pa     = p_cmp ? p_addr_q   : {c_ppn, c_off_q};
  assign cmp_uc     = !p_cmp && c_uc;
  assign cmp_size   = p_cmp ? p_size_q   : c_size_q;
  assign cmp_wdata  = p_cmp ? p_wdata_q  : c_wdata_q;
  assign cmp_expect = p_expect_q;

  logic [IdxW-1:0] cmp_set;
  logic [2:0]      cmp_word, cmp_b;
  logic [TagW-1:0] cmp_tag;
  assign cmp_set  = cmp_pa[6 +: IdxW];
  assign cmp_word = cmp_pa[5:3];
  assign cmp_b    = cmp_pa[2:0];
  assign cmp_tag  = cmp_pa[mmu_pkg::PhysAddrW-1 -: TagW];

  logic [Ways-1:0][63:0] word_rd;
  logic [Ways-1:0]       hit_vec;
  logic                  hit;
  logic [WayW-1:0]       hit_way, inv_way, victim, plru_way;
  logic                  have_inv;
  logic [63:0]           hit_data;
  logic [7:0]            cmp_be;
  logic [63:0]           cmp_wdata_sh, load_data;

  always_comb begin
    hit_way  = '0;
    inv_way  = '0;
    have_inv = 1'b0;
    for (int unsigned w = 0; w < Ways; w++) begin
      word_rd[w] = data_rd[w];
      if (byp_valid_q && byp_way_q == WayW'(w) && byp_addr_q == {cmp_set, cmp_word}) begin
        for (int unsigned i = 0; i < 8; i++) begin
          if (byp_be_q[i]) word_rd[w][i*8 +: 8] = byp_data_q[i*8 +: 8];
        end
      end
      hit_vec[w] = valid_q[cmp_set][w] && (tag_rd[w] == cmp_tag);
      if (hit_vec[w]) hit_way = hit_way | WayW'(w);
    end
    for (int w = int'(Ways) - 1; w >= 0; w--) begin
      if (!valid_q[cmp_set][w]) begin
        inv_way  = WayW'(w);
        have_inv = 1'b1;
      end
    end
  end
  assign hit          = |hit_vec;
  assign victim       = have_inv ? inv_way : plru_way;
  assign hit_data     = word_rd[hit_way];
  assign cmp_be       = size_mask(cmp_size) << cmp_b;
  assign cmp_wdata_sh = cmp_wdata << {cmp_b, 3'b0};
  assign load_data    = (hit_data >> {cmp_b, 3'b0}) & lane_mask(cmp_size);

  // An uncached access is one beat of the smallest aligned size that covers it.
  logic [1:0] cmp_cs;
  logic [2:0] cs_low;
  assign cmp_cs = cover_size(cmp_b, cmp_size);
  assign cs_low = 3'((4'd1 << cmp_cs) - 4'd1);

  logic cmp_mnt, cmp_zero, cmp_cached_hit;
  assign cmp_mnt        = (cmp_op == mmu_pkg::DcWbLine) || (cmp_op == mmu_pkg::DcInvLine) || (cmp_op == mmu_pkg::DcWbInvLine);
  assign cmp_zero       = (cmp_op == mmu_pkg::DcZeroLine);
  assign cmp_cached_hit = cmp_valid && !cmp_uc && !cmp_mnt && !cmp_zero && hit;

  // Tree-PLRU replacement, the TLBs' own (rtl/tlb/tlb_repl.sv). A cached hit is the most
  // recently used way of its set, and so is a newly installed line; the two never meet in
  // one cycle (a compare needs the state machine idle, an install happens in its fill or
  // zeroing).
  logic            repl_touch;
  logic [IdxW-1:0] repl_set;
  logic [WayW-1:0] repl_way;
  assign repl_touch = cmp_cached_hit || (|tag_we);
  assign repl_set   = (|tag_we) ? fsm_set_q : cmp_set;
  assign repl_way   = (|tag_we) ? fsm_way_q : hit_way;
  tlb_repl #(
    .Sets       (Sets),
    .Ways       (Ways),
    .RandomRepl (1'b0)
  ) u_repl (
    .clk_i,
    .rst_ni,
    .touch_i      (repl_touch),
    .touch_set_i  (repl_set),
    .touch_way_i  (repl_way),
    .victim_set_i (cmp_set),
    .victim_way_o (plru_way)
  );

  // ---- completions ----
  logic        c_done, p_done, all_done;
  logic        c_done_mce, p_done_mce, all_done_err;
  logic [63:0] c_done_data, p_done_data;

  // ---- accepts and the read port ----
  logic mnt_go, mnt_line, ph_go, c_go, c_reread, p_reread;
  assign mnt_req_ready_o = fsm_idle && !c_valid_q && !p_valid_q;
  assign mnt_go   = mnt_req_valid_i && mnt_req_ready_o;
  assign mnt_line = (mnt_req_op_i != mmu_pkg::MntWbInvAll) && (mnt_req_op_i != mmu_pkg::MntInvAll);
  assign p_reread = p_valid_q && !p_fresh;
  // The physical slot takes its next request in the cycle its access hits (as the CPU slot
  // does): one physical access a cycle on hits, the array read and the hit's write in the
  // same cycle merged by byp_*.
  assign ph_req_ready_o = fsm_idle && !mnt_go && (!p_valid_q || (p_done && !p_mnt_q));
  assign ph_go    = ph_req_valid_i && ph_req_ready_o;
  assign c_reread = c_valid_q && !c_fresh && c_have && c_ok;
  // c_done below only ever comes from the compare stage or a fault while the FSM is idle.
  assign cpu_req_ready_o = fsm_idle && !mnt_go && !p_reread && !ph_go && !c_reread &&
                           (!c_valid_q || c_done);
  assign c_go     = cpu_req_valid_i && cpu_req_ready_o;

  always_comb begin
    rd_en   = 1'b0;
    rd_set  = '0;
    rd_word = '0;
    owner_d = owner_q;
    if (!fsm_idle) begin
      if (fsm_q == FsmWbRead && fsm_cnt_q < 4'd8) begin
        rd_en   = 1'b1;
        rd_set  = fsm_set_q;
        rd_word = fsm_cnt_q[2:0];
        owner_d = OwnNone;
      end
      if (fsm_q == FsmFill) owner_d = OwnNone;
    end else if (mnt_go && mnt_line) begin
      rd_en   = 1'b1;
      rd_set  = mnt_req_addr_i[6 +: IdxW];
      owner_d = OwnPhys;
    end else if (p_reread) begin
      rd_en   = 1'b1;
      rd_set  = p_addr_q[6 +: IdxW];
      rd_word = p_addr_q[5:3];
      owner_d = OwnPhys;
    end else if (ph_go) begin
      rd_en   = 1'b1;
      rd_set  = ph_req_addr_i[6 +: IdxW];
      rd_word = ph_req_addr_i[5:3];
      owner_d = OwnPhys;
    end else if (c_reread) begin
      rd_en   = 1'b1;
      rd_set  = c_off_q[6 +: IdxW];
      rd_word = c_off_q[5:3];
      owner_d = OwnCpu;
    end else if (c_go) begin
      rd_en   = 1'b1;
      rd_set  = cpu_req_off_i[6 +: IdxW];
      rd_word = cpu_req_off_i[5:3];
      owner_d = OwnCpu;
    end
  end

  // ---- the compare stage's actions and the state machine ----
  always_comb begin
    valid_d = valid_q;
    dirty_d = dirty_q;

    fsm_d      = fsm_q;
    fsm_slot_d = fsm_slot_q;
    fsm_then_d = fsm_then_q;
    fsm_set_d  = fsm_set_q;
    fsm_way_d  = fsm_way_q;
    fsm_ftag_d = fsm_ftag_q;
    fsm_cnt_d  = fsm_cnt_q;
    fsm_err_d  = fsm_err_q;
    wb_tag_d   = wb_tag_q;
    wb_buf_d   = wb_buf_q;
    uc_addr_d  = uc_addr_q;
    uc_size_d  = uc_size_q;
    uc_lsize_d = uc_lsize_q;
    uc_b_d     = uc_b_q;
    uc_write_d = uc_write_q;
    uc_wdata_d = uc_wdata_q;
    uc_strb_d  = uc_strb_q;

    data_we    = '0;
    data_waddr = {cmp_set, cmp_word};
    data_wbe   = cmp_be;
    data_wdata = cmp_wdata_sh;
    tag_we     = '0;
    tag_waddr  = fsm_set_q;
    tag_wdata  = fsm_ftag_q;

    rd_req_valid_o = 1'b0;
    rd_req_addr_o  = {fsm_ftag_q, fsm_set_q, 6'b0};
    rd_req_line_o  = 1'b1;
    rd_req_size_o  = 2'd3;
    wr_req_valid_o = 1'b0;
    wr_req_addr_o  = {wb_tag_q, fsm_set_q, 6'b0};
    wr_req_line_o  = 1'b1;
    wr_req_size_o  = 2'd3;
    wr_beat_data_o = wb_buf_q[wr_beat_idx_i];
    wr_beat_strb_o = 8'hff;

    c_done = 1'b0;  c_done_mce = 1'b0;  c_done_data = '0;
    p_done = 1'b0;  p_done_mce = 1'b0;  p_done_data = '0;
    all_done = 1'b0; all_done_err = 1'b0;

    ev_miss_o = 1'b0;
    ev_wb_o   = 1'b0;
    ev_uc_o   = 1'b0;

    // A fault needs no memory: its response goes out at once.
    if (c_nomem) c_done = 1'b1;

    // Stage 1 of a cached access, an uncached access, or a line maintenance operation.
    if (cmp_valid) begin
      fsm_slot_d = p_cmp ? SlotPhys : SlotCpu;
      fsm_set_d  = cmp_set;
      fsm_ftag_d = cmp_tag;
      fsm_cnt_d  = '0;
      fsm_err_d  = 1'b0;
      uc_size_d  = cmp_cs;
      uc_addr_d  = {cmp_pa[mmu_pkg::PhysAddrW-1:3], cmp_b & ~cs_low};
      uc_lsize_d = cmp_size;
      uc_b_d     = cmp_b;
      uc_write_d = (cmp_op == mmu_pkg::DcStore);
      uc_wdata_d = cmp_wdata_sh;
      uc_strb_d  = cmp_be;
      if (cmp_uc) begin
        if (hit && dirty_q[cmp_set][hit_way]) begin
          fsm_way_d  = hit_way;
          fsm_then_d = ThenUc;
          fsm_d      = FsmWbRead;
        end else begin
          if (hit) valid_d[cmp_set][hit_way] = 1'b0;
          fsm_d = FsmUcReq;
        end
      end else if (cmp_mnt) begin
        fsm_way_d = hit_way;
        if (hit && dirty_q[cmp_set][hit_way] && cmp_op != mmu_pkg::DcInvLine) begin
          fsm_then_d = (cmp_op == mmu_pkg::DcWbLine) ? ThenKeep : ThenInv;
          fsm_d      = FsmWbRead;
        end else begin
          if (hit && cmp_op != mmu_pkg::DcWbLine) begin
            valid_d[cmp_set][hit_way] = 1'b0;
            dirty_d[cmp_set][hit_way] = 1'b0;
          end
          p_done = 1'b1;
        end
      end else if (cmp_zero) begin
        // Neither a hit nor a miss: no data is read. The line's way (a victim if absent,
        // written back first when dirty, then ThenFill turns into the zeroing).
        if (hit) begin
          fsm_way_d = hit_way;
          fsm_d     = FsmZero;
        end else begin
          fsm_way_d = victim;
          if (valid_q[cmp_set][victim] && dirty_q[cmp_set][victim]) begin
            fsm_then_d = ThenFill;
            fsm_d      = FsmWbRead;
          end else begin
            valid_d[cmp_set][victim] = 1'b0;
            fsm_d = FsmZero;
          end
        end
      end else if (hit) begin
        if (cmp_op == mmu_pkg::DcStore || (cmp_op == mmu_pkg::DcCas && hit_data == cmp_expect)) begin
          data_we[hit_way] = 1'b1;
          if (cmp_op == mmu_pkg::DcCas) begin
            data_wbe   = 8'hff;
            data_wdata = cmp_wdata;
          end
          dirty_d[cmp_set][hit_way] = 1'b1;
        end
        if (p_cmp) begin
          p_done      = 1'b1;
          p_done_data = (cmp_op == mmu_pkg::DcCas) ? hit_data : load_data;
        end else begin
          c_done      = 1'b1;
          c_done_data = load_data;
        end
      end else begin
        ev_miss_o = 1'b1;
        fsm_way_d = victim;
        if (valid_q[cmp_set][victim] && dirty_q[cmp_set][victim]) begin
          fsm_then_d = ThenFill;
          fsm_d      = FsmWbRead;
        end else begin
          valid_d[cmp_set][victim] = 1'b0;
          fsm_d = FsmFillReq;
        end
      end
    end

    unique case (fsm_q)
      FsmIdle: ;
      // Read the victim line into the write-back buffer (and its tag).
      FsmWbRead: begin
        if (fsm_cnt_q >= 4'd1) wb_buf_d[wb_idx] = data_rd[fsm_way_q];
        if (fsm_cnt_q == 4'd1) wb_tag_d = tag_rd[fsm_way_q];
        fsm_cnt_d = fsm_cnt_q + 4'd1;
        if (fsm_cnt_q == 4'd8) fsm_d = FsmWbReq;
      end
      FsmWbReq: begin
        wr_req_valid_o = 1'b1;
        if (wr_req_ready_i) begin
          ev_wb_o = 1'b1;
          fsm_d   = FsmWbWait;
        end
      end
      FsmWbWait: begin
        if (wr_done_i) begin
          dirty_d[fsm_set_q][fsm_way_q] = 1'b0;
          if (wr_err_i || fsm_then_q != ThenKeep) valid_d[fsm_set_q][fsm_way_q] = 1'b0;
          fsm_d = FsmIdle;
          if (fsm_slot_q == SlotAll) begin
            fsm_err_d = fsm_err_q || wr_err_i;
            fsm_d     = FsmScan;
          end else if (wr_err_i || fsm_then_q == ThenKeep || fsm_then_q == ThenInv) begin
            // A failed write-back ends the access with a machine check; the line is lost.
            if (fsm_slot_q == SlotPhys) begin
              p_done     = 1'b1;
              p_done_mce = wr_err_i;
            end else begin
              c_done     = 1'b1;
              c_done_mce = wr_err_i;
            end
          end else if (fsm_then_q == ThenFill) begin
            fsm_d = (fsm_slot_q == SlotPhys && p_op_q == mmu_pkg::DcZeroLine) ? FsmZero : FsmFillReq;
          end else begin
            fsm_d = FsmUcReq;
          end
        end
      end
      FsmFillReq: begin
        rd_req_valid_o = 1'b1;
        fsm_cnt_d      = '0;
        if (rd_req_ready_i) fsm_d = FsmFill;
      end
      FsmFill: begin
        data_waddr = {fsm_set_q, fsm_cnt_q[2:0]};
        data_wbe   = 8'hff;
        data_wdata = rd_beat_data_i;
        if (rd_beat_valid_i) begin
          data_we[fsm_way_q] = 1'b1;
          fsm_cnt_d = fsm_cnt_q + 4'd1;
          fsm_err_d = fsm_err_q || rd_beat_err_i;
          if (rd_beat_last_i) begin
            fsm_d = FsmIdle;
            if (fsm_err_q || rd_beat_err_i) begin
              if (fsm_slot_q == SlotPhys) begin
                p_done     = 1'b1;
                p_done_mce = 1'b1;
              end else begin
                c_done     = 1'b1;
                c_done_mce = 1'b1;
              end
            end else begin
              // The line is installed; the access replays through the compare stage.
              tag_we[fsm_way_q] = 1'b1;
              valid_d[fsm_set_q][fsm_way_q] = 1'b1;
              dirty_d[fsm_set_q][fsm_way_q] = 1'b0;
            end
          end
        end
      end
      // Zero the line's way a word a cycle; the last word installs it, dirty.
      FsmZero: begin
        data_waddr = {fsm_set_q, fsm_cnt_q[2:0]};
        data_wbe   = 8'hff;
        data_wdata = '0;
        data_we[fsm_way_q] = 1'b1;
        fsm_cnt_d = fsm_cnt_q + 4'd1;
        if (fsm_cnt_q == 4'd7) begin
          tag_we[fsm_way_q] = 1'b1;
          valid_d[fsm_set_q][fsm_way_q] = 1'b1;
          dirty_d[fsm_set_q][fsm_way_q] = 1'b1;
          p_done = 1'b1;
          fsm_d  = FsmIdle;
        end
      end
      FsmUcReq: begin
        rd_req_addr_o  = uc_addr_q;
        rd_req_line_o  = 1'b0;
        rd_req_size_o  = uc_size_q;
        wr_req_addr_o  = uc_addr_q;
        wr_req_line_o  = 1'b0;
        wr_req_size_o  = uc_size_q;
        rd_req_valid_o = !uc_write_q;
        wr_req_valid_o = uc_write_q;
        if (uc_write_q ? wr_req_ready_i : rd_req_ready_i) begin
          ev_uc_o = 1'b1;
          fsm_d   = FsmUcWait;
        end
      end
      FsmUcWait: begin
        wr_beat_data_o = uc_wdata_q;
        wr_beat_strb_o = uc_strb_q;
        if (uc_write_q ? wr_done_i : rd_beat_valid_i) begin
          fsm_d       = FsmIdle;
          c_done      = 1'b1;
          c_done_mce  = uc_write_q ? wr_err_i : rd_beat_err_i;
          c_done_data = uc_write_q ? 64'h0
                                   : (rd_beat_data_i >> {uc_b_q, 3'b0}) & lane_mask(uc_lsize_q);
          if (c_done_mce) c_done_data = '0;
        end
      end
      // Write back + invalidate all: one set a cycle, each dirty way written back in turn.
      FsmScan: begin
        if (|dirty_q[fsm_set_q]) begin
          for (int w = int'(Ways) - 1; w >= 0; w--) begin
            if (dirty_q[fsm_set_q][w]) fsm_way_d = WayW'(w);
          end
          fsm_then_d = ThenInv;
          fsm_cnt_d  = '0;
          fsm_d      = FsmWbRead;
        end else if (fsm_set_q == IdxW'(Sets - 1)) begin
          valid_d      = '0;
          dirty_d      = '0;
          all_done     = 1'b1;
          all_done_err = fsm_err_q;
          fsm_d        = FsmIdle;
        end else begin
          fsm_set_d = fsm_set_q + IdxW'(1);
        end
      end
      default: fsm_d = FsmIdle;
    endcase

    // Maintenance of the whole cache.
    if (mnt_go && mnt_req_op_i == mmu_pkg::MntInvAll) begin
      valid_d  = '0;
      dirty_d  = '0;
      all_done = 1'b1;
    end else if (mnt_go && mnt_req_op_i == mmu_pkg::MntWbInvAll) begin
      fsm_slot_d = SlotAll;
      fsm_set_d  = '0;
      fsm_err_d  = 1'b0;
      fsm_d      = FsmScan;
    end
  end

  // The last read's colliding write (if any) is kept with that read's data.
  always_comb begin
    byp_valid_d = byp_valid_q;
    byp_way_d   = byp_way_q;
    byp_addr_d  = byp_addr_q;
    byp_be_d    = byp_be_q;
    byp_data_d  = byp_data_q;
    if (rd_en) begin
      byp_valid_d = cmp_valid && (|data_we);
      byp_way_d   = hit_way;
      byp_addr_d  = data_waddr;
      byp_be_d    = data_wbe;
      byp_data_d  = data_wdata;
    end
  end

  // ---- sequential state ----
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q     <= '0;
      dirty_q     <= '0;
      owner_q     <= OwnNone;
      byp_valid_q <= 1'b0;
      byp_way_q   <= '0;
      byp_addr_q  <= '0;
      byp_be_q    <= '0;
      byp_data_q  <= '0;
      fsm_q       <= FsmIdle;
      fsm_slot_q  <= SlotCpu;
      fsm_then_q  <= ThenFill;
      fsm_set_q   <= '0;
      fsm_way_q   <= '0;
      fsm_ftag_q  <= '0;
      fsm_cnt_q   <= '0;
      fsm_err_q   <= 1'b0;
      wb_tag_q    <= '0;
      wb_buf_q    <= '0;
      uc_addr_q   <= '0;
      uc_size_q   <= '0;
      uc_lsize_q  <= '0;
      uc_b_q      <= '0;
      uc_write_q  <= 1'b0;
      uc_wdata_q  <= '0;
      uc_strb_q   <= '0;
    end else begin
      valid_q     <= valid_d;
      dirty_q     <= dirty_d;
      owner_q     <= owner_d;
      byp_valid_q <= byp_valid_d;
      byp_way_q   <= byp_way_d;
      byp_addr_q  <= byp_addr_d;
      byp_be_q    <= byp_be_d;
      byp_data_q  <= byp_data_d;
      fsm_q       <= fsm_d;
      fsm_slot_q  <= fsm_slot_d;
      fsm_then_q  <= fsm_then_d;
      fsm_set_q   <= fsm_set_d;
      fsm_way_q   <= fsm_way_d;
      fsm_ftag_q  <= fsm_ftag_d;
      fsm_cnt_q   <= fsm_cnt_d;
      fsm_err_q   <= fsm_err_d;
      wb_tag_q    <= wb_tag_d;
      wb_buf_q    <= wb_buf_d;
      uc_addr_q   <= uc_addr_d;
      uc_size_q   <= uc_size_d;
      uc_lsize_q  <= uc_lsize_d;
      uc_b_q      <= uc_b_d;
      uc_write_q  <= uc_write_d;
      uc_wdata_q  <= uc_wdata_d;
      uc_strb_q   <= uc_strb_d;
    end
  end

  // CPU slot.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_valid_q <= 1'b0;
      c_have_q  <= 1'b0;
      c_ok_q    <= 1'b0;
      c_uc_q    <= 1'b0;
      c_op_q    <= mmu_pkg::DcLoad;
      c_off_q   <= '0;
      c_size_q  <= '0;
      c_wdata_q <= '0;
      c_ppn_q   <= '0;
      c_info_q  <= '0;
    end else if (c_go) begin
      c_valid_q <= 1'b1;
      c_have_q  <= 1'b0;
      c_op_q    <= cpu_req_op_i;
      c_off_q   <= cpu_req_off_i;
      c_size_q  <= cpu_req_size_i;
      c_wdata_q <= cpu_req_wdata_i;
    end else if (c_done) begin
      c_valid_q <= 1'b0;
      c_have_q  <= 1'b0;
    end else if (c_valid_q && !c_have_q && cpu_xlat_valid_i) begin
      c_have_q <= 1'b1;
      c_ok_q   <= cpu_xlat_ok_i;
      c_uc_q   <= cpu_xlat_uc_i;
      c_ppn_q  <= cpu_xlat_ppn_i;
      c_info_q <= cpu_xlat_info_i;
    end
  end

  // Physical slot (the physical port, and the maintenance port's line operations).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      p_valid_q  <= 1'b0;
      p_mnt_q    <= 1'b0;
      p_op_q     <= mmu_pkg::DcLoad;
      p_addr_q   <= '0;
      p_size_q   <= '0;
      p_wdata_q  <= '0;
      p_expect_q <= '0;
    end else if (mnt_go && mnt_line) begin
      p_valid_q <= 1'b1;
      p_mnt_q   <= 1'b1;
      p_op_q    <= (mnt_req_op_i == mmu_pkg::MntWbLine) ? mmu_pkg::DcWbLine :
                   (mnt_req_op_i == mmu_pkg::MntInvLine) ? mmu_pkg::DcInvLine :
                   (mnt_req_op_i == mmu_pkg::MntWbInvLine) ? mmu_pkg::DcWbInvLine :
                   (mnt_req_op_i == mmu_pkg::MntZeroLine) ? mmu_pkg::DcZeroLine : mmu_pkg::DcLoad;
      p_addr_q  <= mnt_req_addr_i;
      p_size_q  <= 2'd3;
    end else if (ph_go) begin
      p_valid_q  <= 1'b1;
      p_mnt_q    <= 1'b0;
      p_op_q     <= ph_req_op_i;
      p_addr_q   <= ph_req_addr_i;
      p_size_q   <= ph_req_size_i;
      p_wdata_q  <= ph_req_wdata_i;
      p_expect_q <= ph_req_expect_i;
    end else if (p_done) begin
      p_valid_q <= 1'b0;
    end
  end

  // Registered responses.
  logic             cpu_rsp_valid_q, cpu_rsp_mce_q, ph_rsp_valid_q, ph_rsp_mce_q;
  logic             mnt_rsp_valid_q, mnt_rsp_err_q;
  logic [63:0]      cpu_rsp_rdata_q, ph_rsp_rdata_q;
  logic [InfoW-1:0] cpu_rsp_info_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cpu_rsp_valid_q <= 1'b0;
      cpu_rsp_mce_q   <= 1'b0;
      cpu_rsp_rdata_q <= '0;
      cpu_rsp_info_q  <= '0;
      ph_rsp_valid_q  <= 1'b0;
      ph_rsp_mce_q    <= 1'b0;
      ph_rsp_rdata_q  <= '0;
      mnt_rsp_valid_q <= 1'b0;
      mnt_rsp_err_q   <= 1'b0;
    end else begin
      cpu_rsp_valid_q <= c_done;
      ph_rsp_valid_q  <= p_done && !p_mnt_q;
      mnt_rsp_valid_q <= (p_done && p_mnt_q) || all_done;
      if (c_done) begin
        cpu_rsp_mce_q   <= c_done_mce;
        cpu_rsp_rdata_q <= c_done_data;
        cpu_rsp_info_q  <= c_info;
      end
      if (p_done) begin
        ph_rsp_mce_q   <= p_done_mce;
        ph_rsp_rdata_q <= p_done_data;
      end
      if (p_done || all_done) mnt_rsp_err_q <= p_done ? p_done_mce : all_done_err;
    end
  end

  assign cpu_rsp_valid_o = cpu_rsp_valid_q;
  assign cpu_rsp_mce_o   = cpu_rsp_mce_q;
  assign cpu_rsp_rdata_o = cpu_rsp_rdata_q;
  assign cpu_rsp_info_o  = cpu_rsp_info_q;
  assign ph_rsp_valid_o  = ph_rsp_valid_q;
  assign ph_rsp_mce_o    = ph_rsp_mce_q;
  assign ph_rsp_rdata_o  = ph_rsp_rdata_q;
  assign mnt_rsp_valid_o = mnt_rsp_valid_q;
  assign mnt_rsp_err_o   = mnt_rsp_err_q;

  // A hit counts only on an access's first compare: the compare that completes an access
  // after its line was filled is not a hit.
  logic c_missed_q, p_missed_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_missed_q <= 1'b0;
      p_missed_q <= 1'b0;
    end else begin
      if (c_done) c_missed_q <= 1'b0;
      else if (ev_miss_o && !p_cmp) c_missed_q <= 1'b1;
      if (p_done) p_missed_q <= 1'b0;
      else if (ev_miss_o && p_cmp) p_missed_q <= 1'b1;
    end
  end

  assign ev_hit_o   = cmp_cached_hit && !(p_cmp ? p_missed_q : c_missed_q);
  assign ev_stall_o = !fsm_idle;
  assign ev_ph_o    = p_cmp;
endmodule

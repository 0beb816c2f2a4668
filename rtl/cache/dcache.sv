// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// L1 data cache: virtually indexed, physically tagged, write-back, write-allocate,
// tree-PLRU, 64-byte lines (default 32 KiB, 8 ways, 64 sets).
//
// Pipeline. A request is accepted in stage dc0 with its page offset (for the CPU port the
// virtual address's, read in the same cycle the dTLB is looked up): the tag and data arrays
// of its set are read (one-cycle synchronous read). In stage dc1 the physical tag is compared
// with every way's tag; a hit completes there and its response is registered, so a load
// hit's data is out two cycles after the request was presented (load-to-use 2) and one
// access is accepted per cycle. Anything else stage dc1 hands to the miss and maintenance
// state machine. The file's sections, in order: the arrays and line state, the request
// slots, the state machine's state, stage dc1's compare, stage dc0, stage dc1's actions, the
// state machine, the sequential state, the slots, the responses; a signal's suffix names
// its stage (_dc0, _dc1).
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
// translation (which the walker is producing). A write-back reads its line into the
// write-back buffer a word a cycle and asks for its AXI4 write at once: the master sends
// each beat as soon as the buffer holds it (wr_beat_avail_o), so the write runs behind the
// read-out. A miss (or a line zero) with a dirty victim then fills (or has already zeroed:
// the zeroing writes each word in the cycle it is read out) its way while the buffer's
// write runs (AXI4 reads and writes are independent channels; the two lines' addresses
// differ), and installs the new line once both have ended. A CPU-port load that missed is
// answered as its word arrives (early restart), unless a write-back runs beside its fill.
// An AXI error on a fill or a write-back completes the access with mce=1 (never data) and
// installs nothing (a load answered early, its word having arrived without error, keeps
// its answer); a line whose write-back failed is dropped.
module dcache #(
  parameter int unsigned SizeBytes = 32768,
  parameter int unsigned Ways      = 8,
  parameter int unsigned LineBytes = 64,
  parameter int unsigned InfoW     = 1,
  // 1: a slot takes its next request in the cycle its access hits (one access a cycle; the
  // request ports' ready depends on that cycle's compare). 0: only once the slot is empty,
  // so no ready depends on a compare (one access every two cycles on hits).
  parameter bit          HitPipe   = 1'b1
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
  output logic                 wr_beat_avail_o,  // the buffer holds beat wr_beat_idx_i
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


  // Deliberately injected bugs for the assertion test (tests/rtl/assert: built with
  // OPENMMU_INJECT_ASSERT, each switched on by +inject=NAME; docs/assertions.md):
  //  dcdup    a fill also writes its tag into the neighbouring way, so the set holds the line twice;
  //  dcdrop   a miss takes a dirty victim for clean and drops it unwritten;
  //  dcrdaddr the fill's read request moves its address a word each cycle it waits for READY;
  //  dcphrsp  a line maintenance operation is answered on the physical port too;
  //  dcscan   write back + invalidate all scans on past its last set, for ever.
`ifdef OPENMMU_INJECT_ASSERT
  bit inj_dcdup, inj_dcdrop, inj_dcrdaddr, inj_dcphrsp, inj_dcscan;
  initial begin
    inj_dcdup    = mmu_pkg::injected("dcdup");
    inj_dcdrop   = mmu_pkg::injected("dcdrop");
    inj_dcrdaddr = mmu_pkg::injected("dcrdaddr");
    inj_dcphrsp  = mmu_pkg::injected("dcphrsp");
    inj_dcscan   = mmu_pkg::injected("dcscan");
  end
`else
  localparam bit inj_dcdup = 1'b0, inj_dcdrop = 1'b0, inj_dcrdaddr = 1'b0, inj_dcphrsp = 1'b0,
                 inj_dcscan = 1'b0;
`endif

  // =========================================================================================
  // Arrays and line state
  // =========================================================================================
  // The read port is driven by stage dc0 (or by the state machine reading a victim); the
  // outputs are the set read in the cycle before, compared in stage dc1.
  logic                       rd_en_dc0;
  logic [IdxW-1:0]            rd_set_dc0;
  logic [2:0]                 rd_word_dc0;
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
      .re_i   (rd_en_dc0),
      .raddr_i(rd_set_dc0),
      .rdata_o(tag_rd[w]),
      .we_i   (tag_we[w]),
      .waddr_i(tag_waddr),
      .wbe_i  (1'b1),
      .wdata_i(tag_wdata)
    );
    dcache_ram #(.Depth(Sets * 8), .Width(64), .BeW(8)) u_data (
      .clk_i,
      .re_i   (rd_en_dc0),
      .raddr_i({rd_set_dc0, rd_word_dc0}),
      .rdata_o(data_rd[w]),
      .we_i   (data_we[w]),
      .waddr_i(data_waddr),
      .wbe_i  (data_wbe),
      .wdata_i(data_wdata)
    );
  end

  // Valid and dirty bits in flip-flops (they need a reset and are read every cycle), written
  // in place: one line a cycle through ls_*, or all cleared at once. Stage dc1 writes only
  // while the state machine is idle, the state machine only while it is not, and a
  // whole-cache invalidation is taken only with both slots empty, so one port serves them.
  logic [Sets-1:0][Ways-1:0] valid_q, dirty_q;
  logic            ls_valid_we, ls_valid, ls_dirty_we, ls_dirty, ls_clear;
  logic [IdxW-1:0] ls_set;
  logic [WayW-1:0] ls_way;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      dirty_q <= '0;
    end else if (ls_clear) begin
      valid_q <= '0;
      dirty_q <= '0;
    end else begin
      if (ls_valid_we) valid_q[ls_set][ls_way] <= ls_valid;
      if (ls_dirty_we) dirty_q[ls_set][ls_way] <= ls_dirty;
    end
  end

  // Whose set the array outputs hold: a request compares only with its own, current read.
  typedef enum logic [1:0] {OwnNone, OwnCpu, OwnPhys} owner_e;
  owner_e owner_q, owner_d;

  // A store or CAS written in the cycle of the last read: merged into that read's data.
  logic            byp_valid_q, byp_valid_d;
  logic [WayW-1:0] byp_way_q, byp_way_d;
  logic [IdxW+2:0] byp_addr_q, byp_addr_d;
  logic [7:0]      byp_be_q, byp_be_d;
  logic [63:0]     byp_data_q, byp_data_d;

  // =========================================================================================
  // Request slots: the access each port has in stage dc1
  // =========================================================================================
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

  // The CPU slot's translation: registered, or arriving in this cycle.
  logic             c_have, c_ok, c_uc;
  logic [mmu_pkg::PpnW-1:0]  c_ppn;
  logic [InfoW-1:0] c_info;
  assign c_have = c_have_q || cpu_xlat_valid_i;
  assign c_ok   = c_have_q ? c_ok_q  : cpu_xlat_ok_i;
  assign c_uc   = c_have_q ? c_uc_q  : cpu_xlat_uc_i;
  assign c_ppn  = c_have_q ? c_ppn_q : cpu_xlat_ppn_i;
  assign c_info = c_have_q ? c_info_q : cpu_xlat_info_i;

  // Completions, from stage dc1 (a hit, a fault) or from the state machine (a miss served,
  // an uncached access, a maintenance operation).
  logic        c_done, p_done, all_done;
  logic        c_done_mce, p_done_mce, all_done_err;
  logic [63:0] c_done_data, p_done_data;

  // =========================================================================================
  // Miss and maintenance state machine: its state
  // =========================================================================================
  typedef enum logic [3:0] {
    FsmIdle, FsmWbRead, FsmWbReq, FsmWbWait, FsmFillReq, FsmFill, FsmUcReq, FsmUcWait, FsmScan,
    FsmZero, FsmWbJoin
  } fsm_e;
  // After a victim's write-back: fill the line (or zero it), do the uncached access, keep
  // the line (a write-back only), or invalidate it.
  typedef enum logic [1:0] {ThenFill, ThenUc, ThenKeep, ThenInv} then_e;
  // Whose access the machine serves: a slot's, or the whole-cache write-back.
  typedef enum logic [1:0] {SlotCpu, SlotPhys, SlotAll} slot_e;

  fsm_e               fsm_q, fsm_d;
  slot_e              fsm_slot_q, fsm_slot_d;
  then_e              fsm_then_q, fsm_then_d;
  logic [IdxW-1:0]    fsm_set_q, fsm_set_d;
  logic [WayW-1:0]    fsm_way_q, fsm_way_d;
  logic [TagW-1:0]    fsm_ftag_q, fsm_ftag_d, wb_tag_q, wb_tag_d;
  logic [3:0]         fsm_cnt_q, fsm_cnt_d;
  logic               fsm_err_q, fsm_err_d;
  // A victim's write-back running beside its way's fill or zeroing (wb_pend_q), and how the
  // one that ended did (wb_fail_q: its write failed, the line is lost).
  logic               wb_pend_q, wb_pend_d, wb_fail_q, wb_fail_d;
  // The write-back's AXI4 write has been handed to the master (during the buffer read-out,
  // or in FsmWbReq after it).
  logic               wb_sent_q, wb_sent_d, wb_sent_st_d, wb_take;
  // The load whose miss the fill serves was answered as its word arrived (early restart).
  logic               fill_ans_q, fill_ans_d, fill_early, fill_load;
  // A fill beside its victim's read-out: the fill's read is asked for during the read-out
  // (fill_sent_q: the master has taken it) and its beats land in the way behind the words
  // already read out; fill_cnt_q counts the fill's beats, during the read-out and after it.
  logic               fill_side, fill_sent_q, fill_sent_d, fill_take, rd_req_st;
  logic [2:0]         fill_cnt_q, fill_cnt_d;
  logic [7:0][63:0]   wb_buf_q;
  logic               wb_buf_we;
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
  // The machine serves a line zero; and where a write-back goes once its write is handed
  // over: a replaced victim's way is filled (or, for a line zero, was zeroed during the
  // read-out and waits for the write), any other write-back is awaited.
  logic fsm_zero;
  fsm_e wb_next;
  assign fsm_zero = (fsm_slot_q == SlotPhys) && (p_op_q == mmu_pkg::DcZeroLine);
  assign fill_side = (fsm_then_q == ThenFill) && !fsm_zero;
  assign wb_next  = (fsm_then_q != ThenFill) ? FsmWbWait :
                    fsm_zero ? FsmWbJoin : (fill_sent_q ? FsmFill : FsmFillReq);

  // =========================================================================================
  // Stage dc1: compare (declared here: stage dc0's accepts depend on its completions)
  // =========================================================================================
  logic p_fresh_dc1, c_fresh_dc1, phys_dc1, cpu_dc1, nomem_dc1, valid_dc1;
  assign p_fresh_dc1 = (owner_q == OwnPhys);
  assign c_fresh_dc1 = (owner_q == OwnCpu);
  assign phys_dc1    = fsm_idle && p_valid_q && p_fresh_dc1;
  assign cpu_dc1     = fsm_idle && !phys_dc1 && c_valid_q && c_have && c_ok && c_fresh_dc1;
  assign nomem_dc1   = c_valid_q && c_have && !c_ok;
  assign valid_dc1   = phys_dc1 || cpu_dc1;

  mmu_pkg::dc_op_e      op_dc1;
  logic [mmu_pkg::PhysAddrW-1:0] pa_dc1;
  logic                 uc_dc1;
  logic [1:0]           size_dc1;
  logic [63:0]          wdata_dc1, expect_dc1;
  assign op_dc1     = phys_dc1 ? p_op_q    : c_op_q;
  assign pa_dc1     = phys_dc1 ? p_addr_q  : {c_ppn, c_off_q};
  assign uc_dc1     = !phys_dc1 && c_uc;
  assign size_dc1   = phys_dc1 ? p_size_q  : c_size_q;
  assign wdata_dc1  = phys_dc1 ? p_wdata_q : c_wdata_q;
  assign expect_dc1 = p_expect_q;

  logic [IdxW-1:0] set_dc1;
  logic [2:0]      word_dc1, b_dc1;
  logic [TagW-1:0] tag_dc1;
  assign set_dc1  = pa_dc1[6 +: IdxW];
  assign word_dc1 = pa_dc1[5:3];
  assign b_dc1    = pa_dc1[2:0];
  assign tag_dc1  = pa_dc1[mmu_pkg::PhysAddrW-1 -: TagW];

  logic [Ways-1:0][63:0] word_rd_dc1;
  logic [Ways-1:0]       hit_vec_dc1;
  logic                  hit_dc1;
  logic [WayW-1:0]       hit_way_dc1, inv_way_dc1, victim_dc1, plru_way_dc1;
  logic                  have_inv_dc1;
  logic [63:0]           hit_data_dc1;
  logic [7:0]            be_dc1;
  logic [63:0]           wdata_sh_dc1, load_data_dc1;

  always_comb begin
    hit_way_dc1  = '0;
    inv_way_dc1  = '0;
    have_inv_dc1 = 1'b0;
    for (int unsigned w = 0; w < Ways; w++) begin
      word_rd_dc1[w] = data_rd[w];
      if (byp_valid_q && byp_way_q == WayW'(w) && byp_addr_q == {set_dc1, word_dc1}) begin
        for (int unsigned i = 0; i < 8; i++) begin
          if (byp_be_q[i]) word_rd_dc1[w][i*8 +: 8] = byp_data_q[i*8 +: 8];
        end
      end
      hit_vec_dc1[w] = valid_q[set_dc1][w] && (tag_rd[w] == tag_dc1);
      if (hit_vec_dc1[w]) hit_way_dc1 = hit_way_dc1 | WayW'(w);
    end
    for (int w = int'(Ways) - 1; w >= 0; w--) begin
      if (!valid_q[set_dc1][w]) begin
        inv_way_dc1  = WayW'(w);
        have_inv_dc1 = 1'b1;
      end
    end
  end
  assign hit_dc1       = |hit_vec_dc1;
  assign victim_dc1    = have_inv_dc1 ? inv_way_dc1 : plru_way_dc1;
  assign hit_data_dc1  = word_rd_dc1[hit_way_dc1];
  assign be_dc1        = size_mask(size_dc1) << b_dc1;
  assign wdata_sh_dc1  = wdata_dc1 << {b_dc1, 3'b0};
  assign load_data_dc1 = (hit_data_dc1 >> {b_dc1, 3'b0}) & lane_mask(size_dc1);

  // An uncached access is one beat of the smallest aligned size that covers it.
  logic [1:0] cs_dc1;
  logic [2:0] cs_low_dc1;
  assign cs_dc1     = cover_size(b_dc1, size_dc1);
  assign cs_low_dc1 = 3'((4'd1 << cs_dc1) - 4'd1);

  logic mnt_dc1, zero_dc1, cached_hit_dc1;
  assign mnt_dc1        = (op_dc1 == mmu_pkg::DcWbLine) || (op_dc1 == mmu_pkg::DcInvLine) ||
                          (op_dc1 == mmu_pkg::DcWbInvLine);
  assign zero_dc1       = (op_dc1 == mmu_pkg::DcZeroLine);
  assign cached_hit_dc1 = valid_dc1 && !uc_dc1 && !mnt_dc1 && !zero_dc1 && hit_dc1;

  // Tree-PLRU replacement, the TLBs' own (rtl/tlb/tlb_repl.sv). A cached hit is the most
  // recently used way of its set, and so is a newly installed line; the two never meet in
  // one cycle (a compare needs the state machine idle, an install happens in its fill or
  // zeroing).
  logic            repl_touch;
  logic [IdxW-1:0] repl_set;
  logic [WayW-1:0] repl_way;
  assign repl_touch = cached_hit_dc1 || (|tag_we);
  assign repl_set   = (|tag_we) ? fsm_set_q : set_dc1;
  assign repl_way   = (|tag_we) ? fsm_way_q : hit_way_dc1;
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
    .victim_set_i (set_dc1),
    .victim_way_o (plru_way_dc1)
  );

  // =========================================================================================
  // Stage dc0: accept a request and read its set
  // =========================================================================================
  logic mnt_go_dc0, mnt_line_dc0, ph_go_dc0, c_go_dc0, c_reread_dc0, p_reread_dc0;
  assign mnt_req_ready_o = fsm_idle && !c_valid_q && !p_valid_q;
  assign mnt_go_dc0   = mnt_req_valid_i && mnt_req_ready_o;
  assign mnt_line_dc0 = (mnt_req_op_i != mmu_pkg::MntWbInvAll) &&
                        (mnt_req_op_i != mmu_pkg::MntInvAll);
  assign p_reread_dc0 = p_valid_q && !p_fresh_dc1;
  // The physical slot takes its next request in the cycle its access hits (as the CPU slot
  // does): one physical access a cycle on hits, the array read and the hit's write in the
  // same cycle merged by byp_*.
  assign ph_req_ready_o = fsm_idle && !mnt_go_dc0 && (!p_valid_q || (HitPipe && p_done && !p_mnt_q));
  assign ph_go_dc0    = ph_req_valid_i && ph_req_ready_o;
  assign c_reread_dc0 = c_valid_q && !c_fresh_dc1 && c_have && c_ok;
  // c_done below only ever comes from the compare stage or a fault while the FSM is idle.
  assign cpu_req_ready_o = fsm_idle && !mnt_go_dc0 && !p_reread_dc0 && !ph_go_dc0 &&
                           !c_reread_dc0 && (!c_valid_q || (HitPipe && c_done));
  assign c_go_dc0     = cpu_req_valid_i && cpu_req_ready_o;

  // The read port: the state machine's victim read first, then a line operation, a slot's
  // re-read (its set was read for someone else), the physical port, the CPU port.
  always_comb begin
    rd_en_dc0   = 1'b0;
    rd_set_dc0  = '0;
    rd_word_dc0 = '0;
    owner_d     = owner_q;
    if (!fsm_idle) begin
      if (fsm_q == FsmWbRead && fsm_cnt_q < 4'd8) begin
        rd_en_dc0   = 1'b1;
        rd_set_dc0  = fsm_set_q;
        rd_word_dc0 = fsm_cnt_q[2:0];
        owner_d     = OwnNone;
      end
      if (fsm_q == FsmFill) owner_d = OwnNone;
    end else if (mnt_go_dc0 && mnt_line_dc0) begin
      rd_en_dc0   = 1'b1;
      rd_set_dc0  = mnt_req_addr_i[6 +: IdxW];
      owner_d     = OwnPhys;
    end else if (p_reread_dc0) begin
      rd_en_dc0   = 1'b1;
      rd_set_dc0  = p_addr_q[6 +: IdxW];
      rd_word_dc0 = p_addr_q[5:3];
      owner_d     = OwnPhys;
    end else if (ph_go_dc0) begin
      rd_en_dc0   = 1'b1;
      rd_set_dc0  = ph_req_addr_i[6 +: IdxW];
      rd_word_dc0 = ph_req_addr_i[5:3];
      owner_d     = OwnPhys;
    end else if (c_reread_dc0) begin
      rd_en_dc0   = 1'b1;
      rd_set_dc0  = c_off_q[6 +: IdxW];
      rd_word_dc0 = c_off_q[5:3];
      owner_d     = OwnCpu;
    end else if (c_go_dc0) begin
      rd_en_dc0   = 1'b1;
      rd_set_dc0  = cpu_req_off_i[6 +: IdxW];
      rd_word_dc0 = cpu_req_off_i[5:3];
      owner_d     = OwnCpu;
    end
  end

  // =========================================================================================
  // Stage dc1: what the compare does
  // =========================================================================================
  // A hit completes here (a store's or a successful CAS's write goes to the data array);
  // anything else starts the state machine at start_dc1, on way way_dc1, then then_dc1.
  // A line's valid/dirty bits change here only when no memory traffic is needed for it.
  fsm_e            start_dc1;
  then_e           then_dc1;
  logic [WayW-1:0] way_dc1;
  logic [Ways-1:0] data_we_dc1;
  logic            cas_we_dc1;
  logic            lv_we_dc1, lv_dc1, ld_we_dc1, ld_dc1;
  logic [WayW-1:0] lway_dc1;
  logic            c_done_dc1, p_done_dc1;
  logic [63:0]     c_data_dc1, p_data_dc1;

  always_comb begin
    start_dc1   = FsmIdle;
    then_dc1    = fsm_then_q;
    way_dc1     = fsm_way_q;
    data_we_dc1 = '0;
    cas_we_dc1  = 1'b0;
    lv_we_dc1   = 1'b0;
    lv_dc1      = 1'b0;
    ld_we_dc1   = 1'b0;
    ld_dc1      = 1'b0;
    lway_dc1    = hit_way_dc1;
    c_done_dc1  = 1'b0;
    p_done_dc1  = 1'b0;
    c_data_dc1  = '0;
    p_data_dc1  = '0;
    ev_miss_o   = 1'b0;

    if (valid_dc1) begin
      if (uc_dc1) begin
        // Uncached: a dirty copy is written back first; a clean one is dropped.
        if (hit_dc1 && dirty_q[set_dc1][hit_way_dc1]) begin
          way_dc1   = hit_way_dc1;
          then_dc1  = ThenUc;
          start_dc1 = FsmWbRead;
        end else begin
          lv_we_dc1 = hit_dc1;
          start_dc1 = FsmUcReq;
        end
      end else if (mnt_dc1) begin
        way_dc1 = hit_way_dc1;
        if (hit_dc1 && dirty_q[set_dc1][hit_way_dc1] && op_dc1 != mmu_pkg::DcInvLine) begin
          then_dc1  = (op_dc1 == mmu_pkg::DcWbLine) ? ThenKeep : ThenInv;
          start_dc1 = FsmWbRead;
        end else begin
          if (hit_dc1 && op_dc1 != mmu_pkg::DcWbLine) begin
            lv_we_dc1 = 1'b1;
            ld_we_dc1 = 1'b1;
          end
          p_done_dc1 = 1'b1;
        end
      end else if (zero_dc1) begin
        // Neither a hit nor a miss: no data is read. The line's way (a victim if absent,
        // written back first when dirty, then ThenFill turns into the zeroing).
        if (hit_dc1) begin
          way_dc1   = hit_way_dc1;
          start_dc1 = FsmZero;
        end else begin
          way_dc1 = victim_dc1;
          if (valid_q[set_dc1][victim_dc1] && dirty_q[set_dc1][victim_dc1]) begin
            then_dc1  = ThenFill;
            start_dc1 = FsmWbRead;
          end else begin
            lv_we_dc1 = 1'b1;
            lway_dc1  = victim_dc1;
            start_dc1 = FsmZero;
          end
        end
      end else if (hit_dc1) begin
        if (op_dc1 == mmu_pkg::DcStore ||
            (op_dc1 == mmu_pkg::DcCas && hit_data_dc1 == expect_dc1)) begin
          data_we_dc1[hit_way_dc1] = 1'b1;
          cas_we_dc1 = (op_dc1 == mmu_pkg::DcCas);
          ld_we_dc1  = 1'b1;
          ld_dc1     = 1'b1;
        end
        if (phys_dc1) begin
          p_done_dc1 = 1'b1;
          p_data_dc1 = (op_dc1 == mmu_pkg::DcCas) ? hit_data_dc1 : load_data_dc1;
        end else begin
          c_done_dc1 = 1'b1;
          c_data_dc1 = load_data_dc1;
        end
      end else begin
        // A miss: the victim is written back first when dirty, else dropped, then filled.
        ev_miss_o = 1'b1;
        way_dc1   = victim_dc1;
        if (valid_q[set_dc1][victim_dc1] && dirty_q[set_dc1][victim_dc1] && !inj_dcdrop) begin
          then_dc1  = ThenFill;
          start_dc1 = FsmWbRead;
        end else begin
          lv_we_dc1 = 1'b1;
          lway_dc1  = victim_dc1;
          start_dc1 = FsmFillReq;
        end
      end
    end
  end

  // =========================================================================================
  // Miss and maintenance state machine
  // =========================================================================================
  // Idle, it takes stage dc1's decision and the whole-cache maintenance operations; busy,
  // it owns the arrays' write ports, the line state and the memory side. Two blocks: the
  // first reads only registered state (and stage dc1, itself registered-only), the second
  // applies the memory side's handshakes (the AXI channels: the model's top-level inputs)
  // to the first's result. Kept apart so that a Verilated model evaluates the first once a
  // cycle, after the clock, and only the second at every change of its inputs; the logic
  // is the same as one block's.
  logic            lv_we_fsm, lv_fsm, ld_we_fsm, ld_fsm;
  logic            line_end, line_err;  // a fill or a zeroing ends (installs), and whether in error
  logic            c_done_fsm, p_done_fsm, c_mce_fsm, p_mce_fsm;
  logic [63:0]     c_data_fsm;
  // The first block's result: the next state and write ports before the handshakes.
  fsm_e            fsm_st_d;
  logic [3:0]      fsm_cnt_st_d;
  logic            fsm_err_st_d;
  logic [Ways-1:0] data_we_st;
  logic [63:0]     data_wdata_st;

  always_comb begin
    fsm_st_d     = fsm_q;
    fsm_slot_d   = fsm_slot_q;
    fsm_then_d   = fsm_then_q;
    fsm_set_d    = fsm_set_q;
    fsm_way_d    = fsm_way_q;
    fsm_ftag_d   = fsm_ftag_q;
    fsm_cnt_st_d = fsm_cnt_q;
    fsm_err_st_d = fsm_err_q;
    wb_tag_d     = wb_tag_q;
    wb_sent_st_d = wb_sent_q;
    wb_buf_we    = 1'b0;
    uc_addr_d    = uc_addr_q;
    uc_size_d    = uc_size_q;
    uc_lsize_d   = uc_lsize_q;
    uc_b_d       = uc_b_q;
    uc_write_d   = uc_write_q;
    uc_wdata_d   = uc_wdata_q;
    uc_strb_d    = uc_strb_q;

    data_we_st    = data_we_dc1;
    data_waddr    = {set_dc1, word_dc1};
    data_wbe      = cas_we_dc1 ? 8'hff : be_dc1;
    data_wdata_st = cas_we_dc1 ? wdata_dc1 : wdata_sh_dc1;
    tag_waddr     = fsm_set_q;
    tag_wdata     = fsm_ftag_q;

    rd_req_st      = 1'b0;
    rd_req_addr_o  = {fsm_ftag_q, fsm_set_q, 6'b0};
    rd_req_line_o  = 1'b1;
    rd_req_size_o  = 2'd3;
    wr_req_valid_o = 1'b0;
    wr_req_addr_o  = {wb_tag_q, fsm_set_q, 6'b0};
    wr_req_line_o  = 1'b1;
    wr_req_size_o  = 2'd3;
    wr_beat_data_o = wb_buf_q[wr_beat_idx_i];
    // Beat n is in the buffer from count n+2 of the read-out on.
    wr_beat_avail_o = (fsm_q != FsmWbRead) || ({1'b0, wr_beat_idx_i} + 4'd2 <= fsm_cnt_q);
    wr_beat_strb_o = 8'hff;

    ls_clear  = 1'b0;
    all_done  = 1'b0;  all_done_err = 1'b0;

    unique case (fsm_q)
      FsmIdle: begin
        wb_sent_st_d = 1'b0;
        // Every compare sets up the machine, whether or not it starts it.
        if (valid_dc1) begin
          fsm_st_d     = start_dc1;
          fsm_way_d    = way_dc1;
          fsm_then_d   = then_dc1;
          fsm_slot_d   = phys_dc1 ? SlotPhys : SlotCpu;
          fsm_set_d    = set_dc1;
          fsm_ftag_d   = tag_dc1;
          fsm_cnt_st_d = '0;
          fsm_err_st_d = 1'b0;
          wb_tag_d     = tag_rd[way_dc1];  // the compare read it: a write-back can ask at once
          uc_size_d    = cs_dc1;
          uc_addr_d    = {pa_dc1[mmu_pkg::PhysAddrW-1:3], b_dc1 & ~cs_low_dc1};
          uc_lsize_d   = size_dc1;
          uc_b_d       = b_dc1;
          uc_write_d   = (op_dc1 == mmu_pkg::DcStore);
          uc_wdata_d   = wdata_sh_dc1;
          uc_strb_d    = be_dc1;
        end
        // Maintenance of the whole cache (taken only with both slots empty).
        if (mnt_go_dc0 && mnt_req_op_i == mmu_pkg::MntInvAll) begin
          ls_clear = 1'b1;
          all_done = 1'b1;
        end else if (mnt_go_dc0 && mnt_req_op_i == mmu_pkg::MntWbInvAll) begin
          fsm_slot_d   = SlotAll;
          fsm_set_d    = '0;
          fsm_err_st_d = 1'b0;
          fsm_st_d     = FsmScan;
        end
      end
      // Read the line into the write-back buffer, a word a cycle (word n is read in count n
      // and written to the buffer in count n+1), and ask for its write at once: the master
      // sends a beat only once the buffer holds it (wr_beat_avail_o). The compare read the
      // tag; the scan has it read here, and asks once it has it. A line zero replacing a
      // dirty victim zeroes each word in the cycle the word is read (the array's read
      // returns the old word). After the read-out: the write's next step (wb_next), or
      // FsmWbReq while the master has not taken it.
      FsmWbRead: begin
        wb_buf_we = (fsm_cnt_q >= 4'd1);
        if (fsm_cnt_q == 4'd1 && fsm_slot_q == SlotAll) wb_tag_d = tag_rd[fsm_way_q];
        wr_req_valid_o = !wb_sent_q && (fsm_slot_q != SlotAll || fsm_cnt_q >= 4'd2);
        // A miss's fill beside the read-out (its request: the next block) writes its beats
        // here, a word a beat.
        data_waddr     = {fsm_set_q, fill_cnt_q};
        data_wbe       = 8'hff;
        if (fsm_then_q == ThenFill && fsm_zero && fsm_cnt_q < 4'd8) begin
          data_waddr    = {fsm_set_q, fsm_cnt_q[2:0]};
          data_wbe      = 8'hff;
          data_wdata_st = '0;
          data_we_st[fsm_way_q] = 1'b1;
        end
        fsm_cnt_st_d = fsm_cnt_q + 4'd1;
        if (fsm_cnt_q == 4'd8) begin
          fsm_st_d     = wb_sent_q ? wb_next : FsmWbReq;
          fsm_cnt_st_d = '0;
        end
      end
      FsmWbReq: wr_req_valid_o = 1'b1;
      FsmWbWait, FsmWbJoin: ;
      FsmFillReq: begin
        rd_req_st      = 1'b1;
        if (inj_dcrdaddr) rd_req_addr_o[5:3] = fsm_cnt_q[2:0];
      end
      FsmFill: begin
        data_waddr = {fsm_set_q, fill_cnt_q};
        data_wbe   = 8'hff;
      end
      // Zero the line's way a word a cycle (a hit, or a victim with nothing to write back:
      // a dirty victim's way is zeroed during its read-out); the last word installs it,
      // dirty (line_end in the next block).
      FsmZero: begin
        data_waddr    = {fsm_set_q, fsm_cnt_q[2:0]};
        data_wbe      = 8'hff;
        data_wdata_st = '0;
        data_we_st[fsm_way_q] = 1'b1;
        fsm_cnt_st_d = fsm_cnt_q + 4'd1;
        if (fsm_cnt_q == 4'd7) fsm_st_d = FsmIdle;
      end
      FsmUcReq: begin
        rd_req_addr_o  = uc_addr_q;
        rd_req_line_o  = 1'b0;
        rd_req_size_o  = uc_size_q;
        wr_req_addr_o  = uc_addr_q;
        wr_req_line_o  = 1'b0;
        wr_req_size_o  = uc_size_q;
        rd_req_st      = !uc_write_q;
        wr_req_valid_o = uc_write_q;
      end
      FsmUcWait: begin
        wr_beat_data_o = uc_wdata_q;
        wr_beat_strb_o = uc_strb_q;
      end
      // Write back + invalidate all: one set a cycle, each dirty way written back in turn.
      FsmScan: begin
        wb_sent_st_d = 1'b0;
        if (|dirty_q[fsm_set_q]) begin
          for (int w = int'(Ways) - 1; w >= 0; w--) begin
            if (dirty_q[fsm_set_q][w]) fsm_way_d = WayW'(w);
          end
          fsm_then_d   = ThenInv;
          fsm_cnt_st_d = '0;
          fsm_st_d     = FsmWbRead;
        end else if (fsm_set_q == IdxW'(Sets - 1) && !inj_dcscan) begin
          ls_clear     = 1'b1;
          all_done     = 1'b1;
          all_done_err = fsm_err_q;
          fsm_st_d     = FsmIdle;
        end else begin
          fsm_set_d = fsm_set_q + IdxW'(1);
        end
      end
      default: fsm_st_d = FsmIdle;
    endcase
  end

  // A write-back running beside a fill or zeroing: none runs after this cycle (wb_over), and
  // whether the one that ran failed (wb_bad).
  logic wb_over, wb_bad;
  assign wb_over = !wb_pend_q || wr_done_i;
  assign wb_bad  = wb_pend_q ? (wr_done_i && wr_err_i) : wb_fail_q;
  // The fill's beat of this cycle is the word of the CPU port's load it serves (uc_addr_q
  // holds the access's address), and the load can take it now. Only the CPU port's: a
  // walker answered early would finish its walk while the fill still holds the cache, and
  // the translation's own access would then wait behind it, in flight past an invalidation
  // taken meanwhile (mmu_csr takes one with no walk or miss in flight, and a translated
  // access's data one cycle after its translation when its line is cached).
  assign fill_load  = (fsm_slot_q == SlotCpu) && (c_op_q == mmu_pkg::DcLoad);
  // The CPU slot's access read out of this cycle's read beat (its bytes, right-aligned).
  logic [63:0] beat_load;
  assign beat_load = (rd_beat_data_i >> {uc_b_q, 3'b0}) & lane_mask(uc_lsize_q);
  assign fill_early = (fsm_q == FsmFill) && rd_beat_valid_i && !rd_beat_err_i && !fsm_err_q &&
                      fill_load && !fill_ans_q && !wb_pend_q && !wb_fail_q &&
                      (fill_cnt_q == uc_addr_q[5:3]);

  // The memory side's handshakes: a request taken, a beat or a write response arriving.
  always_comb begin
    fsm_d      = fsm_st_d;
    fsm_cnt_d  = fsm_cnt_st_d;
    fsm_err_d  = fsm_err_st_d;
    data_we    = data_we_st;
    data_wdata = data_wdata_st;
    tag_we     = '0;
    lv_we_fsm  = 1'b0;
    lv_fsm     = 1'b0;
    ld_we_fsm  = 1'b0;
    ld_fsm     = 1'b0;
    wb_pend_d  = wb_pend_q;
    wb_fail_d  = wb_fail_q;
    wb_sent_d  = wb_sent_st_d;
    line_end   = 1'b0;
    line_err   = 1'b0;
    c_done_fsm = 1'b0;  c_mce_fsm = 1'b0;  c_data_fsm = '0;
    p_done_fsm = 1'b0;  p_mce_fsm = 1'b0;
    fill_ans_d = fsm_idle ? 1'b0 : fill_ans_q;
    fill_sent_d = fsm_idle ? 1'b0 : fill_sent_q;
    fill_cnt_d  = fsm_idle ? 3'd0 : fill_cnt_q;
    ev_wb_o    = 1'b0;
    ev_uc_o    = 1'b0;

    // The victim's write-back ends while its way is filled or zeroed: the victim leaves the
    // cache now (written back, or lost to a failed write), in this cycle's line-state write;
    // an install in the same cycle (below) writes the same line's state after it.
    if (wb_pend_q && wr_done_i) begin
      wb_pend_d = 1'b0;
      wb_fail_d = wr_err_i;
      lv_we_fsm = 1'b1;
      lv_fsm    = 1'b0;
      ld_we_fsm = 1'b1;
      ld_fsm    = 1'b0;
    end
    // A write-back's write handed to the master: a replaced victim's runs beside its way's
    // fill or zeroing (wb_pend_q), any other is awaited in FsmWbWait.
    wb_take = wr_req_valid_o && wr_req_ready_i && (fsm_q == FsmWbRead || fsm_q == FsmWbReq);
    // A miss's fill is asked for from the cycle the victim's write is handed over (so that
    // the fill cannot end before the write has begun), while the read-out goes on: its first
    // beat comes two cycles after the request at the earliest, so each beat lands on a word
    // the read-out has already read (a_fill_behind).
    rd_req_valid_o = rd_req_st || ((fsm_q == FsmWbRead) && fill_side && !fill_sent_q &&
                                   (wb_sent_q || wb_take));
    fill_take = rd_req_valid_o && rd_req_ready_i && (fsm_q == FsmWbRead);
    if (wb_take) begin
      ev_wb_o   = 1'b1;
      wb_sent_d = 1'b1;
      if (fsm_then_q == ThenFill) begin
        wb_pend_d = 1'b1;
        wb_fail_d = 1'b0;
      end
    end

    case (fsm_q)
      // A victim replaced by a fill or a zeroed line: its write runs from the write-back
      // buffer while its way is filled (or after it was zeroed; the way's old words are in
      // the buffer, and no compare reads the set while the machine is busy); any other
      // write-back (CLWB, CLFLUSH, WBINVD, before an uncached access) is awaited.
      FsmWbRead: begin
        if (fsm_cnt_q == 4'd8 && wb_take) fsm_d = wb_next;
        // The fill's read taken: after the read-out, the machine goes on with its beats.
        if (fill_take) begin
          fill_sent_d = 1'b1;
          if (fsm_cnt_q == 4'd8) fsm_d = FsmFill;
        end
        // A beat of the fill beside the read-out (never its last: a_fill_behind).
        if (fill_side) begin
          data_wdata = rd_beat_data_i;
          if (rd_beat_valid_i) begin
            data_we[fsm_way_q] = 1'b1;
            fill_cnt_d = fill_cnt_q + 3'd1;
            fsm_err_d  = fsm_err_q || rd_beat_err_i;
          end
        end
      end
      FsmWbReq:  if (wb_take) fsm_d = wb_next;
      FsmWbWait: begin
        if (wr_done_i) begin
          ld_we_fsm = 1'b1;
          lv_we_fsm = wr_err_i || fsm_then_q != ThenKeep;
          fsm_d = FsmIdle;
          if (fsm_slot_q == SlotAll) begin
            fsm_err_d = fsm_err_q || wr_err_i;
            fsm_d     = FsmScan;
          end else if (wr_err_i || fsm_then_q == ThenKeep || fsm_then_q == ThenInv) begin
            // A failed write-back ends the access with a machine check; the line is lost.
            if (fsm_slot_q == SlotPhys) begin
              p_done_fsm = 1'b1;
              p_mce_fsm  = wr_err_i;
            end else begin
              c_done_fsm = 1'b1;
              c_mce_fsm  = wr_err_i;
            end
          end else begin
            fsm_d = FsmUcReq;
          end
        end
      end
      FsmFillReq: begin
        fsm_cnt_d = '0;
        if (inj_dcrdaddr && !rd_req_ready_i) fsm_cnt_d = fsm_cnt_q + 4'd1;
        if (rd_req_ready_i) fsm_d = FsmFill;
      end
      FsmFill: begin
        data_wdata = rd_beat_data_i;
        if (rd_beat_valid_i) begin
          data_we[fsm_way_q] = 1'b1;
          fill_cnt_d = fill_cnt_q + 3'd1;
          fsm_err_d  = fsm_err_q || rd_beat_err_i;
          // Early restart: a CPU-port load is answered with its word as the word's beat
          // arrives (the burst is in address order), if nothing of the fill has failed so
          // far and no victim's write-back runs beside it (whose failure the load would have
          // to report); the line is installed at the fill's end all the same, and the load
          // does not replay.
          if (fill_early) begin
            fill_ans_d = 1'b1;
            c_done_fsm = 1'b1;
            c_data_fsm = beat_load;
          end
          if (rd_beat_last_i) begin
            // The fill ends here, unless the victim's write-back still runs: then it ends
            // with the write (FsmWbJoin; fsm_err_q keeps the beats' errors).
            fsm_d     = wb_over ? FsmIdle : FsmWbJoin;
            line_end  = wb_over;
            line_err  = fsm_err_q || rd_beat_err_i || wb_bad;
            if (wb_over) wb_fail_d = 1'b0;
          end
        end
      end
      // The way is filled or zeroed; its victim's write-back ends here (the install in the
      // cycle of the write's response) or has ended. A failed write-back (or a fill beat in
      // error) ends the access with a machine check, the new line not installed: the same end
      // as when the write was awaited before the fill. Otherwise the line is installed (a
      // fill clean, the access replaying through the compare stage; a zeroed line dirty, the
      // operation answered).
      FsmZero: line_end = (fsm_cnt_q == 4'd7);
      FsmWbJoin: begin
        if (wb_over) begin
          fsm_d     = FsmIdle;
          line_end  = 1'b1;
          line_err  = wb_bad || fsm_err_q;
          wb_fail_d = 1'b0;
        end
      end
      FsmUcReq: begin
        if (uc_write_q ? wr_req_ready_i : rd_req_ready_i) begin
          ev_uc_o = 1'b1;
          fsm_d   = FsmUcWait;
        end
      end
      FsmUcWait: begin
        if (uc_write_q ? wr_done_i : rd_beat_valid_i) begin
          fsm_d      = FsmIdle;
          c_done_fsm = 1'b1;
          c_mce_fsm  = uc_write_q ? wr_err_i : rd_beat_err_i;
          c_data_fsm = uc_write_q ? 64'h0 : beat_load;
          if (c_mce_fsm) c_data_fsm = '0;
        end
      end
      default: ;
    endcase

    // A fill's or a joined zeroing's end: a machine check with nothing installed, or the
    // line installed (a fill clean, the access replaying through the compare stage; a
    // zeroed line dirty, the operation answered).
    if (line_end) begin
      if (line_err) begin
        if (fill_ans_q) begin
          // the load has its word, which arrived without error: the line is only dropped
        end else if (fsm_slot_q == SlotPhys) begin
          p_done_fsm = 1'b1;
          p_mce_fsm  = 1'b1;
        end else begin
          c_done_fsm = 1'b1;
          c_mce_fsm  = 1'b1;
        end
      end else begin
        tag_we[fsm_way_q] = 1'b1;
        if (inj_dcdup) tag_we[fsm_way_q ^ WayW'(1)] = 1'b1;
        lv_we_fsm  = 1'b1;
        lv_fsm     = 1'b1;
        ld_we_fsm  = 1'b1;
        ld_fsm     = (fsm_slot_q == SlotPhys && p_op_q == mmu_pkg::DcZeroLine);
        p_done_fsm = p_done_fsm || ld_fsm;
      end
    end
  end

  // The line-state port: stage dc1's line while the machine is idle, the machine's own
  // otherwise.
  assign ls_set      = fsm_idle ? set_dc1 : fsm_set_q;
  assign ls_way      = fsm_idle ? lway_dc1 : fsm_way_q;
  assign ls_valid_we = fsm_idle ? lv_we_dc1 : lv_we_fsm;
  assign ls_valid    = fsm_idle ? lv_dc1 : lv_fsm;
  assign ls_dirty_we = fsm_idle ? ld_we_dc1 : ld_we_fsm;
  assign ls_dirty    = fsm_idle ? ld_dc1 : ld_fsm;

  // Completions: a fault needs no memory, its response goes out at once; stage dc1 and the
  // machine never complete in one cycle (dc1 needs the machine idle, which completes only
  // when busy).
  assign c_done      = nomem_dc1 || c_done_dc1 || c_done_fsm;
  assign c_done_mce  = c_mce_fsm;
  assign c_done_data = c_done_dc1 ? c_data_dc1 : c_data_fsm;
  assign p_done      = p_done_dc1 || p_done_fsm;
  assign p_done_mce  = p_mce_fsm;
  assign p_done_data = p_data_dc1;

  // The last read's colliding write (if any) is kept with that read's data.
  always_comb begin
    byp_valid_d = byp_valid_q;
    byp_way_d   = byp_way_q;
    byp_addr_d  = byp_addr_q;
    byp_be_d    = byp_be_q;
    byp_data_d  = byp_data_q;
    if (rd_en_dc0) begin
      byp_valid_d = valid_dc1 && (|data_we);
      byp_way_d   = hit_way_dc1;
      byp_addr_d  = data_waddr;
      byp_be_d    = data_wbe;
      byp_data_d  = data_wdata;
    end
  end

  // =========================================================================================
  // Sequential state
  // =========================================================================================
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
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
      wb_pend_q   <= 1'b0;
      wb_fail_q   <= 1'b0;
      wb_sent_q   <= 1'b0;
      fill_ans_q  <= 1'b0;
      fill_sent_q <= 1'b0;
      fill_cnt_q  <= '0;
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
      wb_pend_q   <= wb_pend_d;
      wb_fail_q   <= wb_fail_d;
      wb_sent_q   <= wb_sent_d;
      fill_ans_q  <= fill_ans_d;
      fill_sent_q <= fill_sent_d;
      fill_cnt_q  <= fill_cnt_d;
      wb_tag_q    <= wb_tag_d;
      if (wb_buf_we) wb_buf_q[wb_idx] <= data_rd[fsm_way_q];
      uc_addr_q   <= uc_addr_d;
      uc_size_q   <= uc_size_d;
      uc_lsize_q  <= uc_lsize_d;
      uc_b_q      <= uc_b_d;
      uc_write_q  <= uc_write_d;
      uc_wdata_q  <= uc_wdata_d;
      uc_strb_q   <= uc_strb_d;
    end
  end

  // =========================================================================================
  // Request slots: loaded by stage dc0, emptied by a completion
  // =========================================================================================
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
    end else if (c_go_dc0) begin
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
    end else if (mnt_go_dc0 && mnt_line_dc0) begin
      p_valid_q <= 1'b1;
      p_mnt_q   <= 1'b1;
      p_op_q    <= (mnt_req_op_i == mmu_pkg::MntWbLine) ? mmu_pkg::DcWbLine :
                   (mnt_req_op_i == mmu_pkg::MntInvLine) ? mmu_pkg::DcInvLine :
                   (mnt_req_op_i == mmu_pkg::MntWbInvLine) ? mmu_pkg::DcWbInvLine :
                   (mnt_req_op_i == mmu_pkg::MntZeroLine) ? mmu_pkg::DcZeroLine : mmu_pkg::DcLoad;
      p_addr_q  <= mnt_req_addr_i;
      p_size_q  <= 2'd3;
    end else if (ph_go_dc0) begin
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

  // =========================================================================================
  // Responses and events
  // =========================================================================================
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
      ph_rsp_valid_q  <= p_done && (!p_mnt_q || inj_dcphrsp);
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
      else if (ev_miss_o && !phys_dc1) c_missed_q <= 1'b1;
      if (p_done) p_missed_q <= 1'b0;
      else if (ev_miss_o && phys_dc1) p_missed_q <= 1'b1;
    end
  end

  assign ev_hit_o   = cached_hit_dc1 && !(phys_dc1 ? p_missed_q : c_missed_q);
  assign ev_stall_o = !fsm_idle;
  assign ev_ph_o    = phys_dc1;

  // =========================================================================================
  // Assertions: Verilator only (--assert); Yosys, for synthesis or a formal proof, never
  // reads them. What each checks: docs/assertions.md.
  // =========================================================================================
`ifdef VERILATOR

  // The memory side's requests (to rtl/axi/axi_master.sv) are held with their payload until
  // taken. (The request ports need no such promise from their requesters: a request is read
  // only in the cycle it is taken, and mmu_top's physical port may hand a waiting walker's
  // slot to the C side.)
  assert_held #(.W($bits({rd_req_addr_o, rd_req_line_o, rd_req_size_o})),
                .Msg("dcache: a memory read request changed or dropped before it was taken"))
    a_rd_req_stable (
      .clk_i, .rst_ni, .valid_i(rd_req_valid_o), .ready_i(rd_req_ready_i),
      .pay_i({rd_req_addr_o, rd_req_line_o, rd_req_size_o})
    );
  assert_held #(.W($bits({wr_req_addr_o, wr_req_line_o, wr_req_size_o})),
                .Msg("dcache: a memory write request changed or dropped before it was taken"))
    a_wr_req_stable (
      .clk_i, .rst_ni, .valid_i(wr_req_valid_o), .ready_i(wr_req_ready_i),
      .pay_i({wr_req_addr_o, wr_req_line_o, wr_req_size_o})
    );
  // The write-back's beats, read by the master by beat index, are written only during the
  // read-out and never once offered: the beat the master may be offering (its write handed
  // over and the beat said to be held) is not the word being written (formal/
  // fv_axi_master.sv assumes an offered beat holds still). Its write cannot end before the
  // read-out does (the last beat is held only after it).
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_wb_held: assert (!wb_buf_we || (fsm_q == FsmWbRead &&
                       !(wb_sent_q && wr_beat_avail_o && wr_beat_idx_i == wb_idx)))
      else $error("dcache: the write-back buffer written outside its read-out, or in the beat on offer");
  end
  // A fill beside its victim's read-out writes only words already read out (a word is read
  // in count n of the read-out), never the word being read, and never ends there; no fill
  // beat arrives in any other state of a write-back.
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_fill_behind: assert (!rd_beat_valid_i || !(fsm_q inside {FsmWbRead, FsmWbReq, FsmWbWait,
                           FsmWbJoin}) || (fsm_q == FsmWbRead && fill_side && fill_sent_q &&
                           {1'b0, fill_cnt_q} < fsm_cnt_q && !rd_beat_last_i))
      else $error("dcache: a fill beat over a word not yet read out, or outside its read-out");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_fill_word: assert (!(rd_beat_valid_i && (fsm_q == FsmFill || (fsm_q == FsmWbRead &&
                         fill_side))) || data_wbe == 8'hff)
      else $error("dcache: a fill beat written with some of its bytes disabled");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_wb_not_early: assert (!(fsm_q == FsmWbRead && wr_done_i))
      else $error("dcache: a write-back's write ended before its line was read out");
  end
  // A write-back running beside a fill or a zeroing, or its failure, is always resolved
  // before the machine goes idle (the access it serves is answered only after it); and
  // only a victim replaced by a fill or a zeroed line runs so: every other write-back is
  // awaited.
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_wb_joined: assert (!fsm_idle || !(wb_pend_q || wb_fail_q))
      else $error("dcache: the machine idle with a victim's write-back unresolved");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_wb_awaited: assert (!(fsm_q == FsmWbWait) || fsm_then_q != ThenFill)
      else $error("dcache: a fill's victim write-back awaited instead of overlapped");
  end

  // No answer without a request: each port's accepted and unanswered requests, counted from
  // the handshakes (a port takes its next request as it completes one: at most two each).
  logic [1:0] a_cpu_q, a_ph_q;
  logic       a_mnt_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_cpu_q <= '0;
      a_ph_q  <= '0;
      a_mnt_q <= 1'b0;
    end else begin
      a_cpu_q <= a_cpu_q + 2'(c_go_dc0) - 2'(cpu_rsp_valid_o);
      a_ph_q  <= a_ph_q + 2'(ph_go_dc0) - 2'(ph_rsp_valid_o);
      if (mnt_go_dc0)           a_mnt_q <= 1'b1;
      else if (mnt_rsp_valid_o) a_mnt_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_cpu_rsp_has_req: assert (!cpu_rsp_valid_o || a_cpu_q != '0)
      else $error("dcache: a CPU-port answer with no request in flight");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_ph_rsp_has_req: assert (!ph_rsp_valid_o || a_ph_q != '0)
      else $error("dcache: a physical-port answer with no request in flight");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_mnt_rsp_has_req: assert (!mnt_rsp_valid_o || a_mnt_q)
      else $error("dcache: a maintenance answer with no request in flight");
  end

  // A set holds a line at most once: a compare hits at most one way.
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_one_hit: assert (!valid_dc1 || $onehot0(hit_vec_dc1))
      else $error("dcache: a compare hit more than one way of its set");
  end

  // A dirty line leaves the cache (or turns clean) only when its write-back completes (a
  // failed one is reported with mce/err), or by an operation defined to discard it: INVD, a
  // line invalidation (CLINV). A fill installs only into a way whose line is gone.
  logic a_wb_done, a_discard, a_drop;
  assign a_wb_done = (fsm_q == FsmWbWait || wb_pend_q) && wr_done_i;
  assign a_discard = fsm_idle && ((mnt_go_dc0 && mnt_req_op_i == mmu_pkg::MntInvAll) ||
                                  (valid_dc1 && op_dc1 == mmu_pkg::DcInvLine));
  assign a_drop    = valid_q[ls_set][ls_way] && dirty_q[ls_set][ls_way] &&
                     ((ls_valid_we && !ls_valid) || (ls_dirty_we && !ls_dirty));
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_dirty_kept: assert (!a_drop || a_wb_done || a_discard)
      else $error("dcache: a dirty line dropped or made clean without its write-back");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_clear_clean: assert (!ls_clear || a_discard || !(|dirty_q))
      else $error("dcache: the whole cache invalidated with a dirty line in it");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_fill_free: assert (!((fsm_q == FsmFill || fsm_q == FsmWbJoin) && tag_we[fsm_way_q]) ||
                         !valid_q[fsm_set_q][fsm_way_q] || (wb_pend_q && wr_done_i && !wr_err_i))
      else $error("dcache: a fill installed over a line still valid");
  end

  // Maintenance ends: an accepted operation is answered within a bound of the cache's own
  // cycles (every set scanned, every way written back; cycles spent waiting for memory are
  // the memory's, not counted).
  localparam int unsigned MntBound = Sets * (Ways * 16 + 2) + 32;
  logic a_mem_wait;
  int unsigned a_mnt_own_q;
  assign a_mem_wait = (fsm_q == FsmWbReq && !wr_req_ready_i) || (fsm_q == FsmWbWait && !wr_done_i) ||
                      (fsm_q == FsmWbJoin && wb_pend_q && !wr_done_i) ||
                      (fsm_q == FsmFillReq && !rd_req_ready_i) ||
                      (fsm_q == FsmFill && !rd_beat_valid_i);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)                          a_mnt_own_q <= 0;
    else if (!a_mnt_q || mnt_rsp_valid_o) a_mnt_own_q <= 0;
    else if (!a_mem_wait)                 a_mnt_own_q <= a_mnt_own_q + 1;
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_mnt_ends: assert (a_mnt_own_q <= MntBound)
      else $error("dcache: a maintenance operation still unanswered after %0d cycles of its own",
                  MntBound);
  end
`endif
endmodule

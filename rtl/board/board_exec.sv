// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The board's command executor (docs/board-protocol.md): takes one event from the frame
// receiver at a time, checks it (type, length, sequence number, arguments, addresses) and
// either answers an error or runs it on mmu_top's ports -- one request on the fetch,
// load/store, CSR or physical port, eight physical-port words for a line, one CSR read per
// counter, or a reset of mmu_top with a clear of the memory -- and answers with the
// response frame. Nothing of a rejected request is executed. The receiver is held
// (hold_o) from the moment an event is taken until its response has been handed to the
// UART, so its payload is stable throughout.
module board_exec #(
  parameter int unsigned ClksPerBit  = 217,
  parameter int unsigned TimeoutBits = 1024,
  parameter int unsigned ClkHz       = 25000000,
  parameter logic [63:0] MemBase     = 64'h0,
  parameter logic [63:0] MemBytes    = 64'h20000,
  parameter logic [63:0] CfgName     = 64'h0,    // ASCII, as a string literal packs it
  parameter int unsigned NumParams   = 14,
  parameter logic [NumParams*32-1:0] Params = '0 // parameter i at [32i +: 32]
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // From board_frame_rx.
  input  logic                 ev_valid_i,
  output logic                 ev_ready_o,
  input  board_pkg::err_e      ev_err_i,
  input  logic [7:0]           ev_info_i,
  input  logic [7:0]           ev_seq_i,
  input  logic [7:0]           ev_type_i,
  input  logic [6:0]           ev_len_i,
  input  logic [board_pkg::MaxReqLen*8-1:0] ev_payload_i,
  output logic                 hold_o,
  input  logic [15:0]          noise_i,
  output logic                 noise_clr_o,

  // To board_frame_tx.
  output logic                 tx_start_valid_o,
  input  logic                 tx_start_ready_i,
  output logic [7:0]           tx_seq_o,
  output logic [7:0]           tx_type_o,
  output logic [15:0]          tx_len_o,
  output logic                 tx_pay_valid_o,
  input  logic                 tx_pay_ready_i,
  output logic [7:0]           tx_pay_o,
  input  logic                 tx_done_i,

  // mmu_top's reset and the memory's clear (RESET).
  output logic                 mmu_rst_no,
  output logic                 mem_clear_o,
  input  logic                 mem_clear_done_i,

  // mmu_top's ports, as the C side drives them (rtl/top/mmu_top.sv).
  output logic                 if_req_valid_o,
  input  logic                 if_req_ready_i,
  output logic [63:0]          if_req_va_o,
  output mmu_pkg::acc_e        if_req_kind_o,
  output logic                 if_req_user_o,
  input  logic                 if_rsp_valid_i,
  input  mmu_pkg::rsp_status_e if_rsp_status_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] if_rsp_pa_i,
  input  logic [4:0]           if_rsp_err_i,
  input  logic [63:0]          if_rsp_addr_i,

  output logic                 ls_req_valid_o,
  input  logic                 ls_req_ready_i,
  output logic [63:0]          ls_req_va_o,
  output mmu_pkg::acc_e        ls_req_kind_o,
  output logic                 ls_req_user_o,
  output logic [1:0]           ls_req_size_o,
  output logic [63:0]          ls_req_wdata_o,
  output logic                 ls_req_nodata_o,
  input  logic                 ls_rsp_valid_i,
  input  mmu_pkg::rsp_status_e ls_rsp_status_i,
  input  logic [mmu_pkg::PhysAddrW-1:0] ls_rsp_pa_i,
  input  logic [4:0]           ls_rsp_err_i,
  input  logic [63:0]          ls_rsp_addr_i,
  input  logic [63:0]          ls_rsp_rdata_i,

  output logic                 csr_req_valid_o,
  input  logic                 csr_req_ready_i,
  output mmu_pkg::csr_op_e     csr_req_op_o,
  output logic [63:0]          csr_req_arg0_o,
  output logic [63:0]          csr_req_arg1_o,
  output logic [63:0]          csr_req_arg2_o,
  input  logic                 csr_rsp_valid_i,
  input  logic                 csr_rsp_gp_i,
  input  logic [63:0]          csr_rsp_rdata_i,

  output logic                 pm_req_valid_o,
  input  logic                 pm_req_ready_i,
  output logic                 pm_req_write_o,
  output logic [mmu_pkg::PhysAddrW-1:0] pm_req_addr_o,
  output logic [1:0]           pm_req_size_o,
  output logic [63:0]          pm_req_wdata_o,
  input  logic                 pm_rsp_valid_i,
  input  logic                 pm_rsp_mce_i,
  input  logic [63:0]          pm_rsp_rdata_i
);

  localparam int unsigned HelloLen = 37 + 4 * NumParams;
  localparam int unsigned RspBytes = (HelloLen > 65) ? HelloLen : 65;  // LINE_READ: 65
  localparam int unsigned RstCycles = 16;  // mmu_top held in reset at least this long

  // The configuration's name with its first character in byte 0 (a string literal packs
  // its last character there).
  function automatic logic [63:0] name_le(logic [63:0] s);
    logic [63:0] r;
    int unsigned n;
    n = 0;
    for (int i = 0; i < 8; i++) if (s[8*i +: 8] != 8'h00) n = i + 1;
    r = '0;
    for (int i = 0; i < 8; i++) if (i < n) r[8*i +: 8] = s[8*(n-1-i) +: 8];
    name_le = r;
  endfunction

  // HELLO's answer, noise at bytes 6..7 filled in when it is sent.
  localparam logic [7:0]  HNum = 8'(NumParams), HPaBits = 8'(mmu_pkg::PhysAddrW);
  localparam logic [15:0] HTimeout = 16'(TimeoutBits), HClks = 16'(ClksPerBit);
  localparam logic [31:0] HClkHz = 32'(ClkHz);
  logic [HelloLen*8-1:0] hello;
  assign hello = {Params, HNum, name_le(CfgName), MemBytes, MemBase, HClkHz, 16'h0, HTimeout,
                  HClks, HPaBits, board_pkg::ProtoVersion};

  // ---- the payload's fields (docs/board-protocol.md, "Requests and responses") ----
  logic [7:0]  p_b0, p_b1, p_b2, p_b3;
  logic [63:0] p_pa, p_val, p_a0, p_a1, p_a2, p_va, p_wdata;
  assign p_b0    = ev_payload_i[0 +: 8];
  assign p_b1    = ev_payload_i[8 +: 8];
  assign p_b2    = ev_payload_i[16 +: 8];
  assign p_b3    = ev_payload_i[24 +: 8];
  assign p_pa    = ev_payload_i[0 +: 64];     // PWRITE, PREAD, LINE_*
  assign p_val   = ev_payload_i[72 +: 64];    // PWRITE's value (after u8 size)
  assign p_a0    = ev_payload_i[8 +: 64];     // CSR (after u8 op)
  assign p_a1    = ev_payload_i[72 +: 64];
  assign p_a2    = ev_payload_i[136 +: 64];
  assign p_va    = ev_payload_i[32 +: 64];    // PORT (after port, kind, flags, lsize)
  assign p_wdata = ev_payload_i[96 +: 64];

  function automatic logic in_mem(logic [63:0] lo, logic [63:0] n);
    // As offsets into the memory: an address below MemBase wraps to a huge offset, and
    // no sum is formed that could wrap.
    logic [63:0] off;
    off = lo - MemBase;
    in_mem = (off < MemBytes) && (n <= MemBytes - off);
  endfunction

  function automatic logic [6:0] type_len(logic [7:0] t);
    unique case (t)
      board_pkg::ReqHello, board_pkg::ReqReset, board_pkg::ReqCounters: type_len = 7'd0;
      board_pkg::ReqPwrite:    type_len = 7'd17;
      board_pkg::ReqPread:     type_len = 7'd9;
      board_pkg::ReqLineRead:  type_len = 7'd8;
      board_pkg::ReqLineWrite: type_len = 7'd72;
      board_pkg::ReqCsr:       type_len = 7'd25;
      board_pkg::ReqPort:      type_len = 7'd20;
      default:      type_len = 7'd0;
    endcase
  endfunction

  function automatic logic type_known(logic [7:0] t);
    unique case (t)
      board_pkg::ReqHello, board_pkg::ReqReset, board_pkg::ReqPwrite, board_pkg::ReqPread, board_pkg::ReqLineRead, board_pkg::ReqLineWrite, board_pkg::ReqCsr,
      board_pkg::ReqCounters, board_pkg::ReqPort: type_known = 1'b1;
      default: type_known = 1'b0;
    endcase
  endfunction

  // ---- checks of the pending event, in the order the page gives ----
  logic       pw_size_ok, line_ok, port_ok, csr_line;
  logic [3:0] pw_size;
  board_pkg::err_e       chk_err;
  logic [7:0] chk_info;

  always_comb begin
    pw_size    = ev_payload_i[64 +: 4];  // PWRITE/PREAD: u8 size at byte 8 (1, 2, 4 or 8)
    pw_size_ok = (ev_payload_i[64 +: 8] == 8'd1 || ev_payload_i[64 +: 8] == 8'd2 ||
                  ev_payload_i[64 +: 8] == 8'd4 || ev_payload_i[64 +: 8] == 8'd8) &&
                 ({1'b0, p_pa[2:0]} + pw_size <= 4'd8);
    line_ok    = (p_pa[5:0] == 6'd0);
    port_ok    = (p_b0 <= 8'd1) && (p_b1 <= 8'd2) && (p_b2[7:2] == 6'd0) && (p_b3 <= 8'd3) &&
                 (p_b0 == 8'd0 || ({1'b0, p_va[2:0]} + (4'd1 << p_b3[1:0]) <= 4'd8));
    csr_line   = (p_b0 == 8'(mmu_pkg::CsrCache)) && (p_a0 >= 64'(mmu_pkg::MntWbLine)) &&
                 (p_a0 <= 64'(mmu_pkg::MntZeroLine));
    chk_err  = board_pkg::ErrNone;
    chk_info = 8'd0;
    if (ev_err_i != board_pkg::ErrNone) begin
      chk_err  = ev_err_i;
      chk_info = ev_info_i;
    end else if (!type_known(ev_type_i)) begin
      chk_err  = board_pkg::ErrType;
      chk_info = ev_type_i;
    end else if (ev_len_i != type_len(ev_type_i)) begin
      chk_err = board_pkg::ErrLength;
    end else if (ev_type_i != board_pkg::ReqHello && ev_seq_i != seq_q) begin
      chk_err  = board_pkg::ErrSeq;
      chk_info = seq_q;
    end else begin
      unique case (ev_type_i)
        board_pkg::ReqPwrite, board_pkg::ReqPread: begin
          if (!pw_size_ok) chk_err = board_pkg::ErrArg;
          else if (!in_mem(p_pa, 64'(pw_size))) chk_err = board_pkg::ErrAddr;
        end
        board_pkg::ReqLineRead, board_pkg::ReqLineWrite: begin
          if (!line_ok) chk_err = board_pkg::ErrArg;
          else if (!in_mem(p_pa, 64'd64)) chk_err = board_pkg::ErrAddr;
        end
        board_pkg::ReqCsr: begin
          if (p_b0 > 8'd7) chk_err = board_pkg::ErrArg;
          else if (csr_line && !in_mem({p_a1[63:6], 6'd0}, 64'd64)) chk_err = board_pkg::ErrAddr;
        end
        board_pkg::ReqPort: if (!port_ok) chk_err = board_pkg::ErrArg;
        default: ;
      endcase
    end
  end

  // ---- the executor ----
  typedef enum logic [3:0] {
    Idle, Reset, Pm, Line, Csr, CntCsr, Port, PortWait, TxStart, Send, TxWait
  } state_e;

  state_e                  state_q, state_d;
  logic [7:0]              seq_q, seq_d;       // the SEQ expected next
  logic [7:0]              rseq_q, rseq_d, rtype_q, rtype_d;
  logic [15:0]             rlen_q, rlen_d;
  logic [RspBytes*8-1:0]   rsp_q, rsp_d;       // bytes still to send, next at [7:0]
  logic [6:0]              chunk_q, chunk_d;   // of them, in this chunk
  logic [5:0]              cnt_q, cnt_d;       // COUNTERS: the next counter to read
  logic                    cnt_mode_q, cnt_mode_d;
  logic [3:0]              iss_q, iss_d, got_q, got_d;  // line words issued, answered
  logic                    mce_q, mce_d;
  logic [511:0]            line_q, line_d;
  logic                    req_q, req_d;       // the port request is still presented
  logic [4:0]              rst_cnt_q, rst_cnt_d;
  logic                    mmu_rst_q, mmu_rst_d, clear_q, clear_d;
  logic                    is_line_write, is_pm_write;

  assign hold_o      = (state_q != Idle);
  assign ev_ready_o  = (state_q == Idle);
  assign mmu_rst_no  = !mmu_rst_q;
  assign mem_clear_o = clear_q;

  assign tx_start_valid_o = (state_q == TxStart);
  assign tx_seq_o         = rseq_q;
  assign tx_type_o        = rtype_q;
  assign tx_len_o         = rlen_q;
  assign tx_pay_valid_o   = (state_q == Send) && (chunk_q != '0);
  assign tx_pay_o         = rsp_q[7:0];

  assign is_line_write = (ev_type_i == board_pkg::ReqLineWrite);
  assign is_pm_write   = (ev_type_i == board_pkg::ReqPwrite);

  // Physical port: one word of a PWRITE/PREAD, or word iss_q of a line.
  always_comb begin
    pm_req_valid_o = 1'b0;
    pm_req_write_o = 1'b0;
    pm_req_addr_o  = p_pa[mmu_pkg::PhysAddrW-1:0];
    pm_req_size_o  = 2'd3;
    pm_req_wdata_o = 64'h0;
    if (state_q == Pm) begin
      pm_req_valid_o = req_q;
      pm_req_write_o = is_pm_write;
      pm_req_size_o  = pw_size[3] ? 2'd3 : pw_size[2] ? 2'd2 : pw_size[1] ? 2'd1 : 2'd0;
      pm_req_wdata_o = p_val;
    end else if (state_q == Line) begin
      pm_req_valid_o = (iss_q < 4'd8);
      pm_req_write_o = is_line_write;
      pm_req_addr_o  = p_pa[mmu_pkg::PhysAddrW-1:0] + mmu_pkg::PhysAddrW'({iss_q[2:0], 3'b000});
      pm_req_wdata_o = ev_payload_i[64 + 64*iss_q[2:0] +: 64];
    end
  end

  // CSR port: the request's command, or a counter read of COUNTERS.
  always_comb begin
    csr_req_valid_o = req_q && (state_q == Csr || state_q == CntCsr);
    if (state_q == CntCsr) begin
      csr_req_op_o   = mmu_pkg::CsrRdCounter;
      csr_req_arg0_o = 64'(cnt_q);
      csr_req_arg1_o = 64'h0;
      csr_req_arg2_o = 64'h0;
    end else begin
      csr_req_op_o   = mmu_pkg::csr_op_e'(p_b0[2:0]);
      csr_req_arg0_o = p_a0;
      csr_req_arg1_o = p_a1;
      csr_req_arg2_o = p_a2;
    end
  end

  // CPU ports: a PORT request on the port it names.
  assign if_req_valid_o  = (state_q == Port) && req_q && (p_b0 == 8'd0);
  assign ls_req_valid_o  = (state_q == Port) && req_q && (p_b0 == 8'd1);
  assign if_req_va_o     = p_va;
  assign if_req_kind_o   = mmu_pkg::acc_e'(p_b1[1:0]);
  assign if_req_user_o   = p_b2[0];
  assign ls_req_va_o     = p_va;
  assign ls_req_kind_o   = mmu_pkg::acc_e'(p_b1[1:0]);
  assign ls_req_user_o   = p_b2[0];
  assign ls_req_size_o   = p_b3[1:0];
  assign ls_req_wdata_o  = p_wdata;
  assign ls_req_nodata_o = p_b2[1];

  always_comb begin
    state_d    = state_q;
    seq_d      = seq_q;
    rseq_d     = rseq_q;
    rtype_d    = rtype_q;
    rlen_d     = rlen_q;
    rsp_d      = rsp_q;
    chunk_d    = chunk_q;
    cnt_d      = cnt_q;
    cnt_mode_d = cnt_mode_q;
    iss_d      = iss_q;
    got_d      = got_q;
    mce_d      = mce_q;
    line_d     = line_q;
    req_d      = req_q;
    rst_cnt_d  = rst_cnt_q;
    mmu_rst_d  = mmu_rst_q;
    clear_d    = clear_q;
    noise_clr_o = 1'b0;

    unique case (state_q)
      Idle: if (ev_valid_i) begin
        rseq_d     = ev_seq_i;
        rtype_d    = ev_type_i | board_pkg::TypeRsp;
        cnt_mode_d = 1'b0;
        req_d      = 1'b1;
        iss_d      = '0;
        got_d      = '0;
        mce_d      = 1'b0;
        rsp_d      = '0;
        if (chk_err != board_pkg::ErrNone) begin
          rtype_d = board_pkg::TypeErr;
          rlen_d  = 16'd2;
          chunk_d = 7'd2;
          rsp_d[15:0] = {chk_info, 8'(chk_err)};
          state_d = TxStart;
        end else begin
          seq_d = ev_seq_i + 8'd1;
          unique case (ev_type_i)
            board_pkg::ReqHello: begin
              rsp_d[HelloLen*8-1:0] = hello;
              rsp_d[48 +: 16] = noise_i;
              noise_clr_o = 1'b1;
              rlen_d  = 16'(HelloLen);
              chunk_d = 7'(HelloLen);
              state_d = TxStart;
            end
            board_pkg::ReqReset: begin
              mmu_rst_d = 1'b1;
              clear_d   = 1'b1;
              rst_cnt_d = '0;
              rlen_d    = 16'd0;
              chunk_d   = 7'd0;
              state_d   = Reset;
            end
            board_pkg::ReqPwrite, board_pkg::ReqPread: state_d = Pm;
            board_pkg::ReqLineRead, board_pkg::ReqLineWrite: state_d = Line;
            board_pkg::ReqCsr: state_d = Csr;
            board_pkg::ReqCounters: begin
              rsp_d[7:0] = 8'(mmu_pkg::NumCounters);
              rlen_d     = 16'(1 + 8 * mmu_pkg::NumCounters);
              chunk_d    = 7'd1;
              cnt_d      = '0;
              cnt_mode_d = 1'b1;
              state_d    = TxStart;
            end
            board_pkg::ReqPort: state_d = Port;
            default: state_d = Idle;  // not reached: the type was checked
          endcase
        end
      end

      Reset: begin
        if (rst_cnt_q != 5'(RstCycles)) rst_cnt_d = rst_cnt_q + 1'b1;
        if (rst_cnt_q == 5'(RstCycles) && mem_clear_done_i) begin
          mmu_rst_d = 1'b0;
          clear_d   = 1'b0;
          state_d   = TxStart;
        end
      end

      Pm: begin
        if (pm_req_valid_o && pm_req_ready_i) req_d = 1'b0;
        if (pm_rsp_valid_i) begin
          if (is_pm_write) begin
            rsp_d[7:0] = {7'd0, pm_rsp_mce_i};
            rlen_d     = 16'd1;
            chunk_d    = 7'd1;
          end else begin
            rsp_d[71:0] = {pm_rsp_mce_i ? 64'h0 : pm_rsp_rdata_i, 7'd0, pm_rsp_mce_i};
            rlen_d      = 16'd9;
            chunk_d     = 7'd9;
          end
          state_d = TxStart;
        end
      end

      Line: begin
        if (pm_req_valid_o && pm_req_ready_i) iss_d = iss_q + 1'b1;
        if (pm_rsp_valid_i) begin
          got_d  = got_q + 1'b1;
          mce_d  = mce_q || pm_rsp_mce_i;
          line_d = {pm_rsp_mce_i ? 64'h0 : pm_rsp_rdata_i, line_q[511:64]};
        end
        if (got_d == 4'd8) begin
          if (is_line_write) begin
            rsp_d[7:0] = {7'd0, mce_d};
            rlen_d     = 16'd1;
            chunk_d    = 7'd1;
          end else begin
            rsp_d[519:0] = {line_d, 7'd0, mce_d};
            rlen_d       = 16'd65;
            chunk_d      = 7'd65;
          end
          state_d = TxStart;
        end
      end

      Csr: begin
        if (csr_req_valid_o && csr_req_ready_i) req_d = 1'b0;
        if (csr_rsp_valid_i) begin
          rsp_d[71:0] = {csr_rsp_rdata_i, 7'd0, csr_rsp_gp_i};
          rlen_d      = 16'd9;
          chunk_d     = 7'd9;
          state_d     = TxStart;
        end
      end

      // COUNTERS, between chunks: the next counter, then its 8 bytes.
      CntCsr: begin
        if (csr_req_valid_o && csr_req_ready_i) req_d = 1'b0;
        if (csr_rsp_valid_i) begin
          // A counter the CSR block refuses would be a broken build: it reads 0.
          rsp_d[63:0] = csr_rsp_gp_i ? 64'h0 : csr_rsp_rdata_i;
          chunk_d     = 7'd8;
          cnt_d       = cnt_q + 1'b1;
          state_d     = Send;
        end
      end

      Port: begin
        if ((if_req_valid_o && if_req_ready_i) || (ls_req_valid_o && ls_req_ready_i)) begin
          req_d   = 1'b0;
          state_d = PortWait;
        end
      end

      PortWait: begin
        if (p_b0 == 8'd0 ? if_rsp_valid_i : ls_rsp_valid_i) begin
          if (p_b0 == 8'd0) begin
            rsp_d[207:0] = {64'h0, if_rsp_addr_i, 64'(if_rsp_pa_i), 3'd0, if_rsp_err_i,
                            6'd0, if_rsp_status_i};
          end else begin
            rsp_d[207:0] = {ls_rsp_rdata_i, ls_rsp_addr_i, 64'(ls_rsp_pa_i), 3'd0, ls_rsp_err_i,
                            6'd0, ls_rsp_status_i};
          end
          rlen_d  = 16'd26;
          chunk_d = 7'd26;
          state_d = TxStart;
        end
      end

      TxStart: if (tx_start_ready_i) state_d = Send;

      Send: begin
        if (tx_pay_valid_o && tx_pay_ready_i) begin
          rsp_d   = {8'h00, rsp_q[RspBytes*8-1:8]};
          chunk_d = chunk_q - 1'b1;
        end
        if (chunk_d == '0) begin
          if (cnt_mode_q && cnt_q != 6'(mmu_pkg::NumCounters)) begin
            req_d   = 1'b1;
            state_d = CntCsr;
          end else begin
            state_d = TxWait;
          end
        end
      end

      TxWait: if (tx_done_i) state_d = Idle;

      default: state_d = Idle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= Idle;
      seq_q      <= '0;
      rseq_q     <= '0;
      rtype_q    <= '0;
      rlen_q     <= '0;
      rsp_q      <= '0;
      chunk_q    <= '0;
      cnt_q      <= '0;
      cnt_mode_q <= 1'b0;
      iss_q      <= '0;
      got_q      <= '0;
      mce_q      <= 1'b0;
      line_q     <= '0;
      req_q      <= 1'b0;
      rst_cnt_q  <= '0;
      mmu_rst_q  <= 1'b0;
      clear_q    <= 1'b0;
    end else begin
      state_q    <= state_d;
      seq_q      <= seq_d;
      rseq_q     <= rseq_d;
      rtype_q    <= rtype_d;
      rlen_q     <= rlen_d;
      rsp_q      <= rsp_d;
      chunk_q    <= chunk_d;
      cnt_q      <= cnt_d;
      cnt_mode_q <= cnt_mode_d;
      iss_q      <= iss_d;
      got_q      <= got_d;
      mce_q      <= mce_d;
      line_q     <= line_d;
      req_q      <= req_d;
      rst_cnt_q  <= rst_cnt_d;
      mmu_rst_q  <= mmu_rst_d;
      clear_q    <= clear_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only.
`ifdef VERILATOR
  // One request at a time: a port's response only while the executor waits for it.
  always_ff @(posedge clk_i) if (rst_ni && !mmu_rst_q) begin
    a_if_rsp: assert (!if_rsp_valid_i || (state_q == PortWait && p_b0 == 8'd0))
      else $error("board_exec: a fetch-port response nobody asked for");
  end
  always_ff @(posedge clk_i) if (rst_ni && !mmu_rst_q) begin
    a_ls_rsp: assert (!ls_rsp_valid_i || (state_q == PortWait && p_b0 == 8'd1))
      else $error("board_exec: a load/store-port response nobody asked for");
  end
  always_ff @(posedge clk_i) if (rst_ni && !mmu_rst_q) begin
    a_csr_rsp: assert (!csr_rsp_valid_i || ((state_q == Csr || state_q == CntCsr) && !req_q))
      else $error("board_exec: a CSR response nobody asked for");
  end
  always_ff @(posedge clk_i) if (rst_ni && !mmu_rst_q) begin
    a_pm_rsp: assert (!pm_rsp_valid_i || (state_q == Pm && !req_q) ||
                       (state_q == Line && got_q < iss_q))
      else $error("board_exec: a physical-port response nobody asked for");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_hello_fits: assert (chunk_q <= 7'(RspBytes))
      else $error("board_exec: a response chunk longer than the buffer");
  end
`endif

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The board's frame receiver (docs/board-protocol.md): bytes from the UART in, one event
// per frame out -- an intact frame (CRC good, LEN at most MaxReqLen) or a receive error
// (FRAMING, BAD_LENGTH, BAD_CRC, TRUNCATED, OVERRUN) with the SEQ byte as received.
//
// The event is held until taken (ev_ready_i) and the payload stays unchanged until the
// executor releases hold_i: bytes of a frame that arrive while an event is pending or the
// executor holds are not stored, and that frame, once complete (or failed), becomes one
// OVERRUN event, delivered when the executor is free again. After FRAMING, an over-long LEN
// or BAD_CRC the frame's true end is unknown, so the line is ignored until it has been idle
// for TimeoutBits bit times, and only then is the error delivered; inside a frame the same
// idle time is TRUNCATED. Bytes other than SYNC between frames are counted in noise_o
// (saturating; noise_clr_i clears it).
module board_frame_rx #(
  parameter int unsigned ClksPerBit  = 217,
  parameter int unsigned TimeoutBits = 1024
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Bytes from board_uart_rx.
  input  logic                 byte_valid_i,
  input  logic [7:0]           byte_i,
  input  logic                 byte_framing_i,

  output logic                 ev_valid_o,
  input  logic                 ev_ready_i,
  output board_pkg::err_e      ev_err_o,     // ErrNone: an intact frame
  output logic [7:0]           ev_info_o,
  output logic [7:0]           ev_seq_o,
  output logic [7:0]           ev_type_o,
  output logic [6:0]           ev_len_o,
  output logic [board_pkg::MaxReqLen*8-1:0] ev_payload_o,  // byte i at [8i +: 8]
  input  logic                 hold_i,

  output logic [15:0]          noise_o,
  input  logic                 noise_clr_i
);

  localparam int unsigned TimeoutClks = TimeoutBits * ClksPerBit;
  localparam int unsigned IdleW = $clog2(TimeoutClks + 1);
  localparam logic [IdleW-1:0] IdleMax = IdleW'(TimeoutClks);

  typedef enum logic [3:0] {
    Hunt, Len0, Len1, Seq, Type, Payload, Crc0, Crc1, Discard
  } state_e;

  state_e                    state_q, state_d;
  logic [IdleW-1:0]          idle_q, idle_d;      // cycles since the last byte, saturating
  logic [15:0]               len_q, len_d, idx_q, idx_d;
  logic [7:0]                got_q, got_d;        // bytes of this frame, SYNC included
  logic [15:0]               crc_q, crc_d;
  logic [7:0]                seq_q, seq_d, type_q, type_d;
  logic                      taint_q, taint_d;    // a byte arrived while busy
  board_pkg::err_e           perr_q, perr_d;      // the error a Discard ends in
  logic [board_pkg::MaxReqLen*8-1:0] pay_q;
  logic                      pay_we;
  logic [6:0]                pay_idx;
  logic                      ev_valid_d;
  board_pkg::err_e           ev_err_d;
  logic [7:0]                ev_info_d, ev_seq_d, ev_type_d;
  logic [6:0]                ev_len_d;
  logic                      ovr_q, ovr_d;        // an OVERRUN to deliver
  logic [7:0]                ovr_seq_q, ovr_seq_d;
  logic [15:0]               noise_d;
  logic                      busy, timeout, finish;
  board_pkg::err_e           fin_err;
  logic [7:0]                fin_info;

  assign busy    = hold_i || ev_valid_o;
  assign timeout = (idle_q == IdleMax);

  always_comb begin
    state_d    = state_q;
    idle_d     = byte_valid_i ? '0 : (timeout ? idle_q : idle_q + 1'b1);
    len_d      = len_q;
    idx_d      = idx_q;
    got_d      = got_q;
    crc_d      = crc_q;
    seq_d      = seq_q;
    type_d     = type_q;
    taint_d    = taint_q;
    perr_d     = perr_q;
    pay_we     = 1'b0;
    pay_idx    = idx_q[6:0];
    noise_d    = noise_clr_i ? '0 : noise_o;
    finish     = 1'b0;
    fin_err    = board_pkg::ErrNone;
    fin_info   = 8'd0;

    if (byte_valid_i && state_q != Hunt && state_q != Discard) begin
      got_d   = (got_q == 8'hFF) ? got_q : got_q + 1'b1;
      crc_d   = board_pkg::crc16_byte(crc_q, byte_i);
      taint_d = taint_q || busy;
    end

    unique case (state_q)
      Hunt: if (byte_valid_i) begin
        if (!byte_framing_i && byte_i == board_pkg::Sync) begin
          state_d = Len0;
          got_d   = 8'd1;
          crc_d   = 16'hFFFF;
          seq_d   = 8'd0;
          type_d  = 8'd0;
          taint_d = busy;
        end else if (noise_d != 16'hFFFF) begin
          noise_d = noise_d + 1'b1;
        end
      end
      Discard: begin
        if (timeout) begin
          finish  = 1'b1;
          fin_err = perr_q;
          state_d = Hunt;
        end
      end
      default: begin
        if (byte_valid_i && byte_framing_i) begin
          state_d = Discard;
          perr_d  = board_pkg::ErrFraming;
        end else if (byte_valid_i) begin
          unique case (state_q)
            Len0: begin
              len_d   = {8'd0, byte_i};
              state_d = Len1;
            end
            Len1: begin
              len_d = {byte_i, len_q[7:0]};
              if ({byte_i, len_q[7:0]} > 16'(board_pkg::MaxReqLen)) begin
                state_d = Discard;
                perr_d  = board_pkg::ErrLength;
              end else begin
                state_d = Seq;
              end
            end
            Seq: begin
              seq_d   = byte_i;
              state_d = Type;
            end
            Type: begin
              type_d  = byte_i;
              idx_d   = '0;
              state_d = (len_q == '0) ? Crc0 : Payload;
            end
            Payload: begin
              pay_we  = !busy && !taint_q;
              idx_d   = idx_q + 1'b1;
              if (idx_q + 1'b1 == len_q) state_d = Crc0;
            end
            Crc0: state_d = Crc1;
            Crc1: begin
              if (crc_d != 16'h0000) begin
                state_d = Discard;
                perr_d  = board_pkg::ErrCrc;
              end else begin
                finish  = 1'b1;
                state_d = Hunt;
              end
            end
            default: state_d = Hunt;
          endcase
        end else if (timeout) begin
          finish   = 1'b1;
          fin_err  = board_pkg::ErrTruncated;
          fin_info = got_q;
          state_d  = Hunt;
        end
      end
    endcase
  end

  // A finished frame (or error) becomes the event, or an OVERRUN when it overlapped a busy
  // executor; a pending OVERRUN is delivered once the executor is free.
  always_comb begin
    ev_valid_d = ev_valid_o && !ev_ready_i;
    ev_err_d   = ev_err_o;
    ev_info_d  = ev_info_o;
    ev_seq_d   = ev_seq_o;
    ev_type_d  = ev_type_o;
    ev_len_d   = ev_len_o;
    ovr_d      = ovr_q;
    ovr_seq_d  = ovr_seq_q;
    if (finish && (busy || taint_d)) begin
      ovr_d     = 1'b1;
      ovr_seq_d = seq_d;
    end else if (finish) begin
      ev_valid_d = 1'b1;
      ev_err_d   = fin_err;
      ev_info_d  = fin_info;
      ev_seq_d   = seq_d;
      ev_type_d  = type_d;
      ev_len_d   = len_q[6:0];
    end else if (ovr_q && !busy) begin
      ovr_d      = 1'b0;
      ev_valid_d = 1'b1;
      ev_err_d   = board_pkg::ErrOverrun;
      ev_info_d  = 8'd0;
      ev_seq_d   = ovr_seq_q;
      ev_type_d  = 8'd0;
      ev_len_d   = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= Hunt;
      idle_q     <= '0;
      len_q      <= '0;
      idx_q      <= '0;
      got_q      <= '0;
      crc_q      <= 16'hFFFF;
      seq_q      <= '0;
      type_q     <= '0;
      taint_q    <= 1'b0;
      perr_q     <= board_pkg::ErrNone;
      ev_valid_o <= 1'b0;
      ev_err_o   <= board_pkg::ErrNone;
      ev_info_o  <= '0;
      ev_seq_o   <= '0;
      ev_type_o  <= '0;
      ev_len_o   <= '0;
      ovr_q      <= 1'b0;
      ovr_seq_q  <= '0;
      noise_o    <= '0;
    end else begin
      state_q    <= state_d;
      idle_q     <= idle_d;
      len_q      <= len_d;
      idx_q      <= idx_d;
      got_q      <= got_d;
      crc_q      <= crc_d;
      seq_q      <= seq_d;
      type_q     <= type_d;
      taint_q    <= taint_d;
      perr_q     <= perr_d;
      ev_valid_o <= ev_valid_d;
      ev_err_o   <= ev_err_d;
      ev_info_o  <= ev_info_d;
      ev_seq_o   <= ev_seq_d;
      ev_type_o  <= ev_type_d;
      ev_len_o   <= ev_len_d;
      ovr_q      <= ovr_d;
      ovr_seq_q  <= ovr_seq_d;
      noise_o    <= noise_d;
    end
  end

  // The payload bytes (no reset: what a frame did not write is never read).
  always_ff @(posedge clk_i) begin
    if (pay_we) pay_q[pay_idx*8 +: 8] <= byte_i;
  end
  assign ev_payload_o = pay_q;

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only.
`ifdef VERILATOR
  assert_held #(.W($bits({ev_err_o, ev_info_o, ev_seq_o, ev_type_o, ev_len_o})),
                .Msg("board_frame_rx: a pending event changed before it was taken"))
    a_ev_stable (
      .clk_i, .rst_ni, .valid_i(ev_valid_o), .ready_i(ev_ready_i),
      .pay_i({ev_err_o, ev_info_o, ev_seq_o, ev_type_o, ev_len_o})
    );
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_payload_held: assert (!(ev_valid_o || hold_i) || !pay_we)
      else $error("board_frame_rx: the payload written while the executor reads it");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_len_bound: assert (state_q != Payload || (idx_q < len_q && len_q <= 16'(board_pkg::MaxReqLen)))
      else $error("board_frame_rx: a payload byte beyond LEN or the buffer");
  end
`endif

endmodule

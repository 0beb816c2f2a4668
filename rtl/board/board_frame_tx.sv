// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The board's frame transmitter (docs/board-protocol.md): a header (SEQ, TYPE, LEN) taken
// at start, then LEN payload bytes pulled from the executor as valid/ready, sent as SYNC,
// LEN (little-endian), SEQ, TYPE, payload, CRC-16 (high byte first). done_o pulses when
// the last CRC byte has been handed to the UART.
module board_frame_tx (
  input  logic        clk_i,
  input  logic        rst_ni,

  input  logic        start_valid_i,
  output logic        start_ready_o,
  input  logic [7:0]  start_seq_i,
  input  logic [7:0]  start_type_i,
  input  logic [15:0] start_len_i,

  input  logic        pay_valid_i,
  output logic        pay_ready_o,
  input  logic [7:0]  pay_i,

  output logic        done_o,

  // To board_uart_tx.
  output logic        tx_valid_o,
  input  logic        tx_ready_i,
  output logic [7:0]  tx_data_o
);

  typedef enum logic [3:0] {
    Idle, Sync, Len0, Len1, Seq, Type, Payload, CrcHi, CrcLo
  } state_e;

  state_e      state_q, state_d;
  logic [7:0]  seq_q, seq_d, type_q, type_d;
  logic [15:0] len_q, len_d, left_q, left_d, crc_q, crc_d;
  logic        take;

  assign start_ready_o = (state_q == Idle);
  assign pay_ready_o   = (state_q == Payload) && tx_ready_i;

  always_comb begin
    unique case (state_q)
      Sync:    tx_data_o = board_pkg::Sync;
      Len0:    tx_data_o = len_q[7:0];
      Len1:    tx_data_o = len_q[15:8];
      Seq:     tx_data_o = seq_q;
      Type:    tx_data_o = type_q;
      Payload: tx_data_o = pay_i;
      CrcHi:   tx_data_o = crc_q[15:8];
      CrcLo:   tx_data_o = crc_q[7:0];
      default: tx_data_o = 8'h00;
    endcase
    tx_valid_o = (state_q != Idle) && (state_q != Payload || pay_valid_i);
  end

  assign take = tx_valid_o && tx_ready_i;

  always_comb begin
    state_d = state_q;
    seq_d   = seq_q;
    type_d  = type_q;
    len_d   = len_q;
    left_d  = left_q;
    crc_d   = crc_q;
    done_o  = 1'b0;
    if (state_q == Idle) begin
      if (start_valid_i) begin
        seq_d   = start_seq_i;
        type_d  = start_type_i;
        len_d   = start_len_i;
        left_d  = start_len_i;
        crc_d   = 16'hFFFF;
        state_d = Sync;
      end
    end else if (take) begin
      if (state_q != Sync && state_q != CrcHi && state_q != CrcLo) begin
        crc_d = board_pkg::crc16_byte(crc_q, tx_data_o);
      end
      unique case (state_q)
        Sync:    state_d = Len0;
        Len0:    state_d = Len1;
        Len1:    state_d = Seq;
        Seq:     state_d = Type;
        Type:    state_d = (left_q == '0) ? CrcHi : Payload;
        Payload: begin
          left_d = left_q - 1'b1;
          if (left_q == 16'd1) state_d = CrcHi;
        end
        CrcHi:   state_d = CrcLo;
        CrcLo: begin
          state_d = Idle;
          done_o  = 1'b1;
        end
        default: state_d = Idle;
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      seq_q   <= '0;
      type_q  <= '0;
      len_q   <= '0;
      left_q  <= '0;
      crc_q   <= 16'hFFFF;
    end else begin
      state_q <= state_d;
      seq_q   <= seq_d;
      type_q  <= type_d;
      len_q   <= len_d;
      left_q  <= left_d;
      crc_q   <= crc_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only.
`ifdef VERILATOR
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_payload_count: assert (state_q != Payload || (left_q != '0 && left_q <= len_q))
      else $error("board_frame_tx: a payload byte beyond LEN");
  end
`endif

endmodule

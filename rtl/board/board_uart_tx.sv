// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// UART transmitter, 8N1, least significant bit first, idle high. A byte is taken (valid_i
// and ready_o) only while the line is idle; its ten bits are ClksPerBit cycles each.
module board_uart_tx #(
  parameter int unsigned ClksPerBit = 217
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  output logic       ready_o,
  input  logic [7:0] data_i,
  output logic       tx_o
);

  localparam int unsigned CntW = $clog2(ClksPerBit + 1);
  localparam logic [CntW-1:0] Full = CntW'(ClksPerBit - 1);

  logic [CntW-1:0] cnt_q, cnt_d;
  logic [3:0]      left_q, left_d;   // bits still to send, the current one included
  logic [9:0]      shift_q, shift_d; // {stop, data, start}, sent from bit 0

  assign ready_o = (left_q == '0);

  always_comb begin
    cnt_d   = cnt_q;
    left_d  = left_q;
    shift_d = shift_q;
    if (left_q == '0) begin
      if (valid_i) begin
        shift_d = {1'b1, data_i, 1'b0};
        left_d  = 4'd10;
        cnt_d   = Full;
      end
    end else if (cnt_q != '0) begin
      cnt_d = cnt_q - 1'b1;
    end else begin
      shift_d = {1'b1, shift_q[9:1]};
      left_d  = left_q - 1'b1;
      cnt_d   = Full;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q   <= '0;
      left_q  <= '0;
      shift_q <= '1;
    end else begin
      cnt_q   <= cnt_d;
      left_q  <= left_d;
      shift_q <= shift_d;
    end
  end

  // The line is straight from a flip-flop (no glitches on the pin): ones shift in behind the
  // stop bit, so bit 0 is 1 whenever no byte is under way.
  assign tx_o = shift_q[0];

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only.
`ifdef VERILATOR
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_idle_high: assert (!ready_o || tx_o)
      else $error("board_uart_tx: the line is low while idle");
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_bits: assert (left_q <= 4'd10)
      else $error("board_uart_tx: more than ten bits in flight");
  end
`endif

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// UART receiver, 8N1, least significant bit first, idle high. The line is synchronised
// with two flip-flops; a start bit is a low level seen at its middle (a glitch shorter than
// half a bit is ignored); each bit is sampled once at its middle. A byte is delivered
// (valid_o for one cycle) at the middle of its stop bit, with framing_o set when the stop
// bit was 0.
module board_uart_rx #(
  parameter int unsigned ClksPerBit = 217
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       rx_i,
  output logic       valid_o,
  output logic [7:0] data_o,
  output logic       framing_o
);

  if (ClksPerBit < 4) begin : g_bad_clks
    $fatal(1, "board_uart_rx: ClksPerBit must be at least 4 (got %0d)", ClksPerBit);
  end

  localparam int unsigned CntW = $clog2(ClksPerBit + 1);
  localparam logic [CntW-1:0] Full = CntW'(ClksPerBit - 1);
  localparam logic [CntW-1:0] Half = CntW'(ClksPerBit / 2 - 1);

  typedef enum logic [2:0] { Idle, Start, Data, Stop, Break } state_e;

  logic [1:0]      sync_q;
  state_e          state_q, state_d;
  logic [CntW-1:0] cnt_q, cnt_d;
  logic [2:0]      bit_q, bit_d;
  logic [7:0]      shift_q, shift_d;
  logic            valid_d, framing_d;
  logic            rx;

  assign rx = sync_q[1];

  always_comb begin
    state_d   = state_q;
    cnt_d     = cnt_q;
    bit_d     = bit_q;
    shift_d   = shift_q;
    valid_d   = 1'b0;
    framing_d = framing_o;
    unique case (state_q)
      Idle: if (!rx) begin
        state_d = Start;
        cnt_d   = Half;
      end
      Start: if (cnt_q != '0) begin
        cnt_d = cnt_q - 1'b1;
      end else if (rx) begin
        state_d = Idle;  // a glitch, not a start bit
      end else begin
        state_d = Data;
        cnt_d   = Full;
        bit_d   = '0;
      end
      Data: if (cnt_q != '0) begin
        cnt_d = cnt_q - 1'b1;
      end else begin
        shift_d = {rx, shift_q[7:1]};
        cnt_d   = Full;
        bit_d   = bit_q + 1'b1;
        if (bit_q == 3'd7) state_d = Stop;
      end
      Stop: if (cnt_q != '0) begin
        cnt_d = cnt_q - 1'b1;
      end else begin
        valid_d   = 1'b1;
        framing_d = !rx;
        // After a bad stop bit wait for the line to return high before hunting again, so
        // that a held-low line (a break) is one framing error, not a stream of bytes.
        state_d   = rx ? Idle : Break;
      end
      Break: if (rx) state_d = Idle;
      default: state_d = Idle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q    <= 2'b11;
      state_q   <= Idle;
      cnt_q     <= '0;
      bit_q     <= '0;
      shift_q   <= '0;
      valid_o   <= 1'b0;
      framing_o <= 1'b0;
    end else begin
      sync_q    <= {sync_q[0], rx_i};
      state_q   <= state_d;
      cnt_q     <= cnt_d;
      bit_q     <= bit_d;
      shift_q   <= shift_d;
      valid_o   <= valid_d;
      framing_o <= framing_d;
    end
  end

  assign data_o = shift_q;

  // ---------------------------------------------------------------------------------------
  // Assertions: Verilator only.
`ifdef VERILATOR
  // A byte is a one-cycle pulse: valid at two edges in a row is a byte delivered twice.
  logic a_valid_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) a_valid_q <= 1'b0;
    else         a_valid_q <= valid_o;
  end
  always_ff @(posedge clk_i) if (rst_ni) begin
    a_valid_pulse: assert (!(a_valid_q && valid_o))
      else $error("board_uart_rx: a byte delivered in two consecutive cycles");
  end
`endif

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The board's UART protocol (docs/board-protocol.md) as the RTL sees it: frame constants,
// request types, error codes and the CRC. The page is the definition; this is its encoding.
package board_pkg;

  localparam logic [7:0] Sync = 8'hA5;
  localparam int unsigned MaxReqLen = 72;  // LINE_WRITE, the longest request payload
  localparam logic [7:0] ProtoVersion = 8'd1;
  localparam logic [7:0] TypeRsp = 8'h80;  // OR-ed into a request's type in its response
  localparam logic [7:0] TypeErr = 8'hFF;

  typedef enum logic [7:0] {
    ReqHello     = 8'h01,
    ReqReset     = 8'h02,
    ReqPwrite    = 8'h10,
    ReqPread     = 8'h11,
    ReqLineRead  = 8'h12,
    ReqLineWrite = 8'h13,
    ReqCsr       = 8'h20,
    ReqCounters  = 8'h21,
    ReqPort      = 8'h30
  } req_e;

  typedef enum logic [7:0] {
    ErrNone      = 8'd0,
    ErrCrc       = 8'd1,
    ErrLength    = 8'd2,
    ErrType      = 8'd3,
    ErrSeq       = 8'd4,
    ErrTruncated = 8'd5,
    ErrAddr      = 8'd6,
    ErrArg       = 8'd7,
    ErrOverrun   = 8'd8,
    ErrFraming   = 8'd9
  } err_e;

  // CRC-16/CCITT-FALSE (polynomial 0x1021, no reflection), one byte, most significant bit
  // first. Init 0xFFFF; over a frame with its CRC appended high byte first the result is 0.
  function automatic logic [15:0] crc16_byte(logic [15:0] crc, logic [7:0] b);
    logic [15:0] c;
    c = crc ^ {b, 8'h00};
    for (int i = 0; i < 8; i++) begin
      c = c[15] ? ((c << 1) ^ 16'h1021) : (c << 1);
    end
    crc16_byte = c;
  endfunction

endpackage

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Encodings on the L1 data cache's ports (rtl/cache/dcache.sv).
package dcache_pkg;

  // Operations on the CPU and physical ports. Sizes are log2 bytes (0..3); an access stays
  // within one aligned 8-byte word (the requester splits), a CAS is 8 bytes, aligned.
  localparam logic [2:0] DcLoad       = 3'd0;
  localparam logic [2:0] DcStore      = 3'd1;
  localparam logic [2:0] DcCas        = 3'd2;  // physical port only: old value returned
  // Maintenance of one physical line (internal: the maintenance port's line operations).
  localparam logic [2:0] DcWbLine     = 3'd3;
  localparam logic [2:0] DcInvLine    = 3'd4;
  localparam logic [2:0] DcWbInvLine  = 3'd5;
  localparam logic [2:0] DcZeroLine   = 3'd6;

  // Maintenance port operations.
  localparam logic [2:0] MntWbInvAll  = 3'd0;  // write back every dirty line, invalidate all
  localparam logic [2:0] MntInvAll    = 3'd1;  // invalidate all, dirty data is dropped
  localparam logic [2:0] MntWbLine    = 3'd2;  // write back one physical line, keep it
  localparam logic [2:0] MntInvLine   = 3'd3;  // invalidate one physical line, no write-back
  localparam logic [2:0] MntWbInvLine = 3'd4;  // write back and invalidate one line
  localparam logic [2:0] MntZeroLine  = 3'd5;  // one line becomes zeroes, allocated dirty
                                               // without reading memory (CLZERO, DC ZVA)

endpackage

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// board_top on the wire: this bench drives the UART pins bit by bit and checks every frame
// that comes back against docs/board-protocol.md -- HELLO, the physical and line requests,
// CSR commands, translations on both CPU ports (with the A/D bits they set in memory),
// counters, RESET, and each rejection (bad CRC, length, type, sequence number, address,
// argument, a truncated frame, a framing error, an overrun), with the proof that a rejected
// request did not execute. Its CRC is its own (checked against the standard check value),
// not the RTL's. Exit status 1 when any check failed.
module tb_board;
  timeunit 1ns;
  timeprecision 1ps;

  localparam int unsigned Cpb = 4;            // clocks per UART bit
  localparam logic [63:0] MemBytes = 64'h10000;

  logic clk = 1'b0, rst_n = 1'b0, rx = 1'b1, tx;
  always #5 clk = !clk;

  string phase = "start";
  longint unsigned cycle = 0;
  always @(posedge clk) cycle <= cycle + 1;


  board_top #(.ClksPerBit(Cpb), .MemBytes(MemBytes), .ClkHz(100000000)) dut (
    .clk_i(clk), .rst_ni(rst_n), .uart_rx_i(rx), .uart_tx_o(tx)
  );

  int fails = 0, checks = 0;
  task automatic check(bit ok, string what);
    checks++;
    if (!ok) begin
      fails++;
      $display("FAIL tb_board: %s", what);
    end
  endtask

  function automatic logic [15:0] crc16(logic [15:0] c, logic [7:0] b);
    for (int i = 7; i >= 0; i--) begin
      logic fb;
      fb = c[15] ^ b[i];
      c = {c[14:0], 1'b0};
      if (fb) c = c ^ 16'h1021;
    end
    return c;
  endfunction

  // ---- the wire ----
  task automatic send_byte(logic [7:0] b, bit bad_stop = 1'b0);
    logic [9:0] f;
    f = {!bad_stop, b, 1'b0};
    for (int i = 0; i < 10; i++) begin
      rx = f[i];
      repeat (Cpb) @(posedge clk);
    end
    rx = 1'b1;
  endtask

  // One byte from the board; 0 when the line stays idle for `limit` cycles.
  task automatic recv_byte(output logic [7:0] b, output bit got, input int limit);
    int n;
    got = 1'b0;
    b = '0;
    n = 0;
    while (tx && n < limit) begin
      @(posedge clk);
      n++;
    end
    if (tx) return;
    repeat (Cpb / 2) @(posedge clk);
    for (int i = 0; i < 8; i++) begin
      repeat (Cpb) @(posedge clk);
      b[i] = tx;
    end
    repeat (Cpb) @(posedge clk);
    got = tx;  // a stop bit of 0 is a broken frame
  endtask

  logic [7:0] req [0:127];
  logic [7:0] rsp [0:511];
  int         rsp_len;
  bit         rsp_ok;   // the last recv_frame's result (read after a fork, whose task
                        // output argument Verilator 5.006 does not copy back)
  logic [7:0] rsp_seq, rsp_type;
  logic [7:0] seq = 8'd0;

  // A request: SYNC, LEN, SEQ, TYPE, req[0..len-1], CRC; flip_bit >= 0 damages that bit
  // of the frame after the CRC was computed; cut > 0 sends only the first `cut` bytes.
  task automatic send_frame(logic [7:0] s, logic [7:0] t, int len, int flip_bit = -1,
                            int cut = 0, int len_field = -1);
    logic [7:0] f [0:135];
    logic [15:0] c;
    int n, lf;
    lf = len_field < 0 ? len : len_field;
    f[0] = 8'hA5;
    f[1] = lf[7:0];
    f[2] = lf[15:8];
    f[3] = s;
    f[4] = t;
    for (int i = 0; i < len; i++) f[5 + i] = req[i];
    c = 16'hFFFF;
    for (int i = 1; i < 5 + len; i++) c = crc16(c, f[i]);
    f[5 + len] = c[15:8];
    f[6 + len] = c[7:0];
    n = 7 + len;
    if (flip_bit >= 0) f[flip_bit / 8][flip_bit % 8] = !f[flip_bit / 8][flip_bit % 8];
    if (cut > 0) n = cut;
    for (int i = 0; i < n; i++) send_byte(f[i]);
  endtask

  // The response: 1 when a whole frame with a good CRC arrived within `limit` cycles.
  task automatic recv_frame(output bit ok, input int limit = 200000);
    logic [7:0] b;
    logic [15:0] c;
    bit got;
    int len;
    ok = 1'b0;
    rsp_ok = 1'b0;
    rsp_len = 0;
    rsp_seq = 8'h00;
    rsp_type = 8'h00;
    recv_byte(b, got, limit);
    if (!got || b != 8'hA5) return;
    c = 16'hFFFF;
    for (int i = 0; i < 4; i++) begin
      recv_byte(b, got, 64 * Cpb);
      if (!got) return;
      c = crc16(c, b);
      if (i == 0) len = b;
      if (i == 1) len = len | (int'(b) << 8);
      if (i == 2) rsp_seq = b;
      if (i == 3) rsp_type = b;
    end
    for (int i = 0; i < len + 2; i++) begin
      recv_byte(b, got, 64 * Cpb);
      if (!got) return;
      c = crc16(c, b);
      if (i < len) rsp[i] = b;
    end
    rsp_len = len;
    ok = (c == 16'h0000);
    rsp_ok = ok;
    if ($test$plusargs("verbose"))
      $display("tb_board: cycle %0d: response seq %0d type %h len %0d crc %0s", cycle, rsp_seq,
               rsp_type, len, ok ? "good" : "bad");
  endtask

  function automatic logic [63:0] rsp_u64(int at);
    logic [63:0] v;
    for (int i = 0; i < 8; i++) v[8*i +: 8] = rsp[at + i];
    return v;
  endfunction

  task automatic put_u64(int at, logic [63:0] v);
    for (int i = 0; i < 8; i++) req[at + i] = v[8*i +: 8];
  endtask

  // A request that must succeed: sent with the expected SEQ, answered with TYPE | 0x80.
  task automatic transact(logic [7:0] t, int len, int want_len, string what);
    bit ok;
    phase = what;
    if ($test$plusargs("verbose")) $display("tb_board: cycle %0d: %s", cycle, what);
    send_frame(seq, t, len);
    recv_frame(ok);
    check(ok && rsp_seq == seq && rsp_type == (t | 8'h80) && rsp_len == want_len,
          $sformatf("%s: response seq %0d type %h len %0d (ok %0d)", what, rsp_seq, rsp_type,
                    rsp_len, ok));
    seq = seq + 8'd1;
  endtask

  // A request that must be rejected with `code`.
  task automatic expect_error(logic [7:0] code, string what, int limit = 200000);
    bit ok;
    phase = what;
    recv_frame(ok, limit);
    check(ok && rsp_type == 8'hFF && rsp_len == 2 && rsp[0] == code,
          $sformatf("%s: expected error %0d, got type %h len %0d code %0d (ok %0d)", what,
                    code, rsp_type, rsp_len, rsp[0], ok));
  endtask

  task automatic pwrite(logic [63:0] pa, int size, logic [63:0] v);
    put_u64(0, pa);
    req[8] = 8'(size);
    put_u64(9, v);
    transact(8'h10, 17, 1, $sformatf("pwrite %h", pa));
    check(rsp[0] == 8'd0, $sformatf("pwrite %h: mce", pa));
  endtask

  task automatic pread(logic [63:0] pa, int size, output logic [63:0] v);
    put_u64(0, pa);
    req[8] = 8'(size);
    transact(8'h11, 9, 9, $sformatf("pread %h", pa));
    check(rsp[0] == 8'd0, $sformatf("pread %h: mce", pa));
    v = rsp_u64(1);
  endtask

  task automatic csr(logic [7:0] op, logic [63:0] a0, logic [63:0] a1, logic [63:0] a2,
                     output logic gp, output logic [63:0] rdata);
    req[0] = op;
    put_u64(1, a0);
    put_u64(9, a1);
    put_u64(17, a2);
    transact(8'h20, 25, 9, $sformatf("csr op %0d", op));
    gp = rsp[0][0];
    rdata = rsp_u64(1);
  endtask

  // One CPU-port request; the response fields land in the arguments.
  task automatic port(logic [7:0] p, logic [7:0] kind, logic user, logic nodata,
                      logic [7:0] lsize, logic [63:0] va, logic [63:0] wdata,
                      output logic [7:0] status, output logic [7:0] err,
                      output logic [63:0] pa, output logic [63:0] addr,
                      output logic [63:0] rdata);
    req[0] = p;
    req[1] = kind;
    req[2] = {6'd0, nodata, user};
    req[3] = lsize;
    put_u64(4, va);
    put_u64(12, wdata);
    transact(8'h30, 20, 26, $sformatf("port %0d va %h", p, va));
    status = rsp[0];
    err = rsp[1];
    pa = rsp_u64(2);
    addr = rsp_u64(10);
    rdata = rsp_u64(18);
  endtask

  logic [63:0] v, pa, addr, rdata, w [8];
  logic [7:0]  status, err;
  logic        gp;
  bit          ok;
  string       name;

  initial begin
    // The bench's CRC is CRC-16/CCITT-FALSE: the check value of "123456789".
    begin
      logic [15:0] c;
      string s;
      s = "123456789";
      c = 16'hFFFF;
      for (int i = 0; i < s.len(); i++) c = crc16(c, s[i]);
      check(c == 16'h29B1, $sformatf("the bench's CRC of 123456789 is %h", c));
    end

    repeat (5) @(posedge clk);
    rst_n = 1'b1;
    repeat (5) @(posedge clk);

    // ---- noise between frames, then HELLO with any SEQ ----
    send_byte(8'h00);
    send_byte(8'h5A);
    send_byte(8'hFF);
    seq = 8'd77;
    transact(8'h01, 0, 93, "hello");
    check(rsp[0] == 8'd1 && rsp[1] == 8'd40, "hello: version 1, 40 physical address bits");
    check({rsp[3], rsp[2]} == 16'(Cpb) && {rsp[5], rsp[4]} == 16'd1024,
          "hello: clocks per bit and timeout bits");
    check({rsp[7], rsp[6]} == 16'd3, $sformatf("hello: noise %0d, expected 3", {rsp[7], rsp[6]}));
    check(rsp_u64(12) == 64'h0 && rsp_u64(20) == MemBytes, "hello: memory base and size");
    name = "";
    for (int i = 0; i < 8 && rsp[28 + i] != 0; i++) name = {name, string'(rsp[28 + i])};
    check(name == "small", $sformatf("hello: configuration name '%s'", name));
    check(rsp[36] == 8'd14 && rsp[37] == 8'd4 && rsp[37 + 4 * 12] == 8'h00 &&
          rsp[37 + 4 * 12 + 1] == 8'h20, "hello: 14 parameters, ITlbSets 4, DcSizeBytes 8192");
    transact(8'h01, 0, 93, "hello again");
    check({rsp[7], rsp[6]} == 16'd0, "hello: the noise count cleared");

    // ---- physical memory ----
    pwrite(64'h6008, 8, 64'h1122334455667788);
    pread(64'h6008, 8, v);
    check(v == 64'h1122334455667788, $sformatf("pread after pwrite: %h", v));
    pwrite(64'h600B, 1, 64'hFFFFFFFFFFFFFFAB);
    pread(64'h6008, 8, v);
    check(v == 64'h11223344AB667788, $sformatf("one-byte pwrite merged: %h", v));
    pread(64'h600A, 2, v);
    check(v == 64'hAB66, $sformatf("two-byte pread: %h", v));
    put_u64(0, 64'h2000);
    for (int i = 0; i < 8; i++) put_u64(8 + 8 * i, 64'h0101010101010101 * (i + 1) + 64'(i));
    transact(8'h13, 72, 1, "line write");
    check(rsp[0] == 8'd0, "line write: mce");
    put_u64(0, 64'h2000);
    transact(8'h12, 8, 65, "line read");
    begin
      bit same = 1'b1;
      for (int i = 0; i < 8; i++) if (rsp_u64(1 + 8 * i) != 64'h0101010101010101 * (i + 1) + 64'(i)) same = 1'b0;
      check(rsp[0] == 8'd0 && same, "line read returns the line written");
    end
    pread(64'h2018, 8, v);
    check(v == 64'h0404040404040404 + 64'd3, "a word of the line by pread");

    // ---- translation: VA 0x1000 -> PA 0x6000 through PML4 0x1000, PDPT 0x3000,
    // PD 0x4000, PT 0x5000; VA 0x2000 not present ----
    pwrite(64'h1000, 8, 64'h3007);
    pwrite(64'h3000, 8, 64'h4007);
    pwrite(64'h4000, 8, 64'h5007);
    pwrite(64'h5008, 8, 64'h6007);
    csr(8'd0, 64'h1000, 0, 0, gp, rdata);
    check(!gp, "cr3 write");
    port(8'd1, 8'd0, 1'b0, 1'b0, 8'd3, 64'h1008, 0, status, err, pa, addr, rdata);
    check(status == 0 && pa == 64'h6008 && rdata == 64'h11223344AB667788,
          $sformatf("load VA 1008: status %0d pa %h rdata %h", status, pa, rdata));
    port(8'd1, 8'd1, 1'b1, 1'b0, 8'd2, 64'h1014, 64'hCAFEF00D, status, err, pa, addr, rdata);
    check(status == 0 && pa == 64'h6014, $sformatf("user store VA 1014: status %0d pa %h", status, pa));
    pread(64'h6010, 8, v);
    check(v == 64'hCAFEF00D_00000000, $sformatf("the store's bytes by pread: %h", v));
    pread(64'h5008, 8, v);
    check(v == 64'h6067, $sformatf("the PTE has A and D set: %h", v));
    port(8'd0, 8'd2, 1'b0, 1'b0, 8'd0, 64'h1234, 0, status, err, pa, addr, rdata);
    check(status == 0 && pa == 64'h6234, $sformatf("fetch VA 1234: status %0d pa %h", status, pa));
    port(8'd1, 8'd0, 1'b1, 1'b0, 8'd3, 64'h2010, 0, status, err, pa, addr, rdata);
    check(status == 1 && err == 8'h04 && addr == 64'h2010,
          $sformatf("user load VA 2010: status %0d err %h addr %h", status, err, addr));
    port(8'd1, 8'd0, 1'b0, 1'b0, 8'd0, 64'h0000800000000000, 0, status, err, pa, addr, rdata);
    check(status == 2, $sformatf("non-canonical load: status %0d", status));

    // ---- counters ----
    transact(8'h21, 0, 281, "counters");
    check(rsp[0] == 8'd35, "counters: 35 of them");
    check(rsp_u64(1 + 8 * 2) == 64'd1, $sformatf("itlb_accesses %0d, expected 1", rsp_u64(1 + 8 * 2)));
    check(rsp_u64(1 + 8 * 5) >= 64'd3, $sformatf("dtlb_accesses %0d, expected at least 3", rsp_u64(1 + 8 * 5)));
    check(rsp_u64(1 + 8 * 18) == 64'd1, $sformatf("page_faults %0d, expected 1", rsp_u64(1 + 8 * 18)));
    check(rsp_u64(1 + 8 * 0) > 64'd0, "cycles counted");

    // ---- rejections: none of them executes ----
    put_u64(0, 64'h6008);
    req[8] = 8'd8;
    put_u64(9, 64'hDEAD);
    send_frame(seq, 8'h10, 17, 8 * 12 + 3);
    expect_error(8'd1, "pwrite with a damaged payload byte");
    send_frame(seq + 8'd5, 8'h10, 17);
    expect_error(8'd4, "pwrite with a skipped seq");
    check(rsp[1] == seq, "bad seq: the expected seq in info");
    send_frame(seq - 8'd1, 8'h10, 17);
    expect_error(8'd4, "pwrite with a repeated seq");
    send_frame(seq, 8'h55, 0);
    expect_error(8'd3, "unknown type");
    check(rsp[1] == 8'h55, "unknown type: the type in info");
    send_frame(seq, 8'h10, 16);
    expect_error(8'd2, "pwrite one byte short");
    send_frame(seq, 8'h10, 17, -1, 0, 300);
    expect_error(8'd2, "LEN 300");
    send_frame(seq, 8'h10, 17, -1, 9);
    expect_error(8'd5, "a frame cut after 9 bytes");
    check(rsp[1] == 8'd9, $sformatf("truncated: %0d bytes received, expected 9", rsp[1]));
    put_u64(0, 64'h10000);
    send_frame(seq, 8'h10, 17);
    expect_error(8'd6, "pwrite beyond the memory");
    put_u64(0, 64'hFFFFFFFFFFFFFFF8);
    req[8] = 8'd8;
    send_frame(seq, 8'h10, 17);
    expect_error(8'd6, "pwrite of the last word of the address space (no wrap into memory)");
    put_u64(0, 64'h6008);
    req[8] = 8'd3;
    send_frame(seq, 8'h10, 17);
    expect_error(8'd7, "pwrite of size 3");
    put_u64(0, 64'h6006);
    req[8] = 8'd4;
    send_frame(seq, 8'h10, 17);
    expect_error(8'd7, "pwrite of 4 bytes crossing a word");
    put_u64(0, 64'h2008);
    send_frame(seq, 8'h12, 8);
    expect_error(8'd7, "line read not 64-aligned");
    req[0] = 8'd1;
    req[1] = 8'd0;
    req[2] = 8'd0;
    req[3] = 8'd3;
    put_u64(4, 64'h1004);
    send_frame(seq, 8'h30, 20);
    expect_error(8'd7, "an 8-byte load crossing its word");
    // A framing error: byte 6 of the frame with a stop bit of 0.
    put_u64(0, 64'h6008);
    req[8] = 8'd8;
    for (int i = 0; i < 5; i++) send_byte(i == 0 ? 8'hA5 : i == 1 ? 8'd17 : i == 2 ? 8'd0 : i == 3 ? seq : 8'h10);
    send_byte(8'h08, 1'b1);
    expect_error(8'd9, "a stop bit of 0");
    pread(64'h6008, 8, v);
    check(v == 64'h11223344AB667788, $sformatf("no rejected pwrite wrote: %h", v));
    // Two requests without waiting: the first is answered, the second is an overrun.
    put_u64(0, 64'h6008);
    req[8] = 8'd8;
    send_frame(seq, 8'h11, 9);
    fork
      send_frame(seq + 8'd1, 8'h11, 9);
      recv_frame(ok);
    join
    check(rsp_ok && rsp_type == 8'h91 && rsp_seq == seq,
          $sformatf("the first of two requests is answered: type %h seq %0d (ok %0d)", rsp_type,
                    rsp_seq, rsp_ok));
    seq = seq + 8'd1;
    expect_error(8'd8, "the second of two requests");

    // ---- a walk outside the memory: a machine check ----
    csr(8'd0, 64'h100000, 0, 0, gp, rdata);
    port(8'd1, 8'd0, 1'b0, 1'b0, 8'd3, 64'h7000, 0, status, err, pa, addr, rdata);
    check(status == 3, $sformatf("walk through CR3 outside the memory: status %0d", status));

    // ---- RESET: memory zero, the MMU starts over ----
    transact(8'h02, 0, 0, "reset");
    pread(64'h6008, 8, v);
    check(v == 64'h0, $sformatf("memory after reset: %h", v));
    transact(8'h21, 0, 281, "counters after reset");
    check(rsp_u64(1 + 8 * 11) == 64'd0, "no walks after reset");

    $display("tb_board: %0d checks, %0d failed", checks, fails);
    if (fails == 0) $display("PASS tb_board");
    $finish(fails != 0);
  end

  // A watchdog in cycles (the whole run takes about 200,000).
  always @(posedge clk) begin
    if (cycle == 64'd5000000) begin
      $display("FAIL tb_board: timeout at cycle %0d in '%s'", cycle, phase);
      $finish(1);
    end
  end
endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// openmmu's board on a ULX3S (LFE5U-85F): board_top behind the FTDI USB serial port.
//
// The 25 MHz oscillator feeds an EHXPLLL that makes the design clock, ClkMhz (25, 50 or
// 100: the VCO runs at 600 MHz for each). mmu_top and the bridge are held in reset until
// the PLL has locked and for 2^16 cycles after, through a two-flop synchroniser. The UART
// runs at 115200 baud (ClksPerBit from ClkMhz). LEDs: 0 blinks at about 1.5 Hz (the design
// clock runs), 1 and 2 light while bytes come in and go out, 7 is the PLL's lock.
// The mmu_top parameters are passed through to board_top (fpga/fpga.mk sets them from
// rtl/configs.txt, as for every other flow).
module ulx3s_top #(
  parameter int unsigned ITlbSets        = 4,
  parameter int unsigned ITlbWays        = 2,
  parameter int unsigned ITlbLarge       = 2,
  parameter int unsigned DTlbSets        = 4,
  parameter int unsigned DTlbWays        = 2,
  parameter int unsigned DTlbLarge       = 2,
  parameter int unsigned L2Sets          = 8,
  parameter int unsigned L2Ways          = 4,
  parameter int unsigned PscPml4eEntries = 2,
  parameter int unsigned PscPdpteEntries = 2,
  parameter int unsigned PscPdeEntries   = 4,
  parameter bit          RandomRepl      = 1'b0,
  parameter int unsigned DcSizeBytes     = 8192,
  parameter int unsigned DcWays          = 2,
  parameter bit          XlatReg         = 1'b0,
  parameter bit          HitPipe         = 1'b1,
  parameter logic [63:0] CfgName         = "small",
  parameter logic [63:0] MemBytes        = 64'h20000,  // 128 KiB of block RAM
  parameter int unsigned ClkMhz          = 25,
  parameter int unsigned Baud            = 115200
) (
  input  logic       clk_25mhz,
  input  logic       ftdi_txd,   // the FTDI transmits: the board's receive line
  output logic       ftdi_rxd,   // the FTDI receives: the board's transmit line
  output logic [7:0] led
);

  // EHXPLLL dividers for a 600 MHz VCO: CLKOP = 25 MHz * FbDiv, VCO = CLKOP * OpDiv.
  localparam int unsigned FbDiv = ClkMhz / 25;
  localparam int unsigned OpDiv = 600 / ClkMhz;
  if (ClkMhz != 25 && ClkMhz != 50 && ClkMhz != 100) begin : g_bad_clk
    $fatal(1, "ulx3s_top: ClkMhz must be 25, 50 or 100 (got %0d)", ClkMhz);
  end
  localparam int unsigned ClkHz = ClkMhz * 1000000;
  localparam int unsigned ClksPerBit = (ClkHz + Baud / 2) / Baud;

  logic clk, locked;

  (* FREQUENCY_PIN_CLKI = "25" *)
  (* ICP_CURRENT = "12" *) (* LPF_RESISTOR = "8" *)
  (* MFG_ENABLE_FILTEROPAMP = "1" *) (* MFG_GMCREF_SEL = "2" *)
  EHXPLLL #(
    .PLLRST_ENA      ("DISABLED"),
    .INTFB_WAKE      ("DISABLED"),
    .STDBY_ENABLE    ("DISABLED"),
    .DPHASE_SOURCE   ("DISABLED"),
    .OUTDIVIDER_MUXA ("DIVA"),
    .OUTDIVIDER_MUXB ("DIVB"),
    .OUTDIVIDER_MUXC ("DIVC"),
    .OUTDIVIDER_MUXD ("DIVD"),
    .CLKI_DIV        (1),
    .CLKOP_ENABLE    ("ENABLED"),
    .CLKOP_DIV       (OpDiv),
    .CLKOP_CPHASE    (OpDiv - 1),
    .CLKOP_FPHASE    (0),
    .FEEDBK_PATH     ("CLKOP"),
    .CLKFB_DIV       (FbDiv)
  ) u_pll (
    .RST(1'b0), .STDBY(1'b0), .CLKI(clk_25mhz), .CLKOP(clk), .CLKFB(clk),
    .PHASESEL0(1'b0), .PHASESEL1(1'b0), .PHASEDIR(1'b1), .PHASESTEP(1'b1),
    .PHASELOADREG(1'b1), .PLLWAKESYNC(1'b0), .ENCLKOP(1'b0), .ENCLKOS(1'b0),
    .ENCLKOS2(1'b0), .ENCLKOS3(1'b0), .LOCK(locked)
  );

  // Reset: released 2^16 cycles after lock, synchronously to clk.
  logic [1:0]  lock_sync_q;
  logic [16:0] por_q;
  logic        rst_n;
  always_ff @(posedge clk) begin
    lock_sync_q <= {lock_sync_q[0], locked};
    if (!lock_sync_q[1]) por_q <= '0;
    else if (!por_q[16]) por_q <= por_q + 1'b1;
  end
  assign rst_n = por_q[16];

  board_top #(
    .ITlbSets(ITlbSets), .ITlbWays(ITlbWays), .ITlbLarge(ITlbLarge),
    .DTlbSets(DTlbSets), .DTlbWays(DTlbWays), .DTlbLarge(DTlbLarge),
    .L2Sets(L2Sets), .L2Ways(L2Ways), .PscPml4eEntries(PscPml4eEntries),
    .PscPdpteEntries(PscPdpteEntries), .PscPdeEntries(PscPdeEntries),
    .RandomRepl(RandomRepl), .DcSizeBytes(DcSizeBytes), .DcWays(DcWays),
    .XlatReg(XlatReg), .HitPipe(HitPipe),
    .CfgName(CfgName), .MemBase(64'h0), .MemBytes(MemBytes),
    .ClksPerBit(ClksPerBit), .ClkHz(ClkHz)
  ) u_board (
    .clk_i(clk), .rst_ni(rst_n), .uart_rx_i(ftdi_txd), .uart_tx_o(ftdi_rxd)
  );

  // LEDs: a heartbeat, the lines' activity stretched to be seen, the lock.
  logic [23:0] beat_q;
  logic [19:0] rx_seen_q, tx_seen_q;
  always_ff @(posedge clk) begin
    beat_q    <= beat_q + 1'b1;
    rx_seen_q <= !ftdi_txd ? '1 : (rx_seen_q != '0 ? rx_seen_q - 1'b1 : rx_seen_q);
    tx_seen_q <= !ftdi_rxd ? '1 : (tx_seen_q != '0 ? tx_seen_q - 1'b1 : tx_seen_q);
  end
  assign led = {locked, 4'b0000, tx_seen_q != '0, rx_seen_q != '0, beat_q[23]};

endmodule

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Trace-only signals: what the C harness is doing, on the RTL's cycle timebase, so that one
// waveform shows a page fault from both sides. Bound into mmu_top for the Verilated models
// only (sim/sim.mk); nothing in the RTL reads them and synthesis never sees this file.
// sim/shim.cpp writes them before each traced cycle from csrc/backend/wave_marks.h. Names
// are ASCII (right-aligned, GTKWave's Ascii format in sim/openmmu.gtkw): they come from the
// C side's own tables (scenario operations, kernel paths), so they have one home there.
module sim_marks;
  /* verilator lint_off UNDRIVEN */
  /* verilator lint_off UNUSEDSIGNAL */
  logic [31:0]  scn_line /*verilator public_flat_rw*/;  // the scenario line being run
  logic [127:0] scn_op   /*verilator public_flat_rw*/;  // its operation
  logic [31:0]  k_pid    /*verilator public_flat_rw*/;  // the kernel's current process (0: none)
  logic [127:0] k_act    /*verilator public_flat_rw*/;  // the kernel's latest activity in it
  /* verilator lint_on UNUSEDSIGNAL */
  /* verilator lint_on UNDRIVEN */
endmodule

bind mmu_top sim_marks u_sim_marks ();

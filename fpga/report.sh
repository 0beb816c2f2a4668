#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Summaries of the synthesis results, one line each.
#   fpga/report.sh synth CFG DIR   generic cells of DIR/CFG.stat: total, flip-flops, muxes,
#                                  memories (arrays kept as $mem_v2 cells: fpga/synth.sh)
#   fpga/report.sh ecp5 CFG DIR    the table of one placed and routed configuration, from
#                                  nextpnr's JSON report DIR/CFG_report.json: the cells used
#                                  of each kind the design uses (TRELLIS_COMB is a LUT4 slot:
#                                  logic LUT4s and carry halves; TRELLIS_FF; DP16KD block
#                                  RAM) and the Fmax of each clock against its target; the
#                                  LUT4 cells of DIR/CFG_ecp5.stat (Yosys) beside them
#   fpga/report.sh board NAME DIR  the same for the board's bitstream build (DIR/NAME_report.json)
set -euo pipefail
mode=$1 cfg=$2 dir=$3
# The count of cell types matching a pattern in a Yosys stat file (the top's own section).
count() { awk -v re="$2" '$2 ~ re && $1 ~ /^[0-9]+$/ { n += $1 } END { print n + 0 }' "$1"; }
case $mode in
synth)
    s=$dir/$cfg.stat
    total=$(awk '$2 == "cells" { print $1 }' "$s" | tail -1)
    printf '%-6s generic: %s cells, %s flip-flops, %s muxes, %s memories\n' "$cfg" "$total" \
        "$(count "$s" '^\$_(S)?DFF')" "$(count "$s" '^\$_MUX_$')" "$(count "$s" '^\$mem')" ;;
ecp5|board)
    r=$dir/${cfg}_report.json
    [ -r "$r" ] || { echo "report.sh: $r: no nextpnr report (run make fpga / make bitstream)" >&2; exit 2; }
    s=$dir/${cfg}_ecp5.stat
    lut4=$([ -r "$s" ] && count "$s" '^LUT4$' || echo '?')
    python3 - "$cfg" "$r" "$lut4" <<'PY'
import json, sys
cfg, path, lut4 = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    rep = json.load(open(path))
    util, fmax = rep["utilization"], rep["fmax"]
except (OSError, ValueError, KeyError, TypeError) as e:
    print(f"report.sh: {path}: not a nextpnr JSON report ({e})", file=sys.stderr)
    sys.exit(2)
note = {"TRELLIS_COMB": "LUT4 slots (logic LUT4s and carry halves)", "TRELLIS_FF": "flip-flops",
        "DP16KD": "18 Kib block RAMs", "TRELLIS_RAMW": "LUT-RAM write ports",
        "EHXPLLL": "PLLs", "TRELLIS_IO": "I/O pins"}
print(f"{cfg}: ECP5 LFE5U-85F-6 (nextpnr report {path})")
print(f"  {'resource':<14} {'used':>7} {'available':>10}")
print(f"  {'LUT4':<14} {lut4:>7} {'':>10}   LUT4 cells of the synthesized netlist (Yosys)")
main = ["TRELLIS_COMB", "TRELLIS_FF", "DP16KD"]
rest = sorted(k for k, v in util.items() if k not in main and v.get("used", 0) > 0)
for k in main + rest:
    v = util.get(k, {"used": 0, "available": 0})
    print(f"  {k:<14} {v['used']:>7} {v['available']:>10}   {note.get(k, '')}".rstrip())
print(f"  {'clock':<30} {'Fmax MHz':>9} {'target MHz':>11}")
if not fmax:
    print("  (no clock constrained)")
for clk, v in sorted(fmax.items()):
    ok = "" if v["achieved"] >= v["constraint"] else "   FAILS its target"
    print(f"  {clk:<30} {v['achieved']:>9.2f} {v['constraint']:>11.2f}{ok}")
PY
    ;;
*) echo "report.sh: mode synth|ecp5|board" >&2; exit 2 ;;
esac

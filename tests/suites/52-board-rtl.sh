#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The board's RTL (rtl/board, fpga/ulx3s): board_top linted with -Wall; board_top and the
# ULX3S top read by Yosys (front end, proc, flatten) without a sign of a misread
# (fpga/misread.sh); fpga/report.sh's table from a nextpnr report. Under LONG=1 also the
# wire-level bench tests/rtl/board/tb_board.sv (every request type and every rejection of
# docs/board-protocol.md, with --assert). In make test the whole bridge is exercised
# through board-sim instead: the bench's Verilator build of mmu_top is minutes on two busy
# cores.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/lib.sh
BUILD=${BUILD:-build}
out=$BUILD/board-rtl
mkdir -p "$out"
status=0
read -r -a rtl <<<"$(make -s --no-print-directory print-rtl-srcs)"
board=(rtl/board/board_pkg.sv $(ls rtl/board/*.sv | grep -v board_pkg.sv))

if log=$(verilator --lint-only -Wall --top-module board_top rtl/verilator.vlt "${rtl[@]}" "${board[@]}" 2>&1); then
    echo "PASS board_rtl.lint"
else
    echo "$log" | head -20
    echo "FAIL board_rtl.lint: verilator -Wall warnings on board_top"; status=1
fi

# The ULX3S top instantiates the ECP5 PLL: Yosys's ECP5 cell library declares it.
if have_tool board_rtl.yosys "$YOSYS"; then
    for top in board_top ulx3s_top; do
        {
            echo "read_verilog -lib -specify +/ecp5/cells_sim.v +/ecp5/cells_bb.v"
            echo "read_verilog -sv -defer ${rtl[*]} ${board[*]} fpga/ulx3s/ulx3s_top.sv"
            echo "hierarchy -check -top $top"
            echo "proc; flatten; opt_clean"
        } >"$out/$top.ys"
        if "$YOSYS" -q -l "$out/$top.log" -s "$out/$top.ys" >/dev/null 2>&1 &&
           grep -q 'End of script' "$out/$top.log" && fpga/misread.sh "$out/$top.log" >/dev/null; then
            echo "PASS board_rtl.yosys_$top"
        else
            grep -i 'error' "$out/$top.log" | head -5
            fpga/misread.sh "$out/$top.log"
            echo "FAIL board_rtl.yosys_$top: see $out/$top.log"; status=1
        fi
    done
fi

# fpga/report.sh's table from a nextpnr JSON report (the format of nextpnr's --report:
# utilization by BEL kind, fmax by clock), and its refusal of a file that is not one.
rdir=$out/report
mkdir -p "$rdir"
cat >"$rdir/t_report.json" <<'JSON'
{"utilization": {"TRELLIS_COMB": {"used": 1234, "available": 83640},
 "TRELLIS_FF": {"used": 567, "available": 83640}, "DP16KD": {"used": 70, "available": 208},
 "EHXPLLL": {"used": 1, "available": 4}, "DCCA": {"used": 0, "available": 56}},
 "fmax": {"$glbnet$clk": {"achieved": 31.5, "constraint": 25.0},
          "$glbnet$clk2": {"achieved": 20.25, "constraint": 25.0}}, "critical_paths": []}
JSON
printf '   Number of cells: 9\n     1234   LUT4\n' >"$rdir/t_ecp5.stat"
table=$(fpga/report.sh ecp5 t "$rdir" 2>&1)
if grep -Eq '^  TRELLIS_COMB +1234 +83640' <<<"$table" && grep -Eq '^  DP16KD +70 +208' <<<"$table" &&
   grep -Eq '^  TRELLIS_FF +567 ' <<<"$table" && grep -Eq '^  EHXPLLL +1 +4' <<<"$table" &&
   ! grep -q DCCA <<<"$table" && grep -Eq '^  \$glbnet\$clk +31\.50 +25\.00$' <<<"$table" &&
   grep -Eq '^  \$glbnet\$clk2 +20\.25 +25\.00 +FAILS' <<<"$table"; then
    echo "PASS board_rtl.report"
else
    echo "$table"
    echo "FAIL board_rtl.report: fpga/report.sh's table does not show the report's figures"; status=1
fi
echo '{"utilization": {' >"$rdir/bad_report.json"
msg=$(fpga/report.sh ecp5 bad "$rdir" 2>&1)
rc=$?
if [ $rc -eq 2 ] && grep -q "bad_report.json: not a nextpnr JSON report" <<<"$msg"; then
    echo "PASS board_rtl.report_bad"
else
    echo "FAIL board_rtl.report_bad: exit $rc, '$msg' (expected 2 and a message naming the file)"; status=1
fi

if [ "${LONG:-0}" = 1 ]; then
    bin=$out/obj/tb_board
    srcs=("${rtl[@]}" "${board[@]}" tests/rtl/board/tb_board.sv)
    if [ ! -x "$bin" ] || [ -n "$(find "${srcs[@]}" "$0" -newer "$bin" 2>/dev/null)" ]; then
        rm -rf "$out/obj"
        if ! log=$(verilator --binary --timing --assert -j 2 \
                -MAKEFLAGS "-f $PWD/sim/vl_fix.mk OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0" \
                -Wno-fatal -Wno-lint -Wno-style --top-module tb_board \
                -Mdir "$out/obj" -o tb_board "${srcs[@]}" 2>&1); then
            echo "$log" | grep -a -A4 '%Error' | head -30
            echo "FAIL board_rtl.tb: verilator failed"
            exit 1
        fi
    fi
    "$bin" >"$out/tb.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q '^PASS tb_board' "$out/tb.log" && ! grep -q '^FAIL' "$out/tb.log"; then
        echo "PASS board_rtl.tb: $(grep -o '[0-9]* checks' "$out/tb.log")"
    else
        grep -E '^FAIL|%Error|Assertion' "$out/tb.log" | head -20
        echo "FAIL board_rtl.tb: see $out/tb.log"; status=1
    fi
fi
exit $status

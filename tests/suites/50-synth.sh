#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Yosys synthesis of mmu_top in the `small` configuration (make's build/synth/small.stat):
# PASS when Yosys reports no error and no "implicitly declared" warning (docs/architecture.md,
# "RTL conventions": that warning is how Yosys hides a wrongly built netlist) and the netlist is a flat mmu_top.
# The i7 configuration is synthesized by `make synth` only (minutes longer).
# The checker itself is shown to work: a module with an implicitly declared net must fail.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
status=0

. tests/lib.sh
if have_tool synth/small "$YOSYS"; then
    start=$(date +%s)
    if out=$(make --no-print-directory -s "$BUILD/synth/small.stat" 2>&1); then
        net=$BUILD/synth/small_net.v
        cells=$(awk '$2 == "cells" { print $1 }' "$BUILD/synth/small.stat" | tail -1)
        if ! grep -q '^module mmu_top(' "$net"; then
            echo "FAIL synth/small: $net has no module mmu_top"; status=1
        elif [ "$(grep -c '^module ' "$net")" -ne 1 ]; then
            echo "FAIL synth/small: $net is not flat ($(grep -c '^module ' "$net") modules)"; status=1
        elif [ "${cells:-0}" -lt 1000 ]; then
            echo "FAIL synth/small: only ${cells:-0} cells (logic optimised away?)"; status=1
        else
            echo "PASS synth/small ($cells cells, $(( $(date +%s) - start )) s)"
        fi
    else
        echo "$out" | tail -15 | sed 's/^/    /'
        echo "FAIL synth/small: $(echo "$out" | grep -m1 'synth.sh:' || echo 'make failed')"
        status=1
    fi
fi

# The checker: an implicitly declared net must make synth.sh fail (exit 1).
tmp=$BUILD/synth/selftest
rm -rf "$tmp"; mkdir -p "$tmp"
cat >"$tmp/implicit.sv" <<'SV'
module implicit (input logic a_i, output logic y_o);
  assign y_o = a_i & undeclared_q;
endmodule
SV
fpga/synth.sh --top implicit --name implicit --out "$tmp" "$tmp/implicit.sv" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'implicitly declared' "$tmp/out" && [ ! -e "$tmp/implicit.stat" ]; then
    echo "PASS synth/catches-implicit-declaration"
else
    echo "FAIL synth/catches-implicit-declaration: synth.sh exited $rc"; sed 's/^/    /' "$tmp/out"
    status=1
fi
# The self-test's log holds "implicitly declared" on purpose; remove it so that no log left in
# build/ can be mistaken for a real misreading of the RTL.
rm -rf "$tmp"
exit $status

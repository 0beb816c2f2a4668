#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The L1 data cache and the AXI4 port inside mmu_top. The directed tests are
# tests/unit/test_rtl_dcache.c (run by 10-unit) and tests/hw/dcache-data.scn (20-hw); the
# random lockstep runs with data and cache maintenance are in 40-random. Here:
#  - every hardware scenario in lockstep (data compared on every load) behind a slow memory
#    (first beat 37 cycles after the request), both configurations: the cache's timing
#    changes, no result may;
#  - Yosys reads and elaborates the whole mmu_top (both configurations) without a sign of
#    misreading it (fpga/misread.sh; docs/architecture.md, "RTL conventions").
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OPENMMU=${OPENMMU:-$BUILD/san/openmmu}
status=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cfgs=$(tools/configs.py names) || exit 1
for cfg in $cfgs; do
    bad=0
    for scn in tests/hw/*.scn; do
        if ! "$OPENMMU" run --backend lockstep --config $cfg --mem-latency 37 "$scn" >"$tmp/out" 2>&1; then
            echo "FAIL dcache.slow-memory.$cfg: $scn"; head -20 "$tmp/out" | sed 's/^/    /'; bad=1
        fi
    done
    [ $bad -eq 0 ] && echo "PASS dcache.slow-memory.$cfg ($(ls tests/hw/*.scn | wc -l) scenarios, lockstep, latency 37)"
    [ $bad -eq 0 ] || status=1
done

. tests/lib.sh
yosys=$YOSYS
srcs=$(make -s --no-print-directory print-rtl-srcs 2>/dev/null)
if ! have_tool dcache.yosys-elab "$yosys"; then
    :
elif [ -z "$srcs" ]; then
    echo "FAIL dcache.yosys-elab: make print-rtl-srcs gave no sources"; status=1
else
    log=$BUILD/dcache_integ/yosys.log  # inside the tree: yowasp sees only the working directory
    mkdir -p "$BUILD/dcache_integ"
    for cfg in $cfgs; do
        g=$(tools/configs.py yosys "$cfg"); name=dcache.yosys-elab.$cfg; found=
        if "$yosys" -q -l "$log" -p "read_verilog -sv $srcs; hierarchy -check -top mmu_top $g; proc; check" >/dev/null 2>&1 &&
           found=$(fpga/misread.sh "$log"); then
            echo "PASS $name"
        else
            echo "FAIL $name"; { echo "$found"; grep -i "error" "$log"; } | head | sed 's/^/    /'; status=1
        fi
    done
fi
exit $status

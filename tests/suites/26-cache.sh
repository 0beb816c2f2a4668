#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The L1 data cache and its AXI4 port as a block (rtl/cache, rtl/axi): directed tests and a
# random shadow-memory test per configuration's geometry (rtl/configs.txt), the AXI4 protocol
# checker on every cycle; the refusal of an aliasing VIPT geometry; lint.
set -uo pipefail
BUILD=${BUILD:-build}
status=0
n=20000; [ "${LONG:-0}" = 1 ] && n=300000

cfgs=$(tools/configs.py names) || exit 1
for cfg in $cfgs; do
    if ! out=$(make -s -f tests/rtl/cache/tb.mk BUILD="$BUILD" CFG=$cfg 2>&1); then
        echo "FAIL cache.$cfg.build: testbench did not build"; echo "$out" | tail -20; status=1; continue
    fi
    ways=$(tools/configs.py get "$cfg" DcWays); size=$(tools/configs.py get "$cfg" DcSizeBytes)
    geo="$ways $((size / 64 / ways))"
    "$BUILD/cache_tb/$cfg/test_dcache" $geo $n || status=1
done

# A geometry whose index + offset bits exceed the page offset is refused at elaboration.
srcs="rtl/pkg/mmu_pkg.sv rtl/pkg/assert_held.sv rtl/tlb/tlb_repl.sv rtl/cache/dcache_ram.sv rtl/cache/dcache.sv rtl/axi/axi_master.sv rtl/cache/dcache_axi.sv"
out=$(verilator --lint-only --top-module dcache_axi -GSizeBytes=65536 -GWays=8 $srcs 2>&1)
if [ $? -ne 0 ] && grep -q "more than the 12-bit page offset" <<<"$out"; then
    echo "PASS cache.refuses_aliasing_geometry"
else
    echo "FAIL cache.refuses_aliasing_geometry: 64 KiB 8-way was not refused"; status=1
fi

for cfg in $cfgs; do
    g="-GSizeBytes=$(tools/configs.py get "$cfg" DcSizeBytes) -GWays=$(tools/configs.py get "$cfg" DcWays)"
    # -Wno-UNUSEDPARAM: linted alone, the block leaves unused the shared package's constants
    # that other blocks use; the whole design is linted with plain -Wall by `make lint`.
    if out=$(verilator --lint-only -Wall -Wno-UNUSEDPARAM --top-module dcache_axi $g rtl/verilator.vlt $srcs 2>&1); then
        echo "PASS cache.lint.$cfg"
    else
        echo "FAIL cache.lint.$cfg: verilator -Wall"; echo "$out" | head -20; status=1
    fi
done
exit $status

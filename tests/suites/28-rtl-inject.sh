#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Bugs deliberately compiled into the RTL (sim/variants.mk: build/rel/openmmu-inject-BUG,
# whose `--config small` is the RTL with the bug) must be caught: the directed scenario that
# covers the rule fails on its own expectations (rtl), lockstep reports a divergence on it,
# and so does the random tester. The same runs pass on the unmodified RTL (suites 20, 40).
#   nodirty  the walker never sets D                 -> ad-bits.scn
#   psckeep  INVLPG leaves paging-structure caches   -> psc.scn
# The lockstep divergences they cause are also where --wave-on-fail must cut its window
# (tests/wave_lib.sh: the failing cycle inside the file's time range, not the whole run).
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT

if ! out=$(make --no-print-directory -s inject-models 2>&1); then
    echo "$out" | tail -20 | sed 's/^/    /'
    echo "FAIL rtl-inject/build: make inject-models failed"
    exit 1
fi

declare -A scenario=([nodirty]=ad-bits [psckeep]=psc)
status=0
for bug in nodirty psckeep; do
    bin=$BUILD/rel/openmmu-inject-$bug
    scn=tests/hw/${scenario[$bug]}.scn

    "$bin" run --backend rtl --config small "$scn" >"$tmp" 2>&1; rc=$?
    if [ $rc -eq 1 ] && grep -q "^$scn:[0-9]*: expected" "$tmp"; then
        echo "PASS rtl-inject/$bug/expectation-fails"
    else
        echo "FAIL rtl-inject/$bug/expectation-fails: exit $rc, no failed expectation in $scn"
        head -5 "$tmp" | sed 's/^/    /'; status=1
    fi

    "$bin" run --backend lockstep --config small "$scn" >"$tmp" 2>&1; rc=$?
    if [ $rc -ne 0 ] && grep -q "lockstep DIVERGENCE" "$tmp"; then
        echo "PASS rtl-inject/$bug/lockstep-diverges"
    else
        echo "FAIL rtl-inject/$bug/lockstep-diverges: exit $rc, no divergence reported on $scn"
        head -5 "$tmp" | sed 's/^/    /'; status=1
    fi

    "$bin" random --backend lockstep --config small --seed 1 --count 20000 >"$tmp" 2>&1; rc=$?
    if [ $rc -ne 0 ] && grep -q "DIVERGENCE" "$tmp"; then
        echo "PASS rtl-inject/$bug/random-diverges"
    else
        echo "FAIL rtl-inject/$bug/random-diverges: exit $rc, 20000 random accesses found nothing"
        tail -3 "$tmp" | sed 's/^/    /'; status=1
    fi
done

. tests/lib.sh
if have_tool rtl-inject/wave-on-fail fst2vcd; then
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    . tests/wave_lib.sh
    bin=$BUILD/rel/openmmu-inject-psckeep
    WOF_PREFIX=rtl-inject/psckeep/wave-on-fail-
    "$bin" run --backend lockstep --config small --wave "$tmp/full.fst" tests/hw/psc.scn >/dev/null 2>&1
    wof_case lockstep 3 40 "$bin" run --backend lockstep --config small tests/hw/psc.scn
    "$bin" random --backend lockstep --config small --seed 1 --count 20000 --wave "$tmp/full.fst" >/dev/null 2>&1
    wof_case random 1 500 "$bin" random --backend lockstep --config small --seed 1 --count 20000
fi
exit $status

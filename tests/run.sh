#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Runs every suite in tests/suites/ (in name order) and counts results.
#
# A suite is an executable script that prints one line per test:
#   PASS <name>
#   FAIL <name>: <why>
# and may print anything else (which is shown, not counted). A suite that exits non-zero
# without printing a FAIL line counts as one failure, so a crashed suite is never silent.
# `tests/run.sh --long` sets LONG=1 for the suites (the long random runs).
# `tests/run.sh SUITE...` runs only the named suites (for example `tests/run.sh 10-unit`).
set -uo pipefail
cd "$(dirname "$0")/.."
# The suites' `verilator` (and FuseSoC's) is the project's one (tools/deps.sh pins it).
export PATH="$PWD/tools/bin:$PATH"

export LONG=0
suites=()
for a in "$@"; do
    case "$a" in
        --long) LONG=1 ;;
        *) suites+=("tests/suites/$a.sh") ;;
    esac
done
[ ${#suites[@]} -gt 0 ] || suites=(tests/suites/*.sh)

export BUILD=${BUILD:-build}
export OPENMMU=$BUILD/san/openmmu
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

pass=0; fail=0
failed_names=()
for s in "${suites[@]}"; do
    [ -x "$s" ] || { echo "FAIL $s: not an executable suite"; fail=$((fail+1)); continue; }
    echo "== $(basename "$s" .sh)"
    out=$(mktemp)
    t0=$(date +%s)
    "$s" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    echo "-- $(basename "$s" .sh): $(( $(date +%s) - t0 )) s"   # where the suite's time goes
    p=$(grep -c '^PASS ' "$out"); f=$(grep -c '^FAIL ' "$out")
    while IFS= read -r l; do failed_names+=("$l"); done < <(grep '^FAIL ' "$out")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        failed_names+=("FAIL $(basename "$s"): suite exited $rc")
        f=1
    fi
    pass=$((pass+p)); fail=$((fail+f))
    rm -f "$out"
done

if [ $fail -gt 0 ]; then
    echo
    echo "Failures:"
    printf '  %s\n' "${failed_names[@]}"
fi
echo
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

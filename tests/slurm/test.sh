#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# make test-slurm: the study's Slurm executor against a real one-node Slurm (tests/slurm/
# cluster.sh, started here and stopped on exit). A study of two traces on two backends runs
# as one sbatch array, a task per point, and must give exactly the table the local executor
# gives for the same spec. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OPENMMU=$(realpath "${OPENMMU:-$BUILD/rel/openmmu}")
export OPENMMU
dir=$BUILD/slurm
tmp=$(mktemp -d)
pass=0 failn=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
fail() { echo "FAIL $1: $2"; failn=$((failn + 1)); }
trap 'tests/slurm/cluster.sh stop "$dir"; rm -rf "$tmp"' EXIT

if tests/slurm/cluster.sh start "$dir"; then ok slurm/cluster-up
else fail slurm/cluster-up "see $dir/*.log"; echo; echo "$pass passed, $failn failed"; exit 1; fi
export SLURM_CONF=$PWD/$dir/slurm.conf

for t in a:64 b:8; do
    python3 - "${t#*:}" >"$tmp/${t%%:*}.lackey" <<'PY'
import random, sys
pages = int(sys.argv[1]); r = random.Random(pages)
print("==1== Lackey")
for i in range(4000):
    print("I  %08x,4" % (0x401000 + 4 * (i % 4096)))
    print(" L %08x,8" % (0x10000000 + r.randrange(pages * 4096) // 8 * 8))
PY
    "$OPENMMU" trace import --format lackey -o "$tmp/${t%%:*}.omt" "$tmp/${t%%:*}.lackey" >/dev/null
done
cat >"$tmp/s.toml" <<'TOML'
[study]
name = "slurm"
out = "out-slurm"
[traces]
a = "a.omt"
b = "b.omt"
[configs]
base = "small"
[backends]
run = ["ref", "reftlb"]
[executor]
kind = "slurm"
partition = "test"
TOML
sed -e 's/^kind = "slurm"/kind = "local"/' -e '/^partition/d' -e 's/out-slurm/out-local/' "$tmp/s.toml" >"$tmp/l.toml"

python3 tools/study.py --no-plot "$tmp/s.toml" >"$tmp/o" 2>&1; rc=$?
tasks=$(ls "$tmp"/out-slurm/slurm/task-*.out 2>/dev/null | wc -l)
if [ $rc -eq 0 ] && grep -q 'slurm job [0-9]* ended' "$tmp/o" && [ "$tasks" -eq 4 ]; then
    ok "slurm/array-ran (4 tasks)"
else fail slurm/array-ran "exit $rc, $tasks task outputs: $(tail -3 "$tmp/o")"; fi
python3 tools/study.py --no-plot "$tmp/l.toml" >/dev/null 2>&1 || fail slurm/local-run "the local study failed"
# The same table, wall times aside.
strip() { python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); [x.pop('wall_seconds') for x in r]; print(sorted(map(str, r)))" "$1"; }
if [ -s "$tmp/out-slurm/results.csv" ] && [ "$(strip "$tmp/out-slurm/results.csv")" = "$(strip "$tmp/out-local/results.csv")" ]; then
    ok slurm/same-table-as-local
else fail slurm/same-table-as-local "results differ or are missing"; fi
# A second run reuses every point: no job is submitted.
python3 tools/study.py --no-plot "$tmp/s.toml" >"$tmp/o2" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '(0 to run, 4 reused)' "$tmp/o2" && ! grep -q 'slurm job' "$tmp/o2"; then ok slurm/reuse
else fail slurm/reuse "exit $rc: $(head -2 "$tmp/o2")"; fi
echo
echo "$pass passed, $failn failed"
[ $failn -eq 0 ]

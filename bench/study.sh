#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# A TLB study's cost on the fast model and on the RTL (docs/study.md), as bench/run.sh's
# bench<TAB>... lines. One 10-point sweep (the L2 TLB at 5 sizes x the PDE cache at 2, from
# `small`) over 3 test traces (sort, gzip and ls -lR, recorded here under Valgrind, the first
# RECORDS records of each) is run by tools/study.py twice: on tlbmodel, and on rtl at every
# point. Wall time, both cores (the study's local executor runs one point per core). The
# variant models the rtl points need are built first and timed apart: a study caches them by
# parameter set, so a second study over the same geometries pays only the runs.
#   bench/study.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
OPENMMU=$(realpath "$BUILD/rel/openmmu")
records=20000
[ "${1:-}" = --quick ] && records=5000
if ! command -v valgrind >/dev/null 2>&1; then
    echo "bench/study.sh: valgrind is not installed (tools/deps.sh): no study benchmark" >&2
    exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The three traces (the programs of tests/suites/45-trace.sh).
seq 1 1000 | awk '{ print ($1 * 7919) % 20011 }' >"$tmp/input.txt"
head -c 65536 /usr/share/common-licenses/GPL-3 >"$tmp/gz.in" 2>/dev/null || seq 1 20000 >"$tmp/gz.in"
rec() { "$OPENMMU" trace record -o "$tmp/$1.omt" -- "${@:2}" >/dev/null 2>"$tmp/$1.rec.err" \
        || { echo "bench/study.sh: recording $1 failed: $(tail -3 "$tmp/$1.rec.err")" >&2; exit 1; }; }
rec sort sort --parallel=1 "$tmp/input.txt"
rec gzip gzip -c "$tmp/gz.in"
rec ls ls -lR /usr/share/doc/valgrind

spec() { # NAME BACKEND
    cat <<EOF
[study]
name = "$1"
out = "$tmp/$1"
limit = $records

[traces]
sort = "$tmp/sort.omt"
gzip = "$tmp/gzip.omt"
ls = "$tmp/ls.omt"

[configs]
base = "small"
L2Sets = [2, 4, 8, 16, 32]
PscPdeEntries = [2, 4]

[backends]
run = ["$2"]
EOF
}
spec bench-model tlbmodel >"$tmp/model.toml"
spec bench-rtl rtl >"$tmp/rtl.toml"

# wall seconds of a command (its output kept in $tmp/LOG)
wall() { # LOG CMD...
    local log=$1; shift
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$tmp/$log" 2>&1 || { echo "bench/study.sh: '$*' failed: $(tail -5 "$tmp/$log")" >&2; return 1; }
    t1=$(date +%s.%N)
    python3 -c "print(f'{$t1 - $t0:.2f}')"
}

# The variant models, one per geometry that is not small's own (L2Sets=8, PscPdeEntries=4):
# make geom-model builds each once and keeps it, as a study does.
t0=$(date +%s.%N)
built=0
for l2 in 2 4 8 16 32; do
    for pde in 2 4; do
        [ $l2 = 8 ] && [ $pde = 4 ] && continue
        m="$BUILD/rel/openmmu-geom-small-L2Sets${l2}_PscPdeEntries${pde}"
        before=$(stat -c %Y "$m" 2>/dev/null || echo none)
        out=$(nice make -s --no-print-directory -C "$ROOT" geom-model GEOM_BASE=small \
              GEOM="L2Sets=$l2 PscPdeEntries=$pde" 2>&1) \
            || { echo "bench/study.sh: make geom-model L2Sets=$l2 PscPdeEntries=$pde failed: $out" >&2; exit 1; }
        # built now if it was missing or older than the RTL it is made from
        [ "$(stat -c %Y "$m" 2>/dev/null)" = "$before" ] || built=$((built + 1))
    done
done
t1=$(date +%s.%N)
tbuild=$(python3 -c "print(f'{$t1 - $t0:.2f}')")

tmodel=$(wall model.log python3 tools/study.py --no-plot "$tmp/model.toml") || exit 1
trtl=$(wall rtl.log python3 tools/study.py --no-plot "$tmp/rtl.toml") || exit 1
for s in model rtl; do
    n=$(tail -n +2 "$tmp/bench-$s/results.csv" | wc -l)
    [ "$n" = 30 ] || { echo "bench/study.sh: the $s study wrote $n result rows, not 30" >&2; exit 1; }
done
python3 - "$tmodel" "$trtl" "$tbuild" "$built" "$records" <<'PY'
import sys
tm, tr, tb, built, n = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
w = f"10 geometries x 3 traces, {n} records each"
print(f"bench\tstudy sweep ({w}), wall time on 2 cores\ttlbmodel/small\t{tm:.2f}\ts")
print(f"bench\tstudy sweep ({w}), wall time on 2 cores\trtl/small\t{tr:.2f}\ts")
print(f"bench\tstudy sweep: building the variant models ({built} built now, the rest cached)\trtl/small\t{tb:.2f}\ts")
print(f"bench\tstudy sweep: rtl wall time over tlbmodel's, same run\trtl vs tlbmodel\t{tr / tm:.1f}\tx")
PY

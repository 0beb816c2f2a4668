#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Real-program benchmarks (docs/trace.md), as bench/run.sh's bench<TAB>... lines:
#   - the recording overhead: `sort` of a generated file natively and under `openmmu trace
#     record` (process CPU time, children included), as a slowdown
#   - replay speed on ref: trace records per second of CPU time
#   - replay speed on rtl (small): records and simulated cycles per second, and the ratio
#     of its records/s to ref's in the same run
#   - replay speed on tlbmodel (small), the exact TLB model of the RTL (docs/tlbmodel.md): the
#     whole trace's and the rtl window's records per second, and how many times rtl's
#     (its counters are rtl's: tests/suites/47-tlbmodel.sh)
#   bench/trace.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
OPENMMU=$(realpath "$BUILD/rel/openmmu")
lines=5000 rtl_limit=100000
[ "${1:-}" = --quick ] && { lines=1000; rtl_limit=20000; }
if ! command -v valgrind >/dev/null 2>&1; then
    echo "bench/trace.sh: valgrind is not installed (tools/deps.sh): no real-program benchmarks" >&2
    exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
seq 1 $lines | awk '{ print ($1 * 7919) % 20011 }' >input.txt

# CPU seconds (user + sys, children included) of a command, on stdout.
cpu() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.4f}")
PY
}
native=0
for i in 1 2 3 4 5; do  # the native run is short: five of them, the sum
    t=$(cpu sort --parallel=1 input.txt) || exit 1
    native=$(python3 -c "print($native + $t)")
done
recorded=$(cpu "$OPENMMU" trace record -o sort.omt -- sort --parallel=1 input.txt) || exit 1
records=$("$OPENMMU" trace info sort.omt | sed -n 's/^records: *//p')
bytes=$(stat -c %s sort.omt)
ref=$(cpu "$OPENMMU" replay --backend ref --no-progress sort.omt) || exit 1
# the same window on ref and rtl, for the ratio (the ref window is short: five runs, the sum)
refw=0
for i in 1 2 3 4 5; do
    t=$(cpu "$OPENMMU" replay --backend ref --no-progress --limit $rtl_limit sort.omt) || exit 1
    refw=$(python3 -c "print($refw + $t)")
done
"$OPENMMU" replay --backend rtl --config small --no-progress --limit $rtl_limit --stats sort.omt >rtl.out || exit 1
rtl=$(cpu "$OPENMMU" replay --backend rtl --config small --no-progress --limit $rtl_limit sort.omt) || exit 1
tmodel=$(cpu "$OPENMMU" replay --backend tlbmodel --config small --no-progress sort.omt) || exit 1
# the TLB model on the same window (short: five runs, the sum)
tmw=0
for i in 1 2 3 4 5; do
    t=$(cpu "$OPENMMU" replay --backend tlbmodel --config small --no-progress --limit $rtl_limit sort.omt) || exit 1
    tmw=$(python3 -c "print($tmw + $t)")
done
cycles=$(tail -1 rtl.out | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["cycles"])')
python3 - "$native" "$recorded" "$records" "$bytes" "$ref" "$refw" "$rtl" "$rtl_limit" "$cycles" "$lines" "$tmw" "$tmodel" <<'PY'
import sys
native5, rec, records, size, ref, refw5, rtl, limit, cycles, lines, tmw5, tmodel = sys.argv[1:]
native, refw, tmw = float(native5) / 5, float(refw5) / 5, float(tmw5) / 5
rec, records, size, ref, rtl, limit, cycles = float(rec), int(records), int(size), float(ref), float(rtl), int(limit), int(cycles)
n = min(limit, records)
w = f"sort of {lines} lines"
print(f"bench\ttrace record: slowdown of the traced program ({w})\tvalgrind lackey\t{rec / native:.0f}\tx native CPU time")
print(f"bench\ttrace record: records converted per CPU second ({w})\tvalgrind lackey\t{records / rec / 1e6:.2f}\tM records/s")
print(f"bench\ttrace file size ({w}, {records} records)\tzlib\t{size * 8 / records:.2f}\tbits per record")
print(f"bench\treplay, the whole trace ({w})\tref/i7\t{records / ref / 1e6:.2f}\tM records/s")
print(f"bench\treplay, the first {n} records ({w})\tref/i7\t{n / refw / 1e3:.1f}\tk records/s")
print(f"bench\treplay, the first {n} records ({w})\trtl/small\t{n / rtl / 1e3:.1f}\tk records/s")
print(f"bench\treplay, simulated cycles per second ({w})\trtl/small\t{cycles / rtl / 1e6:.3f}\tM cycles/s")
print(f"bench\treplay, the whole trace ({w})\ttlbmodel/small\t{records / float(tmodel) / 1e6:.2f}\tM records/s")
print(f"bench\treplay, the first {n} records ({w})\ttlbmodel/small\t{n / tmw / 1e3:.1f}\tk records/s")
print(f"bench\treplay, the first {n} records ({w}): tlbmodel over rtl, same run\ttlbmodel/small vs rtl/small\t{rtl / tmw:.1f}\tx rtl's records/s")
PY

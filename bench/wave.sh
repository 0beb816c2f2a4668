#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The cost of waveforms (docs/waveforms.md), as bench/run.sh's bench<TAB>... lines: one long
# kernel scenario on rtl (demand-zero stores to every page of a mapping, then a load of each,
# the last load's expectation wrong) run three ways, each as a ratio to the untraced run's
# CPU time in the same run (children included: the copy --wave-on-fail forks):
#   - every cycle traced (--wave): at least what keeping a ring of recent cycles costs, since
#     a ring must capture every cycle's values just the same;
#   - --wave-on-fail: the run, then the repeated run up to the failing cycle;
# and what tracing off costs: the untraced run against the same run on the same RTL built
# without the harness markers and explain's observation points (build/rel/openmmu-nomarks,
# sim/variants.mk), three runs each, alternating, the fastest of each (the C side's per-cycle
# checks, one comparison with the next snapshot cycle and flag tests, are in both programs:
# only the trace-only signals differ).
#   bench/wave.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
OPENMMU=$(realpath "$BUILD/rel/openmmu")
NOMARKS=$(realpath "$BUILD/rel/openmmu-nomarks")
pages=512
[ "${1:-}" = --quick ] && pages=256
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk -v n=$pages 'BEGIN {
    print "spawn 1 => ok"
    printf "mmap 1 0x10000000 0x%x rw- private,anon,fixed => 0x10000000\n", n * 4096
    for (i = 0; i < n; i++) printf "store 1 0x%x 8 %d => ok\n", 268435456 + i * 4096, i + 1
    for (i = 0; i < n; i++) printf "load 1 0x%x 8 => 0x%x\n", 268435456 + i * 4096, i + 1 + (i == n - 1)
}' >"$tmp/long.scn"

cpu() { # CPU seconds (user + sys, children included) of a command that exits 1 (the wrong line)
    python3 - "$@" <<'PY'
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
if rc != 1:
    sys.exit(f"bench/wave.sh: {' '.join(sys.argv[1:])}: exit {rc}, wanted 1 (the one wrong expectation)")
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.4f}")
PY
}
plains=(); bares=()
for _ in 1 2 3; do
    plains+=("$(cpu "$OPENMMU" run --backend rtl "$tmp/long.scn")") || exit 1
    bares+=("$(cpu "$NOMARKS" run --backend rtl "$tmp/long.scn")") || exit 1
done
plain=$(printf '%s\n' "${plains[@]}" | sort -g | head -1)
bare=$(printf '%s\n' "${bares[@]}" | sort -g | head -1)
# the noise: how far the slowest of each program's three runs is from its fastest
spread=$(printf '%s\n' "${plains[@]}" "${bares[@]}" | python3 -c '
import sys; v = [float(x) for x in sys.stdin]; a, b = v[:3], v[3:]
print(f"{max(max(a) / min(a), max(b) / min(b)):.3f}")')
traced=$(cpu "$OPENMMU" run --backend rtl --wave "$tmp/all.fst" "$tmp/long.scn") || exit 1
onfail=$(cpu "$OPENMMU" run --backend rtl --wave-on-fail "$tmp/win.fst" "$tmp/long.scn") || exit 1
cycles=$("$OPENMMU" run --backend rtl --stats "$tmp/long.scn" 2>/dev/null | tail -1 |
         python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["cycles"])')
python3 - "$plain" "$traced" "$onfail" "$bare" "$spread" "$cycles" "$pages" "$(stat -c %s "$tmp/all.fst")" "$(stat -c %s "$tmp/win.fst")" <<'PY'
import sys
plain, traced, onfail, bare, spread = map(float, sys.argv[1:6])
cycles, pages, all_size, win_size = map(int, sys.argv[6:])
w = f"{pages} faulting stores + {pages} loads, {cycles} cycles"
print(f"bench\twaveform: the untraced run ({w})\trtl/i7\t{cycles / plain / 1e6:.3f}\tM cycles/s")
print(f"bench\twaveform: tracing off, markers and observation points compiled in, against the model without them ({w})\trtl/i7\t{plain / bare:.3f}\tx its CPU time")
print(f"bench\twaveform: the noise, slowest of three runs of one program against its fastest ({w})\trtl/i7\t{spread:.3f}\tx")
print(f"bench\twaveform: every cycle traced (--wave) ({w})\trtl/i7\t{traced / plain:.2f}\tx untraced CPU time")
print(f"bench\twaveform: --wave-on-fail, failure at the end ({w})\trtl/i7\t{onfail / plain:.2f}\tx untraced CPU time")
print(f"bench\twaveform: file size, whole run against the window ({w})\trtl/i7\t{all_size / win_size:.0f}\tx the window's")
PY

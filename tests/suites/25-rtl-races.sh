#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# RTL-specific checks beyond the unit tests (the race tests themselves are
# tests/unit/test_rtl_races.c, run by 10-unit; LONG=1 lengthens their dual-port run):
#  - a waveform dumped through the rtl backend holds every signal sim/openmmu.gtkw shows,
#    and the --wave-from/--wave-to window makes a smaller dump than the whole run;
#  - GTKWave itself opens the layout on that waveform (on a virtual display): every signal
#    shown, enum-typed ones by name, no complaint; the screenshot is build/gtkwave/openmmu.png;
#  - --wave FILE.vcd writes the same waveform as VCD;
#  - the harness markers (scenario line and operation, process, kernel activity) are in the
#    waveform by name, in the cycles of the line they belong to;
#  - --wave-on-fail writes the cycles around the first failure (a wrong expectation, also
#    in a run longer than the snapshot interval) and only those: the failing cycle the
#    program names is inside the file's time range, the range is the window asked for, not
#    the run, and the file is smaller than the whole run's; the same for an AXI4 protocol
#    violation (exit 4, the memory made to break the protocol late in the run), whose window
#    ends at the cycle the checker names; a run that passes writes none.
#    (A lockstep divergence: suite 28, on the RTL with a bug compiled in.)
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
scn=tests/hw/pitfalls.scn
if "$OPENMMU" run --backend rtl --wave "$tmp/all.fst" "$scn" >"$tmp/out" 2>&1 &&
   out=$(sim/check_gtkw.sh "$tmp/all.fst" 2>&1); then
    echo "PASS rtl.wave-gtkw-signals"
else
    echo "FAIL rtl.wave-gtkw-signals: $(tail -5 "$tmp/out") ${out:-}"; status=1
fi
if ! have_tool rtl.wave-window fst2vcd; then
    :
elif "$OPENMMU" run --backend rtl --wave "$tmp/win.fst" --wave-from 100 --wave-to 200 "$scn" \
        >"$tmp/out" 2>&1 &&
   [ "$(fst2vcd "$tmp/win.fst" | grep -c '^#')" -lt "$(fst2vcd "$tmp/all.fst" | grep -c '^#')" ]; then
    echo "PASS rtl.wave-window"
else
    echo "FAIL rtl.wave-window: windowed dump not smaller than the whole run"; status=1
fi
. tests/wave_lib.sh
# --wave FILE.vcd: the same waveform as VCD (converted by fst2vcd), no FST left beside it
if have_tool rtl.wave-vcd fst2vcd; then
    if "$OPENMMU" run --backend rtl --wave "$tmp/all.vcd" "$scn" >"$tmp/out" 2>&1 &&
       head -c 2000 "$tmp/all.vcd" | grep -q '^\$timescale' && [ ! -e "$tmp/all.vcd.fst" ] &&
       [ "$(grep -c '^#' "$tmp/all.vcd")" -eq "$(fst2vcd "$tmp/all.fst" | grep -c '^#')" ] &&
       [ "$(grep -c '^\$var' "$tmp/all.vcd")" -eq "$(fst2vcd "$tmp/all.fst" | grep -c '^\$var')" ]; then
        echo "PASS rtl.wave-vcd ($(grep -c '^\$var' "$tmp/all.vcd") signals, $(grep -c '^#' "$tmp/all.vcd") times, as the FST)"
    else
        echo "FAIL rtl.wave-vcd: $(tail -2 "$tmp/out") $(ls "$tmp"/all.vcd* 2>&1)"; status=1
    fi
fi
# The harness markers (sim/sim_marks.sv) on a kernel scenario: the operation of each line
# by name while it runs, its line number, the process, and the kernel's fault path --
# a demand-zero store is "fault: anon" in the cycles of line 3, a write to a page shared
# after fork "fault: cow copy" in those of line 6.
if have_tool rtl.wave-marks fst2vcd; then
    printf '%s\n' 'spawn 1 => ok' 'mmap 1 0x10000000 0x2000 rw- private,anon,fixed => 0x10000000' \
        'store 1 0x10000000 8 1 => ok' 'fork 1 2 => ok' 'load 2 0x10000000 8 => 1' 'store 2 0x10000000 8 2 => ok' \
        >"$tmp/marks.scn"
    "$OPENMMU" run --backend rtl --wave "$tmp/marks.fst" "$tmp/marks.scn" >"$tmp/out" 2>&1
    if out=$(fst2vcd "$tmp/marks.fst" | python3 -c '
import sys
ids, cur, seen = {}, {}, set()
for line in sys.stdin:
    f = line.split()
    if f and f[0] == "$var" and f[4] in ("scn_line", "scn_op", "k_pid", "k_act"):
        ids[f[3]] = f[4]
    elif line.startswith("b") and len(f) == 2 and f[1] in ids:
        v = int(f[0][1:].replace("x", "0").replace("z", "0"), 2)
        n = ids[f[1]]
        cur[n] = v if n in ("scn_line", "k_pid") else v.to_bytes(16, "big").lstrip(b"\0").decode("ascii")
        seen.add((cur.get("scn_line"), cur.get("scn_op"), cur.get("k_pid"), cur.get("k_act")))
want = [(3, "store", 1, "fault: anon"), (4, "fork", 1, ""), (6, "store", 2, "fault: cow copy")]
missing = [w for w in want if w not in seen]
print("missing %s; seen e.g. %s" % (missing, sorted(seen, key=str)[:6]) if missing else "%d marker states" % len(seen))
sys.exit(1 if missing else 0)'); then
        echo "PASS rtl.wave-marks ($out)"
    else
        echo "FAIL rtl.wave-marks: $out $(tail -2 "$tmp/out")"; status=1
    fi
fi
if have_tool rtl.wave-on-fail fst2vcd; then
    # a wrong expectation near the end of pitfalls.scn (its line 127 reads frame 0x520000)
    sed '127s/=> pa 0x520000/=> pa 0x530000/' "$scn" >"$tmp/wrong.scn"
    cmp -s "$scn" "$tmp/wrong.scn" && echo "FAIL rtl.wave-on-fail-expect: line 127 of $scn moved"
    "$OPENMMU" run --backend rtl --wave "$tmp/full.fst" "$tmp/wrong.scn" >/dev/null 2>&1
    wof_case expect 1 200 "$OPENMMU" run --backend rtl "$tmp/wrong.scn"
    grep -q "wrong.scn:127: expected pa 0x530000, got pa 0x520000" "$tmp/err" ||
        { echo "FAIL rtl.wave-on-fail-expect: the expectation's own message is gone"; status=1; }
    # an AXI4 violation (exit 4): the memory breaks the protocol from cycle 3000 of the
    # 4,335 on (OPENMMU_AXI_FAULT, rtl.h); the window ends at the cycle the checker names
    "$OPENMMU" run --backend rtl --wave "$tmp/full.fst" "$scn" >/dev/null 2>&1
    wof_case axi-violation 4 200 env OPENMMU_AXI_FAULT=rlast@3000 "$OPENMMU" run --backend rtl "$scn"
    chk=$(sed -nE 's/^rtl: AXI4 protocol violation on the memory port \(config i7, cycle ([0-9]+)\).*RLAST.*/\1/p' "$tmp/err")
    grep -q -- "--wave-on-fail: AXI4 protocol violation at cycle ${chk:-none};" "$tmp/err" ||
        { echo "FAIL rtl.wave-on-fail-axi-violation: the window is not at the checker's cycle ${chk:-(no checker message)}"; status=1; }
    # a run longer than the snapshot interval (2^19 cycles): the window comes from a later
    # snapshot than reset's, and the copy reads the scenario on from where that one was
    # (800 demand-zero faults of about 950 cycles each: some 760,000 cycles; the faults have
    # become cheaper twice, so the count says how many cycles it is meant to reach)
    awk 'BEGIN { print "spawn 1 => ok"; print "mmap 1 0x10000000 0x400000 rw- private,anon,fixed => 0x10000000"
        for (i = 0; i < 800; i++) printf "store 1 0x%x 8 %d => ok\n", 268435456 + i * 4096, i + 1
        printf "load 1 0x%x 8 => 7\n", 268435456 + 255 * 4096 }' >"$tmp/late.scn"
    rm -f "$tmp/full.fst"
    WOF_FULL=$((64 << 20)) wof_case late 1 100 "$OPENMMU" run --backend rtl "$tmp/late.scn"
    t0=$(fst2vcd "$tmp/wof.fst" 2>/dev/null | grep -m1 '^#[0-9]' | tr -d '#')
    [ "${t0:-0}" -gt $((2 * 524288)) ] ||
        { echo "FAIL rtl.wave-on-fail-late: the window starts at ${t0:-?} ps, not after the snapshot at cycle 524288"; status=1; }
    rm -f "$tmp/wof.fst"
    "$OPENMMU" run --backend lockstep --wave-on-fail "$tmp/wof.fst" "$scn" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -eq 0 ] && [ ! -e "$tmp/wof.fst" ] && ! grep -q -- --wave-on-fail "$tmp/err"; then
        echo "PASS rtl.wave-on-fail-pass (no failure, no file)"
    else
        echo "FAIL rtl.wave-on-fail-pass: exit $rc, $(ls "$tmp"/wof.fst 2>/dev/null) $(head -2 "$tmp/err")"; status=1
    fi
fi
if have_tool rtl.gtkwave-opens-layout gtkwave && have_tool rtl.gtkwave-opens-layout Xvfb &&
   have_tool rtl.gtkwave-opens-layout import && have_tool rtl.gtkwave-opens-layout xwininfo; then
    mkdir -p "$BUILD/gtkwave"
    if out=$(sim/gtkw_open.sh "$tmp/all.fst" "$BUILD/gtkwave/openmmu.png" 2>&1); then
        echo "PASS rtl.gtkwave-opens-layout ($out)"
    else
        echo "FAIL rtl.gtkwave-opens-layout: $out"; status=1
    fi
fi
exit $status

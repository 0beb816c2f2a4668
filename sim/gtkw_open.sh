#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Opens sim/openmmu.gtkw on a real waveform in GTKWave, as a user would, on a virtual display
# (Xvfb), and checks what GTKWave itself shows:
#   - GTKWave prints nothing but its banner and loader lines (a missing signal or an
#     unreadable layout line is reported on its output);
#   - every signal line of the layout is a trace in the Signals pane, with the layout's own
#     format (a trace that inherits group-marker flags is shown blank: it is caught here);
#   - every signal whose FST carries an enum table (GTKWave marks those itself when it loads
#     them on its own) is shown by name in the layout.
# Writes a screenshot of the window to SHOT.png. Usage: sim/gtkw_open.sh WAVE.fst SHOT.png
# With OPENMMU_MARK=T in the environment (as `openmmu --wave-on-fail` prints it), the window
# is shown as that command opens it: sim/gtkw_mark.tcl puts the marker at T and zooms there.
set -euo pipefail
cd "$(dirname "$0")/.."
fst=${1:?usage: sim/gtkw_open.sh WAVE.fst SHOT.png}
shot=${2:?usage: sim/gtkw_open.sh WAVE.fst SHOT.png}
layout=sim/openmmu.gtkw
tmp=$(mktemp -d)
xvfb_pid=
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# A display number nobody uses; Xvfb writes it on the descriptor it is given once ready.
exec 5>"$tmp/display"
Xvfb -displayfd 5 -screen 0 1600x900x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || { echo "Xvfb did not start: $(cat "$tmp/xvfb.log")"; exit 1; }
export DISPLAY=":$(head -1 "$tmp/display")"

# GTKWave's Tcl interface lists the traces it shows, with their format flags.
list_traces='set n [gtkwave::getTotalNumTraces]
for {set i 0} {$i < $n} {incr i} {
    puts "TRACE [gtkwave::getTraceFlagsFromIndex $i] [gtkwave::getTraceNameFromIndex $i]"
}'

# 1. The layout as a user opens it. GTKWave stays open after the script (which runs before
#    the window is drawn), so the screenshot is taken from outside once the window exists.
cat >"$tmp/open.tcl" <<EOF
$list_traces
${OPENMMU_MARK:+source sim/gtkw_mark.tcl}
puts LISTED
flush stdout
EOF
gtkwave -S "$tmp/open.tcl" "$fst" "$layout" >"$tmp/open.out" 2>&1 &
gtk_pid=$!
for _ in $(seq 300); do
    grep -q '^LISTED' "$tmp/open.out" && xwininfo -root -tree 2>/dev/null | grep -q 'GTKWave' && break
    kill -0 $gtk_pid 2>/dev/null || break
    sleep 0.1
done
sleep 1  # the first drawing
import -window root "$tmp/shot.png" 2>/dev/null || true
kill $gtk_pid 2>/dev/null; wait $gtk_pid 2>/dev/null || true
grep -q '^LISTED' "$tmp/open.out" || { echo "gtkwave did not open $layout:"; tail -5 "$tmp/open.out"; exit 1; }
noise=$(grep -v -e '^$' -e '^GTKWave Analyzer' -e '^FSTLOAD |' -e '^GTKWAVE | Executing Tcl' \
        -e '^TRACE ' -e '^LISTED' "$tmp/open.out" || true)
[ -z "$noise" ] || { echo "gtkwave reported on $layout:"; echo "$noise" | head -10; exit 1; }
[ -s "$tmp/shot.png" ] || { echo "no screenshot taken"; exit 1; }
cp "$tmp/shot.png" "$shot"

# 2. The same signals loaded by GTKWave alone: which of them it shows by name (enum tables).
sigs=$(grep '^TOP\.' "$layout" | sed 's/\[.*//')
cat >"$tmp/probe.tcl" <<EOF
gtkwave::addSignalsFromList [list $(echo $sigs)]
$list_traces
gtkwave::/File/Quit
EOF
timeout 60 gtkwave -S "$tmp/probe.tcl" "$fst" >"$tmp/probe.out" 2>&1 ||
    { echo "gtkwave exited $? loading the layout's signals"; exit 1; }

python3 - "$layout" "$tmp/open.out" "$tmp/probe.out" <<'PY'
import sys
layout, opened, probed = sys.argv[1:]
BLANK, GRP, ENUM = 1 << 9, (1 << 23) | (1 << 24), 1 << 32
# The layout's signal lines, each with the flags line in force above it.
want, flags = [], None
for line in open(layout):
    line = line.rstrip("\n")
    if line.startswith("@"):
        flags = int(line[1:], 16)
    elif line.startswith("TOP."):
        want.append((line.split(".")[-1], flags))
def traces(path):
    return [(int(l.split()[1]), l.split(None, 2)[2].strip()) for l in open(path) if l.startswith("TRACE ")]
shown = [t for t in traces(opened) if not t[0] & (GRP | BLANK)]
bad = []
if [n for _, n in shown] != [n for n, _ in want]:
    diff = [(a, b) for (_, a), (b, _) in zip(shown, want) if a != b][:3]
    bad.append("the Signals pane shows %d signals, the layout names %d; first differences %s" % (len(shown), len(want), diff))
else:
    for (got, name), (_, f) in zip(shown, want):
        if got & ~1 != f:  # bit 0 is the highlight
            bad.append("%s shown with flags %x, the layout says %x" % (name, got, f))
probe = traces(probed)
if len(probe) != len(want):
    bad.append("GTKWave loaded %d of the layout's %d signals" % (len(probe), len(want)))
for (got, name), (_, f) in zip(probe, want):
    if got & ENUM and not f & ENUM:
        bad.append("%s has an enum table in the FST but the layout shows it as a number" % name)
for b in bad:
    print(b)
if not bad:
    print("openmmu.gtkw: %d signals shown, %d of them by name" % (len(want), sum(1 for _, f in want if f & ENUM)))
sys.exit(1 if bad else 0)
PY

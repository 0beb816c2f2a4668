#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# RTL-specific checks beyond the unit tests (the race tests themselves are
# tests/unit/test_rtl_races.c, run by 10-unit; LONG=1 lengthens their dual-port run):
#  - a waveform dumped through the rtl backend holds every signal sim/openmmu.gtkw shows,
#    and the --wave-from/--wave-to window makes a smaller dump than the whole run;
#  - GTKWave itself opens the layout on that waveform (on a virtual display): every signal
#    shown, enum-typed ones by name, no complaint; the screenshot is build/gtkwave/openmmu.png.
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

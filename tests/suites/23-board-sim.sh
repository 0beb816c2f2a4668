#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The board (rtl/board/board_top.sv) Verilated behind the UART model, driven by the same host
# code as a real board (--backend board-sim; docs/board.md): the tests/hw scenarios through
# the whole bridge, alone and in lockstep with the reference model; frames damaged on the
# wire (the UART model's OPENMMU_BOARD_WIRE) rejected by the RTL or, on the way back, by the
# host; a board that stops answering reported after the 2 s timeout.
#
# The simulated board's memory is sparse and spans the whole physical address space
# (sim/board.mk), so every scenario's pages are memory there, a 1 GiB page at the last frame
# below 2^40 too, and every scenario must pass. Nothing a scenario can name lies outside that
# memory: the host's refusal of an address outside a board's memory is tested against a
# smaller board in tests/unit/test_board_backend.c, the board's own refusal (BAD_ADDR) and
# its sparse memory in tests/unit/test_board_sim.c.
#
# make test runs every scenario alone but default.scn (9 s of a 40-cycle-per-byte UART: its
# 546 lines are the others' operations) and a representative set in lockstep, with the five
# that reach memory above 1 GiB; LONG=1 runs every scenario both ways.
set -uo pipefail
cd "$(dirname "$0")/../.."
OPENMMU=${OPENMMU:-build/san/openmmu}
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lockstep_set="ad-bits cross-store-stale dcache-data page-cross pcid invpcid psc walk-counts clzero pline smap wp \
              invlpg-large large-pages not-present rsvd-large-misaligned rsvd-maxphyaddr"
for be in board-sim lockstep:board-sim; do
    for scn in tests/hw/*.scn; do
        base=$(basename "$scn" .scn)
        if [ "${LONG:-0}" != 1 ]; then
            [ "$be" = board-sim ] && [ "$base" = default ] && continue
            [ "$be" = lockstep:board-sim ] && [[ " $lockstep_set " != *" $base "* ]] && continue
        fi
        name="board-sim/hw-$base[$be]"
        "$OPENMMU" run --backend "$be" "$scn" >"$tmp/out" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
            echo "PASS $name"
        else
            echo "FAIL $name: exit $rc"
            head -20 "$tmp/out" | sed 's/^/    /'
            status=1
        fi
    done
done

# The board sees the stream of port requests the rtl backend drives (board_backend.h): every
# counter of an event equals the rtl backend's on the same configuration. Only the ones that
# count time differ (the UART's time, and the board's memory instead of the C memory model).
for base in walk-counts pcid page-cross; do
    name="board-sim/counters-as-rtl-$base"
    "$OPENMMU" run --backend board-sim --stats "tests/hw/$base.scn" 2>"$tmp/err" | tail -1 >"$tmp/b.json"
    "$OPENMMU" run --backend rtl --config small --stats "tests/hw/$base.scn" 2>>"$tmp/err" | tail -1 >"$tmp/r.json"
    if why=$(python3 - "$tmp/b.json" "$tmp/r.json" <<'PY'
import json, sys
b, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
timed = {"cycles", "stall_cycles", "mem_stall_cycles", "walk_cycles"}
bad = [f"{k} {b.get(k)} (rtl {v})" for k, v in r.items() if k not in timed and b.get(k) != v]
if r["walks"] == 0: bad.append("no walks: the comparison shows nothing")
print("; ".join(bad)); sys.exit(1 if bad else 0)
PY
    ); then echo "PASS $name"
    else echo "FAIL $name: ${why:-$(head -3 "$tmp/err")}"; status=1
    fi
done

# Damaged frames. N counts the host's frames from 0 (HELLO); frame 3 is ad-bits.scn's third
# line, a pwrite. Each must stop the run with the device, the request and what was wrong
# (exit 3; 2 when the board never answers HELLO: no backend is made); none may let the run go
# on to a result.
scn=tests/hw/ad-bits.scn
while IFS='|' read -r fault want says; do
    name="board-sim/wire-$fault"
    OPENMMU_BOARD_WIRE=$fault "$OPENMMU" run --backend board-sim "$scn" >"$tmp/out" 2>&1
    rc=$?
    if [ $rc -eq "$want" ] && grep -qF "board on board-sim $says" "$tmp/out" && ! grep -q "expected" "$tmp/out"; then
        echo "PASS $name"
    else
        echo "FAIL $name: exit $rc (expected $want and 'board on board-sim $says')"
        head -5 "$tmp/out" | sed 's/^/    /'
        status=1
    fi
done <<'EOF2'
corrupt@3|3|rejected PWRITE (SEQ 3): the board rejected the request: BAD_CRC (info 0) (scenario line 8, pwrite)
truncate@3|3|rejected PWRITE (SEQ 3): the board rejected the request: TRUNCATED (info 12) (scenario line 8, pwrite)
replay@3|3|rejected PWRITE (SEQ 3): the board rejected the request: BAD_SEQ (info 3) (scenario line 8, pwrite)
rsp-corrupt@3|3|answered PWRITE with a frame whose CRC does not match (a corrupted response)
mute@3|3|did not answer PWRITE within 2 s (scenario line 8, pwrite)
mute@0|2|did not answer HELLO within 2 s
EOF2

# The wire-fault flag itself is checked.
OPENMMU_BOARD_WIRE=flip@3 "$OPENMMU" run --backend board-sim "$scn" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "OPENMMU_BOARD_WIRE='flip@3': expected KIND@N" "$tmp/out"; then
    echo "PASS board-sim/wire-flag-checked"
else
    echo "FAIL board-sim/wire-flag-checked: exit $rc"; head -3 "$tmp/out" | sed 's/^/    /'; status=1
fi

# The board's configuration is its own: another one asked for is refused.
"$OPENMMU" run --backend board-sim --config i7 "$scn" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -qF "board on board-sim runs configuration 'small', not 'i7' (--config)" "$tmp/out"; then
    echo "PASS board-sim/config-is-the-boards"
else
    echo "FAIL board-sim/config-is-the-boards: exit $rc"; head -3 "$tmp/out" | sed 's/^/    /'; status=1
fi
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Directed hardware-level scenarios: every tests/hw/*.scn on every backend x configuration.
# Their expectations were computed by hand from docs/semantics.md and the SDM, so each
# backend is checked against the rules, not against another model.
# A backend not built into this binary yet is reported as SKIP (not counted as a pass).
# Besides rtl, ref and lockstep, they run on reftlb (the reference model with a finite TLB
# that keeps stale entries, as hardware may) and lockstep:reftlb, which checks that every
# line without "=>" still gave a legal result; and each bug reftlb can inject must make
# at least one scenario fail, so the scenarios are shown to catch those bugs.
set -uo pipefail
cd "$(dirname "$0")/../.."
OPENMMU=${OPENMMU:-build/san/openmmu}
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

first_built=
nscn=$(ls tests/hw/*.scn | wc -l)
for be in ref rtl lockstep reftlb lockstep:reftlb; do
    for cfg in i7 small; do
        for scn in tests/hw/*.scn; do
            name="hw/$(basename "$scn" .scn)[$be/$cfg]"
            "$OPENMMU" run --backend "$be" --config "$cfg" "$scn" >"$tmp/out" 2>&1
            rc=$?
            if grep -q 'not built into this binary' "$tmp/out"; then
                # One line for the whole backend/config, not one per scenario.
                echo "SKIP hw/*[$be/$cfg] ($nscn scenarios): $(sed 's/^openmmu: //' "$tmp/out" | head -1)"
                break
            elif [ $rc -eq 0 ]; then
                echo "PASS $name"
                first_built=${first_built:-$be}
            else
                echo "FAIL $name: exit $rc"
                head -20 "$tmp/out" | sed 's/^/    /'
                status=1
            fi
        done
    done
done

# Each injectable bug is caught by some scenario (an expectation fails: exit 1).
for bug in no-dirty psc-keep tlb-keep pcid-false-hit global-keep; do
    caught=
    for scn in tests/hw/*.scn; do
        "$OPENMMU" run --backend reftlb --inject "$bug" "$scn" >"$tmp/out" 2>&1
        rc=$?
        if grep -q 'not built into this binary' "$tmp/out"; then caught=skip; break; fi
        if [ $rc -eq 1 ]; then caught="$(basename "$scn"): $(head -1 "$tmp/out")"; break; fi
        [ $rc -eq 0 ] || { caught="exit $rc on $scn"; break; }
    done
    case "$caught" in
        skip) echo "SKIP hw/catches-$bug: backend reftlb not built" ;;
        "") echo "FAIL hw/catches-$bug: no scenario fails with the bug injected"; status=1 ;;
        "exit "*) echo "FAIL hw/catches-$bug: $caught"; status=1 ;;
        *) echo "PASS hw/catches-$bug ($caught)" ;;
    esac
done

# The output formats, on the first backend that is built: --results has one JSON line per
# operation line of the file, and --stats one JSON object naming every counter.
if [ -n "$first_built" ]; then
    scn=tests/hw/default.scn
    "$OPENMMU" run --backend "$first_built" --stats --results "$tmp/res.json" "$scn" >"$tmp/stats" 2>"$tmp/err"
    if python3 - "$scn" "$tmp/res.json" "$tmp/stats" <<'PY'
import json, re, sys
scn, res, stats = sys.argv[1:]
ops = [i + 1 for i, l in enumerate(open(scn)) if l.split('#')[0].strip()]
rows = [json.loads(l) for l in open(res)]
assert [r["line"] for r in rows] == ops, "results lines do not match the operation lines"
for r in rows:
    assert set(r) == {"line", "op", "result"}, r
    assert re.fullmatch(r"ok|gp|mce|0x[0-9a-f]+|pa 0x[0-9a-f]+|pf 0x[0-9a-f]+", r["result"]), r
s = json.loads(open(stats).read())
for name in ("cycles", "accesses", "walks", "page_faults", "psc_pde_hits", "stall_cycles"):
    assert name in s and isinstance(s[name], int), name
assert s["accesses"] > 0
PY
    then echo "PASS hw/results-and-stats-format[$first_built]"
    else echo "FAIL hw/results-and-stats-format[$first_built]: see above"; status=1
    fi
else
    echo "SKIP hw/results-and-stats-format: no backend built"
fi
exit $status

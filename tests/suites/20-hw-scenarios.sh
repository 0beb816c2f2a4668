#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Directed hardware-level scenarios: every tests/hw/*.scn on every backend x configuration.
# Their expectations were computed by hand from docs/semantics.md and the SDM, so each
# backend is checked against the rules, not against another model.
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

for be in ref rtl lockstep reftlb lockstep:reftlb; do
    # ref has no geometry (openmmu refuses --config for it): one run
    cfgs=$(tools/configs.py names); [ "$be" = ref ] && cfgs=-
    for cfg in $cfgs; do
        for scn in tests/hw/*.scn; do
            name="hw/$(basename "$scn" .scn)[$be/$cfg]"
            cfgopt=(--config "$cfg"); [ "$cfg" = - ] && cfgopt=()
            "$OPENMMU" run --backend "$be" "${cfgopt[@]}" "$scn" >"$tmp/out" 2>&1
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
done

# Each bug the reftlb device carries (the one list: csrc/inject/inject.def) is caught by some
# scenario (an expectation fails: exit 1).
bugs=$(sed -n 's/^INJ([A-Z0-9_]*, *"\([^"]*\)", *[^,]*INJ_IN_REFTLB.*/\1/p' csrc/inject/inject.def)
[ "$(wc -w <<<"$bugs")" -ge 5 ] || { echo "FAIL hw/catches: the bugs of csrc/inject/inject.def could not be read ($bugs)"; status=1; }
for bug in $bugs; do
    caught=
    for scn in tests/hw/*.scn; do
        "$OPENMMU" run --backend reftlb --inject "$bug" "$scn" >"$tmp/out" 2>&1
        rc=$?
        if [ $rc -eq 1 ]; then caught="$(basename "$scn"): $(head -1 "$tmp/out")"; break; fi
        [ $rc -eq 0 ] || { caught="exit $rc on $scn"; break; }
    done
    case "$caught" in
        "") echo "FAIL hw/catches-$bug: no scenario fails with the bug injected"; status=1 ;;
        "exit "*) echo "FAIL hw/catches-$bug: $caught"; status=1 ;;
        *) echo "PASS hw/catches-$bug ($caught)" ;;
    esac
done

# The output formats: --results has one JSON line per operation line of the file, and
# The walk counters of tests/hw/walk-counts.scn, counted by hand (see its comments): entry
# reads by level, where each was served, and walker cycles that grow with the memory latency
# by at least the four reads that went to memory.
scn=tests/hw/walk-counts.scn
for run in "ref -" "reftlb i7" "rtl i7" "rtl small"; do
    set -- $run
    cfgopt=(--config "$2"); [ "$2" = - ] && cfgopt=()
    name="hw/walk-counters[$1/$2]"
    for lat in 30 60; do
        latopt=(); [ "$1" = rtl ] && latopt=(--mem-latency $lat)
        "$OPENMMU" run --backend "$1" "${cfgopt[@]}" "${latopt[@]}" --stats "$scn" 2>"$tmp/err" | tail -1 >"$tmp/w$lat"
    done
    if why=$(python3 - "$1" "$tmp/w30" "$tmp/w60" <<'PY'
import json, sys
be, a, b = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
tlb = be != "ref"  # a TLB and paging-structure caches: walk 2 is a hit, walk 3 reads the PTE only
want = {"walks": 2 if tlb else 3, "walk_mem_refs": 5 if tlb else 12,
        "walk_refs_pml4e": 1 if tlb else 3, "walk_refs_pdpte": 1 if tlb else 3,
        "walk_refs_pde": 1 if tlb else 3, "walk_refs_pte": 2 if tlb else 3,
        "walk_refs_memory": 4 if be == "rtl" else 0, "walk_refs_dcache": 1 if be == "rtl" else 0}
bad = [f"{k} {a[k]} (want {v})" for k, v in want.items() if a[k] != v]
if be == "rtl":
    if not 0 < a["walk_cycles"] < a["cycles"]:
        bad.append(f"walk_cycles {a['walk_cycles']} of {a['cycles']} cycles")
    if b["walk_cycles"] - a["walk_cycles"] < 4 * 30:
        bad.append(f"walk_cycles {a['walk_cycles']} at latency 30, {b['walk_cycles']} at 60: "
                   "four reads from memory take 120 more")
elif a["walk_cycles"] != 0:
    bad.append(f"walk_cycles {a['walk_cycles']} on an untimed model")
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
    ); then echo "PASS $name"
    else echo "FAIL $name: ${why:-$(head -3 "$tmp/err")}"; status=1
    fi
done

# --stats one JSON object naming every counter; --results - writes the lines to standard
# output (before the stats object), and no file named '-'.
scn=tests/hw/default.scn
for mode in file stdout; do
    if [ $mode = file ]; then
        "$OPENMMU" run --backend rtl --stats --results "$tmp/res.json" "$scn" >"$tmp/stats" 2>"$tmp/err"
    else
        (cd "$tmp" && "$OLDPWD/$OPENMMU" run --backend rtl --stats --results - "$OLDPWD/$scn") >"$tmp/out" 2>"$tmp/err"
        head -n -1 "$tmp/out" >"$tmp/res.json"; tail -n 1 "$tmp/out" >"$tmp/stats"
    fi
    if [ ! -e "$tmp/-" ] && python3 - "$scn" "$tmp/res.json" "$tmp/stats" <<'PY'
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
    then echo "PASS hw/results-and-stats-format[$mode]"
    else echo "FAIL hw/results-and-stats-format[$mode]: see above"; status=1
    fi
done
exit $status

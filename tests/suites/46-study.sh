#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# TLB design studies (tools/study.py, docs/study.md) with the local executor: bad specs
# refused before anything runs (SPEC: key: problem, exit 2); a study's table holds exactly
# what `openmmu replay --stats` prints for each point; finished points are reused, --force
# runs them again; a failing point fails the study and leaves no result behind; the plots
# are written. The Slurm executor: make test-slurm (tests/slurm/test.sh).
set -uo pipefail
cd "$(dirname "$0")/../.."
OPENMMU=$(realpath "${OPENMMU:-build/san/openmmu}")
export OPENMMU
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $1: $2"; status=1; }

# Two traces of known shape, from lackey text (no Valgrind needed): a loop over 8 code pages
# with loads spread over 1 MiB (many TLB misses), and one with loads in 16 KiB (few).
for t in wide:256 narrow:4; do
    name=${t%%:*} pages=${t#*:}
    python3 - "$pages" >"$tmp/$name.lackey" <<'PY'
import random, sys
pages = int(sys.argv[1]); r = random.Random(pages)
print("==1== Lackey")
pc = 0x401000
for i in range(6000):
    print("I  %08x,4" % pc); pc = 0x401000 + (pc - 0x401000 + 4) % 0x8000
    print(" L %08x,8" % (0x10000000 + r.randrange(pages * 4096) // 8 * 8))
    if i % 3 == 0:
        print(" S %08x,4" % (0x10000000 + r.randrange(pages * 4096) // 4 * 4))
PY
    "$OPENMMU" trace import --format lackey -o "$tmp/$name.omt" "$tmp/$name.lackey" >/dev/null 2>&1 ||
        fail study/setup "trace import of $name failed"
done

spec() { # file, then the body on stdin
    cat >"$1"
}

# ---- bad specs: refused with the key named, nothing run ----
bad_case() { # name expected-substring (spec body on stdin)
    local name=$1 want=$2 f=$tmp/bad-$1.toml
    cat >"$f"
    python3 tools/study.py --no-plot "$f" >"$tmp/o" 2>"$tmp/e"; local rc=$?
    if [ $rc -ne 2 ]; then fail "study-bad/$name" "exit $rc, wanted 2: $(head -2 "$tmp/e")"
    elif ! grep -qF -- "$f: $want" "$tmp/e"; then fail "study-bad/$name" "stderr lacks '$f: $want': $(head -2 "$tmp/e")"
    elif [ -e "$tmp/out-bad" ]; then fail "study-bad/$name" "it ran: $tmp/out-bad exists"
    else echo "PASS study-bad/$name"; fi
}
ok_head="[study]
name = \"t\"
out = \"out-bad\"
[traces]
wide = \"wide.omt\""
bad_case unknown-table "extra: unknown table" <<<"$ok_head
[extra]
x = 1"
bad_case unknown-key "study.nmae: unknown key" <<<"[study]
nmae = \"t\""
bad_case no-name "study.name: missing" <<<"[traces]
wide = \"wide.omt\""
bad_case wrong-type "study.limit: must be an integer" <<<"[study]
name = \"t\"
limit = \"5\""
bad_case missing-trace "traces.gone: 'gone.omt' is not a readable file" <<<"$ok_head
gone = \"gone.omt\""
bad_case no-traces "traces: missing" <<<"[study]
name = \"t\""
bad_case bad-base "configs.base: 'huge' is not a configuration" <<<"$ok_head
[configs]
base = \"huge\""
bad_case unknown-param "configs.L3Sets: unknown parameter" <<<"$ok_head
[configs]
L3Sets = [1, 2]"
bad_case param-type "configs.L2Sets: must be an integer or a non-empty list of integers" <<<"$ok_head
[configs]
L2Sets = [\"64\"]"
bad_case bad-geometry "configs: L2Sets=48: openmmu: --tlb: L2Sets=48: must be a power of two" <<<"$ok_head
[configs]
L2Sets = [64, 48]
[backends]
run = [\"tlbmodel\"]"
bad_case bad-backend "backends.run: unknown backend 'qemu'" <<<"$ok_head
[backends]
run = [\"qemu\"]"
bad_case rtl-points-without-rtl "backends.rtl_points: given, but rtl is not in backends.run" <<<"$ok_head
[backends]
run = [\"tlbmodel\"]
rtl_points = []"
bad_case bad-executor "executor.kind: 'cloud' (expected local or slurm)" <<<"$ok_head
[executor]
kind = \"cloud\""
bad_case not-toml "not TOML" <<<"[study
name = 1"

# ---- a study on the local executor ----
spec "$tmp/s.toml" <<'TOML'
[study]
name = "suite"
out = "out"
limit = 9000

[traces]
wide = "wide.omt"
narrow = "narrow.omt"

[configs]
base = "small"

[backends]
run = ["ref", "tlbmodel"]

[executor]
kind = "local"
jobs = 2
TOML
python3 tools/study.py "$tmp/s.toml" >"$tmp/o1" 2>"$tmp/e1"; rc=$?
csv=$tmp/out/results.csv
if [ $rc -ne 0 ]; then fail study/local-run "exit $rc: $(tail -3 "$tmp/e1")"
elif ! grep -q '^study suite: 4 points (4 to run, 0 reused)' "$tmp/o1"; then fail study/local-run "$(head -1 "$tmp/o1")"
elif [ "$(tail -n +2 "$csv" | wc -l)" -ne 4 ]; then fail study/local-run "results.csv has $(tail -n +2 "$csv" | wc -l) rows, wanted 4"
else echo "PASS study/local-run"; fi

# Every row is what a direct replay of the same point prints: the study adds nothing.
python3 - "$csv" "$OPENMMU" "$tmp" >"$tmp/cmp" 2>&1 <<'PY'
import csv, json, subprocess, sys
path, bin_, d = sys.argv[1:]
bad = 0
for r in csv.DictReader(open(path)):
    cmd = [bin_, "replay", "--backend", r["backend"], "--stats", "--no-progress", "--limit", "9000"]
    if r["backend"] != "ref":
        cmd += ["--config", "small"]
    st = json.loads(subprocess.run(cmd + ["%s/%s.omt" % (d, r["trace"])], capture_output=True,
                                   text=True, check=True).stdout.strip().splitlines()[-1])
    c = st["counters"]
    want = {"itlb_misses": c["itlb_misses"], "dtlb_misses": c["dtlb_misses"], "walks": c["walks"],
            "walk_mem_refs": c["walk_mem_refs"], "page_faults": c["page_faults"],
            "instructions": st["instructions"]}
    for k, v in want.items():
        if str(v) != r[k]:
            print("%s/%s: %s is %s in results.csv, %s in the replay" % (r["trace"], r["backend"], k, r[k], v)); bad = 1
    if r["backend"] == "tlbmodel" and r["itlb_mpki"] != str(round(1000.0 * c["itlb_misses"] / st["instructions"], 4)):
        print("itlb_mpki %s" % r["itlb_mpki"]); bad = 1
sys.exit(bad)
PY
if [ $? -eq 0 ]; then echo "PASS study/rows-equal-direct-replay"; else fail study/rows-equal-direct-replay "$(head -3 "$tmp/cmp")"; fi
# The narrow trace must miss less than the wide one: the table is not all one figure.
w=$(awk -F, 'NR > 1 && $1 == "wide" && $2 == "tlbmodel"' "$csv" | cut -d, -f22)
n=$(awk -F, 'NR > 1 && $1 == "narrow" && $2 == "tlbmodel"' "$csv" | cut -d, -f22)
col=$(head -1 "$csv" | cut -d, -f22)
if [ "$col" = dtlb_misses ] && [ "${n:-0}" -lt "${w:-0}" ]; then echo "PASS study/traces-differ ($col: narrow $n < wide $w)"
else fail study/traces-differ "column 22 is '$col'; narrow $n, wide $w"; fi

for png in mpki walks; do
    if [ "$(head -c 4 "$tmp/out/$png.png" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ]; then
        echo "PASS study/plot-$png"
    else fail "study/plot-$png" "$tmp/out/$png.png is not a PNG"; fi
done

# Reuse: a second run runs nothing and leaves the points untouched; --force runs them again.
before=$(stat -c %Y.%y "$tmp"/out/points/*/stats.json | md5sum)
python3 tools/study.py --no-plot "$tmp/s.toml" >"$tmp/o2" 2>&1; rc=$?
after=$(stat -c %Y.%y "$tmp"/out/points/*/stats.json | md5sum)
if [ $rc -eq 0 ] && grep -q '4 points (0 to run, 4 reused)' "$tmp/o2" && [ "$before" = "$after" ]; then
    echo "PASS study/reuse"
else fail study/reuse "exit $rc, $(head -1 "$tmp/o2"), stats touched: $([ "$before" = "$after" ] && echo no || echo yes)"; fi
python3 tools/study.py --no-plot --force "$tmp/s.toml" >"$tmp/o3" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '4 points (4 to run, 0 reused)' "$tmp/o3"; then echo "PASS study/force"
else fail study/force "exit $rc, $(head -1 "$tmp/o3")"; fi
# A changed command (another limit) is a new run of every point, not a reuse.
sed -i 's/^limit = 9000/limit = 8000/' "$tmp/s.toml"
python3 tools/study.py --no-plot "$tmp/s.toml" >"$tmp/o4" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '4 points (4 to run, 0 reused)' "$tmp/o4"; then echo "PASS study/changed-command-reruns"
else fail study/changed-command-reruns "exit $rc, $(head -1 "$tmp/o4")"; fi

# A point that fails (a trace broken after the spec was checked: it exists, but is not a
# trace) fails the study, names the point and leaves no result for it.
head -c 200 "$tmp/wide.omt" >"$tmp/broken.omt"
sed -e 's/^wide = "wide.omt"/wide = "broken.omt"/' -e 's/^out = "out"/out = "out-broken"/' "$tmp/s.toml" >"$tmp/b.toml"
python3 tools/study.py --no-plot "$tmp/b.toml" >"$tmp/o5" 2>"$tmp/e5"; rc=$?
if [ $rc -eq 1 ] && grep -q 'point wide\.tlbmodel\.small failed: .*broken.omt: offset' "$tmp/e5" &&
   [ ! -e "$tmp/out-broken/points/wide.tlbmodel.small/stats.json" ] && [ ! -e "$tmp/out-broken/results.csv" ]; then
    echo "PASS study/failed-point"
else fail study/failed-point "exit $rc: $(head -2 "$tmp/e5")"; fi
exit $status

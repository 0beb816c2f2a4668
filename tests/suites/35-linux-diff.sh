#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The kernel model against the real Linux kernel.
#
#  1. tests/linux/*.scn: hand-written kernel scenarios for the kernel items of
#     docs/pitfalls.md, with expectations written from the man pages, and tests/kernel/*.scn
#     marked `# linux: yes`; linuxrun checks that Linux meets them.
#     With `# linux: thp` (THP smaps, the host in THP mode madvise) and `# linux: hugetlb`
#     (MAP_HUGETLB, the host with free huge pages) and `# linux: memcg` (memory cgroups,
#     the host with a memory controller linuxrun can make groups in): a SKIP where the
#     host cannot show it.
#  2. linuxrun itself: --annotate reproduces the expectations, results do not depend on the
#     run, malformed scenarios are refused with FILE:LINE.
#  3. kgen: deterministic per seed, and nothing it generates escapes the region (a result
#     outside it would mean Linux chose an address, which the model cannot match).
#  4. Random differential: kgen -> linuxrun --annotate -> the model (openmmu --backend ref)
#     must meet every Linux result.
#  6. Boundary values (kgen --boundary: lengths 0, 1, 4095, 4097 and huge, unaligned
#     addresses, file offsets near 2^63, TASK_SIZE edges, page-crossing and non-canonical
#     accesses): kgen -> Linux -> the model, as 4.
# make test: 32 seeds x 400 ops, 16 boundary seeds x 400; LONG=1: 400 x 2000, 200 x 2000.
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
LINUXRUN=$B/san/linuxrun
KGEN=$B/san/kgen
OPENMMU=${OPENMMU:-$B/san/openmmu}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ "${LONG:-0}" = 1 ]; then SEEDS=400; OPS=2000; BSEEDS=200; else SEEDS=32; OPS=400; BSEEDS=16; fi

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# A scenario may name the linuxrun options it needs on a "# linuxrun: " line; one that
# wants its files on a tmpfs (--tmpdir DIR) is skipped where DIR is not one.
lr_args() { sed -n 's/^# linuxrun: //p' "$1" | head -1; }
lr_skip() {
    local d
    d=$(lr_args "$1" | sed -n 's/.*--tmpdir \([^ ]*\).*/\1/p')
    [ -n "$d" ] && [ "$(stat -f -c %T "$d" 2>/dev/null)" != tmpfs ] && echo "$d is not a tmpfs"
}

# ---- 1. what Linux does, checked against expectations written by hand ----------------
# (and the kernel-model scenarios whose expectations came from Linux: `# linux: yes`)
for f in tests/linux/*.scn $(grep -l '^# linux: yes$' tests/kernel/*.scn); do
    n=$(basename "$f" .scn)
    why=$(lr_skip "$f")
    if [ -n "$why" ]; then echo "SKIP linux.$n: $why"; continue; fi
    # shellcheck disable=SC2046
    if out=$("$LINUXRUN" $(lr_args "$f") "$f" 2>&1); then
        pass "linux.$n"
    else
        fail "linux.$n" "$(echo "$out" | head -3 | tr '\n' ' ')"
    fi
done

# ---- 1b. transparent huge pages (`# linux: thp`): smaps AnonHugePages against Linux's ----
# The model runs these in suite 30 with THP madvise, its default; here Linux must give the
# same, and it can only when its THP mode is madvise too. The host may fail to give a huge
# page (fragmented memory: thp_fault_fallback), or khugepaged may collapse one behind the
# scenario's back (thp_collapse_alloc): a run whose only mismatches are smaps lines and
# during which one of those counters moved proves nothing either way -- it is counted and
# reported as a SKIP, never a pass. Any other mismatch fails.
vmstat() { awk -v k="$1" '$1 == k {print $2}' /proc/vmstat; }
thp_mode=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)
for f in $(grep -l '^# linux: thp$' tests/kernel/*.scn); do
    n=$(basename "$f" .scn)
    if [ "$thp_mode" != madvise ]; then
        echo "SKIP linux.$n: the host's THP mode is '${thp_mode:-absent}', not madvise"
        continue
    fi
    fb0=$(vmstat thp_fault_fallback); co0=$(vmstat thp_collapse_alloc)
    out=$("$LINUXRUN" "$f" 2>&1); rc=$?
    fb=$(( $(vmstat thp_fault_fallback) - fb0 )); co=$(( $(vmstat thp_collapse_alloc) - co0 ))
    nsmaps=$(grep -c '^smaps .*=>' "$f")
    if [ $rc = 0 ]; then
        pass "linux.$n"
        echo "  $nsmaps smaps comparisons made, the host gave every huge page"
    elif [ $rc = 1 ] && ! echo "$out" | grep -v ': expected AnonHugePages .*, Linux gave AnonHugePages ' | grep -q . &&
         [ $((fb + co)) -gt 0 ]; then
        echo "SKIP linux.$n: the host's THP allocation did not behave ($(echo "$out" | grep -c expected) of" \
             "$nsmaps smaps comparisons differ; thp_fault_fallback +$fb, thp_collapse_alloc +$co during the run)"
    else
        fail "linux.$n" "$(echo "$out" | head -3 | tr '\n' ' ') (thp_fault_fallback +$fb, thp_collapse_alloc +$co)"
    fi
done

# ---- 1c. hugetlb (`# linux: hugetlb`): MAP_HUGETLB's smaps Hugetlb against Linux's ------
# Linux maps hugetlb pages only from its pool (vm.nr_hugepages, set by root): a scenario
# needs as many free huge pages on the host as its `--nr-hugepages` gives the model, and
# where the host has fewer it is a SKIP naming both, never a pass.
host_free=$(awk '$1 == "HugePages_Free:" {print $2}' /proc/meminfo 2>/dev/null)
for f in $(grep -l '^# linux: hugetlb$' tests/kernel/*.scn); do
    n=$(basename "$f" .scn)
    need=$(sed -n 's/^# args: .*--nr-hugepages \([0-9]*\).*/\1/p' "$f" | head -1)
    if [ -z "$need" ]; then fail "linux.$n" "no '# args: --nr-hugepages N' line"; continue; fi
    if [ "${host_free:-0}" -lt "$need" ]; then
        echo "SKIP linux.$n: the host has ${host_free:-no} free huge pages (HugePages_Free; vm.nr_hugepages" \
             "$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo absent)), the scenario needs $need"
        continue
    fi
    if out=$("$LINUXRUN" "$f" 2>&1); then pass "linux.$n"
    else fail "linux.$n" "$(echo "$out" | head -3 | tr '\n' ' ')"; fi
done

# ---- 1d. memory cgroups (`# linux: memcg`): the model's memcg against the host's -------
# linuxrun makes each scenario group a real memory cgroup (csrc/linuxdiff/cgroup.h: cgroup v2
# where the memory controller can be had, else v1's). A host without one is a SKIP with the
# reason linuxrun gives; so is one with swap when the scenario runs the model without (an
# OOM there would be a swap-out here), and one whose linuxrun files live on a tmpfs when the
# scenario reads a file (its pages would be linuxrun's, never the group's). Every group made
# is removed by the end of the run, a failing run's too: a leaked one fails.
cgroups() { find /sys/fs/cgroup -type d -name 'openmmu-*' 2>/dev/null | wc -l; }
host_swap=$(awk 'NR > 1 {n++} END {print n + 0}' /proc/swaps 2>/dev/null)
memcg_run() { # NAME FILE: runs FILE under linuxrun; PASS, SKIP or FAIL as said above
    local n=$1 f=$2 out rc left0 left
    if [ "${host_swap:-0}" -gt 0 ] && grep -q '^# args: .*--swap 0' "$f"; then
        echo "SKIP linux.$n: the host has swap ($host_swap areas in /proc/swaps), the scenario's model has none (--swap 0)"
        return
    fi
    if grep -q '^file ' "$f" && [ "$(stat -f -c %T /tmp 2>/dev/null)" = tmpfs ]; then
        echo "SKIP linux.$n: /tmp is a tmpfs: the file's pages would be linuxrun's, never the group's"
        return
    fi
    # Linux reads a file ahead by up to read_ahead_kb around a fault; pages still being read
    # cannot be reclaimed, and where they can fill the group it OOM-kills (docs/scenario.md):
    # a file scenario's smallest limit must be at least twice that.
    if grep -q '^file ' "$f"; then
        local ra lim d
        d=/sys/dev/block/$(findmnt -no MAJ:MIN -T /tmp 2>/dev/null | awk '{print $1}')
        ra=$(cat "$d/bdi/read_ahead_kb" 2>/dev/null || cat "$d/queue/read_ahead_kb" 2>/dev/null || echo 0)
        lim=$(awk '$1 == "memcg" && $2 == "create" && $4 ~ /^[0-9]+$/ {print $4}' "$f" | sort -n | head -1)
        if [ -n "$lim" ] && [ $((ra * 2048)) -gt "$lim" ]; then
            echo "SKIP linux.$n: /tmp's device reads ahead ${ra} KiB, more than half the scenario's $lim-byte limit"
            return
        fi
    fi
    left0=$(cgroups)
    out=$("$LINUXRUN" "$f" 2>&1); rc=$?
    left=$(( $(cgroups) - left0 ))
    if [ $rc = 2 ] && echo "$out" | grep -q 'no memory cgroup for linuxrun: '; then
        echo "SKIP linux.$n: $(echo "$out" | sed -n 's/.*\(no memory cgroup for linuxrun: \)/\1/p' | head -1)"
    elif [ $rc = 0 ] && [ "$left" = 0 ]; then
        pass "linux.$n"
    else
        fail "linux.$n" "rc=$rc, $left cgroups left: $(echo "$out" | head -3 | tr '\n' ' ')"
    fi
}
memcg_files=$(grep -l '^# linux: memcg$' tests/kernel/*.scn)
for f in $memcg_files; do memcg_run "$(basename "$f" .scn)" "$f"; done
# The comparison can fail: a group's OOM kill expected not to happen, a limit not rounded,
# each a mismatch with its line (exit 1) -- and a run that stops at a bad line (exit 2)
# after making a group leaves none behind either.
f=tests/kernel/memcg-linux.scn
if [ "${host_swap:-0}" -gt 0 ]; then
    echo "SKIP linuxrun.memcg-mismatch: the host has swap ($host_swap areas in /proc/swaps): its OOM kills would be swap-outs"
elif out=$("$LINUXRUN" "$f" 2>&1) || ! echo "$out" | grep -q 'no memory cgroup for linuxrun: '; then
    kl=$(grep -n '^load 1 0x200000000000 8 => killed$' "$f" | cut -d: -f1)
    ml=$(grep -n '^memcg stat g max => 1048576$' "$f" | cut -d: -f1)
    for c in "$kl:s/=> killed/=> 0x1000/:expected 0x1000, Linux gave killed" \
             "$ml:s/=> 1048576/=> 1050000/:expected 1050000, Linux gave 1048576"; do
        line=${c%%:*}; rest=${c#*:}; sub=${rest%%:*}; msg=${rest#*:}
        sed "${line}${sub}" "$f" > "$T/memcg-wrong.scn"
        left0=$(cgroups)
        out=$("$LINUXRUN" "$T/memcg-wrong.scn" 2>&1); rc=$?
        if [ -n "$line" ] && [ $rc = 1 ] && echo "$out" | grep -qF "memcg-wrong.scn:$line: $msg" &&
           [ "$(cgroups)" = "$left0" ]; then
            pass "linuxrun.memcg-mismatch.$line"
        else
            fail "linuxrun.memcg-mismatch.$line" "rc=$rc, $(( $(cgroups) - left0 )) cgroups left: $(echo "$out" | head -2 | tr '\n' ' ')"
        fi
    done
    printf 'spawn 1\nmemcg create g 1048576\nmemcg attach g 1\nmemcg stat g current\n' > "$T/memcg-bad.scn"
    left0=$(cgroups)
    out=$("$LINUXRUN" "$T/memcg-bad.scn" 2>&1); rc=$?
    if [ $rc = 2 ] && echo "$out" | grep -qF "memcg-bad.scn:4: memcg stat: KEY 'current' is not compared with Linux" &&
       [ "$(cgroups)" = "$left0" ]; then
        pass linuxrun.memcg-cleanup
    else
        fail linuxrun.memcg-cleanup "rc=$rc, $(( $(cgroups) - left0 )) cgroups left: $out"
    fi
    # ... and so does one stopped by SIGTERM (a timeout) while its processes are in a group
    { printf 'memcg create g 8388608\nspawn 1\nmemcg attach g 1\nmmap 1 0x200000000000 0x1000000 rw- private,anon\n'
      for i in $(seq 1 200000); do echo "store 1 0x200000000000 8 $i"; done; } > "$T/memcg-long.scn"
    left0=$(cgroups)
    "$LINUXRUN" "$T/memcg-long.scn" >/dev/null 2>&1 & lr=$!
    for _ in $(seq 1 100); do [ "$(cgroups)" -gt "$left0" ] && break; sleep 0.05; done
    made=$(( $(cgroups) - left0 ))
    kill -TERM $lr; wait $lr; rc=$?
    if [ $made = 1 ] && [ $rc = 143 ] && [ "$(cgroups)" = "$left0" ]; then pass linuxrun.memcg-sigterm
    else fail linuxrun.memcg-sigterm "$made groups made, rc=$rc, $(( $(cgroups) - left0 )) left"; fi
else
    echo "SKIP linuxrun.memcg-mismatch: $(echo "$out" | sed -n 's/.*\(no memory cgroup for linuxrun: \)/\1/p' | head -1)"
fi

# ---- 2. linuxrun -------------------------------------------------------------------
# --annotate rewrites every expectation with what Linux gave: same tokens as by hand.
ok=1
for f in tests/linux/*.scn; do
    [ -z "$(lr_skip "$f")" ] || continue
    # shellcheck disable=SC2046
    "$LINUXRUN" --annotate $(lr_args "$f") "$f" > "$T/a.scn" 2>"$T/err" || { ok=0; break; }
    # Each annotated line carries a result where the hand-written one had an expectation...
    if [ "$(grep -c '=>' "$f")" -gt "$(grep -c '=>' "$T/a.scn")" ]; then ok=0; break; fi
    # ...and the annotated file is itself a passing test.
    # shellcheck disable=SC2046
    "$LINUXRUN" $(lr_args "$f") "$T/a.scn" >/dev/null 2>&1 || { ok=0; break; }
done
[ $ok = 1 ] && pass linuxrun.annotate || fail linuxrun.annotate "$f: $(head -2 "$T/err" 2>/dev/null)"

# An expectation Linux does not meet is reported with its line, exit 1.
printf 'spawn 1\nload 1 0x200000000000 1 => 0\n' > "$T/wrong.scn"
out=$("$LINUXRUN" "$T/wrong.scn" 2>&1); rc=$?
if [ $rc = 1 ] && echo "$out" | grep -q "wrong.scn:2: expected 0, Linux gave SIGSEGV MAPERR"; then
    pass linuxrun.mismatch
else
    fail linuxrun.mismatch "rc=$rc: $out"
fi

# A --tmpdir where no directory can be made: named, exit 2.
out=$("$LINUXRUN" --tmpdir "$T/none" "$T/wrong.scn" 2>&1); rc=$?
if [ $rc = 2 ] && echo "$out" | grep -qF -- "--tmpdir $T/none: cannot make a directory there"; then
    pass linuxrun.bad-tmpdir
else
    fail linuxrun.bad-tmpdir "rc=$rc: $out"
fi

# Malformed scenarios: FILE:LINE and exit 2, nothing after the bad line runs.
bad_case() { # NAME LINE TEXT EXPECTED-MESSAGE-PART
    printf 'spawn 1\n%s\nload 1 0 1\n' "$2" > "$T/bad.scn"
    out=$("$LINUXRUN" --annotate "$T/bad.scn" 2>&1 >"$T/bad.out"); rc=$?
    if [ $rc = 2 ] && echo "$out" | grep -qF "bad.scn:2: $3" && [ ! -s "$T/bad.out" ]; then
        pass "linuxrun.bad.$1"
    else
        fail "linuxrun.bad.$1" "rc=$rc: $out"
    fi
}
bad_case nopid    "load 2 0x1000 1"                         "load: no process 2"
bad_case prot     "mmap 1 0 0x1000 rwz private,anon"        "mmap: bad PROT 'rwz'"
bad_case flag     "mmap 1 0 0x1000 rw- private,anon,huge"   "mmap: unknown flag 'huge'"
bad_case nofile   "mmap 1 0 0x1000 rw- private nofile 0"    "mmap: no file 'nofile'"
bad_case size     "load 1 0x1000 3"                         "load: SIZE 3 is not 1, 2, 4 or 8"
bad_case value    "store 1 0x1000 1 0x100"                  "store: VALUE 0x100 does not fit in 1 bytes"
bad_case advice   "madvise 1 0x1000 0x1000 willneed"        "madvise: unknown advice 'willneed'"
bad_case hwop     "pwrite 0x1000 8 1"                       "'pwrite' is a hardware-level operation"
bad_case unknown  "frobnicate 1"                            "unknown operation 'frobnicate'"
bad_case dupspawn "spawn 1"                                 "spawn: process 1 exists"
bad_case number   "munmap 1 0x12g 0x1000"                   "bad number '0x12g' for ADDR"
bad_case args     "brk 1"                                   "brk: missing ADDR"
bad_case mremapfl "mremap 1 0x1000 0x1000 0x1000 maymove fixed" "mremap: missing NEWADDR"
bad_case sysctl   "sysctl page-cluster 0"                   "'sysctl' is an extension of the kernel model; linuxrun does not run it"
bad_case memcgkey "memcg stat g current"                    "memcg stat: KEY 'current' is not compared with Linux"

# One parser for both kernels: a malformed kernel-level line gets the same message from
# linuxrun as from the kernel model (csrc/scenario/kop.c), and the same result spelling.
same=1
while IFS= read -r line; do
    printf 'spawn 1\n%s\n' "$line" > "$T/same.scn"
    lm=$("$LINUXRUN" "$T/same.scn" 2>&1 >/dev/null); lrc=$?
    mm=$("$OPENMMU" run --backend ref "$T/same.scn" 2>&1 >/dev/null); mrc=$?
    if [ $lrc != 2 ] || [ $mrc != 2 ] || [ "$lm" != "$mm" ]; then
        same=0; fail linuxrun.same-messages "'$line': linuxrun ($lrc) '$lm', the model ($mrc) '$mm'"; break
    fi
done <<'EOF_LINES'
mmap 1 0 0x1000 rwz private,anon
mmap 1 0 0x1000 rw- private,,anon
mmap 1 0 0x1000 rw- private,anon f 0
mmap 1 0 0x1000 rw- private
load 1 0x1000 3
exec 1 0x1000 9
store 1 0x1000 1 0x100
madvise 1 0x1000 0x1000 willneed
mremap 1 0x1000 0x1000 0x2000 fixed
maps 1 0x1000
file f 10 fill 256
file f 10 fill
spawn 1
spawn 0x80000000
fork 2 3
brk 1
munmap 1 0x12g 0x1000
frobnicate 1
memcg create g
memcg stat g memory.current
memcg attach / 2
EOF_LINES
[ $same = 1 ] && pass linuxrun.same-messages

# The same scenario gives the same results on every run (nothing depends on the machine).
"$KGEN" --seed 7 --ops 1500 --procs 4 > "$T/det.scn"
"$LINUXRUN" --annotate "$T/det.scn" > "$T/det1" 2>&1
"$LINUXRUN" --annotate "$T/det.scn" > "$T/det2" 2>&1
if [ -s "$T/det1" ] && cmp -s "$T/det1" "$T/det2"; then pass linuxrun.deterministic
else fail linuxrun.deterministic "$(diff "$T/det1" "$T/det2" | head -4 | tr '\n' ' ')"; fi

# --results: one JSON line per operation, maps as a list.
printf 'spawn 1\nmmap 1 0x200000000000 0x1000 rw- private,anon,fixed\nmaps 1\nload 1 0 1\n' > "$T/j.scn"
"$LINUXRUN" --results "$T/j.json" "$T/j.scn" 2>&1
if [ "$(sed -n 2p "$T/j.json")" = '{"line": 2, "op": "mmap", "result": "0x200000000000"}' ] &&
   [ "$(sed -n 3p "$T/j.json")" = '{"line": 3, "op": "maps", "lines": ["200000000000-200000001000 rw-p 00000000 00:00 0"]}' ] &&
   [ "$(sed -n 4p "$T/j.json")" = '{"line": 4, "op": "load", "result": "SIGSEGV MAPERR"}' ]; then
    pass linuxrun.results
else
    fail linuxrun.results "$(tr '\n' ' ' < "$T/j.json")"
fi

# ---- 3. kgen -----------------------------------------------------------------------
a=$("$KGEN" --seed 3 --ops 500 | md5sum); b=$("$KGEN" --seed 3 --ops 500 | md5sum)
c=$("$KGEN" --seed 4 --ops 500 | md5sum)
[ "$a" = "$b" ] && [ "$a" != "$c" ] && pass kgen.deterministic || fail kgen.deterministic "same seed differs or seeds agree"
for args in "--seed 1" "--ops 5" "--seed x --ops 5" "--seed 1 --ops 5 --procs 0" "--seed 1 --ops 5 --bogus"; do
    # shellcheck disable=SC2086
    if "$KGEN" $args >/dev/null 2>"$T/kerr"; then fail "kgen.bad-options" "accepted '$args'"; continue 2; fi
    [ -s "$T/kerr" ] || { fail "kgen.bad-options" "no message for '$args'"; continue 2; }
done
pass kgen.bad-options

# ---- 4. the random differential ----------------------------------------------------
model=1
[ -x "$OPENMMU" ] || { fail model.start "$OPENMMU not built"; model=0; }

escaped=0; ops=0; start=$(date +%s)
for s in $(seq 1 "$SEEDS"); do
    "$KGEN" --seed "$s" --ops "$OPS" --procs 4 > "$T/k.scn"
    if ! "$LINUXRUN" --annotate "$T/k.scn" > "$T/k$s.scn" 2>"$T/k.err"; then
        fail "linux-diff.seed$s" "linuxrun: $(head -2 "$T/k.err" | tr '\n' ' ')"
        continue
    fi
    ops=$((ops + $(grep -c '=>' "$T/k$s.scn")))
    # Every address Linux returned lies in the region (see csrc/cli/kgen.c).
    if grep -E '^(mmap|mremap)' "$T/k$s.scn" | grep -qvE '=> (0x2000[0-9a-f]{8}|-E[A-Z]+)$'; then
        escaped=1
        fail "kgen.region.seed$s" "$(grep -E '^(mmap|mremap)' "$T/k$s.scn" | grep -vE '=> (0x2000[0-9a-f]{8}|-E[A-Z]+)$' | head -1)"
    fi
done
[ $escaped = 0 ] && pass "kgen.region ($SEEDS seeds, $ops Linux results)"
echo "linux side: $SEEDS seeds x $OPS ops in $(( $(date +%s) - start ))s"

for f in tests/linux/*.scn; do
    n=$(basename "$f" .scn)
    [ $model = 1 ] || continue
    if out=$("$OPENMMU" run --backend ref "$f" 2>&1); then pass "model.linux.$n"
    else fail "model.linux.$n" "$(echo "$out" | head -3 | tr '\n' ' ')"; fi
done
for s in $(seq 1 "$SEEDS"); do
    [ -f "$T/k$s.scn" ] || continue
    [ $model = 1 ] || continue
    if out=$("$OPENMMU" run --backend ref "$T/k$s.scn" 2>&1); then pass "model.random.seed$s"
    else fail "model.random.seed$s" "kgen --seed $s --ops $OPS --procs 4: $(echo "$out" | head -3 | tr '\n' ' ')"; fi
done

# 5. The same Linux results under memory pressure: the smallest memory (256 KiB) and the
#    clock run by hand every 7 lines (`reclaim 64`), so that pages are evicted, swapped and
#    read back between the operations; the result of every operation must be unchanged.
reclaimed=0
for s in $(seq 1 "$SEEDS"); do
    [ -f "$T/k$s.scn" ] && [ $model = 1 ] || continue
    awk 'NR % 7 == 0 { print "reclaim 64" } { print }' "$T/k$s.scn" > "$T/p$s.scn"
    if out=$("$OPENMMU" run --backend ref --mem 256K --stats "$T/p$s.scn" 2>&1); then
        pass "model.pressure.seed$s"
        r=$(tail -1 <<<"$out" | sed -n 's/.*"kernel_reclaimed": \([0-9]*\).*/\1/p')
        reclaimed=$((reclaimed + ${r:-0}))
    else fail "model.pressure.seed$s" "kgen --seed $s --ops $OPS --procs 4, --mem 256K: $(echo "$out" | head -3 | tr '\n' ' ')"; fi
done
if [ $model = 1 ]; then
    [ "$reclaimed" -gt 0 ] && pass "model.pressure.reclaimed ($reclaimed pages)" || fail model.pressure.reclaimed "no page was reclaimed"
fi

# 6. Boundary values: every line's result from Linux, then the model must meet each.
#    The region check of 4 holds here too: a boundary value must never make Linux place
#    or change anything outside the region.
bad=0; bops=0
for s in $(seq 1 "$BSEEDS"); do
    [ $model = 1 ] || break
    "$KGEN" --seed "$s" --ops "$OPS" --procs 4 --boundary > "$T/b.scn"
    if ! "$LINUXRUN" --annotate "$T/b.scn" > "$T/b$s.scn" 2>"$T/b.err"; then
        fail "boundary.linux.seed$s" "linuxrun: $(head -2 "$T/b.err" | tr '\n' ' ')"; bad=1; continue
    fi
    bops=$((bops + $(grep -c '=>' "$T/b$s.scn")))
    if grep -E '^(mmap|mremap)' "$T/b$s.scn" | grep -qvE '=> (0x2000[0-9a-f]{8}|-E[A-Z]+)$'; then
        fail "boundary.region.seed$s" "$(grep -E '^(mmap|mremap)' "$T/b$s.scn" | grep -vE '=> (0x2000[0-9a-f]{8}|-E[A-Z]+)$' | head -1)"
        bad=1; continue
    fi
    if ! out=$("$OPENMMU" run --backend ref "$T/b$s.scn" 2>&1); then
        fail "boundary.model.seed$s" "kgen --seed $s --ops $OPS --procs 4 --boundary: $(echo "$out" | head -3 | tr '\n' ' ')"
        bad=1
    fi
done
# the boundary values are really there: results only they give
if [ $model = 1 ] && [ $bad = 0 ]; then
    if [ "$(cat "$T"/b*.scn | grep -c -e '=> -EOVERFLOW$')" -gt 0 ] &&
       [ "$(cat "$T"/b*.scn | grep -c -E '^exec [0-9]+ 0x7ffffffffff.*MAPERR$')" -gt 0 ] &&
       [ "$(cat "$T"/b*.scn | grep -c -E '^(munmap|msync) [0-9]+ 0x7ffffffff000 ')" -gt 0 ]; then
        pass "boundary ($BSEEDS seeds, $bops Linux results met by the model)"
    else
        fail boundary "kgen --boundary gave no EOVERFLOW, no fetch at the top of the user half or no range at TASK_SIZE"
    fi
fi
exit 0

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Memory pressure: reclaim (clock over the hardware's A bits), write-back by D, swap, OOM.
#  1. tests/kernel/reclaim-*.scn on every backend, each with the openmmu options on
#     its "# args:" line (small memory);
#  2. injected bugs caught: skip-dirty-check (shadow memory, any backend), skip-invlpg-reclaim
#     (a backend with a TLB), by the directed scenarios and through a memory cgroup's
#     reclaim (tests/kernel/memcg.scn);
#  3. random working-set workloads several times physical memory: several processes, fork,
#     exit, shared and private, file-backed and anonymous mappings, munmap, madvise, mprotect;
#     every load is checked against the shadow memory. make test: 6 seeds on the C backends
#     and 2 in lockstep with the RTL (a run there costs a hundred times more; lockstep drives
#     the rtl device under the same shadow check, so rtl alone runs only the directed
#     scenarios); LONG=1: 60 seeds everywhere. The same workloads with each injected bug:
#     skip-dirty-check must be caught on at least half the seeds, skip-invlpg-reclaim
#     (backends with a TLB) on at least one.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${OPENMMU:-build/san/openmmu}
[ -x "$bin" ] || { echo "FAIL 31-reclaim: $bin not built"; exit 1; }
status=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ "${LONG:-0}" = 1 ]; then SEEDS=60; RTL_SEEDS=60; OPS=6000; else SEEDS=6; RTL_SEEDS=2; OPS=2500; fi

args_of() { sed -n 's/^# args: //p' "$1" | head -1; }

# Random working-set workload (deterministic per seed).
gen() { # SEED OPS
python3 - "$1" "$2" <<'PY'
import random, sys
seed, nops = int(sys.argv[1]), int(sys.argv[2])
r = random.Random(seed)
print("# random working set, seed %d" % seed)
print("file fa 65536 seed 7")
print("file fb 40000 fill 9")
procs, nextpid = [1], 2
print("spawn 1")
maps = {}   # pid -> list of (addr, npages, writable)
slot = 0
def new_map(pid):
    global slot
    kind = r.choice(["anon", "anon", "shanon", "fileshared", "fileprivate"])
    n = r.randint(4, 40)
    addr = 0x200000000000 + slot * 0x100000
    slot += 1
    if kind == "anon":
        print("mmap %d 0x%x 0x%x rw- private,anon,fixed" % (pid, addr, n * 4096))
    elif kind == "shanon":
        print("mmap %d 0x%x 0x%x rw- shared,anon,fixed" % (pid, addr, n * 4096))
    else:
        f, size = r.choice([("fa", 16), ("fb", 10)])
        n = min(n, size)
        off = r.randint(0, size - n)
        fl = "shared" if kind == "fileshared" else "private"
        print("mmap %d 0x%x 0x%x rw- %s,fixed %s 0x%x" % (pid, addr, n * 4096, fl, f, off * 4096))
    maps.setdefault(pid, []).append([addr, n, True])
for _ in range(3):
    new_map(1)
for i in range(nops):
    pid = r.choice(procs)
    x = r.random()
    if x < 0.02 and len(procs) < 5:
        c = nextpid; nextpid += 1
        print("fork %d %d" % (pid, c)); procs.append(c)
        maps[c] = [list(m) for m in maps.get(pid, [])]
    elif x < 0.03 and len(procs) > 1:
        print("exit %d" % pid); procs.remove(pid); maps.pop(pid, None)
    elif x < 0.05 and len(maps.get(pid, [])) < 12:
        new_map(pid)
    elif x < 0.06 and maps.get(pid):
        m = r.choice(maps[pid]); p = r.randrange(m[1])
        print("madvise %d 0x%x 0x%x dontneed" % (pid, m[0] + p * 4096, 4096 * r.randint(1, 3)))
    elif x < 0.065 and len(maps.get(pid, [])) > 1:
        m = r.choice(maps[pid]); maps[pid].remove(m)
        print("munmap %d 0x%x 0x%x" % (pid, m[0], m[1] * 4096))
    elif x < 0.07 and maps.get(pid):
        m = r.choice(maps[pid]); m[2] = not m[2]
        print("mprotect %d 0x%x 0x%x %s" % (pid, m[0], m[1] * 4096, "rw-" if m[2] else "r--"))
    elif maps.get(pid):
        m = r.choice(maps[pid])
        # a hot subset gets most accesses: a working set, not uniform noise
        p = r.randrange(min(m[1], 4)) if r.random() < 0.5 else r.randrange(m[1])
        # few words per page, so that loads revisit what stores wrote (a lost write shows)
        va = m[0] + p * 4096 + 8 * (r.randrange(8) if r.random() < 0.9 else r.randrange(512))
        if r.random() < 0.5 and m[2]:
            print("store %d 0x%x 8 0x%x" % (pid, va, r.getrandbits(64)))
        else:
            print("load %d 0x%x 8" % (pid, va))
PY
}

for be in ref reftlb lockstep:reftlb rtl lockstep; do
    declare -A caught=()
    for f in tests/kernel/reclaim-*.scn; do
        n=$(basename "$f" .scn)
        # shellcheck disable=SC2046
        out=$("$bin" run --backend "$be" $(args_of "$f") "$f" 2>&1); rc=$?
        if [ $rc = 0 ]; then echo "PASS reclaim.$n.$be"
        else echo "FAIL reclaim.$n.$be: exit $rc"; echo "$out" | head -8; status=1; fi
    done
    # the OOM kill is reported on stderr
    out=$("$bin" run --backend "$be" $(args_of tests/kernel/reclaim-oom.scn) tests/kernel/reclaim-oom.scn 2>&1 >/dev/null)
    if grep -q 'out of memory: killed process 1' <<<"$out"; then echo "PASS reclaim.oom-reported.$be"
    else echo "FAIL reclaim.oom-reported.$be: no kill line on stderr: $out"; status=1; fi

    f=tests/kernel/reclaim-ad.scn
    out=$("$bin" run --backend "$be" --inject skip-dirty-check $(args_of $f) $f 2>&1); rc=$?
    if [ $rc = 1 ] && grep -q 'shadow memory' <<<"$out"; then echo "PASS reclaim.inject-dirty.caught.$be"
    else echo "FAIL reclaim.inject-dirty.caught.$be: exit $rc, the dropped dirty page went unnoticed"; status=1; fi
    f=tests/kernel/reclaim-inject-invlpg.scn
    if [ "$be" = ref ]; then
        echo "SKIP reclaim.inject-invlpg.caught.ref: ref has no TLB, a missing invalidation cannot show"
    else
        out=$("$bin" run --backend "$be" --inject skip-invlpg-reclaim $(args_of $f) $f 2>&1); rc=$?
        if [ $rc = 1 ] && grep -q 'shadow memory' <<<"$out"; then echo "PASS reclaim.inject-invlpg.caught.$be"
        else echo "FAIL reclaim.inject-invlpg.caught.$be: exit $rc, the stale translation went unnoticed"; status=1; fi
    fi
    # reclaim within a memory cgroup (tests/kernel/memcg.scn, which suite 30 runs clean):
    # the same two bugs must show through it
    f=tests/kernel/memcg.scn
    out=$("$bin" run --backend "$be" --inject skip-dirty-check $(args_of $f) $f 2>&1); rc=$?
    if [ $rc = 1 ] && grep -q 'shadow memory' <<<"$out"; then echo "PASS reclaim.memcg.inject-dirty.caught.$be"
    else echo "FAIL reclaim.memcg.inject-dirty.caught.$be: exit $rc, the dropped dirty page went unnoticed"; status=1; fi
    if [ "$be" = ref ]; then
        echo "SKIP reclaim.memcg.inject-invlpg.caught.ref: ref has no TLB, a missing invalidation cannot show"
    else
        out=$("$bin" run --backend "$be" --inject skip-invlpg-reclaim $(args_of $f) $f 2>&1); rc=$?
        if [ $rc = 1 ] && grep -q 'shadow memory' <<<"$out"; then echo "PASS reclaim.memcg.inject-invlpg.caught.$be"
        else echo "FAIL reclaim.memcg.inject-invlpg.caught.$be: exit $rc, the stale translation went unnoticed"; status=1; fi
    fi
    # a group's OOM kill is reported on stderr, naming the group
    out=$("$bin" run --backend "$be" $(args_of tests/kernel/memcg-oom.scn) tests/kernel/memcg-oom.scn 2>&1 >/dev/null)
    if grep -q 'memory cgroup g out of memory: killed process 1 ' <<<"$out"; then echo "PASS reclaim.memcg.oom-reported.$be"
    else echo "FAIL reclaim.memcg.oom-reported.$be: no kill line on stderr: $out"; status=1; fi

    seeds=$SEEDS
    case $be in
        rtl) [ "${LONG:-0}" = 1 ] || seeds=0 ;;
        lockstep) seeds=$RTL_SEEDS ;;
    esac
    [ "$seeds" = 0 ] && { unset caught; continue; }
    for s in $(seq 1 "$seeds"); do
        [ -f "$T/w$s.scn" ] || gen "$s" "$OPS" > "$T/w$s.scn"
        out=$("$bin" run --backend "$be" --mem 512K --stats "$T/w$s.scn" 2>&1); rc=$?
        stats=$(tail -1 <<<"$out")
        # the workload must really run under pressure: pages swapped out and back in
        if [ $rc = 0 ] && python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(not (d["kernel_swapin"] > 50 and d["kernel_reclaimed"] > 100 and d["kernel_oom_kills"] == 0))' "$stats" 2>/dev/null; then
            echo "PASS reclaim.workingset.seed$s.$be"
        else
            echo "FAIL reclaim.workingset.seed$s.$be: exit $rc: $(head -3 <<<"$out" | tr '\n' ' ')"; status=1
        fi
        # the same workloads catch the injected bugs (not only the directed scenarios)
        for inj in skip-dirty-check skip-invlpg-reclaim; do
            [ "$inj" = skip-invlpg-reclaim ] && [ "$be" = ref ] && continue # no TLB: cannot show
            out=$("$bin" run --backend "$be" --inject "$inj" --mem 512K "$T/w$s.scn" 2>&1); rc=$?
            if [ $rc = 1 ] && grep -q 'shadow memory' <<<"$out"; then caught[$inj]=$(( ${caught[$inj]:-0} + 1 )); fi
        done
    done
    # a lost dirty page is read back on most seeds; a stale TLB entry is used only when the
    # freed frame is reused while the entry is still cached, so fewer seeds show it
    n=${caught[skip-dirty-check]:-0}
    if [ "$n" -ge $(( (seeds + 1) / 2 )) ]; then echo "PASS reclaim.workingset.inject-dirty.caught.$be ($n/$seeds seeds)"
    else echo "FAIL reclaim.workingset.inject-dirty.caught.$be: caught on $n/$seeds seeds only"; status=1; fi
    if [ "$be" != ref ]; then
        n=${caught[skip-invlpg-reclaim]:-0}
        if [ "$n" -ge 1 ]; then echo "PASS reclaim.workingset.inject-invlpg.caught.$be ($n/$seeds seeds)"
        else echo "FAIL reclaim.workingset.inject-invlpg.caught.$be: caught on no seed"; status=1; fi
    fi
    unset caught
done
# the benchmark program: a tiny run passes its own counter checks; a bad option is named
bb=${bin%/openmmu}/bench_reclaim
if [ -x "$bb" ]; then
    out=$("$bb" --pages 16 --reps 1 --json 2>&1); rc=$?
    if [ $rc = 0 ] && python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(not d["reclaim_pages_per_s"] > 0)' "$out" 2>/dev/null
    then echo "PASS reclaim.bench-smoke"; else echo "FAIL reclaim.bench-smoke: exit $rc: $out"; status=1; fi
    out=$("$bb" --pages 0 2>&1); rc=$?
    if [ $rc = 2 ] && grep -q -- '--pages' <<<"$out"; then echo "PASS reclaim.bench-bad-option"
    else echo "FAIL reclaim.bench-bad-option: exit $rc: $out"; status=1; fi
else
    echo "FAIL reclaim.bench-smoke: $bb not built"; status=1
fi
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Kernel-model scenarios (tests/kernel/*.scn) on every backend (sw-*.scn on the software
# ones: ref, reftlb, lockstep:reftlb; on rtl and lockstep too under `make test-long`). Then the injected kernel bugs, each of which a
# checker must catch: a COW copied from the wrong frame (the shadow memory, any backend),
# and a missing INVLPG after mprotect (needs a backend with a TLB: reftlb, rtl, lockstep).
set -uo pipefail
bin=${OPENMMU:-build/san/openmmu}
[ -x "$bin" ] || { echo "FAIL 30-kernel: $bin not built"; exit 1; }
status=0
backends="ref reftlb lockstep:reftlb rtl lockstep"

for be in $backends; do
    for f in tests/kernel/*.scn; do
        name=$(basename "$f" .scn)
        # inject-*: below; ref-*: long on a simulated backend, run on ref alone; sw-*: many
        # 2 MiB pages (each clear is 32,768 line zeroes: 66 s for the five on rtl in the
        # release build), on the RTL in the long run only (thp.scn and hugetlb.scn carry
        # the huge-page operations onto rtl and lockstep in every run)
        case $name in
            inject-*) continue ;;
            ref-*) [ "$be" = ref ] || continue ;;
            sw-*) case $be in rtl | lockstep)
                [ "${LONG:-0}" = 1 ] || { echo "SKIP kernel.$name.$be: make test-long runs it"; continue; } ;;
                  esac ;;
        esac
        # a scenario may name the openmmu options it needs on a "# args:" line (--mem ...)
        # shellcheck disable=SC2046
        out=$("$bin" run --backend "$be" $(sed -n 's/^# args: //p' "$f" | head -1) "$f" 2>&1); rc=$?
        if [ $rc -eq 0 ]; then
            echo "PASS kernel.$name.$be"
        else
            echo "FAIL kernel.$name.$be: exit $rc"; echo "$out" | head -20; status=1
        fi
    done

    # The injection scenarios pass without the bug ...
    for f in tests/kernel/inject-*.scn; do
        name=$(basename "$f" .scn)
        out=$("$bin" run --backend "$be" "$f" 2>&1); rc=$?
        if [ $rc -eq 0 ]; then echo "PASS kernel.$name.clean.$be"
        else echo "FAIL kernel.$name.clean.$be: exit $rc"; echo "$out" | head -10; status=1; fi
    done
    # ... and are caught with it.
    out=$("$bin" run --backend "$be" --inject cow-wrong-frame tests/kernel/inject-cow.scn 2>&1); rc=$?
    if [ $rc -eq 1 ] && grep -q 'shadow memory' <<<"$out"; then
        echo "PASS kernel.inject-cow.caught.$be"
    else
        echo "FAIL kernel.inject-cow.caught.$be: exit $rc, shadow memory did not report"; echo "$out" | head -10; status=1
    fi
    if [ "$be" = ref ]; then
        echo "SKIP kernel.inject-invlpg.caught.ref: ref has no TLB, a missing INVLPG cannot show"
        echo "SKIP kernel.inject-kflush.caught.ref: ref has no TLB, a stale global entry cannot show"
        continue
    fi
    out=$("$bin" run --backend "$be" --inject skip-flush-kernel tests/kernel/inject-kflush.scn 2>&1); rc=$?
    if [ $rc -eq 1 ] && grep -q 'expected pf 0x0, got 0x42' <<<"$out"; then
        echo "PASS kernel.inject-kflush.caught.$be"
    else
        echo "FAIL kernel.inject-kflush.caught.$be: exit $rc, the stale global kernel entry went unnoticed"; echo "$out" | head -5; status=1
    fi
    out=$("$bin" run --backend "$be" --inject skip-invlpg-mprotect tests/kernel/inject-invlpg.scn 2>&1); rc=$?
    if [ $rc -ne 0 ]; then
        echo "PASS kernel.inject-invlpg.caught.$be"; echo "$out" | head -3
    else
        echo "FAIL kernel.inject-invlpg.caught.$be: the missing INVLPG went unnoticed"; status=1
    fi
done

# Bad kernel-level input: FILE:LINE and exit 2.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Host memory follows the frames used, not --mem: with one page touched, 64 GiB of simulated
# memory costs what 256 MiB does, within 8 MB (a frame descriptor page written per 4 MiB
# block at boot would be 64 MB more; every descriptor, 1.3 GB). The release build: under
# AddressSanitizer the allocation's own shadow (an eighth of it) is written when it is made.
printf 'spawn 1 => ok\nmmap 1 0x10000000 0x1000 rw- private,anon,fixed => 0x10000000\nstore 1 0x10000000 1 1 => ok\n' >"$tmp/mem.scn"
rss=$(python3 - "${BUILD:-build}/rel/openmmu" "$tmp/mem.scn" <<'PY'
import os, subprocess, sys
def peak(mem):
    p = subprocess.Popen([sys.argv[1], "run", "--backend", "ref", "--mem", mem, sys.argv[2]])
    _, st, ru = os.wait4(p.pid, 0)
    return -1 if st else ru.ru_maxrss // 1024
small, big = peak("256M"), peak("64G")
print(-1 if small < 0 or big < 0 else big - small, small, big)
PY
)
read -r extra small big <<<"$rss"
if [ "$extra" -ge 0 ] && [ "$extra" -lt 8 ]; then echo "PASS kernel.mem-64G-host ($big MB, $small MB at 256M)"
else echo "FAIL kernel.mem-64G-host: $big MB at 64G, $small MB at 256M (-1: the run failed)"; status=1; fi

# Global kernel entries on the RTL (its counters are exact; lockstep reports the RTL's):
# a CR3 write that flushes a PCID (a PID's first load of a PCID an exited process left)
# keeps the kernel's global translation -- the load after it makes no walk -- and the
# INVLPG of a kset removes it -- the next load walks once. Kernel and user walks apart.
cat >"$tmp/global.scn" <<'EOF'
spawn 1
spawn 2
exit 2
kload 1 0xffffffff81002000 8
kstat k_walks
spawn 3
kload 3 0xffffffff81002000 8
kstat k_walks
kset 0xffffffff81002000 0x1000 ro
kstat k_walks
kload 1 0xffffffff81002000 8
kstat k_walks
mmap 1 0x10000000 0x4000 rw- private,anon,fixed
store 1 0x10000000 8 1
store 1 0x10001000 8 1
kstat u_walks
kstat k_walks
EOF
for be in rtl lockstep; do
    w=$("$bin" run --backend "$be" --results - "$tmp/global.scn" 2>&1 |
        sed -n 's/.*"op": "kstat", "result": "\([0-9]*\)".*/\1/p' | tr '\n' ' ')
    read -r a b c d u e <<<"$w"
    if [ -n "$e" ] && [ "$a" -gt 0 ] && [ "$b" = "$a" ] && [ "$d" = $((c + 1)) ] && [ "$u" -ge 2 ] && [ "$e" -gt "$d" ]; then
        echo "PASS kernel.global-kept.$be (kernel walks $a $b $c $d, then user $u, kernel $e)"
    else
        echo "FAIL kernel.global-kept.$be: walks '$w' (want a = b > 0, d = c + 1, user >= 2, kernel grown)"; status=1
    fi
done

# A kernel oops ends the run at its line, exit 2, on every backend (tests/bad/kernel-oops.scn).
# Where it comes depends on the TLB: ref has none, so the kset's own walk of the table it has
# just taken out faults at once (line 9); reftlb and the RTL go on with the cached direct-map
# translations until the kset's flush, as x86 may, and the oops comes later. Lockstep must
# agree with the RTL: the kset's stores write the very page-table entries that map them, and
# the checker must expect those bytes in the entries it watches (it once reported this as a
# divergence, exit 3).
for be in ref reftlb rtl lockstep; do
    out=$("$bin" run --backend "$be" tests/bad/kernel-oops.scn 2>&1); rc=$?
    printf '%s\n' "$out" >"$tmp/oops.$be"
    case $be in ref) want=':9: kernel oops: ' ;; *) want=':[0-9]+: kernel oops: the kernel' ;; esac
    if [ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -qE "kernel-oops\.scn$want" <<<"$out"; then
        echo "PASS kernel.oops.$be (${out##*scn:})"
    else
        echo "FAIL kernel.oops.$be: exit $rc, wanted 2 and one line naming the oops: $(head -3 <<<"$out")"; status=1
    fi
done
if cmp -s "$tmp/oops.rtl" "$tmp/oops.lockstep"; then echo "PASS kernel.oops.lockstep-is-rtl"
else echo "FAIL kernel.oops.lockstep-is-rtl: rtl '$(cat "$tmp/oops.rtl")', lockstep '$(cat "$tmp/oops.lockstep")'"; status=1; fi

# The other --kaccess modes: every word of the kernel's through the MMU, or none of it. The
# scenarios' results and the shadow memory must not care (lockstep checks the RTL against
# ref in each); only the kernel's count of its own accesses does: word makes more than
# page, phys none but kload's. Against reftlb (word on the RTL makes every page clear 512
# simulated stores: seconds per scenario, so under LONG=1 only).
kbes=lockstep:reftlb; [ "${LONG:-0}" = 1 ] && kbes="lockstep:reftlb lockstep"
for kbe in $kbes; do
    for mode in word phys; do
        for f in tests/kernel/fork-cow.scn tests/kernel/kernel-half.scn tests/kernel/reclaim-ad.scn; do
            name=$(basename "$f" .scn)
            # shellcheck disable=SC2046
            out=$("$bin" run --backend $kbe --kaccess $mode $(sed -n 's/^# args: //p' "$f" | head -1) "$f" 2>&1); rc=$?
            if [ $rc -eq 0 ]; then echo "PASS kernel.kaccess-$mode.$name.$kbe"
            else echo "FAIL kernel.kaccess-$mode.$name.$kbe: exit $rc"; echo "$out" | head -10; status=1; fi
        done
    done
done
printf 'spawn 1\nmmap 1 0x10000000 0x4000 rw- private,anon,fixed\nstore 1 0x10000000 8 1\nfork 1 2\nstore 2 0x10000000 8 2\nkstat kaccesses\n' >"$tmp/kacc.scn"
ka() { "$bin" run --backend ref --kaccess "$1" --results - "$tmp/kacc.scn" | sed -n 's/.*"op": "kstat", "result": "\([0-9]*\)".*/\1/p'; }
kp=$(ka page); kw=$(ka word); kf=$(ka phys)
if [ -n "$kp" ] && [ -n "$kw" ] && [ "$kw" -gt "$kp" ] && [ "$kp" -gt 0 ] && [ "$kf" = 0 ]; then
    echo "PASS kernel.kaccess-counts (page $kp, word $kw, phys $kf kernel accesses)"
else
    echo "FAIL kernel.kaccess-counts: page '$kp', word '$kw', phys '$kf' (want word > page > 0 = phys)"; status=1
fi

bad() { # name, scenario text, expected message
    printf '%s\n' "$2" >"$tmp/$1.scn"
    out=$("$bin" run --backend ref "$tmp/$1.scn" 2>&1); rc=$?
    if [ $rc -eq 2 ] && grep -qF "$tmp/$1.scn:$3" <<<"$out"; then echo "PASS kernel.bad.$1"
    else echo "FAIL kernel.bad.$1: exit $rc, got: $out"; status=1; fi
}
bad no-process   'load 7 0x1000 1'                                    '1: load: no process 7'
bad pid-taken    $'spawn 1\nspawn 1'                                  '2: spawn: process 1 exists'
bad bad-prot     $'spawn 1\nmmap 1 0 4096 rwz private,anon'          "2: mmap: bad PROT 'rwz'"
bad bad-flag     $'spawn 1\nmmap 1 0 4096 rw- private,anon,huge'     "2: mmap: unknown flag 'huge'"
bad no-file      $'spawn 1\nmmap 1 0 4096 rw- private nofile 0'      "2: mmap: no file 'nofile'"
bad anon-file    $'spawn 1\nfile f 10\nmmap 1 0 4096 rw- private,anon f 0' '3: mmap: an anon mapping takes no FILE'
bad load-size    $'spawn 1\nload 1 0x1000 9'                         '2: load: SIZE 9 is not 1, 2, 4 or 8'
bad store-size3  $'spawn 1\nstore 1 0x1000 3 1'                      '2: store: SIZE 3 is not 1, 2, 4 or 8'
bad exec-size9   $'spawn 1\nexec 1 0x1000 9'                         '2: exec: SIZE 9 is not 1..8'
bad file-name    "file $(printf 'n%.0s' $(seq 300)) 10"               '1: file: NAME is longer than 255 characters'
bad store-fit    $'spawn 1\nstore 1 0x1000 1 0x100'                  '2: store: VALUE 0x100 does not fit in 1 bytes'
bad advice       $'spawn 1\nmadvise 1 0x1000 4096 willneed'          "2: madvise: unknown advice 'willneed'"
bad fill-byte    'file f 10 fill 256'                                 '1: file: fill byte 256 is over 255'
bad file-taken   $'file f 10\nfile f 10'                              "2: file: 'f' exists"
bad mremap-flag  $'spawn 1\nmremap 1 0x1000 4096 4096 maymove,fixed' "2: mremap: unknown flag 'maymove,fixed'"
bad mremap-fixed $'spawn 1\nmremap 1 0x1000 4096 4096 maymove fixed'  '2: mremap: missing NEWADDR'
bad mremap-twice $'spawn 1\nmremap 1 0x1000 4096 4096 dontunmap dontunmap' "2: mremap: 'dontunmap' given twice"
bad sysctl-name  'sysctl vm.page-cluster 3'                          "1: sysctl: unknown knob 'vm.page-cluster'"
bad sysctl-value 'sysctl page-cluster x'                             "1: bad number 'x' for VALUE"
bad memcg-verb   'memcg make g 4096'                                  "1: memcg: unknown verb 'make' (create, max, attach, remove, stat)"
bad memcg-args   'memcg create g'                                     '1: memcg create: expected NAME MAX'
bad memcg-name   'memcg create a/b 4096'                              "1: memcg create: bad group NAME 'a/b'"
bad memcg-root   'memcg remove /'                                     "1: memcg remove: the root group '/' has no memory.max"
bad memcg-max    'memcg create g 4k'                                  "1: bad number '4k' for MAX"
bad memcg-key    $'memcg create g max\nmemcg stat g memory.current'   "2: memcg stat: unknown KEY 'memory.current' (current, max,"
bad memcg-pid    $'memcg create g max\nmemcg attach g 7'              '2: memcg: no process 7'
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The random tester in lockstep: zero divergences on legal behaviour, and every injected
# bug caught. Until `openmmu random` exists the driver is the unit-test binary:
#   test_lockstep --random BACKEND CONFIG SEED ACCESSES [INJECT]
# The device is reftlb (the reference model with a finite, randomly evicting TLB); once the
# rtl backend is built in, rtl runs in lockstep too.
set -uo pipefail
drv=$BUILD/san/tests/test_lockstep
[ -x "$drv" ] || { echo "FAIL 40-random: $drv not built"; exit 1; }
long=${LONG:-0}
status=0

run_ok() { # name backend config seed accesses
    local name=$1; shift
    out=$("$drv" --random "$@" 2>&1); rc=$?
    if [ $rc -eq 0 ] && grep -q '^randtest PASS' <<<"$out"; then
        echo "PASS $name"; grep '^randtest' <<<"$out"
    else
        echo "FAIL $name: exit $rc"; echo "$out" | tail -40; status=1
    fi
}

run_caught() { # name inject-flag
    local name=$1 inj=$2 caught=0
    for seed in 1 2 3 4 5; do
        out=$("$drv" --random lockstep:reftlb i7 $seed 50000 "$inj" 2>&1); rc=$?
        if [ $rc -eq 1 ] && grep -q 'lockstep DIVERGENCE' <<<"$out"; then caught=1; break; fi
        [ $rc -eq 0 ] || { echo "FAIL $name: exit $rc"; echo "$out" | tail -20; status=1; return; }
    done
    if [ $caught -eq 1 ]; then
        echo "PASS $name"; grep -m1 -A1 'lockstep DIVERGENCE' <<<"$out"
    else
        echo "FAIL $name: injected bug not caught in 5 seeds"; status=1
    fi
}

n=100000; [ "$long" = 1 ] && n=2000000
for cfg in $(tools/configs.py names); do
    for seed in 11 12; do
        run_ok "random.lockstep-reftlb.$cfg.seed$seed" lockstep:reftlb $cfg $seed $n
    done
done
# every bug the reftlb device carries, from the one list (csrc/inject/inject.def)
bugs=$(sed -n 's/^INJ([A-Z0-9_]*, *"\([^"]*\)", *[^,]*INJ_IN_REFTLB.*/\1/p' csrc/inject/inject.def)
[ "$(wc -w <<<"$bugs")" -ge 5 ] || { echo "FAIL random.catches: the bugs of csrc/inject/inject.def could not be read ($bugs)"; status=1; }
for bug in $bugs; do
    run_caught "random.catches.${bug//-/_}" "$bug"
done

# rtl in lockstep (10^7 accesses per configuration under LONG=1: a checker bug once took
# 8.6 million to show).
n=100000; [ "$long" = 1 ] && n=10000000
run_ok random.lockstep-rtl.i7 lockstep i7 1 $n
run_ok random.lockstep-rtl.small lockstep small 2 $n

# The replay of a divergence (openmmu random --dump): a divergence found after thousands of
# operations is reproduced by `openmmu run` on the scenario it wrote. From reset (no
# checkpoint passed yet) the replay repeats the run exactly: the same access diverges at
# the same operation. From a later checkpoint (TLBs start empty) the same access still
# diverges in this seed.
OPENMMU=${OPENMMU:-$BUILD/san/openmmu}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
replay_case() { # name config seed checkpoint same-op(1|0)
    local name=$1 cfg=$2 seed=$3 cp=$4 same_op=$5
    "$OPENMMU" random --backend lockstep:reftlb --inject tlb-keep --config "$cfg" --seed "$seed" \
        --count 50000 --checkpoint "$cp" --dump "$tmp/d.scn" >"$tmp/r.out" 2>&1; local rc=$?
    local want got
    want=$(grep -m1 'lockstep DIVERGENCE' "$tmp/r.out")
    if [ $rc -ne 1 ] || [ -z "$want" ] || [ ! -s "$tmp/d.scn" ]; then
        echo "FAIL $name: random exit $rc, no divergence or no dump"; tail -5 "$tmp/r.out"; status=1; return
    fi
    "$OPENMMU" run --backend lockstep:reftlb --inject tlb-keep --config "$cfg" "$tmp/d.scn" >"$tmp/p.out" 2>&1; rc=$?
    got=$(grep -m1 'lockstep DIVERGENCE' "$tmp/p.out")
    [ "$same_op" = 1 ] || { want=${want#*): }; got=${got#*): }; }
    if [ $rc -eq 3 ] && [ "$got" = "$want" ]; then
        echo "PASS $name ($(grep -c . "$tmp/d.scn") lines: $got)"
    else
        echo "FAIL $name: replay exit $rc, '$got', wanted '$want'"; status=1
    fi
}
replay_case random.dump-replays.from-reset i7 1 100000 1
replay_case random.dump-replays.from-checkpoint small 2 1000 0
exit $status

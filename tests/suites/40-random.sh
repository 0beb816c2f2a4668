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
for cfg in i7 small; do
    for seed in 11 12; do
        run_ok "random.lockstep-reftlb.$cfg.seed$seed" lockstep:reftlb $cfg $seed $n
    done
done
run_caught random.catches.no_dirty 1
run_caught random.catches.psc_keep 2
run_caught random.catches.tlb_keep 4
run_caught random.catches.pcid_false_hit 8
run_caught random.catches.global_keep 16

# rtl in lockstep.
n=100000; [ "$long" = 1 ] && n=1000000
run_ok random.lockstep-rtl.i7 lockstep i7 1 $n
run_ok random.lockstep-rtl.small lockstep small 2 $n
exit $status

# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by the suites that check --wave-on-fail (25, 28); needs $tmp, $status and fst2vcd.
# --wave-on-fail. fst2vcd prints the file's times as "#T" lines (T = 2 * cycle, +1 at the
# rising edge); the program prints "at cycle F; cycles A..B are in 'FILE'".
wof_case() { # name want-exit before cmd...
    local name=$1 want=$2 before=$3; shift 3
    rm -f "$tmp/wof.fst"
    "$@" --wave-on-fail "$tmp/wof.fst" --wave-before "$before" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    local msg f a b t0 t1
    msg=$(grep -- '--wave-on-fail: .* at cycle' "$tmp/err")
    if [ $rc -ne "$want" ] || [ -z "$msg" ] || [ ! -s "$tmp/wof.fst" ]; then
        echo "FAIL ${WOF_PREFIX:-rtl.wave-on-fail-}$name: exit $rc (wanted $want), $(tail -2 "$tmp/err")"; status=1; return
    fi
    read -r f a b < <(sed -E 's/.* at cycle ([0-9]+); cycles ([0-9]+)\.\.([0-9]+) .*/\1 \2 \3/' <<<"$msg")
    t0=$(fst2vcd "$tmp/wof.fst" | grep -m1 '^#[0-9]' | tr -d '#')
    t1=$(fst2vcd "$tmp/wof.fst" | grep '^#[0-9]' | tail -1 | tr -d '#')
    local size full=${WOF_FULL:-0}
    size=$(stat -c %s "$tmp/wof.fst"); [ -s "$tmp/full.fst" ] && full=$(stat -c %s "$tmp/full.fst")
    if [ "$a" -eq $((f > before ? f - before : 0)) ] && [ "$b" -eq $((f + 16)) ] &&
       [ "$t0" -eq $((2 * a)) ] && [ "$t0" -le $((2 * f + 1)) ] && [ $((2 * f + 1)) -le "$t1" ] &&
       [ "$t1" -le $((2 * b + 1)) ] && [ "$size" -lt "$full" ] &&
       grep -qF "OPENMMU_MARK=$((2 * f + 1)) gtkwave '$tmp/wof.fst' sim/openmmu.gtkw -S sim/gtkw_mark.tcl" "$tmp/err"; then
        echo "PASS ${WOF_PREFIX:-rtl.wave-on-fail-}$name (failure at cycle $f, times $t0..$t1 ps, $size bytes; the run traced whole: $full)"
    else
        echo "FAIL ${WOF_PREFIX:-rtl.wave-on-fail-}$name: failure at cycle $f, window $a..$b, file times $t0..$t1, $size bytes (whole run $full)"
        status=1
    fi
}

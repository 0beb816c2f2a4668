#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# `openmmu explain` (docs/waveforms.md): each side's account of one line's accesses.
#  - rtl: the entries it shows read are the walker's requests; per access, their number at
#    each level must equal the walk_refs_* counters the RTL itself counted, and its
#    compare-and-swaps the ad_updates counter (the request stream and the counters are two
#    observations of the RTL). The same on ref, from its walk reports and its counters.
#  - the cases: a 4-level walk from memory, a TLB hit (no read), a PDE-cache hit (one
#    read), a 2 MiB and a 1 GiB page, a page fault with its error code, A and D set, and a
#    kernel COW fault (the kernel's path and both accesses); on each the two sides agree,
#    and every TLB or paging-structure-cache entry the RTL's observation points show hit is
#    the one ref would cache (no '~' row).
#  - a TLB entry stale by design (tests/hw/cr3-noflush.scn: CR3 reloaded with bit 63 after
#    the PTE changed) shows the entry the RTL used, with ref's fresh one beside it ('~').
#  - RTLs with a bug compiled in show where they differ ('*'): openmmu-inject-psckeep (INVLPG
#    keeps the paging-structure caches: the stale PDE-cache entry is shown), and
#    openmmu-inject-walkstale (the injected bug walk-stale: the walker is answered with the
#    previous answer's data) -- the value shown is the one the walker was given, which is
#    not in memory: it is the RTL's own observation, not memory read again.
#  - bad input: a line without an operation, an --access past the line's, a bad option.
set -uo pipefail
cd "$(dirname "$0")/../.."
OPENMMU=${OPENMMU:-build/san/openmmu}
BUILD=${BUILD:-build}
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Per access: the rows of entries read / CASes against the counters line of the side.
# Prints "ok N" (N accesses checked) or the first mismatch.
count_check() { # side
    awk -v side="$1" '
        /^access [0-9]+:/ { if (blk && !seen) { print "access " blk ": no counters line"; bad = 1 }
                            blk = $2 + 0; seen = 0; split("", c); cas = 0; n++ }
        $1 ~ /^(PML4E|PDPTE|PDE|PTE)$/ && $2 ~ /^0x/ && $3 ~ /^0x/ { c[$1]++ }
        $1 == "A/D" && $4 ~ /^0x/ && $5 == "->" { cas++ }
        $0 ~ "^  counters \\(" side "\\)" {
            seen = 1; line = $0; gsub(/[(),]/, " ", line); split(line, f, " ")
            # counters <side> walks W entry reads R PML4E a PDPTE b PDE c PTE d A/D e
            got = c["PML4E"] + c["PDPTE"] + c["PDE"] + c["PTE"]
            if (got != f[7] || c["PML4E"] != f[9] || c["PDPTE"] != f[11] || c["PDE"] != f[13] || c["PTE"] != f[15]) {
                printf "access %d: %d PML4E %d PDPTE %d PDE %d PTE rows, but%s;", blk, c["PML4E"], c["PDPTE"], c["PDE"], c["PTE"], substr($0, 23)
                bad = 1
            }
            if (cas != f[17]) { printf "access %d: %d A/D rows, but%s;", blk, cas, substr($0, 23); bad = 1 }
        }
        END { if (blk && !seen) { print "access " blk ": no counters line"; bad = 1 }
              if (!bad) print "ok " n }' "$tmp/out.$1"
}

# explain NAME FILE LINE [expected text...]: one side at a time (each checked against its
# counters), then both (they agree: exit 0, every expected text present).
explain_case() {
    local name=$1 file=$2 line=$3; shift 3
    local side rc res why=
    for side in rtl ref; do
        "$OPENMMU" explain --backend $side "$file" "$line" >"$tmp/out.$side" 2>"$tmp/err"; rc=$?
        res=$(count_check $side)
        [ $rc -eq 0 ] && [[ "$res" == ok\ [1-9]* ]] || why="$why $side: exit $rc, $res $(head -2 "$tmp/err");"
    done
    "$OPENMMU" explain "$file" "$line" >"$tmp/out.both" 2>"$tmp/err"; rc=$?
    [ $rc -eq 0 ] && grep -q "ref and rtl agree on every row" "$tmp/out.both" || why="$why both: exit $rc;"
    ! grep -q '^~' "$tmp/out.both" || why="$why a cached entry unlike ref's: $(grep -m1 '^~' "$tmp/out.both");"
    local want
    for want in "$@"; do
        grep -qF -- "$want" "$tmp/out.both" || why="$why no '$want';"
    done
    if [ -z "$why" ]; then
        echo "PASS explain/$name ($(grep -c '^access [0-9]*:' "$tmp/out.both") access(es); rtl $(grep -m1 '^  counters (rtl)' "$tmp/out.both" | sed 's/^  counters (rtl) *//'))"
    else
        echo "FAIL explain/$name:$why"
        sed 's/^/    /' "$tmp/out.both" | head -40
        status=1
    fi
}

W=tests/hw/walk-counts.scn
explain_case walk-4-levels $W 14 "  dTLB                 rtl: miss" "  L2 TLB               rtl: miss" \
    "  PSC                  rtl: miss: walk from CR3" \
    "rule 2: CR3's table 0x1000 + VA[47:39] (0) * 8" "PTE 0x4000" "rule 5: leaf, a 4 KiB page"
explain_case tlb-hit $W 16 "  dTLB                 rtl: hit: VA 0x" "ref: would cache VA 0x" "- (TLB hit: not read)"
explain_case psc-pde-hit $W 19 "  PSC                  rtl: hit: PDE VA 0x" "ref: would cache PDE VA 0x" \
    "- (PSC hit: not read)" "PTE 0x4008"
L=tests/hw/large-pages.scn
explain_case page-2m $L "$(grep -n '^access 0x8000a00000 r u 8' $L | cut -d: -f1)" "rule 5: leaf, a 2 MiB page"
explain_case page-1g $L "$(grep -n '^access 0x8040000000 w u 4' $L | cut -d: -f1)" "rule 5: leaf, a 1 GiB page" "0x400000a7 -> 0x400000e7 +D"
E=tests/hw/errcode.scn
explain_case fault-errcode $E "$(grep -n '^access 0x8000000000 w u 8 0x55' $E | cut -d: -f1)" \
    "#PF err 0x6 (W U) cr2 0x8000000000" "rule 3: P=0, not present" "rule 7: error code 0x6 (W U)"
A=tests/hw/ad-bits.scn
explain_case ad-update $A "$(grep -n '^access 0x8000000008 w s 8' $A | cut -d: -f1)" "+D" \
    "rule 8: A in every entry used, D in the leaf"
K=tests/kernel/fork-cow.scn
explain_case kernel-cow $K "$(grep -n '^store 2 0x10000000 8 0x2222' $K | cut -d: -f1)" \
    "kernel: fault: cow copy" "do_wp_page:" "area 0x10000000-0x10002000 rw-p" "#PF err 0x7 (P W U)"

# A TLB entry stale by design: after the PTE changed, CR3 reloaded with bit 63 flushes
# nothing, and the RTL translates through the entry it holds (legal: rows differ, exit 1).
C=tests/hw/cr3-noflush.scn
line=$(grep -n '^access 0x8000000000 r s 8 *$' $C | head -1 | cut -d: -f1)
"$OPENMMU" explain $C "$line" >"$tmp/out.both" 2>"$tmp/err"; rc=$?
if [ $rc -eq 1 ] && grep -q '^~ dTLB                 rtl: hit: VA 0x8000000000 PCID 1 -> 0x110000 4 KiB' "$tmp/out.both" &&
   grep -q '^                       ref: would cache VA 0x8000000000 PCID 1 -> 0x120000 4 KiB' "$tmp/out.both" &&
   grep -q '^\* result .*pa 0x120000 .*pa 0x110000' "$tmp/out.both" &&
   grep -q "1 cached entry differs from what ref would cache now (marked '~')" "$tmp/out.both"; then
    echo "PASS explain/stale-tlb-entry (line $line: the dTLB entry used, and ref's)"
else
    echo "FAIL explain/stale-tlb-entry: exit $rc on $C:$line"
    sed 's/^/    /' "$tmp/out.both" | head -30; status=1
fi

# An injected RTL bug (walk-stale): the walker is given the data of the physical port's
# previous answer. The rtl column shows that value -- in no entry in memory -- where ref
# shows the entry. (Memory read again after the access would have shown ref's value.)
if ! out=$(make --no-print-directory -s "$BUILD/rel/openmmu-inject-walkstale" 2>&1); then
    echo "FAIL explain/inject-walkstale: the model did not build: $(echo "$out" | tail -3)"; status=1
else
    "$BUILD/rel/openmmu-inject-walkstale" explain --config small $W 14 >"$tmp/out.both" 2>"$tmp/err"; rc=$?
    row=$(grep -m1 '^\* PML4E 0x1000 ' "$tmp/out.both")
    read -r _ _ refv rtlv _ <<<"${row#\* }"  # "* PML4E ADDR REF RTL"
    mem=$(sed -n 's/^pwrite 0x1000 8 \(0x[0-9a-f]*\).*/\1/p' $W)  # the PML4E the scenario wrote
    if [ $rc -eq 1 ] && [ -n "$row" ] && [ "$refv" = "$mem" ] && [ "$rtlv" != "$mem" ] &&
       grep -q '^\* result' "$tmp/out.both"; then
        echo "PASS explain/inject-walkstale (PML4E: ref $refv as in memory, the walker was given $rtlv)"
    else
        echo "FAIL explain/inject-walkstale: exit $rc, PML4E row '${row}', memory '$mem'"
        sed 's/^/    /' "$tmp/out.both" | head -30; status=1
    fi
fi

# An injected RTL bug: INVLPG keeps the paging-structure caches, so after the PDE changed
# and an unrelated INVLPG the RTL walks the old page table.
if ! out=$(make --no-print-directory -s "$BUILD/rel/openmmu-inject-psckeep" 2>&1); then
    echo "FAIL explain/inject-psckeep: the model did not build: $(echo "$out" | tail -3)"; status=1
else
    P=tests/hw/psc.scn
    line=$(grep -n '^access 0x8000002000 r s 8 ' $P | head -1 | cut -d: -f1)
    "$BUILD/rel/openmmu-inject-psckeep" explain --config small $P "$line" >"$tmp/out.both" 2>"$tmp/err"; rc=$?
    "$OPENMMU" explain --config small $P "$line" >"$tmp/out.good" 2>&1; rc_good=$?
    if [ $rc -eq 1 ] && grep -q '^\* result  .*pa 0x122000 .*pa 0x112000' "$tmp/out.both" &&
       grep -q '^\* PTE 0x103010 .*(not read)' "$tmp/out.both" &&
       grep -q '^~ PSC                  rtl: hit: PDE VA 0x8000000000 PCID 0 -> table 0x103000' "$tmp/out.both" &&
       grep -q '^                       ref: would cache PDE VA 0x8000000000 PCID 0 -> table 0x104000' "$tmp/out.both" &&
       [ $rc_good -eq 0 ]; then
        echo "PASS explain/inject-psckeep ($(grep -c '^\*' "$tmp/out.both") rows marked; the correct RTL: none)"
    else
        echo "FAIL explain/inject-psckeep: exit $rc (correct RTL: $rc_good)"
        sed 's/^/    /' "$tmp/out.both" | head -40; status=1
    fi
fi

# Bad input: the message names the file and line, exit 2.
bad_case() { # name want-regex args...
    local name=$1 want=$2; shift 2
    "$OPENMMU" explain "$@" >/dev/null 2>"$tmp/err"; local rc=$?
    if [ $rc -eq 2 ] && grep -qE -- "$want" "$tmp/err"; then
        echo "PASS explain/bad-$name"
    else
        echo "FAIL explain/bad-$name: exit $rc, $(head -2 "$tmp/err")"; status=1
    fi
}
bad_case comment-line "^$W:1: explain: no operation on this line" --backend ref $W 1
bad_case past-end "^$W:9999: explain: no operation" --backend ref $W 9999
bad_case access-past "^$W:14: explain: --access 2: the line made 1 access$" --backend ref --access 2 $W 14
bad_case backend "--backend: 'lockstep' \(expected both, rtl or ref" --backend lockstep $W 14
bad_case line "bad LINE 'x'" $W x
bad_case missing-line "missing the LINE" $W
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The synthesized netlist, simulated: Yosys's `small` netlist (fpga/synth.sh) Verilated
# behind the same shim as the RTL, in build/rel/openmmu-netlist-KIND, where `--config small`
# is the netlist (fpga/fpga.mk). Every directed scenario tests/hw/*.scn must pass on it, on
# the rtl backend and in lockstep with ref -- the same checks the RTL passes -- and end with
# the RTL's performance counters, cycles included (Yosys can build a wrong netlist without an
# error: docs/architecture.md, "RTL conventions"). make test simulates the word-level
# netlist (Yosys's reading of the SystemVerilog, before gate mapping); LONG=1 also the
# gate-level one, whose C++ takes many minutes to compile. Built -O2 without sanitizers:
# the C side is tested elsewhere.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OPENMMU=${OPENMMU:-$BUILD/san/openmmu}
kinds=(word)
[ "${LONG:-0}" = 1 ] && kinds+=(gate)

. tests/lib.sh
have_tool "netlist/*" "$YOSYS" || exit 0
status=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for kind in "${kinds[@]}"; do
    BIN=$BUILD/rel/openmmu-netlist-$kind
    start=$(date +%s)
    if ! out=$(make --no-print-directory -s "$BIN" 2>&1); then
        echo "$out" | tail -20 | sed 's/^/    /'
        echo "FAIL netlist-$kind/build: make $BIN failed"
        status=1; continue
    fi
    echo "netlist-$kind: model and program ready in $(( $(date +%s) - start )) s"
    # The program must hold the netlist model as "small", not the RTL's.
    syms=$(nm -C "$BIN")
    if grep -q "Vmmu_small_$kind::" <<<"$syms" && ! grep -q 'Vmmu_small::' <<<"$syms"; then
        echo "PASS netlist-$kind/links-the-netlist"
    else
        echo "FAIL netlist-$kind/links-the-netlist: $BIN does not hold the netlist model (or holds the RTL's too)"
        status=1; continue
    fi
    for be in rtl lockstep; do
        for scn in tests/hw/*.scn; do
            name="netlist-$kind/$(basename "$scn" .scn)[$be/small]"
            if ! "$BIN" run --backend "$be" --config small --stats "$scn" >"$tmp" 2>&1; then
                echo "FAIL $name: exit $?"; head -20 "$tmp" | sed 's/^/    /'; status=1
                continue
            fi
            # Results alone cannot tell a TLB that never hits (a miss is always legal), so
            # the netlist's counters must equal the RTL's, cycle for cycle: the same logic.
            want=$("$OPENMMU" run --backend "$be" --config small --stats "$scn" 2>&1 | tail -1)
            got=$(tail -1 "$tmp")
            if [ "$got" = "$want" ]; then
                echo "PASS $name"
            else
                echo "FAIL $name: counters differ from the RTL's"
                diff <(tr ',' '\n' <<<"$want") <(tr ',' '\n' <<<"$got") | grep '^[<>]' | head -8 |
                    sed 's/^</    rtl:/; s/^>/    netlist:/'
                status=1
            fi
        done
done
echo "netlist-$kind: done in $(( $(date +%s) - start )) s"
done
exit $status

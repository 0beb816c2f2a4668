#!/usr/bin/env bash
# The synthesized netlist, simulated: Yosys's gate-level `small` netlist (fpga/synth.sh,
# build/synth/small_net.v) Verilated behind the same shim as the RTL, in
# build/rel/openmmu-netlist, where `--config small` is the netlist (fpga/fpga.mk). Every
# directed scenario tests/hw/*.scn must pass on it, on the rtl backend and in lockstep
# with ref -- the same checks the RTL passes (DESIGN.md 4: Yosys can build a wrong netlist
# without an error). Built with -O2, without sanitizers: the C side is tested elsewhere.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
BIN=$BUILD/rel/openmmu-netlist

if [ ! -f rtl/top/mmu_top.sv ]; then
    echo "SKIP netlist/*: rtl/top/mmu_top.sv not on this branch yet"
    exit 0
fi
start=$(date +%s)
if ! out=$(make --no-print-directory -s "$BIN" 2>&1); then
    echo "$out" | tail -20 | sed 's/^/    /'
    echo "FAIL netlist/build: make $BIN failed"
    exit 1
fi
echo "netlist: model and program ready in $(( $(date +%s) - start )) s"
# The program must hold the netlist model as "small", not the RTL's.
syms=$(nm -C "$BIN")
if grep -q 'Vmmu_small_netlist::' <<<"$syms" && ! grep -q 'Vmmu_small::' <<<"$syms"; then
    echo "PASS netlist/links-the-netlist"
else
    echo "FAIL netlist/links-the-netlist: $BIN does not hold the netlist model (or holds the RTL's too)"
    exit 1
fi

status=0
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for be in rtl lockstep; do
    for scn in tests/hw/*.scn; do
        name="netlist/$(basename "$scn" .scn)[$be/small]"
        if "$BIN" run --backend "$be" --config small "$scn" >"$tmp" 2>&1; then
            echo "PASS $name"
        else
            echo "FAIL $name: exit $?"; head -20 "$tmp" | sed 's/^/    /'; status=1
        fi
    done
done
echo "netlist: done in $(( $(date +%s) - start )) s"
exit $status

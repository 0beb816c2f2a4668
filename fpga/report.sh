#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Summaries of the synthesis results, one line each.
#   fpga/report.sh synth CFG DIR   generic cells of DIR/CFG.stat: total, flip-flops, muxes,
#                                  memories (arrays kept as $mem_v2 cells: fpga/synth.sh)
#   fpga/report.sh ecp5 CFG DIR    ECP5 LUT4 / FF / DP16KD / LUT-RAM / carry cells of
#                                  DIR/CFG_ecp5.stat and nextpnr's Fmax from DIR/CFG_pnr.log
set -euo pipefail
mode=$1 cfg=$2 dir=$3
# The count of cell types matching a pattern in a Yosys stat file (the top's own section).
count() { awk -v re="$2" '$2 ~ re && $1 ~ /^[0-9]+$/ { n += $1 } END { print n + 0 }' "$1"; }
case $mode in
synth)
    s=$dir/$cfg.stat
    total=$(awk '$2 == "cells" { print $1 }' "$s" | tail -1)
    printf '%-6s generic: %s cells, %s flip-flops, %s muxes, %s memories\n' "$cfg" "$total" \
        "$(count "$s" '^\$_(S)?DFF')" "$(count "$s" '^\$_MUX_$')" "$(count "$s" '^\$mem')" ;;
ecp5)
    s=$dir/${cfg}_ecp5.stat l=$dir/${cfg}_pnr.log
    fmax=$(grep -o "Max frequency for clock[^:]*: [0-9.]* MHz" "$l" | tail -1 | grep -o '[0-9.]* MHz$' || echo '?')
    printf '%-6s ECP5 LFE5U-85F: %s LUT4, %s FF (TRELLIS_FF), %s DP16KD, %s LUT-RAM (TRELLIS_DPR16X4), %s CCU2C; Fmax %s\n' \
        "$cfg" "$(count "$s" '^LUT4$')" "$(count "$s" '^TRELLIS_FF$')" "$(count "$s" '^DP16KD$')" \
        "$(count "$s" '^TRELLIS_DPR16X4$')" "$(count "$s" '^CCU2C$')" "$fmax" ;;
*) echo "report.sh: mode synth|ecp5" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Checks that every signal sim/openmmu.gtkw names exists in an FST dumped by the rtl backend
# (without a display; sim/gtkw_open.sh checks the layout in GTKWave itself).
# Usage: sim/check_gtkw.sh WAVE.fst
set -euo pipefail
cd "$(dirname "$0")/.."
fst=${1:?usage: sim/check_gtkw.sh WAVE.fst}
have=$(fst2vcd "$fst" | awk '/\$scope/{s[++d]=$3} /\$upscope/{d--}
    /\$var/{p=""; for(i=1;i<=d;i++)p=p s[i]"."; print p $5}' | sort -u)
missing=0
while read -r sig; do
    base=${sig%%[*}
    grep -qxF "$base" <<<"$have" || { echo "missing in $fst: $sig"; missing=1; }
done < <(grep '^TOP\.' sim/openmmu.gtkw)
[ $missing -eq 0 ] && echo "openmmu.gtkw: all $(grep -c '^TOP\.' sim/openmmu.gtkw) signals present"
exit $missing

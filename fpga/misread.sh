#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# fpga/misread.sh LOG...: exit 1, printing the lines, when a Yosys log shows that Yosys
# misread the RTL; exit 0 when none does. Yosys builds a wrong netlist from a construct it
# does not support without an error; these warnings are the traces it leaves:
#   "implicitly declared"          a name Yosys did not see declared (a typo, or a
#                                  declaration it skipped), made a 1-bit wire
#   "is used but has no driver"    an unpacked array of packed structs read as one vector
#   "Latch inferred"               a combinational block that does not assign on every path
# (docs/architecture.md, "RTL conventions"). Every synthesis flow checks its logs with this.
set -uo pipefail
[ $# -gt 0 ] || { echo "misread.sh: give the Yosys logs to check" >&2; exit 2; }
pattern='implicitly declared|is used but has no driver|^Latch inferred'
if grep -hE "$pattern" "$@" >/dev/null; then
    grep -hE "$pattern" "$@" | sort -u | head -10
    exit 1
fi
exit 0

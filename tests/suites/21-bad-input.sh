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
opt_case bad-kaccess    "--kaccess: unknown mode 'all' (expected page, word or phys)" run --kaccess all x.scn
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
# options a backend cannot apply are refused, not ignored
opt_case wave-reftlb    "--wave: the reftlb backend has no waveform" run --backend reftlb --wave w.fst x.scn
# an injected bug goes to what carries it (csrc/inject/inject.def), or is refused naming it
opt_case inject-ref     "--inject: the ref backend cannot carry the injected bug 'no-dirty' (carried by the reftlb device" run --backend ref --inject no-dirty x.scn
opt_case inject-rtl     "--inject: the rtl backend cannot carry the injected bug 'no-dirty' (carried by the reftlb device: --backend reftlb or lockstep:reftlb; the RTL, compiled into the small model of build/rel/openmmu-inject-nodirty" run --backend rtl --inject no-dirty x.scn
opt_case inject-lockstep "--inject: the lockstep backend cannot carry the injected bug 'tlb-keep'" run --backend lockstep --inject tlb-keep x.scn
opt_case inject-tlbmodel "--inject: the lockstep:tlbmodel backend cannot carry the injected bug 'psc-keep'" run --backend lockstep:tlbmodel --inject psc-keep x.scn
opt_case inject-split   "--inject: the ref backend cannot carry the injected bug 'no-dirty'" run --backend ref --inject cow-wrong-frame,no-dirty x.scn
opt_case inject-kernel-random "--inject cow-wrong-frame: a bug of the kernel model, and random runs no kernel" random --backend ref --inject cow-wrong-frame
opt_case inject-replay  "--inject: replay (it plants only the kernel model's bugs) cannot carry the injected bug 'tlb-keep'" replay --backend reftlb --inject tlb-keep x.omt
# the former environment variable is refused, not ignored
OPENMMU_KERNEL_INJECT=cow-wrong-frame "$OPENMMU" run --backend ref x.scn >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ $rc -eq 2 ] && grep -qF "OPENMMU_KERNEL_INJECT is no longer read: ask with --inject cow-wrong-frame" "$tmp/e"; then
    echo "PASS bad-option/inject-old-env"
else fail bad-option/inject-old-env "exit $rc: $(head -2 "$tmp/e")"; fi
opt_case config-ref     "--config: the ref backend has no TLB or cache geometry" run --backend ref --config small x.scn
opt_case wave-to-zero   "--wave-to 0: the window would hold cycle 0 alone" run --backend rtl --wave w.fst --wave-to 0 x.scn
# kernel options are checked before anything runs, named as options
opt_case mem-small      "--mem 192K: physical memory must be page-aligned, at least 256 KiB" run --backend ref --mem 192K x.scn
opt_case mem-huge       "--mem 1T: physical memory must be page-aligned" run --backend ref --mem 1T x.scn
opt_case mem-quoted     "--mem: bad size '5K'"                     run --backend ref --mem 5K x.scn
opt_case swap-dir       "--swap-file 'MISSINGDIR/s': cannot create it in 'MISSINGDIR'" run --backend ref --swap-file MISSINGDIR/s x.scn
# an output onto an input, or two outputs onto one file, would destroy it
printf 'spawn 1\n' >"$tmp/v.scn"
cp "$tmp/v.scn" "$tmp/v.orig"
opt_case results-input  "--results '$tmp/v.scn' is the scenario file" run --backend ref --results "$tmp/v.scn" "$tmp/v.scn"
opt_case swap-input     "--swap-file '$tmp/v.scn' is the scenario file" run --backend ref --swap-file "$tmp/v.scn" "$tmp/v.scn"
opt_case wave-input     "--wave '$tmp/v.scn' is the scenario file" run --backend rtl --wave "$tmp/v.scn" "$tmp/v.scn"
opt_case two-outputs    "--results and --swap-file name one file" run --backend ref --results "$tmp/o.json" --swap-file "$tmp/o.json" "$tmp/v.scn"
opt_case wof-input      "--wave-on-fail '$tmp/v.scn' is the scenario file" run --backend rtl --wave-on-fail "$tmp/v.scn" "$tmp/v.scn"
opt_case wof-ref        "--wave-on-fail: the ref backend has no waveform" run --backend ref --wave-on-fail "$tmp/w.fst" "$tmp/v.scn"
opt_case wof-and-wave   "--wave-on-fail and --wave: one waveform at a time" run --wave "$tmp/a.fst" --wave-on-fail "$tmp/w.fst" "$tmp/v.scn"
opt_case wof-before     "--wave-before needs --wave-on-fail FILE" random --wave-before 10
opt_case wof-stdin      "--wave-on-fail: the scenario is read from standard input" run --wave-on-fail "$tmp/w.fst" -
opt_case wof-before-num "--wave-before: bad number 'ten'" run --wave-on-fail "$tmp/w.fst" --wave-before ten "$tmp/v.scn"
opt_case wof-replay-ref "--wave-on-fail: the ref backend has no waveform" replay --wave-on-fail "$tmp/w.fst" "$tmp/x.omt"
opt_case wof-replay-before "--wave-before needs --wave-on-fail FILE" replay --backend rtl --wave-before 5 "$tmp/x.omt"
cmp -s "$tmp/v.scn" "$tmp/v.orig" && echo "PASS bad-option/input-kept" || fail bad-option/input-kept "the scenario was changed"

# ---- outputs onto a full filesystem: an error, never exit 0 with a lost result ----
out_case() { # name expected-substring args...
    local name=$1 want=$2; shift 2
    "$OPENMMU" "$@" >/dev/full 2>"$tmp/e"; local rc=$?
    if [ $rc -ne 2 ]; then fail "full-output/$name" "exit $rc, wanted 2"
    elif ! grep -qF -- "$want" "$tmp/e"; then fail "full-output/$name" "stderr lacks '$want': $(head -2 "$tmp/e")"
    else echo "PASS full-output/$name"; fi
}
printf 'spawn 1 => ok\nmaps 1\n' >"$tmp/k.scn"
out_case results   "--results: cannot write '/dev/full': No space left on device" run --backend ref --results /dev/full "$tmp/k.scn"
out_case results-stdout "standard output: cannot write: No space left on device" run --backend ref --results - "$tmp/k.scn"
out_case stats     "standard output: cannot write: No space left on device" run --backend ref --stats "$tmp/k.scn"
opt_case wave-device "--wave '/dev/full': not a regular file" run --backend rtl --wave /dev/full "$tmp/k.scn"

# The swap file and the waveform on a really full filesystem: a 32 KiB tmpfs (mounting one
# needs root, as the tests run here; SKIP where it cannot be mounted). The swap file is
# sized at start (sparse), so its writes fail once the filesystem's 8 pages are used.
mnt="$tmp/small-fs"
mkdir -p "$mnt"
if mount -t tmpfs -o size=32k tmpfs "$mnt" 2>/dev/null; then
    trap 'umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
    { echo 'spawn 1'; echo 'mmap 1 0x10000000 0x100000 rw- private,anon,fixed'
      for i in $(seq 0 255); do printf 'store 1 0x%x 8 %d\n' $((0x10000000 + i * 4096)) "$i"; done
      echo 'load 1 0x10000000 8 => 0'; } >"$tmp/swap.scn"
    timeout 120 "$OPENMMU" run --backend ref --mem 256K --swap 1M --swap-file "$mnt/swap" --results "$tmp/swap.json" \
        "$tmp/swap.scn" >"$tmp/o" 2>"$tmp/e"; rc=$?
    line=$(sed -n 's/^.*swap.scn:\([0-9]*\): kernel: swap file .*: write of slot [0-9]* (byte offset [0-9]*) failed: No space left on device$/\1/p' "$tmp/e")
    # every line before the failing one has its result, none after it
    if [ $rc -eq 2 ] && [ -n "$line" ] && [ "$(wc -l <"$tmp/swap.json")" -eq "$line" ]; then
        echo "PASS full-output/swap-file"
    else fail full-output/swap-file "exit $rc (wanted 2), $(wc -l <"$tmp/swap.json") results: $(head -2 "$tmp/e")"; fi
    rm -f "$mnt/swap"
    # 32 KiB: the FST writer's store into its mapped file is SIGBUS; 100 KiB: its dropped
    # writes leave a file that does not read back whole
    for size in 32k 100k; do
        [ "$size" = 32k ] || { umount "$mnt"; mount -t tmpfs -o size=$size tmpfs "$mnt"; }
        timeout 120 "$OPENMMU" run --backend rtl --wave "$mnt/w.fst" tests/hw/default.scn >"$tmp/o" 2>"$tmp/e"; rc=$?
        if [ $rc -eq 2 ] && grep -qE "^openmmu: --wave '$mnt/w.fst': cannot write the waveform: " "$tmp/e"; then
            echo "PASS full-output/wave-$size"
        else fail "full-output/wave-$size" "exit $rc (wanted 2): $(head -2 "$tmp/e")"; fi
    done
    umount "$mnt"
else
    echo "SKIP full-output/swap-file: cannot mount a small tmpfs here (needs root)"
    echo "SKIP full-output/wave-32k: cannot mount a small tmpfs here (needs root)"
    echo "SKIP full-output/wave-100k: cannot mount a small tmpfs here (needs root)"
fi

"$OPENMMU" --help >"$tmp/o" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q 'exit status' "$tmp/o" && grep -q 'openmmu run' "$tmp/o"; then
    echo "PASS cli/help"
else fail cli/help "exit $rc or no usage text"; fi

# ---- inputs that are not scenario text: refused at once, never read to their end ----
in_case() { # name expected-stderr-line file
    timeout 20 "$OPENMMU" run --backend ref "$3" >"$tmp/o" 2>"$tmp/e"; local rc=$?
    if [ $rc -ne 2 ]; then fail "bad-input/$1" "exit $rc, wanted 2 (124: it hung)"
    elif [ "$(cat "$tmp/e")" != "$2" ]; then fail "bad-input/$1" "stderr: $(head -2 "$tmp/e")"
    else echo "PASS bad-input/$1"; fi
}
in_case dev-zero  "/dev/zero:1: NUL byte at column 1"  /dev/zero
mkdir "$tmp/dir"
in_case directory "$tmp/dir: cannot read: Is a directory" "$tmp/dir"
# A UTF-8 byte-order mark before the first line is not part of its op name.
printf '\357\273\277spawn 1 => ok\nstore 1 0x10000 1 1 => SIGSEGV MAPERR\n' >"$tmp/bom.scn"
if "$OPENMMU" run --backend ref "$tmp/bom.scn" >"$tmp/o" 2>&1; then echo "PASS bad-input/utf8-bom-accepted"
else fail bad-input/utf8-bom-accepted "$(head -2 "$tmp/o")"; fi

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
ops = [i + 1 for i, l in enumerate(open(f, encoding='latin-1')) if l.split('#')[0].strip()]
want = [n for n in ops if n < errline] if rc == 2 else ops
got = [json.loads(l)["line"] for l in open(res)]
if got != want:
    print("    results lines", got, "wanted", want)
    sys.exit(1)
PY
    echo "PASS $name"
done
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Real programs through the MMU (docs/trace.md): small programs recorded on the spot under
# Valgrind, replayed through the kernel model on every backend with the validation at
# 100%; the importers on files written here with known counts; broken trace files refused
# as "FILE: offset N: message" with exit 2.
set -uo pipefail
cd "$(dirname "$0")/../.."
OPENMMU=${OPENMMU:-build/san/openmmu}
OPENMMU=$(realpath "$OPENMMU")
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $1: $2"; status=1; }

# ---- broken files: no tool needed ----
bad_case() { # name expected-substring file
    local name=$1 want=$2 f=$3
    "$OPENMMU" trace info "$f" >"$tmp/o" 2>"$tmp/e"; local rc=$?
    if [ $rc -ne 2 ]; then fail "trace-bad/$name" "exit $rc, wanted 2"
    elif ! grep -qF -- "$want" "$tmp/e"; then fail "trace-bad/$name" "stderr lacks '$want': $(head -2 "$tmp/e")"
    elif [ -s "$tmp/o" ]; then fail "trace-bad/$name" "printed a result: $(head -1 "$tmp/o")"
    else echo "PASS trace-bad/$name"; fi
}

# A trace with exactly known content, from lackey text (no Valgrind needed).
cat >"$tmp/known.lackey" <<'LK'
==1== Lackey, an example Valgrind tool
I  00401000,4
 L 00600000,8
 S 00600008,8
I  00401004,3
 M 00601ff8,16
I  00402000,15
 L 00603000,1
LK
"$OPENMMU" trace import --format lackey -o "$tmp/known.omt" "$tmp/known.lackey" 2>"$tmp/e"; rc=$?
"$OPENMMU" trace info "$tmp/known.omt" >"$tmp/info" 2>>"$tmp/e"
# 3 fetches, 3 loads (L, M, L), 2 stores (S, M); pages 0x401, 0x402, 0x600, 0x601, 0x602, 0x603
want="records:  8|fetches:  3|loads:    3|stores:   2|events:   0|pages:    6 distinct"
got=$(grep -E '^(records|fetches|loads|stores|events|pages):' "$tmp/info" | sed 's/ 4 KiB.*//' | paste -sd'|')
if [ $rc -eq 0 ] && [ "$got" = "$want" ]; then echo "PASS import/lackey-counts"
else fail import/lackey-counts "exit $rc, got '$got' want '$want' $(head -2 "$tmp/e")"; fi

"$OPENMMU" replay --backend ref "$tmp/known.omt" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ $rc -eq 0 ] && grep -q 'first touch: 6 anonymous pages' "$tmp/o" && grep -q '100.00% agree' "$tmp/o"; then
    echo "PASS replay/first-touch"
else fail replay/first-touch "exit $rc: $(cat "$tmp/o" "$tmp/e" | head -5)"; fi

printf 'NOTATRACE-at-all' >"$tmp/magic.omt"
bad_case bad-magic "magic.omt: offset 0: not an openmmu trace (bad magic" "$tmp/magic.omt"
size=$(stat -c %s "$tmp/known.omt")
head -c $((size - 5)) "$tmp/known.omt" >"$tmp/trunc.omt"
bad_case truncated "trunc.omt: offset $((size - 16)): truncated end marker" "$tmp/trunc.omt"
head -c 40 "$tmp/known.omt" >"$tmp/trunc-hdr.omt"
bad_case truncated-header "trunc-hdr.omt: offset 40: truncated header" "$tmp/trunc-hdr.omt"
# flip one byte of the compressed chunk data (after the header and the 16-byte chunk header)
hl=$(od -An -tu4 -j16 -N4 "$tmp/known.omt" | tr -d ' ')
cp "$tmp/known.omt" "$tmp/crc.omt"
b=$(od -An -tu1 -j$((hl + 20)) -N1 "$tmp/crc.omt" | tr -d ' ')
printf "$(printf '\\%03o' $(( (b ^ 0x40) & 255 )))" | dd of="$tmp/crc.omt" bs=1 seek=$((hl + 20)) conv=notrunc status=none
"$OPENMMU" trace info "$tmp/crc.omt" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ $rc -eq 2 ] && grep -qE "crc.omt: offset ($hl: chunk checksum mismatch|$((hl + 16)): corrupted chunk)" "$tmp/e" && [ ! -s "$tmp/o" ]; then
    echo "PASS trace-bad/corrupted-chunk"
else fail trace-bad/corrupted-chunk "exit $rc: $(head -2 "$tmp/e")"; fi
cp "$tmp/known.omt" "$tmp/hcrc.omt"
printf 'X' | dd of="$tmp/hcrc.omt" bs=1 seek=70 conv=notrunc status=none
bad_case header-checksum "hcrc.omt: offset 20: header checksum mismatch" "$tmp/hcrc.omt"
cat "$tmp/known.omt" >"$tmp/extra.omt"; printf 'junk' >>"$tmp/extra.omt"
bad_case trailing-bytes "extra.omt: offset $size: bytes after the end marker" "$tmp/extra.omt"
"$OPENMMU" replay --backend ref "$tmp/trunc.omt" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ $rc -eq 2 ] && grep -qF "trunc.omt: offset" "$tmp/e" && ! grep -q 'agree' "$tmp/o"; then echo "PASS trace-bad/replay-truncated"
else fail trace-bad/replay-truncated "exit $rc: $(head -3 "$tmp/e")"; fi

# ---- real programs: need Valgrind ----
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP trace/record: valgrind is not installed (tools/deps.sh installs Debian's valgrind)"
    exit $status
fi
cd "$tmp"
seq 1 2000 | awk '{ print ($1 * 7919) % 2003 }' >input.txt
"$OPENMMU" trace record -o sort.omt -- sort --parallel=1 input.txt >sorted.txt 2>rec.err; rc=$?
if [ $rc -eq 0 ] && sort --parallel=1 input.txt | cmp -s - sorted.txt && grep -q 'trace record: sort exited with status 0' rec.err; then
    echo "PASS record/sort"
else fail record/sort "exit $rc: $(head -3 rec.err)"; fi

replay_case() { # name trace args...
    local name=$1 t=$2; shift 2
    "$OPENMMU" replay "$@" "$t" >r.out 2>r.err; local rc=$?
    if [ $rc -eq 0 ] && grep -q ', 0 fatal signals;' r.out && grep -q ' 0 disagreements: 100.00% agree' r.out; then
        echo "PASS replay/$name"
    else fail "replay/$name" "exit $rc: $(cat r.out r.err | head -4)"; fi
}
replay_case sort-ref sort.omt --backend ref
replay_case sort-reftlb sort.omt --backend reftlb --config small
exit $status

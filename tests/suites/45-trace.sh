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

opt_case() { # name expected-substring args...
    local name=$1 want=$2; shift 2
    "$OPENMMU" "$@" >"$tmp/o" 2>"$tmp/e"; local rc=$?
    if [ $rc -ne 2 ]; then fail "trace-option/$name" "exit $rc, wanted 2"
    elif ! grep -qF -- "$want" "$tmp/e"; then fail "trace-option/$name" "stderr lacks '$want': $(head -2 "$tmp/e")"
    else echo "PASS trace-option/$name"; fi
}
opt_case bad-backend  "--backend: unknown backend 'qemu'"      replay --backend qemu x.omt
opt_case no-trace     "replay: missing the TRACE file"          replay --backend ref
opt_case bad-limit    "--limit: bad number '1e6'"                replay --limit 1e6 x.omt
opt_case bad-mem      "--mem: bad size '12345'"                  replay --mem 12345 x.omt
opt_case no-program   "trace record: missing the program"        trace record -o x.omt --
opt_case no-format    "trace import: --format lackey or --format champsim is needed" trace import x
opt_case unknown-sub  "trace: unknown subcommand 'play'"         trace play x
opt_case no-file      "x-missing.omt: cannot open"               trace info "$tmp/x-missing.omt"

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
# Well-formed framing around a bad record: every checksum right, the content wrong.
#   past-end: a chunk whose last access record is cut short (6 of its 10 bytes)
#   extra-record: one more record than the header counts
python3 - "$tmp/known.omt" "$tmp" <<'PY'
import struct, sys, zlib
src, d = sys.argv[1], sys.argv[2]
b = open(src, "rb").read()
hl = struct.unpack_from("<I", b, 16)[0]
def chunk(raw):
    c = zlib.compress(raw)
    return b"OMCK" + struct.pack("<III", len(raw), len(c), zlib.crc32(raw)) + c
def end(n):
    return b"OMEN" + struct.pack("<Q", n) + struct.pack("<I", zlib.crc32(struct.pack("<Q", n)))
fetch = bytes([1, 4]) + struct.pack("<Q", 0x401000)
hdr = bytearray(b[:hl])
open(f"{d}/pastend.omt", "wb").write(bytes(hdr) + chunk(fetch + fetch[:6]) + end(1))
# the header says 8 records (known.omt): nine fetches
open(f"{d}/extra-rec.omt", "wb").write(bytes(hdr) + chunk(fetch * 9) + end(9))
PY
hl=$(od -An -tu4 -j16 -N4 "$tmp/known.omt" | tr -d ' ')
bad_case record-past-end "pastend.omt: offset $hl: record 1 (raw byte 10 of the chunk): a record past the end of its chunk" "$tmp/pastend.omt"
bad_case more-records "extra-rec.omt: offset $hl: more records than the header's 8" "$tmp/extra-rec.omt"
"$OPENMMU" replay --backend ref "$tmp/trunc.omt" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ $rc -eq 2 ] && grep -qF "trunc.omt: offset" "$tmp/e" && ! grep -q 'agree' "$tmp/o"; then echo "PASS trace-bad/replay-truncated"
else fail trace-bad/replay-truncated "exit $rc: $(head -3 "$tmp/e")"; fi

# ---- ChampSim input_instr: 64-byte records written here ----
# 5 records: ip; loads in source_memory[4], stores in destination_memory[2] (0 = unused)
python3 - "$tmp/cs.bin" <<'PY'
import struct, sys
recs = [
    (0x401000, [0x600000], [0x700000]),
    (0x401004, [0x600008, 0x601000], []),
    (0x402000, [], [0x700008, 0x702000]),
    (0x402004, [0x603000, 0x603008, 0x604000, 0x605000], []),
    (0x401008, [], []),
]
with open(sys.argv[1], "wb") as f:
    for ip, src, dst in recs:
        f.write(struct.pack("<QBB2B4B2Q4Q", ip, 0, 0, 0, 0, 0, 0, 0, 0,
                            *(dst + [0] * (2 - len(dst))), *(src + [0] * (4 - len(src)))))
PY
# 5 fetches, 7 loads, 3 stores = 15 records; pages 0x401 0x402 0x600 0x601 0x603 0x604 0x605 0x700 0x702 = 9
cs_want="records:  15|fetches:  5|loads:    7|stores:   3|events:   0|pages:    9 distinct"
cs_check() { # name file
    "$OPENMMU" trace import --format champsim -o "$tmp/cs.omt" "$2" 2>"$tmp/e"; local rc=$?
    "$OPENMMU" trace info "$tmp/cs.omt" >"$tmp/info" 2>>"$tmp/e"
    local got; got=$(grep -E '^(records|fetches|loads|stores|events|pages):' "$tmp/info" | sed 's/ 4 KiB.*//' | paste -sd'|')
    if [ $rc -eq 0 ] && [ "$got" = "$cs_want" ]; then echo "PASS import/$1"
    else fail "import/$1" "exit $rc, got '$got' want '$cs_want' $(head -2 "$tmp/e")"; fi
}
cs_check champsim-plain "$tmp/cs.bin"
if command -v xz >/dev/null 2>&1; then
    xz -k -c "$tmp/cs.bin" >"$tmp/cs.xz"
    cs_check champsim-xz "$tmp/cs.xz"
    "$OPENMMU" replay --backend ref "$tmp/cs.omt" >"$tmp/o" 2>"$tmp/e"; rc=$?
    if [ $rc -eq 0 ] && grep -q 'first touch: 9 anonymous pages' "$tmp/o" && grep -q '100.00% agree' "$tmp/o"; then
        echo "PASS replay/champsim-first-touch"
    else fail replay/champsim-first-touch "exit $rc: $(cat "$tmp/o" "$tmp/e" | head -4)"; fi
    xs=$(stat -c %s "$tmp/cs.xz")
    head -c $((xs - 20)) "$tmp/cs.xz" >"$tmp/cs-trunc.xz"
    "$OPENMMU" trace import --format champsim -o "$tmp/cst.omt" "$tmp/cs-trunc.xz" >"$tmp/o" 2>"$tmp/e"; rc=$?
    if [ $rc -eq 2 ] && grep -qE "cs-trunc.xz: offset [0-9]+: (corrupted or truncated xz data|truncated xz stream)" "$tmp/e" && [ ! -e "$tmp/cst.omt" ]; then
        echo "PASS import/champsim-truncated-xz"
    else fail import/champsim-truncated-xz "exit $rc, output left: $([ -e "$tmp/cst.omt" ] && echo yes || echo no): $(head -2 "$tmp/e")"; fi
else
    echo "SKIP import/champsim-xz: xz is not installed"
fi
head -c 300 "$tmp/cs.bin" >"$tmp/cs-part.bin"
"$OPENMMU" trace import --format champsim -o "$tmp/csp.omt" "$tmp/cs-part.bin" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ $rc -eq 2 ] && grep -qF "cs-part.bin: offset 256: the data ends inside a 64-byte record (4 whole records, 44 bytes left over)" "$tmp/e" && [ ! -e "$tmp/csp.omt" ]; then
    echo "PASS import/champsim-partial-record"
else fail import/champsim-partial-record "exit $rc: $(head -2 "$tmp/e")"; fi
printf ' L zz,8\n' >"$tmp/badlk.txt"
"$OPENMMU" trace import --format lackey -o "$tmp/bl.omt" "$tmp/badlk.txt" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ $rc -eq 2 ] && grep -qF "badlk.txt:1: malformed lackey line (expected ADDR,SIZE)" "$tmp/e" && [ ! -e "$tmp/bl.omt" ]; then
    echo "PASS import/lackey-malformed"
else fail import/lackey-malformed "exit $rc: $(head -2 "$tmp/e")"; fi

# ---- real programs: need Valgrind ----
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP trace/record: valgrind is not installed (tools/deps.sh installs Debian's valgrind)"
    exit $status
fi
cd "$tmp"
seq 1 500 | awk '{ print ($1 * 7919) % 2003 }' >input.txt
mkdir -p tree/a/b tree/c
for i in 1 2 3; do seq 1 $((i * 50)) >tree/a/f$i; seq 1 $i >tree/a/b/g$i; done
seq 1 300 >small.txt

record() { # name trace cmd...
    local name=$1 t=$2; shift 2
    "$OPENMMU" trace record -o "$t" -- "$@" >"$name.out" 2>"$name.err"; local rc=$?
    "$@" >"$name.want" 2>/dev/null
    if [ $rc -eq 0 ] && cmp -s "$name.out" "$name.want" && grep -qF "trace record: $1 exited with status 0" "$name.err"; then
        echo "PASS record/$name"
    else fail "record/$name" "exit $rc: $(head -3 "$name.err")"; fi
}
replay_case() { # name trace args...
    local name=$1 t=$2; shift 2
    "$OPENMMU" replay "$@" "$t" >r.out 2>r.err; local rc=$?
    if [ $rc -eq 0 ] && grep -q ', 0 fatal signals;' r.out && grep -q ' 0 disagreements: 100.00% agree' r.out; then
        echo "PASS replay/$name"
    else fail "replay/$name" "exit $rc: $(cat r.out r.err | head -4)"; fi
}
record sort sort.omt sort --parallel=1 input.txt
record ls ls.omt ls -lR tree
record gzip gzip.omt gzip -c -6 small.txt
for p in sort ls gzip; do
    [ -s $p.omt ] || continue
    replay_case $p-ref $p.omt --backend ref
    replay_case $p-reftlb $p.omt --backend reftlb --config small
    # rtl and lockstep: the start of the program (loader, libc start-up) and a window
    # further on, entered through --skip on ref
    replay_case $p-rtl $p.omt --backend rtl --config small --mem 64M --limit 40000 --stats
    # the walk figures add up: reads by level and by where they were served are all of them
    if tail -1 r.out | python3 -c '
import json, sys
s = json.loads(sys.stdin.read())
refs, lv, sv = s["walk_mem_refs"], s["walk_refs_by_level"], s["walk_refs_served"]
assert s["walks"] > 0 and refs > 0, (s["walks"], refs)
assert sum(v["refs"] for v in lv.values()) == refs, (lv, refs)
assert sv["dcache"] + sv["memory"] == refs, (sv, refs)
assert 0 < s["walk_cycles"] < s["cycles"], (s["walk_cycles"], s["cycles"])
assert abs(s["cycles_per_walk"] - s["walk_cycles"] / s["walks"]) < 1e-3
' 2>r.err; then echo "PASS replay/$p-rtl-walk-stats"
    else fail "replay/$p-rtl-walk-stats" "$(tail -1 r.err)"; fi
    replay_case $p-lockstep $p.omt --backend lockstep --config small --mem 64M --skip 300000 --limit 10000
done

# a program of known behaviour: mremap must move (growth in place is blocked), the moved
# bytes must read as written
cat >mr.c <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
int main(void)
{
    char *p = mmap(0, 12288, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 7, 8192);
    mprotect(p + 8192, 4096, PROT_READ);
    char *q = mremap(p, 8192, 65536, MREMAP_MAYMOVE);
    q[60000] = q[100];
    mprotect(q, 4096, PROT_READ);
    munmap(q + 4096, 4096);
    printf("%d %d\n", q[100] + q[60000], q != p);
    return 0;
}
C
if gcc -O1 -o mr mr.c 2>r.err; then
    record mremap mr.omt ./mr
    "$OPENMMU" trace info mr.omt >r.out
    if grep -qE '^  mremap +1$' r.out && grep -qE '^  munmap +[1-9]' r.out && grep -qE '^  mprotect +[1-9]' r.out; then
        echo "PASS record/mremap-events"
    else fail record/mremap-events "$(grep -E '^  [a-z]+ ' r.out | paste -sd' ')"; fi
    replay_case mremap-ref mr.omt --backend ref
    replay_case mremap-lockstep mr.omt --backend lockstep --config small --mem 64M --skip 150000
else fail record/mremap "gcc: $(head -2 r.err)"; fi

# the validation sees a kernel bug: a COW break that copies the wrong frame
"$OPENMMU" replay --backend ref --inject cow-wrong-frame ls.omt >r.out 2>r.err; rc=$?
if [ $rc -eq 1 ] && grep -qE '^ls.omt: record [0-9]+: load of [0-9] bytes at 0x[0-9a-f]+ read 0x[0-9a-f]+; the memory holds' r.err; then
    echo "PASS replay/inject-cow-caught"
else fail replay/inject-cow-caught "exit $rc: $(head -2 r.err)"; fi

# --stats is JSON with the per-level numbers, and the measured region alone
"$OPENMMU" replay --backend reftlb --config small --skip 1000 --limit 5000 --stats ls.omt >r.out 2>r.err; rc=$?
if [ $rc -eq 0 ] && tail -1 r.out | python3 -c '
import json, sys
s = json.loads(sys.stdin.read())
assert s["records"] == 5000, s["records"]
assert s["instructions"] + s["loads"] + s["stores"] <= 5000
assert s["itlb"]["accesses"] > 0 and s["walks"] > 0 and s["address_space"] == "recorded"
assert abs(s["dtlb"]["mpki"] - s["dtlb"]["misses"] * 1000 / s["instructions"]) < 1e-3
assert "kernel_faults" in s and "kernel_major" in s and "kernel_minor" in s
lv = s["walk_refs_by_level"]
assert sum(v["refs"] for v in lv.values()) == s["walk_mem_refs"], lv
assert s["walk_cycles"] == 0 and s["walk_refs_served"] == {"dcache": 0, "memory": 0}
'; then echo "PASS replay/stats-json"
else fail replay/stats-json "exit $rc: $(tail -2 r.out | cut -c1-200) $(head -2 r.err)"; fi

# a program that execs another is not a trace of one process: refused, no file left
"$OPENMMU" trace record -o exec.omt -- sh -c 'exec true' >/dev/null 2>r.err; rc=$?
if [ $rc -eq 2 ] && grep -q 'replaced itself with execve' r.err && [ ! -e exec.omt ]; then echo "PASS record/execve-refused"
else fail record/execve-refused "exit $rc: $(head -2 r.err)"; fi
exit $status

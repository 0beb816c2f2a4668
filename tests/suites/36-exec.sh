#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# execve of real programs: the kernel model against the host's Linux.
#
# For each program (/bin/true and /bin/ls: dynamic PIEs; a static program built here with
# libc if its static archive is there, and as a static PIE; tests/kernel/elf/tiny, without
# libc) with no and with a few arguments and environment strings, and for /bin/true also
# strings that make the argument area cross page boundaries (two to four pages), linuxrun runs the program stopped at its first
# instruction and reads its maps and every word of its stack from the stack pointer to
# the top; the model must give the same entry, stack pointer, maps and words -- all but
# AT_RANDOM's 16 bytes, random on Linux. Then malformed programs: the errno, or the kill
# after the point of no return, must be Linux's; and malformed execve lines: FILE:LINE,
# exit 2. A few seconds in all (the model runs on ref).
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
LINUXRUN=$B/san/linuxrun
OPENMMU=${OPENMMU:-$B/san/openmmu}
TINY=$B/elf/tiny
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
for x in "$LINUXRUN" "$OPENMMU" "$TINY"; do
    [ -x "$x" ] || { fail exec.start "$x not built (make test-build)"; exit 1; }
done

# ---- the programs --------------------------------------------------------------------
progs="/bin/true /bin/ls $TINY"
printf '#include <stdio.h>\nint main(int c, char **v) { printf("%%d %%s\\n", c, v[0]); return 0; }\n' > "$T/hello.c"
if cc -static -o "$T/static" "$T/hello.c" 2>/dev/null; then progs="$progs $T/static"
else echo "SKIP exec.static: no static C library (libc.a) to build a static program"; fi
if cc -static-pie -o "$T/static-pie" "$T/hello.c" 2>/dev/null; then progs="$progs $T/static-pie"
else echo "SKIP exec.static-pie: the toolchain cannot build a static PIE"; fi

big=$(head -c 5000 /dev/zero | tr '\0' a)
huge=$(head -c 9000 /dev/zero | tr '\0' b)
argsets=("" "x yy zzz -- HOME=/root PATH=/usr/bin:/bin" "$big $big -- E=$huge" "$huge -- A=1 B=$big C=$huge")

# One program, one argument set: the scenario that reads everything, run on Linux (which
# annotates it), then on the model.
compare() { # NAME PROG ARGS
    local name=$1 prog=$2 args=$3
    printf 'spawn 1\nexecve 1 %s %s\n' "$prog" "$args" > "$T/s1.scn"
    if ! "$LINUXRUN" --annotate "$T/s1.scn" > "$T/s1a.scn" 2>"$T/err"; then
        fail "exec.$name" "linuxrun: $(head -2 "$T/err" | tr '\n' ' ')"; return
    fi
    local sp
    sp=$(sed -n 's/^execve .* => entry 0x[0-9a-f]* sp \(0x[0-9a-f]*\).*/\1/p' "$T/s1a.scn")
    [ -n "$sp" ] || { fail "exec.$name" "Linux did not run it: $(tail -1 "$T/s1a.scn" | cut -c1-200)"; return; }
    { cat "$T/s1.scn"; echo "maps 1 0 0x800000000000"
      for ((a = sp; a < 0x7ffffffff000; a += 8)); do printf 'load 1 0x%x 8\n' "$a"; done; } > "$T/s2.scn"
    if ! "$LINUXRUN" --annotate "$T/s2.scn" > "$T/s2a.scn" 2>"$T/err"; then
        fail "exec.$name" "linuxrun: $(head -2 "$T/err" | tr '\n' ' ')"; return
    fi
    # AT_RANDOM (25) follows AT_SECURE (23) in the auxv: its bytes are Linux's own.
    local rnd
    rnd=$(awk '/^load 1 0x[0-9a-f]+ 8 => / { v[NR] = $6 } END {
               for (i in v) if (v[i] == "0x19" && v[i-2] == "0x17") { print v[i+1]; exit } }' "$T/s2a.scn")
    [ -n "$rnd" ] || { fail "exec.$name" "no AT_RANDOM in Linux's auxv"; return; }
    awk -v r="$(( rnd ))" 'function num(h,  i, n) { n = 0; h = tolower(substr(h, 3))
                                 for (i = 1; i <= length(h); i++) n = n * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
                                 return n }
            /^load 1 0x[0-9a-f]+ 8 => / { a = num($3); if (a + 8 > r && a < r + 16) sub(/ =>.*/, "") } { print }' \
        "$T/s2a.scn" > "$T/s2m.scn"
    local words
    words=$(grep -c '^load 1 .* => ' "$T/s2m.scn")
    # the whole stack from sp up is compared but for AT_RANDOM's bytes (two or three words)
    if [ "$(grep -c '^load 1 ' "$T/s2m.scn")" -gt $((words + 3)) ] || [ "$words" -lt 40 ]; then
        fail "exec.$name" "only $words of the stack words compared"; return
    fi
    if out=$("$OPENMMU" run --backend ref "$T/s2m.scn" 2>&1); then
        pass "exec.$name ($words stack words, maps, entry and sp as Linux's)"
    else
        fail "exec.$name" "$(echo "$out" | head -4 | cut -c1-300 | tr '\n' ' ')"
    fi
}

# every program with no and with a few arguments; the page-crossing argument areas (which
# do not depend on the program) with /bin/true alone, to keep the suite short
for prog in $progs; do
    for i in "${!argsets[@]}"; do
        [ "$i" -lt 2 ] || [ "$prog" = /bin/true ] || continue
        compare "$(basename "$prog").args$i" "$prog" "${argsets[$i]}"
    done
done

# ---- malformed programs --------------------------------------------------------------
patch() { # FILE OFFSET HEX-BYTES: overwrite bytes in place
    printf "$(echo "$3" | sed 's/\(..\)/\\x\1/g')" | dd of="$1" bs=1 seek="$(( $2 ))" conv=notrunc status=none
}
cp "$TINY" "$T/badmagic"; patch "$T/badmagic" 1 58
cp "$TINY" "$T/i386"; patch "$T/i386" 18 0300
cp "$TINY" "$T/rel"; patch "$T/rel" 16 0100
head -c 100 "$TINY" > "$T/short"; chmod +x "$T/short"  # program headers past the end
cp "$TINY" "$T/phnum"; patch "$T/phnum" 56 4a00        # 74 program headers: over a page
cp "$TINY" "$T/pastend"; patch "$T/pastend" 0x80 f810000000000000   # data from file page 1, which is not there: the bss cannot be zeroed
cp "$TINY" "$T/misalign"; patch "$T/misalign" 0x80 f900000000000000  # p_offset not congruent with p_vaddr
cp "$TINY" "$T/bigfile"; patch "$T/bigfile" 0x98 2030000000000000   # p_filesz > p_memsz
cp /bin/true "$T/badinterp"
interp=/tmp/omm-badinterp-$(printf '%08d' $$)          # as long as /lib64/ld-linux-x86-64.so.2
head -c 100 /dev/zero | tr '\0' J > "$interp"; chmod +x "$interp"   # not an ELF, but longer than a header
LC_ALL=C sed -i "s|/lib64/ld-linux-x86-64.so.2|$interp|" "$T/badinterp"
trap 'rm -rf "$T" "$interp"' EXIT
{ echo "spawn 1"
  echo "mmap 1 0x200000000000 0x1000 rw- private,anon,fixed"
  for b in badmagic i386 rel short phnum badinterp; do echo "execve 1 $T/$b"; done
  echo "load 1 0x200000000000 8"
  n=2
  for b in pastend misalign bigfile; do echo "spawn $n"; echo "execve $n $T/$b"; n=$((n + 1)); done
  cp "$TINY" "$T/noexec"; chmod -x "$T/noexec"
  echo "execve 1 $T"; echo "execve 1 $T/nothere"; echo "execve 1 $T/noexec"; } > "$T/bad.scn"
if "$LINUXRUN" --annotate "$T/bad.scn" > "$T/bada.scn" 2>"$T/err"; then
    if out=$("$OPENMMU" run --backend ref "$T/bada.scn" 2>&1); then
        pass "exec.malformed ($(grep '^execve' "$T/bada.scn" | sed 's/.*=> //' | sort | uniq -c | tr -s ' \n' ' '))"
    else
        fail exec.malformed "$(echo "$out" | grep -v 'point of no return' | head -4 | tr '\n' ' ')"
    fi
else
    fail exec.malformed "linuxrun: $(head -2 "$T/err" | tr '\n' ' ')"
fi

# ---- malformed lines -----------------------------------------------------------------
bad_line() { # NAME LINE MESSAGE-PART
    printf 'spawn 1\n%s\nload 1 0 1\n' "$2" > "$T/l.scn"
    out=$("$OPENMMU" run --backend ref "$T/l.scn" 2>&1); rc=$?
    if [ $rc = 2 ] && grep -qF "l.scn:2: $3" <<<"$out"; then pass "exec.bad-line.$1"
    else fail "exec.bad-line.$1" "rc=$rc: $out"; fi
}
bad_line nofile "execve 1"           "execve: missing FILE"
bad_line nopid  "execve 7 /bin/true" "execve: no process 7"
bad_line pid    "execve x /bin/true" "bad number 'x' for PID"
exit 0

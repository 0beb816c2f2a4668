#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Records the traces of the worked study (docs/studies/stlb-size.md) into build/traces/:
#   sort    sort --parallel=1 of 8,000 generated lines (text compare, merge buffers)
#   gzip    gzip -6 of 80 KB of generated text (a 32 KiB window over a streaming buffer)
#   perl    a Perl hash of 20,000 keys, then a walk over it (hash-table lookups spread
#           over many pages, like a graph or key-value kernel)
# under `openmmu trace record` (Valgrind lackey): 20 to 40 million records each, so that a
# point replays in seconds on the fast model. Existing traces are kept; delete one to
# record it again. Usage: tools/study-traces.sh [OUTDIR] (default build/traces).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/traces}
bin=${OPENMMU:-build/rel/openmmu}
[ -x "$bin" ] || { echo "study-traces: $bin is not built (make build)" >&2; exit 2; }
mkdir -p "$out"
in=$out/inputs
mkdir -p "$in"
[ -s "$in/lines.txt" ] || seq 1 8000 | awk '{ srand($1); printf "%08d %s\n", ($1 * 7919) % 99991, rand() }' >"$in/lines.txt"
[ -s "$in/text.txt" ] || seq 1 4000 | awk '{ srand($1); printf "%08d %s %s\n", ($1 * 7919) % 99991, rand(), $1 % 97 }' >"$in/text.txt"
rec() { # name cmd...
    local name=$1; shift
    [ -s "$out/$name.omt" ] && { echo "study-traces: $out/$name.omt exists"; return; }
    "$bin" trace record -o "$out/$name.omt.tmp" -- "$@" >/dev/null 2>"$out/$name.err"
    grep -q "exited with status 0;" "$out/$name.err" ||
        { echo "study-traces: $name failed: $(tail -1 "$out/$name.err")" >&2; exit 1; }
    mv "$out/$name.omt.tmp" "$out/$name.omt"
}
rec sort sort --parallel=1 -o /dev/null "$in/lines.txt"
rec gzip gzip -6 -c "$in/text.txt"
rec perl perl -e 'my %h; $h{$_ * 7919 % 1000003} = $_ for 0..20000; my $s = 0; $s += $h{$_} for keys %h; print "$s\n"'
for t in sort gzip perl; do "$bin" trace info "$out/$t.omt" | grep -E '^(records|pages):' | sed "s/^/$t: /"; done

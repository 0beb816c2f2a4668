#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Two builds of bench_mmu against each other, for a toolchain or flag change (bench/README.md):
#   bench/ab.sh [-n ROUNDS] BUILD_A BUILD_B [bench_mmu options]
# runs BUILD_A/rel/bench_mmu and BUILD_B/rel/bench_mmu alternately ROUNDS times (3), then
# prints, for every rate both print, each build's best round (the one least slowed by the
# other work on the machine) and B's speed as a ratio to A's. Figures in cycles must be the
# same in both (the same hardware): a difference is printed and the exit status is 1.
# A benchmark, not a test: nothing asserts a speed. Default options: --config i7 --quick.
set -uo pipefail
rounds=3
if [ "${1:-}" = -n ]; then
    [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "ab: -n wants a positive count, not '${2:-}'" >&2; exit 2; }
    rounds=$2; shift 2
fi
[ $# -ge 2 ] || { echo "usage: bench/ab.sh [-n ROUNDS] BUILD_A BUILD_B [bench_mmu options]" >&2; exit 2; }
a=$1 b=$2; shift 2
opts=("$@"); [ ${#opts[@]} -gt 0 ] || opts=(--config i7 --quick)
for d in "$a" "$b"; do
    [ -x "$d/rel/bench_mmu" ] || { echo "ab: '$d/rel/bench_mmu': no such program (build it with make BUILD=$d $d/rel/bench_mmu)" >&2; exit 2; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ((i = 1; i <= rounds; i++)); do
    for side in A B; do
        d=$a; [ $side = B ] && d=$b
        echo "ab: round $i/$rounds, $side ($d), load $(cut -d' ' -f1 /proc/loadavg)" >&2
        "$d/rel/bench_mmu" "${opts[@]}" >"$tmp/$side.$i" ||
            { echo "ab: '$d/rel/bench_mmu ${opts[*]}' failed (exit $?)" >&2; exit 1; }
    done
done
echo "bench/ab.sh: A = $a, B = $b, best of $rounds rounds each ($(date -u '+%Y-%m-%d %H:%M') UTC, load $(cut -d' ' -f1 /proc/loadavg))"
cat "$tmp"/A.* | awk -F'\t' -v side=A '$1 == "bench" { print side "\t" $0 }' >"$tmp/all"
cat "$tmp"/B.* | awk -F'\t' -v side=B '$1 == "bench" { print side "\t" $0 }' >>"$tmp/all"
awk -F'\t' '
    { key = $3 "\t" $4 "\t" $6; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      if ($6 ~ /\/s$/) { if (!((key, $1) in v) || $5 > v[key, $1]) v[key, $1] = $5 }
      else { if ((key, $1) in v && v[key, $1] != $5) bad[key] = 1; v[key, $1] = $5 } }
    END {
      printf "| %-62s | %-8s | %12s | %12s | %-14s | %9s |\n", "figure", "where", "A", "B", "unit", "B/A"
      for (i = 1; i <= n; i++) {
          k = order[i]; split(k, f, "\t")
          if (!((k, "A") in v) || !((k, "B") in v)) continue
          if (f[3] ~ /\/s$/)
              printf "| %-62s | %-8s | %12s | %12s | %-14s | %8.3fx |\n", f[1], f[2], v[k, "A"], v[k, "B"], f[3], v[k, "B"] / v[k, "A"]
          else if (v[k, "A"] != v[k, "B"] || (k in bad)) {
              printf "| %-62s | %-8s | %12s | %12s | %-14s | DIFFERS   |\n", f[1], f[2], v[k, "A"], v[k, "B"], f[3]; status = 1 }
      }
      exit status }' "$tmp/all"

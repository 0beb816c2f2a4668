#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# `make bench`: runs every benchmark program and prints their figures as one table.
#   bench/run.sh [--quick]     (--quick: less work, rougher numbers)
# Each program prints bench<TAB>NAME<TAB>WHERE<TAB>VALUE<TAB>UNIT lines; anything else it
# prints is shown as is. Benchmarks check no speed: they are not tests.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
quick=()
[ "${1:-}" = --quick ] && quick=(--quick)
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT

run() {
    echo "bench: $*" >&2
    "$@" "${quick[@]}" >>"$tmp" || { echo "bench: '$*' failed (exit $?)" >&2; status=1; }
}
status=0
run "$BUILD"/rel/bench_kernel --backend ref
run "$BUILD"/rel/bench_kernel --backend rtl --only faults
run "$BUILD"/rel/bench_kernel --backend rtl --only ops
run "$BUILD"/rel/bench_mmu --config i7
# the fpga configuration's cycles (its timing parameters' cost: docs/architecture.md)
run "$BUILD"/rel/bench_mmu --config fpga --cycles-only
run bench/trace.sh
run bench/wave.sh
run bench/study.sh

echo
echo "openmmu benchmarks ($(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
grep -v $'^bench\t' "$tmp" || true
awk -F'\t' '$1 == "bench" { printf "| %-62s | %-28s | %12s | %-18s |\n", $2, $3, $4, $5 }
    BEGIN { printf "| %-62s | %-28s | %12s | %-18s |\n", "benchmark", "backend/config", "value", "unit";
            printf "|%s|%s|%s|%s|\n", "----------------------------------------------------------------",
                   "------------------------------", "-------------:", "--------------------" }' "$tmp"
# Every rate measured on both rtl and ref in this run (rows with the same name and unit):
# how many times slower rtl is. The only speed claims are these ratios.
echo
awk -F'\t' '$1 == "bench" && $5 ~ /\/s$/ && $3 ~ /^(rtl|ref)\// {
        split($3, w, "/"); key = $2 "\t" $5
        if (!(key in seen)) { seen[key] = 1; order[++n] = key }
        val[key, w[1]] = $4; where[key, w[1]] = $3 }
    END { printf "| %-62s | %12s | %12s | %-18s | %14s |\n", "rtl against ref (same run)", "rtl", "ref", "unit", "rtl slower by";
          printf "|%s|%s|%s|%s|%s|\n", "----------------------------------------------------------------",
                 "-------------:", "-------------:", "--------------------", "---------------:"
          for (i = 1; i <= n; i++) {
              k = order[i]
              if (!((k, "rtl") in val) || !((k, "ref") in val) || val[k, "rtl"] <= 0) continue
              split(k, f, "\t")
              printf "| %-62s | %12s | %12s | %-18s | %13.1fx |\n", f[1], val[k, "rtl"], val[k, "ref"], f[2], val[k, "ref"] / val[k, "rtl"]
          } }' "$tmp"
exit $status

#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Prints the C compiler that can build the fuzz targets (libFuzzer with ASan and UBSan):
# $FUZZ_CC, else clang. Exits 1 with the reason on stderr when it cannot, so that the Makefile
# leaves the targets out and suite 22 says SKIP with that reason.
set -uo pipefail
cc=${FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "$cc not found (tools/deps.sh installs clang)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$tmp/t.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$tmp/t.c" -o "$tmp/t" 2>"$tmp/err"; then
    echo "$cc cannot link -fsanitize=fuzzer,address,undefined (clang's runtime missing? tools/deps.sh installs libclang-rt-dev): $(grep -m1 -E 'error|cannot' "$tmp/err")" >&2
    exit 1
fi
echo "$cc"

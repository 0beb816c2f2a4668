# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# `make bench` (included by the top Makefile): builds the benchmark programs (csrc/cli/bench_*.c)
# with -O2 and prints one table (bench/run.sh). `make bench BENCH_ARGS=--quick` is rougher.
BENCH_ARGS ?=
bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/rel/bench_kernel $(BUILD)/rel/bench_mmu $(BUILD)/rel/openmmu \
	    $(BUILD)/rel/openmmu-nomarks
	@bench/run.sh $(BENCH_ARGS)

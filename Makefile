# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# openmmu top-level build. `make help` lists the targets.
#
# Two C builds share one Verilated model per configuration:
#   build/rel/  -O2, for `make run` and `make bench`
#   build/san/  AddressSanitizer + UndefinedBehaviorSanitizer, for `make test`
#   build/gen/  what both include that the build generates (openmmu_configs.h, below)
# Every csrc/**/*.c is library code except csrc/cli/*.c, each of which is one program, and
# csrc/fuzz/*.c, the fuzz targets (csrc/fuzz/fuzz.mk).
# Each tests/unit/test_*.c is one cmocka test program.

SHELL   := /bin/bash
CC      ?= gcc
CXX     ?= g++
BUILD   := build
# Recipes that run `verilator` (the suites, FuseSoC's back-end) get the project's: tools/bin first.
export PATH := $(CURDIR)/tools/bin:$(PATH)

WARN    := -Wall -Wextra -Werror
CSTD    := -std=c11 -D_GNU_SOURCE
CBASE   := $(CSTD) $(WARN) -g -Icsrc -I$(BUILD)/gen -MMD -MP
REL_CFLAGS := $(CBASE) -O2
SAN_FLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_CFLAGS := $(CBASE) -O1 $(SAN_FLAGS)

LIB_SRCS  := $(shell find csrc -name '*.c' -not -path 'csrc/cli/*' -not -path 'csrc/fuzz/*' | sort)
PROG_SRCS := $(sort $(wildcard csrc/cli/*.c))
PROGS     := $(patsubst csrc/cli/%.c,%,$(PROG_SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNITS     := $(patsubst tests/unit/%.c,%,$(UNIT_SRCS))

# The C side's copy of rtl/configs.txt, the one table of named configurations: a header
# written by tools/configs.py cheader into the build directory (generated, never committed),
# again whenever the table (or its reader) changes. Every C object waits for it (order-only:
# it exists before the first compile); an object whose source includes it depends on it
# (found here, so that it holds on a first build and with an old .d file too), and one that
# reaches it through a header does through the compiler's .d file.
CONFIGS_H := $(BUILD)/gen/openmmu_configs.h
CONFIGS_H_USERS := $(shell grep -l 'openmmu_configs\.h' $(LIB_SRCS) $(PROG_SRCS) $(UNIT_SRCS) $(wildcard csrc/fuzz/*.c))
$(CONFIGS_H): rtl/configs.txt tools/configs.py
	@mkdir -p $(dir $@)
	python3 tools/configs.py cheader > $@.tmp && mv $@.tmp $@
$(foreach v,rel san fuzz,$(patsubst %.c,$(BUILD)/$(v)/obj/%.o,$(CONFIGS_H_USERS))): $(CONFIGS_H)

# The Verilated models (sim/sim.mk sets VL_LIBS, the archives to link, and the rules).
VL_LIBS :=
-include sim/sim.mk
# What every program links besides the models (sim/variants.mk too).
SYS_LIBS := -lstdc++ -lz -llz4 -llzma -lpthread -lm
LDLIBS   := $(VL_LIBS) $(SYS_LIBS)

.PHONY: all build test test-long test-slurm run deps lint synth netlist bench fpga bitstream wave clean help
all: build

# Keep what the build makes between builds, intermediate files too (a program's object,
# reached only through a pattern rule). Not `.SECONDARY:` without prerequisites: that makes
# every file intermediate, and make then does not rebuild an archive whose new source
# file's object does not exist yet.
.PRECIOUS: $(BUILD)/%

help:
	@echo "make deps       install what the build needs (Debian: apt-get, pip into .venv)"
	@echo "make run        deps + build + run the default scenario on rtl, print the counters"
	@echo "make test       deps + build + every test; ends with 'N passed, N failed'"
	@echo "make test-long  the long runs (millions of accesses in lockstep; huge pages on rtl)"
	@echo "make test-slurm the study's Slurm executor on a one-node Slurm started for it"
	@echo "make lint       verilator --lint-only -Wall over rtl/ (mmu_top, board_top)"
	@echo "make synth      Yosys synthesis of the top (cell counts in build/synth/)"
	@echo "make bench      benchmarks (latencies, throughput, simulation speed)"
	@echo "make fpga       ECP5 synthesis and place-and-route estimate (a table per configuration)"
	@echo "make bitstream  the ULX3S board (docs/board.md): build/fpga/ulx3s.bit"
	@echo "make formal     SymbiYosys proofs of the safety rules, each with its injected bug"
	@echo "make fuzz       libFuzzer on the scenario and trace readers, FUZZ_SECONDS each (1800)"

deps:
	@tools/deps.sh

build: $(addprefix $(BUILD)/rel/,$(PROGS))

# ---- C objects, two flavours ----------------------------------------------------------
$(BUILD)/rel/obj/%.o: %.c | $(CONFIGS_H)
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) $(VL_CDEFS) -c $< -o $@

$(BUILD)/san/obj/%.o: %.c | $(CONFIGS_H)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) $(VL_CDEFS) -c $< -o $@

REL_LIB_OBJS := $(patsubst %.c,$(BUILD)/rel/obj/%.o,$(LIB_SRCS))
SAN_LIB_OBJS := $(patsubst %.c,$(BUILD)/san/obj/%.o,$(LIB_SRCS))

$(BUILD)/rel/libopenmmu.a: $(REL_LIB_OBJS)
	@rm -f $@; ar rcs $@ $^
$(BUILD)/san/libopenmmu.a: $(SAN_LIB_OBJS)
	@rm -f $@; ar rcs $@ $^

$(BUILD)/rel/%: $(BUILD)/rel/obj/csrc/cli/%.o $(BUILD)/rel/libopenmmu.a $(VL_LIBS)
	$(CXX) -o $@ $< $(BUILD)/rel/libopenmmu.a $(LDLIBS)
$(BUILD)/san/%: $(BUILD)/san/obj/csrc/cli/%.o $(BUILD)/san/libopenmmu.a $(VL_LIBS)
	$(CXX) $(SAN_FLAGS) -o $@ $< $(BUILD)/san/libopenmmu.a $(LDLIBS)

$(BUILD)/san/tests/%: $(BUILD)/san/obj/tests/unit/%.o $(BUILD)/san/libopenmmu.a $(VL_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(SAN_FLAGS) -o $@ $< $(BUILD)/san/libopenmmu.a $(LDLIBS) -lcmocka

# The exec tests' program (tests/kernel/elf): a static ELF without libc, at fixed addresses.
$(BUILD)/elf/tiny: tests/kernel/elf/tiny.S tests/kernel/elf/tiny.ld
	@mkdir -p $(dir $@)
	$(CC) -nostdlib -static -no-pie -Wl,-T,tests/kernel/elf/tiny.ld -Wl,--build-id=none -o $@ $<

.PHONY: test-build
test-build: $(addprefix $(BUILD)/san/,$(PROGS)) $(addprefix $(BUILD)/san/tests/,$(UNITS)) $(BUILD)/elf/tiny build
	@[ -z "$(FUZZ_CC_OK)" ] || $(MAKE) --no-print-directory fuzz-build

test: deps
	@$(MAKE) --no-print-directory test-build
	@tests/run.sh

test-long: deps
	@$(MAKE) --no-print-directory test-build
	@tests/run.sh --long

# The study's Slurm executor against a real one-node Slurm on localhost (tools/deps.sh slurm).
test-slurm: deps build
	@tools/deps.sh slurm
	@tests/slurm/test.sh

run: deps
	@$(MAKE) --no-print-directory build
	$(BUILD)/rel/openmmu run --backend rtl --config i7 --stats tests/hw/default.scn

clean:
	rm -rf $(BUILD)

-include sim/variants.mk
-include fpga/fpga.mk
-include bench/bench.mk
-include csrc/fuzz/fuzz.mk
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

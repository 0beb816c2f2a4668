# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Coverage-guided fuzzing (libFuzzer with ASan and UBSan), included by the top Makefile.
# docs/fuzzing.md says what each target drives and how a finding becomes a regression.
#
#   build/fuzz/obj/           every library source again, instrumented for coverage (clang)
#   build/fuzz/fuzz_NAME      one program per csrc/fuzz/fuzz_NAME.c
#   build/fuzz/seeds/NAME/    the seed corpus taken from tests/ (generated, never committed)
#   build/fuzz/corpus/NAME/   what the fuzzer found worth keeping (kept between runs)
#
# `make fuzz` runs each target for FUZZ_SECONDS (default 1800), one after the other; crash
# files land in build/fuzz/findings/NAME/. `make fuzz-build` builds the targets and seeds;
# suite 22 runs each target once over its seeds and tests/fuzz/NAME/ (the regressions).
# Without a clang that links libFuzzer (tools/fuzz-cc.sh says why) the targets are left
# out of test-build and suite 22 says SKIP.

# asked once per make, and only by a rule that needs it
FUZZ_CC_OK   = $(eval FUZZ_CC_OK := $(shell tools/fuzz-cc.sh 2>/dev/null))$(FUZZ_CC_OK)
FUZZ_CFLAGS  = $(CBASE) -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=undefined
FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined
FUZZ_SRCS    := $(sort $(wildcard csrc/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(patsubst csrc/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_BINS    := $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_NAMES))
FUZZ_LIB_OBJS := $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(LIB_SRCS))
FUZZ_SECONDS ?= 1800

$(BUILD)/fuzz/obj/%.o: %.c | $(CONFIGS_H)
	@mkdir -p $(dir $@)
	$(FUZZ_CC_OK) $(FUZZ_CFLAGS) $(VL_CDEFS) -c $< -o $@

$(BUILD)/fuzz/libopenmmu.a: $(FUZZ_LIB_OBJS)
	@rm -f $@; ar rcs $@ $^

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/obj/csrc/fuzz/fuzz_%.o $(BUILD)/fuzz/libopenmmu.a $(VL_LIBS)
	$(FUZZ_CC_OK) $(FUZZ_LDFLAGS) -o $@ $< $(BUILD)/fuzz/libopenmmu.a $(LDLIBS)

# Seeds: the scenario targets start from the scenarios of the tests (the hardware target
# refuses the kernel ones itself); the trace target from traces imported from lackey text.
$(BUILD)/fuzz/seeds/scn_hw/.done: $(wildcard tests/hw/*.scn tests/bad/*.scn)
	@rm -rf $(dir $@); mkdir -p $(dir $@)
	@for f in $^; do cp $$f $(dir $@)$$(echo $$f | tr / -) || exit 1; done; touch $@
$(BUILD)/fuzz/seeds/scn_kernel/.done: $(wildcard tests/kernel/*.scn tests/linux/*.scn tests/bad/*.scn)
	@rm -rf $(dir $@); mkdir -p $(dir $@)
	@for f in $^; do cp $$f $(dir $@)$$(echo $$f | tr / -) || exit 1; done; touch $@
$(BUILD)/fuzz/seeds/trace/.done: tests/fuzz/trace.lackey $(BUILD)/rel/openmmu
	@rm -rf $(dir $@); mkdir -p $(dir $@)
	$(BUILD)/rel/openmmu trace import --format lackey -o $(dir $@)lackey.omt $<
	head -4 $< > $(dir $@)short.lackey
	$(BUILD)/rel/openmmu trace import --format lackey -o $(dir $@)short.omt $(dir $@)short.lackey
	rm $(dir $@)short.lackey && touch $@
FUZZ_SEEDS := $(addsuffix /.done,$(addprefix $(BUILD)/fuzz/seeds/,$(FUZZ_NAMES)))

.PHONY: fuzz fuzz-build
fuzz-build:
	@[ -n "$(FUZZ_CC_OK)" ] || { tools/fuzz-cc.sh >/dev/null; exit 1; }
	@$(MAKE) --no-print-directory $(FUZZ_BINS) $(FUZZ_SEEDS)

# -close_fd_mask=3: the scenarios' own messages would cost more than the runs themselves
# (libFuzzer keeps its own output and the sanitizers' reports). -max_len: inputs as long as
# the longest seed (a 64 KiB line) run at a tenth of the speed; that line stays a seed.
fuzz: fuzz-build
	@for t in $(FUZZ_NAMES); do \
	    mkdir -p $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/findings/$$t; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s (log: $(BUILD)/fuzz/$$t.log)"; \
	    nice -n 15 $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -close_fd_mask=3 -max_len=8192 \
	        -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/findings/$$t/ \
	        $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/seeds/$$t $$(ls -d tests/fuzz/$$t 2>/dev/null) \
	        > $(BUILD)/fuzz/$$t.log 2>&1; \
	    rc=$$?; tail -n 14 $(BUILD)/fuzz/$$t.log | grep -E '^(#|stat::|==|SUMMARY)' | tail -n 6; \
	    [ $$rc -eq 0 ] || { echo "fuzz: $$t found a crash: $(BUILD)/fuzz/findings/$$t/"; exit 1; }; \
	done

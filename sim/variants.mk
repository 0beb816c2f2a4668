# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Variant models of the `small` configuration: the same ports as mmu_top, built from other
# sources or with other defines (a synthesized netlist, a deliberately injected bug), each
# behind the same shim (sim/shim.cpp) compiled to export it as configuration "small". So
# build/rel/openmmu-<program> is openmmu whose `--config small` runs the variant (rtl, and
# lockstep against ref), and neither the shim nor the rtl backend knows. Only these programs
# link a variant model. Included by the top Makefile after sim/sim.mk.
#
#   $(call VL_VARIANT,MODEL,PROGRAM,SOURCES,VERILATOR_FLAGS,OPT_FLAGS)
#     MODEL    C++ identifier part: the class is Vmmu_MODEL, built in build/vl/MODEL
#     PROGRAM  the program is build/rel/openmmu-PROGRAM
define VL_VARIANT
VAR_LIBS_$(1) := $(VL_BUILD)/i7/shim.o $(VL_BUILD)/$(1)/shim.o $(VL_BUILD)/i7/Vmmu_i7__ALL.a \
                 $(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a $(VL_BUILD)/i7/libverilated.a

$(VL_BUILD)/$(1)/Vmmu_$(1).mk: $(3) sim/variants.mk
	@mkdir -p $(VL_BUILD)/$(1)
	$(VERILATOR) $(VL_FLAGS) $(4) --prefix Vmmu_$(1) --Mdir $(VL_BUILD)/$(1) $(3) \
	    > $(VL_BUILD)/$(1)/verilator.log 2>&1 || { cat $(VL_BUILD)/$(1)/verilator.log; exit 1; }

$(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a: $(VL_BUILD)/$(1)/Vmmu_$(1).mk sim/vl_lib.mk
	$(MAKE) --no-print-directory -C $(VL_BUILD)/$(1) -f $(CURDIR)/sim/vl_lib.mk \
	    VM_MK=Vmmu_$(1).mk $(5) Vmmu_$(1)__ALL.a \
	    > $(VL_BUILD)/$(1)/make.log 2>&1 || { tail -40 $(VL_BUILD)/$(1)/make.log; exit 1; }

$(VL_BUILD)/$(1)/shim.o: sim/shim.cpp sim/shim.h $(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a
	$(CXX) -O2 -std=c++17 -DVL_CLASS=Vmmu_$(1) -DVL_CFG=small -DVM_TRACE=1 -DVM_TRACE_FST=1 \
	    -I$(VL_BUILD)/$(1) -I$(VL_ROOT)/include -I$(VL_ROOT)/include/vltstd -Isim -c $$< -o $$@

$(BUILD)/rel/openmmu-$(2): $(BUILD)/rel/obj/csrc/cli/openmmu.o $(BUILD)/rel/libopenmmu.a $$(VAR_LIBS_$(1))
	$(CXX) -o $$@ $$< $(BUILD)/rel/libopenmmu.a $$(VAR_LIBS_$(1)) $(SYS_LIBS)
endef

# Deliberately injected RTL bugs (tests/suites/28-rtl-inject.sh proves lockstep catches each):
#   nodirty  the walker never sets D       (OPENMMU_INJECT_NO_DIRTY, rtl/ptw/ptw.sv)
#   psckeep  INVLPG leaves the paging-structure caches alone (OPENMMU_INJECT_PSC_KEEP, rtl/ptw/psc.sv)
INJECT_BUGS        := nodirty psckeep
INJECT_DEF_nodirty := +define+OPENMMU_INJECT_NO_DIRTY
INJECT_DEF_psckeep := +define+OPENMMU_INJECT_PSC_KEEP
$(foreach b,$(INJECT_BUGS),$(eval $(call VL_VARIANT,small_inj_$(b),inject-$(b),$(RTL_SRCS),$(VL_GFLAGS_small) $(INJECT_DEF_$(b)),$(VL_OPT))))
.PHONY: inject-models
inject-models: $(foreach b,$(INJECT_BUGS),$(BUILD)/rel/openmmu-inject-$(b))

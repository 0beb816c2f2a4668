# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Variant models of the `small` configuration: the same ports as mmu_top, built from other
# sources or with other defines (a synthesized netlist, a deliberately injected bug), each
# behind the same shim (sim/shim.cpp) compiled to export it as configuration "small". So
# build/rel/openmmu-<program> is openmmu whose `--config small` runs the variant (rtl, and
# lockstep against ref), and neither the shim nor the rtl backend knows. Only these programs
# link a variant model. Included by the top Makefile after sim/sim.mk.
#
#   $(call VL_VARIANT,MODEL,PROGRAM,SOURCES,VERILATOR_FLAGS,OPT_FLAGS[,SHIM_FLAGS[,CFG]])
#     MODEL    C++ identifier part: the class is Vmmu_MODEL, built in build/vl/MODEL
#     PROGRAM  the program is build/rel/openmmu-PROGRAM
#     SHIM_FLAGS  extra flags for the shim (a geometry variant's -DVL_GEOM)
#     CFG      the configuration the variant stands in for (default small; or another of CONFIGS)
# The program links the named model of every other configuration beside it: the rtl backend
# lists a shim per configuration of the table (csrc/backend/rtl.c).
var_cfg   = $(if $(1),$(1),small)
var_other = $(filter-out $(call var_cfg,$(1)),$(CONFIGS))
define VL_VARIANT
VAR_LIBS_$(1) := $(VL_BOARD_LIBS) $(foreach c,$(call var_other,$(7)),$(VL_BUILD)/$(c)/shim.o) $(VL_BUILD)/$(1)/shim.o \
                 $(foreach c,$(call var_other,$(7)),$(VL_BUILD)/$(c)/Vmmu_$(c)__ALL.a) \
                 $(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a $(VL_BUILD)/$(VL_LIB0)/libverilated.a

$(VL_BUILD)/$(1)/Vmmu_$(1).mk: $(3) sim/variants.mk
	@mkdir -p $(VL_BUILD)/$(1)
	$(VERILATOR) $(VL_FLAGS) $(4) --prefix Vmmu_$(1) --Mdir $(VL_BUILD)/$(1) $(3) \
	    > $(VL_BUILD)/$(1)/verilator.log 2>&1 || { cat $(VL_BUILD)/$(1)/verilator.log; exit 1; }

$(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a: $(VL_BUILD)/$(1)/Vmmu_$(1).mk sim/vl_lib.mk
	$(MAKE) --no-print-directory -C $(VL_BUILD)/$(1) -f $(CURDIR)/sim/vl_lib.mk \
	    VM_MK=Vmmu_$(1).mk $(5) Vmmu_$(1)__ALL.a \
	    > $(VL_BUILD)/$(1)/make.log 2>&1 || { tail -40 $(VL_BUILD)/$(1)/make.log; exit 1; }

$(VL_BUILD)/$(1)/shim.o: sim/shim.cpp sim/shim.h $(VL_BUILD)/$(1)/Vmmu_$(1)__ALL.a
	$(CXX) -O2 -std=c++17 -DVL_CLASS=Vmmu_$(1) -DVL_CFG=$(call var_cfg,$(7)) -DVM_TRACE=1 -DVM_TRACE_FST=1 $(6) \
	    -I$(VL_BUILD)/$(1) -I$(VL_ROOT)/include -I$(VL_ROOT)/include/vltstd -Isim -c $$< -o $$@

$(BUILD)/rel/openmmu-$(2): $(BUILD)/rel/obj/csrc/cli/openmmu.o $(BUILD)/rel/libopenmmu.a $$(VAR_LIBS_$(1))
	$(CXX) -o $$@ $$< $(BUILD)/rel/libopenmmu.a $$(VAR_LIBS_$(1)) $(SYS_LIBS)
endef

# Deliberately injected RTL bugs: the one list. Each is compiled in by its define (an `ifdef
# at the place it is planted) and must be caught, by lockstep (a Verilated model
# build/rel/openmmu-inject-BUG, tests/suites/28-rtl-inject.sh) or by a formal proof that it
# makes fail (INJECT_PROOF_BUG = the GROUP:TASKs of formal/GROUP.sby it breaks; `make formal`,
# formal/run.sh):
#   nodirty     the walker never sets D                          (rtl/ptw/ptw.sv)      lockstep
#   psckeep     INVLPG leaves the paging-structure caches alone  (rtl/ptw/psc.sv)      lockstep
#   walkstale   the walker is answered with the previous physical-port answer's data
#                                                                (rtl/top/mmu_top.sv)  explain
#   invlpglarge INVLPG compares the whole page number in the L1's large-page array, so
#               it misses a 2 MiB/1 GiB entry unless given the page's first address
#                                                                (rtl/tlb/tlb_fa.sv)   formal tlb:l1
#   hitnod      an L1 hit answers a write to an entry whose D is clear
#                                                                (rtl/top/mmu_port.sv) formal port:bmc
#   killcas     a kill during an A/D compare-and-swap is ignored (rtl/ptw/ptw.sv)      formal ptw:bmc
#   axibeat     the AXI write beat counter is not cleared when a write starts
#                                                                (rtl/axi/axi_master.sv) formal axi:prove
# The bugs a simulation program carries come from the one list, csrc/inject/inject.def (the
# rows the RTL carries with a variant name); the formal ones are rows without one.
INJECT_SED  := s/^INJ(\([A-Z0-9_]*\), *"[^"]*", *[^,]*INJ_IN_RTL[^,]*, *"\([a-z0-9][a-z0-9]*\)".*/\2:\1/p
INJECT_ROWS := $(shell sed -n '$(INJECT_SED)' csrc/inject/inject.def)
INJECT_SIM_BUGS    := $(foreach r,$(INJECT_ROWS),$(firstword $(subst :, ,$(r))))
$(foreach r,$(INJECT_ROWS),$(eval INJECT_DEF_$(firstword $(subst :, ,$(r))) := OPENMMU_INJECT_$(lastword $(subst :, ,$(r)))))
INJECT_FORMAL_BUGS := invlpglarge hitnod killcas axibeat
INJECT_BUGS        := $(INJECT_SIM_BUGS) $(INJECT_FORMAL_BUGS)
INJECT_DEF_invlpglarge := OPENMMU_INJECT_INVLPG_LARGE
INJECT_DEF_hitnod      := OPENMMU_INJECT_HIT_IGNORES_D
INJECT_DEF_killcas     := OPENMMU_INJECT_KILL_CAS
INJECT_DEF_axibeat     := OPENMMU_INJECT_AXI_BEAT_KEEP
INJECT_PROOF_invlpglarge := tlb:l1
INJECT_PROOF_hitnod      := port:bmc
INJECT_PROOF_killcas     := ptw:bmc
INJECT_PROOF_axibeat     := axi:prove
$(foreach b,$(INJECT_SIM_BUGS),$(eval $(call VL_VARIANT,small_inj_$(b),inject-$(b),$(RTL_SRCS) $(VL_OBS_SRCS),$(VL_GFLAGS_small) +define+$(INJECT_DEF_$(b)),$(VL_OPT),-DOPENMMU_OBS)))
.PHONY: inject-models formal formal-check
inject-models: $(foreach b,$(INJECT_SIM_BUGS),$(BUILD)/rel/openmmu-inject-$(b))

# The formal proofs (docs/formal.md): every formal/*.sby on the RTL, then each bug above that a
# proof must catch. Minutes; not part of `make test` (suite 05 runs formal-check: every proof
# group has a bug, every bug a proof that exists).
FORMAL_BUGS := $(foreach b,$(INJECT_FORMAL_BUGS),$(foreach p,$(INJECT_PROOF_$(b)),$(b):$(INJECT_DEF_$(b)):$(p)))
formal:
	@tools/deps.sh formal
	@nice formal/run.sh $(FORMAL_ARGS) $(FORMAL_BUGS)
formal-check:
	@formal/run.sh --check $(FORMAL_BUGS)

# The i7 model without the trace-only additions (the harness markers, sim/sim_marks.sv, and
# the observation points, sim/sim_obs.sv) and its shim without OPENMMU_MARKS or OPENMMU_OBS:
# the same RTL, for bench/wave.sh to measure what they cost a run that traces nothing and
# explains nothing (build/rel/openmmu-nomarks; its --config i7 is that model).
$(eval $(call VL_VARIANT,i7_nomarks,nomarks,$(RTL_SRCS),$(VL_GFLAGS_i7),$(VL_OPT),,i7))

# A TLB geometry variant, for comparing the RTL with the TLB model (csrc/tlbmodel) at a
# geometry no named configuration has (docs/tlbmodel.md):
#   make geom-model GEOM="L2Sets=64 L2Ways=8" [GEOM_BASE=CFG, a configuration of rtl/configs.txt]
# builds build/rel/openmmu-geom-small-L2Sets64_L2Ways8 (the base, then the sorted KEY=VAL
# words) and prints its path last. Its `--config BASE` is BASE (default small) with those TLB
# parameters, and its rtl backend takes `--tlb L2Sets=64,L2Ways=8` (any other --tlb is
# refused). Only the TLB keys of tlbmodel/geom.h may be set (not RandomRepl: the model cannot
# predict the LFSR). Each geometry is built once and kept, so a study reuses it.
GEOM_KEYS := ITlbSets ITlbWays ITlbLarge DTlbSets DTlbWays DTlbLarge L2Sets L2Ways \
             PscPml4eEntries PscPdpteEntries PscPdeEntries
GEOM_BASE ?= small
ifneq ($(strip $(GEOM)),)
ifeq ($(filter $(CONFIGS),$(GEOM_BASE)),)
$(error GEOM_BASE: unknown configuration '$(GEOM_BASE)' (rtl/configs.txt names: $(CONFIGS)))
endif
geom_key   = $(firstword $(subst =, ,$(1)))
GEOM_BAD   := $(filter-out $(GEOM_KEYS),$(foreach w,$(GEOM),$(call geom_key,$(w))))
ifneq ($(GEOM_BAD),)
$(error GEOM: unknown key(s) $(GEOM_BAD) (keys: $(GEOM_KEYS)))
endif
geom_comma := ,
geom_empty :=
geom_space := $(geom_empty) $(geom_empty)
GEOM_ID    := $(GEOM_BASE)-$(subst $(geom_space),_,$(subst =,,$(sort $(GEOM))))
GEOM_MODEL := geom_$(subst -,_,$(GEOM_ID))
GEOM_SPEC  := $(subst $(geom_space),$(geom_comma),$(sort $(GEOM)))
GEOM_FLAGS := $(filter-out $(foreach w,$(GEOM),-G$(call geom_key,$(w))=%),$(VL_GFLAGS_$(GEOM_BASE))) \
              $(addprefix -G,$(sort $(GEOM)))
$(eval $(call VL_VARIANT,$(GEOM_MODEL),geom-$(GEOM_ID),$(RTL_SRCS),$(GEOM_FLAGS),$(VL_OPT),'-DVL_GEOM="$(GEOM_SPEC)"',$(GEOM_BASE)))
endif
.PHONY: geom-model
geom-model:
	@test -n "$(strip $(GEOM))" || { echo 'geom-model: set GEOM, e.g. make geom-model GEOM="L2Sets=64 L2Ways=8"' >&2; exit 2; }
	@for w in $(GEOM); do v=$${w#*=}; case $$v in ''|*[!0-9]*) echo "geom-model: GEOM: $$w: not a number" >&2; exit 2;; esac; \
	    [ "$$v" -gt 0 ] && [ $$(( v & (v - 1) )) -eq 0 ] || { echo "geom-model: GEOM: $$w: not a power of two" >&2; exit 2; }; done
	@$(MAKE) --no-print-directory $(BUILD)/rel/openmmu-geom-$(GEOM_ID) GEOM="$(GEOM)" GEOM_BASE=$(GEOM_BASE)
	@echo $(BUILD)/rel/openmmu-geom-$(GEOM_ID)

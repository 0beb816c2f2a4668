# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The Verilated board top (rtl/board/board_top.sv) of `--backend board-sim`, and its shim.
# Included by sim/sim.mk, which names the board's sources (BOARD_SRCS); puts the model in
# front of VL_LIBS (it needs the one libverilated.a that comes last there).
#
#   build/vl/board/   verilator --cc output, Vboard__ALL.a, board_shim.o
#
# The simulated board differs from the ULX3S build (docs/board.md) in its UART's speed and
# its memory only: BOARD_SIM_CPB clocks per UART bit instead of 217 (a byte in 40 cycles,
# not 2170: the protocol is the same, the simulation 54 times quicker), and BOARD_SIM_MEM
# bytes of sparse memory (SparseMem) instead of 128 KiB of block RAM: the whole 2^40 of
# physical address space, since the tests/hw scenarios place pages from 0 up to the last
# 1 GiB frame below 2^40. This is the one home of that size: HELLO reports it, the host
# refuses what lies outside it, and the tests read it from the shim (board_vl_mem_bytes).
# Its configuration is BOARD_SIM_CFG's row of rtl/configs.txt, as the ULX3S build's is.

BOARD_SIM_CFG := small
BOARD_SIM_CPB := 4
BOARD_SIM_MEM := 1099511627776
VL_BOARD      := $(VL_BUILD)/board
VL_BOARD_FLAGS := --cc -O3 --assert --threads 1 --top-module board_top -Wno-fatal --no-MMD \
                  $(VL_GFLAGS_$(BOARD_SIM_CFG)) -GCfgName='"$(BOARD_SIM_CFG)"' \
                  -GClksPerBit=$(BOARD_SIM_CPB) -GSparseMem="1'b1" -GMemBytes="64'd$(BOARD_SIM_MEM)"

$(shell rm -f $(VL_BOARD)/Vboard__ver.d)

$(VL_BOARD)/Vboard.mk: $(RTL_SRCS) $(BOARD_SRCS) sim/board.mk rtl/configs.txt
	@mkdir -p $(VL_BOARD)
	$(VERILATOR) $(VL_BOARD_FLAGS) --prefix Vboard --Mdir $(VL_BOARD) $(VL_CTRL) $(RTL_SRCS) $(BOARD_SRCS) \
	    > $(VL_BOARD)/verilator.log 2>&1 || { cat $(VL_BOARD)/verilator.log; exit 1; }
	@touch $@

$(VL_BOARD)/Vboard__ALL.a: $(VL_BOARD)/Vboard.mk sim/vl_lib.mk sim/pgo.mk $(VL_PGO_STAMP)
	$(call vl_pgo_prepare,board)
	$(MAKE) --no-print-directory -C $(VL_BOARD) -f $(CURDIR)/sim/vl_lib.mk VM_MK=Vboard.mk $(VL_OPT_MODEL) \
	    Vboard__ALL.a > $(VL_BOARD)/make.log 2>&1 || { tail -40 $(VL_BOARD)/make.log; exit 1; }

$(VL_BOARD)/board_shim.o: sim/board_shim.cpp sim/board_shim.h $(VL_BOARD)/Vboard__ALL.a
	$(call vl_board_shim_cmd,$(VL_BOARD),$@)
# The board's shim against the model in directory $(1), compiled to $(2).
vl_board_shim_cmd = $(CXX) -O2 -std=c++17 -DBOARD_SIM_CPB=$(BOARD_SIM_CPB) -DBOARD_SIM_MEM=$(BOARD_SIM_MEM)ull \
    -I$(1) -I$(VL_ROOT)/include -I$(VL_ROOT)/include/vltstd -Isim -c sim/board_shim.cpp -o $(2)

# What a program with the registry links for it (the variant programs too: sim/variants.mk).
VL_BOARD_LIBS := $(VL_BOARD)/board_shim.o $(VL_BOARD)/Vboard__ALL.a
VL_LIBS := $(VL_BOARD_LIBS) $(VL_LIBS)

# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Builds a model's archive and libverilated.a (the Verilator run-time objects a model needs:
# verilated.o, the FST writer, ...) next to a generated model makefile, which Verilator does
# not do itself for a library-only build. Run in the model's directory:
# make -f vl_lib.mk VM_MK=Vmmu_X.mk
VL_FIX_MK := $(dir $(lastword $(MAKEFILE_LIST)))vl_fix.mk
include $(VM_MK)
include $(VL_FIX_MK)

libverilated.a: $(VK_GLOBAL_OBJS)
	$(AR) -rcs $@ $^

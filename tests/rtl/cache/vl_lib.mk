# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# libverilated.a next to a generated model makefile (Verilator 5.006 does not build it for a
# library-only model). Run in the model's directory: make -f vl_lib.mk VM_MK=Vx.mk
include $(VM_MK)

libverilated.a: $(VK_GLOBAL_OBJS)
	$(AR) -rcs $@ $^

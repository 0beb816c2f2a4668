// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The named configurations of mmu_top, as rtl/configs.txt (the one table) gives them: each
 * configuration's name and every parameter's value, by the parameter's name. The values come
 * from the header the build generates from the table (tools/configs.py cheader), so nothing
 * here is written by hand; code that needs a configuration's values asks this module rather
 * than expanding the generated macro into a table of its own (rtl.c expands it for the
 * shims' symbol names, the usage texts use its name lists).
 *
 * A parameter's place is CFG_<name> (CFG_ITlbSets, ..., CFG_HitPipe): the table may gain or
 * reorder rows, and code that names a parameter the table lacks does not compile. */
#ifndef OPENMMU_COMMON_CONFIGS_H
#define OPENMMU_COMMON_CONFIGS_H

#include <stdint.h>

#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */

typedef enum {
#define CFG_PARAM_ENUM(k) CFG_##k,
    OPENMMU_CONFIG_PARAMS(CFG_PARAM_ENUM)
#undef CFG_PARAM_ENUM
    CFG_NPARAMS
} cfg_param;

/* The configurations, in the table's order (the first is the default). */
unsigned config_count(void);
const char *config_name(unsigned i);

/* Configuration name's values, CFG_NPARAMS of them, indexed by cfg_param; NULL when the
 * table has no configuration of that name. */
const uint32_t *config_values(const char *name);

/* The parameter's name as the table spells it ("ITlbWays"). */
const char *config_param_name(cfg_param p);

#endif

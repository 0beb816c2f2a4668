// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The named configurations, from the generated table (see configs.h). */
#include "common/configs.h"

#include <stddef.h>
#include <string.h>

static const struct {
    const char *name;
    uint32_t v[CFG_NPARAMS];
} rows[] = {
#define CFG_ROW(name, ...) {#name, {__VA_ARGS__}},
    OPENMMU_CONFIGS(CFG_ROW)
#undef CFG_ROW
};

static const char *const param_names[] = {
#define CFG_PARAM_NAME(k) #k,
    OPENMMU_CONFIG_PARAMS(CFG_PARAM_NAME)
#undef CFG_PARAM_NAME
};

unsigned config_count(void) { return (unsigned)(sizeof rows / sizeof rows[0]); }

const char *config_name(unsigned i) { return i < config_count() ? rows[i].name : NULL; }

const uint32_t *config_values(const char *name)
{
    for (size_t i = 0; name && i < sizeof rows / sizeof rows[0]; i++)
        if (strcmp(rows[i].name, name) == 0)
            return rows[i].v;
    return NULL;
}

const char *config_param_name(cfg_param p) { return (unsigned)p < CFG_NPARAMS ? param_names[p] : NULL; }

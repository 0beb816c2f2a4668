// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The TLB geometry of mmu_top: the parameters that size its TLBs and paging-structure caches,
 * named as in rtl/top/mmu_top.sv and rtl/configs.txt, the table of named configurations.
 *
 * A geometry is a named configuration (a column of the table: "i7", "small", ...) with some
 * parameters overridden by a spec "KEY=VAL[,KEY=VAL...]" (the --tlb option; spaces may stand
 * for commas, so the `make geom-model GEOM="L2Sets=64 L2Ways=8"` form is the same spec). The
 * limits are those the RTL accepts (powers of two; tlb_sa needs at least 2 sets) and a size
 * the model and a Verilated build can hold.
 */
#ifndef OPENMMU_TLBMODEL_GEOM_H
#define OPENMMU_TLBMODEL_GEOM_H

#include <stdbool.h>
#include <stddef.h>

#define TLB_GEOM_KEYS(X)                                                                  \
    X(ITlbSets) X(ITlbWays) X(ITlbLarge) X(DTlbSets) X(DTlbWays) X(DTlbLarge)             \
    X(L2Sets) X(L2Ways) X(PscPml4eEntries) X(PscPdpteEntries) X(PscPdeEntries)

typedef struct {
#define TLB_GEOM_FIELD(k) unsigned k;
    TLB_GEOM_KEYS(TLB_GEOM_FIELD)
#undef TLB_GEOM_FIELD
} tlb_geom;

/* The geometry of a named configuration; false for an unknown name. */
bool tlb_geom_named(const char *config, tlb_geom *out);

/* Whether config names a configuration of rtl/configs.txt: the one check of a --config value,
 * every command line's and every backend's. If not, false and err says so with the names
 * the table has: "unknown configuration 'x' (expected i7, small or fpga)"; a caller puts its
 * own prefix ("--config: ", "rtl: ") in front. */
bool tlb_geom_config_known(const char *config, char *err, size_t errlen);

/* *g with the spec's keys applied (spec NULL or empty: unchanged). false with a message
 * naming the key and the problem in err: unknown key, bad number, a value that is not a power
 * of two, zero, below the RTL's minimum or above TLB_GEOM_MAX_ENTRIES entries. */
#define TLB_GEOM_MAX_ENTRIES 65536u
bool tlb_geom_apply(tlb_geom *g, const char *spec, char *err, size_t errlen);

/* The configuration's geometry with the spec applied (both checked; messages as above). */
bool tlb_geom_resolve(const char *config, const char *spec, tlb_geom *out, char *err, size_t errlen);

/* The --tlb option as a command line gives it (NULL: not given): false with a message when the
 * spec is bad or the backend has no RTL geometry to apply it to (ref, reftlb and lockstep
 * against reftlb). Checked before anything runs, by every subcommand. */
bool tlb_geom_option_ok(const char *backend, const char *config, const char *spec, char *err, size_t errlen);

bool tlb_geom_equal(const tlb_geom *a, const tlb_geom *b);

/* The keys where want differs from have: "L2Sets=64 (compiled: 8), ..." */
void tlb_geom_diff(const tlb_geom *want, const tlb_geom *have, char *buf, size_t len);

/* "ITlbSets=32,ITlbWays=4,..." (every key, in the order above); returns snprintf's count. */
int tlb_geom_format(const tlb_geom *g, char *buf, size_t len);

#endif

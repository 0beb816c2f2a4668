// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The "ref" backend's one hook: every page walk it makes, reported as the walk made it, for
 * `openmmu explain` (csrc/explain). Works only on a backend made by ref_backend_create.
 *
 * While a hook is set, the walk memo is not used: every part of every access is walked, so
 * that the hook sees each one. A memo hit answers exactly what the walk would (ref_backend.c),
 * so the results and the counters are the same with and without a hook. */
#ifndef OPENMMU_BACKEND_REF_BACKEND_H
#define OPENMMU_BACKEND_REF_BACKEND_H

#include "backend/backend.h"
#include "ref/walk.h"

backend *ref_backend_create(const be_options *opt, char *err, size_t errlen);

/* Called after each walk: the control state it ran under, where it began, the part's
 * address, the access, and what it read, decided and wrote. */
typedef void (*ref_walk_hook)(void *ctx, const ref_ctl *c, const ref_start *s, uint64_t va, acc_kind kind,
                              bool user, const ref_walk_res *w);
void ref_backend_set_walk_hook(backend *b, ref_walk_hook fn, void *ctx);

#endif

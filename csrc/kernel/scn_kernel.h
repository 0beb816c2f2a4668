// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel model as the kernel behind a scenario's kernel-level ops (scenario/kop.h).
 *
 * The model is created by the first kernel-level op, with the options handed in here
 * (openmmu --mem/--swap/--swap-file), on the run's backend. Its results are written as
 * linuxrun writes Linux's, so that one scenario checks both; `maps PID` without LO HI
 * shows every area (linuxrun: only its region), devices and inodes as 00:00 0.
 * A load whose value differs from the shadow memory is reported as FILE:LINE and fails the
 * run (as a failed expectation does), whatever the line expects. spawn and fork give
 * -ENOMEM when memory (with swap) is exhausted, -EAGAIN when all 4,095 PCIDs are in use
 * (the model's limit on live processes).
 */
#ifndef OPENMMU_KERNEL_SCN_KERNEL_H
#define OPENMMU_KERNEL_SCN_KERNEL_H

#include "kernel/kernel.h"
#include "scenario/scenario.h"

typedef struct {
    struct kernel_opts opts; /* what the first kernel-level op creates the model with */
    struct kernel *k;        /* NULL until then */
} scn_kmodel;

/* Makes m (its opts set, k NULL) the kernel of c's kernel-level ops. */
void scn_kmodel_attach(scn_ctx *c, scn_kmodel *m);
/* Frees the model, if one was created (through the backend, which must still exist). */
void scn_kmodel_end(scn_kmodel *m);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* AXI4 protocol checker: watches every cycle of a port (both directions) and reports the
 * first violation of the rules the cache's memory port relies on:
 *  - VALID, once high, stays high with a stable payload until READY (every channel);
 *  - burst rules: AxBURST not reserved, AxSIZE within the 8-byte bus, INCR at most 256 beats
 *    and never across a 4 KiB boundary, WRAP of 2/4/8/16 beats at a size-aligned address,
 *    FIXED at most 16 beats;
 *  - write data: WLAST on exactly the last beat of its burst (W may lead its AW), strobes
 *    only on the lanes of the beat's address;
 *  - responses: R and B only for an outstanding request of that ID, in order per ID, RLAST on
 *    exactly the last beat, B only after the burst's last W beat.
 * Once a violation was seen the checker stays failed.
 */
#ifndef OPENMMU_AXI_CHECK_H
#define OPENMMU_AXI_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "axi/axi.h"

typedef struct axi_check axi_check;

axi_check *axi_check_new(void);
void axi_check_free(axi_check *c);

/* Checks one cycle; false on a violation (then axi_check_error() says which, with the
 * cycle number). Cycles are counted from 0 at creation. */
bool axi_check_cycle(axi_check *c, const axi_port *p);
const char *axi_check_error(const axi_check *c);

/* No request outstanding on either direction. */
bool axi_check_idle(const axi_check *c);

#endif

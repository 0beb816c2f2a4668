// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* An AXI4 slave memory model over simulated physical memory (csrc/common/physmem.h).
 *
 * Timing: the first read beat comes `latency` cycles after the AR handshake, the B response
 * `latency` cycles after the last W beat; beats of one channel are at least `beat_interval`
 * cycles apart (bandwidth = 8 bytes / beat_interval per cycle). Up to AXI_SLAVE_QUEUE
 * transactions per direction are accepted; responses come in order.
 *
 * Use per cycle: axi_slave_drive() sets the slave's outputs in the port (they depend only on
 * the model's state, never on the master's outputs in the same cycle), the cycle runs, then
 * axi_slave_observe() takes the handshakes the cycle made. A payload once presented stays
 * stable until taken.
 *
 * Errors can be injected: an access to a byte in [lo, hi] gets SLVERR or DECERR (a read beat
 * carries the error and zeros, a write is not performed and its B response carries it).
 */
#ifndef OPENMMU_AXI_SLAVE_H
#define OPENMMU_AXI_SLAVE_H

#include <stdbool.h>
#include <stdint.h>

#include "axi/axi.h"
#include "common/physmem.h"

#define AXI_SLAVE_QUEUE 4
#define AXI_SLAVE_INJECTS 8

typedef struct {
    unsigned latency;       /* >= 1 */
    unsigned beat_interval; /* >= 1 */
} axi_slave_cfg;

typedef struct axi_slave axi_slave;

axi_slave *axi_slave_new(physmem *mem, const axi_slave_cfg *cfg);
void axi_slave_free(axi_slave *s);

/* Makes accesses touching [lo, hi] answer resp (AXI_RESP_SLVERR or DECERR) for reads and/or
 * writes; false when the table is full. axi_slave_clear_injects() removes them all. */
bool axi_slave_inject(axi_slave *s, uint64_t lo, uint64_t hi, bool reads, bool writes, unsigned resp);
void axi_slave_clear_injects(axi_slave *s);

void axi_slave_drive(axi_slave *s, axi_port *p);
void axi_slave_observe(axi_slave *s, const axi_port *p);

/* Nothing accepted and not yet answered. */
bool axi_slave_idle(const axi_slave *s);

/* Counts of transactions and beats since creation. */
typedef struct {
    uint64_t reads, writes, rbeats, wbeats, errors;
} axi_slave_stats;
axi_slave_stats axi_slave_get_stats(const axi_slave *s);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* One cycle of an AXI4 port with a 64-bit data bus: the values every signal had while the
 * rising edge sampled them. A handshake happened on a channel exactly where VALID and
 * READY are both 1 in this struct. Shared by the slave memory model (axi_slave.h) and the
 * protocol checker (axi_check.h).
 */
#ifndef OPENMMU_AXI_H
#define OPENMMU_AXI_H

#include <stdint.h>

#define AXI_BURST_FIXED 0
#define AXI_BURST_INCR  1
#define AXI_BURST_WRAP  2

#define AXI_RESP_OKAY   0
#define AXI_RESP_EXOKAY 1
#define AXI_RESP_SLVERR 2
#define AXI_RESP_DECERR 3

typedef struct {
    /* master to slave */
    uint8_t awvalid, awid, awlen, awsize, awburst;
    uint64_t awaddr;
    uint8_t wvalid, wlast, wstrb;
    uint64_t wdata;
    uint8_t bready;
    uint8_t arvalid, arid, arlen, arsize, arburst;
    uint64_t araddr;
    uint8_t rready;
    /* slave to master */
    uint8_t awready, wready;
    uint8_t bvalid, bid, bresp;
    uint8_t arready;
    uint8_t rvalid, rid, rresp, rlast;
    uint64_t rdata;
} axi_port;

/* Address of beat i of a burst (AXI4 A3.4.1). */
uint64_t axi_beat_addr(uint64_t addr, unsigned len, unsigned size, unsigned burst, unsigned i);

#endif

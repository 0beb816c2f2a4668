// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board backend: backend.h over the board protocol (docs/board-protocol.md) on a byte
 * link (link.h), the same code for a real board (`uart:DEVICE`) and the simulated one
 * (`board-sim`).
 *
 * Every backend operation becomes the requests the rtl backend's port operations are
 * (accesses split by be_port_access, physical accesses by be_piece), one request at a time,
 * each waited for. Made, it says HELLO (the answer gives the memory, the physical-address
 * width and the configuration) and, unless the link knows the board has just been powered
 * up, RESET, so that memory starts as all zeroes as backend.h promises.
 *
 * What it refuses, before anything is sent: a physical address outside the memory HELLO
 * reported (pwrite, pread, a line, a cache line operation): a message naming the scenario
 * line and the board's memory, exit status 2 -- the board would refuse it too (BAD_ADDR),
 * and a walk there is a machine check, as it would be on the board.
 *
 * What ends the run, with a message naming the device and the request, exit status 3 (as
 * the rtl backend's watchdog): no response within the timeout (2 s by default, per request;
 * RESET gets the time its memory clear takes on top), a response the host rejects (bad CRC,
 * garbage, a wrong SEQ, type or length, bytes after it), or an error response from the board.
 * The board never executes a request twice, so none is resent.
 */
#ifndef OPENMMU_BOARD_BACKEND_H
#define OPENMMU_BOARD_BACKEND_H

#include "backend/backend.h"
#include "board/link.h"

#define BOARD_TIMEOUT_MS 2000u

typedef struct {
    bool fresh;           /* the board has just been powered up: memory zero, no RESET needed */
    unsigned timeout_ms;  /* per request; 0: BOARD_TIMEOUT_MS */
    const char *name;     /* the backend's name ("uart", "board-sim") */
} board_link_opts;

/* Takes the link (closed by destroy, or here on failure). NULL with a message: the board
 * did not answer HELLO ("board on /dev/ttyUSB0 did not answer HELLO within 2 s"), speaks
 * another protocol version, runs another configuration than opt->config, or did not RESET. */
backend *board_backend_create(board_link *link, const board_link_opts *lo, const be_options *opt, char *err,
                              size_t errlen);

/* What HELLO said (for the tests and messages). */
typedef struct {
    unsigned version, pa_bits, clks_per_bit, timeout_bits, noise;
    uint32_t clk_hz;
    uint64_t mem_base, mem_bytes;
    char config[9];
    unsigned nparams;
    uint32_t params[64];
} board_hello;
const board_hello *board_backend_hello(backend *b);

#endif

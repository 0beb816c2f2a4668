// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* A byte link to a board: what the board backend (board_backend.h) speaks its protocol over.
 *
 * Two links exist: a serial device (serial.h, `uart:DEVICE`) and the UART model in front of
 * the Verilated board top (simlink.h, `board-sim`). The protocol above sees only bytes, in
 * order, with a timeout; it never knows which link it has.
 *
 * Promises made by every link:
 *  - send() hands every byte to the wire in order, or fails with a message naming the link.
 *  - recv() returns as soon as at least one byte has arrived (up to n of them), 0 when none
 *    arrived within timeout_ms, or -1 with a message. A link's time is its own: the serial
 *    link waits that long on the wall clock; the simulated one runs the model for the time
 *    those milliseconds are at the board's baud rate (simlink.h), so a run's outcome never
 *    depends on the load of the machine.
 *  - name is what messages call the link ("/dev/ttyUSB0", "board-sim").
 */
#ifndef OPENMMU_BOARD_LINK_H
#define OPENMMU_BOARD_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct board_link board_link;

struct board_link_ops {
    bool (*send)(board_link *l, const uint8_t *buf, size_t n, char *err, size_t errlen);
    long (*recv)(board_link *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err, size_t errlen);
    void (*close)(board_link *l);
};

struct board_link {
    const struct board_link_ops *ops;
    const char *name;
};

#endif

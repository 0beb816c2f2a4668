// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The serial-device link (link.h) of `--backend uart:DEVICE[,baud=N]`.
 *
 * The device is put in raw mode, 8 data bits, no parity, one stop bit, no flow control
 * (the board's UART is 8N1 on two wires), at the given baud rate; bytes already waiting in
 * either direction are discarded when it is opened, so a board's answer to an earlier run
 * is never read as this run's. Its settings are restored when the link is closed.
 */
#ifndef OPENMMU_BOARD_SERIAL_H
#define OPENMMU_BOARD_SERIAL_H

#include "board/link.h"

#define SERIAL_BAUD_DEFAULT 115200u

/* NULL with a message naming the device: it cannot be opened, is not a terminal, or does
 * not take the baud rate (one of the standard rates termios names, 1200 to 4000000). */
board_link *serial_open(const char *path, unsigned baud, char *err, size_t errlen);

/* Parses "DEVICE[,baud=N]" (the text after "uart:"); false with a message if it is not that. */
bool serial_parse_spec(const char *spec, char *path, size_t pathlen, unsigned *baud, char *err, size_t errlen);

#endif

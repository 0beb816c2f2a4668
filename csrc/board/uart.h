// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* `--backend uart:DEVICE[,baud=N]`: the board backend (board_backend.h) on a real board
 * behind a serial device (serial.h; 115200 baud unless baud= says otherwise, which must be
 * the rate the board's bitstream was built for: HELLO reports its clocks per bit). */
#ifndef OPENMMU_BOARD_UART_H
#define OPENMMU_BOARD_UART_H

#include "backend/backend.h"

/* spec: the text after "uart:". */
backend *uart_backend_create(const char *spec, const be_options *opt, char *err, size_t errlen);

#endif

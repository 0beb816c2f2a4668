// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* `--backend uart:DEVICE` (uart.h). */
#include "uart.h"

#include "board/board_backend.h"
#include "board/serial.h"

backend *uart_backend_create(const char *spec, const be_options *opt, char *err, size_t errlen)
{
    char path[4096];
    unsigned baud;
    if (!serial_parse_spec(spec, path, sizeof path, &baud, err, errlen))
        return NULL;
    board_link *l = serial_open(path, baud, err, errlen);
    if (!l)
        return NULL;
    /* a real board may have run anything since it was configured: RESET */
    board_link_opts lo = {.fresh = false, .name = "uart"};
    return board_backend_create(l, &lo, opt, err, errlen);
}

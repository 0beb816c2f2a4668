// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* `--backend board-sim` (board_sim.h). */
#include "board_sim.h"

#include <stdlib.h>

#include "board/board_backend.h"
#include "board/simlink.h"

backend *board_sim_backend_create(const be_options *opt, char *err, size_t errlen)
{
    board_link *l = simlink_open(getenv(SIMLINK_FAULT_ENV), err, errlen);
    if (!l)
        return NULL;
    board_link_opts lo = {.fresh = true, .name = "board-sim"};
    return board_backend_create(l, &lo, opt, err, errlen);
}

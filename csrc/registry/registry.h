// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The backends by name, above every backend (none of them knows another): a name to a
 * constructor, and what each device can carry and take.
 *
 *   rtl, ref, reftlb, tlbmodel  one device each (backend.h says what each is)
 *   uart:DEVICE[,baud=N]        a board behind a serial device (board/uart.h)
 *   board-sim                   the Verilated board top behind a UART model (board/board_sim.h)
 *   lockstep                    lockstep:rtl
 *   lockstep:DEVICE             the device made by name, wrapped by lockstep (lockstep.h)
 *
 * The command lines check a name and the options that depend on it here, so that every
 * program accepts the same names with the same message.
 */
#ifndef OPENMMU_REGISTRY_H
#define OPENMMU_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "backend/backend.h"

/* Creates a backend by name; NULL with a message in err (errlen bytes) for an unknown
 * name, a bad configuration, or an option the device cannot take. */
backend *backend_create(const char *name, const be_options *opt, char *err, size_t errlen);

/* Is name a backend? false and "unknown backend 'x' (expected ...)" in err if not. */
bool be_name_ok(const char *name, char *err, size_t errlen);
/* The device of a backend name: "rtl" for "lockstep", X for "lockstep:X", else the name. */
const char *be_device_of(const char *name);
/* Is the backend lockstep (of any device)? */
bool be_is_lockstep(const char *name);
/* Does the device run the configuration it was built with (a board: uart:, board-sim)? Then
 * be_options.config NULL takes it as it is, and a name there must be it. */
bool be_own_config(const char *name);
/* The injected bugs the backend's device can carry: INJ_IN_REFTLB, INJ_IN_RTL (compiled
 * in: inject/inject.h), or 0. */
unsigned be_carries(const char *name);

#endif

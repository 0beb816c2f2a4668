// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The backend registry (registry.h). */
#include "registry.h"

#include <stdio.h>
#include <string.h>

#include "backend/ref_backend.h"
#include "backend/rtl.h"
#include "board/board_sim.h"
#include "board/uart.h"
#include "inject/inject.h"
#include "lockstep/lockstep.h"
#include "lockstep/reftlb.h"
#include "tlbmodel/tlbmodel.h"

static const struct {
    const char *name;
    backend *(*create)(const be_options *opt, char *err, size_t errlen);
    unsigned carries; /* INJ_IN_* */
    /* a device named NAME:ARGS (name ends in ':'), made from its ARGS */
    backend *(*create_with)(const char *args, const be_options *opt, char *err, size_t errlen);
    bool own_config; /* its configuration is the one it was built with (a board's: HELLO says) */
} devices[] = {
    {"rtl", rtl_backend_create, INJ_IN_RTL, NULL, false},
    {"ref", ref_backend_create, 0, NULL, false},
    {"reftlb", reftlb_backend_create, INJ_IN_REFTLB, NULL, false},
    {"tlbmodel", tlbmodel_backend_create, 0, NULL, false},
    {"uart:", NULL, 0, uart_backend_create, true},
    {"board-sim", board_sim_backend_create, 0, NULL, true},
};
#define NDEV (sizeof devices / sizeof devices[0])

bool be_is_lockstep(const char *name) { return strcmp(name, "lockstep") == 0 || strncmp(name, "lockstep:", 9) == 0; }

const char *be_device_of(const char *name)
{
    if (strcmp(name, "lockstep") == 0)
        return "rtl";
    return strncmp(name, "lockstep:", 9) == 0 ? name + 9 : name;
}

static int device_index(const char *dev)
{
    for (size_t i = 0; i < NDEV; i++)
        if (devices[i].create_with ? strncmp(devices[i].name, dev, strlen(devices[i].name)) == 0
                                   : strcmp(devices[i].name, dev) == 0)
            return (int)i;
    return -1;
}

bool be_name_ok(const char *name, char *err, size_t errlen)
{
    if (device_index(be_device_of(name)) >= 0)
        return true;
    if (strncmp(name, "lockstep:", 9) == 0 && be_is_lockstep(name + 9))
        snprintf(err, errlen, "lockstep: the device under test cannot itself be '%s'", name + 9);
    else
        snprintf(err, errlen, "unknown backend '%s' (expected rtl, ref, lockstep, reftlb, tlbmodel, "
                 "uart:DEVICE, board-sim or lockstep:DEVICE)",
                 strncmp(name, "lockstep:", 9) == 0 ? name + 9 : name);
    return false;
}

bool be_own_config(const char *name)
{
    int i = device_index(be_device_of(name));
    return i >= 0 && devices[i].own_config;
}

unsigned be_carries(const char *name)
{
    int i = device_index(be_device_of(name));
    return i < 0 ? 0 : devices[i].carries;
}

backend *backend_create(const char *name, const be_options *opt, char *err, size_t errlen)
{
    if (!be_name_ok(name, err, errlen))
        return NULL;
    const char *dev = be_device_of(name);
    int i = device_index(dev);
    backend *d = devices[i].create_with ? devices[i].create_with(dev + strlen(devices[i].name), opt, err, errlen)
                                        : devices[i].create(opt, err, errlen);
    if (!d || !be_is_lockstep(name))
        return d;
    return lockstep_wrap(d, dev, err, errlen);
}

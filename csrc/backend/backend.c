// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The backend registry: a name to a constructor. */
#include "backend.h"

#include <stdio.h>
#include <string.h>

const char *const be_counter_names[BE_NCOUNTERS] = {
#define BE_CNT_NAME(n) #n,
    BE_COUNTERS(BE_CNT_NAME)
#undef BE_CNT_NAME
};

/* Each backend's constructor. */
backend *ref_backend_create(const be_options *opt, char *err, size_t errlen);
backend *rtl_backend_create(const be_options *opt, char *err, size_t errlen);
backend *lockstep_backend_create(const be_options *opt, char *err, size_t errlen);
/* Test doubles of the lockstep checker (csrc/lockstep/): the reference model with a finite
 * TLB as the device, and lockstep against any named device ("lockstep:reftlb"). */
backend *reftlb_backend_create(const be_options *opt, char *err, size_t errlen);
/* The exact model of the RTL's TLBs (csrc/tlbmodel/): its counters are the RTL's. */
backend *tlbmodel_backend_create(const be_options *opt, char *err, size_t errlen);
backend *lockstep_create_with(const char *dut, const be_options *opt, char *err, size_t errlen);

backend *backend_create(const char *name, const be_options *opt, char *err, size_t errlen)
{
    backend *(*create)(const be_options *, char *, size_t) = NULL;
    if (strcmp(name, "ref") == 0)
        create = ref_backend_create;
    else if (strcmp(name, "rtl") == 0)
        create = rtl_backend_create;
    else if (strcmp(name, "lockstep") == 0)
        create = lockstep_backend_create;
    else if (strcmp(name, "reftlb") == 0)
        create = reftlb_backend_create;
    else if (strcmp(name, "tlbmodel") == 0)
        create = tlbmodel_backend_create;
    else if (strncmp(name, "lockstep:", 9) == 0)
        return lockstep_create_with(name + 9, opt, err, errlen);
    else {
        snprintf(err, errlen, "unknown backend '%s' (expected rtl, ref, lockstep, reftlb, tlbmodel or lockstep:DEVICE)", name);
        return NULL;
    }
    return create(opt, err, errlen);
}

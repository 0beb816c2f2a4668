// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The backend registry: a name to a constructor. */
#include "backend.h"
#include "backend/ref_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const be_counter_names[BE_NCOUNTERS] = {
#define BE_CNT_NAME(n) #n,
    BE_COUNTERS(BE_CNT_NAME)
#undef BE_CNT_NAME
};

/* Each backend's constructor. */
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

static void line_aligned(const char *op, uint64_t pa)
{
    if (pa % BE_LINE) {
        fprintf(stderr, "%s: physical address %#llx is not %u-byte aligned\n", op,
                (unsigned long long)pa, BE_LINE);
        abort();
    }
}

be_status be_line_zero(backend *b, uint64_t pa)
{
    line_aligned("be_line_zero", pa);
    if (b->ops->line_zero)
        return b->ops->line_zero(b, pa);
    for (unsigned i = 0; i < BE_LINE; i += 8)
        b->ops->pwrite(b, pa + i, 8, 0);
    return BE_OK;
}

void be_line_read(backend *b, uint64_t pa, uint64_t w[8])
{
    line_aligned("be_line_read", pa);
    if (b->ops->line_read) {
        b->ops->line_read(b, pa, w);
        return;
    }
    for (unsigned i = 0; i < 8; i++)
        w[i] = b->ops->pread(b, pa + 8 * i, 8);
}

void be_line_write(backend *b, uint64_t pa, const uint64_t w[8])
{
    line_aligned("be_line_write", pa);
    if (b->ops->line_write) {
        b->ops->line_write(b, pa, w);
        return;
    }
    for (unsigned i = 0; i < 8; i++)
        b->ops->pwrite(b, pa + 8 * i, 8, w[i]);
}

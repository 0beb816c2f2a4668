/* The backend registry: a name to a constructor. */
#include "backend.h"

#include <stdio.h>
#include <string.h>

const char *const be_counter_names[BE_NCOUNTERS] = {
#define BE_CNT_NAME(n) #n,
    BE_COUNTERS(BE_CNT_NAME)
#undef BE_CNT_NAME
};

/* Each backend's constructor. Those not landed yet are weak, so that the tree builds while
 * one is missing; a missing one reports itself at run time. A weak reference does not pull
 * an object out of libopenmmu.a, so a backend that has landed must be declared strong here. */
backend *ref_backend_create(const be_options *opt, char *err, size_t errlen);
backend *rtl_backend_create(const be_options *opt, char *err, size_t errlen) __attribute__((weak));
backend *lockstep_backend_create(const be_options *opt, char *err, size_t errlen) __attribute__((weak));

backend *backend_create(const char *name, const be_options *opt, char *err, size_t errlen)
{
    backend *(*create)(const be_options *, char *, size_t) = NULL;
    if (strcmp(name, "ref") == 0)
        create = ref_backend_create;
    else if (strcmp(name, "rtl") == 0)
        create = rtl_backend_create;
    else if (strcmp(name, "lockstep") == 0)
        create = lockstep_backend_create;
    else {
        snprintf(err, errlen, "unknown backend '%s' (expected rtl, ref or lockstep)", name);
        return NULL;
    }
    if (!create) {
        snprintf(err, errlen, "backend '%s' is not built into this binary", name);
        return NULL;
    }
    return create(opt, err, errlen);
}

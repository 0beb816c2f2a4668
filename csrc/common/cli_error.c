// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
#include "common/cli_error.h"

#include <stdarg.h>
#include <stdio.h>

int cli_bad(const char *fmt, ...)
{
    va_list ap;
    fputs("openmmu: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(openmmu --help for usage)\n", stderr);
    return 2;
}

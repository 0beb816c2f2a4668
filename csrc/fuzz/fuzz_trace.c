// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: the trace reader (csrc/trace/trace.h), through its public API only: open,
 * every record to the end or the first error, close. A malformed file must be refused
 * with a message; every sanitizer report, abort, leak or hang is a finding, and so is a
 * refusal without a message. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz/input.h"
#include "trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_input_file(data, size);
    static tr_rec rec;
    tr_header h;
    char err[512] = "";
    tr_reader *r = tr_open(path, &h, err, sizeof err);
    if (!r) {
        if (!err[0])
            abort(); /* refused without saying why */
        return 0;
    }
    int rc;
    uint64_t n = 0;
    while ((rc = tr_next(r, &rec, err, sizeof err)) == 1)
        n++;
    if (rc == -1 && !err[0])
        abort();
    /* a trace read to its end has exactly the records its header counts */
    if (rc == 0 && n != h.records)
        abort();
    tr_close(r);
    tr_header_free(&h);
    return 0;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: the scenario reader and the hardware-level ops (pwrite, pread, cr3, access,
 * invlpg, ...) run by the scenario runner on the ref backend, as `openmmu run` does.
 * Inputs naming a kernel-level op are refused (not kept in the corpus): those are
 * fuzz_scn_kernel's. Any sanitizer report, abort, leak or hang is a finding; a malformed
 * line is not (it is reported and the run stops, as it should). */
#include <stdint.h>
#include <string.h>

#include "backend/backend.h"
#include "fuzz/input.h"
#include "scenario/kop.h"
#include "scenario/scenario.h"
#include "registry/registry.h"

static bool names_kernel_op(const char *path)
{
    scn_reader *r = scn_open(path);
    if (!r)
        abort(); /* our own file: it must open */
    scn_line l;
    bool found = false;
    while (!found && scn_next(r, &l) == 1)
        found = scn_kop_find(l.argv[0]) >= 0;
    scn_close(r);
    return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_input_file(data, size);
    if (names_kernel_op(path))
        return -1;
    be_options opt = {.config = "i7"};
    char err[256];
    backend *b = backend_create("ref", &opt, err, sizeof err);
    if (!b) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    scn_ctx c = {.be = b};
    scn_run(&c, path);
    be_destroy(b);
    return 0;
}

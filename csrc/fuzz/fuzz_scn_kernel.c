// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: the kernel-level ops (spawn, fork, mmap, mremap, load, store, file, ...)
 * run through the kernel model on the ref backend, as `openmmu run --mem 256K --swap 64K`
 * does: memory this small puts reclaim, swap-out/in and the OOM killer on the common
 * path. A load that differs from the shadow memory (what the process stored) and every
 * sanitizer report, abort, leak or hang is a finding; a malformed line or a failed
 * expectation (mutated inputs change them) is not. */
#include <stdint.h>
#include <stdlib.h>

#include "backend/backend.h"
#include "fuzz/input.h"
#include "inject/inject.h"
#include "kernel/scn_kernel.h"
#include "scenario/scenario.h"
#include "registry/registry.h"

#define FUZZ_MEM  (256ull << 10)
#define FUZZ_SWAP (64ull << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_input_file(data, size);
    be_options opt = {.config = "i7"};
    char err[256];
    backend *b = backend_create("ref", &opt, err, sizeof err);
    if (!b) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    /* libFuzzer owns the command line: a bug to plant (inject/inject.h) comes from
     * OPENMMU_INJECT, as --inject takes it. */
    unsigned inject = 0;
    const char *inj = getenv("OPENMMU_INJECT");
    if (inj && *inj && (!inj_parse(inj, &inject, err, sizeof err) ||
                        !inj_check(inject, INJ_IN_KERNEL, "fuzz_scn_kernel", err, sizeof err))) {
        fprintf(stderr, "fuzz: OPENMMU_INJECT: %s\n", err);
        abort();
    }
    scn_kmodel m = {.opts = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = FUZZ_MEM, .inject = inject, .swap_size = FUZZ_SWAP}};
    scn_ctx c = {.be = b};
    scn_kmodel_attach(&c, &m);
    scn_run(&c, path);
    scn_kmodel_end(&m);
    be_destroy(b);
    /* a mutated expectation may fail; a load that lost what was stored is a model bug */
    if (c.shadow_bad)
        abort();
    return 0;
}

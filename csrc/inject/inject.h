// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Injected bugs: real defects planted on purpose, so that the tests prove each checker
 * (expectations, lockstep, the shadow memory, the random tester) catches what it must.
 *
 * One list (inject.def: name, what it breaks, which component can carry it, which test
 * catches it) and one way to ask: `--inject NAME[,NAME...]` (openmmu run, random, replay;
 * a fuzz target, whose command line libFuzzer owns, reads OPENMMU_INJECT). Each bug goes
 * to the component that carries it: the reftlb device (be_options.inject), the kernel
 * model (kernel_opts.inject), or the RTL, where bugs are compiled in (the `small` model of
 * the program openmmu-inject-VARIANT, which openmmu runs in its place). A bug asked of a
 * run with nothing that can carry it is an error (inj_check), never ignored.
 */
#ifndef OPENMMU_INJECT_H
#define OPENMMU_INJECT_H

#include <stdbool.h>
#include <stddef.h>

/* Which component can carry a bug. */
#define INJ_IN_REFTLB 1u
#define INJ_IN_RTL    2u
#define INJ_IN_KERNEL 4u

enum {
#define INJ(id, name, carriers, variant, what, caught) INJ_IDX_##id,
#include "inject.def"
#undef INJ
    INJ_COUNT
};
/* INJ_<ID>: the bug's bit in be_options.inject / kernel_opts.inject. */
enum {
#define INJ(id, name, carriers, variant, what, caught) INJ_##id = 1u << INJ_IDX_##id,
#include "inject.def"
#undef INJ
};

typedef struct {
    const char *name;
    unsigned carriers;   /* INJ_IN_* */
    const char *variant; /* the RTL variant program's suffix, "" if none */
    const char *what;
    const char *caught;
} inj_bug;
extern const inj_bug inj_bugs[INJ_COUNT];

/* The bits of every bug the carrier (INJ_IN_*) can hold. */
unsigned inj_carried_by(unsigned carrier);
/* Parses "name[,name...]" ("none" for none; '_' may stand for '-') into bits. false, and
 * "unknown bug 'x' (known: ...)" in err, on an unknown name. */
bool inj_parse(const char *list, unsigned *bits, char *err, size_t errlen);
/* false, and in err "WHO cannot carry the injected bug 'x' (carried by ...)", if bits holds
 * a bug the carrier (INJ_IN_*, 0 for none) cannot hold. */
bool inj_check(unsigned bits, unsigned carrier, const char *who, char *err, size_t errlen);
/* The names of bits, comma-separated, into buf ("none" for 0). */
const char *inj_names(unsigned bits, char *buf, size_t len);

#endif

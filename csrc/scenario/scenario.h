// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* Scenario files (docs/scenario.md): reading, number parsing, expectations, and the op tables.
 *
 * A scenario is read one line at a time and each line is executed before the next is read,
 * so the first malformed line stops the run with nothing after it executed. Every input
 * error is reported as "FILE:LINE: message" on stderr.
 *
 * The hardware-level ops (pwrite, pread, cr3, cr0, cr4, efer, invlpg, invpcid, access) live
 * in scn_hw.c, with the extensions cr2, ld and the cache-maintenance ops; the kernel-level
 * ops (spawn, fork, mmap, load, ...) are parsed in kop.c and run by one of two kernels
 * behind scn_kimpl (kop.h): the kernel model or the real Linux kernel. The runner finds an
 * op by name in either table.
 */
#ifndef OPENMMU_SCENARIO_H
#define OPENMMU_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../backend/backend.h"

#define SCN_MAX_ARGS 16
#define SCN_RESULT_MAX 65536
#define SCN_LINE_MAX 65536 /* characters in one line, comment included, newline excluded */

typedef struct {
    const char *file;
    unsigned line;
    int argc;
    char *argv[SCN_MAX_ARGS]; /* argv[0] is the op name; tokens before "=>" */
    bool has_expect;
    char *expect;             /* the text after "=>", trimmed; NULL if none */
} scn_line;

typedef struct scn_reader scn_reader;

/* Opens a scenario ("-" is stdin). NULL and a message on stderr if it cannot be read. */
scn_reader *scn_open(const char *path);
/* Next non-empty line: 1 and *out filled (valid until the next call), 0 at end of file,
 * -1 after reporting a lexical error (over-long line, too many fields, empty "=>"). */
int scn_next(scn_reader *r, scn_line *out);
void scn_close(scn_reader *r);

/* Prints "FILE:LINE: message" to stderr. */
void scn_error(const scn_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Decimal or 0x hex, the whole string, no overflow. */
bool scn_parse_u64(const char *s, uint64_t *out);
/* As scn_parse_u64, reporting "bad number 'x' for FIELD" through scn_error on failure. */
bool scn_arg_u64(const scn_line *l, int i, const char *field, uint64_t *out);
/* Checks l->argc (which counts the op name) is within [min, max]; otherwise reports
 * "OP: missing FIELD (usage: OP USAGE)" or "OP: unexpected 'x' (usage: OP USAGE)", naming
 * the first missing field from usage (e.g. "PA SIZE VALUE"). */
bool scn_argc(const scn_line *l, int min, int max, const char *usage);
/* execve's program arguments: l->argv[first] and what follows, up to "--", go to argv (the
 * program name first), what follows "--" to envp; both end with NULL. Each array must hold
 * SCN_MAX_ARGS + 1 entries. */
void scn_exec_args(const scn_line *l, int first, char **argv, int *argc, char **envp, int *envc);
/* mremap's flags from l->argv[first] on: `maymove`, `fixed NEWADDR`, `dontunmap`, in any
 * order, each at most once, into Linux's MREMAP_* bits (MAYMOVE 1, FIXED 2, DONTUNMAP 4)
 * and *new_addr (0 without `fixed`). false after reporting what is wrong. */
#define SCN_MREMAP_USAGE "PID OLD OLDLEN NEWLEN [maymove] [fixed NEWADDR] [dontunmap]"
bool scn_mremap_flags(const scn_line *l, int first, unsigned *flags, uint64_t *new_addr);

/* Does a result match an expectation? Tokens compare one by one: two numbers by value
 * (0x2a == 42), anything else as text. */
bool scn_result_matches(const char *result, const char *expect);

/* Runner state shared by every op. */
struct scn_kimpl;
typedef struct scn_ctx {
    backend *be;        /* the hardware-level ops' device; NULL when there is none (linuxrun) */
    /* The kernel behind the kernel-level ops (kop.h), and its state: the kernel model
     * (scn_kmodel_attach) or the real Linux kernel (scn_linux_attach). NULL: a line of a
     * kernel-level op is refused. */
    const struct scn_kimpl *kimpl;
    void *kself;
    bool kernel_started; /* a kernel-level op has run: the kernel owns the machine */
    FILE *results;      /* --results JSON lines, or NULL */
    bool hide_listings; /* a listing (maps) without an expectation is not printed on stdout */
    unsigned mismatches;
    unsigned shadow_bad; /* of those, loads that differ from the shadow memory (model bugs) */
    unsigned ops;
    /* Hardware-level state the backend interface cannot read back. A zeroed scn_ctx is
     * at reset: cr4_valid=false means CR4 still holds its reset value (PGE=1, rest 0). */
    bool cr4_valid;
    be_cr4 cr4;
    uint64_t cr2;       /* CR2 of the last page fault an `access` line took; 0 at reset */
    char *big_res;      /* a result longer than the runner's buffer (maps of many areas):
                         * malloc'd by the op, used instead of res and freed by the runner */
    /* Called after each line that ran, with its result, once the result is out; -1 (after
     * scn_error) ends the run as an input error does. Set by the program (linuxrun
     * --annotate). NULL: none. */
    int (*after_op)(struct scn_ctx *c, const scn_line *l, const char *res);
    void *after_arg;
} scn_ctx;

/* An op executes one line. It returns 0 and writes its result (exactly as an "=> EXPECTED"
 * for the line would be written) to res, or -1 after reporting an input error with
 * scn_error. An op whose result is a list of lines (maps) writes them '\n'-separated and
 * sets *multiline. */
typedef int (*scn_op_fn)(scn_ctx *c, const scn_line *l, char *res, size_t reslen, bool *multiline);

typedef struct {
    const char *name;
    scn_op_fn fn;
} scn_op;

extern const scn_op scn_hw_ops[];     /* terminated by {NULL, NULL}; the kernel-level ops: kop.h */

/* Writes one --results JSON line for l's result: {"line": N, "op": "OP", "result": "..."},
 * or with multiline {"line": N, "op": "OP", "lines": ["...", ...]}; strings JSON-escaped. */
void scn_json_result(FILE *f, const scn_line *l, const char *res, bool multiline);

/* Runs a whole scenario. Returns 0 if every line ran and matched, 1 if an expectation
 * failed (each reported as FILE:LINE), 2 on an input error (nothing after it ran). */
int scn_run(scn_ctx *c, const char *path);

#endif

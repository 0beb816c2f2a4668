// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* `openmmu explain`: runs a scenario on ref, rtl or both, each behind the explain tap, and
 * prints the accesses of one line as each side saw them (show.h). */
#include "explain/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cli_error.h"
#include "explain/show.h"
#include "explain/tap.h"
#include "kernel/kernel.h"
#include "kernel/scn_kernel.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */
#include "scenario/scenario.h"
#include "registry/registry.h"
#include "tlbmodel/geom.h"

void explain_usage(FILE *f)
{
    fputs("  openmmu explain [options] FILE.scn LINE\n"
          "                                   the accesses of one scenario line, step by step: the\n"
          "                                   entries read, the rules applied, TLB and PSC lookups,\n"
          "                                   A/D updates, the result, the kernel's decisions\n"
          "options of explain (docs/waveforms.md, \"openmmu explain\"):\n"
          "  --backend both|rtl|ref      whose account (default both: side by side, '*' marks a\n"
          "                              row where they differ, and the exit status is then 1;\n"
          "                              '~' a TLB or PSC entry unlike what ref would cache now)\n"
          "  --config CFG                the RTL's configuration: " OPENMMU_CONFIG_CHOICES "\n"
          "                              (rtl/configs.txt; default " OPENMMU_CONFIG_DEFAULT ")\n"
          "  --mem-latency N             the RTL's memory latency in cycles\n"
          "  --access N                  only the line's Nth access (1 is the first)\n",
          f);
}

/* The text of line `line` of path, without its newline ("" if it cannot be read). */
static void line_text(const char *path, unsigned line, char *out, size_t n)
{
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char buf[4096];
    for (unsigned i = 1; fgets(buf, sizeof buf, f); i++)
        if (i == line) {
            buf[strcspn(buf, "\n")] = '\0';
            snprintf(out, n, "%s", buf);
            break;
        }
    fclose(f);
}

/* Runs the scenario on backend name behind a tap. NULL after a message (exit 2). */
static xp_tap *run_side(const char *name, const be_options *o, const char *file, unsigned line, int *rc)
{
    char err[256];
    backend *b = backend_create(name, o, err, sizeof err);
    if (!b) {
        fprintf(stderr, "openmmu explain: --backend %s: %s\n", name, err);
        *rc = 2;
        return NULL;
    }
    xp_tap *t = xp_tap_new(b, line);
    /* What the scenario itself prints (a listing without an expectation: maps) would run
     * into the report, once a side: standard output goes to /dev/null meanwhile. Its
     * messages (a failed expectation) stay on standard error. */
    fflush(stdout);
    int saved = dup(STDOUT_FILENO), quiet = open("/dev/null", O_WRONLY);
    if (saved >= 0 && quiet >= 0)
        dup2(quiet, STDOUT_FILENO);
    scn_ctx c = {.be = xp_tap_backend(t)};
    scn_kmodel m = {.opts = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = KMEM_SIZE_DEFAULT, .swap_size = KSWAP_SIZE_DEFAULT}};
    scn_kmodel_attach(&c, &m);
    *rc = scn_run(&c, file);
    scn_kmodel_end(&m);
    fflush(stdout);
    if (saved >= 0 && quiet >= 0)
        dup2(saved, STDOUT_FILENO);
    if (saved >= 0)
        close(saved);
    if (quiet >= 0)
        close(quiet);
    return t;
}

int explain_cli(int argc, char **argv)
{
    const char *which = "both", *file = NULL, *line_arg = NULL;
    be_options o = {.config = OPENMMU_CONFIG_DEFAULT};
    uint64_t only = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0) {
            explain_usage(stdout);
            return 0;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (!file)
                file = a;
            else if (!line_arg)
                line_arg = a;
            else
                return cli_bad("explain: unexpected argument '%s' (usage: openmmu explain [options] FILE.scn LINE)", a);
            continue;
        }
        const char *eq = strchr(a, '=');
        char name[32];
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        if (n >= sizeof name)
            return cli_bad("explain: unknown option '%s'", a);
        memcpy(name, a, n);
        name[n] = '\0';
        if (strcmp(name, "--backend") && strcmp(name, "--config") && strcmp(name, "--mem-latency") &&
            strcmp(name, "--access"))
            return cli_bad("explain: unknown option '%s' (options: --backend, --config, --mem-latency, --access)", name);
        const char *val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!val)
            return cli_bad("explain: option '%s' needs a value", name);
        uint64_t v;
        if (strcmp(name, "--backend") == 0) {
            if (strcmp(val, "both") && strcmp(val, "rtl") && strcmp(val, "ref"))
                return cli_bad("explain: --backend: '%s' (expected both, rtl or ref: the two sides that report "
                               "their own walks)", val);
            which = val;
        } else if (strcmp(name, "--config") == 0) {
            char cerr[160];
            if (!tlb_geom_config_known(val, cerr, sizeof cerr))
                return cli_bad("explain: --config: %s", cerr);
            o.config = val;
        } else if (strcmp(name, "--mem-latency") == 0) {
            if (!scn_parse_u64(val, &v) || v > 100000)
                return cli_bad("explain: --mem-latency: bad number '%s'", val);
            o.mem_latency = (unsigned)v;
        } else {
            if (!scn_parse_u64(val, &only) || only == 0 || only > 1000000)
                return cli_bad("explain: --access: bad number '%s' (1 is the line's first access)", val);
        }
    }
    uint64_t line;
    if (!file || !line_arg)
        return cli_bad("explain: missing the %s (usage: openmmu explain [options] FILE.scn LINE)",
                       file ? "LINE" : "scenario FILE and LINE");
    if (!scn_parse_u64(line_arg, &line) || line == 0 || line > UINT32_MAX)
        return cli_bad("explain: bad LINE '%s' (a line number of %s, 1 is the first)", line_arg, file);
    if (strcmp(file, "-") == 0)
        return cli_bad("explain: the scenario must be a file (it is run once on each side), not standard input");

    bool ref = strcmp(which, "rtl") != 0, rtl = strcmp(which, "ref") != 0;
    int rc_ref = 0, rc_rtl = 0;
    xp_tap *tref = ref ? run_side("ref", &(be_options){0}, file, (unsigned)line, &rc_ref) : NULL;
    if (ref && (!tref || rc_ref == 2)) {
        xp_tap_free(tref);
        return 2;
    }
    xp_tap *trtl = rtl ? run_side("rtl", &o, file, (unsigned)line, &rc_rtl) : NULL;
    if (rtl && (!trtl || rc_rtl == 2)) {
        xp_tap_free(tref);
        xp_tap_free(trtl);
        return 2;
    }
    const xp_tap *any = tref ? tref : trtl;
    if (!xp_tap_line_ran(any)) {
        fprintf(stderr, "%s:%llu: explain: no operation on this line (blank, a comment, or past the end)\n", file,
                (unsigned long long)line);
        xp_tap_free(tref);
        xp_tap_free(trtl);
        return 2;
    }
    size_t nacc;
    xp_tap_accesses(any, &nacc);
    if (only > nacc) {
        fprintf(stderr, "%s:%llu: explain: --access %llu: the line made %zu access%s\n", file,
                (unsigned long long)line, (unsigned long long)only, nacc, nacc == 1 ? "" : "es");
        xp_tap_free(tref);
        xp_tap_free(trtl);
        return 2;
    }
    char text[4096];
    line_text(file, (unsigned)line, text, sizeof text);
    printf("%s:%llu: %s\n", file, (unsigned long long)line, text);
    printf("%zu access%s on this line (%s%s%s)\n", nacc, nacc == 1 ? "" : "es", ref ? "ref" : "",
           ref && rtl ? " and " : "", rtl ? "rtl" : "");
    unsigned cached = 0, diffs = xp_show(stdout, tref, trtl, (unsigned)only, &cached);
    if (ref && rtl) {
        printf(diffs ? "\n%u row%s differ (marked '*')\n" : "\nref and rtl agree on every row\n", diffs,
               diffs == 1 ? "" : "s");
        if (cached)
            printf("%u cached entr%s from what ref would cache now (marked '~')\n", cached,
                   cached == 1 ? "y differs" : "ies differ");
    }
    xp_tap_free(tref);
    xp_tap_free(trtl);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "openmmu explain: standard output: cannot write: %s\n", strerror(errno ? errno : EIO));
        return 2;
    }
    return diffs ? 1 : 0;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* `openmmu trace record|info|import` and `openmmu replay`: option parsing and the report
 * of `trace info`; the work is in record.c, the importers and replay.c. */
#include "trace/cli.h"

#include "backend/wave_on_fail.h"
#include "common/cli_error.h"
#include "inject/inject.h"
#include "registry/registry.h"
#include "trace/import.h"
#include "trace/record.h"
#include "trace/replay.h"
#include "trace/trace.h"

#include "kernel/kernel.h"
#include "scenario/scenario.h"
#include "tlbmodel/geom.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void trace_usage(FILE *f)
{
    fputs("  openmmu trace record [-o FILE] -- PROG [ARGS...]\n"
          "                                   run PROG under Valgrind and write its trace (default\n"
          "                                   FILE: PROG's name + .omt)\n"
          "  openmmu trace info FILE          the trace's header and counts (checks every checksum)\n"
          "  openmmu trace import --format lackey|champsim [-o FILE] IN\n"
          "                                   convert Valgrind lackey text or a ChampSim trace\n"
          "  openmmu replay [options] TRACE   replay a trace through the kernel model on a backend\n"
          "options of replay:\n"
          "  --backend ref|reftlb|tlbmodel|rtl|lockstep|lockstep:DEVICE  (default ref)\n"
          "  --config " OPENMMU_CONFIG_CHOICES " (rtl/configs.txt; default " OPENMMU_CONFIG_DEFAULT ")\n"
          "  --mem SIZE (default 256M), --stats (JSON of the counters)\n"
          "  --tlb KEY=VAL[,KEY=VAL...]   TLB geometry over the config's (tlbmodel; rtl: must match)\n"
          "  --inject NAME[,NAME...]      plant the kernel model's bugs (csrc/inject/inject.def)\n"
          "  --skip N                     replay the first N records on ref, then move the kernel to\n"
          "                               the backend (the same memory bytes: exact); its TLBs and\n"
          "                               caches start cold; --stats counts only what follows\n"
          "  --limit N                    end after N measured records\n"
          "  --wave-on-fail FILE, --wave-before N  rtl, lockstep: the cycles around the first\n"
          "                               disagreement or divergence, as openmmu run writes them\n"
          "  --progress / --no-progress   a progress bar on stderr (default: when it is a terminal)\n",
          f);
}


static int cmd_info(int argc, char **argv)
{
    if (argc != 1)
        return cli_bad("trace info: expected one FILE");
    char err[512];
    tr_header h = {0};
    tr_reader *r = tr_open(argv[0], &h, err, sizeof err);
    if (!r) {
        fprintf(stderr, "openmmu: %s\n", err);
        return 2;
    }
    tr_rec *t = malloc(sizeof *t);
    uint64_t pages = 0, bytes = 0, by_type[32] = {0};
    int n = -1;
    snprintf(err, sizeof err, "out of memory");
    /* Distinct 4 KiB pages touched, by an open-addressing set. */
    size_t cap = 1 << 16, used = 0;
    uint64_t *set = calloc(cap, sizeof *set);
    while (t && set && (n = tr_next(r, t, err, sizeof err)) > 0) {
        by_type[t->type & 31]++;
        if (t->type > TR_STORE)
            continue;
        bytes += t->size;
        for (uint64_t pg = t->va >> 12; pg <= (t->va + t->size - 1) >> 12; pg++) {
            uint64_t key = pg + 1;
            size_t i = (size_t)(key * 0x9e3779b97f4a7c15ull >> 40) & (cap - 1);
            while (set[i] && set[i] != key)
                i = (i + 1) & (cap - 1);
            if (set[i])
                continue;
            set[i] = key;
            if (++used * 2 > cap) {
                size_t ncap = cap * 2;
                uint64_t *ns = calloc(ncap, sizeof *ns);
                if (!ns) {
                    n = -1;
                    snprintf(err, sizeof err, "out of memory");
                    break;
                }
                for (size_t j = 0; j < cap; j++)
                    if (set[j]) {
                        size_t q = (size_t)(set[j] * 0x9e3779b97f4a7c15ull >> 40) & (ncap - 1);
                        while (ns[q])
                            q = (q + 1) & (ncap - 1);
                        ns[q] = set[j];
                    }
                free(set);
                set = ns;
                cap = ncap;
            }
        }
    }
    pages = used;
    free(set);
    free(t);
    tr_close(r);
    if (n < 0) {
        fprintf(stderr, "openmmu: %s\n", err);
        tr_header_free(&h);
        return 2;
    }
    printf("format:   openmmu trace version %u\n", h.version);
    printf("tool:     %s\n", h.tool);
    printf("program: ");
    for (unsigned i = 0; i < h.argc; i++)
        printf(" %s", h.argv[i]);
    printf("\n");
    printf("values:   %s\n", (h.flags & TRF_VALUES) ? "recorded" : "not recorded");
    printf("address space: %s\n",
           (h.flags & TRF_EVENTS) ? "events recorded" : "no events (replay maps anonymous pages on first touch)");
    printf("records:  %llu\n", (unsigned long long)h.records);
    printf("fetches:  %llu\nloads:    %llu\nstores:   %llu\nevents:   %llu\n", (unsigned long long)h.fetches,
           (unsigned long long)h.loads, (unsigned long long)h.stores, (unsigned long long)h.events);
    static const uint8_t ev[] = {TR_SEGMENT, TR_FILE, TR_MMAP, TR_MUNMAP, TR_MPROTECT, TR_MREMAP, TR_BRK};
    for (size_t i = 0; i < sizeof ev; i++)
        printf("  %-9s %llu\n", tr_type_name(ev[i]), (unsigned long long)by_type[ev[i]]);
    printf("pages:    %llu distinct 4 KiB pages touched\n", (unsigned long long)pages);
    printf("bytes:    %llu accessed\n", (unsigned long long)bytes);
    tr_header_free(&h);
    return 0;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int cmd_record(int argc, char **argv)
{
    const char *out = NULL;
    int i = 0;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strncmp(argv[i], "-o", 2) == 0 && argv[i][2])
            out = argv[i] + 2;
        else if (argv[i][0] == '-')
            return cli_bad("trace record: unknown option '%s'", argv[i]);
        else
            break;
    }
    if (i >= argc)
        return cli_bad("trace record: missing the program (trace record [-o FILE] -- PROG [ARGS...])");
    char def[4096];
    if (!out) {
        snprintf(def, sizeof def, "%s.omt", base_name(argv[i]));
        out = def;
    }
    return trace_record(out, argc - i, argv + i);
}

static int cmd_import(int argc, char **argv)
{
    const char *fmt = NULL, *out = NULL, *in = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "--format") == 0 || strcmp(a, "-o") == 0) && i + 1 < argc)
            *(a[1] == 'o' ? &out : &fmt) = argv[++i];
        else if (strncmp(a, "--format=", 9) == 0)
            fmt = a + 9;
        else if (a[0] == '-' && a[1])
            return cli_bad("trace import: unknown option '%s'", a);
        else if (in)
            return cli_bad("trace import: more than one input ('%s' after '%s')", a, in);
        else
            in = a;
    }
    if (!fmt || (strcmp(fmt, "lackey") && strcmp(fmt, "champsim")))
        return cli_bad("trace import: --format lackey or --format champsim is needed");
    if (!in)
        return cli_bad("trace import: missing the input file");
    char def[4096];
    if (!out) {
        snprintf(def, sizeof def, "%s.omt", base_name(in));
        out = def;
    }
    char err[512];
    char *args[] = {(char *)in};
    tr_writer *w = tw_open(out, strcmp(fmt, "lackey") == 0 ? "import-lackey" : "import-champsim", 0, 1, args, err,
                           sizeof err);
    if (!w) {
        fprintf(stderr, "openmmu: trace import: %s\n", err);
        return 2;
    }
    int rc;
    if (strcmp(fmt, "lackey") == 0) {
        FILE *f = strcmp(in, "-") == 0 ? stdin : fopen(in, "r");
        if (!f) {
            snprintf(err, sizeof err, "%s: cannot open: %s", in, strerror(errno));
            rc = 2;
        } else {
            rc = import_lackey(f, in, NULL, w, err, sizeof err);
            if (f != stdin)
                fclose(f);
        }
    } else {
        rc = import_champsim(in, w, err, sizeof err);
    }
    char err2[512];
    tr_header h = {0};
    tw_counts(w, &h);
    if (!tw_close(w, err2, sizeof err2) && !rc) {
        snprintf(err, sizeof err, "%s", err2);
        rc = 2;
    }
    if (rc) {
        fprintf(stderr, "openmmu: trace import: %s\n", err);
        unlink(out);
        return rc;
    }
    fprintf(stderr, "trace import: %llu records (%llu fetches, %llu loads, %llu stores, %llu events) in %s\n",
            (unsigned long long)h.records, (unsigned long long)h.fetches, (unsigned long long)h.loads,
            (unsigned long long)h.stores, (unsigned long long)h.events, out);
    return 0;
}

static bool size_arg(const char *opt, const char *val, uint64_t *out)
{
    char buf[64];
    size_t n = strlen(val);
    unsigned shift = 0;
    if (n && n < sizeof buf && strchr("KkMmGg", val[n - 1])) {
        char c = (char)(val[n - 1] | 0x20);
        shift = c == 'k' ? 10 : c == 'm' ? 20 : 30;
        memcpy(buf, val, n - 1);
        buf[n - 1] = '\0';
        val = buf;
    }
    uint64_t v;
    if (!scn_parse_u64(val, &v) || v > (1ull << 40) >> shift || ((v << shift) & 4095) || v == 0) {
        cli_bad("%s: bad size '%s' (bytes, a whole number of 4 KiB pages, or with K, M or G)", opt, val);
        return false;
    }
    *out = v << shift;
    return true;
}

static int cmd_replay(int argc, char **argv)
{
    be_options be = {.config = OPENMMU_CONFIG_DEFAULT};
    replay_opts o = {.backend = "ref", .be = &be, .mem_size = KMEM_SIZE_DEFAULT, .progress = isatty(2)};
    const char *wave_on_fail = NULL;
    uint64_t before = 0;
    bool before_set = false;
    for (int i = 0; i < argc; i++) {
        char name[64];
        const char *a = argv[i], *val = NULL, *eq = strchr(a, '=');
        if (strncmp(a, "--", 2) != 0) {
            if (o.trace)
                return cli_bad("replay: more than one trace ('%s' after '%s')", a, o.trace);
            o.trace = a;
            continue;
        }
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        if (n >= sizeof name)
            return cli_bad("replay: unknown option '%s'", a);
        memcpy(name, a, n);
        name[n] = '\0';
        if (strcmp(name, "--stats") == 0 || strcmp(name, "--progress") == 0 || strcmp(name, "--no-progress") == 0) {
            if (eq)
                return cli_bad("%s takes no value", name);
            if (name[2] == 's')
                o.stats = true;
            else
                o.progress = name[2] == 'p';
            continue;
        }
        val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!val)
            return cli_bad("replay: option '%s' needs a value", name);
        if (strcmp(name, "--backend") == 0) {
            char berr[160];
            if (!be_name_ok(val, berr, sizeof berr))
                return cli_bad("--backend: %s", berr);
            o.backend = val;
        } else if (strcmp(name, "--config") == 0) {
            char cerr[160];
            if (!tlb_geom_config_known(val, cerr, sizeof cerr))
                return cli_bad("--config: %s", cerr);
            be.config = val;
        } else if (strcmp(name, "--tlb") == 0) {
            be.tlb = val;
        } else if (strcmp(name, "--inject") == 0) {
            char ierr[512];
            if (!inj_parse(val, &o.kernel_inject, ierr, sizeof ierr))
                return cli_bad("--inject: %s", ierr);
            if (!inj_check(o.kernel_inject, INJ_IN_KERNEL, "replay (it plants only the kernel model's bugs)", ierr,
                           sizeof ierr))
                return cli_bad("--inject: %s", ierr);
        } else if (strcmp(name, "--mem") == 0) {
            if (!size_arg(name, val, &o.mem_size))
                return 2;
        } else if (strcmp(name, "--wave-on-fail") == 0) {
            wave_on_fail = val;
        } else if (strcmp(name, "--wave-before") == 0) {
            if (!scn_parse_u64(val, &before) || before > UINT64_MAX / 4)
                return cli_bad("%s: bad number '%s'", name, val);
            before_set = true;
        } else if (strcmp(name, "--skip") == 0 || strcmp(name, "--limit") == 0) {
            uint64_t v;
            if (!scn_parse_u64(val, &v))
                return cli_bad("%s: bad number '%s'", name, val);
            *(name[2] == 's' ? &o.skip : &o.limit) = v;
        } else {
            return cli_bad("replay: unknown option '%s'", name);
        }
    }
    if (!o.trace)
        return cli_bad("replay: missing the TRACE file");
    char gerr[256];
    if (!tlb_geom_option_ok(o.backend, be.config, be.tlb, gerr, sizeof gerr))
        return cli_bad("%s", gerr);
    if (before_set && !wave_on_fail)
        return cli_bad("--wave-before needs --wave-on-fail FILE");
    if (wave_on_fail) {
        if (strcmp(be_device_of(o.backend), "rtl") != 0)
            return cli_bad("--wave-on-fail: the %s backend has no waveform (use rtl or lockstep)", o.backend);
        struct stat st;
        if (stat(wave_on_fail, &st) == 0 && (!S_ISREG(st.st_mode) || strcmp(wave_on_fail, o.trace) == 0))
            return cli_bad("--wave-on-fail '%s': not a regular file, or the trace itself", wave_on_fail);
        wof_arm(wave_on_fail, before_set ? before : WOF_BEFORE_DEFAULT);
    }

    return replay_run(&o);
}

int trace_cli(int argc, char **argv)
{
    if (strcmp(argv[0], "replay") == 0)
        return cmd_replay(argc - 1, argv + 1);
    if (argc < 2)
        return cli_bad("trace: expected record, info or import");
    if (strcmp(argv[1], "record") == 0)
        return cmd_record(argc - 2, argv + 2);
    if (strcmp(argv[1], "info") == 0)
        return cmd_info(argc - 2, argv + 2);
    if (strcmp(argv[1], "import") == 0)
        return cmd_import(argc - 2, argv + 2);
    return cli_bad("trace: unknown subcommand '%s' (expected record, info or import)", argv[1]);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* openmmu: the command-line front end. Runs a scenario file or the random tester on one
 * backend and reports the result through its exit status, listed once, in usage(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/backend.h"
#include "backend/wave_on_fail.h"
#include "backend/wave_vcd.h"
#include "common/cli_error.h"
#include "explain/cli.h"
#include "kernel/kernel.h"
#include "inject/inject.h"
#include "kernel/scn_kernel.h"
#include "openmmu_configs.h" /* generated from rtl/configs.txt (tools/configs.py cheader) */
#include "scenario/scenario.h"
#include "tlbmodel/geom.h"
#include "trace/cli.h"

#include "workloads/randtest.h"
#include "registry/registry.h"

static void usage(FILE *f)
{
    fputs(
"openmmu - drive the openmmu x86-64 MMU: the Verilated RTL, the C reference model, or\n"
"both in lockstep (every result and every A/D bit compared).\n"
"\n"
"usage:\n"
"  openmmu run [options] FILE.scn   run a scenario file ('-' reads standard input)\n"
"  openmmu random [options]         random page tables and accesses, checked as they run\n",
        f);
    explain_usage(f);
    fputs("  openmmu --help                   this text\n"
          "real programs (docs/trace.md):\n", f);
    trace_usage(f);
    fputs(
"\n"
"A scenario is a text file with one operation a line (format: docs/scenario.md), e.g.\n"
"    pwrite 0x1000 8 0x2003          # PML4E: present, writable\n"
"    access 0x7000 r s 8 => pa 0x5000\n"
"A line ending in '=> EXPECTED' fails the run (FILE:LINE: expected X, got Y) on a mismatch;\n"
"the run continues so that every mismatch is shown.\n"
"\n"
"options (both subcommands):\n"
"  --backend NAME              which MMU to drive (default rtl):\n"
"                              rtl       the Verilated RTL\n"
"                              ref       the C reference model (no TLB: always fresh)\n"
"                              lockstep  rtl and ref together, every result compared\n"
"                              reftlb    the reference model with a finite TLB that keeps\n"
"                                        stale entries as hardware may (a second device\n"
"                                        for lockstep, fast)\n"
"                              tlbmodel  the exact, untimed model of the RTL's TLBs: the\n"
"                                        rtl backend's TLB counters at any --tlb geometry\n"
"                              uart:DEVICE[,baud=N]  the board (docs/board.md) behind a serial\n"
"                                        device, 115200 baud unless baud= says otherwise\n"
"                              board-sim the same board top Verilated behind a UART model\n"
"                              lockstep:DEVICE  lockstep of ref against DEVICE (e.g. reftlb)\n"
"  --config CFG                TLB and cache geometry: " OPENMMU_CONFIG_CHOICES "\n"
"                              (rtl/configs.txt; default " OPENMMU_CONFIG_DEFAULT ")\n"
"  --tlb KEY=VAL[,KEY=VAL...]  TLB geometry over the config's, keys as the RTL's parameters\n"
"                              (ITlbSets, L2Ways, PscPdeEntries, ...: docs/tlbmodel.md);\n"
"                              tlbmodel applies it, rtl refuses one it was not built with\n"
"  --mem-latency N             memory latency in cycles, timed backends (default: the backend's)\n"
"  --mem-beat N                memory bandwidth: cycles per 8-byte AXI data beat (rtl; default 1)\n"
"  --stats                     after the run, print every performance counter as one JSON\n"
"                              object on standard output\n"
"  --wave FILE                 dump an FST waveform of the RTL (rtl and lockstep only;\n"
"                              FILE.vcd: VCD, converted by GTKWave's fst2vcd);\n"
"                              its time runs 2 steps a clock cycle (cycle C at 2C), in ps\n"
"  --wave-from C, --wave-to C  only cycles C.. / ..C of it (--wave-to at least 1)\n"
"  --wave-on-fail FILE         rtl, lockstep: at the first failure (expectation, lockstep\n"
"                              divergence, AXI4 violation, watchdog) write an FST of the\n"
"                              cycles around it to FILE (run again from a snapshot:\n"
"                              docs/waveforms.md) and print the GTKWave command\n"
"  --wave-before N             cycles before the failure in that window (default 1000;\n"
"                              16 after it)\n"
"  --inject NAME[,NAME...]     inject known bugs to prove a checker catches them (the\n"
"                              list: csrc/inject/inject.def). The device's go to reftlb\n"
"                              (no-dirty, psc-keep, tlb-keep, pcid-false-hit, global-keep),\n"
"                              the kernel model's to the kernel (run: skip-invlpg-mprotect,\n"
"                              cow-wrong-frame, skip-dirty-check, skip-invlpg-reclaim); the\n"
"                              RTL's are compiled into the openmmu-inject-* programs\n"
"                              (make inject-models); anything else is refused\n"
"options of run:\n"
"  --mem SIZE                  kernel scenarios: simulated physical memory (default 256M;\n"
"                              SIZE in bytes, or with K, M, G or T); under pressure the kernel\n"
"                              reclaims, swaps and at last kills the largest process\n"
"  --swap SIZE                 kernel scenarios: swap area size (default 64M; 0: no swap)\n"
"  --swap-file PATH            the swap area's host file (default: a temporary file)\n"
"  --thp always|madvise|never  kernel scenarios: transparent huge pages (default madvise:\n"
"                              only areas given madvise ... hugepage)\n"
"  --nr-hugepages N            kernel scenarios: 2 MiB pages set aside for MAP_HUGETLB\n"
"                              (default 0)\n"
"  --kaccess page|word|phys    kernel scenarios: how the kernel's own accesses (page clears\n"
"                              and copies, page-table entries) reach memory: through the\n"
"                              direct map, translated per page (default) or word by word,\n"
"                              or over the physical path alone\n"
"  --results FILE              one JSON line per operation ('-': standard output), e.g.\n"
"                              {\"line\": 3, \"op\": \"access\", \"result\": \"pa 0x5000\"}\n"
"options of random:\n"
"  --seed N                    random seed (default 1)\n"
"  --count N                   number of accesses (default 10000)\n"
"  --verbose                   progress lines; twice: every operation\n"
"  --checkpoint N              lockstep: compare the whole memory every N accesses\n"
"                              (default 100000)\n"
"  --dump FILE                 lockstep: on a divergence, write FILE, a hardware-level\n"
"                              scenario that rebuilds the state of the last checkpoint\n"
"                              (memory, control registers; TLBs and caches start empty)\n"
"                              and repeats every operation from there to the divergent\n"
"                              one: `openmmu run --backend lockstep FILE` reproduces it\n"
"                              in seconds (a smaller --checkpoint: a shorter replay)\n"
"Numbers may be decimal or 0x hex. Options may also be written --name=VALUE.\n"
"\n"
"examples:\n"
"  openmmu run tests/hw/ad-bits.scn\n"
"  openmmu run --backend lockstep --config small --stats tests/hw/default.scn\n"
"  openmmu run --backend rtl --wave /tmp/w.fst --wave-from 100 --wave-to 400 my.scn\n"
"  openmmu random --backend lockstep --seed 7 --count 100000\n"
"  openmmu random --backend lockstep --seed 7 --count 10000000 --dump /tmp/div.scn\n"
"\n"
"exit status:\n"
"  0  every operation ran and every expectation held (random: no divergence)\n"
"  1  an expectation failed, the random test found a divergence, or a replay disagreed\n"
"     with its trace (TRACE: record N: message)\n"
"  2  bad input: unknown option, malformed scenario line (FILE:LINE: message), an output\n"
"     that cannot be written\n"
"  3  lockstep divergence during `run`: the run stops at the first one, both views printed;\n"
"     or the RTL watchdog fired (a request unanswered for too long: the model is stuck);\n"
"     or a board failed: no answer in time, a response rejected (board on DEVICE ...)\n"
"  4  AXI4 protocol violation on the RTL's memory port (rtl, lockstep): the checker's message\n"
"     names the channel, the rule and the cycle\n",
        f);
}

typedef struct {
    const char *cmd;
    const char *file;
    const char *backend;
    const char *results;
    bool stats;
    unsigned verbose;
    uint64_t seed, count, checkpoint;
    const char *dump;
    uint64_t mem, swap;
    const char *swap_file;
    enum kthp thp;
    uint64_t nr_hugepages;
    enum kaccess kaccess;
    const char *mem_arg;   /* --mem as given, for messages */
    bool config_set, wave_to_set;
    const char *wave_on_fail;
    uint64_t wave_before;
    bool wave_before_set;
    unsigned kernel_inject; /* --inject's bugs of the kernel model (the device's: be.inject) */
    be_options be;
} cli_opts;

/* SIZE: a number of bytes, or with a K, M, G or T suffix; a whole number of pages. */
static bool parse_size(const char *opt, const char *val, uint64_t *out)
{
    char buf[64];
    const char *num = val;
    size_t n = strlen(val);
    unsigned shift = 0;
    if (n && n < sizeof buf && strchr("KkMmGgTt", val[n - 1])) {
        char c = (char)(val[n - 1] | 0x20);
        shift = c == 'k' ? 10 : c == 'm' ? 20 : c == 'g' ? 30 : 40;
        memcpy(buf, val, n - 1);
        buf[n - 1] = '\0';
        num = buf;
    }
    uint64_t v;
    if (!scn_parse_u64(num, &v) || v > (1ull << 40) >> shift || ((v << shift) & 4095)) {
        fprintf(stderr, "openmmu: %s: bad size '%s' (bytes, a whole number of 4 KiB pages, or with K, M, G or T; "
                        "at most 1T)\n(openmmu --help for usage)\n", opt, val);
        return false;
    }
    *out = v << shift;
    return true;
}

/* Do two paths name one file (an output that would overwrite an input)? */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false;
    if (strcmp(a, b) == 0)
        return true;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}


static bool parse_num(const char *opt, const char *val, uint64_t max, uint64_t *out)
{
    if (!scn_parse_u64(val, out) || *out > max) {
        cli_bad("%s: bad number '%s'", opt, val);
        return false;
    }
    return true;
}

/* --inject: a comma list of the bugs of inject/inject.def. */
static bool parse_inject(const char *val, unsigned *out)
{
    char err[512];
    if (inj_parse(val, out, err, sizeof err))
        return true;
    cli_bad("--inject: %s", err);
    return false;
}

/* Parses argv after the subcommand. Returns 0, or 2 after a message naming the option. */
static int parse_args(int argc, char **argv, cli_opts *o)
{
    bool is_run = strcmp(o->cmd, "run") == 0;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (a[0] == '-' && a[1] != '-' && a[1] != '\0')
            return cli_bad("unknown option '%s' (options are --name)", a);
        if (strncmp(a, "--", 2) != 0) {
            if (!is_run)
                return cli_bad("random: unexpected argument '%s'", a);
            if (o->file)
                return cli_bad("run: more than one scenario file ('%s' after '%s')", a, o->file);
            o->file = a;
            continue;
        }
        /* --name or --name=value */
        char name[64];
        const char *val = NULL, *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        if (n >= sizeof(name))
            return cli_bad("unknown option '%s'", a);
        memcpy(name, a, n);
        name[n] = '\0';

        static const char *const flags[] = {"--stats", "--verbose", "--help"};
        bool is_flag = false;
        for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
            is_flag |= strcmp(name, flags[k]) == 0;
        if (is_flag) {
            if (eq)
                return cli_bad("%s takes no value", name);
        } else if (eq) {
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        }

        if (strcmp(name, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(name, "--stats") == 0) {
            o->stats = true;
        } else if (strcmp(name, "--verbose") == 0 && !is_run) {
            o->verbose++;
        } else if (is_flag) {
            return cli_bad("option '%s' is not an option of %s", name, o->cmd);
        } else {
            static const char *const known[] = {
                "--backend", "--config", "--mem-latency", "--mem-beat", "--wave", "--wave-from", "--wave-to",
                "--wave-on-fail", "--wave-before",
                "--inject", "--tlb", "--results", "--seed", "--count", "--checkpoint", "--dump", "--mem", "--swap", "--swap-file",
                "--thp", "--nr-hugepages", "--kaccess",
            };
            bool ok = false;
            for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
                ok |= strcmp(name, known[k]) == 0;
            if (!ok)
                return cli_bad("unknown option '%s'", name);
            if (!val)
                return cli_bad("option '%s' needs a value", name);
            uint64_t v;
            if (strcmp(name, "--backend") == 0) {
                char berr[160];
                if (!be_name_ok(val, berr, sizeof berr))
                    return cli_bad("--backend: %s", berr);
                o->backend = val;
            } else if (strcmp(name, "--config") == 0) {
                char cerr[160];
                if (!tlb_geom_config_known(val, cerr, sizeof cerr))
                    return cli_bad("--config: %s", cerr);
                o->be.config = val;
                o->config_set = true;
            } else if (strcmp(name, "--mem-latency") == 0) {
                if (!parse_num(name, val, 100000, &v))
                    return 2;
                o->be.mem_latency = (unsigned)v;
            } else if (strcmp(name, "--mem-beat") == 0) {
                if (!parse_num(name, val, 1000, &v))
                    return 2;
                if (v == 0)
                    return cli_bad("--mem-beat: must be at least 1 (cycles per 8-byte beat)");
                o->be.mem_beat_interval = (unsigned)v;
            } else if (strcmp(name, "--wave") == 0) {
                o->be.wave_path = val;
            } else if (strcmp(name, "--wave-from") == 0) {
                if (!parse_num(name, val, UINT64_MAX, &o->be.wave_from))
                    return 2;
            } else if (strcmp(name, "--wave-to") == 0) {
                if (!parse_num(name, val, UINT64_MAX, &o->be.wave_to))
                    return 2;
                o->wave_to_set = true;
            } else if (strcmp(name, "--tlb") == 0) {
                o->be.tlb = val;
            } else if (strcmp(name, "--wave-on-fail") == 0) {
                o->wave_on_fail = val;
            } else if (strcmp(name, "--wave-before") == 0) {
                if (!parse_num(name, val, UINT64_MAX / 4, &o->wave_before))
                    return 2;
                o->wave_before_set = true;
            } else if (strcmp(name, "--inject") == 0) {
                if (!parse_inject(val, &o->be.inject))
                    return 2;
            } else if (strcmp(name, "--mem") == 0 && is_run) {
                if (!parse_size(name, val, &o->mem))
                    return 2;
                o->mem_arg = val;
            } else if (strcmp(name, "--swap") == 0 && is_run) {
                if (!parse_size(name, val, &o->swap))
                    return 2;
            } else if (strcmp(name, "--swap-file") == 0 && is_run) {
                o->swap_file = val;
            } else if (strcmp(name, "--thp") == 0 && is_run) {
                if (strcmp(val, "always") == 0)
                    o->thp = KTHP_ALWAYS;
                else if (strcmp(val, "madvise") == 0)
                    o->thp = KTHP_MADVISE;
                else if (strcmp(val, "never") == 0)
                    o->thp = KTHP_NEVER;
                else
                    return cli_bad("--thp: unknown mode '%s' (expected always, madvise or never)", val);
            } else if (strcmp(name, "--kaccess") == 0 && is_run) {
                if (strcmp(val, "page") == 0)
                    o->kaccess = KACCESS_PAGE;
                else if (strcmp(val, "word") == 0)
                    o->kaccess = KACCESS_WORD;
                else if (strcmp(val, "phys") == 0)
                    o->kaccess = KACCESS_PHYS;
                else
                    return cli_bad("--kaccess: unknown mode '%s' (expected page, word or phys)", val);
            } else if (strcmp(name, "--nr-hugepages") == 0 && is_run) {
                if (!parse_num(name, val, 1u << 20, &o->nr_hugepages))
                    return 2;
            } else if (strcmp(name, "--results") == 0 && is_run) {
                o->results = val;
            } else if (strcmp(name, "--seed") == 0 && !is_run) {
                if (!parse_num(name, val, UINT64_MAX, &o->seed))
                    return 2;
            } else if (strcmp(name, "--count") == 0 && !is_run) {
                if (!parse_num(name, val, UINT64_MAX, &o->count))
                    return 2;
            } else if (strcmp(name, "--checkpoint") == 0 && !is_run) {
                if (!parse_num(name, val, UINT64_MAX, &o->checkpoint))
                    return 2;
                if (o->checkpoint == 0)
                    return cli_bad("--checkpoint: must be at least 1 (accesses between memory checks)");
            } else if (strcmp(name, "--dump") == 0 && !is_run) {
                o->dump = val;
            } else {
                return cli_bad("option '%s' is not an option of %s", name, o->cmd);
            }
        }
    }
    if (is_run && !o->file)
        return cli_bad("run: missing the scenario FILE");
    if ((o->dump || o->checkpoint) && !be_is_lockstep(o->backend))
        return cli_bad("--%s: only with a lockstep backend (--backend lockstep or lockstep:DEVICE), not %s",
                   o->dump ? "dump" : "checkpoint", o->backend);
    /* options a backend cannot apply are refused rather than ignored */
    bool has_rtl = strcmp(be_device_of(o->backend), "rtl") == 0;
    if (o->be.wave_path && !has_rtl)
        return cli_bad("--wave: the %s backend has no waveform (use rtl or lockstep)", o->backend);
    if (o->wave_on_fail && !has_rtl)
        return cli_bad("--wave-on-fail: the %s backend has no waveform (use rtl or lockstep)", o->backend);
    if (o->wave_on_fail && o->be.wave_path)
        return cli_bad("--wave-on-fail and --wave: one waveform at a time (--wave traces the run you choose, "
                       "--wave-on-fail the cycles around the first failure)");
    if (o->wave_before_set && !o->wave_on_fail)
        return cli_bad("--wave-before needs --wave-on-fail FILE");
    const char *vcd = wave_is_vcd(o->be.wave_path) ? o->be.wave_path : wave_is_vcd(o->wave_on_fail) ? o->wave_on_fail : NULL;
    if (vcd && !wave_vcd_available())
        return cli_bad("'%s': a VCD waveform is converted from FST by fst2vcd, which is not installed (GTKWave's "
                       "package: tools/deps.sh installs it)", vcd);
    if (o->wave_on_fail && o->file && strcmp(o->file, "-") == 0)
        return cli_bad("--wave-on-fail: the scenario is read from standard input, which cannot be read again "
                       "to the failing cycle (give it as a file)");
    /* Each bug goes to what carries it: the kernel model, or the device. A bug nothing in
     * this run can carry is refused here, before anything runs. The RTL's are compiled in,
     * never switched on (the openmmu-inject-* programs): asked of rtl, they are refused
     * with the program that carries them. */
    unsigned all = o->be.inject;
    o->kernel_inject = all & inj_carried_by(INJ_IN_KERNEL);
    o->be.inject = all & ~o->kernel_inject;
    char ierr[512], who[80];
    if (o->kernel_inject && !is_run)
        return cli_bad("--inject %s: a bug of the kernel model, and %s runs no kernel (use run with a "
                       "kernel-level scenario)", inj_names(o->kernel_inject, ierr, sizeof ierr), o->cmd);
    snprintf(who, sizeof who, "the %s backend", o->backend);
    if (!inj_check(o->be.inject, be_carries(o->backend) & ~INJ_IN_RTL, who, ierr, sizeof ierr))
        return cli_bad("--inject: %s", ierr);
    if (!o->config_set && be_own_config(o->backend))
        o->be.config = NULL; /* the board's own, not the default configuration */
    if (o->config_set && strcmp(o->backend, "ref") == 0)
        return cli_bad("--config: the ref backend has no TLB or cache geometry (use rtl, lockstep or reftlb)");
    char gerr[256];
    if (!tlb_geom_option_ok(o->backend, o->be.config, o->be.tlb, gerr, sizeof gerr))
        return cli_bad("%s", gerr);
    if (o->wave_to_set && o->be.wave_to == 0)
        return cli_bad("--wave-to 0: the window would hold cycle 0 alone (leave --wave-to out to dump to the end)");
    /* the waveform writer cannot report a failed write: it is checked as a file afterwards */
    struct stat wst;
    if (o->be.wave_path && stat(o->be.wave_path, &wst) == 0 && !S_ISREG(wst.st_mode))
        return cli_bad("--wave '%s': not a regular file (the waveform is checked after the run)", o->be.wave_path);
    if (o->wave_on_fail && stat(o->wave_on_fail, &wst) == 0 && !S_ISREG(wst.st_mode))
        return cli_bad("--wave-on-fail '%s': not a regular file (the waveform is checked after it is written)",
                       o->wave_on_fail);
    /* an output onto an input (or onto another output) would destroy it */
    const char *outs[] = {o->results, o->swap_file, o->be.wave_path, o->wave_on_fail, o->dump};
    const char *out_names[] = {"--results", "--swap-file", "--wave", "--wave-on-fail", "--dump"};
    for (int i = 0; i < 5; i++) {
        if (same_file(outs[i], o->file))
            return cli_bad("%s '%s' is the scenario file: it would be overwritten", out_names[i], outs[i]);
        for (int j = 0; j < i; j++)
            if (same_file(outs[i], outs[j]))
                return cli_bad("%s and %s name one file '%s'", out_names[j], out_names[i], outs[i]);
    }
    if ((o->be.wave_from || o->be.wave_to) && !o->be.wave_path)
        return cli_bad("--wave-from/--wave-to need --wave FILE");
    if (o->be.wave_to && o->be.wave_to < o->be.wave_from)
        return cli_bad("--wave-to %llu is before --wave-from %llu", (unsigned long long)o->be.wave_to,
                   (unsigned long long)o->be.wave_from);
    return 0;
}

static scn_kmodel run_model; /* the kernel model of `run`: created by its first kernel-level line */

/* The backend's counters; after a kernel-level run, the kernel's as "kernel_*" keys. */
static void print_stats(backend *b)
{
    uint64_t c[BE_NCOUNTERS] = {0};
    b->ops->counters(b, c);
    printf("{");
    for (int i = 0; i < BE_NCOUNTERS; i++)
        printf("%s\"%s\": %llu", i ? ", " : "", be_counter_names[i], (unsigned long long)c[i]);
    if (run_model.k)
        kernel_stats_json(run_model.k, stdout);
    printf("}\n");
}

/* The kernel's options are checked before anything runs, so that an error names the
 * option rather than the first kernel-level line. */
static int check_kernel_opts(const cli_opts *o, backend *b)
{
    char err[256];
    struct kernel_opts ko = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = o->mem, .inject = o->kernel_inject, .swap_size = o->swap, .swap_path = o->swap_file, .thp = o->thp};
    if (!kernel_check_opts(&ko, b->maxphyaddr, err, sizeof err))
        return cli_bad("--mem %s: %s", o->mem_arg ? o->mem_arg : "(default)", err);
    ko.nr_hugepages = o->nr_hugepages;
    if (!kernel_check_opts(&ko, b->maxphyaddr, err, sizeof err))
        return cli_bad("%s", err);
    if (o->swap_file && o->swap) {
        /* where it will be created must exist and be writable */
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", o->swap_file);
        char *slash = strrchr(dir, '/');
        if (!slash)
            snprintf(dir, sizeof dir, ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
        struct stat st;
        if (stat(o->swap_file, &st) == 0 && S_ISDIR(st.st_mode))
            return cli_bad("--swap-file '%s': is a directory", o->swap_file);
        if (access(dir, W_OK) != 0)
            return cli_bad("--swap-file '%s': cannot create it in '%s': %s", o->swap_file, dir, strerror(errno));
    }
    return 0;
}

static int cmd_run(const cli_opts *o, backend *b)
{
    int krc = check_kernel_opts(o, b);
    if (krc)
        return krc;
    scn_ctx c = {.be = b};
    bool to_stdout = o->results && strcmp(o->results, "-") == 0;
    if (to_stdout) {
        c.results = stdout;
    } else if (o->results) {
        c.results = fopen(o->results, "w");
        if (!c.results) {
            fprintf(stderr, "openmmu: --results: cannot open '%s': %s\n", o->results, strerror(errno));
            return 2;
        }
        /* whole lines reach the file as they are made, whatever ends the run */
        setvbuf(c.results, NULL, _IOLBF, 0);
    }
    run_model.opts = (struct kernel_opts){.mem_base = KMEM_BASE_DEFAULT, .mem_size = o->mem, .inject = o->kernel_inject, .swap_size = o->swap,
                                          .swap_path = o->swap_file, .thp = o->thp, .nr_hugepages = o->nr_hugepages,
                                          .kaccess = o->kaccess};
    scn_kmodel_attach(&c, &run_model);
    int rc = scn_run(&c, o->file);
    if (c.results) {
        /* a write that failed earlier leaves only the error flag: check it and the close */
        bool failed = ferror(c.results) != 0;
        int e = errno;
        if ((to_stdout ? fflush(c.results) : fclose(c.results)) != 0)
            failed = true, e = errno;
        if (failed) {
            fprintf(stderr, "openmmu: --results: cannot write '%s': %s\n", o->results, strerror(e ? e : EIO));
            rc = 2;
        }
    }
    return rc;
}

static int cmd_random(const cli_opts *o, backend *b)
{
    /* The replay needs the same device: backend, configuration and memory timing. */
    char replay[256];
    int n = snprintf(replay, sizeof replay, "openmmu run --backend %s", o->backend);
    if (o->be.config) /* a board runs its own (registry.h: be_own_config) */
        n += snprintf(replay + n, sizeof replay - (size_t)n, " --config %s", o->be.config);
    if (o->be.mem_latency)
        n += snprintf(replay + n, sizeof replay - (size_t)n, " --mem-latency %u", o->be.mem_latency);
    if (o->be.mem_beat_interval)
        n += snprintf(replay + n, sizeof replay - (size_t)n, " --mem-beat %u", o->be.mem_beat_interval);
    if (o->be.inject) {
        char names[256];
        n += snprintf(replay + n, sizeof replay - (size_t)n, " --inject %s", inj_names(o->be.inject, names, sizeof names));
    }
    randtest_opts r = {.seed = o->seed, .accesses = o->count, .verbose = o->verbose,
                       .checkpoint = o->checkpoint, .dump_path = o->dump, .replay_cmd = replay};
    return randtest_run(b, &r);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    /* the former way to ask for a kernel bug: set, it would be ignored */
    const char *old_inject = getenv("OPENMMU_KERNEL_INJECT");
    if (old_inject && *old_inject)
        return cli_bad("OPENMMU_KERNEL_INJECT is no longer read: ask with --inject %s", old_inject);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "trace") == 0 || strcmp(cmd, "replay") == 0)
        return trace_cli(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0)
        return explain_cli(argc - 1, argv + 1);
    if (strcmp(cmd, "run") != 0 && strcmp(cmd, "random") != 0)
        return cli_bad("unknown subcommand '%s' (expected run, random, explain, trace or replay)", cmd);

    cli_opts o = {
        .cmd = cmd,
        .backend = "rtl",
        .seed = 1,
        .count = 10000,
        .mem = KMEM_SIZE_DEFAULT,
        .swap = KSWAP_SIZE_DEFAULT,
        .be = {.config = OPENMMU_CONFIG_DEFAULT},
    };
    int rc = parse_args(argc - 2, argv + 2, &o);
    if (rc)
        return rc;

    char err[256];
    if (o.wave_on_fail)
        wof_arm(o.wave_on_fail, o.wave_before_set ? o.wave_before : WOF_BEFORE_DEFAULT);
    backend *b = backend_create(o.backend, &o.be, err, sizeof(err));
    if (!b) {
        fprintf(stderr, "openmmu: --backend %s: %s\n", o.backend, err);
        return 2;
    }
    rc = strcmp(cmd, "run") == 0 ? cmd_run(&o, b) : cmd_random(&o, b);
    if (o.stats)
        print_stats(b);
    be_destroy(b); /* closes the waveform */
    kernel_free_host(run_model.k); /* host memory only: its backend is gone */
    wof_finish();
    struct stat wst;
    if (o.be.wave_path && (stat(o.be.wave_path, &wst) != 0 || wst.st_size == 0)) {
        fprintf(stderr, "openmmu: --wave: the waveform '%s' was not written (a full filesystem?)\n", o.be.wave_path);
        rc = 2;
    }
    /* --stats, --results - and maps go to standard output: a lost line is an error */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "openmmu: standard output: cannot write: %s\n", strerror(errno ? errno : EIO));
        return 2;
    }
    return rc;
}

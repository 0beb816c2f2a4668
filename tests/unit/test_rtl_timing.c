// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The timing parameters of mmu_top (XlatReg, HitPipe; docs/architecture.md, "Configurations")
 * as every configuration of rtl/configs.txt has them, through the rtl backend's cycle-level
 * interface (rtl.h). What each promises, checked on the configuration's own model:
 *
 *   load hit (dTLB and D-cache):  data 2 + XlatReg cycles after the request is taken; one
 *                                 taken every cycle with HitPipe=1, every 2 + XlatReg with 0
 *   fetch hit (iTLB):             answered the cycle after; one a cycle, or every 2
 *   physical loads, cache hits:   one a cycle, or every 2
 *
 * The expected figures come from the configuration table, through the header the build
 * generates from it, so a new configuration is checked without a new test; a parameter the
 * RTL ignored, or honoured in one place only, fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "backend/rtl.h"
#include "test_rtl_pt.h"
#include "common/configs.h"

#define ROOT 0x1000ull
#define VA(k) (0x40000000ull + (uint64_t)(k) * 0x1000)
#define FR(k) (0x800000ull + (uint64_t)(k) * 0x1000)
#define OFF 0x500ull
#define DATA (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define N 64 /* requests in a stream */

static backend *mk(const char *cfg)
{
    char err[200] = "";
    be_options o = {.config = cfg, .mem_latency = 1};
    backend *b = rtl_backend_create(&o, err, sizeof err);
    if (!b)
        fail_msg("rtl_backend_create(%s): %s", cfg, err);
    pt_ctx c = {b, 0x100000};
    pt_map(&c, ROOT, VA(0), FR(0), 0, DATA);
    assert_int_equal(b->ops->write_cr3(b, ROOT), BE_OK);
    return b;
}

/* Presents n requests back to back on one port (ls or if), each as soon as the last was
 * taken; returns the cycles from the first taken to the last answered, and in *lat the
 * cycles from the first taken to its answer. Every answer must be a hit at its address. */
static uint64_t stream(backend *b, bool fetch, unsigned n, unsigned *lat)
{
    rtl_drive in = {0};
    be_req q = {.va = VA(0) + OFF, .kind = fetch ? ACC_X : ACC_R, .size = 8};
    if (fetch)
        in.if_valid = true, in.if_req = q;
    else
        in.ls_valid = true, in.ls_req = q;
    unsigned taken = 0, answered = 0;
    uint64_t first = 0, last = 0;
    *lat = 0;
    while (answered < n) {
        rtl_seen s;
        uint64_t now = rtl_now(b);
        rtl_step(b, &in, &s);
        if (fetch ? s.if_taken : s.ls_taken) {
            if (taken++ == 0)
                first = now;
            if (taken == n)
                in.if_valid = in.ls_valid = false;
            /* the next word of the same line: every one a hit */
            in.if_req.va = in.ls_req.va = VA(0) + OFF + 8 * (taken % 8);
        }
        if (fetch ? s.if_rsp : s.ls_rsp) {
            be_resp r = fetch ? s.if_resp : s.ls_resp;
            assert_int_equal(r.status, BE_OK);
            assert_int_equal(r.pa, FR(0) + OFF + 8 * (answered % 8));
            if (answered++ == 0)
                *lat = (unsigned)(now - first);
            last = now;
        }
        if (now - first > 100u * n)
            fail_msg("%s stream: %u taken, %u answered after %llu cycles", fetch ? "fetch" : "load", taken,
                     answered, (unsigned long long)(now - first));
    }
    return last - first;
}

static void hit_timing_of_every_configuration(void **state)
{
    (void)state;
    for (unsigned i = 0; i < config_count(); i++) {
        const char *cfg = config_name(i);
        unsigned xreg = config_values(cfg)[CFG_XlatReg], pipe = config_values(cfg)[CFG_HitPipe];
        backend *b = mk(cfg);
        /* the line in the D-cache, the translations in both L1 TLBs */
        be_req w = {.va = VA(0) + OFF, .kind = ACC_W, .size = 8, .wdata = 1};
        assert_int_equal(b->ops->access(b, &w).status, BE_OK);
        be_req x = {.va = VA(0) + OFF, .kind = ACC_X, .size = 1};
        assert_int_equal(b->ops->access(b, &x).status, BE_OK);

        unsigned use = 2 + xreg, every = pipe ? 1 : use, lat;
        uint64_t span = stream(b, false, N, &lat);
        print_message("%s: load hit %u cycles, %llu cycles for %u\n", cfg, lat, (unsigned long long)span, N);
        if (lat != use || span != (uint64_t)(N - 1) * every + use)
            fail_msg("%s (XlatReg=%u HitPipe=%u): load hits answered after %u cycles, %u of them in %llu; "
                     "promised %u, and %llu", cfg, xreg, pipe, lat, N, (unsigned long long)span, use,
                     (unsigned long long)((N - 1) * every + use));

        unsigned fevery = pipe ? 1 : 2;
        span = stream(b, true, N, &lat);
        if (lat != 1 || span != (uint64_t)(N - 1) * fevery + 1)
            fail_msg("%s (HitPipe=%u): fetch hits answered after %u cycles, %u of them in %llu; promised 1, "
                     "and %llu", cfg, pipe, lat, N, (unsigned long long)span,
                     (unsigned long long)((N - 1) * fevery + 1));
        be_destroy(b);
    }
}

/* The physical port on cache hits (what the kernel model's line reads stream): 8 loads of one
 * line posted at once, answered one a cycle with HitPipe=1 and every 2 cycles with 0. */
static void physical_hits_of_every_configuration(void **state)
{
    (void)state;
    for (unsigned i = 0; i < config_count(); i++) {
        const char *cfg = config_name(i);
        unsigned pipe = config_values(cfg)[CFG_HitPipe];
        backend *b = mk(cfg);
        uint64_t w[8], got[8];
        for (unsigned k = 0; k < 8; k++) {
            w[k] = 0x1111111111111111ull * (k + 1);
            b->ops->pwrite(b, FR(1) + 8 * k, 8, w[k]); /* the line in the cache, dirty */
        }
        assert_int_equal(b->ops->pread(b, FR(1), 8), w[0]); /* one alone, after the stores */
        uint64_t t0 = rtl_now(b);
        assert_int_equal(b->ops->pread(b, FR(1) + 8, 8), w[1]);
        uint64_t one = rtl_now(b) - t0;
        t0 = rtl_now(b);
        b->ops->line_read(b, FR(1), got);
        uint64_t eight = rtl_now(b) - t0;
        assert_memory_equal(got, w, sizeof w);
        print_message("%s: one physical load %llu cycles, a line's 8 %llu\n", cfg, (unsigned long long)one,
                      (unsigned long long)eight);
        if (eight != one + 7u * (pipe ? 1 : 2))
            fail_msg("%s (HitPipe=%u): 8 streamed physical hits took %llu cycles, one %llu: promised one + %u",
                     cfg, pipe, (unsigned long long)eight, (unsigned long long)one, 7u * (pipe ? 1 : 2));
        be_destroy(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hit_timing_of_every_configuration),
        cmocka_unit_test(physical_hits_of_every_configuration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The AXI4 protocol checker: legal traffic passes, and each kind of violation injected into
 * an otherwise legal sequence is caught with its own message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "axi/axi_check.h"

/* Feeds the cycles; returns the index of the first failing cycle, or -1. */
static int run(axi_check *c, const axi_port *cyc, int n)
{
    for (int i = 0; i < n; i++)
        if (!axi_check_cycle(c, &cyc[i]))
            return i;
    return -1;
}

static void expect_violation(const axi_port *cyc, int n, int at, const char *needle)
{
    axi_check *c = axi_check_new();
    int got = run(c, cyc, n);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", axi_check_error(c));
    axi_check_free(c);
    if (got != at || !strstr(msg, needle))
        fail_msg("expected violation at cycle %d containing '%s'; got %d: '%s'", at, needle, got, msg);
}

static const axi_port AR_LINE = {.arvalid = 1, .arready = 1, .araddr = 0x1000, .arlen = 7,
                                 .arsize = 3, .arburst = AXI_BURST_INCR};
static const axi_port AW_LINE = {.awvalid = 1, .awready = 1, .awaddr = 0x2000, .awlen = 7,
                                 .awsize = 3, .awburst = AXI_BURST_INCR};

/* A read burst of n beats (last marked) after its AR. */
static int read_burst(axi_port *cyc, unsigned beats, int rlast_at)
{
    int k = 0;
    cyc[k++] = AR_LINE;
    cyc[0].arlen = (uint8_t)(beats - 1);
    for (unsigned b = 0; b < beats; b++)
        cyc[k++] = (axi_port){.rvalid = 1, .rready = 1, .rdata = b, .rlast = (int)b == rlast_at};
    return k;
}

static void legal_traffic_passes(void **state)
{
    (void)state;
    axi_port cyc[40] = {0};
    int k = read_burst(cyc, 8, 7);
    /* write: AW, a stalled W beat, 8 beats, B after a wait */
    cyc[k++] = AW_LINE;
    cyc[k++] = (axi_port){.wvalid = 1, .wready = 0, .wstrb = 0xff, .wdata = 1};
    for (int b = 0; b < 8; b++)
        cyc[k++] = (axi_port){.wvalid = 1, .wready = 1, .wstrb = 0xff, .wdata = b ? (uint64_t)b : 1,
                              .wlast = b == 7};
    cyc[k++] = (axi_port){.bvalid = 1, .bready = 0};
    cyc[k++] = (axi_port){.bvalid = 1, .bready = 1};
    /* a narrow uncached read of 2 bytes at offset 6 */
    cyc[k++] = (axi_port){.arvalid = 1, .arready = 1, .araddr = 0x3006, .arsize = 1, .arburst = 1};
    cyc[k++] = (axi_port){.rvalid = 1, .rready = 1, .rlast = 1};
    axi_check *c = axi_check_new();
    assert_int_equal(run(c, cyc, k), -1);
    assert_true(axi_check_idle(c));
    axi_check_free(c);
}

static void write_data_before_address_is_legal(void **state)
{
    (void)state;
    axi_port cyc[4] = {
        {.wvalid = 1, .wready = 1, .wstrb = 0xff},
        {.wvalid = 1, .wready = 1, .wstrb = 0xff, .wlast = 1},
        {.awvalid = 1, .awready = 1, .awaddr = 0x40, .awlen = 1, .awsize = 3, .awburst = 1},
        {.bvalid = 1, .bready = 1},
    };
    axi_check *c = axi_check_new();
    assert_int_equal(run(c, cyc, 4), -1);
    assert_true(axi_check_idle(c));
    axi_check_free(c);
}

static void valid_dropped(void **state)
{
    (void)state;
    axi_port ar[2] = {AR_LINE, {0}};
    ar[0].arready = 0;
    expect_violation(ar, 2, 1, "ARVALID dropped");
    axi_port aw[2] = {AW_LINE, {0}};
    aw[0].awready = 0;
    expect_violation(aw, 2, 1, "AWVALID dropped");
    axi_port w[3] = {AW_LINE, {.wvalid = 1, .wstrb = 0xff}, {0}};
    expect_violation(w, 3, 2, "WVALID dropped");
    axi_port r[3] = {AR_LINE, {.rvalid = 1}, {0}};
    expect_violation(r, 3, 2, "RVALID dropped");
}

static void payload_changed(void **state)
{
    (void)state;
    axi_port ar[2] = {AR_LINE, AR_LINE};
    ar[0].arready = 0;
    ar[1].araddr = 0x1040;
    expect_violation(ar, 2, 1, "AR payload changed");
    axi_port r[3] = {AR_LINE, {.rvalid = 1, .rdata = 5}, {.rvalid = 1, .rready = 1, .rdata = 6}};
    expect_violation(r, 3, 2, "R payload changed");
    axi_port b[5] = {AW_LINE};
    b[0].awlen = 0;
    b[1] = (axi_port){.wvalid = 1, .wready = 1, .wstrb = 0xff, .wlast = 1};
    b[2] = (axi_port){.bvalid = 1, .bresp = AXI_RESP_OKAY};
    b[3] = (axi_port){.bvalid = 1, .bresp = AXI_RESP_SLVERR, .bready = 1};
    expect_violation(b, 4, 3, "B payload changed");
}

static void burst_rules(void **state)
{
    (void)state;
    axi_port p = AR_LINE;
    p.araddr = 0x1fc0;
    p.arlen = 15; /* 128 bytes from 0x1fc0 crosses 0x2000 */
    expect_violation(&p, 1, 0, "crosses a 4 KiB boundary");
    p = AR_LINE;
    p.arburst = 3;
    expect_violation(&p, 1, 0, "reserved");
    p = AR_LINE;
    p.arsize = 4;
    expect_violation(&p, 1, 0, "wider than the 8-byte data bus");
    p = AR_LINE;
    p.arburst = AXI_BURST_WRAP;
    p.arlen = 5;
    expect_violation(&p, 1, 0, "WRAP burst of 6 beats");
    p.arlen = 3;
    p.araddr = 0x1004;
    expect_violation(&p, 1, 0, "not aligned");
    p = AR_LINE;
    p.arburst = AXI_BURST_FIXED;
    p.arlen = 16;
    expect_violation(&p, 1, 0, "FIXED burst of 17 beats");
    axi_port w = AW_LINE;
    w.awaddr = 0xff8;
    w.awlen = 1;
    expect_violation(&w, 1, 0, "AW INCR burst");
}

static void rlast_rules(void **state)
{
    (void)state;
    axi_port cyc[12] = {0};
    int k = read_burst(cyc, 8, 3);
    expect_violation(cyc, k, 4, "RLAST on beat 4 of a 8-beat");
    k = read_burst(cyc, 8, -1);
    expect_violation(cyc, k, 8, "RLAST missing");
}

static void response_without_request(void **state)
{
    (void)state;
    axi_port r = {.rvalid = 1, .rready = 1, .rlast = 1, .rid = 1};
    expect_violation(&r, 1, 0, "no read of that ID");
    /* a B before the write's last W beat */
    axi_port b[3] = {AW_LINE, {.wvalid = 1, .wready = 1, .wstrb = 0xff}, {.bvalid = 1, .bready = 1}};
    expect_violation(b, 3, 2, "no write of that ID has all its data");
}

static void ordering_per_id(void **state)
{
    (void)state;
    /* ID 0: a 4-beat read, then a 1-beat read; the slave answers the second first. */
    axi_port cyc[3] = {
        {.arvalid = 1, .arready = 1, .araddr = 0x100, .arlen = 3, .arsize = 3, .arburst = 1},
        {.arvalid = 1, .arready = 1, .araddr = 0x200, .arlen = 0, .arsize = 3, .arburst = 1},
        {.rvalid = 1, .rready = 1, .rlast = 1},
    };
    expect_violation(cyc, 3, 2, "RLAST on beat 1 of a 4-beat");
    /* Different IDs may be answered in any order. */
    cyc[1].arid = 1;
    cyc[2].rid = 1;
    axi_check *c = axi_check_new();
    assert_int_equal(run(c, cyc, 3), -1);
    axi_check_free(c);
}

static void wlast_and_strobes(void **state)
{
    (void)state;
    axi_port cyc[10] = {AW_LINE};
    for (int b = 0; b < 8; b++)
        cyc[1 + b] = (axi_port){.wvalid = 1, .wready = 1, .wstrb = 0xff, .wlast = b == 2};
    expect_violation(cyc, 9, 3, "WLAST on beat 3 of a 8-beat");
    cyc[3].wlast = 0;
    expect_violation(cyc, 9, 8, "WLAST missing");
    axi_port n[2] = {{.awvalid = 1, .awready = 1, .awaddr = 0x4002, .awsize = 1, .awburst = 1},
                     {.wvalid = 1, .wready = 1, .wstrb = 0x30, .wlast = 1}};
    expect_violation(n, 2, 1, "WSTRB 0x30");
    axi_port a[3] = {{.wvalid = 1, .wready = 1, .wstrb = 0xff, .wlast = 1}, AW_LINE};
    expect_violation(a, 2, 1, "write burst of 1 W beats for an AW of AWLEN+1=8");
}

static void stays_failed(void **state)
{
    (void)state;
    axi_check *c = axi_check_new();
    axi_port bad = {.rvalid = 1};
    axi_port idle = {0};
    assert_false(axi_check_cycle(c, &bad));
    assert_false(axi_check_cycle(c, &idle));
    assert_non_null(strstr(axi_check_error(c), "cycle 0"));
    axi_check_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(legal_traffic_passes),
        cmocka_unit_test(write_data_before_address_is_legal),
        cmocka_unit_test(valid_dropped),
        cmocka_unit_test(payload_changed),
        cmocka_unit_test(burst_rules),
        cmocka_unit_test(rlast_rules),
        cmocka_unit_test(response_without_request),
        cmocka_unit_test(ordering_per_id),
        cmocka_unit_test(wlast_and_strobes),
        cmocka_unit_test(stays_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

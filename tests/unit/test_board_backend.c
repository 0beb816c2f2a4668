// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board backend against a loopback test double of the board (this file only: the real
 * board is rtl/board, run by suite board-sim). The double decodes each request frame as
 * docs/board-protocol.md defines it, keeps a memory, translates va to pa = va, and answers;
 * told to, it stays silent, sends garbage, a wrong SEQ, a corrupted, truncated or padded
 * frame, or an error response. Every misbehaviour must end the run with a message naming
 * the device (exit 3), never as a result; an address outside the memory is refused before
 * anything is sent (exit 2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "board/board_backend.h"
#include "board/proto.h"
#include "common/physmem.h"
#include "common/configs.h"

/* OTHER_TABLE: HELLO names small with one value not the table's; OLD_TABLE: with two
 * parameters, as a bitstream of an older table would. */
enum { OK, SILENT, GARBAGE, WRONG_SEQ, CORRUPT, TRUNCATE, PAD, ERROR_RSP, SILENT_HELLO, OTHER_TABLE, OLD_TABLE };

/* small's row of the configuration table: what a board built from it reports. */
static const uint32_t *small_params(void)
{
    const uint32_t *v = config_values("small");
    if (!v)
        fail_msg("no configuration 'small' in rtl/configs.txt");
    return v;
}

typedef struct {
    board_link base;
    physmem *mem;
    int mode;       /* misbehaviour, from request number `from` on */
    unsigned from;
    unsigned nreq;  /* requests received */
    uint8_t types[256];
    uint8_t seqs[256];
    uint8_t out[4096];
    size_t out_len;
    bp_rx rx;
} dbl;

#define MEM_BYTES 0x100000ull

static void answer(dbl *d, const bp_frame *q)
{
    if ((q->type == BP_PWRITE || q->type == BP_PREAD || q->type == BP_LINE_READ || q->type == BP_LINE_WRITE) &&
        bp_get(q->payload, 8) + 8 > MEM_BYTES)
        fprintf(stderr, "double: a request outside the memory reached the board\n");
    uint8_t pl[BP_MAX_RSP] = {0};
    uint16_t len = 0;
    const uint8_t *a = q->payload;
    switch (q->type) {
    case BP_HELLO:
        pl[0] = 1;
        pl[1] = 40;
        bp_put(pl + 2, 4, 2);
        bp_put(pl + 4, 1024, 2);
        bp_put(pl + 8, 25000000, 4);
        bp_put(pl + 12, 0, 8);
        bp_put(pl + 20, MEM_BYTES, 8);
        memcpy(pl + 28, "small", 5);
        pl[36] = d->mode == OLD_TABLE ? 2 : CFG_NPARAMS;
        for (unsigned i = 0; i < pl[36]; i++)
            bp_put(pl + 37 + 4 * i, small_params()[i] + (d->mode == OTHER_TABLE && i == 1), 4);
        len = (uint16_t)(37 + 4 * pl[36]);
        break;
    case BP_RESET:
        break;
    case BP_PWRITE:
        physmem_write(d->mem, bp_get(a, 8), a[8], bp_get(a + 9, 8));
        len = 1;
        break;
    case BP_PREAD:
        bp_put(pl + 1, physmem_read(d->mem, bp_get(a, 8), a[8]), 8);
        len = 9;
        break;
    case BP_LINE_READ:
        for (unsigned i = 0; i < 8; i++)
            bp_put(pl + 1 + 8 * i, physmem_read(d->mem, bp_get(a, 8) + 8 * i, 8), 8);
        len = 65;
        break;
    case BP_LINE_WRITE:
        for (unsigned i = 0; i < 8; i++)
            physmem_write(d->mem, bp_get(a, 8) + 8 * i, 8, bp_get(a + 8 + 8 * i, 8));
        len = 1;
        break;
    case BP_CSR:
        pl[0] = a[0] == 0 && (bp_get(a + 1, 8) & 1); /* "#GP" for an odd CR3, to see it come back */
        bp_put(pl + 1, a[0] == 6 ? 1000 + bp_get(a + 1, 8) : 0, 8);
        len = 9;
        break;
    case BP_COUNTERS:
        pl[0] = BE_NCOUNTERS;
        for (unsigned i = 0; i < BE_NCOUNTERS; i++)
            bp_put(pl + 1 + 8 * i, 100 + i, 8);
        len = (uint16_t)(1 + 8 * BE_NCOUNTERS);
        break;
    case BP_PORT: {
        uint64_t va = bp_get(a + 4, 8);
        bp_put(pl + 2, va, 8);
        bp_put(pl + 10, va, 8);
        if (a[0] == 1 && a[1] == 1 && !(a[2] & 2))
            physmem_write(d->mem, va, 1u << a[3], bp_get(a + 12, 8));
        else if (a[0] == 1 && a[1] == 0)
            bp_put(pl + 18, physmem_read(d->mem, va, 1u << a[3]), 8);
        len = 26;
        break;
    }
    }
    uint8_t type = (uint8_t)(q->type | BP_RSP_BIT), seq = q->seq;
    bool bad = d->nreq > d->from;
    if (bad && d->mode == ERROR_RSP) {
        type = BP_ERROR;
        pl[0] = BP_E_BAD_SEQ;
        pl[1] = 3;
        len = 2;
    }
    if (bad && d->mode == WRONG_SEQ)
        seq = (uint8_t)(seq - 1); /* the previous request's answer again */
    size_t n = bp_encode(d->out + d->out_len, seq, type, pl, len);
    if (bad && d->mode == CORRUPT)
        d->out[d->out_len + 5 + len / 2] ^= 0x10;
    if (bad && d->mode == TRUNCATE)
        n -= 3;
    if (bad && d->mode == PAD)
        d->out[d->out_len + n++] = 0;
    if (bad && d->mode == GARBAGE) {
        memcpy(d->out + d->out_len, "OK\r\n", 4);
        n = 4;
    }
    if (bad && d->mode == SILENT)
        n = 0;
    if (d->mode == SILENT_HELLO)
        n = 0;
    d->out_len += n;
}

static bool dbl_send(board_link *l, const uint8_t *buf, size_t n, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    dbl *d = (dbl *)l;
    for (size_t i = 0; i < n; i++) {
        bp_frame f;
        bp_rx_result x = bp_rx_byte(&d->rx, buf[i], &f);
        assert_true(x == BP_RX_MORE || x == BP_RX_FRAME); /* the host sends only good frames */
        if (x == BP_RX_FRAME) {
            assert_int_equal(f.len, bp_request_len(f.type));
            d->types[d->nreq % 256] = f.type;
            d->seqs[d->nreq % 256] = f.seq;
            d->nreq++;
            answer(d, &f);
        }
    }
    return true;
}

/* The double answers at once: no bytes waiting is its silence (the timeout, in its time). */
static long dbl_recv(board_link *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err, size_t errlen)
{
    (void)timeout_ms, (void)err, (void)errlen;
    dbl *d = (dbl *)l;
    size_t k = n < d->out_len ? n : d->out_len;
    memcpy(buf, d->out, k);
    memmove(d->out, d->out + k, d->out_len - k);
    d->out_len -= k;
    return (long)k;
}

static void dbl_close(board_link *l)
{
    (void)l; /* the test owns the double */
}

static const struct board_link_ops dbl_ops = {dbl_send, dbl_recv, dbl_close};

static dbl *dbl_new(int mode, unsigned from)
{
    dbl *d = calloc(1, sizeof *d);
    d->base = (board_link){.ops = &dbl_ops, .name = "double0"};
    d->mem = physmem_new();
    d->mode = mode;
    d->from = from;
    bp_rx_init(&d->rx, BP_MAX_REQ);
    return d;
}

static void dbl_free(dbl *d)
{
    physmem_free(d->mem);
    free(d);
}

static backend *make(dbl *d, bool fresh)
{
    char err[512] = "";
    board_link_opts lo = {.fresh = fresh, .name = "board-test"};
    backend *b = board_backend_create(&d->base, &lo, NULL, err, sizeof err);
    if (!b)
        print_message("%s\n", err);
    return b;
}

static void hello_then_reset_then_requests_in_sequence(void **state)
{
    (void)state;
    dbl *d = dbl_new(OK, 0);
    backend *b = make(d, false);
    assert_non_null(b);
    assert_int_equal(d->nreq, 2);
    assert_int_equal(d->types[0], BP_HELLO);
    assert_int_equal(d->types[1], BP_RESET);
    assert_int_equal(b->maxphyaddr, 40);
    const board_hello *h = board_backend_hello(b);
    assert_string_equal(h->config, "small");
    assert_int_equal(h->mem_bytes, MEM_BYTES);
    assert_int_equal(h->nparams, CFG_NPARAMS);
    assert_int_equal(h->params[1], small_params()[1]);
    b->ops->pwrite(b, 0x1000, 8, 0x1122334455667788ull);
    assert_int_equal(b->ops->pread(b, 0x1000, 8), 0x1122334455667788ull);
    for (unsigned i = 0; i < d->nreq; i++)
        assert_int_equal(d->seqs[i], i); /* HELLO 0, then one more per request */
    be_destroy(b);
    /* a freshly powered board is not reset */
    d->nreq = 0;
    b = make(d, true);
    assert_non_null(b);
    assert_int_equal(d->nreq, 1);
    be_destroy(b);
    dbl_free(d);
}

static void operations_become_their_frames(void **state)
{
    (void)state;
    dbl *d = dbl_new(OK, 0);
    backend *b = make(d, true);
    assert_non_null(b);
    /* a pwrite across a word is two PWRITEs (be_piece), the pread back two PREADs */
    unsigned n0 = d->nreq;
    b->ops->pwrite(b, 0x2006, 4, 0xa1b2c3d4);
    assert_int_equal(d->nreq - n0, 2);
    assert_int_equal(b->ops->pread(b, 0x2006, 4), 0xa1b2c3d4);
    assert_int_equal(d->nreq - n0, 4);
    /* a load: one PORT on the load/store port, its data and pa from the response */
    be_req q = {.va = 0x2000, .kind = ACC_R, .size = 8};
    be_resp o = b->ops->access(b, &q);
    assert_int_equal(o.status, BE_OK);
    assert_int_equal(o.pa, 0x2000);
    assert_int_equal(o.rdata, 0xc3d4000000000000ull);
    assert_int_equal(d->types[(d->nreq - 1) % 256], BP_PORT);
    /* a store, then the CSR: the double's #GP on an odd CR3 comes back as BE_GP */
    q = (be_req){.va = 0x3000, .kind = ACC_W, .size = 2, .wdata = 0xbeef};
    assert_int_equal(b->ops->access(b, &q).status, BE_OK);
    assert_int_equal(b->ops->pread(b, 0x3000, 2), 0xbeef);
    assert_int_equal(b->ops->write_cr3(b, 0x5000), BE_OK);
    assert_int_equal(b->ops->write_cr3(b, 0x5001), BE_GP);
    uint64_t c[BE_NCOUNTERS];
    b->ops->counters(b, c);
    for (unsigned i = 0; i < BE_NCOUNTERS; i++)
        assert_int_equal(c[i], 100 + i);
    uint64_t w[8] = {1, 2, 3, 4, 5, 6, 7, 8}, r[8];
    b->ops->line_write(b, 0x4000, w);
    b->ops->line_read(b, 0x4000, r);
    assert_memory_equal(w, r, sizeof w);
    be_destroy(b);
    dbl_free(d);
}

/* Runs fn in a child with stderr caught; its exit status and message. */
static int in_child(void (*fn)(backend *), int mode, unsigned from, char *msg, size_t msglen)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(p[1], 2);
        dbl *d = dbl_new(mode, from);
        backend *b = make(d, false);
        if (b)
            fn(b);
        _exit(b ? 0 : 99);
    }
    close(p[1]);
    ssize_t k = read(p[0], msg, msglen - 1);
    msg[k > 0 ? k : 0] = 0;
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void do_pread(backend *b) { (void)b->ops->pread(b, 0x1000, 8); }

static void every_bad_response_ends_the_run(void **state)
{
    (void)state;
    static const struct {
        int mode;
        const char *says;
    } cases[] = {
        {SILENT, "did not answer PREAD within 2 s"},
        {GARBAGE, "with byte 0x4f where a frame must begin"},
        {WRONG_SEQ, "sequence number 1 to request 2"},
        {CORRUPT, "CRC does not match"},
        {TRUNCATE, "sent 13 bytes of its response to PREAD (SEQ 2), then nothing"},
        {PAD, "1 more bytes after its response"},
        {ERROR_RSP, "BAD_SEQ (info 3)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[1024];
        /* requests 0 and 1 (HELLO, RESET) answered well, the PREAD badly */
        int st = in_child(do_pread, cases[i].mode, 2, msg, sizeof msg);
        print_message("mode %d: exit %d: %s", cases[i].mode, st, msg);
        assert_int_equal(st, 3);
        assert_non_null(strstr(msg, "board on double0 "));
        assert_non_null(strstr(msg, cases[i].says));
    }
}

static void silent_board_fails_hello_with_the_message(void **state)
{
    (void)state;
    dbl *d = dbl_new(SILENT_HELLO, 0);
    char err[512] = "";
    board_link_opts lo = {.name = "board-test"};
    assert_null(board_backend_create(&d->base, &lo, NULL, err, sizeof err));
    assert_string_equal(err, "board on double0 did not answer HELLO within 2 s");
    /* a board with another configuration than asked is refused */
    dbl *e = dbl_new(OK, 0);
    be_options o = {.config = "i7"};
    assert_null(board_backend_create(&e->base, &lo, &o, err, sizeof err));
    assert_string_equal(err, "board on double0 runs configuration 'small', not 'i7' (--config)");
    dbl_free(d);
    dbl_free(e);
}

/* A board naming a configuration of the table with other values (a bitstream built from
 * another table) is refused, naming the parameter, before anything runs on it. */
static void board_from_another_table_is_refused(void **state)
{
    (void)state;
    char err[512] = "", want[512];
    board_link_opts lo = {.name = "board-test"};
    dbl *d = dbl_new(OTHER_TABLE, 0);
    assert_null(board_backend_create(&d->base, &lo, NULL, err, sizeof err));
    snprintf(want, sizeof want, "board on double0 runs configuration 'small' with ITlbWays=%u; this program's "
             "rtl/configs.txt gives %u (a bitstream from another table: make bitstream again)",
             small_params()[1] + 1, small_params()[1]);
    assert_string_equal(err, want);
    assert_int_equal(d->nreq, 1); /* HELLO only: no RESET */
    dbl *e = dbl_new(OLD_TABLE, 0);
    assert_null(board_backend_create(&e->base, &lo, NULL, err, sizeof err));
    snprintf(want, sizeof want, "board on double0 runs configuration 'small' with 2 parameters; this program's "
             "rtl/configs.txt has %u (a bitstream from another table: make bitstream again)",
             (unsigned)CFG_NPARAMS);
    assert_string_equal(err, want);
    dbl_free(d);
    dbl_free(e);
}

static void pwrite_outside(backend *b) { b->ops->pwrite(b, MEM_BYTES - 4, 8, 1); }
static void line_outside(backend *b)
{
    uint64_t w[8];
    b->ops->line_read(b, MEM_BYTES, w);
}

static void address_outside_memory_is_refused_before_sending(void **state)
{
    (void)state;
    char msg[1024];
    int st = in_child(pwrite_outside, OK, 0, msg, sizeof msg);
    assert_int_equal(st, 2);
    assert_non_null(strstr(msg, "pwrite of 8 bytes at 0xffffc: outside the board's memory [0, 0x100000) on "
                                "double0 (its HELLO); nothing was sent"));
    assert_null(strstr(msg, "reached the board"));
    st = in_child(line_outside, OK, 0, msg, sizeof msg);
    assert_int_equal(st, 2);
    assert_non_null(strstr(msg, "line read of 64 bytes at 0x100000"));
    assert_null(strstr(msg, "reached the board"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hello_then_reset_then_requests_in_sequence),
        cmocka_unit_test(operations_become_their_frames),
        cmocka_unit_test(every_bad_response_ends_the_run),
        cmocka_unit_test(silent_board_fails_hello_with_the_message),
        cmocka_unit_test(board_from_another_table_is_refused),
        cmocka_unit_test(address_outside_memory_is_refused_before_sending),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The board-sim link (simlink.h). */
#include "simlink.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_shim.h"

#include "board/proto.h"
#include "board/uart_model.h"

enum { F_NONE, F_CORRUPT, F_TRUNCATE, F_REPLAY, F_RSP_CORRUPT, F_MUTE };

typedef struct {
    board_link base;
    board_vl *m;
    uart_model u;
    uint64_t cycle;
    unsigned fault;
    uint64_t fault_at;     /* the frame it hits */
    uint64_t frames;       /* frames sent so far */
    bool muted;
    long rsp_flip;         /* bytes to receive before the one to flip; -1: none */
    uint8_t prev[BP_OVERHEAD + BP_MAX_REQ];
    size_t prev_len;
} simlink;

static bool sim_send(board_link *l, const uint8_t *buf, size_t n, char *err, size_t errlen)
{
    simlink *s = (simlink *)l;
    uint8_t fr[BP_OVERHEAD + BP_MAX_REQ];
    if (n > sizeof fr) {
        snprintf(err, errlen, "board-sim: a frame of %zu bytes (the longest request is %u)", n,
                 BP_OVERHEAD + BP_MAX_REQ);
        return false;
    }
    memcpy(fr, buf, n);
    size_t len = n;
    bool hit = s->fault != F_NONE && s->frames == s->fault_at;
    if (hit && s->fault == F_CORRUPT)
        fr[n > BP_OVERHEAD ? 5 + (n - BP_OVERHEAD) / 2 : 4] ^= 0x08;
    if (hit && s->fault == F_TRUNCATE)
        len = n / 2;
    if (hit && s->fault == F_REPLAY && s->prev_len) {
        memcpy(fr, s->prev, s->prev_len);
        len = s->prev_len;
    }
    if (hit && s->fault == F_RSP_CORRUPT)
        s->rsp_flip = 5;
    if (hit && s->fault == F_MUTE)
        s->muted = true;
    memcpy(s->prev, buf, n);
    s->prev_len = n;
    s->frames++;
    if (!uart_model_put(&s->u, fr, len)) {
        snprintf(err, errlen, "board-sim: the UART model's queue is full");
        return false;
    }
    return true;
}

static long sim_recv(board_link *l, uint8_t *buf, size_t n, unsigned timeout_ms, char *err, size_t errlen)
{
    simlink *s = (simlink *)l;
    uint64_t budget = (uint64_t)timeout_ms * SIMLINK_NOMINAL_BAUD / 1000 * board_vl_clks_per_bit;
    for (uint64_t c = 0; c < budget || budget == 0; c++) {
        uint8_t tx = board_vl_cycle(s->m, 1, uart_model_tx_pin(&s->u));
        uart_model_clock(&s->u, s->muted ? 1 : tx);
        s->cycle++;
        if (s->u.framing_errors) {
            snprintf(err, errlen, "board-sim: a byte from the board with a low stop bit (framing error)");
            return -1;
        }
        size_t k = uart_model_get(&s->u, buf, n);
        if (k) {
            for (size_t i = 0; i < k && s->rsp_flip >= 0; i++)
                if (s->rsp_flip-- == 0)
                    buf[i] ^= 0x08;
            return (long)k;
        }
        if (budget == 0)
            break;
    }
    return 0;
}

static void sim_close(board_link *l)
{
    simlink *s = (simlink *)l;
    board_vl_destroy(s->m);
    free(s);
}

static const struct board_link_ops sim_ops = {sim_send, sim_recv, sim_close};

static bool parse_fault(const char *v, unsigned *kind, uint64_t *at)
{
    static const struct {
        const char *name;
        unsigned kind;
    } kinds[] = {{"corrupt", F_CORRUPT}, {"truncate", F_TRUNCATE}, {"replay", F_REPLAY},
                 {"rsp-corrupt", F_RSP_CORRUPT}, {"mute", F_MUTE}};
    const char *atp = strchr(v, '@');
    if (!atp)
        return false;
    *kind = F_NONE;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strlen(kinds[i].name) == (size_t)(atp - v) && strncmp(v, kinds[i].name, (size_t)(atp - v)) == 0)
            *kind = kinds[i].kind;
    char *end;
    errno = 0;
    *at = strtoull(atp + 1, &end, 10);
    return *kind != F_NONE && atp[1] >= '0' && atp[1] <= '9' && !*end && !errno;
}

board_link *simlink_open(const char *fault, char *err, size_t errlen)
{
    unsigned kind = F_NONE;
    uint64_t at = 0;
    if (fault && *fault && !parse_fault(fault, &kind, &at)) {
        snprintf(err, errlen, "board-sim: %s='%s': expected KIND@N, KIND one of corrupt, truncate, replay, "
                 "rsp-corrupt, mute, N the frame (0: HELLO)", SIMLINK_FAULT_ENV, fault);
        return NULL;
    }
    simlink *s = calloc(1, sizeof *s);
    if (!s || !uart_model_init(&s->u, board_vl_clks_per_bit) || !(s->m = board_vl_create())) {
        snprintf(err, errlen, "board-sim: cannot create the model");
        free(s);
        return NULL;
    }
    s->base = (board_link){.ops = &sim_ops, .name = "board-sim"};
    s->fault = kind;
    s->fault_at = at;
    s->rsp_flip = -1;
    /* reset: a few cycles low, the line idle */
    for (int i = 0; i < 4; i++)
        board_vl_cycle(s->m, 0, 1);
    return &s->base;
}

uint64_t simlink_cycles(board_link *l) { return ((simlink *)l)->cycle; }

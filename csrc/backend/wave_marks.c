// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The current waveform markers (wave_marks.h). */
#include "backend/wave_marks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static wave_marks m;
static wave_marks_listener listener;
static void *listener_ctx;

void wave_marks_listen(wave_marks_listener fn, void *ctx)
{
    listener = fn;
    listener_ctx = ctx;
}

void wave_mark_note(const char *fmt, ...)
{
    if (!listener)
        return;
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    listener(listener_ctx, "note", text);
}

void wave_mark_op(unsigned line, const char *op)
{
    m.line = line;
    snprintf(m.op, sizeof m.op, "%s", op);
    m.act[0] = '\0';
    m.gen++;
    if (listener)
        listener(listener_ctx, "op", op);
}

void wave_mark_pid(int pid)
{
    if (m.pid != pid) {
        m.pid = pid;
        m.gen++;
        if (listener) {
            char text[16];
            snprintf(text, sizeof text, "%d", pid);
            listener(listener_ctx, "pid", text);
        }
    }
}

void wave_mark_kernel(const char *activity)
{
    if (strncmp(m.act, activity, WAVE_MARK_CHARS) != 0) {
        snprintf(m.act, sizeof m.act, "%s", activity);
        m.gen++;
    }
    if (listener)
        listener(listener_ctx, "kernel", activity);
}

const wave_marks *wave_marks_now(void) { return &m; }

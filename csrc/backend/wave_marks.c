// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The current waveform markers (wave_marks.h). */
#include "backend/wave_marks.h"

#include <stdio.h>
#include <string.h>

static wave_marks m;

void wave_mark_op(unsigned line, const char *op)
{
    m.line = line;
    snprintf(m.op, sizeof m.op, "%s", op);
    m.act[0] = '\0';
    m.gen++;
}

void wave_mark_pid(int pid)
{
    if (m.pid != pid) {
        m.pid = pid;
        m.gen++;
    }
}

void wave_mark_kernel(const char *activity)
{
    if (strncmp(m.act, activity, WAVE_MARK_CHARS) != 0) {
        snprintf(m.act, sizeof m.act, "%s", activity);
        m.gen++;
    }
}

const wave_marks *wave_marks_now(void) { return &m; }

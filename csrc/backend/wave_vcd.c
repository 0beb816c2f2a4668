// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* VCD waveforms converted from the FST the models write (wave_vcd.h). */
#include "backend/wave_vcd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool wave_is_vcd(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n > 4 && strcmp(path + n - 4, ".vcd") == 0;
}

const char *wave_fst_path(const char *path, char *buf, size_t len)
{
    if (!wave_is_vcd(path))
        return path;
    snprintf(buf, len, "%s.fst", path);
    return buf;
}

static int run(char *const argv[])
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool wave_vcd_available(void)
{
    char *const argv[] = {"sh", "-c", "command -v fst2vcd >/dev/null 2>&1", NULL};
    return run(argv) == 0;
}

bool wave_vcd_convert(const char *path)
{
    char fst[4096];
    wave_fst_path(path, fst, sizeof fst);
    char *const argv[] = {"fst2vcd", "-f", fst, "-o", (char *)path, NULL};
    int rc = run(argv);
    remove(fst);
    if (rc != 0) {
        fprintf(stderr, "openmmu: '%s': fst2vcd could not convert the waveform (exit %d)\n", path, rc);
        remove(path);
        return false;
    }
    return true;
}

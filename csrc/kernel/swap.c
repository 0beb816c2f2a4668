// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The swap area: a real host file of SLOTS pages (a temporary file unless a path is
 * given), with Linux's swap_map: one reference count per slot, counting the swap PTEs
 * that name it plus the resident frame that caches its content (page->swap_slot).
 * A slot is free at count 0. Data moves between slot and frame through the backend's
 * coherent physical path, 8 bytes at a time. */
#include "kern.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool swap_init(struct kernel *k, uint64_t size, const char *path, char *err, size_t errlen)
{
    k->swap_fd = -1;
    k->swap_slots = size >> PAGE_SHIFT;
    if (!k->swap_slots)
        return true;
    if (path) {
        k->swap_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    } else {
        FILE *f = tmpfile();
        k->swap_fd = f ? dup(fileno(f)) : -1;
        if (f)
            fclose(f);
    }
    if (k->swap_fd < 0 || ftruncate(k->swap_fd, (off_t)(k->swap_slots << PAGE_SHIFT)) != 0) {
        snprintf(err, errlen, "kernel: swap file '%s': %s", path ? path : "(temporary)", strerror(errno));
        if (k->swap_fd >= 0)
            close(k->swap_fd);
        k->swap_fd = -1;
        return false;
    }
    k->swap_map = calloc(k->swap_slots + 1, sizeof *k->swap_map);
    if (!k->swap_map) {
        snprintf(err, errlen, "kernel: out of host memory");
        return false;
    }
    k->swap_next = 1;
    return true;
}

void swap_close(struct kernel *k)
{
    if (k->swap_fd >= 0)
        close(k->swap_fd);
    k->swap_fd = -1;
    free(k->swap_map);
    k->swap_map = NULL;
}

uint64_t swap_alloc(struct kernel *k)
{
    if (k->swap_fd < 0 || k->swap_used == k->swap_slots)
        return 0;
    for (uint64_t n = 0; n < k->swap_slots; n++) { /* next fit */
        uint64_t s = k->swap_next;
        k->swap_next = s == k->swap_slots ? 1 : s + 1;
        if (!k->swap_map[s]) {
            k->swap_map[s] = 1;
            k->swap_used++;
            return s;
        }
    }
    return 0;
}

void swap_dup(struct kernel *k, uint64_t slot)
{
    if (!slot || slot > k->swap_slots || !k->swap_map[slot])
        abort(); /* a swap entry naming a free slot is a kernel-model bug */
    k->swap_map[slot]++;
}

void swap_free(struct kernel *k, uint64_t slot)
{
    if (!slot || slot > k->swap_slots || !k->swap_map[slot])
        abort();
    if (--k->swap_map[slot] == 0)
        k->swap_used--;
}

void swap_write(struct kernel *k, uint64_t slot, uint64_t pa)
{
    uint64_t buf[PAGE_SIZE / 8];
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        buf[i] = k->be->ops->pread(k->be, pa + 8 * i, 8);
    if (pwrite(k->swap_fd, buf, PAGE_SIZE, (off_t)((slot - 1) << PAGE_SHIFT)) != (ssize_t)PAGE_SIZE) {
        perror("openmmu: kernel: swap write");
        abort(); /* the host file failing is not a condition the model handles */
    }
    k->stat_swapout++;
}

void swap_read(struct kernel *k, uint64_t slot, uint64_t pa)
{
    uint64_t buf[PAGE_SIZE / 8];
    if (pread(k->swap_fd, buf, PAGE_SIZE, (off_t)((slot - 1) << PAGE_SHIFT)) != (ssize_t)PAGE_SIZE) {
        perror("openmmu: kernel: swap read");
        abort();
    }
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        k->be->ops->pwrite(k->be, pa + 8 * i, 8, buf[i]);
    k->stat_swapin++;
}

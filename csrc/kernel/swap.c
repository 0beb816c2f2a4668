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
    if (!(k->swap_path = strdup(path ? path : "(temporary)"))) {
        snprintf(err, errlen, "kernel: out of host memory");
        return false;
    }
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
    free(k->swap_path);
    k->swap_path = NULL;
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

/* The first failure is kept: the later ones follow from it. A short transfer without an
 * errno is a full disk for a write (the file was sized at start, so only its blocks are
 * missing) and a file cut short under us for a read. */
static bool host_failed(struct kernel *k, const char *what, uint64_t slot, ssize_t got)
{
    if (!k->host_error[0])
        snprintf(k->host_error, sizeof k->host_error, "kernel: swap file '%s': %s of slot %llu (byte offset %llu) failed: %s",
                 k->swap_path, what, (unsigned long long)slot, (unsigned long long)((slot - 1) << PAGE_SHIFT),
                 got < 0 ? strerror(errno) : strcmp(what, "write") == 0 ? strerror(ENOSPC) : "the file is shorter");
    return false;
}

bool swap_write(struct kernel *k, uint64_t slot, uint64_t pa)
{
    uint64_t buf[PAGE_SIZE / 8];
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        buf[i] = k->be->ops->pread(k->be, pa + 8 * i, 8);
    ssize_t got = pwrite(k->swap_fd, buf, PAGE_SIZE, (off_t)((slot - 1) << PAGE_SHIFT));
    if (got != (ssize_t)PAGE_SIZE)
        return host_failed(k, "write", slot, got);
    k->stat_swapout++;
    return true;
}

bool swap_read(struct kernel *k, uint64_t slot, uint64_t pa)
{
    uint64_t buf[PAGE_SIZE / 8];
    ssize_t got = pread(k->swap_fd, buf, PAGE_SIZE, (off_t)((slot - 1) << PAGE_SHIFT));
    if (got != (ssize_t)PAGE_SIZE)
        return host_failed(k, "read", slot, got);
    for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
        k->be->ops->pwrite(k->be, pa + 8 * i, 8, buf[i]);
    k->stat_swapin++;
    return true;
}

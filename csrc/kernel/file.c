// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The file store, its page cache, and shmem objects (the files behind shared anonymous
 * mappings). A file page is read into a frame on first use and stays cached; every
 * mapping of the file maps that frame (shared) or starts from it (private), so a write
 * through a shared mapping is at once what every other mapping and later mapping sees.
 * Write-back (msync, munmap, exit) copies cached frames to the backing store. */
#include "kern.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FILE_MAX_SIZE (1ull << 30)

static uint64_t rounded(uint64_t size) { return (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

static struct kfile *kfile_new(struct kernel *k, const char *name, uint64_t size)
{
    struct kfile *f = calloc(1, sizeof *f);
    uint64_t r = rounded(size);
    if (!f)
        return NULL;
    f->name = strdup(name);
    f->size = size;
    f->data = calloc(r ? r : 1, 1);
    f->shadow = calloc(r ? r : 1, 1);
    if (!f->name || !f->data || !f->shadow) {
        free(f->name);
        free(f->data);
        free(f->shadow);
        free(f);
        return NULL;
    }
    f->ino = ++k->next_ino;
    return f;
}

static void kfile_release(struct kernel *k, struct kfile *f)
{
    for (uint64_t i = 0; i < f->ncache; i++)
        if (f->cache[i])
            page_put(k, f->cache[i]);
    free(f->cache);
    free(f->name);
    free(f->data);
    free(f->shadow);
    free(f);
}

bool k_file_exists(struct kernel *k, const char *name) { return file_find(k, name) != NULL; }

int k_file(struct kernel *k, const char *name, uint64_t size, int how, uint64_t arg)
{
    if (file_find(k, name))
        return -EEXIST;
    if (size > FILE_MAX_SIZE)
        return -EINVAL;
    struct kfile *f = kfile_new(k, name, size);
    if (!f)
        return -ENOMEM;
    for (uint64_t i = 0; i < size; i++)
        f->data[i] = how == KFILE_FILL ? (uint8_t)arg : (uint8_t)((i + arg % 251) % 251);
    memcpy(f->shadow, f->data, size);
    f->next = k->files;
    k->files = f;
    return 0;
}

int k_file_data(struct kernel *k, const char *name, const void *data, uint64_t size)
{
    if (file_find(k, name))
        return -EEXIST;
    if (size > FILE_MAX_SIZE)
        return -EINVAL;
    struct kfile *f = kfile_new(k, name, size);
    if (!f)
        return -ENOMEM;
    memcpy(f->data, data, size);
    memcpy(f->shadow, data, size);
    f->next = k->files;
    k->files = f;
    return 0;
}

struct kfile *file_find(struct kernel *k, const char *name)
{
    for (struct kfile *f = k->files; f; f = f->next)
        if (!f->shmem && strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

struct kfile *shmem_new(struct kernel *k, uint64_t size)
{
    /* Linux names these "/dev/zero (deleted)" in /proc/PID/maps. */
    struct kfile *f = kfile_new(k, "/dev/zero (deleted)", size);
    if (!f)
        return NULL;
    f->shmem = true;
    f->users = 1;
    return f;
}

void kfile_get(struct kfile *f)
{
    if (f && f->shmem)
        f->users++;
}

void kfile_put(struct kernel *k, struct kfile *f)
{
    if (!f || !f->shmem || --f->users > 0)
        return;
    kfile_release(k, f);
}

uint64_t pagecache_get(struct kernel *k, struct kfile *f, uint64_t idx)
{
    if (idx >= f->ncache) {
        uint64_t n = kfile_pages(f);
        uint64_t *c = realloc(f->cache, n * sizeof *c);
        if (!c)
            return 0;
        memset(c + f->ncache, 0, (n - f->ncache) * sizeof *c);
        f->cache = c;
        f->ncache = n;
    }
    if (f->cache[idx])
        return f->cache[idx];
    uint64_t pa = page_alloc_zeroed(k, PG_CACHE); /* the cache's own reference */
    if (!pa)
        return 0;
    struct page *pg = pa_page(&k->pa, pa);
    pg->file = f;
    pg->index = idx;
    const uint8_t *src = f->data + idx * PAGE_SIZE;
    for (unsigned i = 0; i < PAGE_SIZE; i += 8) {
        uint64_t w;
        memcpy(&w, src + i, 8);
        if (w)
            k->be->ops->pwrite(k->be, pa + i, 8, w);
    }
    f->cache[idx] = pa;
    k->stat_major++; /* read from the file: a major fault */
    return pa;
}

void pagecache_writeback(struct kernel *k, struct kfile *f, uint64_t first, uint64_t last)
{
    for (uint64_t i = first; i <= last && i < f->ncache; i++) {
        if (!f->cache[i])
            continue;
        for (unsigned o = 0; o < PAGE_SIZE; o += 8) {
            uint64_t w = k->be->ops->pread(k->be, f->cache[i] + o, 8);
            memcpy(f->data + i * PAGE_SIZE + o, &w, 8);
        }
    }
}

void files_free(struct kernel *k);
void files_free(struct kernel *k)
{
    while (k->files) {
        struct kfile *f = k->files;
        k->files = f->next;
        kfile_release(k, f);
    }
}

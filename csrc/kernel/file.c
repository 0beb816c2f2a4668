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


/* One page of a file that has been made: its backing store, its shadow (what it must
 * contain), and its page-cache frame (0: not cached). */
struct kfile_page {
    uint64_t idx, pa;
    struct kfile_page *next;
    uint8_t data[PAGE_SIZE], shadow[PAGE_SIZE];
};

static uint64_t slot_of(const struct kfile *f, uint64_t idx)
{
    return (idx * 0x9E3779B97F4A7C15ull) >> 32 & (f->tabsize - 1);
}

static struct kfile_page *fpage_find(const struct kfile *f, uint64_t idx)
{
    for (struct kfile_page *p = f->tab[slot_of(f, idx)]; p; p = p->next)
        if (p->idx == idx)
            return p;
    return NULL;
}

/* The byte at off of a page never made. */
static uint8_t fresh_byte(const struct kfile *f, uint64_t off)
{
    if (off >= f->size)
        return 0;
    return f->how == KFILE_FILL ? (uint8_t)f->arg : (uint8_t)((off + f->arg % 251) % 251);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p)
        abort(); /* host memory: not a condition the model answers for */
    return p;
}

static struct kfile_page *fpage_get(struct kfile *f, uint64_t idx)
{
    struct kfile_page *p = fpage_find(f, idx);
    if (p)
        return p;
    if (f->nheld + 1 > f->tabsize) { /* keep chains short: double the table */
        uint64_t n = f->tabsize * 2;
        struct kfile_page **old = f->tab;
        uint64_t oldsize = f->tabsize;
        f->tab = xcalloc(n, sizeof *f->tab);
        f->tabsize = n;
        for (uint64_t i = 0; i < oldsize; i++)
            for (struct kfile_page *q = old[i], *nx; q; q = nx) {
                nx = q->next;
                q->next = f->tab[slot_of(f, q->idx)];
                f->tab[slot_of(f, q->idx)] = q;
            }
        free(old);
    }
    p = xcalloc(1, sizeof *p);
    p->idx = idx;
    for (unsigned i = 0; i < PAGE_SIZE; i++)
        p->data[i] = p->shadow[i] = fresh_byte(f, idx * PAGE_SIZE + i);
    uint64_t sl = slot_of(f, idx);
    p->next = f->tab[sl];
    f->tab[sl] = p;
    f->nheld++;
    return p;
}

uint8_t *kfile_data(struct kfile *f, uint64_t idx) { return fpage_get(f, idx)->data; }

void kfile_shadow_get(const struct kfile *f, uint64_t off, unsigned n, uint8_t *out)
{
    const struct kfile_page *p = off < kfile_pages(f) * PAGE_SIZE ? fpage_find(f, off >> PAGE_SHIFT) : NULL;
    if (p) {
        memcpy(out, p->shadow + (off & (PAGE_SIZE - 1)), n);
        return;
    }
    for (unsigned i = 0; i < n; i++)
        out[i] = off + i < kfile_pages(f) * PAGE_SIZE ? fresh_byte(f, off + i) : 0;
}

void kfile_shadow_set(struct kfile *f, uint64_t off, uint8_t b)
{
    fpage_get(f, off >> PAGE_SHIFT)->shadow[off & (PAGE_SIZE - 1)] = b;
}

/* Is page idx the one the end of a (regular) file falls inside? */
static bool straddles_eof(const struct kfile *f, uint64_t idx)
{
    return !f->shmem && idx == f->size >> PAGE_SHIFT && (f->size & (PAGE_SIZE - 1));
}

/* The backing store never holds bytes past the end of the file (a filesystem writes the
 * straddling page with its tail zeroed): without the frame, stores there are lost. */
void pagecache_forget(struct kfile *f, uint64_t idx)
{
    struct kfile_page *p = fpage_find(f, idx);
    if (!p)
        return;
    p->pa = 0;
    if (straddles_eof(f, idx)) {
        size_t o = f->size & (PAGE_SIZE - 1);
        memset(p->data + o, 0, PAGE_SIZE - o);
        memset(p->shadow + o, 0, PAGE_SIZE - o);
    }
}

static struct kfile *kfile_new(struct kernel *k, const char *name, uint64_t size, int how, uint64_t arg)
{
    struct kfile *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->name = strdup(name);
    f->size = size;
    f->how = how;
    f->arg = arg;
    f->tabsize = 16;
    f->tab = calloc(f->tabsize, sizeof *f->tab);
    if (!f->name || !f->tab) {
        free(f->name);
        free(f->tab);
        free(f);
        return NULL;
    }
    f->ino = ++k->next_ino;
    return f;
}

static void kfile_release(struct kernel *k, struct kfile *f)
{
    for (uint64_t i = 0; i < f->tabsize; i++)
        for (struct kfile_page *p = f->tab[i], *nx; p; p = nx) {
            nx = p->next;
            if (p->pa)
                page_put(k, p->pa);
            free(p);
        }
    free(f->tab);
    free(f->name);
    free(f);
}

bool k_file_exists(struct kernel *k, const char *name) { return file_find(k, name) != NULL; }

int k_file(struct kernel *k, const char *name, uint64_t size, int how, uint64_t arg)
{
    if (file_find(k, name))
        return -EEXIST;
    if (size > KFILE_MAX_SIZE)
        return -EINVAL;
    /* nothing is made now: every page is its fill or seed until it is touched */
    struct kfile *f = kfile_new(k, name, size, how, arg);
    if (!f)
        return -ENOMEM;
    f->next = k->files;
    k->files = f;
    return 0;
}

int k_file_data(struct kernel *k, const char *name, const void *data, uint64_t size)
{
    if (file_find(k, name))
        return -EEXIST;
    if (size > KFILE_MAX_SIZE)
        return -EINVAL;
    struct kfile *f = kfile_new(k, name, size, KFILE_FILL, 0);
    if (!f)
        return -ENOMEM;
    const uint8_t *d = data;
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        struct kfile_page *p = fpage_get(f, off >> PAGE_SHIFT);
        uint64_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;
        memcpy(p->data, d + off, n);
        memcpy(p->shadow, d + off, n);
    }
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
    struct kfile *f = kfile_new(k, "/dev/zero (deleted)", size, KFILE_FILL, 0);
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

uint64_t pagecache_peek(const struct kfile *f, uint64_t idx)
{
    const struct kfile_page *fp = fpage_find(f, idx);
    return fp ? fp->pa : 0;
}

uint64_t pagecache_get(struct kernel *k, struct kfile *f, uint64_t idx)
{
    struct kfile_page *fp = fpage_find(f, idx);
    if (fp && fp->pa)
        return fp->pa;
    uint64_t pa = page_alloc_zeroed(k, PG_CACHE); /* the cache's own reference */
    if (!pa)
        return 0;
    fp = fpage_get(f, idx); /* after the allocation: reclaim in it may have changed the table */
    struct page *pg = pa_page(&k->pa, pa);
    pg->file = f;
    pg->index = idx;
    for (unsigned i = 0; i < PAGE_SIZE; i += 8) {
        uint64_t w;
        memcpy(&w, fp->data + i, 8);
        if (w)
            k->be->ops->pwrite(k->be, pa + i, 8, w);
    }
    fp->pa = pa;
    k->stat_major++; /* read from the file: a major fault */
    return pa;
}

/* Zeroes the bytes of the straddling page past the end of the file, in the frame and in
 * the shadow. A nonzero byte there can only have come from a store since the last time,
 * which dirtied the page, so doing it whether or not the page is dirty is what Linux's
 * write-out of dirty pages does. */
static void zero_past_eof(struct kernel *k, struct kfile *f, struct kfile_page *p)
{
    for (uint64_t o = f->size & (PAGE_SIZE - 1); o < PAGE_SIZE; o++) {
        if (k->be->ops->pread(k->be, p->pa + o, 1))
            k->be->ops->pwrite(k->be, p->pa + o, 1, 0);
        p->shadow[o] = 0;
    }
}

void pagecache_writeback(struct kernel *k, struct kfile *f, uint64_t first, uint64_t last, bool sync)
{
    /* only made pages can be cached: the cost follows them, not the range */
    for (uint64_t i = 0; i < f->tabsize; i++)
        for (struct kfile_page *p = f->tab[i]; p; p = p->next) {
            if (!p->pa || p->idx < first || p->idx > last)
                continue;
            if (sync && straddles_eof(f, p->idx))
                zero_past_eof(k, f, p);
            for (unsigned o = 0; o < PAGE_SIZE; o += 8) {
                uint64_t w = k->be->ops->pread(k->be, p->pa + o, 8);
                memcpy(p->data + o, &w, 8);
            }
            if (straddles_eof(f, p->idx)) /* the store keeps nothing past the end */
                memset(p->data + (f->size & (PAGE_SIZE - 1)), 0, PAGE_SIZE - (f->size & (PAGE_SIZE - 1)));
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

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* kgen: random kernel-level scenarios (docs/scenario.md) for comparing the kernel model with
 * Linux (linuxrun). The same seed always prints the same scenario.
 *
 *   kgen --seed N --ops N [--procs N] [--boundary]
 *
 * Every address lies in the region of csrc/linuxdiff/region.h, where Linux and the model
 * must agree because nothing is placed by a kernel's own policy:
 *   - the window (WIN_PAGES pages at the region's start) takes fixed and noreplace mmaps,
 *     munmap/mprotect/madvise/msync ranges with holes, and mremap (MREMAP_FIXED and
 *     DONTUNMAP moves too, to targets in the window);
 *   - the hint zone takes mmaps without `fixed`: each at a fresh address nothing has ever
 *     used, so both kernels must honour the hint;
 *   - the heap is the program break (LD_BRK_BASE), grown and shrunk with brk, sometimes
 *     with a fixed mmap in its way.
 * The only operation whose result would depend on placement policy is an mremap that has
 * to move without `fixed`. kgen gives `maymove` without `fixed` only where the move cannot happen: shrinking, or growing
 * into pages it knows are unmapped in that process. For that it keeps a per-process shadow
 * of which window pages are mapped (unknown where an outcome depends on VMA boundaries it
 * does not model). Everything else -- what each operation returns, what each access
 * reads -- is left for Linux to say; kgen only steers towards the interesting cases
 * (page-crossing accesses, past-EOF file pages in every PROT with every kind and size of
 * access, write-only and exec-only rights, PROT_NONE, ranges over holes, shared and
 * private mappings of one file across forks).
 *
 * --boundary makes a third of the operations boundary values (gen_boundary): lengths 0, 1,
 * 4095, 4097 and huge ones that overflow when rounded; addresses off a page by 1 or 4095;
 * file offsets next to 2^63 and 2^64; ranges that end at, cross or start at TASK_SIZE; and
 * accesses that cross a page or leave the canonical half. A boundary value outside the
 * region is used only where both kernels must refuse before touching anything, so that
 * the real process's own mappings (libraries and stack, above the region; the model has
 * its stack at TASK_SIZE instead) are never changed and never decide a result.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linuxdiff/region.h"

#define WIN_PAGES 64
#define SHADOW_PAGES (WIN_PAGES + 16)            /* room for mremap growth past the window */
#define HINT_BASE (LD_REGION_LO + 0x1000000ull)   /* hint zone: 16 MiB into the region */
#define HINT_END (LD_REGION_LO + 0x8000000ull)
#define HEAP_PAGES 24
#define MAX_PROCS 16

enum { UNMAPPED, MAPPED, UNKNOWN };

typedef struct {
    bool live;
    unsigned id;
    unsigned char page[SHADOW_PAGES];
} kproc;

typedef struct {
    const char *name;
    uint64_t size;
} kfile;

static uint64_t rng_state;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }
static bool chance(unsigned percent) { return below(100) < percent; }

static kproc procs[MAX_PROCS];
static unsigned nprocs_max = 3, next_id = 1, live_count;
static uint64_t hint_next = HINT_BASE;

static kfile files[] = {
    {"data", 0x2800},  /* seed: 2.5 pages, a partial last page */
    {"rets", 0x1000},  /* fill 0xc3: every byte a RET, so fetches execute for real */
    {"nops", 0x1800},  /* fill 0x90: a NOP sled running into a past-EOF page */
    {"big", 0x5400},   /* seed */
    {"empty", 0},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static const char *const prots[] = {"rw-", "r--", "---", "-w-", "--x", "r-x", "rwx", "-wx"};

static kproc *pick_live(void)
{
    unsigned k = below(live_count), i = 0;
    for (;; i++)
        if (procs[i].live && k-- == 0)
            return &procs[i];
}

static kproc *new_proc(void)
{
    for (unsigned i = 0; i < MAX_PROCS; i++)
        if (!procs[i].live) {
            procs[i] = (kproc){.live = true, .id = next_id++};
            live_count++;
            return &procs[i];
        }
    return NULL;
}

static uint64_t win_addr(unsigned page) { return LD_REGION_LO + (uint64_t)page * LD_PAGE; }

static void shadow_set(kproc *p, uint64_t addr, uint64_t len, int state)
{
    for (uint64_t a = addr; a < addr + len; a += LD_PAGE)
        if (a >= LD_REGION_LO && a < win_addr(SHADOW_PAGES))
            p->page[(a - LD_REGION_LO) / LD_PAGE] = (unsigned char)state;
}

/* Pages of the shadow in [addr, addr+len) that are not `state`: 0 means all are. */
static unsigned shadow_count_not(const kproc *p, uint64_t addr, uint64_t len, int state)
{
    unsigned n = 0;
    for (uint64_t a = addr; a < addr + len; a += LD_PAGE) {
        if (a < LD_REGION_LO || a >= win_addr(SHADOW_PAGES))
            n++; /* outside what we track: assume the worst */
        else
            n += p->page[(a - LD_REGION_LO) / LD_PAGE] != state;
    }
    return n;
}

/* A length in pages, now and then not a page multiple or zero. */
static uint64_t some_len(unsigned max_pages)
{
    unsigned r = below(100);
    if (r < 2)
        return 0;
    uint64_t len = (1 + below(max_pages)) * LD_PAGE;
    if (r < 10)
        len -= 1 + below(LD_PAGE - 1);
    return len;
}

/* An address somewhere a process may have something mapped. */
static uint64_t some_page(const kproc *p)
{
    unsigned r = below(100);
    if (r < 70) {
        /* A window page, mostly one the shadow says is mapped. */
        for (int tries = 0; tries < 8; tries++) {
            unsigned pg = below(WIN_PAGES);
            if (p->page[pg] != UNMAPPED || tries == 7)
                return win_addr(pg);
        }
    }
    if (r < 85)
        return LD_BRK_BASE + below(HEAP_PAGES) * LD_PAGE;
    if (r < 97 && hint_next > HINT_BASE)
        return HINT_BASE + (rnd() % (hint_next - HINT_BASE)) / LD_PAGE * LD_PAGE;
    return win_addr(WIN_PAGES + below(SHADOW_PAGES - WIN_PAGES));
}

static void gen_mmap(kproc *p)
{
    char flags[64];
    uint64_t addr, len = some_len(6);
    bool anon = chance(45), shared = chance(40), hint = false, noreplace = false;
    kfile *f = &files[below(NFILES)];
    unsigned mode = below(100);
    if (mode < 70) {
        addr = win_addr(below(WIN_PAGES));
    } else if (mode < 82) {
        addr = win_addr(below(WIN_PAGES));
        noreplace = true;
    } else if (mode < 92) {
        hint = true;
        addr = hint_next;
        if (len == 0 || hint_next + len + 4 * LD_PAGE > HINT_END)
            addr = win_addr(below(WIN_PAGES)), hint = false; /* keep it fixed */
        else
            hint_next += (len + LD_PAGE - 1) / LD_PAGE * LD_PAGE + below(3) * LD_PAGE;
    } else {
        addr = LD_BRK_BASE + below(HEAP_PAGES) * LD_PAGE; /* in the break's way */
    }
    if (chance(3))
        addr += 1 + below(LD_PAGE - 1); /* EINVAL for fixed, rounded up for a hint */
    if (hint && (addr % LD_PAGE))
        addr = addr - addr % LD_PAGE; /* a rounded-up hint could run into the next one */
    snprintf(flags, sizeof(flags), "%s%s%s%s", chance(2) ? "" : shared ? "shared," : "private,",
             anon ? "anon," : "", hint ? "" : noreplace ? "noreplace," : "fixed,",
             chance(10) ? "populate," : "");
    size_t fl = strlen(flags);
    if (fl && flags[fl - 1] == ',')
        flags[fl - 1] = '\0';
    if (flags[0] == '\0') /* a hint for a file mapping with neither private nor shared */
        snprintf(flags, sizeof(flags), "%s", anon ? "anon" : "private");
    printf("mmap %u 0x%" PRIx64 " 0x%" PRIx64 " %s %s", p->id, addr, len, prots[below(8)], flags);
    if (!anon) {
        uint64_t off = below((unsigned)(f->size / LD_PAGE) + 3) * LD_PAGE;
        if (chance(3))
            off += 1 + below(LD_PAGE - 1);
        printf(" %s 0x%" PRIx64, f->name, off);
    }
    printf("\n");

    /* Track the window: a fixed mmap of an aligned, non-empty range always succeeds (the
     * files are opened read-write); noreplace succeeds iff nothing is mapped there. */
    bool valid = len > 0 && addr % LD_PAGE == 0 && (strstr(flags, "shared") || strstr(flags, "private"));
    if (!valid || hint)
        return;
    uint64_t span = (len + LD_PAGE - 1) / LD_PAGE * LD_PAGE;
    if (!noreplace)
        shadow_set(p, addr, span, MAPPED);
    else if (shadow_count_not(p, addr, span, UNMAPPED) == 0)
        shadow_set(p, addr, span, MAPPED);
    else if (shadow_count_not(p, addr, span, MAPPED) == span / LD_PAGE) /* none surely mapped */
        for (uint64_t a = addr; a < addr + span; a += LD_PAGE)
            if (shadow_count_not(p, a, LD_PAGE, UNMAPPED) == 0)
                shadow_set(p, a, LD_PAGE, UNKNOWN);
}

static void gen_range(kproc *p, const char *op)
{
    uint64_t addr = chance(85) ? win_addr(below(WIN_PAGES)) : some_page(p);
    uint64_t len = some_len(10);
    if (chance(3))
        addr += 1 + below(LD_PAGE - 1);
    printf("%s %u 0x%" PRIx64 " 0x%" PRIx64, op, p->id, addr, len);
    if (strcmp(op, "mprotect") == 0)
        printf(" %s", prots[below(8)]);
    else if (strcmp(op, "madvise") == 0)
        printf(" dontneed");
    printf("\n");
    if (strcmp(op, "munmap") == 0 && len > 0 && addr % LD_PAGE == 0)
        shadow_set(p, addr, (len + LD_PAGE - 1) / LD_PAGE * LD_PAGE, UNMAPPED);
}

/* MREMAP_FIXED moves inside the window: the target is given, so no placement policy
 * decides (DONTUNMAP only with it, for the same reason). Sometimes without maymove, with
 * lengths that differ under dontunmap, or onto the old range: Linux's EINVAL rules. What
 * the two ranges hold afterwards depends on VMA boundaries kgen does not model. */
static void gen_mremap_fixed(kproc *p)
{
    unsigned pg = below(WIN_PAGES - 8), to = below(WIN_PAGES - 8);
    for (int tries = 0; tries < 8 && p->page[pg] != MAPPED; tries++)
        pg = below(WIN_PAGES - 8);
    uint64_t oldlen = (1 + below(4)) * LD_PAGE, newlen = chance(60) ? oldlen : (1 + below(8)) * LD_PAGE;
    bool dontunmap = chance(30);
    if (dontunmap && chance(85))
        newlen = oldlen;
    printf("mremap %u 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 "%s fixed 0x%" PRIx64 "%s\n", p->id, win_addr(pg), oldlen,
           newlen, chance(92) ? " maymove" : "", win_addr(to), dontunmap ? " dontunmap" : "");
    shadow_set(p, win_addr(pg), oldlen, UNKNOWN);
    shadow_set(p, win_addr(to), newlen, UNKNOWN);
}

static void gen_mremap(kproc *p)
{
    if (chance(40)) {
        gen_mremap_fixed(p);
        return;
    }
    unsigned pg = below(WIN_PAGES);
    for (int tries = 0; tries < 8 && p->page[pg] != MAPPED; tries++)
        pg = below(WIN_PAGES);
    uint64_t old = win_addr(pg), oldlen = (1 + below(4)) * LD_PAGE, newlen;
    unsigned r = below(100);
    if (r < 35)
        newlen = oldlen > LD_PAGE ? (1 + below((unsigned)(oldlen / LD_PAGE) - 1)) * LD_PAGE : oldlen;
    else if (r < 40)
        newlen = oldlen;
    else
        newlen = oldlen + (1 + below(4)) * LD_PAGE;
    /* maymove only where no move can happen (see the top of this file). */
    bool grow = newlen > oldlen;
    bool safe = !grow || shadow_count_not(p, old + oldlen, newlen - oldlen, UNMAPPED) == 0;
    bool maymove = safe && chance(50);
    printf("mremap %u 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 "%s\n", p->id, old, oldlen, newlen,
           maymove ? " maymove" : "");
    /* Whether a growth succeeds depends on VMA boundaries: what it may map becomes unknown. */
    if (grow) {
        for (uint64_t a = old + oldlen; a < old + newlen; a += LD_PAGE)
            if (shadow_count_not(p, a, LD_PAGE, UNMAPPED) == 0)
                shadow_set(p, a, LD_PAGE, UNKNOWN);
    } else if (p->page[pg] == MAPPED) {
        /* A VMA at OLD is all a shrink needs; the tail is unmapped whatever it holds. */
        shadow_set(p, old + newlen, oldlen - newlen, UNMAPPED);
    } else if (p->page[pg] == UNKNOWN) {
        for (uint64_t a = old + newlen; a < old + oldlen; a += LD_PAGE)
            if (shadow_count_not(p, a, LD_PAGE, MAPPED) == 0)
                shadow_set(p, a, LD_PAGE, UNKNOWN);
    }
}

/* A file mapping with pages wholly past the end of its file, in any rights, private or
 * shared, then accesses of every kind and size there: whether the rights (SIGSEGV ACCERR)
 * or the missing page (SIGBUS) decide is for Linux to say. Some accesses start in the
 * file's last page and cross into the first page past it. */
static void gen_eof(kproc *p)
{
    static const unsigned sizes[] = {1, 2, 4, 8};
    kfile *f = &files[below(NFILES)];
    uint64_t fpages = (f->size + LD_PAGE - 1) / LD_PAGE;
    uint64_t npages = 1 + below(3), len = npages * LD_PAGE;
    /* offset: from the file's start (the tail and what follows), or wholly past it */
    uint64_t off = chance(50) ? 0 : (fpages + below(3)) * LD_PAGE;
    unsigned pg = below(WIN_PAGES - 3);
    uint64_t addr = win_addr(pg);
    printf("mmap %u 0x%" PRIx64 " 0x%" PRIx64 " %s %s,fixed %s 0x%" PRIx64 "\n", p->id, addr, len,
           prots[below(8)], chance(50) ? "shared" : "private", f->name, off);
    shadow_set(p, addr, len, MAPPED);
    /* the first page past the end, inside the mapping (or the mapping's last page) */
    uint64_t past = off / LD_PAGE >= fpages ? 0 : fpages - off / LD_PAGE;
    if (past >= npages)
        past = npages - 1;
    for (unsigned n = 1 + below(4); n > 0; n--) {
        static const char *const ops[] = {"load", "store", "exec"};
        const char *op = ops[below(3)];
        unsigned size = sizes[below(4)];
        uint64_t va = addr + past * LD_PAGE + below(LD_PAGE / 8) * 8;
        if (past > 0 && chance(30))
            va = addr + past * LD_PAGE - 1 - below(size > 1 ? size - 1 : 1); /* crosses into it */
        if (strcmp(op, "store") == 0)
            printf("store %u 0x%" PRIx64 " %u 0x%x\n", p->id, va, size, below(256));
        else
            printf("%s %u 0x%" PRIx64 " %u\n", op, p->id, va, size);
    }
}

static void gen_brk(kproc *p)
{
    unsigned r = below(100);
    uint64_t a;
    if (r < 10)
        a = 0;
    else if (r < 15)
        a = LD_BRK_BASE - (1 + below(4)) * LD_PAGE; /* below the start: refused */
    else
        a = LD_BRK_BASE + below(HEAP_PAGES) * LD_PAGE + (chance(30) ? below(LD_PAGE) : 0);
    printf("brk %u 0x%" PRIx64 "\n", p->id, a);
}

static void gen_access(kproc *p, const char *op)
{
    static const unsigned sizes[] = {1, 2, 4, 8};
    unsigned size = strcmp(op, "exec") == 0 ? 1 + below(4) : sizes[below(4)];
    uint64_t va;
    unsigned r = below(100);
    if (r < 3)
        va = chance(50) ? 0 : 0x1000;
    else if (r < 6)
        va = 0x800000000000ull + below(3) * 0x100000000000ull; /* non-canonical */
    else if (r < 8)
        va = 0xffff800000000000ull; /* kernel half */
    else {
        va = some_page(p);
        if (chance(25))
            va += LD_PAGE - 1 - below(size > 1 ? size - 1 : 1); /* crosses into the next page */
        else
            va += below(LD_PAGE / 8) * 8 + (chance(10) ? below(8) : 0);
    }
    if (strcmp(op, "store") == 0) {
        uint64_t v = rnd();
        if (size < 8)
            v &= (1ull << (8 * size)) - 1;
        printf("store %u 0x%" PRIx64 " %u 0x%" PRIx64 "\n", p->id, va, size, v);
    } else if (strcmp(op, "exec") == 0) {
        printf("exec %u 0x%" PRIx64 " %u\n", p->id, va, size);
    } else {
        printf("load %u 0x%" PRIx64 " %u\n", p->id, va, size);
    }
}

/* With the region spelled out: the model's processes have a stack that Linux's have
 * elsewhere, and Linux's have a program image, libraries and so on. */
static void print_maps(const kproc *p)
{
    printf("maps %u 0x%llx 0x%llx\n", p->id, LD_REGION_LO, LD_REGION_HI);
}

/* ---- boundary values (--boundary) ------------------------------------------------ */
#define TASK_SIZE_X86 0x7ffffffff000ull /* the top of the user half with 4-level paging */

/* Lengths at the edges of page rounding and of the address space. */
static uint64_t edge_len(void)
{
    static const uint64_t lens[] = {
        0, 1, LD_PAGE - 1, LD_PAGE, LD_PAGE + 1, 2 * LD_PAGE - 1, 3 * LD_PAGE + 1,
        TASK_SIZE_X86, TASK_SIZE_X86 + 1, 0x800000000000ull, 0x7fffffffffffffffull,
        0x8000000000000000ull, 0xfffffffffffff000ull, 0xfffffffffffff001ull, UINT64_MAX,
    };
    return lens[below(sizeof lens / sizeof lens[0])];
}
/* Lengths that still fit in the window from `page` on (the small edges only). */
static uint64_t edge_small_len(void)
{
    static const uint64_t lens[] = {0, 1, LD_PAGE - 1, LD_PAGE, LD_PAGE + 1, 2 * LD_PAGE - 1, 3 * LD_PAGE + 1};
    return lens[below(sizeof lens / sizeof lens[0])];
}
/* A window address, a page's edge away from alignment now and then. */
static uint64_t edge_addr(void)
{
    uint64_t a = win_addr(below(WIN_PAGES - 4));
    unsigned r = below(100);
    return r < 12 ? a + 1 : r < 24 ? a + LD_PAGE - 1 : r < 30 ? a + LD_PAGE / 2 : a;
}
/* File offsets near where off + len stops fitting (2^63 for a regular file, 2^64). */
static uint64_t edge_off(void)
{
    static const uint64_t offs[] = {
        0x7ffffffffffff000ull, 0x7fffffffffffe000ull, 0x7ffffffffff00000ull, 0x8000000000000000ull,
        0xfffffffffffff000ull, 0xffffffffffffe000ull, 0x7ffffffffffff001ull, 0x10000000000000ull,
        0xfffffffffffff000ull >> 1,
    };
    return offs[below(sizeof offs / sizeof offs[0])];
}

/* Whether `len` bytes from `addr` surely lie in the window and the shadow can follow. */
static bool in_window(uint64_t addr, uint64_t len)
{
    return addr >= LD_REGION_LO && len <= win_addr(WIN_PAGES) - addr;
}

static void gen_boundary(kproc *p)
{
    unsigned r = below(100);
    uint64_t addr = edge_addr(), len;
    if (r < 25) { /* mmap: anonymous or a file, small edges (they map) or huge ones (refused) */
        bool anon = chance(40), small = chance(60);
        len = small ? edge_small_len() : edge_len();
        if (!small && len && len < 0x800000000000ull && !chance(20)) /* keep huge fits out */
            len = 0xfffffffffffff001ull;
        uint64_t off = 0;
        kfile *f = &files[below(NFILES)];
        if (!anon)
            off = chance(60) ? edge_off() : below(3) * LD_PAGE + (chance(20) ? 1 : 0);
        bool noreplace = chance(25);
        printf("mmap %u 0x%" PRIx64 " 0x%" PRIx64 " %s %s%s,%s", p->id, addr, len, prots[below(8)],
               chance(40) ? "shared" : "private", anon ? ",anon" : "", noreplace ? "noreplace" : "fixed");
        if (!anon)
            printf(" %s 0x%" PRIx64, f->name, off);
        printf("\n");
        /* whether it maps depends on the offset's and rights' checks: Linux says */
        if (addr % LD_PAGE == 0 && len && len <= 8 * LD_PAGE && in_window(addr, len + LD_PAGE))
            for (uint64_t a = addr; a < addr + len; a += LD_PAGE)
                shadow_set(p, a, LD_PAGE, UNKNOWN);
    } else if (r < 33) { /* the top of the user half: every one refused before anything is done */
        static const struct { uint64_t addr, len; } top[] = {
            {TASK_SIZE_X86 - LD_PAGE, 2 * LD_PAGE}, {TASK_SIZE_X86, LD_PAGE}, {TASK_SIZE_X86 - LD_PAGE, UINT64_MAX},
            {0x800000000000ull, LD_PAGE}, {TASK_SIZE_X86 - 1, 1}, {TASK_SIZE_X86 - 2 * LD_PAGE, 0x7fffffffffffffffull},
        };
        unsigned i = below(sizeof top / sizeof top[0]);
        printf("mmap %u 0x%" PRIx64 " 0x%" PRIx64 " r-- private,anon,fixed\n", p->id, top[i].addr, top[i].len);
    } else if (r < 45) { /* munmap, mprotect, madvise, msync: small edges in the window */
        static const char *const ops[] = {"munmap", "mprotect", "madvise", "msync"};
        const char *op = ops[below(4)];
        len = edge_small_len();
        printf("%s %u 0x%" PRIx64 " 0x%" PRIx64, op, p->id, addr, len);
        if (strcmp(op, "mprotect") == 0)
            printf(" %s", prots[below(8)]);
        else if (strcmp(op, "madvise") == 0)
            printf(" dontneed");
        printf("\n");
        if (strcmp(op, "munmap") == 0 && len > 0 && addr % LD_PAGE == 0)
            shadow_set(p, addr, (len + LD_PAGE - 1) / LD_PAGE * LD_PAGE, UNMAPPED);
    } else if (r < 55) { /* the same ops with ranges that wrap, or cross or start at TASK_SIZE */
        static const char *const ops[] = {"munmap", "mprotect", "msync", "madvise"};
        const char *op = ops[below(4)];
        static const uint64_t wrap[] = {UINT64_MAX, 0xfffffffffffff001ull};
        uint64_t a = addr;
        len = wrap[below(2)];
        if (strcmp(op, "mprotect") == 0 && chance(50))
            len = 0x8000000000000000ull; /* mprotect stops at the window's first hole */
        if ((strcmp(op, "munmap") == 0 || strcmp(op, "msync") == 0) && chance(50)) {
            /* only these two refuse a range at the top before touching the areas there */
            a = TASK_SIZE_X86 - LD_PAGE * below(2);
            len = chance(50) ? 2 * LD_PAGE : len;
        }
        printf("%s %u 0x%" PRIx64 " 0x%" PRIx64, op, p->id, a, len);
        if (strcmp(op, "mprotect") == 0)
            printf(" %s", prots[below(8)]);
        else if (strcmp(op, "madvise") == 0)
            printf(" dontneed");
        printf("\n");
    } else if (r < 65) { /* mremap: unaligned, zero, huge, past TASK_SIZE; never a move */
        static const uint64_t lens[] = {0, 1, LD_PAGE - 1, LD_PAGE + 1, TASK_SIZE_X86, TASK_SIZE_X86 + 1,
                                        0x800000000000ull, 0x7fffffffffffffffull, UINT64_MAX};
        uint64_t oldlen = chance(50) ? lens[below(9)] : LD_PAGE * (1 + below(2));
        uint64_t newlen = chance(50) ? lens[below(9)] : LD_PAGE * (1 + below(2));
        if (oldlen == 0 && newlen > 0 && newlen < TASK_SIZE_X86) /* duplicate a shared area: placed */
            oldlen = LD_PAGE;
        bool shrink = newlen <= oldlen;
        if (!shrink && newlen < TASK_SIZE_X86 && newlen > 4 * LD_PAGE)
            newlen = UINT64_MAX; /* an in-place growth that large is host-dependent */
        printf("mremap %u 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 "\n", p->id, addr, oldlen, newlen);
        if (addr % LD_PAGE == 0 && in_window(addr, 8 * LD_PAGE))
            for (uint64_t a = addr; a < addr + 8 * LD_PAGE; a += LD_PAGE)
                if (p->page[(a - LD_REGION_LO) / LD_PAGE] != UNMAPPED)
                    shadow_set(p, a, LD_PAGE, UNKNOWN);
    } else if (r < 72) { /* brk past TASK_SIZE, to its edge, to the non-canonical half */
        /* (Linux's own libraries and stack lie below TASK_SIZE: a break that far is refused) */
        static const uint64_t b[] = {TASK_SIZE_X86, TASK_SIZE_X86 + 1, 0x800000000000ull, UINT64_MAX,
                                     LD_BRK_BASE + 1, LD_BRK_BASE + LD_PAGE - 1, LD_BRK_BASE + LD_PAGE + 1};
        printf("brk %u 0x%" PRIx64 "\n", p->id, b[below(7)]);
    } else { /* accesses: across a page of the window, out of the canonical half */
        static const unsigned sizes[] = {2, 4, 8};
        unsigned size = sizes[below(3)];
        uint64_t va;
        unsigned k = below(100);
        if (k < 60)
            va = win_addr(below(WIN_PAGES)) + LD_PAGE - 1 - below(size - 1); /* crosses */
        else if (k < 80)
            va = 0x800000000000ull - 1 - below(size - 1); /* crosses out of the user half */
        else if (k < 90)
            va = 0xffff800000000000ull - 1 - below(size - 1); /* crosses into the kernel half */
        else
            va = UINT64_MAX - below(size - 1); /* wraps past 2^64 */
        const char *op = chance(40) ? "store" : chance(50) ? "load" : "exec";
        if (strcmp(op, "exec") == 0 && size > 4) /* as gen_access: fetches of 1 to 4 bytes */
            size = 4, va += 4;
        if (strcmp(op, "store") == 0)
            printf("store %u 0x%" PRIx64 " %u 0x%x\n", p->id, va, size, below(256));
        else
            printf("%s %u 0x%" PRIx64 " %u\n", op, p->id, va, size);
    }
}

static int usage_to(FILE *f, int rc)
{
    fprintf(f, "usage: kgen --seed N --ops N [--procs N] [--boundary]\n"
                    "Prints a random kernel-level scenario (docs/scenario.md) whose addresses\n"
                    "all lie in 0x%llx-0x%llx; --procs caps the live processes (default 3);\n"
                    "--boundary makes a third of the operations boundary values.\n",
            LD_REGION_LO, LD_REGION_HI);
    return rc;
}
static int usage(void) { return usage_to(stderr, 2); }

static bool parse_num(const char *opt, const char *s, uint64_t *v, uint64_t max)
{
    char *end;
    if (!s || !*s || *s == '-') {
        fprintf(stderr, "kgen: %s: expected a number\n", opt);
        return false;
    }
    unsigned long long x = strtoull(s, &end, 0);
    if (*end || x > max) {
        fprintf(stderr, "kgen: %s: bad number '%s' (0..%" PRIu64 ")\n", opt, s, max);
        return false;
    }
    *v = x;
    return true;
}

int main(int argc, char **argv)
{
    uint64_t seed = 0, nops = 0, np = 3;
    bool have_seed = false, have_ops = false, boundary = false;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return usage_to(stdout, 0);
        if (strcmp(argv[i], "--boundary") == 0) {
            boundary = true;
            continue;
        }
        if (strcmp(argv[i], "--seed") == 0) {
            if (!parse_num("--seed", v, &seed, UINT64_MAX))
                return 2;
            have_seed = true;
        } else if (strcmp(argv[i], "--ops") == 0) {
            if (!parse_num("--ops", v, &nops, 10000000))
                return 2;
            have_ops = true;
        } else if (strcmp(argv[i], "--procs") == 0) {
            if (!parse_num("--procs", v, &np, MAX_PROCS) || np == 0) {
                if (np == 0)
                    fprintf(stderr, "kgen: --procs: at least 1\n");
                return 2;
            }
        } else {
            fprintf(stderr, "kgen: unknown option '%s'\n", argv[i]);
            return usage();
        }
        i++;
    }
    if (!have_seed || !have_ops) {
        fprintf(stderr, "kgen: %s is required\n", have_seed ? "--ops" : "--seed");
        return usage();
    }
    rng_state = seed;
    nprocs_max = (unsigned)np;

    printf("# kgen --seed %" PRIu64 " --ops %" PRIu64 " --procs %u%s\n", seed, nops, nprocs_max,
           boundary ? " --boundary" : "");
    printf("file data 0x%" PRIx64 " seed %u\n", files[0].size, below(251));
    printf("file rets 0x%" PRIx64 " fill 0xc3\n", files[1].size);
    printf("file nops 0x%" PRIx64 " fill 0x90\n", files[2].size);
    printf("file big 0x%" PRIx64 " seed %u\n", files[3].size, below(251));
    printf("file empty 0\n");
    printf("spawn %u\n", new_proc()->id);

    for (uint64_t n = 0; n < nops; n++) {
        unsigned r = below(100);
        kproc *p = pick_live();
        if (boundary && below(3) == 0) {
            gen_boundary(p);
        } else if (r < 2 && live_count < nprocs_max) {
            printf("spawn %u\n", new_proc()->id);
        } else if (r < 6 && live_count < nprocs_max) {
            kproc *c = new_proc();
            memcpy(c->page, p->page, sizeof(c->page));
            printf("fork %u %u\n", p->id, c->id);
        } else if (r < 8 && live_count > 1) {
            printf("exit %u\n", p->id);
            p->live = false;
            live_count--;
        } else if (r < 22) {
            gen_mmap(p);
        } else if (r < 24) {
            gen_eof(p);
        } else if (r < 30) {
            gen_range(p, "munmap");
        } else if (r < 36) {
            gen_range(p, "mprotect");
        } else if (r < 39) {
            gen_range(p, "madvise");
        } else if (r < 41) {
            gen_range(p, "msync");
        } else if (r < 45) {
            gen_mremap(p);
        } else if (r < 48) {
            gen_brk(p);
        } else if (r < 68) {
            gen_access(p, "load");
        } else if (r < 88) {
            gen_access(p, "store");
        } else if (r < 95) {
            gen_access(p, "exec");
        } else {
            print_maps(p);
        }
    }
    for (unsigned i = 0; i < MAX_PROCS; i++)
        if (procs[i].live)
            print_maps(&procs[i]);
    return 0;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The one interface between the C world and an MMU implementation.
 *
 * Three implementations exist: "rtl" (the Verilated model, clocked from C), "ref" (the C
 * reference model, untimed) and "lockstep" (both, every result compared). Two more devices
 * stand beside the RTL (registry: csrc/registry/): "reftlb", the adversarial finite-TLB reference
 * device lockstep is tested with (lockstep:reftlb; --inject), and "tlbmodel", the exact,
 * untimed model of the RTL's TLB hierarchy whose counters equal the rtl backend's at any
 * geometry (--tlb). They are two devices, not two modes of one: one may do whatever a
 * correct MMU may, the other must do what this RTL does. Everything above
 * this header -- the scenario runner, the random tester, the kernel model -- drives an
 * MMU only through these calls and never knows which implementation it has.
 *
 * Promises made by every backend:
 *  - Physical memory starts as all zeroes. pwrite/pread are coherent with the MMU: a PTE
 *    written with pwrite is what the next walk reads, and A/D bits the hardware set are
 *    what the next pread returns.
 *  - access() is architectural: it returns what one x86-64 load, store or fetch of SIZE
 *    bytes at VA would do (translation, fault with error code and CR2, or #GP), including
 *    the A/D updates in memory. An access crossing a 4 KiB page is translated as two
 *    parts; a fault on the second part reports the second part's address.
 *  - Control operations return BE_OK or BE_GP exactly where the SDM raises #GP.
 */
#ifndef OPENMMU_BACKEND_H
#define OPENMMU_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/x86.h"

#define MAXPHYADDR_DEFAULT 40

typedef enum { ACC_R = 0, ACC_W = 1, ACC_X = 2 } acc_kind;

typedef enum {
    BE_OK = 0,   /* translation and data */
    BE_PF = 1,   /* page fault: err and cr2 are valid */
    BE_GP = 2,   /* general protection: non-canonical address, or a bad control operation */
    BE_MCE = 3,  /* machine check: the memory answered a walk, fill or write-back with an error */
} be_status;

typedef struct {
    uint64_t va;
    acc_kind kind;
    bool user;      /* CPL 3 */
    unsigned size;  /* 1, 2, 4 or 8 */
    uint64_t wdata; /* stores only */
} be_req;

typedef struct {
    be_status status;
    uint64_t pa;    /* BE_OK: physical address of the first byte */
    uint32_t err;   /* BE_PF: error code (PF_*) */
    uint64_t cr2;   /* BE_PF: faulting linear address */
    uint64_t rdata; /* BE_OK loads and fetches: the bytes read, zero-extended; else 0 */
} be_resp;

typedef struct {
    bool pcide, pge, smep, smap;
} be_cr4;

/* Performance counters, in the order the CSR port numbers them. Every backend reports
 * every counter; one that has no meaning for a backend (ref has no TLB) reads 0. */
#define BE_COUNTERS(X)                                                                    \
    X(cycles)            X(accesses)          X(itlb_accesses)     X(itlb_hits)           \
    X(itlb_misses)       X(dtlb_accesses)     X(dtlb_hits)         X(dtlb_misses)         \
    X(l2tlb_accesses)    X(l2tlb_hits)        X(l2tlb_misses)      X(walks)               \
    X(walk_mem_refs)     X(psc_pml4e_hits)    X(psc_pdpte_hits)    X(psc_pde_hits)        \
    X(ad_updates)        X(ad_retries)        X(page_faults)       X(gp_faults)           \
    X(dirty_rewalks)     X(invalidations)     X(stall_cycles)      X(dcache_hits)         \
    X(dcache_misses)     X(dcache_writebacks) X(uncached_accesses) X(mem_stall_cycles)      \
    X(walk_cycles)       X(walk_refs_pml4e)   X(walk_refs_pdpte)   X(walk_refs_pde)        \
    X(walk_refs_pte)     X(walk_refs_dcache)  X(walk_refs_memory)

enum {
#define BE_CNT_ENUM(n) BE_CNT_##n,
    BE_COUNTERS(BE_CNT_ENUM)
#undef BE_CNT_ENUM
    BE_NCOUNTERS
};
extern const char *const be_counter_names[BE_NCOUNTERS];

typedef struct backend backend;

typedef struct {
    const char *config;      /* a configuration of rtl/configs.txt; NULL: its first (a board: its own) */
    const char *tlb;         /* tlbmodel: TLB geometry over the config's, "KEY=VAL,..." (tlbmodel/geom.h);
                              * rtl: must equal the compiled model's geometry; NULL: the config's */
    unsigned mem_latency;    /* memory access latency in cycles (timed backends) */
    unsigned mem_beat_interval; /* rtl: cycles between 8-byte data beats (bandwidth); 0 means 1 */
    const char *wave_path;   /* rtl: dump an FST waveform here; NULL for none */
    uint64_t wave_from, wave_to; /* rtl: cycle window of the waveform; to=0 means no end */
    unsigned inject;         /* deliberately injected bugs (INJ_* of inject/inject.h) the device carries, for
                              * the tests that prove the checkers; a device that cannot carry one refuses it */
} be_options;


struct backend_ops {
    void (*destroy)(backend *b);
    void (*pwrite)(backend *b, uint64_t pa, unsigned size, uint64_t val);
    uint64_t (*pread)(backend *b, uint64_t pa, unsigned size);
    be_status (*write_cr3)(backend *b, uint64_t val);
    be_status (*write_cr0_wp)(backend *b, bool wp);
    be_status (*write_cr4)(backend *b, be_cr4 cr4);
    be_status (*write_efer_nxe)(backend *b, bool nxe);
    be_status (*invlpg)(backend *b, uint64_t va);
    be_status (*invpcid)(backend *b, unsigned type, uint64_t pcid, uint64_t va);
    be_resp (*access)(backend *b, const be_req *req);
    void (*counters)(backend *b, uint64_t out[BE_NCOUNTERS]);
    /* The same values, read without the hardware doing anything for it (rtl: from the
     * model's registers, no command and no simulated cycle; the physical port's posted
     * stores are drained first, as a command would). For a harness's own accounting, which
     * must not cost the simulated machine: the kernel model's split of the counters between
     * itself and the processes. NULL: be_counters_peek reads them with counters. */
    void (*counters_peek)(backend *b, uint64_t out[BE_NCOUNTERS]);
    /* Data-cache maintenance (NULL: the backend has no cache operations). A
     * backend without a cache implements them as no-ops. BE_MCE: a write-back failed. */
    be_status (*cache_wbinvd)(backend *b);                   /* write back + invalidate all */
    be_status (*cache_invd)(backend *b);                     /* invalidate all, drop dirty data */
    be_status (*cache_line)(backend *b, unsigned op, uint64_t pa); /* BE_CLINE_* on pa's line */
    /* Whole 64-byte lines of physical memory, for the kernel's page clears and copies
     * (NULL: be_line_* below do the same with pwrite/pread a word at a time; callers use
     * those, never these directly). pa is the line's first byte, 64-aligned; w[i] is the
     * word at pa + 8i. Coherent as pwrite/pread are, and architecturally the same as 8
     * word pwrites / preads in order: only the cost differs.
     *  line_zero: the line reads as zeroes. A cache allocates it zeroed and dirty without
     *    reading memory (CLZERO, DC ZVA). BE_MCE: the write-back of the line it displaced
     *    failed (the zeroes are still in place).
     *  line_read / line_write: the 8 words as one operation (rtl: 8 word requests streamed
     *    through the physical port back to back, not 8 round trips).
     *  zero_lines: n consecutive lines from pa zeroed, as n line_zero in order, the next
     *    issued without waiting for the one before (rtl: through the physical port, one
     *    taken as the cache finishes the last). BE_MCE: a displaced line's write-back
     *    failed for one of them. */
    be_status (*line_zero)(backend *b, uint64_t pa);
    be_status (*zero_lines)(backend *b, uint64_t pa, unsigned n);
    void (*line_read)(backend *b, uint64_t pa, uint64_t w[8]);
    void (*line_write)(backend *b, uint64_t pa, const uint64_t w[8]);
};

/* Operations on one physical line (cache_line). */
#define BE_CLINE_WB    0u /* write back, keep the line (CLWB) */
#define BE_CLINE_INV   1u /* invalidate, no write-back */
#define BE_CLINE_WBINV 2u /* write back and invalidate (CLFLUSH) */

/* Every backend checks its control operations itself (the RTL in its CSR block, ref from
 * the SDM), so that lockstep compares those decisions too. */
struct backend {
    const struct backend_ops *ops;
    const char *name;
    unsigned maxphyaddr;
};

/* Backends are made by name: registry/registry.h (backend_create). */

static inline void be_destroy(backend *b) { b->ops->destroy(b); }

void be_counters_peek(backend *b, uint64_t out[BE_NCOUNTERS]); /* counters_peek, or counters */

/* What every counter moved since base was read from the same backend (counters only grow). */
void be_counters_since(backend *b, const uint64_t base[BE_NCOUNTERS], uint64_t out[BE_NCOUNTERS]);

#define BE_LINE 64u /* bytes in the line of line_zero / line_read / line_write */

/* The line operations, through the backend's own when it has them, else word by word.
 * A pa that is not 64-aligned is a caller's bug: a message and abort. */
be_status be_line_zero(backend *b, uint64_t pa);
be_status be_zero_lines(backend *b, uint64_t pa, unsigned n); /* BE_MCE if any line's did */
void be_line_read(backend *b, uint64_t pa, uint64_t w[8]);
void be_line_write(backend *b, uint64_t pa, const uint64_t w[8]);

#endif

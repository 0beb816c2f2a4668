// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The software kernel model: processes, address spaces and Linux's memory system calls,
 * running on any backend (it touches the MMU and physical memory only through be->ops).
 *
 * Every call names the process it runs in; the model switches address space to it first
 * (a CR3 write with its PCID), as the process making the system call would be running.
 * System calls return what Linux's would: a value, or -errno. Accesses return the signal
 * the process would get (and the process goes on, as if a handler skipped the access).
 *
 * Injected bugs (kernel_opts.inject: the INJ_IN_KERNEL bugs of inject/inject.def, asked
 * for with --inject) let the tests prove that the checkers catch real defects.
 *
 * Memory pressure (reclaim.c, swap.c): physical memory is mem_size bytes; below a low
 * watermark of free frames the clock reclaims up to a high one, and an allocation that
 * fails reclaims directly. If that fails too, the access that needed the memory runs the
 * OOM killer (the process with the largest badness -- resident frames + page-table pages +
 * swap entries, as Linux's oom_badness -- dies, a line on stderr) and is retried;
 * if the victim was the process itself, the access reports KA_KILLED, and so does every
 * later operation on that PID (the scenario result `killed`).
 */
#ifndef OPENMMU_KERNEL_KERNEL_H
#define OPENMMU_KERNEL_KERNEL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backend/backend.h"


#define KMEM_BASE_DEFAULT 0x100000ull
#define KMEM_SIZE_DEFAULT (256ull << 20)

struct kernel;

/* Transparent huge pages (/sys/kernel/mm/transparent_hugepage/enabled). The default (0) is
 * madvise, the common distribution default: only areas given MADV_HUGEPAGE get them. */
enum kthp { KTHP_MADVISE = 0, KTHP_ALWAYS, KTHP_NEVER };

/* How the kernel's own accesses (page clears and copies, page-table entries) reach memory
 * (kaccess.c): every word through the MMU, a translation per page (the default), or the
 * physical path alone. */
enum kaccess { KACCESS_PAGE = 0, KACCESS_WORD, KACCESS_PHYS };
/* kset's change of kernel pages: not present, read-only, read-write (set_memory_*). */
enum kset { KSET_NONE, KSET_RO, KSET_RW };

struct kernel_opts {
    uint64_t mem_base, mem_size; /* the physical range the allocator manages */
    unsigned inject;             /* INJ_* bugs (inject/inject.h) carried by the kernel; others refused */
    uint64_t swap_size;          /* bytes of swap (0: none) */
    const char *swap_path;       /* host file for it; NULL: a temporary file */
    enum kthp thp;
    uint64_t nr_hugepages;       /* the hugetlb pool, 2 MiB pages taken from mem_size at boot */
    enum kaccess kaccess;
};
#define KSWAP_SIZE_DEFAULT (64ull << 20)

/* Are the options possible on a backend with this MAXPHYADDR? false and why in err if not. */
bool kernel_check_opts(const struct kernel_opts *o, unsigned maxphyaddr, char *err, size_t errlen);
/* NULL (message in err) if the options are bad or the backend refuses paging setup. */
struct kernel *kernel_new(backend *be, const struct kernel_opts *o, char *err, size_t errlen);
void kernel_free(struct kernel *k);
/* Moves the kernel onto another backend whose physical memory is all zeroes: copies the
 * managed physical memory (page tables, user frames: the same bytes), then sets up paging
 * there as boot does and loads the current process's CR3. Its TLBs start empty. False if
 * the new backend refuses the paging setup. The old backend is the caller's to destroy. */
bool k_move_backend(struct kernel *k, backend *to);
/* Frees only host memory, without a call to the backend (which may be gone already). */
void kernel_free_host(struct kernel *k);

/* Processes. -EEXIST / -ESRCH for a PID that is taken / unknown; -ENOMEM; -EAGAIN when
 * every PCID is in use. */
int k_spawn(struct kernel *k, int pid);
int k_fork(struct kernel *k, int parent, int child);
int k_exit(struct kernel *k, int pid);

/* The file store. -EEXIST if the name is taken, -EINVAL for a bad size. */
#define KFILE_FILL 0
#define KFILE_SEED 1
int k_file(struct kernel *k, const char *name, uint64_t size, int how, uint64_t arg);
bool k_file_exists(struct kernel *k, const char *name);
/* A file holding exactly the SIZE bytes at DATA (a real file's contents, for trace
 * replay). -EEXIST, -EINVAL (too large), -ENOMEM. */
int k_file_data(struct kernel *k, const char *name, const void *data, uint64_t size);

#define KPROT_READ  1u
#define KPROT_WRITE 2u
#define KPROT_EXEC  4u
#define KMAP_SHARED    0x01u
#define KMAP_PRIVATE   0x02u
#define KMAP_FIXED     0x10u
#define KMAP_ANON      0x20u
#define KMAP_POPULATE  0x8000u
#define KMAP_NOREPLACE 0x100000u
#define KMAP_HUGETLB   0x40000u /* 2 MiB pages from the pool (--nr-hugepages); private only */

/* System calls (results as Linux's: an address or 0, else -errno). A negative int64_t
 * in [-4095, -1] is an errno. The process must exist (else -ESRCH). */
int64_t k_mmap(struct kernel *k, int pid, uint64_t addr, uint64_t len, unsigned prot, unsigned flags,
               const char *file, uint64_t off);
int64_t k_munmap(struct kernel *k, int pid, uint64_t addr, uint64_t len);
int64_t k_mprotect(struct kernel *k, int pid, uint64_t addr, uint64_t len, unsigned prot);
int64_t k_brk(struct kernel *k, int pid, uint64_t addr);
/* Where the process's break starts (what exec chose; trace replay sets the recorded one).
 * Only before the break has grown: -EBUSY after, -EINVAL for an unaligned or too-high address. */
int k_set_brk_start(struct kernel *k, int pid, uint64_t start);
int64_t k_madvise_dontneed(struct kernel *k, int pid, uint64_t addr, uint64_t len);
/* MADV_HUGEPAGE (on) / MADV_NOHUGEPAGE (off): sets VM_HUGEPAGE or VM_NOHUGEPAGE on the
 * areas of the range, splitting and merging them as Linux does; huge pages already there
 * stay (but one straddling a new area boundary is split). -EINVAL, -ENOMEM as madvise. */
int64_t k_madvise_hugepage(struct kernel *k, int pid, uint64_t addr, uint64_t len, bool on);
int64_t k_msync(struct kernel *k, int pid, uint64_t addr, uint64_t len);
int64_t k_mremap(struct kernel *k, int pid, uint64_t old, uint64_t oldlen, uint64_t newlen, bool maymove);
/* mremap with MREMAP_MAYMOVE whose move goes to `to` (where the real kernel put it, for
 * trace replay): -ENOMEM unless [to, to + newlen) is free; growing in place still wins. */
int64_t k_mremap_to(struct kernel *k, int pid, uint64_t old, uint64_t oldlen, uint64_t newlen, uint64_t to);
/* mremap(2) with Linux's flags and their rules (FIXED and DONTUNMAP need MAYMOVE; FIXED
 * replaces what is at new_addr; DONTUNMAP keeps the old range mapped, without its pages). */
#define KMREMAP_MAYMOVE   1u
#define KMREMAP_FIXED     2u
#define KMREMAP_DONTUNMAP 4u
int64_t k_mremap_flags(struct kernel *k, int pid, uint64_t old, uint64_t oldlen, uint64_t newlen, unsigned flags,
                       uint64_t new_addr);

/* execve (exec.c, as Linux's load_elf_binary): replaces pid's address space with the ELF64
 * program FILE -- a name of the file store, or else a name with a '/' is a host path, whose
 * file (and PT_INTERP's, likewise) becomes a store file named by its canonical path with
 * the real bytes. argv and envp are copied onto the new [stack] with the auxv.
 * 0 and *entry, *sp (where the process starts: the interpreter's entry if it has one);
 * -errno with the process unchanged (-ENOENT, -E2BIG, -ENOEXEC, -EIO, -ELIBBAD, -ENOMEM:
 * what Linux gives before exec's point of no return); KEXEC_KILLED when a failure after it
 * (a bad segment, a bss that cannot be zeroed, no memory) killed the process, as Linux
 * kills it (*err: why, the errno Linux's execve would have had). -ESRCH: no process. */
#define KEXEC_KILLED 1
int k_execve(struct kernel *k, int pid, const char *file, int argc, const char *const *argv, int envc,
             const char *const *envp, uint64_t *entry, uint64_t *sp, int *err);

/* User accesses. */
typedef enum { KA_OK, KA_SEGV_MAPERR, KA_SEGV_ACCERR, KA_SEGV_KERNEL, KA_BUS, KA_OOM, KA_NOPROC, KA_KILLED } kacc;
/* size 1..8; *val is the value read (load/exec). A KA_OK load is also checked against the
 * shadow memory: a mismatch sets *shadow_bad (and *expect to what it should be). */
kacc k_load(struct kernel *k, int pid, uint64_t va, unsigned size, acc_kind kind, uint64_t *val,
            bool *shadow_bad, uint64_t *expect);
kacc k_store(struct kernel *k, int pid, uint64_t va, unsigned size, uint64_t val);

/* /proc/PID/maps of the process into buf (lines '\n'-separated, no final newline), as
 * snprintf: what fits is written, the whole text's length returned (-ESRCH: no process). */
int64_t k_maps(struct kernel *k, int pid, char *buf, size_t len);
/* Only the areas meeting [lo, hi), with every device 00:00 and inode 0 and single spaces
 * (linuxrun's normalised form, so that `maps PID LO HI` compares with real Linux). */
int64_t k_maps_range(struct kernel *k, int pid, uint64_t lo, uint64_t hi, char *buf, size_t len);
/* smaps of the area holding addr: *anon_huge (AnonHugePages) and *hugetlb (Private_Hugetlb)
 * in bytes; -EFAULT if no area holds addr, -ESRCH if no process. */
int k_smaps(struct kernel *k, int pid, uint64_t addr, uint64_t *anon_huge, uint64_t *hugetlb);
/* The number of areas; -ESRCH if no process. */
int64_t k_nvma(struct kernel *k, int pid);
/* The maps line of the area holding addr (or "none"); -ESRCH if no process. */
int k_vma_line(struct kernel *k, int pid, uint64_t addr, char *buf, size_t len);

/* Counters: page faults handled, spurious faults retried, INVLPGs, full flushes. */
struct kernel_stats {
    uint64_t faults, spurious, invlpg, flushes, cow_copies, cow_reuse, free_pages;
    /* memory pressure: frames the clock looked at, found referenced (A set), reclaimed;
     * pages written to swap, written to files, read from swap; faults that read swap or
     * a file (major) and the others (minor); processes the OOM killer took */
    uint64_t scanned, referenced, reclaimed, swapout, fileout, swapin, major, minor, oom_kills;
    uint64_t pte_reads; /* page-table entries the kernel read: the cost of its walks */
    uint64_t shadow_visits; /* shadow copies looked at by munmap/madvise/mremap (live processes) */
    /* huge pages: meminfo's AnonHugePages (kB) and /proc/vmstat's thp_fault_alloc,
     * thp_fault_fallback, thp_split_pmd; the hugetlb pool's HugePages_Total/Free/Rsvd */
    uint64_t anon_huge_kb, thp_fault_alloc, thp_fault_fallback, thp_split_pmd;
    uint64_t hugepages_total, hugepages_free, hugepages_rsvd;
    /* prefetching: pages mapped by fault-around; swap slots read ahead, and faults that
     * found their page read ahead (Linux's swap_ra, swap_ra_hit) */
    uint64_t fault_around, swap_ra, swap_ra_hit;
    /* the kernel half: the kernel's own accesses through the MMU, pages its kset split
     * from large ones, its kernel-range flushes (INVLPGs; full INVPCID type 2), and the
     * error code of the last fault that became a signal (as the signal frame's err) */
    uint64_t kaccesses, kset_splits, kflush_pages, kflush_all, last_sig_err;
    /* the hardware's counters, split into the kernel's own accesses (k_) and the rest
     * (u_: the processes'): translations asked, L1 TLB hits and misses, L2 TLB hits,
     * page walks (0 on a backend without a TLB) */
    uint64_t k_translations, k_tlb_hits, k_tlb_misses, k_l2tlb_hits, k_walks;
    uint64_t u_translations, u_tlb_hits, u_tlb_misses, u_l2tlb_hits, u_walks;
};
void kernel_stats(struct kernel *k, struct kernel_stats *s);
/* Prints the counters as extra JSON keys `"kernel_NAME": N` (each preceded by ", "). */
void kernel_stats_json(struct kernel *k, FILE *f);
/* The kernel's own supervisor access at VA (the kernel half: the direct map, the image)
 * in pid's address space, as a system call of it would make: BE_OK and *val, BE_PF and
 * *err, BE_GP; -ESRCH if no process. A store goes only into the kernel's image (either
 * alias; -EFAULT elsewhere: any other byte is a process's or a table's). */
int k_kload(struct kernel *k, int pid, uint64_t va, unsigned size, acc_kind kind, uint64_t *val, uint32_t *err);
int k_kstore(struct kernel *k, int pid, uint64_t va, unsigned size, uint64_t val, uint32_t *err);
/* set_memory_np / _ro / _rw on kernel pages (kmap.c): 0, -EINVAL, -ENOMEM. */
int k_kset(struct kernel *k, uint64_t va, uint64_t len, enum kset how);
/* The clock, run by hand: reclaims up to n frames, returns how many it reclaimed. */
uint64_t k_reclaim(struct kernel *k, uint64_t n);
/* The prefetching knobs, as Linux names them: "fault_around_bytes" (debugfs; 0..2 MiB, rounded
 * down to a power-of-two number of pages, one page or less: off) and "page-cluster"
 * (vm.page-cluster, 0..31; 0: no swap readahead). 0, -EINVAL for a value Linux refuses,
 * -ENOENT for another name. */
int k_sysctl(struct kernel *k, const char *name, uint64_t value);
/* Pages the area holding addr has resident (smaps' Rss: frames mapped, the zero page not);
 * -EFAULT if no area holds addr, -ESRCH if no process. */
int64_t k_rss(struct kernel *k, int pid, uint64_t addr);
/* The PTE mapping va in pid (0 if no table), for tests; -ESRCH as int64 if no process. */
int64_t k_pte(struct kernel *k, int pid, uint64_t va, uint64_t *pte);
bool k_was_killed(struct kernel *k, int pid);
/* The first failure of the host under the model (a swap file that cannot be written or
 * read: a full disk, an I/O error), or NULL. The page involved stays as it was (resident
 * for a write; a swap-in reports SIGBUS, as Linux does on an I/O error), and the caller
 * must end the run: the model cannot go on as if memory were unlimited. */
const char *k_host_error(const struct kernel *k);
/* A kernel oops: one of the kernel's own accesses through the direct map faulted (a
 * scenario's kset took away memory the kernel then needed). Linux would oops and kill the
 * task mid-call; the model cannot finish the operation either, so with a catcher set it
 * records what happened (k_oops) and longjmps to it, the operation half done: the caller
 * must end the run, and may only kernel_free the model. Without a catcher it prints the
 * oops and aborts. k_catch_oops(k, NULL) removes the catcher. */
void k_catch_oops(struct kernel *k, jmp_buf *catcher);
const char *k_oops(const struct kernel *k);

#endif

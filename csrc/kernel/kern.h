// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel model's internal state, shared by its files (not a public interface: the
 * public one is kernel.h).
 *
 * Layout of every process (fixed, no randomisation, so that runs reproduce):
 *   [stack]      KSTACK_TOP - KSTACK_SIZE .. KSTACK_TOP (VM_GROWSDOWN: grows, stack.c)
 *   mmap area    top-down below KMMAP_BASE = TASK_SIZE - 128 MiB (Linux's no-ASLR value)
 *   [heap]       from KBRK_START (the break linuxrun gives real processes), created by
 *                the first brk that grows it (as Linux)
 */
#ifndef OPENMMU_KERNEL_KERN_H
#define OPENMMU_KERNEL_KERN_H

#include <stdbool.h>
#include <stdint.h>

#include "backend/backend.h"
#include "kernel.h"
#include "palloc.h"
#include "vma.h"

#define TASK_SIZE     0x7ffffffff000ull
#define MMAP_MIN_ADDR 0x10000ull
#define KSTACK_TOP    TASK_SIZE
#define KSTACK_SIZE   (33ull << 12)
#define KSTACK_RLIMIT (8ull << 20) /* RLIMIT_STACK: Linux's default 8 MiB (exec, growth) */
#define KMMAP_BASE    (TASK_SIZE - (128ull << 20))
#define KMMAP_LEGACY_BASE 0x2aaaaaaab000ull /* PAGE_ALIGN(TASK_SIZE / 3): bottom-up from here */
#define KBRK_START    0x200020000000ull /* = linuxdiff LD_BRK_BASE, so brk compares with Linux */
#define NPCID         4096

#define KFILE_MAX_SIZE (1ull << 30) /* the largest file of the store */

/* A file of the file store, or the shmem object behind a shared anonymous mapping. */
/* Its pages are held sparsely (file.c): a page is made -- from the fill or seed, or zero
 * for shmem -- only when it is cached, written or written through, so host memory follows
 * what is touched, never the size. */
struct kfile_page;
struct kfile {
    char *name;
    uint64_t size;       /* bytes; reads past it in the last page are zero */
    int how;             /* KFILE_FILL / KFILE_SEED: the content of a page never made */
    uint64_t arg;
    struct kfile_page **tab; /* hash of the pages made, by index */
    uint64_t tabsize, nheld;
    uint64_t ino;
    bool shmem;
    unsigned users;      /* shmem: areas using it; freed with the last */
    struct kfile *next;
};

struct mm {
    struct vma_tree vt;
    uint64_t root;       /* PA of the PML4 */
    unsigned pcid;
    uint64_t start_brk, brk;
    bool dying;          /* exit: its PCID is retired, no invalidation needed */
    uint64_t rss;        /* PTEs mapping a frame (the zero page aside) */
    uint64_t entry;      /* where exec left the process to start (0: never exec'd) */
};

/* Prefetching (readahead.c): fault-around, swap readahead and the swap cache they need. */
struct prefetch {
    uint64_t fault_around_pages; /* Linux's fault_around_bytes in pages; 1: off */
    unsigned page_cluster;       /* vm.page-cluster: windows of at most 1 << it slots; 0: off */
    uint64_t *swap_cache;        /* per slot: the frame caching its content (| 1: read ahead,
                                  * not yet used), 0: none -- one frame per slot at most */
    uint64_t ra_hits, prev_offset, last_ra_pages; /* swapin_nr_pages()'s state */
    uint64_t stat_fault_around, stat_swap_ra, stat_swap_ra_hit;
};

struct shadow;
struct memcg;
struct proc {
    int pid;
    struct mm mm;
    struct shadow *sh;
    struct memcg *memcg; /* its memory cgroup (memcontrol.c); NULL: the root */
    struct proc *next;
};

struct kernel {
    backend *be;
    struct palloc pa;
    struct proc *procs;
    struct proc *cur;            /* whose CR3 is loaded; NULL: the idle tables */
    uint64_t idle_root;
    uint64_t zero_page;
    bool pcid_used[NPCID];
    bool pcid_stale[NPCID];      /* may still have TLB entries of a previous owner */
    struct kfile *files;
    uint64_t next_anon_vma, next_ino;
    unsigned inject;
    uint64_t stat_spurious, stat_faults, stat_invlpg, stat_flushes, stat_cow_copies, stat_cow_reuse;
    uint64_t stat_pte_reads;     /* page-table entries read: the work of walks over ranges */

    /* memory pressure (reclaim.c, swap.c) */
    uint64_t wm_low, wm_high;    /* free frames: below low, reclaim up to high */
    uint64_t clock_hand;         /* frame index the clock looks at next */
    bool in_reclaim, oom;        /* oom: an allocation failed even after direct reclaim */
    int swap_fd;                 /* -1: no swap */
    char *swap_path;             /* as named in messages ("(temporary)" if none was given) */
    char host_error[320];        /* the first failure of the host (the swap file); "" if none */
    uint64_t swap_slots;         /* slots 1..swap_slots (slot 0 means none) */
    uint32_t *swap_map;          /* references per slot: swap PTEs + the frame caching it */
    uint64_t swap_next, swap_used;
    int *killed; size_t nkilled; /* PIDs the OOM killer took */
    uint64_t stat_scanned, stat_referenced, stat_reclaimed, stat_swapout, stat_fileout, stat_swapin,
        stat_major, stat_oom_kills;

    /* huge pages (huge_memory.c, hugetlb.c) */
    enum kthp thp_mode;
    struct thp_deposit **deposit; /* hash of the tables set aside for splits, by PDE address */
    uint64_t nr_anon_thps;       /* THPs mapped by at least one PMD (meminfo's AnonHugePages / 2 MiB) */
    uint64_t stat_thp_fault_alloc, stat_thp_fault_fallback, stat_thp_split_pmd;
    uint64_t *hpool;             /* hugetlb pool: PAs of its free 2 MiB pages (a stack) */
    uint64_t hpool_total, hpool_free, hpool_resv; /* nr_hugepages, free, reserved */
    struct prefetch pf;          /* readahead.c */

    /* the kernel half (kmap.c) and the kernel's own accesses (kaccess.c) */
    bool kmap_ready;             /* the direct map is built: kernel accesses may use it */
    enum kaccess kaccess_mode;
    unsigned kpgd[8], nkpgd;     /* the idle root's present entries of the upper half */
    uint64_t kimage;             /* PA of the image (KIMAGE_PAGES frames: text, then data) */
    bool kstretch;               /* the MMU's last accesses were the kernel's own */
    uint64_t kcnt_mark[BE_NCOUNTERS]; /* the hardware counters when the stretch began */
    uint64_t kcnt[BE_NCOUNTERS];      /* the kernel's stretches, summed */
    uint64_t kcnt_boot[BE_NCOUNTERS]; /* the counters at boot (what came before is no one's) */
    uint64_t stat_kaccesses, stat_kset_splits, stat_kflush_pages, stat_kflush_all;
    jmp_buf *oops_catch;         /* where a kernel oops ends the operation (k_catch_oops), or NULL */
    char oops[256];              /* what the oops was: "" if none */
    uint32_t last_sig_err;       /* the error code of the last fault that became a signal */
    struct memcg *memcgs;        /* memcontrol.c: every group, removed ones still charged too */
    struct memcg *oom_memcg;     /* with oom: the group whose limit failed the allocation */
};

/* ---- kmap.c: the kernel half, shared by every address space ---- */
#define PAGE_OFFSET          0xffff888000000000ull /* page_offset_base, no KASLR */
#define KTEXT_BASE           0xffffffff81000000ull /* __START_KERNEL_map + CONFIG_PHYSICAL_START */
#define KERNEL_PGD_BOUNDARY  256u /* PML4 entries from here on are the kernel's, shared */
#define KIMAGE_TEXT_PAGES    2ull
#define KIMAGE_DATA_PAGES    2ull
#define KIMAGE_PAGES         (KIMAGE_TEXT_PAGES + KIMAGE_DATA_PAGES)
#define KIMAGE_ORDER         2u
static inline uint64_t kva(uint64_t pa) { return PAGE_OFFSET + pa; }
/* Builds the direct map and the image under the idle root; false without memory. */
bool kmap_init(struct kernel *k);
/* pgd_alloc: a new (zeroed) root gets the kernel half's entries. */
void kmap_clone_pgd(struct kernel *k, uint64_t root);
/* set_memory_{np,ro,rw} on the kernel pages [va, va + len) (the direct map or the image):
 * large pages split first, then flush_tlb_kernel_range. 0, -EINVAL (not page-aligned, not
 * mapped kernel memory), -ENOMEM (no table for a split). */
int kmap_set(struct kernel *k, uint64_t va, uint64_t len, enum kset how);

/* ---- uaccess.c: the kernel's stores at user addresses ---- */
/* copy_to_user: len bytes of src at va, supervisor stores through p's tables; a fault
 * the handler cannot resolve stops the copy (the failure is returned, no signal). */
kacc k_copy_to_user(struct kernel *k, struct proc *p, uint64_t va, const void *src, size_t len);

/* ---- kaccess.c: the kernel's own accesses, through the direct map ---- */
uint64_t kmem_read(struct kernel *k, uint64_t pa, unsigned size);
void kmem_write(struct kernel *k, uint64_t pa, unsigned size, uint64_t v);
void kmem_zero_page(struct kernel *k, uint64_t pa);
void kmem_copy_page(struct kernel *k, uint64_t dst, uint64_t src);
/* The MMU turns to a user access: a stretch of kernel accesses ends (its counters summed). */
void kacc_user(struct kernel *k);
/* The kernel makes an access through the MMU: counted, and a stretch begins if none is on. */
void kacc_kernel(struct kernel *k);
/* The hardware counters split: the kernel's stretches, and the rest since boot. */
void kacc_counters(struct kernel *k, uint64_t kern[BE_NCOUNTERS], uint64_t user[BE_NCOUNTERS]);

/* ---- reclaim.c: rmap, the clock, eviction, OOM ---- */
void rmap_add(struct kernel *k, uint64_t pa, struct mm *mm, uint64_t va);
void rmap_del(struct kernel *k, uint64_t pa, struct mm *mm, uint64_t va);
void rmap_move(struct kernel *k, uint64_t pa, struct mm *mm, uint64_t old, uint64_t new);
/* The frame holding pa has data newer than any backing copy (folio_mark_dirty): reclaim
 * writes it back before it lets it go, whatever the D bits of the entries mapping it say. */
void page_mark_dirty(struct kernel *k, uint64_t pa);
/* Folds a cleared PTE's D into its frame. */
void page_fold_dirty(struct kernel *k, uint64_t pte);
uint64_t reclaim_pages(struct kernel *k, uint64_t target);
/* The same clock over the frames charged to cg alone (memory.max reclaim). */
uint64_t reclaim_memcg(struct kernel *k, struct memcg *cg, uint64_t target);
/* Kills the process with the largest badness (resident frames + page-table pages + swap
 * entries; ties: the lowest PID) -- among those of k->oom_memcg when an allocation failed
 * at that group's limit (which it clears); its PID, or -1 if there is no process. */
int oom_kill(struct kernel *k);
/* As oom_kill, among cg's processes (mem_cgroup_out_of_memory). */
int oom_kill_memcg(struct kernel *k, struct memcg *cg);
uint64_t oom_badness(struct kernel *k, struct proc *p, uint64_t *tables, uint64_t *swapents);

/* ---- pgtable.c: x86-64 page tables in simulated memory ---- */
#define PTE_ADDR      0x000ffffffffff000ull
#define PTE_PROTNONE  (1ull << 9)  /* software: P=0 but a frame is kept (PROT_NONE) */
#define PT_NONLEAF    (PTE_P | PTE_RW | PTE_US)
#define HPAGE_SIZE    (2ull << 20) /* a PDE with PS=1 maps this much */
#define HPAGE_NR      512u
#define HPAGE_ORDER   9u
static inline bool pmd_is_huge(uint64_t pmd) { return (pmd & (PTE_P | PTE_PS)) == (PTE_P | PTE_PS); }
uint64_t pt_alloc_table(struct kernel *k);
/* Every walk that asks for a 4 KiB entry (pt_walk, pt_pte, pt_lookup) finds one: a THP's
 * huge PDE on its way is split first (split_huge_pmd). A caller that can take a whole huge
 * page as one (zap, change_protection, fork, the fault path) looks with pt_pmd or
 * pt_lookup_huge first. A hugetlb page is never split: walking into one is a model bug. */
/* PA of the PDE for va under root; allocates missing upper tables when create. 0 if absent
 * (or out of memory with create). */
uint64_t pt_pmd(struct kernel *k, uint64_t root, uint64_t va, bool create);
/* PA of the PTE for va below the PDE at pmdp (allocating its table when create). */
uint64_t pt_pte(struct kernel *k, uint64_t root, uint64_t pmdp, uint64_t va, bool create);
/* PA of the PTE for va under root; allocates missing tables when create. 0 if absent
 * (or out of memory with create). */
uint64_t pt_walk(struct kernel *k, uint64_t root, uint64_t va, bool create);
/* As pt_walk without create, for loops over a range: *next is where the loop goes on --
 * the next page, or past the whole 2 MiB / 1 GiB / 512 GiB an absent table would cover,
 * so that a walk costs what is mapped, not the range's length. */
uint64_t pt_lookup(struct kernel *k, uint64_t root, uint64_t va, uint64_t *next);
/* The leaf entry translating va -- the PTE, or the PDE of a huge page (PS set) -- or 0,
 * without splitting anything. */
uint64_t pt_leaf(struct kernel *k, uint64_t root, uint64_t va);
/* As pt_lookup, but a huge PDE is not split: 0, *hugep = its PA and *next past its 2 MiB
 * (*hugep = 0 otherwise). */
uint64_t pt_lookup_huge(struct kernel *k, uint64_t root, uint64_t va, uint64_t *next, uint64_t *hugep);
/* The software walk of the tables under root: true if a present leaf (4 KiB, 2 MiB or
 * 1 GiB) maps va, with the leaf entry in *leaf and va's physical address in *pa. */
bool pt_translate(struct kernel *k, uint64_t root, uint64_t va, uint64_t *leaf, uint64_t *pa);
uint64_t pte_get(struct kernel *k, uint64_t ptep);
void pte_set(struct kernel *k, uint64_t ptep, uint64_t pte);
/* Frees the table pages under root (and root). Leaves must already be cleared. */
void pt_free_tables(struct kernel *k, uint64_t root);
static inline bool pte_has_frame(uint64_t pte) { return (pte & PTE_P) || (pte & PTE_PROTNONE); }

/* ---- swap.c: the swap area and swap entries in non-present PTEs ----
 * A swap PTE: P=0, PROTNONE (bit 9)=0, PTE_SWAP (bit 10)=1, and the slot number stored
 * inverted in the address field (bits 12..51), as Linux stores the offset inverted so that
 * a non-present entry never names real memory (L1TF). One swap area: type 0. */
#define PTE_SWAP (1ull << 10)
static inline bool pte_is_swap(uint64_t pte) { return (pte & (PTE_P | PTE_PROTNONE | PTE_SWAP)) == PTE_SWAP; }
static inline uint64_t mk_swp_pte(uint64_t slot) { return PTE_SWAP | ((~slot << 12) & PTE_ADDR); }
static inline uint64_t swp_slot(uint64_t pte) { return (~(pte & PTE_ADDR) & PTE_ADDR) >> 12; }
bool swap_init(struct kernel *k, uint64_t size, const char *path, char *err, size_t errlen);
void swap_close(struct kernel *k);
uint64_t swap_alloc(struct kernel *k); /* a free slot with one reference, or 0 */
void swap_dup(struct kernel *k, uint64_t slot);
void swap_free(struct kernel *k, uint64_t slot);
/* false when the host file fails (a full disk, an I/O error): nothing changed but
 * k->host_error, which ends the run (k_host_error). */
bool swap_write(struct kernel *k, uint64_t slot, uint64_t pa);
bool swap_read(struct kernel *k, uint64_t slot, uint64_t pa);

/* ---- tlb.c: invalidation and address-space switch ---- */
void k_switch_to(struct kernel *k, struct proc *p);
void flush_page(struct kernel *k, struct mm *mm, uint64_t va);
void flush_mm(struct kernel *k, struct mm *mm);
/* flush_tlb_kernel_range: the kernel half's [start, end) out of every PCID's TLB, global
 * entries included (INVLPG per page up to the ceiling, else INVPCID type 2). */
void flush_tlb_kernel_range(struct kernel *k, uint64_t start, uint64_t end);
/* Pages to free once the TLB no longer holds them (Linux's mmu_gather). */
struct tlb_gather {
    struct mm *mm;
    uint64_t *vas;  size_t nva, cap_va;
    uint64_t *pas;  size_t npa, cap_pa;
};
void tlb_gather_init(struct tlb_gather *g, struct mm *mm);
void tlb_gather_va(struct tlb_gather *g, uint64_t va);
void tlb_gather_page(struct tlb_gather *g, uint64_t pa);
void tlb_finish(struct kernel *k, struct tlb_gather *g);

/* ---- memory.c: frames, PTEs, the fault path ---- */
uint64_t page_alloc_zeroed(struct kernel *k, enum page_kind kind);
/* A frame whose every byte the caller writes before anything can read it (a copy-on-write
 * copy): allocated as page_alloc_zeroed does, but not cleared first, as Linux's
 * wp_page_copy allocates its copy without __GFP_ZERO. */
uint64_t page_alloc_for_copy(struct kernel *k, enum page_kind kind);
void page_get(struct kernel *k, uint64_t pa);
void page_put(struct kernel *k, uint64_t pa);
void copy_frame(struct kernel *k, uint64_t dst, uint64_t src);
uint64_t mk_pte(uint64_t pa, unsigned vmflags, bool writable);
/* Clears every PTE in [start, end) of mm, dropping the frames after invalidation. */
void zap_range(struct kernel *k, struct mm *mm, uint64_t start, uint64_t end);
/* Applies v's current rights to the PTEs in [start, end) with the invalidations needed. */
void change_protection(struct kernel *k, struct mm *mm, struct vma *v, uint64_t start, uint64_t end);
typedef enum { F_RETRY, F_MAPERR, F_ACCERR, F_BUS, F_OOM } fault_res;
fault_res handle_fault(struct kernel *k, struct proc *p, uint64_t va, acc_kind kind);
int anon_vma_prepare(struct kernel *k, struct mm *mm, struct vma *v);

/* ---- file.c: file store, page cache, shmem ---- */
struct kfile *file_find(struct kernel *k, const char *name);
struct kfile *shmem_new(struct kernel *k, uint64_t size);
void kfile_get(struct kfile *f);
void kfile_put(struct kernel *k, struct kfile *f);
static inline uint64_t kfile_pages(const struct kfile *f) { return (f->size + PAGE_SIZE - 1) >> PAGE_SHIFT; }
/* The page-cache frame of page idx (filled from the backing store on first use); 0 on OOM. */
uint64_t pagecache_get(struct kernel *k, struct kfile *f, uint64_t idx);
/* Page idx's page-cache frame if it is cached, else 0 (no I/O). */
uint64_t pagecache_peek(const struct kfile *f, uint64_t idx);
/* The backing store of page idx (made on first use; written back into from the cache). */
uint8_t *kfile_data(struct kfile *f, uint64_t idx);
/* What byte off of the file must hold (the shadow memory's view), and setting it. */
/* The shadow's n bytes at off, inside one page (past the last page: zero). */
void kfile_shadow_get(const struct kfile *f, uint64_t off, unsigned n, uint8_t *out);
void kfile_shadow_set(struct kfile *f, uint64_t off, uint8_t b);
/* Forgets page idx's cache frame (reclaim dropped it). */
void pagecache_forget(struct kfile *f, uint64_t idx);
/* Copies the cached pages first..last to the backing store. sync: it is msync's (Linux
 * writes them out now), so the page straddling the end of the file has its bytes past the
 * end zeroed in the frame, where every mapping sees it, as a disk filesystem's writepage
 * does (what a store put there is not kept). */
void pagecache_writeback(struct kernel *k, struct kfile *f, uint64_t first, uint64_t last, bool sync);

/* ---- mmap.c ---- */
void mm_init_layout(struct kernel *k, struct proc *p);
void mm_destroy(struct kernel *k, struct proc *p);
struct vma *vma_new(void);
void vma_free(struct kernel *k, struct vma *v);
int do_munmap(struct kernel *k, struct proc *p, uint64_t start, uint64_t len);
/* MAP_POPULATE: faults in [start, end) as GUP does; 0, or -ESRCH if the OOM killer took p. */
int populate_range(struct kernel *k, struct proc *p, uint64_t start, uint64_t end);
/* get_user_pages() for one page (faultin_page): va's page made present -- and, for write,
 * writable, a COW broken now -- by the fault handler, as a fault would, without the
 * hardware seeing an access; *pa is va's physical address, valid until the next fault or
 * reclaim; for write, the frame is marked dirty (FOLL_TOUCH), since the caller writes it
 * through another mapping (the direct map), which sets no D bit in p's entry: without the
 * mark, reclaim would drop a page swapped in clean and lose what the kernel wrote. Out of
 * memory, the OOM killer runs and the page is tried again. -EFAULT: no
 * area holds va, or (without force, FOLL_FORCE) its rights forbid the access, or the
 * fault failed; -ENOMEM: no memory and no one to kill; -ESRCH: the OOM killer took p
 * itself (p is gone: the caller must not touch it); -EAGAIN: the page went again after
 * each of four faults. */
int gup_page(struct kernel *k, struct proc *p, uint64_t va, bool write, bool force, uint64_t *pa);

/* ---- huge_memory.c: transparent huge pages (anonymous), after Linux mm/huge_memory.c ----
 * A THP is an order-9 block of frames mapped by one PDE with PS=1. Each of its 512 frames
 * keeps its own descriptor, refcount and rmap entry (one per mapping, PMD or PTE), so a
 * split changes no count: the 512 PTEs take over the PMD's references. Every huge PMD has
 * a page table set aside at fault (or fork) time (Linux's deposit), so a split never needs
 * memory. A huge PMD always lies inside one area (an area boundary inside one splits it). */
struct mm *mm_of_root(struct kernel *k, uint64_t root);
/* The THP at the PDE pmdp (va inside it) becomes 512 PTEs of the same frames, rights, A
 * and D; the 2 MiB translation is invalidated. */
void split_huge_pmd(struct kernel *k, struct mm *mm, uint64_t pmdp, uint64_t va);
/* The page tables stay until exit: a PDE whose table holds nothing any more is cleared
 * (its table freed, the paging-structure caches invalidated) so that a 2 MiB page can go
 * there, as it could in Linux, which frees tables on munmap; false if not such a PDE. */
bool pmd_drop_empty_table(struct kernel *k, struct mm *mm, uint64_t pmdp, uint64_t haddr);
/* Splits every huge PMD of mm straddling addr (an area is about to be split there). */
void split_huge_at(struct kernel *k, struct mm *mm, uint64_t addr);
/* The fault path's huge part: true and *res when it handled the fault (a hugetlb area, a
 * huge PMD, a new THP); false to go on with 4 KiB pages (a huge PMD split for a COW). */
bool huge_fault(struct kernel *k, struct proc *p, struct vma *v, uint64_t va, uint64_t pmdp, acc_kind kind,
                fault_res *res);
/* zap_range's and change_protection's part for the huge PMD at pmdp (va..va+2 MiB inside
 * [start, end) wholly, else it is split and false returned to go on with PTEs). */
bool zap_huge_pmd(struct kernel *k, struct mm *mm, uint64_t pmdp, uint64_t va, uint64_t start, uint64_t end,
                  struct tlb_gather *g);
bool change_huge_pmd(struct kernel *k, struct mm *mm, struct vma *v, uint64_t pmdp, uint64_t va, uint64_t start,
                     uint64_t end, struct tlb_gather *g);
/* fork's copy of the huge PMD at spmdp: 1 copied, 0 not huge (any more), -ENOMEM. */
int copy_huge_pmd(struct kernel *k, struct mm *dst, const struct vma *v, uint64_t spmdp,
                  uint64_t va, struct tlb_gather *g);
/* reclaim: true if pg's THP was referenced (its PMDs' A cleared; *skip_to: the frame index
 * after the THP); false after splitting every PMD that maps it (it is then evicted as 4 KiB
 * pages, as Linux splits before swap-out). */
bool thp_reclaim_referenced(struct kernel *k, struct page *pg, uint64_t *skip_to);
/* smaps: bytes of v mapped by huge PMDs (AnonHugePages for a THP area). */
uint64_t vma_huge_bytes(struct kernel *k, struct mm *mm, const struct vma *v);
void thp_free(struct kernel *k);

/* ---- hugetlb.c: the MAP_HUGETLB pool (see there for the reservation rules) ---- */
bool hugetlb_init(struct kernel *k, uint64_t n, char *err, size_t errlen);
/* A hugetlb page's last reference went (page_put): back to the pool. */
void hugetlb_release(struct kernel *k, uint64_t pa);
/* Reserves len / 2 MiB pages for a new private mapping; -ENOMEM if the pool cannot. */
int hugetlb_reserve(struct kernel *k, uint64_t len);
/* [start, end) of v (2 MiB-aligned) goes: the owner's reservations of its unmapped pages
 * return to the pool (call before the zap). */
void hugetlb_unreserve(struct kernel *k, struct mm *mm, const struct vma *v, uint64_t start, uint64_t end);
/* madvise(DONTNEED) of [start, end) of the hugetlb area v (2 MiB-aligned): its pages are
 * dropped; an owner gets the reservation back for a page that this frees. */
void hugetlb_dontneed(struct kernel *k, struct mm *mm, const struct vma *v, uint64_t start, uint64_t end);
/* false if [start, end) would split a hugetlb area off a 2 MiB boundary (Linux: -EINVAL). */
bool hugetlb_range_ok(struct mm *mm, uint64_t start, uint64_t end);
fault_res hugetlb_fault(struct kernel *k, struct proc *p, struct vma *v, uint64_t va, acc_kind kind);

/* ---- stack.c ---- */
/* The stack area grown down to addr's page for an access in no area; NULL if no stack lies
 * above addr or Linux would refuse to grow it (the access is then MAPERR). */
struct vma *expand_stack(struct kernel *k, struct mm *mm, uint64_t addr);

/* ---- readahead.c: fault-around, swap readahead, the swap cache ---- */
void prefetch_init(struct kernel *k);
void prefetch_free(struct kernel *k);
/* After a read fault mapped the file page at addr (its PTE at ptep): maps the neighbours
 * already in the page cache, within the fault-around window, read-only (do_fault_around). */
void fault_around(struct kernel *k, struct mm *mm, struct vma *v, uint64_t addr, uint64_t ptep);
/* The frame caching slot, or 0; a read-ahead page found here counts as a hit. */
uint64_t swapcache_find(struct kernel *k, uint64_t slot);
void swapcache_add(struct kernel *k, uint64_t slot, uint64_t pa);
/* pa no longer caches slot (freed, evicted, or let go of it). */
void swapcache_del(struct kernel *k, uint64_t slot, uint64_t pa);
/* After slot was read for a fault: reads its cluster's other slots into the swap cache. */
void swapin_readahead(struct kernel *k, uint64_t slot);
/* A swap PTE's reference dropped (zap): a read-ahead page left holding the slot alone is
 * freed with it (free_swap_and_cache). */
void free_swap_and_cache(struct kernel *k, uint64_t slot);
/* Reclaim of a frame only the swap cache holds (read ahead, never mapped): dropped, it is
 * clean; false if pg is not one. */
bool swapcache_reclaim(struct kernel *k, struct page *pg);

/* ---- kernel.c ---- */
struct proc *proc_find(struct kernel *k, int pid);
/* The process dies (the OOM killer, a failed exec past its point of no return): later
 * operations on its PID report `killed`. */
void proc_kill(struct kernel *k, int pid);
/* exec_mmap(): p's address space is torn down as at exit (its PCID retired, its tables
 * freed) and p gets an empty one with a new root and PCID; false if no root can be had. */
bool mm_replace(struct kernel *k, struct proc *p);
uint64_t kinject(struct kernel *k, unsigned bit);

#endif

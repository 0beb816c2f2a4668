// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The kernel-level scenario ops (docs/scenario.md, "Kernel level"), parsed once.
 *
 * A kernel-level line is parsed here into a typed scn_kop (every field checked: numbers,
 * PROT, FLAGS, sizes, operand counts), handed to one implementation of the kernel
 * (scn_kimpl: the kernel model, csrc/kernel/scn_kernel.c, or the real Linux kernel,
 * csrc/linuxdiff/scn_linux.c), which answers with a typed scn_kres, and written here as
 * the text an "=> EXPECTED" would hold. So both kernels read the same lines with the same
 * messages, and their results are spelled the same way.
 *
 * Adding an op: a SCN_K_* kind, a row in the table of kop.c (name, usage, operand
 * counts), its fields in scn_kop and their parsing in kop.c, a case in each
 * implementation (an implementation without it answers SCN_KR_UNSUPPORTED), and its
 * entry in docs/scenario.md.
 */
#ifndef OPENMMU_SCENARIO_KOP_H
#define OPENMMU_SCENARIO_KOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

typedef enum {
    SCN_K_SPAWN, SCN_K_FORK, SCN_K_EXIT, SCN_K_FILE, SCN_K_MMAP, SCN_K_MUNMAP, SCN_K_MPROTECT,
    SCN_K_MADVISE, SCN_K_MSYNC, SCN_K_BRK, SCN_K_MREMAP, SCN_K_LOAD, SCN_K_EXEC, SCN_K_STORE,
    SCN_K_MAPS, SCN_K_EXECVE, SCN_K_SMAPS, SCN_K_RSS, SCN_K_MEMCG,
    /* extensions of the kernel model (no Linux system call behind them) */
    SCN_K_VMA, SCN_K_NVMA, SCN_K_RECLAIM, SCN_K_KSTAT, SCN_K_PTE, SCN_K_SYSCTL,
    SCN_K_KLOAD, SCN_K_KSTORE, SCN_K_KSET,
    SCN_K_COUNT
} scn_kop_kind;

/* PROT: three of r w x or - */
#define SCN_PROT_R 1u
#define SCN_PROT_W 2u
#define SCN_PROT_X 4u
/* mmap FLAGS, comma-separated names (scn_map_flag_names, in bit order) */
#define SCN_MAP_PRIVATE   (1u << 0)
#define SCN_MAP_SHARED    (1u << 1)
#define SCN_MAP_ANON      (1u << 2)
#define SCN_MAP_FIXED     (1u << 3)
#define SCN_MAP_NOREPLACE (1u << 4)
#define SCN_MAP_POPULATE  (1u << 5)
#define SCN_MAP_HUGETLB   (1u << 6)
extern const char *const scn_map_flag_names[]; /* NULL-terminated; index i is bit i */
/* madvise ADVICE */
typedef enum { SCN_MADV_DONTNEED, SCN_MADV_HUGEPAGE, SCN_MADV_NOHUGEPAGE } scn_madv;
/* mremap FLAGS */
#define SCN_MREMAP_MAYMOVE   (1u << 0)
#define SCN_MREMAP_FIXED     (1u << 1) /* with newaddr */
#define SCN_MREMAP_DONTUNMAP (1u << 2)
/* kset's change (set_memory_np / _ro / _rw) */
typedef enum { SCN_KSET_NONE, SCN_KSET_RO, SCN_KSET_RW } scn_kset;
/* memcg VERB */
typedef enum { SCN_MEMCG_CREATE, SCN_MEMCG_MAX, SCN_MEMCG_ATTACH, SCN_MEMCG_REMOVE, SCN_MEMCG_STAT } scn_memcg_verb;
#define SCN_MEMCG_UNLIMITED UINT64_MAX /* MAX written `max` */
extern const char *const scn_memcg_keys[]; /* memcg stat's KEYs, NULL-terminated */
#define SCN_MEMCG_NKEYS 10     /* how many (kop.c checks) */
/* file contents */
typedef enum { SCN_FILL_BYTE, SCN_FILL_SEED } scn_fill;

typedef struct {
    scn_kop_kind kind;
    const char *name;   /* the op's name as written */
    int pid;            /* PID (fork: PARENT) */
    int child;          /* fork's CHILD */
    uint64_t addr;      /* ADDR, VA, OLD; maps LO; smaps ADDR */
    uint64_t len;       /* LEN, OLDLEN, file SIZE, reclaim N; maps HI */
    uint64_t newlen;    /* mremap NEWLEN */
    uint64_t newaddr;   /* mremap `fixed NEWADDR` */
    uint64_t off;       /* mmap OFF */
    uint64_t value;     /* store VALUE; file BYTE or N; sysctl VALUE; memcg MAX */
    unsigned size;      /* load/store/exec SIZE */
    unsigned prot;      /* SCN_PROT_* */
    unsigned flags;     /* SCN_MAP_* (mmap), SCN_MREMAP_* (mremap) */
    scn_madv advice;
    scn_kset kset;
    scn_fill fill;
    bool range;         /* maps LO HI given */
    const char *file;   /* file NAME, mmap FILE (NULL for anon), execve FILE, kstat, sysctl and memcg NAME */
    scn_memcg_verb verb; /* memcg */
    const char *key;    /* memcg stat KEY */
    int argc, envc;     /* execve: the program's arguments (FILE first) and environment */
    char *argv[SCN_MAX_ARGS + 1], *envp[SCN_MAX_ARGS + 1];
} scn_kop;

/* What a kernel answered. The result's spelling is the op's (kop.c); -ERRNO is written as
 * its name (-ENOMEM). */
typedef enum {
    SCN_KR_OK,          /* "ok", or -ERRNO if ret < 0 */
    SCN_KR_NUM,         /* ret in decimal, or -ERRNO */
    SCN_KR_ADDR,        /* ret in hex, or -ERRNO */
    SCN_KR_VALUE,       /* the value read (load, exec), in hex */
    SCN_KR_SIGNAL,      /* the access took sig (si_code code): "SIGSEGV MAPERR", "SIGBUS" */
    SCN_KR_ENTRY,       /* execve: "entry ENTRY sp SP" (value, sp) */
    SCN_KR_KILLED,      /* "killed": the process is gone (the OOM killer, a failed exec) */
    SCN_KR_TEXT,        /* the implementation wrote the result itself (maps, vma, pte, smaps) */
    /* not results: the line is bad input, reported by scn_kres_write */
    SCN_KR_NOPROC,      /* no process PID (fork: PARENT) */
    SCN_KR_EXISTS,      /* spawn/fork: the new PID is taken; file: NAME is taken */
    SCN_KR_NOFILE,      /* mmap: no file FILE */
    SCN_KR_UNSUPPORTED, /* this kernel has no such op */
} scn_kres_kind;

typedef struct {
    scn_kres_kind kind;
    int64_t ret;
    uint64_t value, sp;
    int sig, code;
    bool multiline;     /* SCN_KR_TEXT: '\n'-separated lines (maps) */
} scn_kres;

/* One kernel behind the kernel-level ops. run executes op and fills *r, writing the text
 * of a SCN_KR_TEXT result to text (up to n bytes; a longer one may go to c->big_res, as
 * scenario.h says); it returns -1 after reporting (scn_error) what stops the run: an error
 * of the host, a limit of this implementation. after, if not NULL, runs once each line's
 * result is out (the model: a swap file that failed ends the run there). */
typedef struct scn_kimpl {
    const char *who;    /* in messages: "the kernel model", "linuxrun" */
    const char *gave;   /* in "expected X, <gave> Y": "got", "Linux gave" */
    bool hw_ops;        /* the hardware-level ops may come before the first kernel-level one */
    bool extensions;    /* the model's extensions (SCN_K_VMA ... SCN_K_KSET) are known */
    int (*run)(struct scn_ctx *c, const scn_line *l, const scn_kop *op, scn_kres *r, char *text, size_t n);
    int (*after)(struct scn_ctx *c, const scn_line *l);
} scn_kimpl;

/* A kernel's own bits for a set of scenario bits: to[i] for each bit i of bits (i < n). */
unsigned scn_bits_map(unsigned bits, const unsigned *to, size_t n);
/* The op named name: its kind, or -1 if no kernel-level op has that name. */
int scn_kop_find(const char *name);
/* Is kind an extension of the kernel model? */
bool scn_kop_is_extension(scn_kop_kind kind);
/* Parses l (a line of a kernel-level op) into *op. false after scn_error. */
bool scn_kop_parse(const scn_line *l, scn_kop *op);
/* smaps' result text, one spelling for both kernels: "AnonHugePages N kB", then
 * " Hugetlb N kB" if the area has hugetlb pages (sizes in bytes). */
void scn_smaps_text(uint64_t anon_huge, uint64_t hugetlb, char *text, size_t n);
/* Writes r as l's result into res (n bytes). -1 after scn_error if r is bad input. */
int scn_kres_write(const scn_line *l, const scn_kop *op, const scn_kres *r, char *res, size_t n);

#endif

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* A worker: one real Linux process standing for one scenario process (linuxrun).
 *
 * The controller (scn_linux.c, for linuxrun) drives each worker over its own AF_UNIX stream
 * socket, one fixed-size command and one fixed-size reply at a time. The worker performs
 * the real system call or memory access in its own address space and reports what Linux
 * did; it never decides a result itself, except for the instruction fetches described at
 * lw_exec() in worker.c that cannot be executed safely.
 *
 * A worker allocates nothing after it starts (no malloc, no stdio): glibc's malloc would
 * otherwise extend the program break, which the scenario owns.
 */
#ifndef OPENMMU_LINUXDIFF_WORKER_H
#define OPENMMU_LINUXDIFF_WORKER_H

#include <stdbool.h>
#include <stdint.h>

enum lw_op {
    LW_MMAP = 1,  /* a=addr b=len prot flags path c=offset       -> ret */
    LW_MUNMAP,    /* a=addr b=len                                  -> ret */
    LW_MPROTECT,  /* a=addr b=len prot                             -> ret */
    LW_MADVISE,   /* a=addr b=len flags=advice                     -> ret */
    LW_MSYNC,     /* a=addr b=len                                  -> ret */
    LW_MREMAP,    /* a=old b=oldlen c=newlen flags d=new address   -> ret */
    LW_BRK,       /* a=addr                                        -> ret (new break) */
    LW_LOAD,      /* a=va size                                     -> sig/code or value */
    LW_STORE,     /* a=va size c=value                             -> sig/code */
    LW_EXEC,      /* a=va size                                     -> sig/code or value */
    LW_FORK,      /* -> ret = child pid, plus the child's socket passed with SCM_RIGHTS */
    LW_EXIT,      /* no reply: the process exits and its socket closes */
};

typedef struct {
    uint32_t op;
    int32_t prot, flags;
    uint32_t size;
    uint64_t a, b, c, d;
    char path[256]; /* file to map, "" for anonymous */
} lw_cmd;

typedef struct {
    int64_t ret;     /* a system call's return value, or -errno */
    int32_t sig;     /* 0, or the signal an access took */
    int32_t code;    /* its si_code */
    uint64_t value;  /* what a load or fetch read */
    uint32_t derived; /* LW_EXEC: 1 if the result was derived, not fetched (see worker.c) */
} lw_reply;

/* Runs the worker loop on socket fd until LW_EXIT or the controller goes away.
 * brk_base != 0 (a freshly spawned process) first moves the program break there and sends
 * one reply whose ret is 0 or -errno of that move; a forked worker sends nothing first. */
_Noreturn void lw_serve(int fd, uint64_t brk_base);

/* Controller side: sends c and waits (at most timeout_ms) for the reply. For LW_FORK,
 * *newfd receives the child's socket. Returns 0, or -1 with errno set (EPIPE/ECONNRESET
 * if the worker died, ETIMEDOUT if it did not answer). */
int lw_call(int fd, const lw_cmd *c, lw_reply *r, int *newfd, int timeout_ms);

#endif

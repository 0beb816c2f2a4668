// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The ELF64 x86-64 reader behind execve: what load_elf_binary() checks before exec's
 * point of no return, and nothing of the kernel model.
 *
 * It reads through a callback, so a file of the model's store, a host file and a test's
 * bytes are read alike. The results are Linux's:
 *   -ENOEXEC  not an ELF (magic), not ET_EXEC/ET_DYN, not EM_X86_64 or not ELFCLASS64
 *             (the model has no ia32/x32 compat), e_phentsize not 56, no program header
 *             or more than fit in one page (73), headers past the file's end, a PT_INTERP
 *             path shorter than 2 or longer than PATH_MAX, or not NUL-terminated;
 *   -EIO      the PT_INTERP path lies past the file's end (a short read);
 * and for an interpreter (elf_read_interp), -ELIBBAD where the program would be -ENOEXEC
 * for its header, as Linux reports a bad interpreter.
 * What Linux finds only while mapping (a segment past the end of the file, misaligned
 * offsets, p_filesz > p_memsz, overlapping segments) is left to exec.c, which meets it
 * where Linux does: after the point of no return. */
#ifndef OPENMMU_KERNEL_ELF_H
#define OPENMMU_KERNEL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_PHENT      56u   /* sizeof(Elf64_Phdr) */
#define ELF_MAX_PHNUM  73u   /* what fits in one 4 KiB page, Linux's limit */
#define ELF_PATH_MAX   4096u

#define ELF_ET_EXEC 2u
#define ELF_ET_DYN  3u

#define ELF_PT_LOAD      1u
#define ELF_PT_INTERP    3u
#define ELF_PT_GNU_STACK 0x6474e551u

#define ELF_PF_X 1u
#define ELF_PF_W 2u
#define ELF_PF_R 4u

/* Reads up to len bytes at off; returns how many it read (fewer at the end of the file). */
typedef size_t (*elf_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
};

enum elf_stack { ELF_STACK_DEFAULT, ELF_STACK_EXEC, ELF_STACK_NOEXEC };

struct elf_image {
    uint16_t type;             /* ELF_ET_EXEC or ELF_ET_DYN */
    uint64_t entry, phoff;
    uint16_t phnum;
    struct elf_phdr ph[ELF_MAX_PHNUM];
    bool has_interp;
    char interp[ELF_PATH_MAX]; /* PT_INTERP's path (the first PT_INTERP), NUL-terminated */
    enum elf_stack stack;      /* the last PT_GNU_STACK's PF_X */
};

/* The program: 0 or -ENOEXEC / -EIO as above. */
int elf_read_exec(elf_read_fn rd, void *ctx, struct elf_image *img);
/* An interpreter: its header and program headers (0, -ELIBBAD, or -EIO for a file shorter
 * than the 64-byte header); PT_INTERP and
 * PT_GNU_STACK of an interpreter mean nothing and are not looked at. */
int elf_read_interp(elf_read_fn rd, void *ctx, struct elf_image *img);

/* total_mapping_size(): from the first PT_LOAD's page to the end of the last one; 0 if
 * there is none. */
uint64_t elf_total_size(const struct elf_image *img);

#endif

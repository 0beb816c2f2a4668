// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* ELF64 headers read as load_elf_binary() reads them (elf.h says which checks and which
 * errno each gives). Fields are decoded from little-endian bytes, never cast over the
 * buffer, so the reader does not depend on the host's layout or alignment. */
#include "elf.h"

#include <errno.h>
#include <string.h>

#define EHDR_SIZE 64u

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

/* elf_read(): all of it or a failure */
static bool read_all(elf_read_fn rd, void *ctx, uint64_t off, void *buf, size_t len)
{
    return rd(ctx, off, buf, len) == len;
}

/* The header and the program headers; bad is the errno of a header that is not ours.
 * exec reads a program's first bytes whatever its size (what is not there reads zero),
 * but an interpreter's header with elf_read(): a short one is -EIO. */
static int read_headers(elf_read_fn rd, void *ctx, struct elf_image *img, int bad, bool whole)
{
    uint8_t e[EHDR_SIZE];
    memset(img, 0, sizeof *img);
    size_t got = rd(ctx, 0, e, sizeof e);
    if (whole && got != sizeof e)
        return -EIO;
    memset(e + got, 0, sizeof e - got);
    if (memcmp(e, "\177ELF", 4) != 0)
        return bad;
    img->type = le16(e + 16);
    uint16_t machine = le16(e + 18);
    if (e[4] != 2 /* ELFCLASS64 */ || machine != 62 /* EM_X86_64 */)
        return bad;
    img->entry = le64(e + 24);
    img->phoff = le64(e + 32);
    uint16_t phentsize = le16(e + 54);
    img->phnum = le16(e + 56);
    /* load_elf_phdrs(): the table must be of our entry size and fit in one page */
    if (phentsize != ELF_PHENT || img->phnum == 0 || img->phnum > ELF_MAX_PHNUM)
        return bad;
    uint8_t ph[ELF_MAX_PHNUM * ELF_PHENT];
    size_t size = (size_t)img->phnum * ELF_PHENT;
    if (img->phoff > UINT64_MAX - size || !read_all(rd, ctx, img->phoff, ph, size))
        return bad;
    for (unsigned i = 0; i < img->phnum; i++) {
        const uint8_t *q = ph + i * ELF_PHENT;
        img->ph[i] = (struct elf_phdr){.type = le32(q), .flags = le32(q + 4), .offset = le64(q + 8),
                                       .vaddr = le64(q + 16), .filesz = le64(q + 32), .memsz = le64(q + 40),
                                       .align = le64(q + 48)};
    }
    return 0;
}

int elf_read_exec(elf_read_fn rd, void *ctx, struct elf_image *img)
{
    int r = read_headers(rd, ctx, img, -ENOEXEC, false);
    if (r)
        return r;
    if (img->type != ELF_ET_EXEC && img->type != ELF_ET_DYN)
        return -ENOEXEC;
    for (unsigned i = 0; i < img->phnum && !img->has_interp; i++) {
        const struct elf_phdr *p = &img->ph[i];
        if (p->type != ELF_PT_INTERP)
            continue;
        if (p->filesz > ELF_PATH_MAX || p->filesz < 2)
            return -ENOEXEC;
        if (p->offset > UINT64_MAX - p->filesz || !read_all(rd, ctx, p->offset, img->interp, (size_t)p->filesz))
            return -EIO;
        if (img->interp[p->filesz - 1] != '\0')
            return -ENOEXEC;
        img->has_interp = true;
    }
    for (unsigned i = 0; i < img->phnum; i++)
        if (img->ph[i].type == ELF_PT_GNU_STACK)
            img->stack = (img->ph[i].flags & ELF_PF_X) ? ELF_STACK_EXEC : ELF_STACK_NOEXEC;
    return 0;
}

int elf_read_interp(elf_read_fn rd, void *ctx, struct elf_image *img)
{
    return read_headers(rd, ctx, img, -ELIBBAD, true);
}

uint64_t elf_total_size(const struct elf_image *img)
{
    int first = -1, last = -1;
    for (int i = 0; i < img->phnum; i++)
        if (img->ph[i].type == ELF_PT_LOAD) {
            if (first < 0)
                first = i;
            last = i;
        }
    if (first < 0)
        return 0;
    return img->ph[last].vaddr + img->ph[last].memsz - (img->ph[first].vaddr & ~0xfffull);
}

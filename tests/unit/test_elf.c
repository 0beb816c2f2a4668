// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The ELF reader on its own: a well-formed image built here byte by byte reads back field
 * for field, and each malformation gives the errno Linux's exec gives for it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/elf.h"

#define IMG 8192

static uint8_t img[IMG];
static size_t img_size;

static size_t rd(void *ctx, uint64_t off, void *buf, size_t len)
{
    (void)ctx;
    if (off >= img_size)
        return 0;
    if (len > img_size - off)
        len = img_size - off;
    memcpy(buf, img + off, len);
    return len;
}

static void put16(size_t at, uint16_t v) { img[at] = (uint8_t)v; img[at + 1] = (uint8_t)(v >> 8); }
static void put32(size_t at, uint32_t v) { put16(at, (uint16_t)v); put16(at + 2, (uint16_t)(v >> 16)); }
static void put64(size_t at, uint64_t v) { put32(at, (uint32_t)v); put32(at + 4, (uint32_t)(v >> 32)); }

static void phdr(unsigned i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr, uint64_t filesz,
                 uint64_t memsz, uint64_t align)
{
    size_t at = 64 + i * ELF_PHENT;
    put32(at, type);
    put32(at + 4, flags);
    put64(at + 8, off);
    put64(at + 16, vaddr);
    put64(at + 24, vaddr); /* p_paddr */
    put64(at + 32, filesz);
    put64(at + 40, memsz);
    put64(at + 48, align);
}

/* A PIE with an interpreter: headers, text, data+bss, PT_INTERP, PT_GNU_STACK. */
static void build(unsigned phnum)
{
    memset(img, 0, sizeof img);
    img_size = IMG;
    memcpy(img, "\177ELF", 4);
    img[4] = 2; /* ELFCLASS64 */
    img[5] = 1; /* little-endian */
    img[6] = 1;
    put16(16, ELF_ET_DYN);
    put16(18, 62);
    put32(20, 1);
    put64(24, 0x1040);   /* e_entry */
    put64(32, 64);       /* e_phoff */
    put16(52, 64);
    put16(54, ELF_PHENT);
    put16(56, (uint16_t)phnum);
    phdr(0, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, 0, 0, 0x1100, 0x1100, 0x1000);
    phdr(1, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, 0x1100, 0x3100, 0x200, 0x5000, 0x1000);
    phdr(2, ELF_PT_INTERP, ELF_PF_R, 0x400, 0x400, 12, 12, 1);
    phdr(3, ELF_PT_GNU_STACK, ELF_PF_R | ELF_PF_W, 0, 0, 0, 0, 16);
    memcpy(img + 0x400, "/lib/ld.so1", 12);
}

static void reads_a_good_image(void **state)
{
    (void)state;
    struct elf_image e;
    build(4);
    assert_int_equal(elf_read_exec(rd, NULL, &e), 0);
    assert_int_equal(e.type, ELF_ET_DYN);
    assert_int_equal(e.entry, 0x1040);
    assert_int_equal(e.phnum, 4);
    assert_int_equal(e.ph[1].type, ELF_PT_LOAD);
    assert_int_equal(e.ph[1].offset, 0x1100);
    assert_int_equal(e.ph[1].vaddr, 0x3100);
    assert_int_equal(e.ph[1].filesz, 0x200);
    assert_int_equal(e.ph[1].memsz, 0x5000);
    assert_int_equal(e.ph[1].flags, ELF_PF_R | ELF_PF_W);
    assert_true(e.has_interp);
    assert_string_equal(e.interp, "/lib/ld.so1");
    assert_int_equal(e.stack, ELF_STACK_NOEXEC);
    /* from the first PT_LOAD's page to the end of the last one's memory */
    assert_int_equal(elf_total_size(&e), 0x3100 + 0x5000);

    phdr(3, ELF_PT_GNU_STACK, ELF_PF_R | ELF_PF_W | ELF_PF_X, 0, 0, 0, 0, 16);
    assert_int_equal(elf_read_exec(rd, NULL, &e), 0);
    assert_int_equal(e.stack, ELF_STACK_EXEC);
    build(2); /* no PT_INTERP, no PT_GNU_STACK */
    assert_int_equal(elf_read_exec(rd, NULL, &e), 0);
    assert_false(e.has_interp);
    assert_int_equal(e.stack, ELF_STACK_DEFAULT);
}

static void malformed_programs(void **state)
{
    (void)state;
    struct elf_image e;
    build(4);
    img[1] = 'X';
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* magic */
    build(4);
    img[4] = 1;
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* ELFCLASS32 */
    build(4);
    put16(18, 3);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* EM_386 */
    build(4);
    put16(16, 1);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* ET_REL */
    build(4);
    put16(54, 32);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* e_phentsize */
    build(0);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* no program header */
    build(ELF_MAX_PHNUM + 1);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* too many for one page */
    build(ELF_MAX_PHNUM);                                     /* ... while 73 fit */
    assert_int_equal(elf_read_exec(rd, NULL, &e), 0);
    build(4);
    put64(32, IMG - 100);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* headers past the end */
    build(4);
    img_size = 40; /* shorter than the header: the rest reads zero, so e_phnum is 0 */
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC);
    build(4);
    phdr(2, ELF_PT_INTERP, ELF_PF_R, IMG - 4, 0, 12, 12, 1);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -EIO); /* interpreter path past the end */
    build(4);
    img[0x400 + 11] = 'x';
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* path not NUL-terminated */
    build(4);
    phdr(2, ELF_PT_INTERP, ELF_PF_R, 0x400, 0x400, 1, 1, 1);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* path shorter than 2 */
    build(4);
    phdr(2, ELF_PT_INTERP, ELF_PF_R, 0x400, 0x400, ELF_PATH_MAX + 1, ELF_PATH_MAX + 1, 1);
    assert_int_equal(elf_read_exec(rd, NULL, &e), -ENOEXEC); /* longer than PATH_MAX */
}

static void malformed_interpreters(void **state)
{
    (void)state;
    struct elf_image e;
    build(4);
    assert_int_equal(elf_read_interp(rd, NULL, &e), 0);
    img[0] = 0;
    assert_int_equal(elf_read_interp(rd, NULL, &e), -ELIBBAD);
    build(4);
    put16(18, 40);
    assert_int_equal(elf_read_interp(rd, NULL, &e), -ELIBBAD);
    build(4);
    put16(56, 0);
    assert_int_equal(elf_read_interp(rd, NULL, &e), -ELIBBAD);
    build(4);
    img_size = 63; /* an interpreter's header is read whole */
    assert_int_equal(elf_read_interp(rd, NULL, &e), -EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_a_good_image),
        cmocka_unit_test(malformed_programs),
        cmocka_unit_test(malformed_interpreters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

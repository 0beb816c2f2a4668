// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* execve of ELF64 programs, in the order of Linux's do_execveat_common() and
 * load_elf_binary() with address randomisation off (README.md, Decisions, "execve", says what is
 * placed where and why):
 *   open the file, count and bound the strings (E2BIG), read the headers (elf.c), open and
 *   read the interpreter -- all before the point of no return, failing with the process
 *   unchanged; then a fresh mm (mm_replace), the [stack] area, the PT_LOAD segments
 *   (private file mappings, the partial last page zeroed, the rest of the bss anonymous),
 *   the interpreter top-down from the mmap base, [vvar]/[vvar_vclock]/[vdso], the strings
 *   and tables on the stack, the break after the data. Every mapping goes through the
 *   system calls a process could make (k_mmap, k_munmap), and every byte onto the stack
 *   through the kernel's own stores as Linux makes them -- the strings through the direct
 *   map after get_user_pages, the tables and the bss's zeroes by copy_to_user at the user
 *   address -- so the faults, COW and shadow memory are the ones any access has and the
 *   MMU sees the kernel's traffic as the kernel's; nothing of the program is read into
 *   memory until touched. */
#include "elf.h"
#include "kern.h"
#include "shadow.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#define ELF_ET_DYN_BASE 0x555555554000ull /* (TASK_SIZE / 3 * 2) & PAGE_MASK: a PIE's base */
#define STACK_EXPAND    (128ull << 10)   /* setup_arg_pages() grows the new stack by this */
#define MAX_ARG_STRLEN  (32ull * PAGE_SIZE)
/* The special mappings of Linux 6.18 x86-64, low to high, placed as one block. */
static const struct { const char *name; uint64_t pages; unsigned flags; } specials[] = {
    {"[vvar]", 4, VM_READ}, {"[vvar_vclock]", 2, VM_READ}, {"[vdso]", 2, VM_READ | VM_EXEC}};
#define PLATFORM "x86_64"

#define PAGE_START(x) ((x) & ~(PAGE_SIZE - 1))
#define PAGE_UP(x)    (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

struct reader { const struct kfile *f; };

/* kernel_read(): the file's bytes as they are now (the shadow view is the truth of them) */
static size_t file_read(void *ctx, uint64_t off, void *buf, size_t len)
{
    const struct kfile *f = ((struct reader *)ctx)->f;
    if (off >= f->size)
        return 0;
    if (len > f->size - off)
        len = (size_t)(f->size - off);
    for (size_t done = 0, n; done < len; done += n) { /* a page at a time */
        uint64_t at = off + done;
        n = PAGE_SIZE - (at & (PAGE_SIZE - 1));
        if (n > len - done)
            n = len - done;
        kfile_shadow_get(f, at, (unsigned)n, (uint8_t *)buf + done);
    }
    return len;
}

/* A host file made a store file named by its canonical path (as Linux's maps names it). */
static struct kfile *host_import(struct kernel *k, const char *path, int *err)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        *err = -errno;
        return NULL;
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode) || access(real, X_OK) != 0) {
        *err = -EACCES; /* not executable: no x bit, or a directory or a device */
        return NULL;
    }
    struct kfile *f = file_find(k, real);
    if (f)
        return f;
    if ((uint64_t)st.st_size > KFILE_MAX_SIZE) { /* read nothing the store cannot hold */
        *err = -ENOMEM;
        return NULL;
    }
    FILE *h = fopen(real, "rb");
    if (!h) {
        *err = -errno;
        return NULL;
    }
    uint8_t *data = malloc(st.st_size ? (size_t)st.st_size : 1);
    size_t got = data ? fread(data, 1, (size_t)st.st_size, h) : 0;
    fclose(h);
    int r = !data ? -ENOMEM : got != (size_t)st.st_size ? -EIO : k_file_data(k, real, data, got);
    free(data);
    if (r < 0) {
        *err = r;
        return NULL;
    }
    return file_find(k, real);
}

/* open_exec(): a store name first, then a host path. */
static struct kfile *exec_open(struct kernel *k, const char *name, int *err)
{
    struct kfile *f = file_find(k, name);
    if (f)
        return f;
    if (!strchr(name, '/')) {
        *err = -ENOENT;
        return NULL;
    }
    return host_import(k, name, err);
}

/* copy_strings(): the strings go onto the new stack as Linux's get_arg_page() puts them,
 * each page faulted in for writing by get_user_pages (FOLL_FORCE|FOLL_WRITE) and written
 * through its direct-map address (kmap): kernel stores the MMU translates in the kernel
 * half, never at the user address. */
static bool copy_strings(struct kernel *k, struct proc *p, uint64_t va, const char *src, size_t len)
{
    /* (a failure may mean the OOM killer took p: the caller looks for it by its PID) */
    for (size_t i = 0; i < len;) {
        uint64_t pa;
        if (gup_page(k, p, va + i, true, true, &pa) != 0)
            return false;
        size_t page_end = i + (PAGE_SIZE - ((va + i) & (PAGE_SIZE - 1)));
        while (i < len && i < page_end) {
            unsigned n = ((va + i) & 7) == 0 && len - i >= 8 ? 8 : 1;
            uint64_t v = 0;
            memcpy(&v, src + i, n);
            kmem_write(k, pa, n, v);
            shadow_write(p, va + i, n, v);
            pa += n;
            i += n;
        }
    }
    return true;
}

/* copy_to_user() / put_user() / clear_user() onto the new stack and the bss: the kernel's
 * stores at the user addresses (uaccess.c). */
static bool put_user(struct kernel *k, struct proc *p, uint64_t va, const void *src, size_t len)
{
    return k_copy_to_user(k, p, va, src, len) == KA_OK;
}

static bool put_word(struct kernel *k, struct proc *p, uint64_t va, uint64_t v)
{
    return put_user(k, p, va, &v, sizeof v);
}

static bool bad_addr(int64_t a) { return (uint64_t)a >= TASK_SIZE; }

static unsigned make_prot(uint32_t pf)
{
    return (pf & ELF_PF_R ? KPROT_READ : 0) | (pf & ELF_PF_W ? KPROT_WRITE : 0) | (pf & ELF_PF_X ? KPROT_EXEC : 0);
}

/* elf_map(): the file part of a segment; with total, the whole image's span is reserved
 * first and the rest given back, so the image's later segments find their place free. */
static int64_t elf_map(struct kernel *k, struct proc *p, struct kfile *f, uint64_t addr, const struct elf_phdr *ph,
                       unsigned prot, unsigned flags, uint64_t total)
{
    uint64_t pgoff = ph->vaddr & (PAGE_SIZE - 1);
    uint64_t size = PAGE_UP(ph->filesz + pgoff), off = ph->offset - pgoff;
    addr = PAGE_START(addr);
    if (!size)
        return (int64_t)addr;
    if (total) {
        total = PAGE_UP(total);
        int64_t a = k_mmap(k, p->pid, addr, total, prot, flags, f->name, off);
        if (!bad_addr(a) && total > size)
            k_munmap(k, p->pid, (uint64_t)a + size, total - size);
        return a;
    }
    return k_mmap(k, p->pid, addr, size, prot, flags, f->name, off);
}

/* elf_load(): elf_map, then the bss -- the file's last page zeroed past p_filesz (an error
 * counts only for a writable segment), whole pages after it anonymous (vm_brk_flags: rw,
 * and x if the segment is). */
static int64_t elf_load(struct kernel *k, struct proc *p, struct kfile *f, uint64_t addr, const struct elf_phdr *ph,
                        unsigned prot, unsigned flags, uint64_t total)
{
    uint64_t pgoff = ph->vaddr & (PAGE_SIZE - 1), zero_start, zero_end;
    int64_t map_addr;
    if (ph->filesz) {
        map_addr = elf_map(k, p, f, addr, ph, prot, flags, total);
        if (bad_addr(map_addr))
            return map_addr;
        zero_start = (uint64_t)map_addr + pgoff + ph->filesz;
        zero_end = (uint64_t)map_addr + pgoff + ph->memsz;
        if (ph->memsz > ph->filesz && (zero_start & (PAGE_SIZE - 1))) {
            static const uint8_t zeros[PAGE_SIZE];
            int pid = p->pid; /* the OOM killer may take p in the copy */
            if (!put_user(k, p, zero_start, zeros, PAGE_SIZE - (zero_start & (PAGE_SIZE - 1))) &&
                ((prot & KPROT_WRITE) || !proc_find(k, pid)))
                return -EFAULT;
        }
    } else {
        map_addr = (int64_t)PAGE_START(addr);
        zero_start = (uint64_t)map_addr;
        zero_end = zero_start + pgoff + ph->memsz;
    }
    if (ph->memsz > ph->filesz) {
        zero_start = PAGE_UP(zero_start);
        zero_end = PAGE_UP(zero_end);
        if (zero_end > zero_start) {
            int64_t r = k_mmap(k, p->pid, zero_start, zero_end - zero_start,
                               KPROT_READ | KPROT_WRITE | (prot & KPROT_EXEC), KMAP_PRIVATE | KMAP_ANON | KMAP_FIXED,
                               NULL, 0);
            if (r < 0)
                return r;
        }
    }
    return map_addr;
}

/* maximum_alignment(): the largest power-of-two p_align of the PT_LOADs, at least a page */
static uint64_t max_align(const struct elf_image *img)
{
    uint64_t a = 0;
    for (unsigned i = 0; i < img->phnum; i++) {
        uint64_t al = img->ph[i].align;
        if (img->ph[i].type == ELF_PT_LOAD && al && !(al & (al - 1)) && al > a)
            a = al;
    }
    return PAGE_UP(a);
}

/* A segment's addresses inside the user range (checked after it is mapped, as Linux). */
static bool seg_ok(const struct elf_phdr *ph, uint64_t bias)
{
    uint64_t k = bias + ph->vaddr;
    return k < TASK_SIZE && ph->filesz <= ph->memsz && ph->memsz <= TASK_SIZE && TASK_SIZE - ph->memsz >= k;
}

/* load_elf_interp(): the interpreter where the first segment's mmap puts it (top-down, as
 * a hint of its p_vaddr), the others fixed after it; its load address, or -errno. */
static int64_t load_interp(struct kernel *k, struct proc *p, struct kfile *f, const struct elf_image *ie)
{
    if (ie->type != ELF_ET_EXEC && ie->type != ELF_ET_DYN)
        return -EPERM; /* Linux's ~0UL, which execve reads as -1 */
    uint64_t total = elf_total_size(ie), load_addr = 0;
    if (!total)
        return -EINVAL;
    bool set = false;
    for (unsigned i = 0; i < ie->phnum; i++) {
        const struct elf_phdr *ph = &ie->ph[i];
        if (ph->type != ELF_PT_LOAD)
            continue;
        unsigned flags = KMAP_PRIVATE;
        if (ie->type == ELF_ET_EXEC || set)
            flags |= KMAP_FIXED;
        int64_t a = elf_load(k, p, f, load_addr + ph->vaddr, ph, make_prot(ph->flags), flags, total);
        total = 0;
        if (bad_addr(a))
            return a < 0 && a >= -4095 ? a : -EINVAL;
        if (!set && ie->type == ELF_ET_DYN) {
            load_addr = (uint64_t)a - PAGE_START(ph->vaddr);
            set = true;
        }
        if (!seg_ok(ph, load_addr))
            return -ENOMEM;
    }
    return (int64_t)load_addr;
}

/* map_vdso(): one top-down block holding the special mappings; the vDSO's address. */
static int64_t map_specials(struct proc *p)
{
    uint64_t len = 0;
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
        len += specials[i].pages << PAGE_SHIFT;
    uint64_t at = vt_gap_topdown(&p->mm.vt, len, PAGE_SIZE, KMMAP_BASE);
    if (at == UINT64_MAX)
        return -ENOMEM;
    uint64_t vdso = 0;
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++) {
        struct vma *v = vma_new();
        v->start = at;
        v->end = at + (specials[i].pages << PAGE_SHIFT);
        v->flags = specials[i].flags | VM_SPECIAL_MAP;
        v->pgoff = at >> PAGE_SHIFT;
        v->name = specials[i].name;
        vt_insert(&p->mm.vt, v);
        vdso = at;
        at = v->end;
    }
    return (int64_t)vdso;
}

/* The host kernel's own auxv entry (from /proc/self/auxv: glibc's getauxval() rewrites
 * AT_HWCAP on x86-64), 0 if it has none. */
static uint64_t host_aux(uint64_t type)
{
    static uint64_t aux[128][2];
    static int n = -1;
    if (n < 0) {
        int fd = open("/proc/self/auxv", O_RDONLY);
        ssize_t got = fd >= 0 ? read(fd, aux, sizeof aux) : -1;
        if (fd >= 0)
            close(fd);
        n = got > 0 ? (int)(got / 16) : 0;
    }
    for (int i = 0; i < n && aux[i][0]; i++)
        if (aux[i][0] == type)
            return aux[i][1];
    return 0;
}

/* Everything after the point of no return; -errno kills the process. */
struct exec_state {
    struct kfile *f, *interp;
    const struct elf_image *img, *ie;
    int argc, envc;
    const char *const *argv, *const *envp;
    const char *filename;
};

static int exec_strings_len(const char *filename, int argc, const char *const *argv, int envc,
                            const char *const *envp, uint64_t *total)
{
    uint64_t t = strlen(filename) + 1;
    for (int i = 0; i < argc + envc; i++) {
        uint64_t n = strlen(i < argc ? argv[i] : envp[i - argc]) + 1;
        if (n > MAX_ARG_STRLEN)
            return -E2BIG;
        t += n;
    }
    /* bprm_stack_limits(): strings and pointers within a quarter of the stack limit */
    uint64_t ptrs = (uint64_t)((argc ? argc : 1) + envc) * 8;
    if (t + ptrs > KSTACK_RLIMIT / 4)
        return -E2BIG;
    *total = t;
    return 0;
}

static int exec_finish(struct kernel *k, struct proc *p, const struct exec_state *s, uint64_t *entry_out,
                       uint64_t *sp_out)
{
    const struct elf_image *img = s->img;
    if (!mm_replace(k, p))
        return -ENOMEM;
    k_switch_to(k, p);
    struct mm *mm = &p->mm;

    /* The strings, as copy_strings() leaves them: the filename at the top (below one
     * empty word), then envp and argv, each list's last string highest. */
    uint64_t pos = KSTACK_TOP - 8, str_total = 0;
    int r = exec_strings_len(s->filename, s->argc, s->argv, s->envc, s->envp, &str_total);
    if (r)
        return r;
    uint64_t lowest = pos - str_total;
    /* setup_arg_pages(): the stack is the strings' pages and 128 KiB more, within the limit */
    uint64_t stack_lo = PAGE_START(lowest) - STACK_EXPAND;
    if (KSTACK_TOP - PAGE_START(lowest) + STACK_EXPAND > KSTACK_RLIMIT)
        stack_lo = KSTACK_TOP - KSTACK_RLIMIT;
    struct vma *st = vma_new();
    st->start = stack_lo;
    st->end = KSTACK_TOP;
    st->flags = VM_READ | VM_WRITE | VM_GROWSDOWN | VM_ACCOUNT | (img->stack == ELF_STACK_EXEC ? VM_EXEC : 0);
    st->pgoff = stack_lo >> PAGE_SHIFT;
    vt_insert(&mm->vt, st);

    uint64_t execfn, *argp = calloc((size_t)(s->argc + s->envc) + 1, sizeof *argp);
    if (!argp)
        abort();
    size_t n = strlen(s->filename) + 1;
    pos -= n;
    execfn = pos;
    bool ok = copy_strings(k, p, pos, s->filename, n);
    for (int i = s->envc - 1; ok && i >= 0; i--) {
        n = strlen(s->envp[i]) + 1;
        pos -= n;
        argp[s->argc + i] = pos;
        ok = copy_strings(k, p, pos, s->envp[i], n);
    }
    for (int i = s->argc - 1; ok && i >= 0; i--) {
        n = strlen(s->argv[i]) + 1;
        pos -= n;
        argp[i] = pos;
        ok = copy_strings(k, p, pos, s->argv[i], n);
    }
    if (!ok) {
        free(argp);
        return -EFAULT;
    }

    /* The program's segments. */
    uint64_t load_bias = 0, phdr_addr = 0, elf_brk = 0, total = 0;
    bool first = true;
    r = 0;
    for (unsigned i = 0; i < img->phnum && !r; i++) {
        const struct elf_phdr *ph = &img->ph[i];
        if (ph->type != ELF_PT_LOAD)
            continue;
        unsigned prot = make_prot(ph->flags), flags = KMAP_PRIVATE;
        uint64_t vaddr = ph->vaddr;
        total = 0;
        if (!first) {
            flags |= KMAP_FIXED;
        } else if (img->type == ELF_ET_EXEC) {
            flags |= KMAP_NOREPLACE;
        } else {
            total = elf_total_size(img);
            if (!total) {
                r = -EINVAL;
                break;
            }
            uint64_t align = max_align(img);
            if (s->interp) {
                load_bias = ELF_ET_DYN_BASE & ~(align - 1);
                flags |= KMAP_NOREPLACE;
            } else if (align > PAGE_SIZE) {
                /* a static PIE with large alignment: where mmap would put an aligned span */
                int64_t a = elf_load(k, p, s->f, 0, ph, prot, flags, total + align);
                if (bad_addr(a)) {
                    r = a < 0 && a >= -4095 ? (int)a : -EINVAL;
                    break;
                }
                k_munmap(k, p->pid, (uint64_t)a, total + align);
                load_bias = ((uint64_t)a + align - 1) & ~(align - 1);
                flags |= KMAP_NOREPLACE;
            } else {
                load_bias = 0;
            }
            load_bias = PAGE_START(load_bias - vaddr);
        }
        int64_t a = elf_load(k, p, s->f, load_bias + vaddr, ph, prot, flags, total);
        if (bad_addr(a)) {
            r = a < 0 && a >= -4095 ? (int)a : -EINVAL;
            break;
        }
        if (first) {
            first = false;
            if (img->type == ELF_ET_DYN)
                load_bias += (uint64_t)a - PAGE_START(load_bias + vaddr);
        }
        if (ph->offset <= img->phoff && img->phoff < ph->offset + ph->filesz)
            phdr_addr = img->phoff - ph->offset + ph->vaddr;
        if (!seg_ok(ph, 0))
            r = -EINVAL;
        if (ph->vaddr + ph->memsz > elf_brk)
            elf_brk = ph->vaddr + ph->memsz;
    }
    if (r) {
        free(argp);
        return r;
    }
    uint64_t e_entry = img->entry + load_bias;
    phdr_addr += load_bias;
    elf_brk += load_bias;

    uint64_t entry = e_entry, interp_base = 0;
    if (s->interp) {
        int64_t base = load_interp(k, p, s->interp, s->ie);
        if (base < 0 || bad_addr(base + (int64_t)s->ie->entry)) {
            free(argp);
            return base < 0 ? (int)base : -EINVAL;
        }
        interp_base = (uint64_t)base;
        entry = interp_base + s->ie->entry;
    } else if (bad_addr((int64_t)entry)) {
        free(argp);
        return -EINVAL;
    }
    int64_t vdso = map_specials(p);
    if (vdso < 0) {
        free(argp);
        return (int)vdso;
    }

    /* create_elf_tables(): platform string, AT_RANDOM's bytes, then (16-aligned) argc,
     * argv, envp and the auxv, below the strings. */
    uint64_t sp = pos & ~15ull;
    sp -= sizeof PLATFORM;
    uint64_t u_platform = sp;
    uint8_t rnd[16];
    for (unsigned i = 0; i < sizeof rnd; i++) /* reproducible: the model has no entropy */
        rnd[i] = (uint8_t)(0x5a ^ (p->pid * 31 + i * 7));
    sp -= sizeof rnd;
    uint64_t u_rand = sp;
    ok = put_user(k, p, u_platform, PLATFORM, sizeof PLATFORM) && put_user(k, p, u_rand, rnd, sizeof rnd);
    /* The entries of Linux 6.18 x86-64, in its order; what the hardware and the user are
     * is this host's (the real process the model is compared with runs here too). */
    const uint64_t aux[][2] = {
        {AT_SYSINFO_EHDR, (uint64_t)vdso}, {AT_MINSIGSTKSZ, host_aux(AT_MINSIGSTKSZ)},
        {AT_HWCAP, host_aux(AT_HWCAP)},   {AT_PAGESZ, PAGE_SIZE},
        {AT_CLKTCK, 100},                  {AT_PHDR, phdr_addr},
        {AT_PHENT, ELF_PHENT},             {AT_PHNUM, img->phnum},
        {AT_BASE, interp_base},            {AT_FLAGS, 0},
        {AT_ENTRY, e_entry},               {AT_UID, getuid()},
        {AT_EUID, geteuid()},              {AT_GID, getgid()},
        {AT_EGID, getegid()},              {AT_SECURE, 0},
        {AT_RANDOM, u_rand},               {AT_HWCAP2, host_aux(AT_HWCAP2)},
        {AT_EXECFN, execfn},               {AT_PLATFORM, u_platform},
        {27 /* AT_RSEQ_FEATURE_SIZE */, 28}, {28 /* AT_RSEQ_ALIGN */, 32},
        {AT_NULL, 0},
    };
    uint64_t naux = sizeof aux / sizeof aux[0];
    uint64_t items = (uint64_t)(s->argc + 1) + (uint64_t)(s->envc + 1) + 1;
    sp = (sp - naux * 16 - items * 8) & ~15ull;
    uint64_t w = sp;
    ok = ok && put_word(k, p, w, (uint64_t)s->argc);
    w += 8;
    for (int i = 0; ok && i < s->argc; i++, w += 8)
        ok = put_word(k, p, w, argp[i]);
    ok = ok && put_word(k, p, w, 0);
    w += 8;
    for (int i = 0; ok && i < s->envc; i++, w += 8)
        ok = put_word(k, p, w, argp[s->argc + i]);
    ok = ok && put_word(k, p, w, 0);
    w += 8;
    for (uint64_t i = 0; ok && i < naux; i++, w += 16)
        ok = put_word(k, p, w, aux[i][0]) && put_word(k, p, w + 8, aux[i][1]);
    free(argp);
    if (!ok)
        return -EFAULT;

    mm->start_brk = mm->brk = PAGE_UP(img->type == ELF_ET_DYN && !s->interp ? ELF_ET_DYN_BASE : elf_brk);
    mm->entry = entry;
    *entry_out = entry;
    *sp_out = sp;
    return 0;
}

int k_execve(struct kernel *k, int pid, const char *file, int argc, const char *const *argv, int envc,
             const char *const *envp, uint64_t *entry, uint64_t *sp, int *err)
{
    struct proc *p = proc_find(k, pid);
    *err = 0;
    if (!p)
        return -ESRCH;
    int r = 0;
    struct kfile *f = exec_open(k, file, &r);
    if (!f)
        return r;
    uint64_t total;
    if ((r = exec_strings_len(file, argc, argv, envc, envp, &total)))
        return r;
    struct elf_image *img = malloc(sizeof *img), *ie = malloc(sizeof *ie);
    if (!img || !ie)
        abort();
    struct reader rd = {f};
    struct exec_state s = {.f = f, .img = img, .ie = ie, .argc = argc, .envc = envc, .argv = argv,
                           .envp = envp, .filename = file};
    r = elf_read_exec(file_read, &rd, img);
    if (!r && img->has_interp) {
        s.interp = exec_open(k, img->interp, &r);
        struct reader ird = {s.interp};
        if (s.interp)
            r = elf_read_interp(file_read, &ird, ie);
    }
    if (!r) { /* the point of no return */
        r = exec_finish(k, p, &s, entry, sp); /* store files live as long as the kernel */
        if (r && !proc_find(k, pid)) {
            r = KEXEC_KILLED; /* the OOM killer took it while exec faulted its stack in */
        } else if (r) {
            fprintf(stderr, "openmmu: kernel: execve of %s in process %d failed after the point of no return "
                            "(%s): the process is killed, as Linux kills it\n", file, pid, strerror(-r));
            *err = r;
            proc_kill(k, pid);
            r = KEXEC_KILLED;
        }
    }
    free(img);
    free(ie);
    return r;
}

// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The reference model, rule by rule of docs/semantics.md, through the "ref" backend (and
 * ref_walk directly for the compare-and-swap retry). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "backend/backend.h"
#include "ref/walk.h"
#include "registry/registry.h"

/* Fixed table frames: one PML4, PDPT, PD, PT. */
#define PML4 0x1000ull
#define PDPT 0x2000ull
#define PD 0x3000ull
#define PT 0x4000ull
#define VA 0x00007f1234567abcull /* indices: 254, 72, 162, 359 */
#define FRAME 0x55000ull
#define RWU (PTE_P | PTE_RW | PTE_US)

static unsigned idx(uint64_t va, unsigned level) { return (va >> (12 + 9 * (level - 1))) & 511; }
static uint64_t eaddr(uint64_t table, uint64_t va, unsigned level) { return table + 8 * idx(va, level); }

static backend *mk(void)
{
    char err[128];
    be_options o = {0};
    backend *b = backend_create("ref", &o, err, sizeof err);
    assert_non_null(b);
    assert_int_equal(b->ops->write_cr3(b, PML4), BE_OK);
    return b;
}

/* Maps VA as a 4 KiB page with the given flags at each level (addresses filled in). */
static void map4k(backend *b, uint64_t f4, uint64_t f3, uint64_t f2, uint64_t f1)
{
    b->ops->pwrite(b, eaddr(PML4, VA, 4), 8, PDPT | f4);
    b->ops->pwrite(b, eaddr(PDPT, VA, 3), 8, PD | f3);
    b->ops->pwrite(b, eaddr(PD, VA, 2), 8, PT | f2);
    b->ops->pwrite(b, eaddr(PT, VA, 1), 8, FRAME | f1);
}

static be_resp acc(backend *b, uint64_t va, acc_kind k, bool user)
{
    be_req q = {.va = va, .kind = k, .user = user, .size = 1};
    return b->ops->access(b, &q);
}

static uint64_t rd(backend *b, uint64_t pa) { return b->ops->pread(b, pa, 8); }

/* A macro, so that a failure names the caller's line. */
#define expect_pf(resp, error, addr)                                                                                   \
    do {                                                                                                               \
        be_resp r_ = (resp);                                                                                           \
        assert_int_equal(r_.status, BE_PF);                                                                            \
        assert_int_equal(r_.err, (error));                                                                             \
        assert_int_equal(r_.cr2, (addr));                                                                              \
    } while (0)

static void noncanonical_is_gp(void **st)
{
    (void)st;
    backend *b = mk();
    map4k(b, RWU, RWU, RWU, RWU);
    assert_int_equal(acc(b, 0x0000800000000000ull, ACC_R, false).status, BE_GP);
    assert_int_equal(acc(b, 0xffff7fffffffffffull, ACC_W, true).status, BE_GP);
    be_req q = {.va = 0x00007ffffffffffcull, .kind = ACC_R, .size = 8}; /* last byte non-canonical */
    assert_int_equal(b->ops->access(b, &q).status, BE_GP);
    assert_int_equal(rd(b, eaddr(PML4, VA, 4)) & PTE_A, 0); /* no walk happened */
    uint64_t c[BE_NCOUNTERS];
    b->ops->counters(b, c);
    assert_int_equal(c[BE_CNT_gp_faults], 3);
    assert_int_equal(c[BE_CNT_walks], 0);
    be_destroy(b);
}

static void translate_4k_sets_a_everywhere_d_on_leaf(void **st)
{
    (void)st;
    backend *b = mk();
    map4k(b, RWU, RWU, RWU, RWU);
    be_resp r = acc(b, VA, ACC_R, true);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(r.pa, FRAME | (VA & 0xfff));
    assert_int_equal(rd(b, eaddr(PML4, VA, 4)), PDPT | RWU | PTE_A);
    assert_int_equal(rd(b, eaddr(PDPT, VA, 3)), PD | RWU | PTE_A);
    assert_int_equal(rd(b, eaddr(PD, VA, 2)), PT | RWU | PTE_A);
    assert_int_equal(rd(b, eaddr(PT, VA, 1)), FRAME | RWU | PTE_A);
    r = acc(b, VA, ACC_W, true);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(rd(b, eaddr(PD, VA, 2)), PT | RWU | PTE_A); /* D only in the leaf */
    assert_int_equal(rd(b, eaddr(PT, VA, 1)), FRAME | RWU | PTE_A | PTE_D);
    uint64_t c[BE_NCOUNTERS];
    b->ops->counters(b, c);
    assert_int_equal(c[BE_CNT_ad_updates], 5);
    assert_int_equal(c[BE_CNT_walk_mem_refs], 8);
    assert_int_equal(c[BE_CNT_dtlb_hits], 0);
    be_destroy(b);
}

static void not_present_at_each_level(void **st)
{
    (void)st;
    for (int lv = 4; lv >= 1; lv--) {
        backend *b = mk();
        map4k(b, lv == 4 ? 0 : RWU, lv == 3 ? 0 : RWU, lv == 2 ? 0 : RWU, lv == 1 ? 0 : RWU);
        expect_pf(acc(b, VA, ACC_W, true), PF_W | PF_U, VA);
        expect_pf(acc(b, VA, ACC_R, false), 0, VA);
        expect_pf(acc(b, VA, ACC_X, false), PF_I, VA); /* NXE=1 at reset */
        /* a faulting walk sets no A bit */
        assert_int_equal(rd(b, eaddr(PML4, VA, 4)) & PTE_A, 0);
        be_destroy(b);
    }
}

static void reserved_bits_every_level(void **st)
{
    (void)st;
    const uint64_t hi = 1ull << 45; /* above MAXPHYADDR=40, below 52 */
    for (int lv = 4; lv >= 1; lv--) {
        backend *b = mk();
        uint64_t f[5] = {0, RWU, RWU, RWU, RWU};
        f[lv] |= hi;
        map4k(b, f[4], f[3], f[2], f[1]);
        expect_pf(acc(b, VA, ACC_R, true), PF_P | PF_RSVD | PF_U, VA);
        assert_int_equal(rd(b, eaddr(PML4, VA, 4)) & PTE_A, 0);
        /* bits 62:52 are ignored */
        map4k(b, RWU | (1ull << 55), RWU, RWU, RWU | (1ull << 62));
        assert_int_equal(acc(b, VA, ACC_R, true).status, BE_OK);
        be_destroy(b);
    }
    /* a reserved bit in an upper level faults even though a lower level is not present */
    backend *b = mk();
    map4k(b, RWU | hi, RWU, 0, 0);
    expect_pf(acc(b, VA, ACC_W, false), PF_P | PF_RSVD | PF_W, VA);
    /* PS in a PML4E */
    map4k(b, RWU | PTE_PS, RWU, RWU, RWU);
    expect_pf(acc(b, VA, ACC_R, false), PF_P | PF_RSVD, VA);
    /* XD while NXE=0, at any level; ignored with NXE=1 for data */
    map4k(b, RWU, RWU, RWU | PTE_XD, RWU);
    assert_int_equal(acc(b, VA, ACC_R, false).status, BE_OK);
    assert_int_equal(b->ops->write_efer_nxe(b, false), BE_OK);
    expect_pf(acc(b, VA, ACC_R, false), PF_P | PF_RSVD, VA);
    expect_pf(acc(b, VA, ACC_X, false), PF_P | PF_RSVD, VA); /* no I/D: NXE=0, SMEP=0 */
    be_destroy(b);
}

static void rights_combine_across_levels(void **st)
{
    (void)st;
    for (int lv = 4; lv >= 1; lv--) {
        backend *b = mk();
        uint64_t f[5] = {0, RWU, RWU, RWU, RWU};
        f[lv] &= ~PTE_US;
        map4k(b, f[4], f[3], f[2], f[1]);
        expect_pf(acc(b, VA, ACC_R, true), PF_P | PF_U, VA);
        assert_int_equal(acc(b, VA, ACC_R, false).status, BE_OK); /* supervisor page now */
        f[lv] = (f[lv] | PTE_US) & ~PTE_RW;
        map4k(b, f[4], f[3], f[2], f[1]);
        expect_pf(acc(b, VA, ACC_W, true), PF_P | PF_W | PF_U, VA);
        assert_int_equal(acc(b, VA, ACC_R, true).status, BE_OK);
        /* supervisor write to a read-only (user) page: WP decides; SMAP=0 */
        expect_pf(acc(b, VA, ACC_W, false), PF_P | PF_W, VA);
        assert_int_equal(b->ops->write_cr0_wp(b, false), BE_OK);
        assert_int_equal(acc(b, VA, ACC_W, false).status, BE_OK);
        /* user writes ignore WP */
        expect_pf(acc(b, VA, ACC_W, true), PF_P | PF_W | PF_U, VA);
        /* XD at one level */
        f[lv] |= PTE_RW | PTE_XD;
        map4k(b, f[4], f[3], f[2], f[1]);
        expect_pf(acc(b, VA, ACC_X, true), PF_P | PF_U | PF_I, VA);
        assert_int_equal(acc(b, VA, ACC_R, true).status, BE_OK);
        be_destroy(b);
    }
}

static void smep_smap(void **st)
{
    (void)st;
    backend *b = mk();
    map4k(b, RWU, RWU, RWU, RWU);
    assert_int_equal(acc(b, VA, ACC_X, false).status, BE_OK);
    assert_int_equal(b->ops->write_cr4(b, (be_cr4){.pge = true, .smep = true}), BE_OK);
    expect_pf(acc(b, VA, ACC_X, false), PF_P | PF_I, VA);
    assert_int_equal(acc(b, VA, ACC_R, false).status, BE_OK);
    assert_int_equal(acc(b, VA, ACC_X, true).status, BE_OK);
    assert_int_equal(b->ops->write_cr4(b, (be_cr4){.pge = true, .smap = true}), BE_OK);
    expect_pf(acc(b, VA, ACC_R, false), PF_P, VA);
    expect_pf(acc(b, VA, ACC_W, false), PF_P | PF_W, VA);
    assert_int_equal(acc(b, VA, ACC_X, false).status, BE_OK);
    assert_int_equal(acc(b, VA, ACC_R, true).status, BE_OK);
    /* a supervisor page is not affected */
    map4k(b, RWU, RWU, PTE_P | PTE_RW, RWU);
    assert_int_equal(acc(b, VA, ACC_R, false).status, BE_OK);
    /* I/D with NXE=0 comes from SMEP alone */
    assert_int_equal(b->ops->write_efer_nxe(b, false), BE_OK);
    map4k(b, PTE_P, RWU, RWU, RWU);
    expect_pf(acc(b, VA, ACC_X, true), PF_P | PF_U, VA);
    assert_int_equal(b->ops->write_cr4(b, (be_cr4){.pge = true, .smep = true}), BE_OK);
    expect_pf(acc(b, VA, ACC_X, true), PF_P | PF_U | PF_I, VA);
    be_destroy(b);
}

static void large_pages(void **st)
{
    (void)st;
    backend *b = mk();
    /* 2 MiB */
    b->ops->pwrite(b, eaddr(PML4, VA, 4), 8, PDPT | RWU);
    b->ops->pwrite(b, eaddr(PDPT, VA, 3), 8, PD | RWU);
    b->ops->pwrite(b, eaddr(PD, VA, 2), 8, 0x40000000ull | RWU | PTE_PS | (1ull << 12)); /* PAT */
    be_resp r = acc(b, VA, ACC_W, true);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(r.pa, 0x40000000ull | (VA & 0x1fffff));
    assert_int_equal(rd(b, eaddr(PD, VA, 2)), 0x40000000ull | RWU | PTE_PS | (1ull << 12) | PTE_A | PTE_D);
    assert_int_equal(rd(b, eaddr(PDPT, VA, 3)), PD | RWU | PTE_A);
    for (unsigned bit = 13; bit <= 20; bit++) { /* misaligned 2 MiB frame */
        b->ops->pwrite(b, eaddr(PD, VA, 2), 8, 0x40000000ull | (1ull << bit) | RWU | PTE_PS);
        expect_pf(acc(b, VA, ACC_R, true), PF_P | PF_RSVD | PF_U, VA);
    }
    /* 1 GiB */
    b->ops->pwrite(b, eaddr(PDPT, VA, 3), 8, 0xc0000000ull | RWU | PTE_PS);
    r = acc(b, VA, ACC_R, false);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(r.pa, 0xc0000000ull | (VA & 0x3fffffff));
    assert_int_equal(rd(b, eaddr(PDPT, VA, 3)), 0xc0000000ull | RWU | PTE_PS | PTE_A);
    for (unsigned bit = 13; bit <= 29; bit += 4) {
        b->ops->pwrite(b, eaddr(PDPT, VA, 3), 8, 0xc0000000ull | (1ull << bit) | RWU | PTE_PS);
        expect_pf(acc(b, VA, ACC_R, false), PF_P | PF_RSVD, VA);
    }
    /* PAT (bit 7) of a 4 KiB PTE is not PS and not reserved */
    map4k(b, RWU, RWU, RWU, RWU | PTE_PS);
    assert_int_equal(acc(b, VA, ACC_R, true).pa, FRAME | (VA & 0xfff));
    be_destroy(b);
}

static void page_crossing(void **st)
{
    (void)st;
    backend *b = mk();
    map4k(b, RWU, RWU, RWU, RWU);
    uint64_t last = (VA | 0xfff) - 1; /* 2 bytes in this page, 2 in the next */
    be_req q = {.va = last, .kind = ACC_W, .user = true, .size = 4, .wdata = 0x11223344};
    be_resp r = b->ops->access(b, &q);
    expect_pf(r, PF_W | PF_U, (VA | 0xfff) + 1); /* second page not mapped */
    assert_int_equal(rd(b, eaddr(PT, VA, 1)) & (PTE_A | PTE_D), PTE_A | PTE_D); /* first part translated */
    assert_int_equal(rd(b, FRAME | 0xff8), 0); /* but no data written */
    b->ops->pwrite(b, eaddr(PT, VA, 1) + 8, 8, 0x77000ull | RWU);
    r = b->ops->access(b, &q);
    assert_int_equal(r.status, BE_OK);
    assert_int_equal(r.pa, FRAME | 0xffe);
    assert_int_equal(b->ops->pread(b, FRAME | 0xffe, 2), 0x3344);
    assert_int_equal(b->ops->pread(b, 0x77000, 2), 0x1122);
    q.kind = ACC_R;
    assert_int_equal(b->ops->access(b, &q).rdata, 0x11223344);
    be_destroy(b);
}

/* Memory whose entry changes between the walk's read and its first CAS. */
typedef struct {
    physmem *m;
    uint64_t pa, newval;
    int fired;
} racy;
static uint64_t racy_read(void *c, uint64_t pa) { return physmem_read(((racy *)c)->m, pa, 8); }
static uint64_t racy_cas(void *c, uint64_t pa, uint64_t e, uint64_t v)
{
    racy *r = c;
    if (!r->fired++)
        physmem_write(r->m, r->pa, 8, r->newval);
    return physmem_cas64(r->m, pa, e, v);
}

static void cas_retry_restarts_walk(void **st)
{
    (void)st;
    physmem *m = physmem_new();
    physmem_write(m, eaddr(PML4, VA, 4), 8, PDPT | RWU);
    physmem_write(m, eaddr(PDPT, VA, 3), 8, PD | RWU);
    physmem_write(m, eaddr(PD, VA, 2), 8, PT | RWU);
    physmem_write(m, eaddr(PT, VA, 1), 8, FRAME | RWU);
    /* another agent moves the page while the walker is about to set A on the PML4E */
    racy rc = {.m = m, .pa = eaddr(PT, VA, 1), .newval = 0x99000ull | RWU};
    ref_mem mem = {.read = racy_read, .cas = racy_cas, .ctx = &rc};
    ref_ctl c;
    ref_ctl_reset(&c, 40);
    c.cr3 = PML4;
    ref_start s = ref_start_root(&c);
    ref_walk_res w;
    assert_int_equal(ref_walk(&c, &mem, &s, VA, ACC_W, true, 0, &w), BE_OK);
    /* the PML4E, PDPTE and PDE CASes succeeded, the leaf's failed and the walk restarted */
    assert_int_equal(w.restarts, 1);
    assert_int_equal(w.pa, 0x99000ull | (VA & 0xfff));
    assert_int_equal(physmem_read(m, eaddr(PT, VA, 1), 8), 0x99000ull | RWU | PTE_A | PTE_D);
    assert_int_equal(physmem_read(m, eaddr(PML4, VA, 4), 8), PDPT | RWU | PTE_A);
    assert_int_equal(w.mem_refs, 8);
    /* the second attempt read A=1 everywhere above the leaf: only the leaf needed a CAS */
    assert_int_equal(w.ad_updates, 3 + 1);
    physmem_free(m);
}

static void control_gp_rules(void **st)
{
    (void)st;
    backend *b = mk();
    be_status (*cr3)(backend *, uint64_t) = b->ops->write_cr3;
    assert_int_equal(cr3(b, 1ull << 40), BE_GP);
    assert_int_equal(cr3(b, 1ull << 62), BE_GP);
    assert_int_equal(cr3(b, 1ull << 63 | PML4), BE_GP); /* bit 63 with PCIDE=0 */
    assert_int_equal(cr3(b, PML4 | 0x18), BE_OK);       /* PWT/PCD with PCIDE=0 */
    assert_int_equal(b->ops->write_cr4(b, (be_cr4){.pcide = true, .pge = true}), BE_GP);
    assert_int_equal(cr3(b, PML4), BE_OK);
    assert_int_equal(b->ops->write_cr4(b, (be_cr4){.pcide = true, .pge = true}), BE_OK);
    assert_int_equal(cr3(b, 1ull << 63 | PML4 | 5), BE_OK);
    assert_int_equal(cr3(b, PML4 | 4095), BE_OK);
    assert_int_equal(b->ops->invpcid(b, 4, 0, 0), BE_GP);
    assert_int_equal(b->ops->invpcid(b, 1, 4096, 0), BE_GP);
    assert_int_equal(b->ops->invpcid(b, 0, 1, 0x0000800000000000ull), BE_GP);
    assert_int_equal(b->ops->invpcid(b, 0, 1, 0xffff800000000000ull), BE_OK);
    assert_int_equal(b->ops->invpcid(b, 1, 7, 0x0000800000000000ull), BE_OK); /* VA ignored */
    /* back to PCIDE=0: CR3[11:0] may stay; INVPCID 0/1 then need PCID 0 */
    assert_int_equal(b->ops->write_cr4(b, (be_cr4){.pge = true}), BE_OK);
    assert_int_equal(b->ops->invpcid(b, 0, 1, 0), BE_GP);
    assert_int_equal(b->ops->invpcid(b, 1, 1, 0), BE_GP);
    assert_int_equal(b->ops->invpcid(b, 1, 0, 0), BE_OK);
    assert_int_equal(b->ops->invpcid(b, 2, 9, 0), BE_OK);
    assert_int_equal(b->ops->invpcid(b, 3, 9, 0), BE_OK);
    assert_int_equal(b->ops->invlpg(b, 0x0000800000000000ull), BE_OK); /* no-op, not #GP */
    be_destroy(b);
}

static void pcid_tags_root(void **st)
{
    (void)st;
    /* With PCIDE=1 CR3[11:0] is the PCID, not part of the root address. */
    backend *b = mk();
    map4k(b, RWU, RWU, RWU, RWU);
    assert_int_equal(b->ops->write_cr4(b, (be_cr4){.pcide = true, .pge = true}), BE_OK);
    assert_int_equal(b->ops->write_cr3(b, PML4 | 0xabc), BE_OK);
    assert_int_equal(acc(b, VA, ACC_R, true).pa, FRAME | (VA & 0xfff));
    be_destroy(b);
}

/* The backend's walk memo answers a repeated walk without reading the tables: every
 * change to what the walk read -- a PTE written by the kernel, an A or D bit cleared, a
 * store through a mapping of the page table itself, a control register -- must show on
 * the very next access, and the counters must be those of a real walk. */
static void walk_memo_sees_every_change(void **st)
{
    (void)st;
    backend *b = mk();
    map4k(b, RWU, RWU, RWU, RWU);
    uint64_t c[BE_NCOUNTERS];
    assert_int_equal(acc(b, VA, ACC_R, true).pa, FRAME | (VA & 0xfff));
    assert_int_equal(acc(b, VA, ACC_R, true).pa, FRAME | (VA & 0xfff));
    b->ops->counters(b, c);
    assert_int_equal(c[BE_CNT_walks], 2);
    assert_int_equal(c[BE_CNT_walk_mem_refs], 8); /* the repeated walk counts its four reads */
    assert_int_equal(c[BE_CNT_ad_updates], 4);
    /* the kernel remaps the page */
    b->ops->pwrite(b, eaddr(PT, VA, 1), 8, 0x66000 | RWU | PTE_A);
    assert_int_equal(acc(b, VA, ACC_R, true).pa, 0x66000 | (VA & 0xfff));
    /* reclaim clears A: the next access sets it again */
    b->ops->pwrite(b, eaddr(PD, VA, 2), 8, PT | RWU);
    assert_int_equal(acc(b, VA, ACC_R, true).status, BE_OK);
    assert_int_equal(rd(b, eaddr(PD, VA, 2)), PT | RWU | PTE_A);
    /* a store sets D; D cleared by the kernel is set again by the next store */
    assert_int_equal(acc(b, VA, ACC_W, true).status, BE_OK);
    assert_int_equal(rd(b, eaddr(PT, VA, 1)), 0x66000 | RWU | PTE_A | PTE_D);
    assert_int_equal(acc(b, VA, ACC_W, true).status, BE_OK);
    b->ops->pwrite(b, eaddr(PT, VA, 1), 8, 0x66000 | RWU | PTE_A);
    assert_int_equal(acc(b, VA, ACC_W, true).status, BE_OK);
    assert_int_equal(rd(b, eaddr(PT, VA, 1)), 0x66000 | RWU | PTE_A | PTE_D);
    /* write protection: the repeated walk of a read-only page faults again */
    b->ops->pwrite(b, eaddr(PT, VA, 1), 8, 0x66000 | PTE_P | PTE_US | PTE_A);
    expect_pf(acc(b, VA, ACC_W, true), PF_P | PF_W | PF_U, VA);
    assert_int_equal(acc(b, VA, ACC_R, true).status, BE_OK);
    /* a supervisor page now: the user's repeated read faults */
    b->ops->pwrite(b, eaddr(PT, VA, 1), 8, 0x66000 | PTE_P | PTE_A);
    expect_pf(acc(b, VA, ACC_R, true), PF_P | PF_U, VA);
    assert_int_equal(acc(b, VA, ACC_R, false).status, BE_OK);
    be_destroy(b);
}

/* A store through a mapping of the page table (the next page maps the PT frame itself)
 * changes a PTE without the kernel's pwrite: the memo must not keep the old walk. */
static void walk_memo_sees_a_store_into_a_page_table(void **st)
{
    (void)st;
    backend *b = mk();
    map4k(b, RWU, RWU, RWU, RWU);
    uint64_t self = VA + 0x1000; /* the same PT, the next entry */
    b->ops->pwrite(b, eaddr(PT, self, 1), 8, PT | RWU);
    assert_int_equal(acc(b, VA, ACC_R, true).pa, FRAME | (VA & 0xfff));
    be_req q = {.va = (self & ~0xfffull) + 8 * idx(VA, 1), .kind = ACC_W, .user = true, .size = 8,
                .wdata = 0x77000 | RWU | PTE_A};
    assert_int_equal(b->ops->access(b, &q).status, BE_OK);
    assert_int_equal(acc(b, VA, ACC_R, true).pa, 0x77000 | (VA & 0xfff));
    /* and a new root, with nothing mapped, faults at once */
    assert_int_equal(b->ops->write_cr3(b, 0x9000), BE_OK);
    expect_pf(acc(b, VA, ACC_R, true), PF_U, VA);
    be_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(noncanonical_is_gp),
        cmocka_unit_test(translate_4k_sets_a_everywhere_d_on_leaf),
        cmocka_unit_test(not_present_at_each_level),
        cmocka_unit_test(reserved_bits_every_level),
        cmocka_unit_test(rights_combine_across_levels),
        cmocka_unit_test(smep_smap),
        cmocka_unit_test(large_pages),
        cmocka_unit_test(page_crossing),
        cmocka_unit_test(cas_retry_restarts_walk),
        cmocka_unit_test(control_gp_rules),
        cmocka_unit_test(pcid_tags_root),
        cmocka_unit_test(walk_memo_sees_every_change),
        cmocka_unit_test(walk_memo_sees_a_store_into_a_page_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

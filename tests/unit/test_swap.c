// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The swap area on the ref backend: slot allocation and free, the swap entry encoding
 * (never a present PTE, never PROT_NONE, and the hardware faults on it as not-present),
 * and swap_map reference counts across fork, exit, munmap, madvise, swap-in and COW. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "kernel/kern.h"
#include "registry/registry.h"

#define RW (KPROT_READ | KPROT_WRITE)
#define PF (KMAP_PRIVATE | KMAP_FIXED | KMAP_ANON)
#define A0 0x200000000000ull

typedef struct {
    backend *be;
    struct kernel *k;
} env;

static int setup_sized(void **state, uint64_t mem, uint64_t swap)
{
    env *v = calloc(1, sizeof *v);
    char err[160];
    be_options bo = {0};
    v->be = backend_create("ref", &bo, err, sizeof err);
    assert_non_null(v->be);
    struct kernel_opts o = {.mem_base = KMEM_BASE_DEFAULT, .mem_size = mem, .swap_size = swap};
    v->k = kernel_new(v->be, &o, err, sizeof err);
    assert_non_null(v->k);
    *state = v;
    return 0;
}
static int setup(void **state) { return setup_sized(state, 1ull << 20, 1ull << 20); }
static int setup_tiny_swap(void **state) { return setup_sized(state, 1ull << 20, 8 * PAGE_SIZE); }
static int teardown(void **state)
{
    env *v = *state;
    kernel_free(v->k);
    be_destroy(v->be);
    free(v);
    return 0;
}

static uint64_t pte_of(env *v, int pid, uint64_t va)
{
    uint64_t pte = 0;
    assert_int_equal(k_pte(v->k, pid, va, &pte), 0);
    return pte;
}

/* A load that must succeed and agree with the shadow memory. */
static uint64_t ld(env *v, int pid, uint64_t va)
{
    uint64_t val, exp;
    bool bad;
    assert_int_equal(k_load(v->k, pid, va, 8, ACC_R, &val, &bad, &exp), KA_OK);
    assert_false(bad);
    return val;
}

static void slots_alloc_free(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    assert_int_equal(k->swap_slots, 8);
    bool seen[9] = {false};
    for (int i = 0; i < 8; i++) {
        uint64_t s = swap_alloc(k);
        assert_true(s >= 1 && s <= 8); /* slot 0 means "none" and is never handed out */
        assert_false(seen[s]);
        seen[s] = true;
        assert_int_equal(k->swap_map[s], 1);
    }
    assert_int_equal(k->swap_used, 8);
    assert_int_equal(swap_alloc(k), 0); /* full */
    swap_dup(k, 5);
    assert_int_equal(k->swap_map[5], 2);
    swap_free(k, 5);
    assert_int_equal(swap_alloc(k), 0); /* one reference left: still taken */
    swap_free(k, 5);
    assert_int_equal(k->swap_used, 7);
    assert_int_equal(swap_alloc(k), 5); /* the only free slot */
    for (uint64_t s = 1; s <= 8; s++)
        swap_free(k, s);
    assert_int_equal(k->swap_used, 0);
}

static void slot_data_round_trip(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    uint64_t a = page_alloc_zeroed(k, PG_ANON), b = page_alloc_zeroed(k, PG_ANON);
    for (unsigned o = 0; o < PAGE_SIZE; o += 8)
        v->be->ops->pwrite(v->be, a + o, 8, 0x0123456789abcdefull ^ o);
    uint64_t s1 = swap_alloc(k), s2 = swap_alloc(k);
    swap_write(k, s2, a);
    swap_write(k, s1, b); /* zeroes: a slot's content is its own */
    swap_read(k, s2, b);
    for (unsigned o = 0; o < PAGE_SIZE; o += 8)
        assert_int_equal(v->be->ops->pread(v->be, b + o, 8), 0x0123456789abcdefull ^ o);
    swap_read(k, s1, a);
    assert_int_equal(v->be->ops->pread(v->be, a + 8, 8), 0);
    swap_free(k, s1);
    swap_free(k, s2);
    page_put(k, a);
    page_put(k, b);
}

static void entry_encoding(void **state)
{
    env *v = *state;
    const uint64_t slots[] = {1, 2, 3, 0x1000, 0x12345, (1ull << 40) - 2, (1ull << 40) - 1};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        uint64_t pte = mk_swp_pte(slots[i]);
        assert_int_equal(swp_slot(pte), slots[i]);
        assert_true(pte_is_swap(pte));
        assert_int_equal(pte & PTE_P, 0);
        assert_int_equal(pte & PTE_PROTNONE, 0);
        assert_false(pte_has_frame(pte));
        /* inverted: a small slot number leaves the address field pointing far above any
         * physical memory (L1TF), never at a frame the kernel manages */
        if (slots[i] < (1ull << 20))
            assert_true((pte & PTE_ADDR) >= (1ull << v->be->maxphyaddr));
    }
    /* what is not a swap entry */
    assert_false(pte_is_swap(0));
    uint64_t frame = 0x123000;
    assert_false(pte_is_swap(mk_pte(frame, 0, false)));         /* PROT_NONE */
    assert_true(pte_has_frame(mk_pte(frame, 0, false)));
    assert_false(pte_is_swap(mk_pte(frame, VM_READ | VM_WRITE, true)));
    assert_false(pte_is_swap(mk_pte(frame, VM_READ, false) | PTE_SWAP)); /* present wins */
    assert_false(pte_is_swap(mk_pte(frame, 0, false) | PTE_SWAP));       /* PROT_NONE wins */
}

/* The hardware sees a swap entry as not present: an access faults with P clear in the
 * error code, and the kernel then reads the page back. */
static void hardware_faults_on_swap_entry(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, PAGE_SIZE, RW, PF, NULL, 0), (int64_t)A0);
    assert_int_equal(k_store(k, 1, A0, 8, 0xfeed), KA_OK);
    assert_int_equal(k_reclaim(k, 1000), 1);
    uint64_t pte = pte_of(v, 1, A0);
    assert_true(pte_is_swap(pte));
    be_req rq = {.va = A0, .kind = ACC_R, .user = true, .size = 8};
    be_resp r = v->be->ops->access(v->be, &rq); /* process 1's tables are loaded */
    assert_int_equal(r.status, BE_PF);
    assert_int_equal(r.err & PF_P, 0);
    assert_int_equal(r.cr2, A0);
    struct kernel_stats s;
    kernel_stats(k, &s);
    assert_int_equal(ld(v, 1, A0), 0xfeed);
    struct kernel_stats t;
    kernel_stats(k, &t);
    assert_int_equal(t.major, s.major + 1);
    assert_int_equal(t.swapin, s.swapin + 1);
}

/* Four pages of process 1 swapped out; returns their slots. */
static void swapped_out(env *v, uint64_t slot[4])
{
    struct kernel *k = v->k;
    assert_int_equal(k_spawn(k, 1), 0);
    assert_int_equal(k_mmap(k, 1, A0, 4 * PAGE_SIZE, RW, PF, NULL, 0), (int64_t)A0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(k_store(k, 1, A0 + i * PAGE_SIZE, 8, 100 + i), KA_OK);
    assert_int_equal(k_reclaim(k, 1000), 4);
    for (int i = 0; i < 4; i++) {
        uint64_t pte = pte_of(v, 1, A0 + i * PAGE_SIZE);
        assert_true(pte_is_swap(pte));
        slot[i] = swp_slot(pte);
        assert_int_equal(k->swap_map[slot[i]], 1); /* the one swap PTE */
    }
    assert_int_equal(k->swap_used, 4);
}

static void swap_map_fork_exit(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    uint64_t slot[4];
    swapped_out(v, slot);
    assert_int_equal(k_fork(k, 1, 2), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pte_of(v, 2, A0 + i * PAGE_SIZE), mk_swp_pte(slot[i])); /* the same slot */
        assert_int_equal(k->swap_map[slot[i]], 2);
    }
    assert_int_equal(k_fork(k, 2, 3), 0);
    assert_int_equal(k->swap_map[slot[0]], 3);
    assert_int_equal(k_exit(k, 2), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(k->swap_map[slot[i]], 2);
    /* both survivors read their data back: the first swap-in gives its frame the slot, the
     * second finds that frame in the swap cache and maps it too */
    assert_int_equal(ld(v, 3, A0 + PAGE_SIZE), 101);
    assert_int_equal(k->swap_map[slot[1]], 2); /* 1's PTE + 3's frame (the PTE's reference passed to it) */
    uint64_t swapins = k->stat_swapin;
    assert_int_equal(ld(v, 1, A0 + PAGE_SIZE), 101);
    assert_int_equal(k->stat_swapin, swapins); /* no second read */
    assert_int_equal(k->swap_map[slot[1]], 1); /* one frame caching the slot, mapped by both */
    assert_int_equal(pte_of(v, 1, A0 + PAGE_SIZE) & PTE_ADDR, pte_of(v, 3, A0 + PAGE_SIZE) & PTE_ADDR);
    assert_int_equal(k_exit(k, 3), 0);
    assert_int_equal(k->swap_map[slot[1]], 1);
    assert_int_equal(k->swap_used, 4);
    assert_int_equal(k_exit(k, 1), 0);
    assert_int_equal(k->swap_used, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(k->swap_map[slot[i]], 0);
}

static void swap_map_munmap_madvise(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    uint64_t slot[4];
    swapped_out(v, slot);
    assert_int_equal(k_fork(k, 1, 2), 0);
    /* munmap in the child drops its references only */
    assert_int_equal(k_munmap(k, 2, A0, PAGE_SIZE), 0);
    assert_int_equal(k->swap_map[slot[0]], 1);
    /* madvise(DONTNEED) in the parent drops the last: the slot is free */
    assert_int_equal(k_madvise_dontneed(k, 1, A0, PAGE_SIZE), 0);
    assert_int_equal(k->swap_map[slot[0]], 0);
    assert_int_equal(k->swap_used, 3);
    assert_int_equal(pte_of(v, 1, A0), 0);
    assert_int_equal(ld(v, 1, A0), 0); /* DONTNEED on private anonymous memory: zeroes */
    assert_int_equal(ld(v, 2, A0 + 2 * PAGE_SIZE), 102);
    /* munmap of the whole area in both processes frees every slot */
    assert_int_equal(k_munmap(k, 1, A0, 4 * PAGE_SIZE), 0);
    assert_int_equal(k->swap_used, 3); /* the child still names slots 1..3 */
    assert_int_equal(k_munmap(k, 2, A0, 4 * PAGE_SIZE), 0);
    assert_int_equal(k->swap_used, 0);
}

/* After swap-in a COW-shared slot is let go by the writer: a write makes the frame the
 * process's own, and the slot stays with the other process's swap PTE. */
static void swap_map_cow_write(void **state)
{
    env *v = *state;
    struct kernel *k = v->k;
    uint64_t slot[4];
    swapped_out(v, slot);
    assert_int_equal(k_fork(k, 1, 2), 0);
    assert_int_equal(ld(v, 1, A0 + 3 * PAGE_SIZE), 103);
    uint64_t pte = pte_of(v, 1, A0 + 3 * PAGE_SIZE);
    assert_true(pte & PTE_P);
    assert_int_equal(pte & PTE_RW, 0); /* the slot is shared: not writable in place */
    assert_int_equal(k->swap_map[slot[3]], 2);
    assert_int_equal(k_store(k, 1, A0 + 3 * PAGE_SIZE, 8, 999), KA_OK);
    assert_int_equal(k->swap_map[slot[3]], 1); /* only the child's PTE */
    assert_int_equal(ld(v, 2, A0 + 3 * PAGE_SIZE), 103);
    assert_int_equal(ld(v, 1, A0 + 3 * PAGE_SIZE), 999);
    /* the writer alone: a swapped-in page with an exclusive slot is writable at once */
    assert_int_equal(k_exit(k, 2), 0);
    assert_int_equal(ld(v, 1, A0 + 2 * PAGE_SIZE), 102);
    assert_true(pte_of(v, 1, A0 + 2 * PAGE_SIZE) & PTE_RW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(slots_alloc_free, setup_tiny_swap, teardown),
        cmocka_unit_test_setup_teardown(slot_data_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(entry_encoding, setup, teardown),
        cmocka_unit_test_setup_teardown(hardware_faults_on_swap_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(swap_map_fork_exit, setup, teardown),
        cmocka_unit_test_setup_teardown(swap_map_munmap_madvise, setup, teardown),
        cmocka_unit_test_setup_teardown(swap_map_cow_write, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

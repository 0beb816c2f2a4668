// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The AVL tree of areas (see vma.h). Recursive insert and delete recompute the augmented
 * fields on the way back up, so rotations never leave a stale summary. */
#include "vma.h"

#include <stdlib.h>

static int height(const struct vma *v) { return v ? v->height : 0; }
static uint64_t max3(uint64_t a, uint64_t b, uint64_t c) { return a > b ? (a > c ? a : c) : (b > c ? b : c); }
static uint64_t gap(uint64_t lo_end, uint64_t hi_start) { return hi_start > lo_end ? hi_start - lo_end : 0; }

static void update(struct vma *v)
{
    struct vma *l = v->left, *r = v->right;
    v->height = 1 + (height(l) > height(r) ? height(l) : height(r));
    v->sub_lo = l ? l->sub_lo : vma_gap_start(v);
    v->sub_hi = r ? r->sub_hi : v->end;
    uint64_t g = 0;
    if (l)
        g = max3(g, l->sub_gap, gap(l->sub_hi, vma_gap_start(v)));
    if (r)
        g = max3(g, r->sub_gap, gap(v->end, r->sub_lo));
    v->sub_gap = g;
}

static struct vma *rot_right(struct vma *v)
{
    struct vma *l = v->left;
    v->left = l->right;
    l->right = v;
    update(v);
    update(l);
    return l;
}

static struct vma *rot_left(struct vma *v)
{
    struct vma *r = v->right;
    v->right = r->left;
    r->left = v;
    update(v);
    update(r);
    return r;
}

static struct vma *balance(struct vma *v)
{
    update(v);
    int bf = height(v->left) - height(v->right);
    if (bf > 1) {
        if (height(v->left->left) < height(v->left->right))
            v->left = rot_left(v->left);
        return rot_right(v);
    }
    if (bf < -1) {
        if (height(v->right->right) < height(v->right->left))
            v->right = rot_right(v->right);
        return rot_left(v);
    }
    return v;
}

static struct vma *insert(struct vma *n, struct vma *v)
{
    if (!n)
        return v;
    if (v->start < n->start)
        n->left = insert(n->left, v);
    else
        n->right = insert(n->right, v);
    return balance(n);
}

void vt_insert(struct vma_tree *t, struct vma *v)
{
    v->left = v->right = NULL;
    v->height = 1;
    update(v);
    /* list: after the last area starting below v */
    struct vma *prev = NULL;
    for (struct vma *n = t->root; n;) {
        if (n->start < v->start) {
            prev = n;
            n = n->right;
        } else
            n = n->left;
    }
    v->prev = prev;
    v->next = prev ? prev->next : t->first;
    if (v->next)
        v->next->prev = v;
    if (prev)
        prev->next = v;
    else
        t->first = v;
    t->root = insert(t->root, v);
    /* v's gap start may change its successor's gap: the successor is an ancestor or in
     * v's path, both refreshed by the insert; nothing else depends on v. */
    t->count++;
}

static struct vma *remove_min(struct vma *n, struct vma **min)
{
    if (!n->left) {
        *min = n;
        return n->right;
    }
    n->left = remove_min(n->left, min);
    return balance(n);
}

static struct vma *remove(struct vma *n, struct vma *v)
{
    if (!n)
        return NULL;
    if (n == v) {
        if (!n->left)
            return n->right;
        if (!n->right)
            return n->left;
        struct vma *m;
        struct vma *r = remove_min(n->right, &m);
        m->left = n->left;
        m->right = r;
        return balance(m);
    }
    if (v->start < n->start)
        n->left = remove(n->left, v);
    else
        n->right = remove(n->right, v);
    return balance(n);
}

void vt_remove(struct vma_tree *t, struct vma *v)
{
    t->root = remove(t->root, v);
    if (v->prev)
        v->prev->next = v->next;
    else
        t->first = v->next;
    if (v->next)
        v->next->prev = v->prev;
    v->prev = v->next = v->left = v->right = NULL;
    t->count--;
}

struct vma *vt_find(const struct vma_tree *t, uint64_t addr)
{
    struct vma *best = NULL;
    for (struct vma *n = t->root; n;) {
        if (n->end > addr) {
            best = n;
            n = n->left;
        } else
            n = n->right;
    }
    return best;
}

struct vma *vt_lookup(const struct vma_tree *t, uint64_t addr)
{
    struct vma *v = vt_find(t, addr);
    return v && v->start <= addr ? v : NULL;
}

/* Highest fit among the gaps of the range (lo_end, hi_start) that holds subtree n. */
static uint64_t search_top(const struct vma *n, uint64_t lo_end, uint64_t hi_start, uint64_t len,
                           uint64_t low, uint64_t high)
{
    if (hi_start <= low || lo_end >= high)
        return UINT64_MAX;
    if (!n) {
        uint64_t a = lo_end > low ? lo_end : low;
        uint64_t b = hi_start < high ? hi_start : high;
        if (b > a && b - a >= len && ((b - len) & ~0xfffull) >= a)
            return (b - len) & ~0xfffull;
        return UINT64_MAX;
    }
    if (max3(n->sub_gap, gap(lo_end, n->sub_lo), gap(n->sub_hi, hi_start)) < len)
        return UINT64_MAX;
    uint64_t r = search_top(n->right, n->end, hi_start, len, low, high);
    if (r != UINT64_MAX)
        return r;
    return search_top(n->left, lo_end, vma_gap_start(n), len, low, high);
}

uint64_t vt_gap_topdown(const struct vma_tree *t, uint64_t len, uint64_t low, uint64_t high)
{
    if (len == 0 || high < low || high - low < len)
        return UINT64_MAX;
    uint64_t a = search_top(t->root, 0, UINT64_MAX, len, low, high);
    return (a != UINT64_MAX && a >= low) ? a : UINT64_MAX;
}

uint64_t vt_gap_bottomup(const struct vma_tree *t, uint64_t len, uint64_t low, uint64_t high)
{
    if (len == 0 || high < low || high - low < len)
        return UINT64_MAX;
    uint64_t lo_end = 0;
    for (const struct vma *v = t->first;; v = v->next) {
        uint64_t a = lo_end > low ? lo_end : low, top = v ? vma_gap_start(v) : UINT64_MAX;
        if (top > high)
            top = high;
        if (top >= a && top - a >= len)
            return a;
        if (!v || v->end >= high)
            return UINT64_MAX;
        lo_end = v->end;
    }
}

static bool check(const struct vma *n, int *h)
{
    if (!n) {
        *h = 0;
        return true;
    }
    int hl, hr;
    if (!check(n->left, &hl) || !check(n->right, &hr))
        return false;
    if (abs(hl - hr) > 1 || n->height != 1 + (hl > hr ? hl : hr))
        return false;
    if (n->left && n->left->start >= n->start)
        return false;
    if (n->right && n->right->start <= n->start)
        return false;
    struct vma copy = *n;
    update(&copy);
    if (copy.sub_lo != n->sub_lo || copy.sub_hi != n->sub_hi || copy.sub_gap != n->sub_gap)
        return false;
    *h = n->height;
    return true;
}

bool vt_check(const struct vma_tree *t)
{
    int h;
    if (!check(t->root, &h))
        return false;
    size_t c = 0;
    for (const struct vma *v = t->first; v; v = v->next, c++) {
        if (v->start >= v->end)
            return false;
        if (v->next && (v->next->start < v->end || v->next->prev != v))
            return false;
    }
    return c == t->count;
}

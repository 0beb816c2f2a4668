// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
/* The explain report (show.h). */
#include "explain/show.h"

#include <stdlib.h>
#include <string.h>

#include "ref/rights.h"

static const char *const level_name[5] = {"entry", "PTE", "PDE", "PDPTE", "PML4E"};

typedef struct {
    FILE *f;
    bool two;       /* both sides ran: two columns */
    unsigned diffs;
    unsigned cache_diffs; /* rows marked '~' */
} out;

/* One row: a label and each side's text (NULL: that side has nothing in this row). With
 * cmp, two texts that differ mark the row. */
static void row(out *o, bool cmp, const char *label, const char *l, const char *r)
{
    bool differ = o->two && cmp && strcmp(l ? l : "", r ? r : "") != 0;
    o->diffs += differ;
    if (o->two)
        fprintf(o->f, "%c %-20s %-38s %s\n", differ ? '*' : ' ', label, l ? l : "", r ? r : "");
    else
        fprintf(o->f, "  %-20s %s\n", label, l ? l : r ? r : "");
}

/* A line under a row: the rule the reference model applied. */
static void rule(out *o, const char *text) { fprintf(o->f, "  %20s   %s\n", "", text); }

static void err_text(char *s, size_t n, uint32_t err)
{
    int w = snprintf(s, n, "0x%x (", err);
    const char *bit[] = {"P", "W", "U", "RSVD", "I"};
    bool any = false;
    for (unsigned i = 0; i < 5; i++)
        if (err & (1u << i)) {
            w += snprintf(s + w, n - (size_t)w, "%s%s", any ? " " : "", bit[i]);
            any = true;
        }
    snprintf(s + w, n - (size_t)w, "%s)", any ? "" : "none");
}

static void resp_text(char *s, size_t n, const be_resp *r)
{
    char e[48];
    switch (r->status) {
    case BE_OK: snprintf(s, n, "pa 0x%llx", (unsigned long long)r->pa); break;
    case BE_PF:
        err_text(e, sizeof e, r->err);
        snprintf(s, n, "#PF err %s cr2 0x%llx", e, (unsigned long long)r->cr2);
        break;
    case BE_GP: snprintf(s, n, "#GP"); break;
    default: snprintf(s, n, "machine check"); break;
    }
}

static const char *kind_name(acc_kind k) { return k == ACC_W ? "write" : k == ACC_X ? "fetch" : "read"; }

static void rights_text(char *s, size_t n, ref_rights r)
{
    snprintf(s, n, "U=%d W=%d XD=%d", r.u, r.w, r.xd);
}

static const char *size_name(unsigned level) { return level == 3 ? "1 GiB" : level == 2 ? "2 MiB" : "4 KiB"; }

/* A cached entry as the rules describe it (ref/entry.h): the same text for what the RTL's
 * cache held and for what ref would cache, so that equal entries read equal. */
/* Entries keep 48 VA bits; printed as the canonical address the access used. */
static unsigned long long canonical(uint64_t va)
{
    return (unsigned long long)(va & (1ull << 47) ? va | ~((1ull << 48) - 1) : va);
}

static void centry_text(char *s, size_t n, bool tlb, const ref_centry *e)
{
    if (tlb)
        snprintf(s, n, "VA 0x%llx PCID %u -> 0x%llx %s U=%d W=%d XD=%d D=%d G=%d", canonical(e->vbase),
                 e->pcid, (unsigned long long)e->addr, size_name(e->level), e->r.u, e->r.w, e->r.xd, e->d, e->g);
    else
        snprintf(s, n, "%s VA 0x%llx PCID %u -> table 0x%llx U=%d W=%d XD=%d", level_name[e->level],
                 canonical(e->vbase), e->pcid, (unsigned long long)e->addr, e->r.u, e->r.w, e->r.xd);
}

/* The RTL's entry in the rules' terms. A TLB entry's page number has don't-care low bits for
 * a large page; a PSC entry's tag is the VA looked up, cut at its level. */
static ref_centry rtl_centry(const xp_look *l)
{
    ref_centry e = {.pcid = (uint16_t)l->pcid, .r = {.u = l->u, .w = l->w, .xd = l->xd}};
    if (l->where == XL_PSC) {
        e.level = (uint8_t)l->level;
        e.vbase = ref_vbase(l->vpn << 12, l->level);
        e.addr = l->ppn << 12;
    } else {
        e.level = (uint8_t)(l->size + 1);
        e.vbase = ref_vbase(l->vpn << 12, e.level);
        e.addr = l->ppn << 12;
        e.d = l->d;
        e.g = l->g;
        e.pwt = l->pwt;
        e.pcd = l->pcd;
    }
    return e;
}

static const char *const look_name[] = {[XL_ITLB] = "iTLB", [XL_DTLB] = "dTLB", [XL_L2] = "L2 TLB", [XL_PSC] = "PSC"};

/* What ref would cache for the page or table the RTL's entry stands for: from the walk of
 * the access that covers the entry's VA (a page-crossing access has two). false: none does,
 * or the walk faulted (nothing is cached then, rule 8). */
static bool ref_would_cache(const xp_access *a, const xp_look *l, const ref_centry *re, ref_centry *out)
{
    for (unsigned i = 0; a && i < a->nwalk; i++) {
        const xp_ref_walk *wk = &a->wk[i];
        if (wk->w.status != BE_OK)
            continue;
        if (l->where != XL_PSC) {
            if (ref_vbase(wk->va, wk->w.tlb.level) != ref_vbase(re->vbase, wk->w.tlb.level))
                continue;
            *out = wk->w.tlb;
            return true;
        }
        if (ref_vbase(wk->va, re->level) != re->vbase)
            continue;
        for (unsigned k = 0; k + 1 < wk->w.nsteps; k++)
            if (wk->w.step[k].level == re->level) {
                *out = ref_walk_psc(&wk->ctl, &wk->w, k, wk->va, wk->start.r);
                return true;
            }
    }
    return false;
}

/* The rows of the RTL's lookups, in the order it made them. Beside a hit, ref's account: ref
 * has no TLB, so it says what the rules would let it cache now. Too wide for the columns: a
 * line each. An entry that differs from ref's is marked '~', which is not a disagreement by
 * itself (an entry may stay cached after memory changed until it is invalidated: lockstep
 * checks that) and leaves the exit status alone; what the RTL did with it shows in the rows
 * below. */
static void look_rows(out *o, const xp_access *a, const xp_access *b)
{
    char rt[256], et[160], lt[160];
    for (unsigned i = 0; i < b->nlook; i++) {
        const xp_look *l = &b->lk[i];
        bool tlb = l->where != XL_PSC;
        const char *rtl = o->two ? "rtl: " : "";
        if (!l->hit) {
            fprintf(o->f, "  %-20s %s%s\n", look_name[l->where], rtl, tlb ? "miss" : "miss: walk from CR3");
            continue;
        }
        ref_centry re = rtl_centry(l), would;
        centry_text(et, sizeof et, tlb, &re);
        snprintf(rt, sizeof rt, "hit%s: %s", !tlb || l->used ? "" : ", not used (rights, D=0 or a control op)", et);
        bool have = a && ref_would_cache(a, l, &re, &would);
        if (have)
            centry_text(lt, sizeof lt, tlb, &would);
        /* A write that found its entry with D=0 walks to set D (not using the entry): ref's
         * entry has the D this access set, the RTL's the D it found. */
        bool differ = false;
        if (o->two && have) {
            ref_centry found = would;
            found.d &= !(tlb && !l->used && !re.d && a->req.kind == ACC_W);
            /* A global entry answers every PCID (rule "What may be cached"): the PCID it was
             * filled under is history, not part of what it translates. */
            if (tlb && found.g && re.g)
                found.pcid = re.pcid;
            char ft[160];
            centry_text(ft, sizeof ft, tlb, &found);
            differ = strcmp(ft, et) != 0;
        }
        o->cache_diffs += differ;
        fprintf(o->f, "%c %-20s %s%s\n", differ ? '~' : ' ', look_name[l->where], rtl, rt);
        if (o->two)
            fprintf(o->f, "  %-20s ref: %s%s\n", "", have ? "would cache " : "", have ? lt : "nothing (no walk of it completed)");
    }
    if (b->nlook_seen > b->nlook)
        fprintf(o->f, "  (%u more lookups not kept)\n", b->nlook_seen - b->nlook);
}

/* The TLB lookups of an access, from the counters it moved. */
static void tlb_text(char *s, size_t n, const xp_access *a)
{
    const uint64_t *c = a->cnt;
    bool fetch = a->req.kind == ACC_X;
    uint64_t h = fetch ? c[BE_CNT_itlb_hits] : c[BE_CNT_dtlb_hits];
    uint64_t m = fetch ? c[BE_CNT_itlb_misses] : c[BE_CNT_dtlb_misses];
    int w = snprintf(s, n, "%s %s", fetch ? "iTLB" : "dTLB", h && !m ? "hit" : !h && m ? "miss" : "");
    if ((h && m) || (!h && !m))
        w = snprintf(s, n, "%s %llu hit, %llu miss", fetch ? "iTLB" : "dTLB", (unsigned long long)h,
                     (unsigned long long)m);
    if (c[BE_CNT_l2tlb_accesses])
        w += snprintf(s + w, n - (size_t)w, ", L2 %s", c[BE_CNT_l2tlb_hits] && !c[BE_CNT_l2tlb_misses] ? "hit"
                                                      : !c[BE_CNT_l2tlb_hits] ? "miss" : "hit+miss");
    if (c[BE_CNT_dirty_rewalks])
        snprintf(s + w, n - (size_t)w, ", D=0: walked");
}

static void psc_text(char *s, size_t n, const xp_access *a)
{
    const uint64_t *c = a->cnt;
    if (!c[BE_CNT_walks]) {
        snprintf(s, n, "not looked up (no walk)");
        return;
    }
    int w = 0;
    s[0] = '\0';
    const unsigned cnt[3] = {BE_CNT_psc_pml4e_hits, BE_CNT_psc_pdpte_hits, BE_CNT_psc_pde_hits};
    const char *nm[3] = {"PML4E", "PDPTE", "PDE"};
    for (unsigned i = 0; i < 3; i++)
        if (c[cnt[i]])
            w += snprintf(s + w, n - (size_t)w, "%s%s hit", w ? ", " : "", nm[i]);
    if (!w)
        snprintf(s, n, "miss: walk from CR3");
}

static void counters_text(char *s, size_t n, const xp_access *a, bool rtl)
{
    const uint64_t *c = a->cnt;
    int w = snprintf(s, n, "walks %llu, entry reads %llu (PML4E %llu PDPTE %llu PDE %llu PTE %llu), A/D %llu",
                     (unsigned long long)c[BE_CNT_walks], (unsigned long long)c[BE_CNT_walk_mem_refs],
                     (unsigned long long)c[BE_CNT_walk_refs_pml4e], (unsigned long long)c[BE_CNT_walk_refs_pdpte],
                     (unsigned long long)c[BE_CNT_walk_refs_pde], (unsigned long long)c[BE_CNT_walk_refs_pte],
                     (unsigned long long)c[BE_CNT_ad_updates]);
    if (c[BE_CNT_ad_retries])
        w += snprintf(s + w, n - (size_t)w, ", CAS failed %llu", (unsigned long long)c[BE_CNT_ad_retries]);
    if (rtl)
        snprintf(s + w, n - (size_t)w, ", %llu cycles", (unsigned long long)c[BE_CNT_cycles]);
}

static void ad_text(char *s, size_t n, uint64_t from, uint64_t to)
{
    snprintf(s, n, "0x%llx -> 0x%llx%s%s", (unsigned long long)from, (unsigned long long)to,
             (to & ~from & PTE_A) ? " +A" : "", (to & ~from & PTE_D) ? " +D" : "");
}

/* The value the RTL's walker was answered with. */
static void rtl_val(char *s, size_t n, const xp_rtl_req *q)
{
    if (!q->answered)
        snprintf(s, n, "(no answer during the access)");
    else if (q->mce)
        snprintf(s, n, "machine check");
    else
        snprintf(s, n, "0x%llx", (unsigned long long)q->val);
}

/* The RTL's compare-and-swap: expected -> written, and what memory held if not expected. */
static void rtl_cas(char *s, size_t n, const xp_rtl_req *q)
{
    ad_text(s, n, q->expect, q->wdata);
    if (q->answered && !q->mce && q->val != q->expect) {
        size_t w = strlen(s);
        snprintf(s + w, n - w, " (failed: memory held 0x%llx)", (unsigned long long)q->val);
    } else if (q->mce) {
        size_t w = strlen(s);
        snprintf(s + w, n - w, " (machine check)");
    }
}

/* The rules one walk applied, step by step, as the reference model reports it. */
static void walk_rows(out *o, const xp_ref_walk *wk, const xp_access *b, bool used[XP_MAX_REQ])
{
    const ref_walk_res *w = &wk->w;
    ref_rights r = wk->start.r;
    char lab[40], lt[64], rt[64], t[200], rs[32];
    for (unsigned i = 0; i < w->nsteps; i++) {
        const ref_step *st = &w->step[i];
        snprintf(lab, sizeof lab, "%s 0x%llx", level_name[st->level], (unsigned long long)st->pa);
        snprintf(lt, sizeof lt, "0x%llx", (unsigned long long)st->val);
        const char *right = NULL;
        bool cmp = true;
        if (b) {
            unsigned j;
            for (j = 0; j < b->nreq; j++)
                if (!used[j] && !b->rq[j].cas && b->rq[j].addr == st->pa)
                    break;
            if (j < b->nreq) {
                used[j] = true;
                rtl_val(rt, sizeof rt, &b->rq[j]);
                right = rt;
            } else if (!b->cnt[BE_CNT_walks]) {
                right = "- (TLB hit: not read)";
                cmp = false;
            } else if (xp_psc_start(b) && st->level > xp_psc_start(b)) {
                right = "- (PSC hit: not read)";
                cmp = false;
            } else {
                right = "(not read)";
            }
        }
        row(o, cmp, lab, lt, right);
        unsigned idx = (unsigned)(wk->va >> ref_level_shift(st->level)) & 511;
        unsigned hi = ref_level_shift(st->level) + 8;
        if (i == 0 && wk->start.level == 4)
            snprintf(t, sizeof t, "rule 2: CR3's table 0x%llx + VA[47:39] (%u) * 8", (unsigned long long)wk->start.table,
                     idx);
        else
            snprintf(t, sizeof t, "the table 0x%llx + VA[%u:%u] (%u) * 8", (unsigned long long)(st->pa & ~4095ull), hi,
                     hi - 8, idx);
        rule(o, t);
        uint64_t rsvd = (st->val & PTE_P) ? ref_rsvd_mask(&wk->ctl, st->level, st->val) : 0;
        if (!(st->val & PTE_P)) {
            rule(o, "rule 3: P=0, not present: page fault with P=0");
            continue;
        }
        if (rsvd) {
            snprintf(t, sizeof t, "rule 3: reserved bits 0x%llx set: page fault with P=1 RSVD=1", (unsigned long long)rsvd);
            rule(o, t);
            continue;
        }
        r = ref_rights_fold(r, st->val, wk->ctl.nxe);
        rights_text(rs, sizeof rs, r);
        bool leaf = i + 1 == w->nsteps;
        if (leaf) {
            unsigned sh = ref_level_shift(st->level);
            snprintf(t, sizeof t, "rule 3: present, no reserved bit; rule 4: rights %s; rule 5: leaf, a %s page",
                     rs, sh == 12 ? "4 KiB" : sh == 21 ? "2 MiB" : "1 GiB");
        } else {
            snprintf(t, sizeof t, "rule 3: present, no reserved bit; rule 4: rights so far %s", rs);
        }
        rule(o, t);
    }
    if (w->status == BE_PF) {
        const ref_step *last = &w->step[w->nsteps - 1];
        if ((last->val & PTE_P) && !ref_rsvd_mask(&wk->ctl, last->level, last->val)) {
            rights_text(rs, sizeof rs, r);
            snprintf(t, sizeof t, "rule 6: rights %s forbid a %s %s: page fault with P=1", rs,
                     wk->user ? "user" : "supervisor", kind_name(wk->kind));
            rule(o, t);
        }
        char e[48];
        err_text(e, sizeof e, w->err);
        snprintf(t, sizeof t, "rule 7: error code %s, CR2 0x%llx; rule 8: no A/D update, nothing cached", e,
                 (unsigned long long)wk->va);
        rule(o, t);
        return;
    }
    rights_text(rs, sizeof rs, r);
    snprintf(t, sizeof t, "rule 6: rights %s allow a %s %s", rs, wk->user ? "user" : "supervisor", kind_name(wk->kind));
    rule(o, t);
}

static void ad_rows(out *o, const xp_ref_walk *wk, const xp_access *b, bool used[XP_MAX_REQ])
{
    const ref_walk_res *w = &wk->w;
    char lab[40], lt[64], rt[64];
    for (unsigned i = 0; i < w->nsteps; i++) {
        const ref_step *st = &w->step[i];
        if (st->newval == st->val)
            continue;
        snprintf(lab, sizeof lab, "A/D %s 0x%llx", level_name[st->level], (unsigned long long)st->pa);
        ad_text(lt, sizeof lt, st->val, st->newval);
        const char *right = NULL;
        if (b) {
            right = "(no CAS)";
            for (unsigned j = 0; j < b->nreq; j++)
                if (!used[j] && b->rq[j].cas && b->rq[j].addr == st->pa) {
                    used[j] = true;
                    rtl_cas(rt, sizeof rt, &b->rq[j]);
                    right = rt;
                    break;
                }
        }
        row(o, true, lab, lt, right);
    }
    if (w->status == BE_OK && w->ad_updates)
        rule(o, wk->kind == ACC_W ? "rule 8: A in every entry used, D in the leaf, each by compare-and-swap"
                                  : "rule 8: A in every entry used, each by compare-and-swap");
    if (w->restarts) {
        char t[96];
        snprintf(t, sizeof t, "rule 8: %u compare-and-swap(s) found the entry changed: the walk restarted", w->restarts);
        rule(o, t);
    }
}

/* The RTL's requests no reference step explained. */
static void rtl_rest(out *o, const xp_access *b, bool used[XP_MAX_REQ], bool have_ref)
{
    char lab[40], rt[64];
    for (unsigned j = 0; j < b->nreq; j++) {
        if (used[j])
            continue;
        const xp_rtl_req *q = &b->rq[j];
        if (q->cas) {
            snprintf(lab, sizeof lab, "A/D %s 0x%llx", level_name[q->level], (unsigned long long)q->addr);
            rtl_cas(rt, sizeof rt, q);
        } else {
            snprintf(lab, sizeof lab, "%s 0x%llx", level_name[q->level], (unsigned long long)q->addr);
            rtl_val(rt, sizeof rt, q);
        }
        row(o, true, lab, have_ref ? (q->cas ? "(no CAS)" : "(not read)") : NULL, rt);
    }
    if (b->nreq_seen > b->nreq)
        fprintf(o->f, "  (%u more walker requests not kept)\n", b->nreq_seen - b->nreq);
}

static void show_access(out *o, unsigned k, const xp_access *a, const xp_access *b)
{
    const xp_access *any = a ? a : b;
    const be_req *q = &any->req;
    fprintf(o->f, "\naccess %u: %s %s of %u bytes at 0x%llx\n", k + 1, q->user ? "user" : "supervisor",
            kind_name(q->kind), q->size, (unsigned long long)q->va);
    if (o->two)
        fprintf(o->f, "  %-20s %-38s %s\n", "", "ref (the model, docs/semantics.md)", "rtl (the RTL's observation)");
    char lt[160], rt[160];
    if (b && b->observed) {
        look_rows(o, a, b);
    } else {
        /* a model without the observation points: what its counters say */
        if (b)
            fprintf(o->f, "  (this model has no observation points: no lookups, no values read)\n");
        if (b)
            tlb_text(rt, sizeof rt, b);
        row(o, false, "TLB", a ? "none: ref walks every access" : NULL, b ? rt : NULL);
        if (b)
            psc_text(rt, sizeof rt, b);
        row(o, false, "PSC", a ? "none" : NULL, b ? rt : NULL);
    }
    bool used[XP_MAX_REQ] = {0};
    if (a) {
        for (unsigned i = 0; i < a->nwalk; i++)
            walk_rows(o, &a->wk[i], b, used);
        for (unsigned i = 0; i < a->nwalk; i++)
            ad_rows(o, &a->wk[i], b, used);
        if (a->nwalk_seen > a->nwalk)
            fprintf(o->f, "  (%u more walks not kept)\n", a->nwalk_seen - a->nwalk);
        if (!ref_canonical(q->va) || !ref_canonical(q->va + q->size - 1))
            rule(o, "rule 1: a non-canonical address: #GP, no walk");
    }
    if (b)
        rtl_rest(o, b, used, a != NULL);
    if (a)
        resp_text(lt, sizeof lt, &a->resp);
    if (b)
        resp_text(rt, sizeof rt, &b->resp);
    row(o, true, "result", a ? lt : NULL, b ? rt : NULL);
    /* too long for a column: a line each */
    if (a) {
        counters_text(lt, sizeof lt, a, false);
        fprintf(o->f, "  %-20s %s\n", "counters (ref)", lt);
    }
    if (b) {
        counters_text(rt, sizeof rt, b, true);
        fprintf(o->f, "  %-20s %s\n", "counters (rtl)", rt);
    }
}

static const char *event_prefix(xp_event_kind k)
{
    switch (k) {
    case XE_KERNEL: return "kernel: ";
    case XE_NOTE: return "kernel:   ";
    case XE_PID: return "kernel: current process ";
    case XE_CTL: return "control: ";
    default: return "";
    }
}

/* The events before access k (k == the number of accesses: after the last one). */
static void show_events(out *o, unsigned k, const xp_tap *ta, const xp_tap *tb)
{
    const xp_tap *tap[2] = {ta, tb};
    const xp_event *src[2] = {NULL, NULL};
    size_t len[2] = {0, 0}, n[2] = {0, 0};
    const xp_event **sel[2] = {NULL, NULL};
    for (unsigned s = 0; s < 2; s++) {
        if (!tap[s])
            continue;
        src[s] = xp_tap_events(tap[s], &len[s]);
        sel[s] = malloc((len[s] + 1) * sizeof *sel[s]);
        if (!sel[s]) {
            fprintf(stderr, "openmmu explain: out of memory\n");
            exit(2);
        }
        for (size_t i = 0; i < len[s]; i++) {
            const xp_event *e = &src[s][i];
            if (e->access == k && e->kind != XE_ACCESS && e->kind != XE_OP)
                sel[s][n[s]++] = e;
        }
    }
    bool same = !o->two || n[0] == n[1];
    for (size_t i = 0; same && o->two && i < n[0]; i++)
        same = sel[0][i]->kind == sel[1][i]->kind && strcmp(sel[0][i]->text, sel[1][i]->text) == 0;
    if (same) {
        unsigned s = ta ? 0 : 1;
        for (size_t i = 0; i < n[s]; i++)
            fprintf(o->f, "  %s%s\n", event_prefix(sel[s][i]->kind), sel[s][i]->text);
    } else {
        o->diffs++;
        for (unsigned s = 0; s < 2; s++)
            for (size_t i = 0; i < n[s]; i++)
                fprintf(o->f, "* %s: %s%s\n", s ? "rtl" : "ref", event_prefix(sel[s][i]->kind), sel[s][i]->text);
    }
    free(sel[0]);
    free(sel[1]);
}

unsigned xp_show(FILE *f, const xp_tap *ref, const xp_tap *rtl, unsigned only, unsigned *cached)
{
    out o = {.f = f, .two = ref && rtl};
    size_t na = 0, nb = 0;
    const xp_access *aa = ref ? xp_tap_accesses(ref, &na) : NULL;
    const xp_access *ab = rtl ? xp_tap_accesses(rtl, &nb) : NULL;
    size_t n = na > nb ? na : nb;
    if (o.two && na != nb) {
        fprintf(f, "* ref made %zu accesses on this line, rtl %zu\n", na, nb);
        o.diffs++;
    }
    for (unsigned k = 0; k <= n; k++) {
        if (only && k + 1 != only)
            continue;
        show_events(&o, k, ref, rtl);
        if (k < n)
            show_access(&o, k, k < na ? &aa[k] : NULL, k < nb ? &ab[k] : NULL);
    }
    *cached = o.cache_diffs;
    return o.diffs;
}

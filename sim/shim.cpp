// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// The thin C++ layer around one Verilated configuration of mmu_top. Compiled once per
// configuration with -DVL_CLASS=Vmmu_<cfg> -DVL_CFG=<cfg>; see shim.h for the contract.
#include "shim.h"

#include <csignal>
#include <cstring>
#include <string>
#include <unistd.h>

#include <verilated.h>
#include <verilated_fst_c.h>

#define VL_STR2(x) #x
#define VL_STR(x) VL_STR2(x)
#define VL_HDR2(c) VL_STR(c.h)
#include VL_HDR2(VL_CLASS)

#define VL_CAT2(a, b) a##b
#define VL_CAT(a, b) VL_CAT2(a, b)
#define VL_OPS VL_CAT(vl_shim_, VL_CFG)

#if defined(OPENMMU_MARKS) || defined(OPENMMU_OBS) || !defined(OPENMMU_NO_PEEK) /* the model's internals */
#define VL_ROOT_HDR2(c) VL_STR(c##___024root.h)
#define VL_ROOT_HDR(c) VL_ROOT_HDR2(c)
#include VL_ROOT_HDR(VL_CLASS)
#endif

namespace {

// The FST writer has no error return. Verilator 5.006's writer dropped a write that failed,
// and a store into a file it had mapped on a full filesystem was SIGBUS; 5.048's checks each
// write and calls abort() when one fails, after printing which check failed. So every FST call
// runs with SIGBUS and SIGABRT meaning "the waveform cannot be written" (the message names
// the file, exit 2 as for any output that cannot be written), and a closed waveform is read
// back before it counts as written. Outside an FST call both signals are as they were (a
// failed RTL assertion still stops with SIGABRT, exit 134).
char wave_path[4096];
volatile sig_atomic_t in_fst;
struct sigaction old_bus, old_abrt;

void on_fst_signal(int sig, siginfo_t *si, void *uc)
{
    if (!in_fst) { // not ours: as it would have been
        sigaction(sig, sig == SIGBUS ? &old_bus : &old_abrt, nullptr);
        (void)si, (void)uc;
        raise(sig);
        return;
    }
    static const char a[] = "openmmu: --wave '", b[] = "': cannot write the waveform: ";
    static const char bus[] = "SIGBUS writing its mapped file (the filesystem is full or failing)\n";
    static const char abrt[] = "the FST writer stopped on a failed write (its check, above; the "
                               "filesystem is full or failing)\n";
    ssize_t ignored = write(2, a, sizeof a - 1);
    ignored = write(2, wave_path, strlen(wave_path));
    ignored = write(2, b, sizeof b - 1);
    if (sig == SIGBUS) ignored = write(2, bus, sizeof bus - 1);
    else ignored = write(2, abrt, sizeof abrt - 1);
    (void)ignored;
    _exit(2);
}

struct FstGuard {
    FstGuard() { in_fst = 1; }
    ~FstGuard() { in_fst = 0; }
};

// The FST file's block types (GTKWave's fstapi.h names them FST_BL_*): spelled out here, since
// the FST writer differs between Verilator versions (5.006 ships fstapi.h, later ones a
// writer of their own without it), while the file format is the same.
enum : unsigned char { BL_HDR = 0, BL_HIER = 4, BL_HIER_LZ4 = 6, BL_HIER_LZ4DUO = 7, BL_LAST = 8 };

// A waveform counts as written when its blocks (a type byte, then a big-endian length that
// counts itself) tile the file exactly, from the header to a hierarchy block, and the
// header's end time is no later than the last dump (Verilator ends it at the last change):
// a write the FST writer dropped breaks one of these.
// (Not fstReaderOpen: on such a file it can loop for ever.)
bool intact(const std::string &path, uint64_t end_time)
{
    FILE *f = fopen(path.c_str(), "rb");
    if (!f) return false;
    bool ok = fseeko(f, 0, SEEK_END) == 0;
    off_t size = ok ? ftello(f) : 0, at = 0;
    bool hier = false, first = true;
    while (ok && at < size) {
        unsigned char h[17];
        size_t want = first ? 17 : 9;
        ok = fseeko(f, at, SEEK_SET) == 0 && fread(h, 1, want, f) == want;
        uint64_t len = 0, end = 0;
        for (int i = 1; ok && i < 9; i++) len = len << 8 | h[i];
        for (int i = 9; ok && first && i < 17; i++) end = end << 8 | h[i];
        ok = ok && len >= 8 && len <= (uint64_t)(size - at - 1) && h[0] <= BL_LAST &&
             (!first || (h[0] == BL_HDR && end <= end_time));
        hier |= h[0] == BL_HIER || h[0] == BL_HIER_LZ4 || h[0] == BL_HIER_LZ4DUO;
        at += 1 + (off_t)len;
        first = false;
    }
    fclose(f);
    return ok && at == size && hier;
}

struct Model {
    VerilatedContext ctx;
    VL_CLASS *top;
    VerilatedFstC *fst = nullptr;
    std::string fst_path;
    uint64_t time = 0, last_dump = 0;
    bool dumped = false;
    Model()
    {
        ctx.traceEverOn(true);  // before the model is built, so that trace_open can attach
        // One thread, no pool: Verilator 5.048's context otherwise starts a worker thread (one
        // on this 2-core machine), and a --wave-on-fail copy forked while that thread held a lock of the
        // allocator (AddressSanitizer's, in the test build) waits for it for ever.
        ctx.threads(1);
        top = new VL_CLASS(&ctx, "TOP");
    }
    bool close_fst()
    {
        if (!fst) return true;
        {
            FstGuard g;
            fst->close();
        }
        delete fst;
        fst = nullptr;
        return !dumped || intact(fst_path, last_dump);
    }
    ~Model() {
        close_fst();
        top->final();
        delete top;
    }
};

vl_model *create() { return reinterpret_cast<vl_model *>(new Model()); }

bool destroy(vl_model *vm)
{
    Model *m = reinterpret_cast<Model *>(vm);
    bool ok = m->close_fst();
    delete m;
    return ok;
}

// The observation points of sim/sim_obs.sv, read between the two evaluations of a cycle (as
// the ports are). Verilator names a bound instance's signals by its path.
#ifdef OPENMMU_OBS
#define OBS_TLB(r, path, o)                                                            \
    do {                                                                               \
        (o).look = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_look;            \
        (o).hit = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_hit;              \
        (o).used = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_used;            \
        if (!(o).hit) break;                                                           \
        (o).vpn = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_vpn;              \
        (o).pcid = (uint16_t)r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_pcid;  \
        (o).g = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_g;                  \
        (o).size = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_size;            \
        (o).ppn = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_ppn;              \
        unsigned bits = r->mmu_top__DOT__##path##__DOT__u_sim_obs__DOT__o_bits;       \
        (o).u = bits >> 5 & 1, (o).w = bits >> 4 & 1, (o).xd = bits >> 3 & 1;         \
        (o).d = bits >> 2 & 1, (o).pwt = bits >> 1 & 1, (o).pcd = bits & 1;            \
    } while (0)

void observe(VL_CLASS *t, vl_obs *o)
{
    auto *r = t->rootp;
    memset(o, 0, sizeof *o);
    o->avail = 1;
    OBS_TLB(r, u_if_port, o->itlb);
    OBS_TLB(r, u_ls_port, o->dtlb);
    OBS_TLB(r, u_miss, o->l2);
#define W(x) r->mmu_top__DOT__u_ptw__DOT__u_sim_obs__DOT__o_##x
    o->psc_look = W(psc_look);
    if (o->psc_look) {
        o->psc_hit = W(psc_hit);
        o->psc_level = W(psc_level);
        o->psc_rights = W(psc_rights);
        o->psc_pcid = (uint16_t)W(psc_pcid);
        o->psc_vpn = W(psc_vpn);
        o->psc_ppn = W(psc_ppn);
    }
    o->ref = W(ref);
    o->ref_level = W(ref_level);
    o->rsp = W(rsp);
    o->rsp_err = W(rsp_err);
    o->rsp_rdata = W(rsp_rdata);
#undef W
}
#else
void observe(VL_CLASS *, vl_obs *o) { memset(o, 0, sizeof *o); }
#endif

void dump(Model *m, uint64_t t)
{
    FstGuard g;
    m->fst->dump(t);
    m->last_dump = t;
    m->dumped = true;
}

void cycle(vl_model *vm, vl_io *io, bool dump)
{
    Model *m = reinterpret_cast<Model *>(vm);
    VL_CLASS *t = m->top;
    t->rst_ni = io->rst_n;
    t->if_req_valid_i = io->if_req_valid;
    t->if_req_kind_i = io->if_req_kind;
    t->if_req_user_i = io->if_req_user;
    t->if_req_va_i = io->if_req_va;
    t->ls_req_valid_i = io->ls_req_valid;
    t->ls_req_kind_i = io->ls_req_kind;
    t->ls_req_user_i = io->ls_req_user;
    t->ls_req_va_i = io->ls_req_va;
    t->ls_req_size_i = io->ls_req_size;
    t->ls_req_wdata_i = io->ls_req_wdata;
    t->ls_req_nodata_i = io->ls_req_nodata;
    t->csr_req_valid_i = io->csr_req_valid;
    t->csr_req_op_i = io->csr_req_op;
    t->csr_req_arg0_i = io->csr_req_arg0;
    t->csr_req_arg1_i = io->csr_req_arg1;
    t->csr_req_arg2_i = io->csr_req_arg2;
    t->pm_req_valid_i = io->pm_req_valid;
    t->pm_req_write_i = io->pm_req_write;
    t->pm_req_zero_i = io->pm_req_zero;
    t->pm_req_size_i = io->pm_req_size;
    t->pm_req_addr_i = io->pm_req_addr;
    t->pm_req_wdata_i = io->pm_req_wdata;
    const axi_port *a = &io->axi;
    t->axi_awready_i = a->awready;
    t->axi_wready_i = a->wready;
    t->axi_bvalid_i = a->bvalid;
    t->axi_bid_i = a->bid;
    t->axi_bresp_i = a->bresp;
    t->axi_arready_i = a->arready;
    t->axi_rvalid_i = a->rvalid;
    t->axi_rid_i = a->rid;
    t->axi_rresp_i = a->rresp;
    t->axi_rlast_i = a->rlast;
    t->axi_rdata_i = a->rdata;

    t->clk_i = 0;
    t->eval();
    if (dump && m->fst) ::dump(m, 2 * m->time);

    io->if_req_ready = t->if_req_ready_o;
    io->if_rsp_valid = t->if_rsp_valid_o;
    io->if_rsp_status = t->if_rsp_status_o;
    io->if_rsp_err = t->if_rsp_err_o;
    io->if_rsp_pa = t->if_rsp_pa_o;
    io->if_rsp_addr = t->if_rsp_addr_o;
    io->ls_req_ready = t->ls_req_ready_o;
    io->ls_rsp_valid = t->ls_rsp_valid_o;
    io->ls_rsp_status = t->ls_rsp_status_o;
    io->ls_rsp_err = t->ls_rsp_err_o;
    io->ls_rsp_pa = t->ls_rsp_pa_o;
    io->ls_rsp_addr = t->ls_rsp_addr_o;
    io->ls_rsp_rdata = t->ls_rsp_rdata_o;
    io->csr_req_ready = t->csr_req_ready_o;
    io->csr_rsp_valid = t->csr_rsp_valid_o;
    io->csr_rsp_gp = t->csr_rsp_gp_o;
    io->csr_rsp_rdata = t->csr_rsp_rdata_o;
    io->pm_req_ready = t->pm_req_ready_o;
    io->pm_rsp_valid = t->pm_rsp_valid_o;
    io->pm_rsp_mce = t->pm_rsp_mce_o;
    io->pm_rsp_rdata = t->pm_rsp_rdata_o;
    io->obs_wk_valid = t->obs_wk_valid_o;
    io->obs_wk_take = t->obs_wk_take_o;
    io->obs_wk_cas = t->obs_wk_cas_o;
    io->obs_wk_addr = t->obs_wk_addr_o;
    io->obs_wk_expect = t->obs_wk_expect_o;
    io->obs_wk_wdata = t->obs_wk_wdata_o;
    axi_port *o = &io->axi;
    o->awvalid = t->axi_awvalid_o;
    o->awid = t->axi_awid_o;
    o->awlen = t->axi_awlen_o;
    o->awsize = t->axi_awsize_o;
    o->awburst = t->axi_awburst_o;
    o->awaddr = t->axi_awaddr_o;
    o->wvalid = t->axi_wvalid_o;
    o->wlast = t->axi_wlast_o;
    o->wstrb = t->axi_wstrb_o;
    o->wdata = t->axi_wdata_o;
    o->bready = t->axi_bready_o;
    o->arvalid = t->axi_arvalid_o;
    o->arid = t->axi_arid_o;
    o->arlen = t->axi_arlen_o;
    o->arsize = t->axi_arsize_o;
    o->arburst = t->axi_arburst_o;
    o->araddr = t->axi_araddr_o;
    o->rready = t->axi_rready_o;
    if (io->obs) observe(t, io->obs);

    t->clk_i = 1;
    t->eval();
    if (dump && m->fst) ::dump(m, 2 * m->time + 1);
    m->time++;
}

bool trace_open(vl_model *vm, const char *path)
{
    Model *m = reinterpret_cast<Model *>(vm);
    if (m->fst) return false;
    snprintf(wave_path, sizeof wave_path, "%s", path);
    static bool handlers; // once: a second waveform must not save ours as the old handler
    if (!handlers) {
        struct sigaction sa = {};
        sa.sa_sigaction = on_fst_signal;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, &old_bus);
        sigaction(SIGABRT, &sa, &old_abrt);
        handlers = true;
    }
    m->fst = new VerilatedFstC;
    m->top->trace(m->fst, 99);
    {
        FstGuard g;
        m->fst->open(path);
    }
    if (!m->fst->isOpen()) {
        delete m->fst;
        m->fst = nullptr;
        return false;
    }
    m->fst_path = path;
    m->dumped = false;
    return true;
}

bool trace_close(vl_model *vm) { return reinterpret_cast<Model *>(vm)->close_fst(); }

#ifdef OPENMMU_MARKS
/* A name right-aligned in a 128-bit vector, as a Verilog string literal packs it: the last
 * character in the low byte. */
void ascii(VlWide<4> &v, const char *s)
{
    size_t n = strnlen(s, 16);
    for (int w = 0; w < 4; w++)
        v[w] = 0;
    for (size_t i = 0; i < n; i++)
        v[i / 4] |= (uint32_t)(unsigned char)s[n - 1 - i] << (8 * (i % 4));
}
#endif

void mark(vl_model *vm, uint32_t line, const char *op, int32_t pid, const char *act)
{
#ifdef OPENMMU_MARKS
    auto *r = reinterpret_cast<Model *>(vm)->top->rootp;
    r->mmu_top__DOT__u_sim_marks__DOT__scn_line = line;
    r->mmu_top__DOT__u_sim_marks__DOT__k_pid = (uint32_t)pid;
    ascii(r->mmu_top__DOT__u_sim_marks__DOT__scn_op, op);
    ascii(r->mmu_top__DOT__u_sim_marks__DOT__k_act, act);
#else
    (void)vm, (void)line, (void)op, (void)pid, (void)act;
#endif
}

#ifndef OPENMMU_NO_PEEK
// The counters of rtl/top/mmu_counters.sv (public_flat_rd), in mmu_pkg::cnt_e's order: each
// its count plus the increment registered in the last cycle, as a read by index returns it.
#define CNT(i) (r->mmu_top__DOT__u_counters__DOT__gen_cnt__BRA__##i##__KET____DOT__cnt_q + \
                r->mmu_top__DOT__u_counters__DOT__gen_cnt__BRA__##i##__KET____DOT__inc_q)
unsigned peek_counters(vl_model *vm, uint64_t *out, unsigned n)
{
    auto *r = reinterpret_cast<Model *>(vm)->top->rootp;
    const uint64_t c[] = {CNT(0),  CNT(1),  CNT(2),  CNT(3),  CNT(4),  CNT(5),  CNT(6),
                          CNT(7),  CNT(8),  CNT(9),  CNT(10), CNT(11), CNT(12), CNT(13),
                          CNT(14), CNT(15), CNT(16), CNT(17), CNT(18), CNT(19), CNT(20),
                          CNT(21), CNT(22), CNT(23), CNT(24), CNT(25), CNT(26), CNT(27),
                          CNT(28), CNT(29), CNT(30), CNT(31), CNT(32), CNT(33), CNT(34)};
    const unsigned have = sizeof c / sizeof c[0];
    for (unsigned i = 0; i < n && i < have; i++)
        out[i] = c[i];
    return have;
}
#undef CNT
#define VL_PEEK peek_counters
#else
#define VL_PEEK nullptr
#endif

} // namespace

// VL_GEOM: a geometry variant's parameters, a string literal (sim/variants.mk).
#ifndef VL_GEOM
#define VL_GEOM nullptr
#endif
#ifdef OPENMMU_OBS
#define VL_HAS_OBS true
#else
#define VL_HAS_OBS false
#endif
extern "C" const vl_shim_ops VL_OPS = {VL_STR(VL_CFG), create,  destroy, cycle,      trace_open,
                                       trace_close,    mark,    VL_GEOM, VL_HAS_OBS, VL_PEEK};

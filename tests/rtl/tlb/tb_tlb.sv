// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Testbench for one TLB configuration (l1_tlb or l2_tlb): directed tests with hand-written
// expectations, then a randomized run against a scoreboard.
//
// Scoreboard, two parts:
//   - `may`: every entry filled and not invalidated since (same-page fills replace). Every
//     hit must return, bit for bit, an entry of this list that matches the lookup. This is
//     soundness, and with it completeness of every invalidation.
//   - exact model (RandomRepl=0 only): the sets, ways, tree-PLRU bits and priorities as the
//     header comments of rtl/tlb/*.sv promise them; every lookup must agree on hit/miss and
//     entry. With RandomRepl=1 the victim is not predictable, so only `may` and "a fill is
//     visible to the next lookup" are checked.
// Prints `PASS <Name>.<test>` / `FAIL <Name>.<test>: why`.
module tb_tlb import mmu_pkg::*; #(
  parameter string       Name         = "l1",
  parameter bit          IsL2         = 1'b0,
  parameter int unsigned Sets         = 16,
  parameter int unsigned Ways         = 4,
  parameter int unsigned LargeEntries = 8,
  parameter bit          RandomRepl   = 1'b0,
  parameter bit          Directed     = 1'b1,
  parameter int unsigned RandOps      = 20000,
  parameter int unsigned Seed         = 1
) (
  output logic done_o,
  output int   fails_o
);

  localparam int unsigned IdxW  = $clog2(Sets);
  localparam bit          Exact = !RandomRepl;
  localparam int unsigned MayN  = 4096;

  logic clk = 1'b0;
  always #5 clk = ~clk;
  logic rst_n;

  logic             lk_v = 1'b0, fill_v = 1'b0, inv_v = 1'b0, inv_g = 1'b0;
  logic [VpnW-1:0]  lk_vpn = '0, inv_vpn = '0;
  logic [PcidW-1:0] lk_pcid = '0, inv_pcid = '0;
  tlb_entry_t       fill_e = '0, lk_e;
  inv_e             inv_k = InvNone;
  logic             lk_hit, ready;

  if (IsL2) begin : g_l2
    l2_tlb #(.Sets(Sets), .Ways(Ways), .RandomRepl(RandomRepl)) dut (
      .clk_i(clk), .rst_ni(rst_n),
      .lookup_valid_i(lk_v), .lookup_vpn_i(lk_vpn), .lookup_pcid_i(lk_pcid),
      .lookup_hit_o(lk_hit), .lookup_entry_o(lk_e),
      .fill_valid_i(fill_v), .fill_entry_i(fill_e),
      .inv_valid_i(inv_v), .inv_kind_i(inv_k), .inv_vpn_i(inv_vpn), .inv_pcid_i(inv_pcid),
      .inv_global_i(inv_g), .ready_o(ready));
  end else begin : g_l1
    l1_tlb #(.Sets(Sets), .Ways(Ways), .LargeEntries(LargeEntries),
             .RandomRepl(RandomRepl)) dut (
      .clk_i(clk), .rst_ni(rst_n),
      .lookup_valid_i(lk_v), .lookup_vpn_i(lk_vpn), .lookup_pcid_i(lk_pcid),
      .lookup_hit_o(lk_hit), .lookup_entry_o(lk_e),
      .fill_valid_i(fill_v), .fill_entry_i(fill_e),
      .inv_valid_i(inv_v), .inv_kind_i(inv_k), .inv_vpn_i(inv_vpn), .inv_pcid_i(inv_pcid),
      .inv_global_i(inv_g), .ready_o(ready));
  end

  // ---------------------------------------------------------------------------------------
  // Reporting
  string cur_test;
  int    cur_fails;
  int    total_fails = 0;

  function automatic void begin_test(string name);
    cur_test  = name;
    cur_fails = 0;
  endfunction

  function automatic void err(string why);
    if (cur_fails == 0) $display("FAIL %s.%s: %s", Name, cur_test, why);
    cur_fails++;
    total_fails++;
  endfunction

  function automatic void end_test();
    if (cur_fails == 0) $display("PASS %s.%s", Name, cur_test);
  endfunction

  function automatic string estr(tlb_entry_t e);
    return $sformatf("{vpn=%h pcid=%0d g=%0d size=%0d ppn=%h d=%0d}", e.vpn, e.pcid, e.g,
                     e.size, e.ppn, e.d);
  endfunction

  function automatic logic pcid_ok(tlb_entry_t e, logic [PcidW-1:0] pcid);
    return e.g || e.pcid == pcid;
  endfunction

  function automatic logic same_page(tlb_entry_t a, tlb_entry_t b);
    return a.size == b.size && a.pcid == b.pcid && vpn_match(a.vpn, b.vpn, a.size);
  endfunction

  function automatic logic inv_removes(tlb_entry_t e, inv_e k, logic [VpnW-1:0] vpn,
                                       logic [PcidW-1:0] pcid, logic g);
    logic page, r;
    page = vpn_match(e.vpn, vpn, e.size);
    r = 1'b0;
    if (k == InvAddr)         r = page && (e.g ? g : e.pcid == pcid);
    if (k == InvPcid)         r = !e.g && e.pcid == pcid;
    if (k == InvAllNonGlobal) r = !e.g;
    if (k == InvAll)          r = 1'b1;
    return r;
  endfunction

  // ---------------------------------------------------------------------------------------
  // Scoreboard part 1: what may be cached.
  tlb_entry_t may_e [MayN];
  int         may_n = 0;

  function automatic void may_fill(tlb_entry_t e);
    if (IsL2 && e.size == Page1G) return;
    for (int i = 0; i < may_n; i++) begin
      if (same_page(may_e[i], e)) begin
        may_e[i] = e;
        return;
      end
    end
    if (may_n == MayN) $fatal(1, "may list full");
    may_e[may_n] = e;
    may_n = may_n + 1;
  endfunction

  function automatic void may_inv(inv_e k, logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid,
                                  logic g);
    int j = 0;
    for (int i = 0; i < may_n; i++) begin
      if (!inv_removes(may_e[i], k, vpn, pcid, g)) begin
        may_e[j] = may_e[i];
        j = j + 1;
      end
    end
    may_n = j;
  endfunction

  function automatic logic may_has(tlb_entry_t e);
    for (int i = 0; i < may_n; i++) if (may_e[i] == e) return 1'b1;
    return 1'b0;
  endfunction

  // ---------------------------------------------------------------------------------------
  // Scoreboard part 2: the exact model. Tree PLRU per set, bit n = node n (children 2n+1,
  // 2n+2), 1 = evict from the upper half next.
  tlb_entry_t  m_e [Sets*Ways];
  logic        m_v [Sets*Ways];
  logic [63:0] m_plru [Sets];
  tlb_entry_t  f_e [LargeEntries];
  logic        f_v [LargeEntries];
  logic [63:0] f_plru;

  function automatic int plru_victim(logic [63:0] bits, int n);
    int lo = 0, hi = n, node = 0;
    while (hi - lo > 1) begin
      int mid = (lo + hi) / 2;
      if (bits[node]) begin lo = mid; node = 2 * node + 2; end
      else            begin hi = mid; node = 2 * node + 1; end
    end
    return lo;
  endfunction

  function automatic logic [63:0] plru_touch(logic [63:0] bits, int n, int way);
    int lo = 0, hi = n, node = 0;
    while (hi - lo > 1) begin
      int mid = (lo + hi) / 2;
      if (way >= mid) begin bits[node] = 1'b0; lo = mid; node = 2 * node + 2; end
      else            begin bits[node] = 1'b1; hi = mid; node = 2 * node + 1; end
    end
    return bits;
  endfunction

  function automatic int set_of(tlb_entry_t e);
    if (IsL2 && e.size == Page2M) return int'(e.vpn[9 +: IdxW]);
    return int'(e.vpn[IdxW-1:0]);
  endfunction

  function automatic void m_reset();
    for (int i = 0; i < Sets * Ways; i++) m_v[i] = 1'b0;
    for (int s = 0; s < Sets; s++) m_plru[s] = '0;
    for (int i = 0; i < LargeEntries; i++) f_v[i] = 1'b0;
    f_plru = '0;
  endfunction

  function automatic void m_lookup(logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid,
                                   output logic hit, output tlb_entry_t e);
    logic fhit = 1'b0;
    tlb_entry_t fe;
    hit = 1'b0;
    e   = '0;
    for (int p = 0; p < (IsL2 ? 2 : 1) && !hit; p++) begin
      int s = (p == 0) ? int'(vpn[IdxW-1:0]) : int'(vpn[9 +: IdxW]);
      for (int w = 0; w < Ways && !hit; w++) begin
        tlb_entry_t c = m_e[s*Ways+w];
        if (m_v[s*Ways+w] && vpn_match(c.vpn, vpn, c.size) && pcid_ok(c, pcid)) begin
          hit = 1'b1;
          e   = c;
          if (Exact) m_plru[s] = plru_touch(m_plru[s], Ways, w);
        end
      end
    end
    if (!IsL2) begin
      for (int i = 0; i < LargeEntries && !fhit; i++) begin
        if (f_v[i] && vpn_match(f_e[i].vpn, vpn, f_e[i].size) && pcid_ok(f_e[i], pcid)) begin
          fhit = 1'b1;
          fe   = f_e[i];
          if (Exact) f_plru = plru_touch(f_plru, LargeEntries, i);
        end
      end
      if (!hit && fhit) begin
        hit = 1'b1;
        e   = fe;
      end
    end
  endfunction

  function automatic logic m_fill(tlb_entry_t e);  // 1: a valid entry of another page evicted
    int way = -1;
    logic ev = 1'b0;
    if (IsL2 && e.size == Page1G) return 1'b0;
    if (!IsL2 && e.size != Page4K) begin
      for (int i = LargeEntries - 1; i >= 0; i--) if (!f_v[i]) way = i;
      for (int i = LargeEntries - 1; i >= 0; i--) if (f_v[i] && same_page(f_e[i], e)) way = i;
      if (way < 0) begin
        way = plru_victim(f_plru, LargeEntries);
        ev = 1'b1;
      end
      f_e[way] = e;
      f_v[way] = 1'b1;
      f_plru = plru_touch(f_plru, LargeEntries, way);
    end else begin
      int s = set_of(e);
      for (int w = Ways - 1; w >= 0; w--) if (!m_v[s*Ways+w]) way = w;
      for (int w = Ways - 1; w >= 0; w--)
        if (m_v[s*Ways+w] && same_page(m_e[s*Ways+w], e)) way = w;
      if (way < 0) begin
        way = plru_victim(m_plru[s], Ways);
        ev = 1'b1;
      end
      m_e[s*Ways+way] = e;
      m_v[s*Ways+way] = 1'b1;
      m_plru[s] = plru_touch(m_plru[s], Ways, way);
    end
    return ev;
  endfunction

  function automatic void m_inv(inv_e k, logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid,
                                logic g);
    for (int i = 0; i < Sets * Ways; i++)
      if (m_v[i] && inv_removes(m_e[i], k, vpn, pcid, g)) m_v[i] = 1'b0;
    for (int i = 0; i < LargeEntries; i++)
      if (f_v[i] && inv_removes(f_e[i], k, vpn, pcid, g)) f_v[i] = 1'b0;
  endfunction

  // Check one DUT answer against both scoreboards (the model was already advanced).
  function automatic void check_answer(logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid,
                                       logic hit, tlb_entry_t e, logic mhit,
                                       tlb_entry_t me);
    if (hit) begin
      if (!vpn_match(e.vpn, vpn, e.size) || !pcid_ok(e, pcid))
        err($sformatf("lookup %h/%0d returned a non-matching entry %s", vpn, pcid, estr(e)));
      else if (!may_has(e))
        err($sformatf("lookup %h/%0d returned %s, never filled or invalidated since", vpn,
                      pcid, estr(e)));
    end
    if (Exact) begin
      if (hit != mhit)
        err($sformatf("lookup %h/%0d: hit=%0d, model says %0d%s", vpn, pcid, hit, mhit,
                      mhit ? {" ", estr(me)} : ""));
      else if (hit && e != me)
        err($sformatf("lookup %h/%0d: got %s, model says %s", vpn, pcid, estr(e), estr(me)));
    end
  endfunction

  // ---------------------------------------------------------------------------------------
  // Driving. A cycle runs from just after one rising edge to the next; requests are driven
  // at its start, answers read at the start of the next cycle.
  task automatic tick();
    @(posedge clk);
    #1;
  endtask

  task automatic wait_ready();
    while (!ready) tick();
  endtask

  task automatic lookup(logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid, output logic hit,
                        output tlb_entry_t e);
    logic mhit;
    tlb_entry_t me;
    wait_ready();
    lk_v = 1'b1; lk_vpn = vpn; lk_pcid = pcid;
    m_lookup(vpn, pcid, mhit, me);
    tick();
    lk_v = 1'b0;
    hit = lk_hit;
    e   = lk_e;
    check_answer(vpn, pcid, hit, e, mhit, me);
  endtask

  task automatic fill(tlb_entry_t e);
    wait_ready();
    fill_v = 1'b1; fill_e = e;
    void'(m_fill(e));
    may_fill(e);
    tick();
    fill_v = 1'b0;
    if (lk_hit) err("lookup_hit_o=1 in the cycle after a fill");
  endtask

  task automatic inv(inv_e k, logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid, logic g);
    wait_ready();
    inv_v = 1'b1; inv_k = k; inv_vpn = vpn; inv_pcid = pcid; inv_g = g;
    m_inv(k, vpn, pcid, g);
    may_inv(k, vpn, pcid, g);
    tick();
    inv_v = 1'b0; inv_k = InvNone;
    // Scramble the operand inputs: the block must have kept its own copy.
    inv_vpn = ~vpn; inv_pcid = ~pcid; inv_g = ~g;
  endtask

  // Directed tests queue their requests and expectations and run them through run_queue():
  // every task call is inlined by Verilator, so one call site per task keeps the build small.
  typedef enum logic [1:0] {OpFill, OpInv, OpHit, OpMiss} op_kind_e;
  typedef struct packed {
    op_kind_e         kind;
    tlb_entry_t       e;      // OpFill: the entry; OpHit: the entry expected
    inv_e             ik;
    logic [VpnW-1:0]  vpn;
    logic [PcidW-1:0] pcid;
    logic             g;
  } op_t;
  localparam int unsigned QN = 512;
  op_t q [QN];
  int  qn = 0;

  function automatic void q_push(op_t o);
    if (qn == QN) $fatal(1, "directed queue full");
    q[qn] = o;
    qn = qn + 1;
  endfunction

  function automatic void q_fill(tlb_entry_t e);
    op_t o = '0;
    o.kind = OpFill; o.e = e;
    q_push(o);
  endfunction

  function automatic void q_inv(inv_e k, logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid,
                                logic g);
    op_t o = '0;
    o.kind = OpInv; o.ik = k; o.vpn = vpn; o.pcid = pcid; o.g = g;
    q_push(o);
  endfunction

  function automatic void q_hit(logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid,
                                tlb_entry_t want);
    op_t o = '0;
    o.kind = OpHit; o.vpn = vpn; o.pcid = pcid; o.e = want;
    q_push(o);
  endfunction

  function automatic void q_miss(logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid);
    op_t o = '0;
    o.kind = OpMiss; o.vpn = vpn; o.pcid = pcid;
    q_push(o);
  endfunction

  task automatic run_queue();
    for (int i = 0; i < qn; i++) begin
      logic hit;
      tlb_entry_t e;
      unique case (q[i].kind)
        OpFill: fill(q[i].e);
        OpInv:  inv(q[i].ik, q[i].vpn, q[i].pcid, q[i].g);
        default: begin
          lookup(q[i].vpn, q[i].pcid, hit, e);
          if (q[i].kind == OpMiss && hit)
            err($sformatf("lookup %h/%0d hit %s, want a miss", q[i].vpn, q[i].pcid, estr(e)));
          if (q[i].kind == OpHit && !hit)
            err($sformatf("lookup %h/%0d missed, want %s", q[i].vpn, q[i].pcid,
                          estr(q[i].e)));
          if (q[i].kind == OpHit && hit && e != q[i].e)
            err($sformatf("lookup %h/%0d got %s, want %s", q[i].vpn, q[i].pcid, estr(e),
                          estr(q[i].e)));
        end
      endcase
    end
    qn = 0;
  endtask

  function automatic tlb_entry_t mk(logic [VpnW-1:0] vpn, logic [PcidW-1:0] pcid, logic g,
                                    page_size_e sz, logic [PpnW-1:0] ppn, logic d = 1'b0);
    tlb_entry_t e = '0;
    e.vpn = vpn; e.pcid = pcid; e.g = g; e.size = sz; e.ppn = ppn;
    e.u = 1'b1; e.w = 1'b1; e.d = d;
    return e;
  endfunction

  // ---------------------------------------------------------------------------------------
  // Directed tests
  `include "tb_tlb_directed.svh"

  // ---------------------------------------------------------------------------------------
  // Randomized test
  logic [63:0] rng = 64'h9E3779B97F4A7C15 ^ 64'(Seed);
  function automatic int unsigned rnd(int unsigned n);
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return int'(rng[63:32] % 64'(n));
  endfunction

  // A small address space, so sets overflow and pages of different sizes overlap.
  function automatic logic [VpnW-1:0] rnd_vpn();
    logic [VpnW-1:0] v;
    // the selector drawn once: a unique case checked by --assert evaluates it per item
    int unsigned r = rnd(3);
    unique case (r)
      0: v = '0;
      1: v = 36'h0_0004_0000;
      default: v = 36'hF_FFFC_0000;
    endcase
    v[17:9] = 9'(rnd(4));
    v[8:0]  = 9'(rnd(IsL2 ? Sets / 2 + 1 : 2 * Sets) % 512);
    return v;
  endfunction

  function automatic tlb_entry_t rnd_entry();
    tlb_entry_t e;
    int unsigned r = rnd(100);
    e      = '0;
    e.vpn  = rnd_vpn();  // large pages keep random low bits: they must be don't-care
    e.pcid = PcidW'(rnd(4));
    e.g    = (rnd(5) == 0);
    e.size = (r < 60) ? Page4K : (r < 85) ? Page2M : Page1G;
    e.ppn  = PpnW'({rnd(1 << 16), rnd(1 << 16)});
    if (e.size == Page2M) e.ppn[8:0] = '0;
    if (e.size == Page1G) e.ppn[17:0] = '0;
    {e.u, e.w, e.xd, e.d, e.pwt, e.pcd} = 6'(rnd(64));
    return e;
  endfunction

  task automatic test_random();
    logic       mhit;
    tlb_entry_t me, last_fill;
    logic [VpnW-1:0]  pvpn;
    logic [PcidW-1:0] ppcid;
    logic       probe_fill = 1'b0, probe = 1'b0;
    int unsigned ops = 0, hits = 0, visible_checks = 0, evictions = 0;
    begin_test("random");
    while (ops < RandOps) begin
      logic issued_lookup = 1'b0;
      // Alternate calm phases (1% invalidations: the sets fill up and evict) with busy ones.
      logic calm = ((ops / 2000) % 2) == 0;
      if (ready) begin
        int unsigned r = rnd(100);
        ops++;
        if (probe_fill || r < 60) begin
          // Lookup; right after a fill, one inside the filled page.
          lk_vpn  = rnd_vpn();
          lk_pcid = PcidW'(rnd(4));
          probe = probe_fill;
          if (probe_fill) begin
            lk_vpn  = last_fill.vpn;
            lk_pcid = last_fill.g ? PcidW'(rnd(4)) : last_fill.pcid;
            if (last_fill.size != Page4K) lk_vpn[8:0] = 9'(rnd(512));
            if (last_fill.size == Page1G) lk_vpn[17:9] = 9'(rnd(512));
            probe_fill = 1'b0;
          end
          lk_v = 1'b1;
          m_lookup(lk_vpn, lk_pcid, mhit, me);
          pvpn = lk_vpn;
          ppcid = lk_pcid;
          issued_lookup = 1'b1;
        end else if (r < 85 || (calm && r < 99)) begin
          fill_e = rnd_entry();
          fill_v = 1'b1;
          if (m_fill(fill_e)) evictions++;
          may_fill(fill_e);
          last_fill = fill_e;
          probe_fill = (rnd(2) == 0) && !(IsL2 && fill_e.size == Page1G);
        end else begin
          int unsigned k = rnd(100);
          tlb_entry_t t = rnd_entry();
          inv_k    = (k < 70) ? InvAddr : (k < 90) ? InvPcid : (k < 98) ? InvAllNonGlobal
                                                                         : InvAll;
          inv_vpn  = t.vpn;
          inv_pcid = t.pcid;
          inv_g    = rnd(2) == 0;
          inv_v    = 1'b1;
          m_inv(inv_k, inv_vpn, inv_pcid, inv_g);
          may_inv(inv_k, inv_vpn, inv_pcid, inv_g);
        end
      end
      tick();
      lk_v = 1'b0; fill_v = 1'b0; inv_v = 1'b0;
      if (issued_lookup) begin
        check_answer(pvpn, ppcid, lk_hit, lk_e, mhit, me);
        if (lk_hit) hits++;
        if (probe) begin
          visible_checks++;
          if (!lk_hit) err($sformatf("a fill was not visible to the next lookup %h/%0d",
                                     pvpn, ppcid));
        end
      end else if (lk_hit) begin
        err("lookup_hit_o=1 in a cycle after no lookup");
      end
    end
    $display("  %s.random: %0d ops, %0d hits, %0d fill-visibility probes, %0d evictions",
             Name, ops, hits, visible_checks, evictions);
    if (hits < RandOps / 20) err($sformatf("too few hits (%0d) to mean anything", hits));
    if (evictions < RandOps / 100) err($sformatf("too few evictions (%0d)", evictions));
    end_test();
  endtask

  // ---------------------------------------------------------------------------------------
  initial begin
    done_o  = 1'b0;
    fails_o = 0;
    if ($bits(tlb_entry_t) != TlbEntryW) $fatal(1, "TlbEntryW != $bits(tlb_entry_t)");
    m_reset();
    rst_n = 1'b0;
    repeat (3) tick();
    rst_n = 1'b1;
    tick();
    if (Directed) run_directed();
    test_random();
    fails_o = total_fails;
    done_o  = 1'b1;
  end

endmodule

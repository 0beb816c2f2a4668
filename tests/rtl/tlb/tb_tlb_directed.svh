// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// Directed tests of tb_tlb (included inside the module). Each states its expectations by
// hand; every lookup is also checked against the scoreboards by the lookup task.

  // A fixed population for the invalidation tests (large pages stored with junk in the
  // don't-care low vpn bits). On the L2 the 1 GiB pages are never cached.
  localparam int unsigned NItems = 9;
  tlb_entry_t       it_e    [NItems];
  logic [VpnW-1:0]  it_probe[NItems];  // a VA inside the page, not its base
  logic [PcidW-1:0] it_pcid [NItems];  // PCID to look it up with

  function automatic void items_init();
    it_e[0] = mk(36'h0_0010_0001, 1, 0, Page4K, 28'h000_0a01);  // a: 4K ng pcid1
    it_e[1] = mk(36'h0_0010_0002, 1, 1, Page4K, 28'h000_0a02);  // b: 4K g
    it_e[2] = mk(36'h0_0010_0001, 2, 0, Page4K, 28'h000_0a03);  // c: a's VA, pcid2
    it_e[3] = mk(36'h0_0020_0033, 1, 0, Page2M, 28'h000_0200);  // d: 2M ng pcid1
    it_e[4] = mk(36'h0_0040_0000, 3, 1, Page2M, 28'h000_0400);  // e: 2M g
    it_e[5] = mk(36'h0_0020_0000, 2, 0, Page2M, 28'h000_0600);  // f: d's VA, pcid2
    it_e[6] = mk(36'h0_0100_0000, 1, 0, Page1G, 28'h004_0000);  // h: 1G ng pcid1
    it_e[7] = mk(36'h0_0200_1234, 1, 1, Page1G, 28'h008_0000);  // i: 1G g
    it_e[8] = mk(36'h0_0010_0003, 1, 0, Page4K, 28'h000_0a04);  // k: 4K ng pcid1
    it_probe[0] = 36'h0_0010_0001; it_pcid[0] = 1;
    it_probe[1] = 36'h0_0010_0002; it_pcid[1] = 7;
    it_probe[2] = 36'h0_0010_0001; it_pcid[2] = 2;
    it_probe[3] = 36'h0_0020_01ab; it_pcid[3] = 1;
    it_probe[4] = 36'h0_0040_0123; it_pcid[4] = 0;
    it_probe[5] = 36'h0_0020_0101; it_pcid[5] = 2;
    it_probe[6] = 36'h0_0101_2345; it_pcid[6] = 1;
    it_probe[7] = 36'h0_0203_ffff; it_pcid[7] = 9;
    it_probe[8] = 36'h0_0010_0003; it_pcid[8] = 1;
  endfunction

  function automatic logic cached(int i);
    return !(IsL2 && it_e[i].size == Page1G);
  endfunction

  function automatic void items_fill();
    q_inv(InvAll, '0, '0, 1'b0);
    for (int i = 0; i < NItems; i++) q_fill(it_e[i]);
  endfunction

  // Expect exactly the items in `present` (bit i = item i) to hit.
  function automatic void items_expect(logic [NItems-1:0] present);
    for (int i = 0; i < NItems; i++) begin
      if (present[i] && cached(i)) q_hit(it_probe[i], it_pcid[i], it_e[i]);
      else                         q_miss(it_probe[i], it_pcid[i]);
    end
  endfunction

  localparam logic [NItems-1:0] All = '1;

  task automatic run_directed();
    tlb_entry_t e, e2;
    logic hit;
    items_init();

    begin_test("basic_4k");
    q_inv(InvAll, '0, '0, 1'b0);
    e = mk(36'h0_0001_2345, 1, 0, Page4K, 28'h00a_bcde);
    q_miss(36'h0_0001_2345, 1);
    q_fill(e);
    q_hit(36'h0_0001_2345, 1, e);
    q_miss(36'h0_0001_2346, 1);
    q_miss(36'h0_0001_2344, 1);
    q_miss(36'h0_0001_2345, 2);
    q_miss(36'h0_0001_2345 ^ (36'h1 << 20), 1);  // same set, other tag
    run_queue();
    end_test();

    begin_test("basic_2m");
    q_inv(InvAll, '0, '0, 1'b0);
    e = mk(36'h0_00ab_c17f, 4, 0, Page2M, 28'h001_2200);  // base vpn 0x00abc000
    q_fill(e);
    q_hit(36'h0_00ab_c000, 4, e);
    q_hit(36'h0_00ab_c1ff, 4, e);
    q_hit(36'h0_00ab_c0aa, 4, e);
    q_miss(36'h0_00ab_c200, 4);
    q_miss(36'h0_00ab_bfff, 4);
    q_miss(36'h0_00ab_c000, 5);
    run_queue();
    end_test();

    begin_test("basic_1g");
    q_inv(InvAll, '0, '0, 1'b0);
    e = mk(36'h0_0c05_abcd, 4, 0, Page1G, 28'h0c4_0000);  // base vpn 0x0c040000
    q_fill(e);
    if (IsL2) begin
      // The L2 drops 1 GiB fills (see l2_tlb.sv).
      q_miss(36'h0_0c04_0000, 4);
      q_miss(36'h0_0c05_abcd, 4);
    end else begin
      q_hit(36'h0_0c04_0000, 4, e);
      q_hit(36'h0_0c07_ffff, 4, e);
      q_hit(36'h0_0c05_abcd, 4, e);
      q_miss(36'h0_0c08_0000, 4);
      q_miss(36'h0_0c03_ffff, 4);
      q_miss(36'h0_0c05_abcd, 3);
    end
    run_queue();
    end_test();

    begin_test("pcid_isolation");
    // The same VA under a different PCID in every way of one set (and, for large pages, in
    // every entry of the large array or one L2 set): each PCID must get its own frame.
    q_inv(InvAll, '0, '0, 1'b0);
    for (int p = 1; p <= Ways; p++) q_fill(mk(36'h0_0077_7701, PcidW'(p), 0, Page4K, PpnW'(p)));
    for (int p = Ways; p >= 1; p--)
      q_hit(36'h0_0077_7701, PcidW'(p), mk(36'h0_0077_7701, PcidW'(p), 0, Page4K, PpnW'(p)));
    q_miss(36'h0_0077_7701, 0);
    q_miss(36'h0_0077_7701, PcidW'(Ways + 1));
    for (int p = 1; p <= (IsL2 ? Ways : LargeEntries); p++)
      q_fill(mk(36'h0_0088_8000, PcidW'(p), 0, Page2M, PpnW'(p << 9)));
    for (int p = (IsL2 ? Ways : LargeEntries); p >= 1; p--)
      q_hit(36'h0_0088_8123, PcidW'(p), mk(36'h0_0088_8000, PcidW'(p), 0, Page2M,
                                                PpnW'(p << 9)));
    q_miss(36'h0_0088_8123, 0);
    run_queue();
    end_test();

    begin_test("global_across_pcid");
    q_inv(InvAll, '0, '0, 1'b0);
    e  = mk(36'h0_0055_5001, 5, 1, Page4K, 28'h000_5001);
    e2 = mk(36'h0_0066_6000, 5, 1, Page2M, 28'h000_6000);
    q_fill(e);
    q_fill(e2);
    for (int p = 0; p < 8; p++) begin
      q_hit(36'h0_0055_5001, PcidW'(p), e);
      q_hit(36'h0_0066_61f0, PcidW'(p), e2);
    end
    q_hit(36'h0_0055_5001, 12'hfff, e);
    run_queue();
    end_test();

    begin_test("inv_addr_4k");
    items_fill();
    items_expect(All);
    q_inv(InvAddr, 36'h0_0010_0001, 1, 1'b0);   // a only: c has the same VA, other PCID
    items_expect(All & ~9'b000000001);
    q_inv(InvAddr, 36'h0_0010_0002, 1, 1'b0);   // b is global: stays without inv_global
    items_expect(All & ~9'b000000001);
    run_queue();
    end_test();

    begin_test("inv_addr_4k_global");
    items_fill();
    q_inv(InvAddr, 36'h0_0010_0002, 9, 1'b1);   // b, from another PCID
    items_expect(All & ~9'b000000010);
    run_queue();
    end_test();

    begin_test("inv_addr_large_from_inside");
    items_fill();
    q_inv(InvAddr, 36'h0_0020_01f0, 1, 1'b0);   // d (not f: pcid2)
    items_expect(All & ~9'b000001000);
    q_inv(InvAddr, 36'h0_0103_ffff, 1, 1'b0);   // h, last 4K page of the 1G page
    items_expect(All & ~9'b001001000);
    q_inv(InvAddr, 36'h0_0040_0077, 3, 1'b0);   // e is global: stays
    items_expect(All & ~9'b001001000);
    run_queue();
    end_test();

    begin_test("inv_addr_large_global");
    items_fill();
    q_inv(InvAddr, 36'h0_0040_0077, 5, 1'b1);   // e
    items_expect(All & ~9'b000010000);
    q_inv(InvAddr, 36'h0_0200_0001, 0, 1'b1);   // i
    items_expect(All & ~9'b010010000);
    run_queue();
    end_test();

    begin_test("inv_pcid");
    items_fill();
    q_inv(InvPcid, 36'h0_0010_0002, 1, 1'b1);   // vpn and global operands are ignored
    items_expect(9'b010110110);               // b, c, e, f, i
    run_queue();
    end_test();

    begin_test("inv_all_nonglobal");
    items_fill();
    q_inv(InvAllNonGlobal, '0, '0, 1'b0);
    items_expect(9'b010010010);               // b, e, i
    run_queue();
    end_test();

    begin_test("inv_all");
    items_fill();
    q_inv(InvAll, '0, '0, 1'b0);
    items_expect('0);
    run_queue();
    end_test();

    begin_test("inv_back_to_back");
    // Each request in the first cycle the block is ready again, each with other operands;
    // the operand inputs are scrambled after every pulse (see q_inv()).
    items_fill();
    q_inv(InvAddr, 36'h0_0010_0001, 1, 1'b0);   // a
    q_inv(InvAddr, 36'h0_0020_0100, 2, 1'b0);   // f
    q_inv(InvAddr, 36'h0_0010_0003, 1, 1'b0);   // k
    items_expect(All & ~9'b100100001);
    items_fill();
    q_inv(InvAllNonGlobal, '0, '0, 1'b0);       // 0 busy cycles: the next pulse follows at once
    q_inv(InvAddr, 36'h0_0010_0002, 7, 1'b1);   // b
    q_inv(InvAddr, 36'h0_0040_0001, 7, 1'b0);   // e stays (global, no inv_global)
    items_expect(9'b010010000);
    items_fill();
    q_inv(InvPcid, '0, 2, 1'b0);                // c, f
    q_inv(InvAddr, 36'h0_0020_0001, 1, 1'b0);   // d
    q_inv(InvPcid, '0, 1, 1'b0);                // a, h, k
    items_expect(9'b010010010);
    items_fill();
    q_inv(InvAll, '0, '0, 1'b0);                // and a lookup in the very next cycle
    q_miss(it_probe[1], it_pcid[1]);
    run_queue();
    end_test();

    begin_test("fill_replaces_same_page");
    q_inv(InvAll, '0, '0, 1'b0);
    e  = mk(36'h0_0033_3005, 1, 0, Page4K, 28'h000_3005, 1'b0);
    e2 = mk(36'h0_0033_3005, 1, 0, Page4K, 28'h000_3005, 1'b1);  // after the D update
    q_fill(e);
    q_fill(e2);
    q_hit(36'h0_0033_3005, 1, e2);
    // Ways-1 more pages of that set: all must fit, so the refill took no second way.
    for (int k = 1; k < Ways; k++)
      q_fill(mk(36'h0_0033_3005 + VpnW'(k * Sets * 16), 1, 0, Page4K, PpnW'(k)));
    q_hit(36'h0_0033_3005, 1, e2);
    for (int k = 1; k < Ways; k++)
      q_hit(36'h0_0033_3005 + VpnW'(k * Sets * 16), 1,
                 mk(36'h0_0033_3005 + VpnW'(k * Sets * 16), 1, 0, Page4K, PpnW'(k)));
    // Another PCID is another page.
    e = mk(36'h0_0033_3005, 2, 0, Page4K, 28'h000_9999, 1'b1);
    q_fill(e);
    q_hit(36'h0_0033_3005, 2, e);
    // Large page, refilled with other junk in its don't-care vpn bits.
    e  = mk(36'h0_0044_4000, 1, 0, Page2M, 28'h000_4000, 1'b0);
    e2 = mk(36'h0_0044_41ff, 1, 0, Page2M, 28'h000_4000, 1'b1);
    q_fill(e);
    q_fill(e2);
    q_hit(36'h0_0044_4010, 1, e2);
    for (int k = 1; k < (IsL2 ? Ways : LargeEntries); k++)
      q_fill(mk(36'h0_0044_4000 + VpnW'(k * Sets * 512), 1, 0, Page2M, PpnW'(k << 9)));
    q_hit(36'h0_0044_4010, 1, e2);
    for (int k = 1; k < (IsL2 ? Ways : LargeEntries); k++)
      q_hit(36'h0_0044_4000 + VpnW'(k * Sets * 512), 1,
                 mk(36'h0_0044_4000 + VpnW'(k * Sets * 512), 1, 0, Page2M, PpnW'(k << 9)));
    run_queue();
    end_test();

    begin_test("multi_hit_priority");
    q_inv(InvAll, '0, '0, 1'b0);
    // A 4K and a 2M entry for the same VA (remap without invalidation): the 4K one, whole.
    e  = mk(36'h0_0099_9000, 1, 0, Page2M, 28'h0ff_fe00, 1'b1);
    e2 = mk(36'h0_0099_9042, 1, 0, Page4K, 28'h000_0001, 1'b0);
    q_fill(e);
    q_fill(e2);
    q_hit(36'h0_0099_9042, 1, e2);
    q_hit(36'h0_0099_9043, 1, e);
    // Two hitting ways in one set: global pcid2 (way 0) and non-global pcid1 (way 1).
    e  = mk(36'h0_0012_3457, 2, 1, Page4K, 28'h0f0_f0f0, 1'b1);
    e2 = mk(36'h0_0012_3457, 1, 0, Page4K, 28'h00f_0f0f, 1'b0);
    q_fill(e);
    q_fill(e2);
    q_hit(36'h0_0012_3457, 1, e);
    q_hit(36'h0_0012_3457, 3, e);
    q_inv(InvAddr, 36'h0_0012_3457, 1, 1'b1);
    q_miss(36'h0_0012_3457, 1);
    run_queue();
    end_test();

    if (Ways == 4 && !RandomRepl) begin
      begin_test("plru_victim_order");
      // Tree PLRU on one 4-way set: fills A B C D go to ways 0-3; a hit on A; then E must
      // evict C (way 2) and F must evict B (way 1).
      q_inv(InvAll, '0, '0, 1'b0);
      for (int k = 0; k < 6; k++) begin
        tlb_entry_t x = mk(36'h0_0000_0005 + VpnW'(k * Sets), 1, 0, Page4K, PpnW'(k + 1));
        if (k == 4) q_hit(x.vpn - VpnW'(4 * Sets), 1,
                               mk(36'h0_0000_0005, 1, 0, Page4K, PpnW'(1)));
        q_fill(x);
      end
      for (int k = 0; k < 6; k++) begin
        tlb_entry_t x = mk(36'h0_0000_0005 + VpnW'(k * Sets), 1, 0, Page4K, PpnW'(k + 1));
        if (k == 1 || k == 2) q_miss(x.vpn, 1);
        else                  q_hit(x.vpn, 1, x);
      end
      run_queue();
    end_test();
    end

    begin_test("back_to_back_lookups");
    // One lookup every cycle, hits and misses mixed; each answer in the next cycle.
    items_fill();
    run_queue();
    begin
      int n = 0;
      logic [VpnW-1:0]  pv;
      logic [PcidW-1:0] pp;
      logic mh;
      tlb_entry_t me;
      wait_ready();
      for (int r = 0; r < 3 * NItems; r++) begin
        int i = r % NItems;
        // Pass 0: every item; pass 1: other VAs; pass 2: other PCIDs (globals still hit).
        logic want = (r < NItems) ? cached(i) : (r < 2 * NItems) ? 1'b0
                                              : (cached(i) && it_e[i].g);
        lk_v    = 1'b1;
        lk_vpn  = (r / NItems == 1) ? it_probe[i] ^ 36'h1_0000_0000 : it_probe[i];
        lk_pcid = (r / NItems == 2) ? it_pcid[i] + 12'd100 : it_pcid[i];
        pv = lk_vpn;
        pp = lk_pcid;
        m_lookup(pv, pp, mh, me);
        tick();  // the answer is out now, and the next lookup is driven in this same cycle
        if (!ready) err("ready_o dropped during lookups");
        check_answer(pv, pp, lk_hit, lk_e, mh, me);
        if (lk_hit != want) err($sformatf("back-to-back lookup %0d: hit=%0d", r, lk_hit));
        else if (lk_hit && lk_e != it_e[i]) err($sformatf("back-to-back lookup %0d: %s", r,
                                                          estr(lk_e)));
        n++;
      end
      lk_v = 1'b0;
      if (n != 3 * NItems) err("wrong number of answers");
    end
    run_queue();
    end_test();

    begin_test("latency");
    // Busy cycles (ready_o=0) after each kind of request, as the headers promise.
    begin
      int busy;
      int want [5];
      inv_e kinds [4] = '{InvAddr, InvPcid, InvAllNonGlobal, InvAll};
      want = '{1, Sets, 0, 0, 1};
      for (int k = 0; k < 5; k++) begin
        wait_ready();
        if (k < 4) begin
          inv_v = 1'b1; inv_k = kinds[k]; inv_vpn = '0; inv_pcid = 1; inv_g = 1'b0;
          m_inv(inv_k, inv_vpn, inv_pcid, inv_g);
          may_inv(inv_k, inv_vpn, inv_pcid, inv_g);
        end else begin
          fill_v = 1'b1; fill_e = it_e[0];
          void'(m_fill(fill_e));
          may_fill(fill_e);
        end
        tick();
        inv_v = 1'b0; fill_v = 1'b0;
        busy = 0;
        while (!ready) begin
          busy++;
          tick();
        end
        if (busy != want[k]) err($sformatf("request %0d: %0d busy cycles, want %0d", k, busy,
                                           want[k]));
      end
      // Fill latency: a lookup in the first ready cycle after the fill sees it.
      q_hit(it_probe[0], it_pcid[0], it_e[0]);
    end
    run_queue();
    end_test();
  endtask

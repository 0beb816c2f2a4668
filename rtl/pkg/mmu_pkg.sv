// SPDX-FileCopyrightText: 2026 The openmmu authors
// SPDX-License-Identifier: Apache-2.0
// openmmu shared definitions: address widths, the TLB entry, the access and invalidation
// encodings used between the blocks. See docs/semantics.md for the rules they carry.
package mmu_pkg;

  // Physical address width (MAXPHYADDR). Every configuration uses 40.
  localparam int unsigned PhysAddrW = 40;
  localparam int unsigned PpnW      = PhysAddrW - 12;  // physical frame number
  localparam int unsigned VpnW      = 36;              // VA[47:12]
  localparam int unsigned PcidW     = 12;

  // Page sizes.
  typedef enum logic [1:0] {
    Page4K = 2'd0,
    Page2M = 2'd1,
    Page1G = 2'd2
  } page_size_e;

  // Access kinds, as the CPU ports and the walker see them.
  typedef enum logic [1:0] {
    AccRead  = 2'd0,
    AccWrite = 2'd1,
    AccFetch = 2'd2
  } acc_e;

  // A cached translation. Rights are combined over all levels of the walk that made it.
  typedef struct packed {
    logic [VpnW-1:0]  vpn;   // VA[47:12]; for large pages the low 9/18 bits are don't-care
    logic [PcidW-1:0] pcid;
    logic             g;     // global (leaf G=1 while CR4.PGE=1)
    page_size_e       size;
    logic [PpnW-1:0]  ppn;   // frame of the page; for large pages the low 9/18 bits are 0
    logic             u;     // AND of U/S over all levels
    logic             w;     // AND of R/W over all levels
    logic             xd;    // OR of XD over all levels (NXE=1)
    logic             d;     // the leaf's dirty bit
    logic             pwt;
    logic             pcd;
  } tlb_entry_t;

  // Spelled out because Yosys cannot take $bits of a type; keep it equal to
  // $bits(tlb_entry_t) (the TLB testbench checks it).
  localparam int unsigned TlbEntryW = VpnW + PcidW + 1 + 2 + PpnW + 6;

  // Invalidation requests broadcast to the TLBs and paging-structure caches.
  typedef enum logic [2:0] {
    InvNone         = 3'd0,
    InvAddr         = 3'd1,  // pages containing va: pcid match (non-global), plus global if inv_g
    InvPcid         = 3'd2,  // all non-global entries of pcid
    InvAllNonGlobal = 3'd3,  // all non-global entries, every pcid
    InvAll          = 3'd4   // everything
  } inv_e;

  // Does a cached entry of size `size` with page number `vpn` contain page `va_vpn`?
  function automatic logic vpn_match(logic [VpnW-1:0] vpn, logic [VpnW-1:0] va_vpn,
                                     page_size_e size);
    unique case (size)
      // Labels qualified: Yosys resolves them in the caller's scope otherwise.
      mmu_pkg::Page1G: vpn_match = (vpn[VpnW-1:18] == va_vpn[VpnW-1:18]);
      mmu_pkg::Page2M: vpn_match = (vpn[VpnW-1:9]  == va_vpn[VpnW-1:9]);
      default: vpn_match = (vpn == va_vpn);
    endcase
  endfunction

  // ---- CPU, CSR and memory ports of mmu_top (added by the core; see rtl/top/mmu_top.sv) ----

  // Response status of a CPU port; the values are those of be_status in csrc/backend/backend.h.
  typedef enum logic [1:0] {
    RspOk  = 2'd0,
    RspPf  = 2'd1,
    RspGp  = 2'd2,
    RspMce = 2'd3   // the memory answered a walk, a line fill or a write-back with an AXI error
  } rsp_status_e;

  // Page-fault error-code bits (SDM 4.7).
  localparam int unsigned PfBitP = 0, PfBitW = 1, PfBitU = 2, PfBitRsvd = 3, PfBitI = 4;

  // Operations of the CSR/command port. Arguments (arg0, arg1, arg2):
  //   CsrWrCr3     value
  //   CsrWrCr0     CR0 (only WP, bit 16, is kept)
  //   CsrWrCr4     CR4 (PGE bit 7, PCIDE bit 17, SMEP bit 20, SMAP bit 21 are kept)
  //   CsrWrEfer    EFER (only NXE, bit 11, is kept)
  //   CsrInvlpg    linear address
  //   CsrInvpcid   type, PCID (64-bit descriptor field), linear address
  //   CsrRdCounter counter index (BE_COUNTERS order); the value comes back in rdata
  //   CsrCache     L1 D-cache maintenance: operation (dc_mnt_e), physical address
  //                (line operations); rdata is 1 when a write-back failed (the line is lost)
  typedef enum logic [2:0] {
    CsrWrCr3     = 3'd0,
    CsrWrCr0     = 3'd1,
    CsrWrCr4     = 3'd2,
    CsrWrEfer    = 3'd3,
    CsrInvlpg    = 3'd4,
    CsrInvpcid   = 3'd5,
    CsrRdCounter = 3'd6,
    CsrCache     = 3'd7
  } csr_op_e;

  // Operations of the L1 D-cache's CPU and physical ports (rtl/cache/dcache.sv). Sizes are
  // log2 bytes (0..3); an access stays within one aligned 8-byte word (the requester splits),
  // a CAS is 8 bytes, aligned. The line operations are internal: the maintenance port's line
  // operations as they pass through the physical slot.
  typedef enum logic [2:0] {
    DcLoad      = 3'd0,
    DcStore     = 3'd1,
    DcCas       = 3'd2,  // physical port only: the old value is returned
    DcWbLine    = 3'd3,
    DcInvLine   = 3'd4,
    DcWbInvLine = 3'd5,
    DcZeroLine  = 3'd6
  } dc_op_e;

  // Operations of the D-cache's maintenance port; the values are RTL_MNT_* in
  // csrc/backend/rtl.h (the CsrCache command's arg0).
  typedef enum logic [2:0] {
    MntWbInvAll  = 3'd0,  // write back every dirty line, invalidate all
    MntInvAll    = 3'd1,  // invalidate all, dirty data is dropped
    MntWbLine    = 3'd2,  // write back one physical line, keep it
    MntInvLine   = 3'd3,  // invalidate one physical line, no write-back
    MntWbInvLine = 3'd4,  // write back and invalidate one line
    MntZeroLine  = 3'd5   // one line becomes zeroes, allocated dirty without reading memory
                          // (CLZERO, DC ZVA)
  } dc_mnt_e;

  localparam int unsigned Cr0WpBit = 16;
  localparam int unsigned Cr4PgeBit = 7, Cr4PcideBit = 17, Cr4SmepBit = 20, Cr4SmapBit = 21;
  localparam int unsigned EferNxeBit = 11;

  // Hardware performance counters, numbered as BE_COUNTERS in csrc/backend/backend.h.
  typedef enum logic [5:0] {
    CntCycles = 6'd0, CntAccesses, CntItlbAccesses, CntItlbHits, CntItlbMisses,
    CntDtlbAccesses, CntDtlbHits, CntDtlbMisses, CntL2Accesses, CntL2Hits, CntL2Misses,
    CntWalks, CntWalkMemRefs, CntPscPml4eHits, CntPscPdpteHits, CntPscPdeHits,
    CntAdUpdates, CntAdRetries, CntPageFaults, CntGpFaults, CntDirtyRewalks,
    CntInvalidations, CntStallCycles, CntDcHits, CntDcMisses, CntDcWritebacks,
    CntDcUncached, CntMemStallCycles, CntWalkCycles, CntWalkRefsPml4e, CntWalkRefsPdpte,
    CntWalkRefsPde, CntWalkRefsPte, CntWalkRefsDcache, CntWalkRefsMemory
  } cnt_e;
  localparam int unsigned NumCounters = 35;

  // A canonical address has bits 63:47 (passed as `hi`) all equal (docs/semantics.md rule 1).
  function automatic logic va_canonical(logic [16:0] hi);
    va_canonical = (hi == '0) || (hi == '1);
  endfunction

  // Does an access of this kind pass the combined rights u/w/xd (docs/semantics.md rule 6)?
  function automatic logic rights_ok(logic u, logic w, logic xd, acc_e kind, logic user,
                                     logic wp, logic nxe, logic smep, logic smap);
    logic ok;
    ok = 1'b1;
    if (user) begin
      if (!u) ok = 1'b0;                                   // user access needs U/S=1 everywhere
      if (kind == mmu_pkg::AccWrite && !w) ok = 1'b0;               // user write needs R/W=1 everywhere
    end else begin
      if (u && kind == mmu_pkg::AccFetch && smep) ok = 1'b0;        // SMEP: no supervisor fetch from user pages
      if (u && kind != mmu_pkg::AccFetch && smap) ok = 1'b0;        // SMAP (AC=0): no supervisor data access
      if (kind == mmu_pkg::AccWrite && !w && wp) ok = 1'b0;         // supervisor write: R/W only with CR0.WP
    end
    if (kind == mmu_pkg::AccFetch && nxe && xd) ok = 1'b0;          // XD forbids fetches while EFER.NXE=1
    rights_ok = ok;
  endfunction

`ifdef OPENMMU_INJECT_ASSERT
  // The bugs of the assertion test (tests/rtl/assert, docs/assertions.md) are all compiled in
  // and switched on one at a time by +inject=NAME, so one testbench build shows each class of
  // assertion failing. Never defined for a real model or for synthesis.
  function automatic bit injected(string name);
    string s;
    injected = $value$plusargs("inject=%s", s) != 0 && s == name;
  endfunction
`endif

endpackage

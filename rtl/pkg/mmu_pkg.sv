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

endpackage

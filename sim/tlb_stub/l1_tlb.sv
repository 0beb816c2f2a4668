// TEMPORARY stand-in for rtl/tlb/l1_tlb.sv (branch tlb) so the core can be simulated before
// the real TLB lands: a fully associative behavioural array with the same ports and timing.
// Removed when the real one is merged.
module l1_tlb import mmu_pkg::*; #(parameter int unsigned Sets=16, Ways=4, LargeEntries=4,
                                   parameter bit RandomRepl=1'b0)
 (input logic clk_i, rst_ni,
  input logic lookup_valid_i, input logic [VpnW-1:0] lookup_vpn_i,
  input logic [PcidW-1:0] lookup_pcid_i,
  output logic lookup_hit_o, output tlb_entry_t lookup_entry_o,
  input logic fill_valid_i, input tlb_entry_t fill_entry_i,
  input logic inv_valid_i, input inv_e inv_kind_i, input logic [VpnW-1:0] inv_vpn_i,
  input logic [PcidW-1:0] inv_pcid_i, input logic inv_global_i,
  output logic ready_o);
  localparam int unsigned N = Sets * Ways + LargeEntries;
  tlb_entry_t e_q [N];
  logic [N-1:0] v_q;
  int unsigned ptr_q;
  /* verilator lint_off UNUSEDPARAM */
  localparam bit Rr = RandomRepl;
  /* verilator lint_on UNUSEDPARAM */
  assign ready_o = 1'b1;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q <= '0; ptr_q <= 0; lookup_hit_o <= 1'b0; lookup_entry_o <= '0;
    end else begin
      if (lookup_valid_i) begin
        lookup_hit_o <= 1'b0;
        for (int unsigned i = 0; i < N; i++)
          if (v_q[i] && vpn_match(e_q[i].vpn, lookup_vpn_i, e_q[i].size) &&
              (e_q[i].g || e_q[i].pcid == lookup_pcid_i)) begin
            lookup_hit_o <= 1'b1; lookup_entry_o <= e_q[i];
          end
      end
      if (fill_valid_i) begin
        automatic int unsigned slot = ptr_q;
        automatic bit found = 0;
        for (int unsigned i = 0; i < N; i++)
          if (!found && v_q[i] && e_q[i].size == fill_entry_i.size && e_q[i].pcid == fill_entry_i.pcid &&
              vpn_match(e_q[i].vpn, fill_entry_i.vpn, fill_entry_i.size)) begin slot = i; found = 1; end
        e_q[slot] <= fill_entry_i; v_q[slot] <= 1'b1;
        if (!found) ptr_q <= (ptr_q + 1) % N;
      end
      if (inv_valid_i) begin
        for (int unsigned i = 0; i < N; i++) begin
          unique case (inv_kind_i)
            InvAddr: if (vpn_match(e_q[i].vpn, inv_vpn_i, e_q[i].size) &&
                         ((!e_q[i].g && e_q[i].pcid == inv_pcid_i) || (e_q[i].g && inv_global_i)))
                       v_q[i] <= 1'b0;
            InvPcid: if (!e_q[i].g && e_q[i].pcid == inv_pcid_i) v_q[i] <= 1'b0;
            InvAllNonGlobal: if (!e_q[i].g) v_q[i] <= 1'b0;
            InvAll: v_q[i] <= 1'b0;
            default: ;
          endcase
        end
      end
    end
  end
endmodule

// openmmu_fpga: mmu_top with its ~400 input and ~460 output bits folded onto three pins, so
// that nextpnr can place it on a real ECP5 package (CABGA381 has ~200 user I/Os) and report
// the logic's size and Fmax, not an I/O-bound design.
//
// Every input of mmu_top comes from one long shift register fed by sin_i; every output is
// XOR-folded into one flop that drives sout_o. Nothing is left constant, so synthesis can
// remove no logic, and every path into and out of mmu_top starts and ends at a flop: the Fmax
// reported is that of the core. Not a use of the MMU -- only a harness for the estimate.
module openmmu_fpga #(
  parameter int unsigned ITlbSets        = 32,
  parameter int unsigned ITlbWays        = 4,
  parameter int unsigned ITlbLarge       = 8,
  parameter int unsigned DTlbSets        = 16,
  parameter int unsigned DTlbWays        = 4,
  parameter int unsigned DTlbLarge       = 32,
  parameter int unsigned L2Sets          = 128,
  parameter int unsigned L2Ways          = 4,
  parameter int unsigned PscPml4eEntries = 4,
  parameter int unsigned PscPdpteEntries = 4,
  parameter int unsigned PscPdeEntries   = 32
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  // Input bits: if port 68, ls port 68, csr port 196, memory port 67.
  localparam int unsigned InW = 68 + 68 + 196 + 67;

  logic [InW-1:0] in_q;
  always_ff @(posedge clk_i) begin
    in_q <= {in_q[InW-2:0], sin_i};
  end

  logic        if_req_ready, if_rsp_valid, ls_req_ready, ls_rsp_valid;
  logic [1:0]  if_rsp_status, ls_rsp_status;
  logic [mmu_pkg::PhysAddrW-1:0] if_rsp_pa, ls_rsp_pa, mem_req_addr;
  logic [4:0]  if_rsp_err, ls_rsp_err;
  logic [63:0] if_rsp_addr, ls_rsp_addr, csr_rsp_rdata, mem_req_expect, mem_req_wdata;
  logic        csr_req_ready, csr_rsp_valid, csr_rsp_gp, mem_req_valid, mem_req_cas;

  mmu_top #(
    .ITlbSets       (ITlbSets),
    .ITlbWays       (ITlbWays),
    .ITlbLarge      (ITlbLarge),
    .DTlbSets       (DTlbSets),
    .DTlbWays       (DTlbWays),
    .DTlbLarge      (DTlbLarge),
    .L2Sets         (L2Sets),
    .L2Ways         (L2Ways),
    .PscPml4eEntries(PscPml4eEntries),
    .PscPdpteEntries(PscPdpteEntries),
    .PscPdeEntries  (PscPdeEntries)
  ) u_mmu (
    .clk_i,
    .rst_ni,
    .if_req_valid_i  (in_q[0]),
    .if_req_ready_o  (if_req_ready),
    .if_req_va_i     (in_q[64:1]),
    .if_req_kind_i   (mmu_pkg::acc_e'(in_q[66:65])),
    .if_req_user_i   (in_q[67]),
    .if_rsp_valid_o  (if_rsp_valid),
    .if_rsp_status_o (if_rsp_status),
    .if_rsp_pa_o     (if_rsp_pa),
    .if_rsp_err_o    (if_rsp_err),
    .if_rsp_addr_o   (if_rsp_addr),
    .ls_req_valid_i  (in_q[68]),
    .ls_req_ready_o  (ls_req_ready),
    .ls_req_va_i     (in_q[132:69]),
    .ls_req_kind_i   (mmu_pkg::acc_e'(in_q[134:133])),
    .ls_req_user_i   (in_q[135]),
    .ls_rsp_valid_o  (ls_rsp_valid),
    .ls_rsp_status_o (ls_rsp_status),
    .ls_rsp_pa_o     (ls_rsp_pa),
    .ls_rsp_err_o    (ls_rsp_err),
    .ls_rsp_addr_o   (ls_rsp_addr),
    .csr_req_valid_i (in_q[136]),
    .csr_req_ready_o (csr_req_ready),
    .csr_req_op_i    (mmu_pkg::csr_op_e'(in_q[139:137])),
    .csr_req_arg0_i  (in_q[203:140]),
    .csr_req_arg1_i  (in_q[267:204]),
    .csr_req_arg2_i  (in_q[331:268]),
    .csr_rsp_valid_o (csr_rsp_valid),
    .csr_rsp_gp_o    (csr_rsp_gp),
    .csr_rsp_rdata_o (csr_rsp_rdata),
    .mem_req_valid_o (mem_req_valid),
    .mem_req_ready_i (in_q[332]),
    .mem_req_cas_o   (mem_req_cas),
    .mem_req_addr_o  (mem_req_addr),
    .mem_req_expect_o(mem_req_expect),
    .mem_req_wdata_o (mem_req_wdata),
    .mem_rsp_valid_i (in_q[333]),
    .mem_rsp_err_i   (in_q[334]),
    .mem_rsp_rdata_i (in_q[398:335])
  );

  logic out_q;
  always_ff @(posedge clk_i) begin
    out_q <= ^{if_req_ready, if_rsp_valid, if_rsp_status, if_rsp_pa, if_rsp_err, if_rsp_addr,
               ls_req_ready, ls_rsp_valid, ls_rsp_status, ls_rsp_pa, ls_rsp_err, ls_rsp_addr,
               csr_req_ready, csr_rsp_valid, csr_rsp_gp, csr_rsp_rdata,
               mem_req_valid, mem_req_cas, mem_req_addr, mem_req_expect, mem_req_wdata};
  end
  assign sout_o = out_q;

endmodule

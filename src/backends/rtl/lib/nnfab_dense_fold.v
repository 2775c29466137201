// nnfab library: folded dense layer for reuse factor R > 1 (one result every R cycles), with hls4ml's arithmetic:
// acc_j = (accum_t)B_j; for i in input order: acc_j = (accum_t)(acc_j + (accum_t)(x_i * w_ij)).
// Both conversions use accum_t's rounding (RND) and overflow (OVF) modes through nnfab_quant, so wrapping,
// saturating and rounding accumulators all follow the emulator. Each cycle handles C = ceil(NIN/R) inputs in order
// with C*NOUT multipliers; the weights of that chunk come from the constant W (a ROM indexed by the chunk counter).
// Fixed-point weights (PO2 = 0): the exact product x*w at its own grid converts to accum_t (PSHIFT fraction bits
// dropped, or LSHIFT appended).
// Power-of-two weights (PO2 = 1): W holds 2^(e - emin) (positive); x*2^(e - emin) converts to r_T (TW bits, floor and
// wrap, TSHIFT/TLSHIFT as above), is negated in r_T where NEG is set, and r_T converts to accum_t (PSHIFT/LSHIFT).
// Timing: a sample latched with in_valid at one clock edge appears on y R clock edges later and stays there until the
// next result; a new sample may be given every R cycles (also on the edge that completes the previous one).
`default_nettype none
module nnfab_dense_fold #(
  parameter integer NIN = 4,
  parameter integer NOUT = 2,
  parameter integer R = 2,
  parameter integer XW = 8,
  parameter integer WW = 8,
  parameter integer AW = 16,
  parameter integer ASIGNED = 1,
  parameter integer RND = 0,
  parameter integer OVF = 0,
  parameter integer PSHIFT = 0,
  parameter integer LSHIFT = 0,
  parameter integer PO2 = 0,
  // only power-of-two weights use these
  /* verilator lint_off UNUSEDPARAM */
  parameter integer TW = 2,
  parameter integer TSHIFT = 0,
  parameter integer TLSHIFT = 0,
  parameter [NIN*NOUT-1:0] NEG = 0,
  /* verilator lint_on UNUSEDPARAM */
  parameter [NIN*NOUT*WW-1:0] W = 0,
  parameter [NOUT*AW-1:0] B = 0
) (
  input  wire clk,
  input  wire rst,
  input  wire ce,
  input  wire in_valid,
  input  wire [NIN*XW-1:0] x,
  output wire [NOUT*AW-1:0] y
);
  localparam integer C = (NIN + R - 1) / R;
  localparam integer KW = R > 1 ? $clog2(R) : 1;
  localparam integer PW = XW + WW;
  localparam integer VW = PO2 != 0 ? TW : PW;
  localparam integer RM1 = R - 1;
  localparam [KW-1:0] KLAST = RM1[KW-1:0];
  reg [NIN*XW-1:0] xr;
  reg [KW-1:0] k;
  reg busy;
  reg [NOUT*AW-1:0] acc;
  reg [NOUT*AW-1:0] yr;
  wire [NOUT*AW-1:0] sum;

  genvar j, c;
  generate
    for (j = 0; j < NOUT; j = j + 1) begin : g_out
      for (c = 0; c < C; c = c + 1) begin : g_in
        // input index i = k*C + c; indices past NIN (padding of the last chunk) contribute nothing
        wire [31:0] i = k * C + c;
        wire [XW-1:0] xi = (i < NIN) ? xr[i*XW +: XW] : {XW{1'b0}};
        wire [WW-1:0] wi = (i < NIN) ? W[(i*NOUT + j)*WW +: WW] : {WW{1'b0}};
        wire signed [PW-1:0] p = $signed(xi) * $signed(wi);
        wire [VW-1:0] v;
        if (PO2 != 0) begin : g_po2
          wire [TW-1:0] t;
          nnfab_quant #(.IW(PW), .SHIFT(TSHIFT), .LSHIFT(TLSHIFT), .OW(TW), .OSIGNED(1), .RND(0), .OVF(0)) u_t (.d(p), .q(t));
          wire ng = (i < NIN) ? NEG[i*NOUT + j] : 1'b0;
          assign v = ng ? {TW{1'b0}} - t : t;
        end else begin : g_fixed
          assign v = p;
        end
        // (accum_t) product
        wire [AW-1:0] pa;
        nnfab_quant #(.IW(VW), .SHIFT(PSHIFT), .LSHIFT(LSHIFT), .OW(AW), .OSIGNED(ASIGNED), .RND(RND), .OVF(OVF)) u_p (.d(v), .q(pa));
        // (accum_t)(running sum + product), in input order
        wire [AW-1:0] prev;
        if (c == 0) begin : g_first
          assign prev = acc[j*AW +: AW];
        end else begin : g_next
          assign prev = g_in[c-1].part;
        end
        wire ea = ASIGNED != 0 ? prev[AW-1] : 1'b0;
        wire eb = ASIGNED != 0 ? pa[AW-1] : 1'b0;
        wire [AW+1:0] s = {ea, ea, prev} + {eb, eb, pa};
        wire [AW-1:0] part;
        nnfab_quant #(.IW(AW + 2), .SHIFT(0), .OW(AW), .OSIGNED(ASIGNED), .RND(0), .OVF(OVF)) u_s (.d(s), .q(part));
      end
      assign sum[j*AW +: AW] = g_in[C-1].part;
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) begin
      busy <= 1'b0;
      k <= {KW{1'b0}};
    end else if (ce) begin
      if (busy) begin
        acc <= sum;
        k <= k + 1'b1;
        if (k == KLAST) begin
          yr <= sum;
          busy <= 1'b0;
        end
      end
      if (in_valid) begin
        xr <= x;
        acc <= B;
        k <= {KW{1'b0}};
        busy <= 1'b1;
      end
    end
  end
  assign y = yr;
endmodule
`default_nettype wire

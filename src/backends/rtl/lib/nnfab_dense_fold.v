// nnfab library: folded dense layer for reuse factor R > 1 (one result every R cycles).
// acc_j = B_j + sum_i floor(x_i * W_ij / 2^PSHIFT) * 2^LSHIFT, modulo 2^AW (hls4ml's arithmetic for an AP_TRN,
// AP_WRAP accumulator). Each cycle handles C = ceil(NIN/R) inputs with C*NOUT multipliers; the weights of that chunk
// come from the constant W (a ROM indexed by the chunk counter).
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
  parameter integer PSHIFT = 0,
  parameter integer LSHIFT = 0,
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
        // floor division by 2^PSHIFT is an arithmetic shift; the accumulator keeps the low AW bits
        /* verilator lint_off UNUSEDSIGNAL */
        wire signed [PW+LSHIFT-1:0] ps = $signed({p, {LSHIFT{1'b0}}}) >>> PSHIFT;
        /* verilator lint_on UNUSEDSIGNAL */
        wire [AW-1:0] pa;
        if (PW + LSHIFT >= AW) begin : g_cut
          assign pa = ps[AW-1:0];
        end else begin : g_ext
          assign pa = {{(AW-PW-LSHIFT){ps[PW+LSHIFT-1]}}, ps};
        end
        // running partial sum over this cycle's chunk
        wire [AW-1:0] part;
        if (c == 0) begin : g_first
          assign part = acc[j*AW +: AW] + pa;
        end else begin : g_next
          assign part = g_in[c-1].part + pa;
        end
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

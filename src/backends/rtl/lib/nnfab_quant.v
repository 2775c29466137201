// nnfab library: fixed-point conversion of a signed IW-bit integer, as ap_fixed converts between types.
// Drops SHIFT fraction bits with rounding mode RND, then fits the result into OW bits (signed when OSIGNED)
// with overflow mode OVF. Encodings:
//   RND: 0 TRN (floor), 1 TRN_ZERO, 2 RND (ties up), 3 RND_ZERO, 4 RND_MIN_INF, 5 RND_INF, 6 RND_CONV (ties even)
//   OVF: 0 WRAP, 1 SAT, 2 SAT_ZERO, 3 SAT_SYM
// LSHIFT appends zero fraction bits first (a conversion to a finer grid); narrow inputs are sign-extended inside.
`default_nettype none
module nnfab_quant #(
  parameter integer IW = 8,
  parameter integer SHIFT = 0,
  parameter integer LSHIFT = 0,
  parameter integer OW = 8,
  parameter integer OSIGNED = 1,
  parameter integer RND = 0,
  parameter integer OVF = 0
) (
  // the dropped fraction bits only matter for rounding modes other than TRN
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [IW-1:0] d,
  /* verilator lint_on UNUSEDSIGNAL */
  output wire [OW-1:0] q
);
  // the input sign-extended to EW > SHIFT bits and scaled by 2^LSHIFT
  localparam integer EW0 = IW + LSHIFT;
  localparam integer EW = EW0 > SHIFT ? EW0 : SHIFT + 1;
  // the dropped fraction bits only matter for rounding modes other than TRN
  /* verilator lint_off UNUSEDSIGNAL */
  wire [EW-1:0] de;
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (EW > IW) begin : g_sext
      /* verilator lint_off UNUSEDSIGNAL */
      wire [EW-1:0] dx = {{(EW-IW){d[IW-1]}}, d};
      /* verilator lint_on UNUSEDSIGNAL */
      assign de = dx << LSHIFT;
    end else begin : g_same
      assign de = d;
    end
  endgenerate
  // quotient width: the kept bits plus one for the rounding carry
  localparam integer TW = EW - SHIFT + 1;
  wire [TW-1:0] fl = {de[EW-1], de[EW-1:SHIFT]};
  wire inc;
  generate
    if (SHIFT == 0) begin : g_exact
      assign inc = 1'b0;
    end else begin : g_round
      // not every rounding mode looks at every one of these
      /* verilator lint_off UNUSEDSIGNAL */
      wire neg = de[EW-1];
      wire half = de[SHIFT-1];
      wire rest;
      /* verilator lint_on UNUSEDSIGNAL */
      if (SHIFT > 1) begin : g_rest
        assign rest = |de[SHIFT-2:0];
      end else begin : g_norest
        assign rest = 1'b0;
      end
      if (RND == 1) begin : g_trn_zero
        assign inc = neg & (half | rest);
      end else if (RND == 2) begin : g_rnd
        assign inc = half;
      end else if (RND == 3) begin : g_rnd_zero
        assign inc = half & (rest | neg);
      end else if (RND == 4) begin : g_rnd_min_inf
        assign inc = half & rest;
      end else if (RND == 5) begin : g_rnd_inf
        assign inc = half & (rest | ~neg);
      end else if (RND == 6) begin : g_rnd_conv
        assign inc = half & (rest | de[SHIFT]);
      end else begin : g_trn
        assign inc = 1'b0;
      end
    end
  endgenerate
  /* verilator lint_off UNUSEDSIGNAL */
  wire [TW-1:0] r = fl + {{(TW-1){1'b0}}, inc};
  /* verilator lint_on UNUSEDSIGNAL */
  generate
    if (OVF == 0 || TW <= OW) begin : g_wrap
      if (TW >= OW) begin : g_cut
        assign q = r[OW-1:0];
      end else begin : g_ext
        assign q = {{(OW-TW){r[TW-1]}}, r};
      end
    end else begin : g_sat
      localparam [TW-1:0] MAXV = OSIGNED != 0 ? {{(TW-OW+1){1'b0}}, {(OW-1){1'b1}}} : {{(TW-OW){1'b0}}, {OW{1'b1}}};
      localparam [TW-1:0] MINV = OSIGNED != 0 ? {{(TW-OW+1){1'b1}}, {(OW-1){1'b0}}} : {TW{1'b0}};
      wire over = $signed(r) > $signed(MAXV);
      wire under = $signed(r) < $signed(MINV);
      wire [OW-1:0] lo_sat = (OVF == 3 && OSIGNED != 0) ? MINV[OW-1:0] + {{(OW-1){1'b0}}, 1'b1} : MINV[OW-1:0];
      assign q = (OVF == 2) ? ((over | under) ? {OW{1'b0}} : r[OW-1:0])
               : over ? MAXV[OW-1:0] : under ? lo_sat : r[OW-1:0];
    end
  endgenerate
endmodule
`default_nettype wire

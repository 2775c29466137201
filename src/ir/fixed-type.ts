/**
 * The fixed-point type of a value, mirroring Xilinx `ap_fixed<W,I,Q,O,N>` / `ap_ufixed` / `ap_int<W>` / `ap_uint<W>`.
 * W total bits, I integer bits (sign included when signed; I may exceed W or be negative), F = W − I fraction bits.
 * Parsing and printing of every type spelling live here as well (see parseFixedType / formatFixedType).
 */

/** Quantization (rounding) modes, spelled as in ap_fixed. */
export const ROUNDING_MODES = ['AP_RND', 'AP_RND_ZERO', 'AP_RND_MIN_INF', 'AP_RND_INF', 'AP_RND_CONV', 'AP_TRN', 'AP_TRN_ZERO'] as const;
/** Overflow modes, spelled as in ap_fixed. */
export const OVERFLOW_MODES = ['AP_SAT', 'AP_SAT_ZERO', 'AP_SAT_SYM', 'AP_WRAP', 'AP_WRAP_SM'] as const;

export type RoundingMode = (typeof ROUNDING_MODES)[number];
export type OverflowMode = (typeof OVERFLOW_MODES)[number];

/** A fixed-point type. Integer types (ap_int/ap_uint) are fixed types with integer === width. */
export interface FixedType {
  readonly width: number;
  readonly integer: number;
  readonly signed: boolean;
  readonly rounding: RoundingMode;
  readonly overflow: OverflowMode;
  /** N of ap_fixed: saturation bits for AP_WRAP / AP_WRAP_SM (0 by default). */
  readonly satBits: number;
}

/** Fraction bits F = W − I (may be negative). A value is raw · 2^−F. */
export function fracBits(t: FixedType): number {
  return t.width - t.integer;
}

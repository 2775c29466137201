/**
 * Overflow handling of a rounded raw integer R, following Xilinx ap_fixed:
 *  - AP_WRAP, N = 0: two's-complement modulo 2^W (unsigned: modulo 2^W).
 *  - AP_WRAP, N > 0: wrap, then the top N bits are saturated. Signed: the MSB becomes the sign of R and the next N−1
 *    bits become 1 on positive overflow, 0 on negative overflow. Unsigned: the top N bits become 1 (Xilinx does this on
 *    overflow AND on negative underflow).
 *  - AP_WRAP_SM (signed only), N = 0: wrap; if bit W of floor(v·2^F) (the first bit dropped, before rounding) differs
 *    from the wrapped MSB, all bits are inverted. N = 1: invert when the sign of R differs from the wrapped MSB, then the
 *    MSB becomes the sign. N > 1: invert when bit W−N equals the sign, then bits W−N..W−2 become 1 (positive) / 0
 *    (negative) and the MSB the sign. (Xilinx's examples: ap_fixed<4,4,AP_RND,AP_WRAP_SM> 19 → −4, −19 → 2.)
 *  - AP_SAT: clamp to [min, max]. AP_SAT_SYM: clamp to [−max, max] for signed types (the most negative pattern counts
 *    as an underflow; W = 1 clamps to [−1, 0] like AP_SAT), to [0, max] for unsigned. AP_SAT_ZERO: 0 on any overflow.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { assertNever } from '../diagnostics/errors.js';
import { lowRaw, maxRaw } from './range.js';

/** What a conversion did: 'ok' fits; 'wrap' / 'sat' / 'zero' the overflow action; 'nonfinite' for NaN/±Inf inputs. */
export type CastEvent = 'ok' | 'wrap' | 'sat' | 'zero' | 'nonfinite';

/** Result of a conversion: the raw integer, the event, and whether the rounded value was outside the type's range. */
export interface CastResult {
  readonly raw: bigint;
  readonly event: CastEvent;
  readonly outOfRange: boolean;
}

/** Apply t's overflow mode to the rounded integer r (floor = the value before the rounding increment). */
export function applyOverflow(floor: bigint, r: bigint, t: FixedType): CastResult {
  const hi = maxRaw(t);
  const lo = lowRaw(t);
  if (r >= lo && r <= hi) return { raw: r, event: 'ok', outOfRange: false };
  const negative = r < 0n;
  switch (t.overflow) {
    case 'AP_SAT':
    case 'AP_SAT_SYM':
      return { raw: negative ? lo : hi, event: 'sat', outOfRange: true };
    case 'AP_SAT_ZERO':
      return { raw: 0n, event: 'zero', outOfRange: true };
    case 'AP_WRAP':
      return { raw: fromPattern(wrapSaturatedBits(BigInt.asUintN(t.width, r), negative, t), t), event: 'wrap', outOfRange: true };
    case 'AP_WRAP_SM':
      return { raw: fromPattern(wrapSignMagnitude(floor, r, negative, t), t), event: 'wrap', outOfRange: true };
    default:
      return assertNever(t.overflow, 'overflow mode');
  }
}

/** Interpret a W-bit pattern as t's raw integer. */
function fromPattern(u: bigint, t: FixedType): bigint {
  return t.signed ? BigInt.asIntN(t.width, u) : u;
}

/** Bit mask of bits lo..hi inclusive (empty when hi < lo). */
function bitRange(lo: number, hi: number): bigint {
  if (hi < lo) return 0n;
  return ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
}

/** Set bits lo..hi of u to all ones (ones = true) or all zeros. */
function setRange(u: bigint, lo: number, hi: number, ones: boolean): bigint {
  const m = bitRange(lo, hi);
  return ones ? u | m : u & ~m;
}

/** AP_WRAP with N saturation bits on the wrapped pattern u. */
function wrapSaturatedBits(u: bigint, negative: boolean, t: FixedType): bigint {
  const W = t.width;
  const N = t.satBits;
  if (N === 0) return u;
  if (!t.signed) return setRange(u, W - N, W - 1, true);
  u = setRange(u, W - 1, W - 1, negative);
  return N > 1 ? setRange(u, W - N, W - 2, !negative) : u;
}

/** AP_WRAP_SM (signed): sign-magnitude wrap with N saturation bits, as described at the top of this file. */
function wrapSignMagnitude(floor: bigint, r: bigint, negative: boolean, t: FixedType): bigint {
  const W = t.width;
  const N = t.satBits;
  const all = bitRange(0, W - 1);
  let u = BigInt.asUintN(W, r);
  const msb = ((u >> BigInt(W - 1)) & 1n) === 1n;
  if (N === 0) {
    const lD = ((floor >> BigInt(W)) & 1n) === 1n;
    return lD !== msb ? u ^ all : u;
  }
  if (N === 1) {
    if (negative !== msb) u ^= all;
  } else {
    const lNo = ((u >> BigInt(W - N)) & 1n) === 1n;
    if (lNo === negative) u ^= all;
    u = setRange(u, W - N, W - 2, !negative);
  }
  return setRange(u, W - 1, W - 1, negative);
}

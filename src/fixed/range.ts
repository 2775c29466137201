/** Range of a fixed-point type: raw integer bounds, LSB and the symmetric bound of AP_SAT_SYM. */
import { fracBits, type FixedType } from '../ir/fixed-type.js';

/** Smallest raw integer of the type: −2^(W−1) signed, 0 unsigned. */
export function minRaw(t: FixedType): bigint {
  return t.signed ? -(1n << BigInt(t.width - 1)) : 0n;
}

/** Largest raw integer of the type: 2^(W−1) − 1 signed, 2^W − 1 unsigned. */
export function maxRaw(t: FixedType): bigint {
  return (1n << BigInt(t.signed ? t.width - 1 : t.width)) - 1n;
}

/**
 * Lowest raw value the overflow mode lets through: AP_SAT_SYM on a signed type of width > 1 clamps to −max
 * (Xilinx treats the most negative pattern as an underflow); every other case is minRaw. For W = 1 Xilinx's
 * SAT_SYM saturates to −1, i.e. it behaves as AP_SAT.
 */
export function lowRaw(t: FixedType): bigint {
  return t.overflow === 'AP_SAT_SYM' && t.signed && t.width > 1 ? -maxRaw(t) : minRaw(t);
}

/** log2 of the LSB weight: a raw step is worth 2^lsbExponent = 2^−F. */
export function lsbExponent(t: FixedType): number {
  return -fracBits(t);
}

/** The LSB weight 2^−F as a float64 (exact for −1074 ≤ −F ≤ 1023). */
export function lsb(t: FixedType): number {
  return pow2(-fracBits(t));
}

/** Smallest value of the type as a float64 (rounded to nearest when it does not fit 53 bits). */
export function minValue(t: FixedType): number {
  return scalePow2(Number(minRaw(t)), -fracBits(t));
}

/** Largest value of the type as a float64 (rounded to nearest when it does not fit 53 bits). */
export function maxValue(t: FixedType): number {
  return scalePow2(Number(maxRaw(t)), -fracBits(t));
}

/** 2^k for k in [−1074, 1023], built by exact halving/doubling (index k + 1074). */
const POW2_TABLE = ((): Float64Array => {
  const table = new Float64Array(2098);
  let v = 1;
  for (let k = 0; k <= 1023; k++, v *= 2) table[k + 1074] = v;
  v = 1;
  for (let k = 0; k >= -1074; k--, v /= 2) table[k + 1074] = v;
  return table;
})();

/** Exact 2^k as a float64 for integer k (0 below 2^−1074, Infinity above 2^1023). */
export function pow2(k: number): number {
  if (k > 1023) return Infinity;
  if (k < -1074) return 0;
  return POW2_TABLE[k + 1074]!;
}

/** x · 2^k with a single rounding (only into the subnormal range), also when 2^k alone would over/underflow. */
export function scalePow2(x: number, k: number): number {
  while (k > 1000) {
    x *= pow2(1000);
    k -= 1000;
  }
  while (k < -1000) {
    x *= pow2(-1000);
    k += 1000;
  }
  return x * pow2(k);
}

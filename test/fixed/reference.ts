// An independent exact reference for fixed-point conversion, written separately from src/fixed: values are BigInt
// rationals num/den, rounding compares twice the remainder with the denominator, and the overflow modes work on
// explicit bit arrays. It shares nothing with the implementation but the FixedType interface.
import type { FixedType } from '../../src/ir/fixed-type.js';

/** A rational number num/den with den > 0. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** The exact rational value of a finite double, found by doubling until it is an integer (exact in float64). */
export function rationalOfDouble(x: number): Rational {
  let v = x;
  let den = 1n;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return { num: BigInt(v), den };
}

/** Floor division of integers (den > 0). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Two's-complement bits (LSB first) of v, n of them. */
function toBits(v: bigint, n: number): boolean[] {
  const bits: boolean[] = [];
  let x = v;
  for (let i = 0; i < n; i++) {
    const b = ((x % 2n) + 2n) % 2n;
    bits.push(b === 1n);
    x = (x - b) / 2n;
  }
  return bits;
}

/** Integer value of bits (LSB first), as signed two's complement or unsigned. */
function fromBits(bits: readonly boolean[], signed: boolean): bigint {
  let v = 0n;
  for (let i = bits.length - 1; i >= 0; i--) v = v * 2n + (bits[i] ? 1n : 0n);
  if (signed && bits[bits.length - 1]) v -= 2n ** BigInt(bits.length);
  return v;
}

/** Round the rational q·2^F to an integer with t's rounding mode; also returns the floor. */
function roundScaled(q: Rational, t: FixedType): { floor: bigint; rounded: bigint } {
  const F = t.width - t.integer;
  const num = F >= 0 ? q.num * 2n ** BigInt(F) : q.num;
  const den = F >= 0 ? q.den : q.den * 2n ** BigInt(-F);
  const floor = floorDiv(num, den);
  const rem2 = (num - floor * den) * 2n; // twice the remainder, compared with den (the half point)
  if (rem2 === 0n) return { floor, rounded: floor };
  const neg = num < 0n;
  const above = rem2 > den;
  const tie = rem2 === den;
  const up: Record<FixedType['rounding'], boolean> = {
    AP_TRN: false,
    AP_TRN_ZERO: neg,
    AP_RND: above || tie,
    AP_RND_ZERO: above || (tie && neg),
    AP_RND_MIN_INF: above,
    AP_RND_INF: above || (tie && !neg),
    AP_RND_CONV: above || (tie && floor % 2n !== 0n),
  };
  return { floor, rounded: up[t.rounding] ? floor + 1n : floor };
}

/** The reference result of converting the exact rational q into t: the raw integer and whether it overflowed. */
export function refConvert(q: Rational, t: FixedType): { raw: bigint; overflow: boolean } {
  const { floor, rounded } = roundScaled(q, t);
  const W = t.width;
  const N = t.satBits;
  const max = t.signed ? 2n ** BigInt(W - 1) - 1n : 2n ** BigInt(W) - 1n;
  const min = t.signed ? -(2n ** BigInt(W - 1)) : 0n;
  const low = t.overflow === 'AP_SAT_SYM' && t.signed && W > 1 ? -max : min;
  if (rounded >= low && rounded <= max) return { raw: rounded, overflow: false };
  const neg = rounded < 0n;
  if (t.overflow === 'AP_SAT' || t.overflow === 'AP_SAT_SYM') return { raw: neg ? low : max, overflow: true };
  if (t.overflow === 'AP_SAT_ZERO') return { raw: 0n, overflow: true };
  const bits = toBits(rounded, W);
  const msb = W - 1;
  if (t.overflow === 'AP_WRAP') {
    if (N > 0 && !t.signed) for (let i = W - N; i < W; i++) bits[i] = true;
    if (N > 0 && t.signed) {
      bits[msb] = neg;
      for (let i = W - N; i < msb; i++) bits[i] = !neg;
    }
    return { raw: fromBits(bits, t.signed), overflow: true };
  }
  // AP_WRAP_SM (signed only)
  const invert = (): void => {
    for (let i = 0; i < W; i++) bits[i] = !bits[i];
  };
  if (N === 0) {
    const dropped = toBits(floor, W + 1)[W]!;
    if (dropped !== bits[msb]) invert();
  } else {
    if (N === 1 && neg !== bits[msb]) invert();
    if (N > 1) {
      if (bits[W - N] === neg) invert();
      for (let i = W - N; i < msb; i++) bits[i] = !neg;
    }
    bits[msb] = neg;
  }
  return { raw: fromBits(bits, true), overflow: true };
}

/** The reference quantization of a float64, with nnfab's documented special values (NaN → 0, ±Inf = ±2^1024). */
export function refQuantize(x: number, t: FixedType): { raw: bigint; overflow: boolean } {
  if (Number.isNaN(x)) return { raw: 0n, overflow: false };
  if (x === Infinity) return refConvert({ num: 2n ** 1024n, den: 1n }, t);
  if (x === -Infinity) return refConvert({ num: -(2n ** 1024n), den: 1n }, t);
  return refConvert(rationalOfDouble(x), t);
}

/**
 * Result types of exact arithmetic, as ap_fixed's operators define them (results use the default modes AP_TRN,
 * AP_WRAP, N = 0; integer operands count as ap_fixed<W,W>):
 *  - a + b: I = max(Ia + (sb ∧ ¬sa), Ib + (sa ∧ ¬sb)) + 1, F = max(Fa, Fb), signed = sa ∨ sb;
 *  - a − b: the same widths, always signed;
 *  - a · b: W = Wa + Wb, I = Ia + Ib, signed = sa ∨ sb;
 *  - a / int: W = Wa + s, I = Ia + s (s = 1 for a signed divisor), F unchanged (the quotient truncates toward zero).
 * Each result holds the exact result of every operand pair, so the raw arithmetic below never rounds.
 */
import { fixedType, fracBits, type FixedType } from '../ir/fixed-type.js';
import { invariant } from '../diagnostics/errors.js';

/** Integer bits of a sum/difference after sign alignment of the operands. */
function sumIntegerBits(a: FixedType, b: FixedType): number {
  return Math.max(a.integer + (b.signed && !a.signed ? 1 : 0), b.integer + (a.signed && !b.signed ? 1 : 0)) + 1;
}

/** Type of a + b (exact). */
export function addType(a: FixedType, b: FixedType): FixedType {
  const i = sumIntegerBits(a, b);
  return fixedType(i + Math.max(fracBits(a), fracBits(b)), i, a.signed || b.signed);
}

/** Type of a − b (exact, always signed). */
export function subType(a: FixedType, b: FixedType): FixedType {
  const i = sumIntegerBits(a, b);
  return fixedType(i + Math.max(fracBits(a), fracBits(b)), i, true);
}

/** Type of a · b (exact). */
export function mulType(a: FixedType, b: FixedType): FixedType {
  return fixedType(a.width + b.width, a.integer + b.integer, a.signed || b.signed);
}

/** Type of a / n for an integer n (C++ int is signed): the dividend's fraction bits, one more integer bit if signed. */
export function divByIntType(a: FixedType, divisorSigned = true): FixedType {
  const s = divisorSigned ? 1 : 0;
  return fixedType(a.width + s, a.integer + s, a.signed || divisorSigned);
}

/** Exact sum of raw·2^−fa and raw·2^−fb, as a raw at max(fa, fb) fraction bits. */
export function addRaw(a: bigint, fa: number, b: bigint, fb: number): { raw: bigint; frac: number } {
  const f = Math.max(fa, fb);
  return { raw: (a << BigInt(f - fa)) + (b << BigInt(f - fb)), frac: f };
}

/** Exact difference a − b (raws at fa, fb), as a raw at max(fa, fb) fraction bits. */
export function subRaw(a: bigint, fa: number, b: bigint, fb: number): { raw: bigint; frac: number } {
  return addRaw(a, fa, -b, fb);
}

/** Exact product (raws at fa, fb), as a raw at fa + fb fraction bits. */
export function mulRaw(a: bigint, fa: number, b: bigint, fb: number): { raw: bigint; frac: number } {
  return { raw: a * b, frac: fa + fb };
}

/** Compare raw·2^−fa with raw·2^−fb exactly: −1, 0 or 1. */
export function compareRaw(a: bigint, fa: number, b: bigint, fb: number): -1 | 0 | 1 {
  const f = Math.max(fa, fb);
  const x = a << BigInt(f - fa);
  const y = b << BigInt(f - fb);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ap_fixed / int: the raw quotient at the dividend's fraction bits, truncated toward zero. */
export function divByIntRaw(raw: bigint, divisor: bigint): bigint {
  invariant(divisor !== 0n, 'fixed-point division by zero');
  return raw / divisor; // BigInt division truncates toward zero
}

/** ap_fixed → int conversion: the integer part of raw·2^−frac, truncated toward zero. */
export function toIntRaw(raw: bigint, frac: number): bigint {
  return frac <= 0 ? raw << BigInt(-frac) : raw / (1n << BigInt(frac));
}

/** Float64 fast path of divByIntRaw (|raw| < 2^53). */
export function divByIntNumber(raw: number, divisor: number): number {
  invariant(divisor !== 0, 'fixed-point division by zero');
  return Math.trunc(raw / divisor) + 0;
}

/** Float64 fast path of toIntRaw (|raw| < 2^53). */
export function toIntNumber(raw: number, frac: number): number {
  return Math.trunc(raw / 2 ** frac) + 0;
}

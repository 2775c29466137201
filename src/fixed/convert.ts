/**
 * THE definition of every conversion into a fixed-point type (BigInt path, exact at any width).
 *
 * A value v (an exact float64, or an exact raw integer of another type) becomes a raw integer of type t in two steps,
 * as Xilinx ap_fixed does:
 *  1. rounding to the LSB 2^−F: floor(v·2^F) plus an increment decided by the rounding mode
 *     (TRN floor; TRN_ZERO toward zero; RND ties → +∞; RND_ZERO ties → 0; RND_MIN_INF ties → −∞;
 *      RND_INF ties away from 0; RND_CONV ties to even);
 *  2. overflow, when the rounded integer R lies outside [minRaw, maxRaw] (see overflow.ts).
 * Special values of float64 inputs: −0 → 0; NaN → 0 (event 'nonfinite'); ±Infinity → the value ±2^1024 (what
 * Xilinx's double constructor reads from the bit pattern) under the type's overflow mode: WRAP gives 0 (for I ≤ 1024),
 * SAT/SAT_SYM the max/min, SAT_ZERO 0, WRAP with N > 0 the saturated top N bits — event 'nonfinite'.
 * Deliberate differences from Xilinx's C++ headers, whose behaviour there is accidental: subnormal doubles are read
 * exactly (the header adds an implicit leading one, visible only for types with F > 1022), and a double in (−0.5, 0)
 * converted into an integer type gives 0 (ap_int's double constructor gives +1).
 */
import { fracBits, type FixedType, type RoundingMode } from '../ir/fixed-type.js';
import { assertNever } from '../diagnostics/errors.js';
import { decomposeDouble } from './decompose.js';
import { applyOverflow, type CastResult } from './overflow.js';

export type { CastEvent, CastResult } from './overflow.js';

/** Whether to add one to floor(v·2^F): rem = v·2^F − floor in units of 2^−k, half = 2^(k−1), floor's parity. */
export function roundIncrement(mode: RoundingMode, rem: bigint, half: bigint, floorOdd: boolean, negative: boolean): boolean {
  if (rem === 0n) return false;
  switch (mode) {
    case 'AP_TRN':
      return false;
    case 'AP_TRN_ZERO':
      return negative;
    case 'AP_RND':
      return rem >= half;
    case 'AP_RND_ZERO':
      return rem > half || (rem === half && negative);
    case 'AP_RND_MIN_INF':
      return rem > half;
    case 'AP_RND_INF':
      return rem > half || (rem === half && !negative);
    case 'AP_RND_CONV':
      return rem > half || (rem === half && floorOdd);
    default:
      return assertNever(mode, 'rounding mode');
  }
}

/** Convert the exact value mantissa · 2^exponent into t: rounding, then overflow. */
export function convertExact(mantissa: bigint, exponent: number, t: FixedType): CastResult {
  const s = exponent + fracBits(t); // v·2^F = mantissa · 2^s
  if (s >= 0) {
    const r = mantissa << BigInt(s);
    return applyOverflow(r, r, t);
  }
  const k = BigInt(-s);
  const floor = mantissa >> k; // BigInt >> floors for negative numbers
  const rem = mantissa - (floor << k);
  const inc = roundIncrement(t.rounding, rem, 1n << (k - 1n), (floor & 1n) === 1n, mantissa < 0n);
  return applyOverflow(floor, inc ? floor + 1n : floor, t);
}

/** Quantize a float64 into t exactly, reporting what happened (ok / wrap / sat / zero / nonfinite). */
export function quantize(x: number, t: FixedType): CastResult {
  if (Number.isNaN(x)) return { raw: 0n, event: 'nonfinite', outOfRange: false };
  const d = decomposeDouble(x);
  const r = convertExact(d.mantissa, d.exponent, t);
  return Number.isFinite(x) ? r : { raw: r.raw, event: 'nonfinite', outOfRange: r.outOfRange };
}

/** Quantize a float64 into t exactly; the raw integer (value = raw · 2^−F). */
export function quantizeToRaw(x: number, t: FixedType): bigint {
  return quantize(x, t).raw;
}

/** Re-quantize the exact value raw · 2^−fromFrac into t (rounding, then overflow), reporting the event. */
export function cast(raw: bigint, fromFrac: number, t: FixedType): CastResult {
  return convertExact(raw, -fromFrac, t);
}

/** Re-quantize the exact value raw · 2^−fromFrac into t; the new raw integer. */
export function castRaw(raw: bigint, fromFrac: number, t: FixedType): bigint {
  return convertExact(raw, -fromFrac, t).raw;
}

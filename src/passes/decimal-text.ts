/**
 * hls4ml's weight text: each weight is written with Python's '{:.Nf}' (the exact binary value rounded to N
 * decimals, exact ties to even; N = fraction bits of the weight type, 0 for integer types) and the C++ compiler
 * reads that text back as the nearest double, which is then converted to the weight type.
 */
import { decomposeDouble, isIntType, quantizeToRaw, rawToNumber, type FixedType } from '../fixed/index.js';

/** The text Python's '{:.' + digits + 'f}'.format(x) gives for a finite double x. */
export function formatDecimalFixed(x: number, digits: number): string {
  const { mantissa, exponent } = decomposeDouble(x);
  const negative = mantissa < 0n || Object.is(x, -0);
  const m = mantissa < 0n ? -mantissa : mantissa;
  const scaled = m * 10n ** BigInt(digits);
  let q: bigint;
  if (exponent >= 0) {
    q = scaled << BigInt(exponent);
  } else {
    const den = 1n << BigInt(-exponent);
    q = scaled / den;
    const twice = 2n * (scaled - q * den);
    if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  return negative ? `-${body}` : body;
}

/** Number of decimals hls4ml writes for a weight of type t. */
export function weightDigits(t: FixedType): number {
  return isIntType(t) ? 0 : Math.max(0, t.width - t.integer);
}

/** x after the text round trip: written with `digits` decimals, read back as the nearest double. */
export function decimalRoundTrip(x: number, digits: number): number {
  return Number.isFinite(x) ? Number(formatDecimalFixed(x, digits)) : x;
}

/**
 * The value of weight x in type t as hls4ml's C simulation has it: text round trip, then conversion with t's
 * rounding and overflow. Exact as a double when t is at most 53 bits wide.
 */
export function quantizeWeightValue(x: number, t: FixedType): number {
  const d = decimalRoundTrip(x, weightDigits(t));
  if (t.width > 53) return d;
  return rawToNumber(quantizeToRaw(d, t), t.width - t.integer);
}

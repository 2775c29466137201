/**
 * hls4ml's weight text: each weight is written with Python's '{:.Nf}' (the exact binary value rounded to N
 * decimals, exact ties to even; N = fraction bits of the weight type, 0 for integer types) and the C++ compiler
 * reads that text back as the nearest double, which is then converted to the weight type.
 */
import { decomposeDouble, isIntType, makeQuantizer, quantizeToRaw, rawToNumber, type FixedType } from '../fixed/index.js';

/**
 * The text Python's '{:.' + digits + 'f}'.format(x) gives for a finite double x. JavaScript's toFixed rounds the
 * exact value too and differs only on exact ties (it rounds those away from zero) and on −0; a tie needs
 * x·2^(digits+1) to be an integer, so everything else takes the fast toFixed path.
 */
export function formatDecimalFixed(x: number, digits: number): string {
  if (digits <= 100 && Math.abs(x) < 1e21 && !Object.is(x, -0) && !Number.isInteger(x * 2 ** (digits + 1))) return x.toFixed(digits);
  return formatDecimalExact(x, digits);
}

/** formatDecimalFixed by exact BigInt arithmetic (any x, any digits). */
export function formatDecimalExact(x: number, digits: number): string {
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

/** quantizeWeightValue over a whole tensor, with the float64 fast path of the fixed core. */
export function quantizeWeightArray(data: Float64Array, t: FixedType): Float64Array {
  const digits = weightDigits(t);
  if (t.width > 53) return data.map((v) => decimalRoundTrip(v, digits));
  const q = makeQuantizer(t);
  const frac = t.width - t.integer;
  return data.map((v) => rawToNumber(q(decimalRoundTrip(v, digits)), frac));
}

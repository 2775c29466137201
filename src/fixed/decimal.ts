/** Exact decimal and float64 views of raw fixed-point values, and the decimal input rule of nnfab. */
import { fail, type Location } from '../diagnostics/errors.js';
import { scalePow2 } from './range.js';

/**
 * The exact decimal value of raw · 2^−frac: every binary fraction has a finite decimal expansion
 * (raw · 5^F / 10^F). No exponent notation, no trailing zeros, "0" for zero: "1.28125", "-7.75", "96".
 */
export function rawToDecimal(raw: bigint, frac: number): string {
  if (frac <= 0) return (raw << BigInt(-frac)).toString();
  const negative = raw < 0n;
  const digits = ((negative ? -raw : raw) * 5n ** BigInt(frac)).toString().padStart(frac + 1, '0');
  const intPart = digits.slice(0, digits.length - frac);
  const fracPart = digits.slice(digits.length - frac).replace(/0+$/, '');
  const body = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
  return negative && body !== '0' ? `-${body}` : body;
}

/**
 * raw · 2^−frac as a float64. Exact when |raw| < 2^53 (and the result is not subnormal); otherwise rounded to
 * nearest, ties to even — what ap_fixed's to_double does.
 */
export function rawToNumber(raw: bigint | number, frac: number): number {
  return scalePow2(typeof raw === 'bigint' ? Number(raw) : raw, -frac) + 0;
}

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const SPECIAL: Readonly<Record<string, number>> = {
  nan: NaN,
  inf: Infinity,
  infinity: Infinity,
};

/**
 * Parse a decimal value as a C++ program would read it: the text becomes the nearest float64 (round to nearest,
 * ties to even — like strtod; "1.3" is 1.3000000000000000444…), which is then quantized exactly. Also accepts
 * inf, -inf, infinity and nan (any case). Anything else is error E108.
 */
export function parseDecimal(text: string, location?: Location): number {
  const s = text.trim();
  if (DECIMAL_RE.test(s)) return Number(s);
  const sign = s.startsWith('-') ? -1 : 1;
  const word = s.replace(/^[+-]/, '').toLowerCase();
  if (word in SPECIAL) return sign * SPECIAL[word]!;
  return fail('E108', { value: text }, location ?? {});
}

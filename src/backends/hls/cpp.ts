/** C++ spelling helpers for the HLS writer: identifiers, types, exact literals, constant arrays. */
import { formatCppType, fracBits, type FixedType } from '../../ir/fixed-type.js';
import { rawToDecimal } from '../../fixed/index.js';
import type { WeightType } from '../../ir/graph.js';
import { fail } from '../../diagnostics/errors.js';

/** A C++ identifier from a model name (non-identifier characters become '_'). */
export function cppIdent(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) || s === '' ? `v_${s}` : s;
}

/** The ap_fixed / ap_ufixed / ap_int spelling of a fixed type. */
export function cppType(t: FixedType): string {
  return formatCppType(t);
}

/** The C++ type of a weight type (exponent types are not emitted: po2 weights are stored as their exact values). */
export function cppWeightType(t: WeightType): string {
  if ('kind' in t) return t.kind === 'xnor' ? 'ap_int<2>' : 'ap_int<2>';
  return cppType(t);
}

/** Exact decimal literal of raw·2^-frac (exact as a C++ double because the types are at most 53 bits wide). */
export function cppLiteral(raw: number | bigint, frac: number): string {
  const r = BigInt(raw);
  if ((r < 0n ? -r : r) >= 1n << 53n) fail('E612', { value: rawToDecimal(r, frac) });
  const s = rawToDecimal(r, frac);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** The smallest exact fixed type holding a finite double c (all 53 significand bits kept when needed). */
export function exactConstType(c: number): FixedType {
  let k = 0;
  let m = c;
  while (!Number.isInteger(m) && k < 1100) {
    m *= 2;
    k++;
  }
  // m is an integer with |m| < 2^53 (or c is a large integer); width covers |m| plus a sign bit
  const bits = Math.max(1, Math.ceil(Math.log2(Math.abs(m) + 1))) + 1;
  if (bits > 54) fail('E604', { node: '', op: 'constant', reason: `constant ${c} needs more than 53 bits`, supported: 'constants exact in 53 bits' });
  return { width: bits, integer: bits - k, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
}

/** A `static const T name[n] = {...};` definition, 8 values per line. */
export function cppArray(type: string, name: string, values: readonly string[], comment?: string): string {
  const body = values.length === 0 ? ['0'] : values;
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 8) lines.push('    ' + body.slice(i, i + 8).join(', ') + (i + 8 < body.length ? ',' : ''));
  return `${comment ? `// ${comment}\n` : ''}static const ${type} ${name}[${body.length}] = {\n${lines.join('\n')}\n};\n`;
}

/** Literals of raw integers (stored in a Float64Array) of a fixed type. */
export function rawLiterals(raw: ArrayLike<number>, t: FixedType): string[] {
  const f = fracBits(t);
  return Array.from({ length: raw.length }, (_, i) => cppLiteral(raw[i]!, f));
}

/** ⌈log2 n⌉ bits for an unsigned index up to n − 1 (at least 1). */
export function indexBits(n: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(2, n))));
}

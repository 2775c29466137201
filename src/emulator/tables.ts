/**
 * hls4ml's lookup tables (Vivado/Vitis templates): their entries (computed in float32 as hls4ml does, then
 * converted to table_t) and their index rules. Tables depend only on (function, size, type), so they are cached.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import { newOverflowCounts, quantizeNum } from './arith.js';

/** Element-wise functions computed through a table. */
export type TableFn = 'sigmoid' | 'tanh' | 'softplus' | 'softsign' | 'elu' | 'selu';

const f32 = Math.fround;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;

/** The float value hls4ml stores in entry i of an N-entry table of `fn`, before conversion to table_t. */
export function tableEntryValue(fn: TableFn, i: number, n: number): number {
  switch (fn) {
    case 'sigmoid':
      return f32(1 / f32(1 + f32(Math.exp(-f32((16 * (i - n / 2)) / n)))));
    case 'tanh':
      return Math.tanh(f32((8 * (i - n / 2)) / n));
    case 'softplus':
      return f32(Math.log(f32(Math.exp(f32((16 * (i - n / 2)) / n))) + 1));
    case 'softsign': {
      const x = f32((16 * (i - n / 2)) / n);
      return f32(x / (Math.abs(x) + 1));
    }
    case 'elu':
      return f32(f32(Math.exp(f32((-8 * i) / n))) - 1);
    case 'selu':
      return f32(SELU_SCALE * (SELU_ALPHA * (f32(Math.exp(f32((-8 * i) / n))) - 1)));
  }
}

const tableCache = new Map<string, Float64Array>();

/** Raw table_t integers of the N-entry table of `fn`. */
export function lookupTable(fn: TableFn, n: number, t: FixedType): Float64Array {
  const key = `${fn}|${n}|${t.width},${t.integer},${t.signed},${t.rounding},${t.overflow},${t.satBits}`;
  let tab = tableCache.get(key);
  if (tab === undefined) {
    tab = new Float64Array(n);
    const scratch = newOverflowCounts();
    for (let i = 0; i < n; i++) tab[i] = quantizeNum(tableEntryValue(fn, i, n), t, scratch);
    tableCache.set(key, tab);
  }
  return tab;
}

/** trunc(raw·mul / (div·2^frac)) toward zero, exactly (hls4ml: ap_fixed · int / int, then int conversion). */
export function truncScaled(raw: number, frac: number, mul: number, div: number): number {
  const num = raw * mul;
  const den = div * 2 ** frac;
  const sq = Math.sign(num) * Math.sign(den);
  let q = Math.trunc(num / den);
  // the float division may round across an integer: fix the quotient with the exact remainder
  const r = num - q * den;
  if (r !== 0 && Math.sign(r) !== Math.sign(num)) q -= sq;
  else if (Math.abs(r) >= Math.abs(den)) q += sq;
  return q;
}

/** Index rule of a table function: the table index for input raw x of fraction bits `frac`, before clamping. */
export function tableIndex(fn: TableFn, raw: number, frac: number, n: number): number {
  switch (fn) {
    case 'sigmoid':
    case 'softplus':
    case 'softsign':
      return truncScaled(raw, frac, n, 16) + Math.floor(n / 2);
    case 'tanh':
      return truncScaled(raw, frac, n, 8) + Math.floor(n / 2);
    case 'elu':
    case 'selu':
      return truncScaled(raw, frac, n, -8);
  }
}

/** The float value of raw integer x of type t. */
export function valueOf(raw: number, t: FixedType): number {
  return raw * 2 ** -fracBits(t);
}

/**
 * Value intervals for the overflow-safe types: per channel (last axis) bounds [lo, hi], or a single pair that
 * applies to every element. Bounds are of real values, wide enough to include every rounding on the way.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { maxValue, minValue } from '../fixed/index.js';
import type { ConvOp, DenseOp } from '../ir/ops.js';

/** Bounds per channel; arrays of length 1 broadcast to every channel. */
export interface Bounds {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** One interval for all channels. */
export function scalar(lo: number, hi: number): Bounds {
  return { lo: Float64Array.of(lo), hi: Float64Array.of(hi) };
}

/** The range of a type. */
export function typeBounds(t: FixedType): Bounds {
  return scalar(minValue(t), maxValue(t));
}

/** All channels merged into one interval (for shape-changing ops). */
export function collapse(b: Bounds): Bounds {
  return scalar(Math.min(...b.lo), Math.max(...b.hi));
}

/** Apply f to every channel's interval. */
export function mapBounds(b: Bounds, f: (lo: number, hi: number) => [number, number]): Bounds {
  const lo = new Float64Array(b.lo.length);
  const hi = new Float64Array(b.lo.length);
  for (let c = 0; c < lo.length; c++) [lo[c], hi[c]] = f(b.lo[c]!, b.hi[c]!);
  return { lo, hi };
}

const at = (a: Float64Array, i: number): number => a[a.length === 1 ? 0 : i]!;

/** Outward rounding of an interval to a grid of 2^-frac (covers every rounding mode). */
export function onGrid(b: Bounds, frac: number): Bounds {
  const s = 2 ** frac;
  return mapBounds(b, (lo, hi) => [Math.floor(lo * s) / s, Math.ceil(hi * s) / s]);
}

/** Bounds of every partial sum of bias + Σ products, for each output channel (sums in index order). */
export interface SumBounds {
  /** The range of the final sum. */
  readonly total: Bounds;
  /** The range any partial sum (bias first, then product by product) can reach. */
  readonly partial: Bounds;
  /** Products per output (for rounding slack). */
  readonly terms: number;
}

function productRange(w: number, lo: number, hi: number): [number, number] {
  const a = w * lo;
  const b = w * hi;
  return [Math.min(a, b), Math.max(a, b)];
}

/** Dense y[j] = b[j] + Σ_i x[i]·w[i, j]. */
export function denseSums(op: DenseOp, x: Bounds): SumBounds {
  const [nIn, nOut] = op.weight.shape as [number, number];
  const w = op.weight.data;
  const terms = (j: number, add: (i: number, c: number) => void) => {
    for (let i = 0; i < nIn; i++) add(i * nOut + j, i);
  };
  return sums(nOut, nIn, (j) => op.bias?.data[j] ?? 0, terms, w, x, false);
}

/** Conv: each output channel sums kernel × input-channel products of its group (zero padding counted). */
export function convSums(op: ConvOp, x: Bounds): SumBounds {
  const shape = op.weight.shape;
  const cout = shape[shape.length - 1]!;
  const cinG = shape[shape.length - 2]!;
  const taps = op.weight.data.length / (cout * cinG);
  const perGroup = cout / op.groups;
  const padded = op.pads.some((p) => p > 0);
  const terms = (co: number, add: (i: number, c: number) => void) => {
    const g = Math.floor(co / perGroup);
    for (let k = 0; k < taps; k++) for (let ci = 0; ci < cinG; ci++) add((k * cinG + ci) * cout + co, g * cinG + ci);
  };
  return sums(cout, taps * cinG, (co) => op.bias?.data[co] ?? 0, terms, op.weight.data, x, padded);
}

function sums(
  nOut: number,
  nTerms: number,
  bias: (j: number) => number,
  terms: (j: number, add: (wIndex: number, channel: number) => void) => void,
  w: Float64Array,
  x: Bounds,
  withZero: boolean,
): SumBounds {
  const total = { lo: new Float64Array(nOut), hi: new Float64Array(nOut) };
  const partial = { lo: new Float64Array(nOut), hi: new Float64Array(nOut) };
  for (let j = 0; j < nOut; j++) {
    const b = bias(j);
    let [tlo, thi, plo, phi] = [b, b, b, b];
    terms(j, (wi, c) => {
      let [lo, hi] = productRange(w[wi]!, at(x.lo, c), at(x.hi, c));
      if (withZero) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
      tlo += lo;
      thi += hi;
      plo += Math.min(lo, 0);
      phi += Math.max(hi, 0);
    });
    [total.lo[j], total.hi[j], partial.lo[j], partial.hi[j]] = [tlo, thi, plo, phi];
  }
  return { total, partial, terms: nTerms };
}

/** Widen an interval by `n` steps of 2^-frac on each side (rounding slack of n conversions). */
export function widen(b: Bounds, frac: number, n: number): Bounds {
  const d = n * 2 ** -frac;
  return mapBounds(b, (lo, hi) => [lo - d, hi + d]);
}

/** Integer bits beyond which the safe types give up (E411). */
export const INTEGER_BITS_LIMIT = 1024;

/** Smallest integer-bit count I so that a type with `frac` fraction bits holds [lo, hi]; signed if lo < 0. */
export function integerBitsFor(lo: number, hi: number, frac: number, signed: boolean): number {
  const step = 2 ** -frac;
  let i = 1 - frac; // width at least 1
  const fits = (I: number) => (signed ? lo >= -(2 ** (I - 1)) && hi <= 2 ** (I - 1) - step : lo >= 0 && hi <= 2 ** I - step);
  while (!fits(i)) {
    i++;
    if (i > INTEGER_BITS_LIMIT) return Infinity;
  }
  return i;
}

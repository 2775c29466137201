/**
 * The `stable` / `latency` table softmax over a whole tensor in integer arithmetic, for the common narrow types
 * (≤ 31 bits; x_max − x_i, the exp sum and the result TRN/WRAP). Same meaning as softmax.ts's per-row kernel and
 * the same counts: table entries are converted to accum_t once, with the event each conversion makes recorded, and
 * every use adds that event; the exp sum follows hls4ml's tree (softmax.ts treeSum) as a precomputed step list.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits, sameFixedType } from '../ir/fixed-type.js';
import { makeCaster, maxRawNum, minRawNum, newOverflowCounts, type OverflowCounts } from './arith.js';
import type { PointStats } from './stats.js';
import { nativeSoftmax, type NativeSoftmax } from './native.js';

/** Everything the fast softmax needs, prepared by softmax.ts. */
export interface FastSoftmaxArgs {
  readonly stable: boolean;
  readonly x: FixedType;
  readonly normT: FixedType;
  readonly accum: FixedType;
  readonly invInp: FixedType;
  readonly result: FixedType;
  readonly expTab: Float64Array;
  readonly expT: FixedType;
  readonly expBits: number;
  readonly invTab: Float64Array;
  readonly invT: FixedType;
  readonly invBits: number;
  readonly norm: PointStats;
  readonly sum: PointStats;
  readonly inv: PointStats;
  readonly res: PointStats;
}

const plainWrap = (t: FixedType): boolean => t.rounding === 'AP_TRN' && t.overflow === 'AP_WRAP' && t.satBits === 0 && t.width <= 31;

/** Whether the fast path applies to these types. */
export function fastSoftmaxApplies(a: Pick<FastSoftmaxArgs, 'x' | 'normT' | 'accum' | 'result' | 'invInp' | 'invT' | 'stable'>): boolean {
  const normOk = a.stable ? plainWrap(a.normT) && !a.normT.signed && fracBits(a.normT) === fracBits(a.x) : true;
  // e·(1/Σ) must be an exact float64 product
  const productOk = a.accum.width + a.invT.width <= 52;
  return a.x.width <= 31 && normOk && a.normT.width <= 31 && plainWrap(a.accum) && plainWrap(a.result) && a.invInp.width <= 31 && productOk;
}

const MASK = { outOfRange: 1, wrapped: 2, saturated: 4, zeroed: 8, nonFinite: 16 } as const;

/** Add the event recorded as a bit mask. */
function addMask(c: OverflowCounts, m: number): void {
  if (m & 1) c.outOfRange++;
  if (m & 2) c.wrapped++;
  if (m & 4) c.saturated++;
  if (m & 8) c.zeroed++;
  if (m & 16) c.nonFinite++;
}

/** A table converted into accum_t: the values, each conversion's event as a mask, and the largest magnitude. */
interface ConvertedTable {
  readonly v: Float64Array;
  readonly ev: Uint8Array;
  readonly maxAbs: number;
}

/** A table's entries converted into t (from `frac` fraction bits), with each conversion's event as a mask. */
function convertTable(tab: Float64Array, frac: number, t: FixedType): ConvertedTable {
  const v = new Float64Array(tab.length);
  const ev = new Uint8Array(tab.length);
  for (let i = 0; i < tab.length; i++) {
    const c = newOverflowCounts();
    v[i] = makeCaster(frac, t, c)(tab[i]!);
    let m = 0;
    for (const k of Object.keys(MASK) as (keyof typeof MASK)[]) if (c[k] > 0) m |= MASK[k];
    ev[i] = m;
  }
  return { v, ev, maxAbs: v.reduce((mx, e) => Math.max(mx, Math.abs(e)), 0) };
}

// per table: each target type and the conversion into it
const converted = new WeakMap<Float64Array, { t: FixedType; frac: number; c: ConvertedTable }[]>();

/** convertTable, cached per table and target. */
function convertedTable(tab: Float64Array, frac: number, t: FixedType): ConvertedTable {
  let list = converted.get(tab);
  if (list === undefined) converted.set(tab, (list = []));
  const hit = list.find((e) => e.frac === frac && sameFixedType(e.t, t));
  if (hit !== undefined) return hit.c;
  const c = convertTable(tab, frac, t);
  list.push({ t, frac, c });
  return c;
}

const stepsCache = new Map<number, Int32Array>();

/** treeSteps, cached per n. */
function treeStepsOf(n: number): Int32Array {
  let s = stepsCache.get(n);
  if (s === undefined) stepsCache.set(n, (s = treeSteps(n)));
  return s;
}

/** hls4ml's reduce tree over n leaves as steps [dst, a, b] over slots (leaves 0..n−1, sums from n on). */
function treeSteps(n: number): Int32Array {
  const steps: number[] = [];
  let next = n;
  const build = (lo: number, len: number): number => {
    if (len === 1) return lo;
    const left = len === 2 ? 1 : 2 ** Math.floor(Math.log2(len - 1));
    const a = build(lo, left);
    const b = build(lo + left, len - left);
    steps.push(next, a, b);
    return next++;
  };
  build(0, n);
  return Int32Array.from(steps);
}

/** Wrap v (an integer) into [lo, lo + m) — two's complement for signed types, modulo for unsigned ones. */
function wrapInto(v: number, lo: number, m: number, inv: number): number {
  return v - m * Math.floor((v - lo) * inv);
}

/** The constants of one run, computed once (powers of two multiply exactly, so no division is needed). */
function constants(a: FastSoftmaxArgs, n: number) {
  const fa = fracBits(a.accum);
  const exp = convertedTable(a.expTab, fracBits(a.expT), a.accum);
  // every accum_t value is an inv_inp_t value (no fraction bit lost, range inside): the conversion is a scaling
  const invShift = fracBits(a.invInp) - fa;
  const invExact = invShift >= 0 && minRawNum(a.accum) * 2 ** invShift >= minRawNum(a.invInp) && maxRawNum(a.accum) * 2 ** invShift <= maxRawNum(a.invInp);
  return {
    n, stable: a.stable, expV: exp.v, expEv: exp.ev, invTab: a.invTab, expMaxAbs: exp.maxAbs,
    normHi: maxRawNum(a.normT), normM: 2 ** a.normT.width, normInv: 2 ** -a.normT.width,
    expShift: a.normT.width - a.expBits, expN: 2 ** a.expBits,
    aLo: minRawNum(a.accum), aHi: maxRawNum(a.accum), aM: 2 ** a.accum.width, aInv: 2 ** -a.accum.width,
    toInv: invExact ? null : makeCaster(fa, a.invInp, a.inv.counts), invScale: 2 ** invShift,
    invSh: 2 ** -(a.invInp.width - a.invBits), invN: 2 ** a.invBits,
    resScale: 2 ** (fracBits(a.result) - fa - fracBits(a.invT)),
    rLo: minRawNum(a.result), rHi: maxRawNum(a.result), rM: 2 ** a.result.width, rInv: 2 ** -a.result.width,
    steps: treeStepsOf(n), slots: new Float64Array(2 * n),
    nk: a.norm.counts, sk: a.sum.counts, rk: a.res.counts,
  };
}
type Consts = ReturnType<typeof constants>;

/** Run the softmax over rows of n values (x and out raw, row-major). */
export function fastSoftmax(a: FastSoftmaxArgs, n: number, x: Float64Array, out: Float64Array): void {
  const rows = x.length / n;
  if (a.stable) a.norm.total += rows * n;
  a.sum.total += rows * n;
  a.inv.total += rows;
  a.res.total += rows * n;
  const k = constants(a, n);
  const { slots, expV, expEv, stable, normHi, normM, normInv, expShift, expN, nk, sk, invTab, invScale, toInv, invSh, invN } = k;
  const { rLo, rHi, rM, rInv, rk, resScale } = k;
  // when n entries of the table cannot leave accum_t whatever they are, neither can any partial sum: the tree's
  // order changes nothing and the sum is a plain one
  const plain = n * k.expMaxAbs <= Math.min(k.aHi, -k.aLo);
  const native = toInv === null ? nativeSoftmax() : null;
  if (native !== null) {
    runNative(native, k, plain, a.invTab, x, out);
    return;
  }
  for (let b = 0; b < x.length; b += n) {
    let xmax = x[b]!;
    if (stable) for (let i = 1; i < n; i++) if (x[b + i]! > xmax) xmax = x[b + i]!;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let d = stable ? xmax - x[b + i]! : x[b + i]!;
      if (stable && d > normHi) {
        nk.outOfRange++;
        nk.wrapped++;
        d = wrapInto(d, 0, normM, normInv);
      }
      // d is an integer inside int32 (x ≤ 31 bits; a stable difference wrapped into norm_t ≤ 31 bits): a shift
      let idx = (d | 0) >> expShift;
      if (idx < 0) idx += expN;
      const e = expV[idx]!;
      const ev = expEv[idx]!;
      slots[i] = e;
      sum += e;
      if (ev !== 0) addMask(sk, ev);
    }
    if (!plain) sum = treeSum(k);
    const si = toInv === null ? sum * invScale : toInv(sum);
    let ii = Math.floor(si * invSh);
    if (ii < 0) ii += invN;
    // out = e_i · (1/Σ) into result_t (TRN: floor; WRAP), counted
    const f = invTab[ii]! * resScale;
    for (let i = 0; i < n; i++) {
      let v = Math.floor(slots[i]! * f);
      if (v < rLo || v > rHi) {
        rk.outOfRange++;
        rk.wrapped++;
        v = wrapInto(v, rLo, rM, rInv);
      }
      out[b + i] = v + 0; // −0 (a zero times a negative entry) is 0
    }
  }
}

/** The rows on the native softmax (the same steps in the same float64 operations); its counts added to the points. */
function runNative(native: NativeSoftmax, k: Consts, plain: boolean, invTab: Float64Array, x: Float64Array, out: Float64Array): void {
  const params = Float64Array.of(
    k.stable ? 1 : 0, plain ? 1 : 0, k.expShift, k.expN, k.normHi, k.normM, k.normInv, k.aLo, k.aHi, k.aM, k.aInv,
    k.invScale, k.invSh, k.invN, k.resScale, k.rLo, k.rHi, k.rM, k.rInv,
  );
  const c = new Float64Array(9);
  native(x, out, k.n, k.expV, k.expEv, invTab, k.steps, params, c);
  k.nk.outOfRange += c[0]!;
  k.nk.wrapped += c[1]!;
  (['outOfRange', 'wrapped', 'saturated', 'zeroed', 'nonFinite'] as const).forEach((e, i) => (k.sk[e] += c[2 + i]!));
  k.rk.outOfRange += c[7]!;
  k.rk.wrapped += c[8]!;
}

/** The exp sum by hls4ml's tree over the slots, every partial sum wrapped into accum_t and counted. */
function treeSum(k: Consts): number {
  const { steps, slots, aLo, aHi, aM, aInv, sk } = k;
  if (k.n === 1) return slots[0]!;
  for (let s = 0; s < steps.length; s += 3) {
    let v = slots[steps[s + 1]!]! + slots[steps[s + 2]!]!;
    if (v < aLo || v > aHi) {
      sk.outOfRange++;
      sk.wrapped++;
      v = wrapInto(v, aLo, aM, aInv);
    }
    slots[steps[s]!] = v;
  }
  return slots[steps[steps.length - 3]!]!;
}

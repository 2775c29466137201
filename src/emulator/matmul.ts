/**
 * The product-accumulate core shared by Dense and Conv (hls4ml's dense kernels, latency and resource alike):
 * every product is exact, then converted to accum_t; the accumulator starts at (accum_t) bias[j] and adds the
 * products in input-index order, each sum converted to accum_t; the final sum is converted to the result type.
 * Three implementations with one meaning: a fast float64 kernel (TRN products, WRAP accumulator), a general
 * float64 kernel (any modes, through castNum), and an exact BigInt kernel for wide types.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import { castBig, castNum, makeCaster, maxRawNum, minRawNum, safeNumber, type OverflowCounts } from './arith.js';
import type { PreparedWeights } from './weights.js';
import type { PointStats } from './stats.js';
import { matmulSimd } from './matmul-simd.js';

/** Operands of one matrix product: `rows` input vectors of length nIn, weights [nIn, nOut]. */
export interface MatmulArgs {
  readonly x: Float64Array;
  readonly rows: number;
  readonly nIn: number;
  readonly nOut: number;
  readonly xType: FixedType;
  readonly w: PreparedWeights;
  /** Raw accum_t integers the accumulators start from. */
  readonly biasAcc: Float64Array;
  readonly accum: FixedType;
  readonly result: FixedType;
}

/** Counters of the three conversion points of a product-accumulate. */
export interface MatmulCounters {
  readonly product: PointStats;
  readonly accum: PointStats;
  readonly result: PointStats;
}

/**
 * Which kernel computes a product exactly: 'fast' (int32 WebAssembly SIMD or float64, by the widths) | 'scalar' (the
 * fast kernels without SIMD) | 'general' (float64, any modes) or 'big' (BigInt).
 */
export type MatmulPath = 'fast' | 'scalar' | 'general' | 'big';

/** The product type hls4ml uses for a power-of-two weight: ap_fixed<2(Wx+Ww), Wx+Ww>. */
export function po2ProductType(xType: FixedType, expWidth: number): FixedType {
  const n = xType.width + expWidth;
  return { width: 2 * n, integer: n, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
}

/** Choose the kernel from the widths involved. */
export function choosePath(a: Pick<MatmulArgs, 'xType' | 'w' | 'accum'>): MatmulPath {
  const prodWidth = a.w.kind === 'fixed' ? a.xType.width + a.w.width : po2ProductType(a.xType, a.w.expWidth).width;
  if (prodWidth > 53 || a.accum.width > 52) return 'big';
  const acc = a.accum;
  if (acc.overflow === 'AP_WRAP' && acc.satBits === 0 && acc.rounding === 'AP_TRN') return 'fast';
  return 'general';
}

/** Run the product-accumulate with the kernel `path` (default: chosen from the widths). */
export function matmul(a: MatmulArgs, c: MatmulCounters, requested: MatmulPath = choosePath(a)): Float64Array {
  // the fast kernels exist only for TRN products into a WRAP accumulator: a forced 'fast' elsewhere means 'auto'
  const fastOk = choosePath(a) === 'fast';
  const path = (requested === 'fast' || requested === 'scalar') && !fastOk ? choosePath(a) : requested;
  const n = a.rows * a.nIn * a.nOut;
  c.product.total += n;
  c.accum.total += n;
  c.result.total += a.rows * a.nOut;
  if ((path === 'fast' || path === 'scalar') && a.w.kind === 'fixed') {
    if (!int32Fits(a, a.w.raw, a.w.frac)) return matmulFast(a, a.w.raw, a.w.frac, c);
    return (path === 'fast' ? matmulInt32Simd(a, a.w.raw, a.w.frac, c) : null) ?? matmulInt32(a, a.w.raw, a.w.frac, c);
  }
  if ((path === 'fast' || path === 'scalar') && a.w.kind === 'po2') return matmulPo2Fast(a, a.w, c);
  if (path === 'big') return matmulBig(a, c);
  return matmulGeneral(a, c);
}

/**
 * TRN products into a WRAP accumulator: floor(x·w·2^-s) is one exact float64 multiply and floor; wrapping is
 * modular, applied (and counted) only when a value leaves the accumulator's range. Zero inputs add nothing.
 */
function matmulFast(a: MatmulArgs, w: Float64Array, wFrac: number, c: MatmulCounters): Float64Array {
  const { x, rows, nIn, nOut, accum } = a;
  const scale = 2 ** (fracBits(accum) - fracBits(a.xType) - wFrac);
  const lo = minRawNum(accum);
  const hi = maxRawNum(accum);
  const m = 2 ** accum.width;
  const wT = transposed(w, nIn, nOut);
  const out = new Float64Array(rows * nOut);
  const toResult = makeCaster(fracBits(accum), a.result, c.result.counts);
  const nzIdx = new Int32Array(nIn);
  const nzVal = new Float64Array(nIn);
  const maxW = w.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
  const maxB = a.biasAcc.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
  const signed = accum.signed;
  let pOv = 0;
  let sOv = 0;
  for (let r = 0; r < rows; r++) {
    // only non-zero inputs contribute (a zero product adds nothing and never overflows)
    let nz = 0;
    const xb = r * nIn;
    for (let i = 0; i < nIn; i++) {
      const xv = x[xb + i]!;
      if (xv !== 0) {
        nzIdx[nz] = i;
        nzVal[nz++] = xv * scale;
      }
    }
    const ob = r * nOut;
    if (signed && nz + sumAbs(nzVal, nz) * maxW + maxB <= hi) {
      // no product and no partial sum of this row can leave accum_t's range: the plain exact sum is the same
      for (let j = 0; j < nOut; j++) {
        const wb = j * nIn;
        let s = a.biasAcc[j]!;
        for (let t = 0; t < nz; t++) s += Math.floor(nzVal[t]! * wT[wb + nzIdx[t]!]!);
        out[ob + j] = toResult(s);
      }
      continue;
    }
    for (let j = 0; j < nOut; j++) {
      const wb = j * nIn;
      let s = a.biasAcc[j]!;
      for (let t = 0; t < nz; t++) {
        let p = Math.floor(nzVal[t]! * wT[wb + nzIdx[t]!]!);
        if (p < lo || p > hi) {
          pOv++;
          p -= m * Math.floor((p - lo) / m);
        }
        s += p;
        if (s > hi) {
          sOv++;
          s -= m;
        } else if (s < lo) {
          sOv++;
          s += m;
        }
      }
      out[ob + j] = toResult(s);
    }
  }
  addWraps(c.product.counts, pOv);
  addWraps(c.accum.counts, sOv);
  return out;
}

/** Σ |v[t]| for t < n (int32 values, summed in float64). */
function sumAbsInt(v: Int32Array, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += Math.abs(v[t]!);
  return s;
}

/** Σ |v[t]| for t < n. */
function sumAbs(v: Float64Array, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += Math.abs(v[t]!);
  return s;
}

/** The int32 kernels apply: |x·w| < 2^31 for every input and weight, a right shift into accum_t, sums in int32. */
export function int32Fits(a: Pick<MatmulArgs, 'xType' | 'accum'>, w: Float64Array, wFrac: number): boolean {
  const shift = fracBits(a.xType) + wFrac - fracBits(a.accum);
  const maxX = a.xType.signed ? 2 ** (a.xType.width - 1) : 2 ** a.xType.width - 1;
  let maxW = 0;
  for (let i = 0; i < w.length; i++) maxW = Math.max(maxW, Math.abs(w[i]!));
  return maxX * maxW < 2 ** 31 && a.accum.width <= 30 && a.accum.signed && shift >= 0 && shift < 31;
}

/**
 * The fast kernel in int32 arithmetic (same meaning): the product by Math.imul, the floor by an arithmetic shift,
 * the two's-complement wrap of accum_t by a shift pair (only when a value leaves the range, which is counted).
 */
function matmulInt32(a: MatmulArgs, w: Float64Array, wFrac: number, c: MatmulCounters): Float64Array {
  const { x, rows, nIn, nOut, accum } = a;
  const shift = fracBits(a.xType) + wFrac - fracBits(accum);
  const k = 32 - accum.width;
  const lo = minRawNum(accum);
  const hi = maxRawNum(accum);
  const wT = Int32Array.from(transposed(w, nIn, nOut));
  const bias = Int32Array.from(a.biasAcc);
  const out = new Float64Array(rows * nOut);
  const toResult = makeCaster(fracBits(accum), a.result, c.result.counts);
  const nzIdx = new Int32Array(nIn);
  const nzVal = new Int32Array(nIn);
  const maxW = wT.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
  const maxB = bias.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
  let pOv = 0;
  let sOv = 0;
  for (let r = 0; r < rows; r++) {
    let nz = 0;
    const xb = r * nIn;
    for (let i = 0; i < nIn; i++) {
      const xv = x[xb + i]!;
      if (xv !== 0) {
        nzIdx[nz] = i;
        nzVal[nz++] = xv;
      }
    }
    const ob = r * nOut;
    if (nz + (sumAbsInt(nzVal, nz) * maxW) / 2 ** shift + maxB <= hi) {
      // no product and no partial sum of this row can leave accum_t's range: plain sums give the same bits
      for (let j = 0; j < nOut; j++) {
        const wb = j * nIn;
        let s = bias[j]!;
        for (let t = 0; t < nz; t++) s += Math.imul(nzVal[t]!, wT[wb + nzIdx[t]!]!) >> shift;
        out[ob + j] = toResult(s);
      }
      continue;
    }
    for (let j = 0; j < nOut; j++) {
      const wb = j * nIn;
      let s = bias[j]!;
      for (let t = 0; t < nz; t++) {
        let p = Math.imul(nzVal[t]!, wT[wb + nzIdx[t]!]!) >> shift;
        if (p < lo || p > hi) {
          pOv++;
          p = (p << k) >> k;
        }
        s = s + p;
        if (s < lo || s > hi) {
          sOv++;
          s = (s << k) >> k;
        }
      }
      out[ob + j] = toResult(s);
    }
  }
  addWraps(c.product.counts, pOv);
  addWraps(c.accum.counts, sOv);
  return out;
}

/** The int32 kernel on WebAssembly SIMD (four outputs at a time); null where SIMD is unavailable. */
function matmulInt32Simd(a: MatmulArgs, w: Float64Array, wFrac: number, c: MatmulCounters): Float64Array | null {
  const shift = fracBits(a.xType) + wFrac - fracBits(a.accum);
  const r = matmulSimd({ x: a.x, rows: a.rows, nIn: a.nIn, nOut: a.nOut, w, bias: a.biasAcc, shift, width: a.accum.width });
  if (r === null) return null;
  const out = r.acc;
  // when every accum_t value is a result_t value with the same raw integer, the conversion changes nothing
  if (!sameType(a.accum, a.result)) {
    const toResult = makeCaster(fracBits(a.accum), a.result, c.result.counts);
    for (let i = 0; i < out.length; i++) out[i] = toResult(out[i]!);
  }
  addWraps(c.product.counts, r.productWraps);
  addWraps(c.accum.counts, r.sumWraps);
  return out;
}

/** Same grid and range, and a mode that leaves in-range values alone (SAT_SYM would move the minimum). */
export function sameType(a: FixedType, b: FixedType): boolean {
  const plain = (b.overflow === 'AP_WRAP' || b.overflow === 'AP_SAT') && b.satBits === 0;
  return plain && a.width === b.width && a.signed === b.signed && fracBits(a) === fracBits(b);
}

const transposeCache = new WeakMap<Float64Array, Float64Array>();

/** [nIn, nOut] → [nOut, nIn] (cached per weight array): each output's weights contiguous. */
function transposed(w: Float64Array, nIn: number, nOut: number): Float64Array {
  let t = transposeCache.get(w);
  if (t === undefined) {
    t = new Float64Array(w.length);
    for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) t[j * nIn + i] = w[i * nOut + j]!;
    transposeCache.set(w, t);
  }
  return t;
}

/**
 * Power-of-two weights into a TRN/WRAP accumulator: the product x·2^e floored into r_T = ap_fixed<2n, n> (one
 * exact multiply by a power of two and a floor), wrapped in r_T, negated for negative weights, then to accum_t.
 */
function matmulPo2Fast(a: MatmulArgs, w: Extract<PreparedWeights, { kind: 'po2' }>, c: MatmulCounters): Float64Array {
  const { x, rows, nIn, nOut, accum } = a;
  const rT = po2ProductType(a.xType, w.expWidth);
  const fr = fracBits(rT);
  const fx = fracBits(a.xType);
  const toAcc = 2 ** (fracBits(accum) - fr);
  const factor = new Float64Array(w.exponent.length);
  for (let k = 0; k < factor.length; k++) factor[k] = 2 ** (w.exponent[k]! + fr - fx);
  const rLo = minRawNum(rT);
  const rHi = maxRawNum(rT);
  const rM = 2 ** rT.width;
  const lo = minRawNum(accum);
  const hi = maxRawNum(accum);
  const m = 2 ** accum.width;
  const out = new Float64Array(rows * nOut);
  const acc = new Float64Array(nOut);
  let pOv = 0;
  let sOv = 0;
  for (let r = 0; r < rows; r++) {
    acc.set(a.biasAcc);
    for (let i = 0; i < nIn; i++) {
      const xv = x[r * nIn + i]!;
      if (xv === 0) continue;
      const wb = i * nOut;
      for (let j = 0; j < nOut; j++) {
        let y = Math.floor(xv * factor[wb + j]!);
        if (y < rLo || y > rHi) y -= rM * Math.floor((y - rLo) / rM);
        if (w.negative[wb + j] === 1) y = -y > rHi ? rLo : -y;
        let p = Math.floor(y * toAcc);
        if (p < lo || p > hi) {
          pOv++;
          p -= m * Math.floor((p - lo) / m);
        }
        let s = acc[j]! + p;
        if (s > hi) {
          sOv++;
          s -= m;
        } else if (s < lo) {
          sOv++;
          s += m;
        }
        acc[j] = s;
      }
    }
    for (let j = 0; j < nOut; j++) out[r * nOut + j] = castNum(acc[j]!, fracBits(accum), a.result, c.result.counts);
  }
  addWraps(c.product.counts, pOv);
  addWraps(c.accum.counts, sOv);
  return out;
}

function addWraps(k: OverflowCounts, n: number): void {
  k.outOfRange += n;
  k.wrapped += n;
}

/** Any rounding and overflow modes, one castNum per product and per partial sum. */
function matmulGeneral(a: MatmulArgs, c: MatmulCounters): Float64Array {
  const { x, rows, nIn, nOut, accum, w } = a;
  const fa = fracBits(accum);
  const fx = fracBits(a.xType);
  const out = new Float64Array(rows * nOut);
  const acc = new Float64Array(nOut);
  const pk = c.product.counts;
  const sk = c.accum.counts;
  const rT = w.kind === 'po2' ? po2ProductType(a.xType, w.expWidth) : null;
  const toProduct = makeCaster(w.kind === 'fixed' ? fx + w.frac : rT!.width - rT!.integer, accum, pk);
  const toSum = makeCaster(fa, accum, sk);
  const toResult = makeCaster(fa, a.result, c.result.counts);
  const negR = rT === null ? null : makeCaster(fracBits(rT), rT);
  for (let r = 0; r < rows; r++) {
    acc.set(a.biasAcc);
    for (let i = 0; i < nIn; i++) {
      const xv = x[r * nIn + i]!;
      for (let j = 0; j < nOut; j++) {
        const k = i * nOut + j;
        let p: number;
        if (w.kind === 'fixed') p = toProduct(xv * w.raw[k]!);
        else {
          // hls4ml: (r_T)x shifted by the exponent (bits shifted out are lost: floor), negated for negative weights
          let y = castNum(xv, fx - w.exponent[k]!, rT!);
          if (w.negative[k] === 1) y = negR!(-y);
          p = toProduct(y);
        }
        acc[j] = toSum(acc[j]! + p);
      }
    }
    for (let j = 0; j < nOut; j++) out[r * nOut + j] = toResult(acc[j]!);
  }
  return out;
}

/** Exact BigInt kernel for types wider than float64 integers hold. */
function matmulBig(a: MatmulArgs, c: MatmulCounters): Float64Array {
  const { x, rows, nIn, nOut, accum, w } = a;
  const fa = fracBits(accum);
  const fx = fracBits(a.xType);
  const out = new Float64Array(rows * nOut);
  const acc: bigint[] = new Array<bigint>(nOut);
  const rT = w.kind === 'po2' ? po2ProductType(a.xType, w.expWidth) : null;
  const wBig = w.kind === 'fixed' ? Array.from(w.raw, (v) => BigInt(v)) : [];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < nOut; j++) acc[j] = BigInt(a.biasAcc[j]!);
    for (let i = 0; i < nIn; i++) {
      const xv = BigInt(x[r * nIn + i]!);
      for (let j = 0; j < nOut; j++) {
        const k = i * nOut + j;
        let p: bigint;
        if (w.kind === 'fixed') p = castBig(xv * wBig[k]!, fx + w.frac, accum, c.product.counts);
        else {
          let y = castBig(xv, fx - w.exponent[k]!, rT!);
          if (w.negative[k] === 1) y = castBig(-y, fracBits(rT!), rT!);
          p = castBig(y, fracBits(rT!), accum, c.product.counts);
        }
        acc[j] = castBig(acc[j]! + p, fa, accum, c.accum.counts);
      }
    }
    for (let j = 0; j < nOut; j++) out[r * nOut + j] = safeNumber(castBig(acc[j]!, fa, a.result, c.result.counts), a.result);
  }
  return out;
}

/**
 * Softmax as hls4ml's Vivado/Vitis templates compute it: `stable` (default), `latency`, `legacy`, `argmax`.
 * Tables are built the way hls4ml builds them (entries from the value of each index's top bits, float32 exp),
 * and every internal conversion is counted: norm (x_max − x_i into inp_norm_t), exp_sum (accum_t), inv_inp.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import type { Node, SoftmaxImpl } from '../ir/graph.js';
import type { SoftmaxOp } from '../ir/ops.js';
import { assertNever, fail } from '../diagnostics/errors.js';
import { castNum, newOverflowCounts, quantizeNum, type OverflowCounts } from './arith.js';
import { truncScaled } from './tables.js';
import { fastSoftmax, fastSoftmaxApplies, type FastSoftmaxArgs } from './softmax-fast.js';
import { DEFAULT_TABLE_T } from './activations.js';
import type { PointStats } from './stats.js';
import { resultType, type FixedTensor, type KernelContext } from './values.js';

/** hls4ml's default softmax table types fixed<18,8,RND,SAT>. */
export const DEFAULT_SOFTMAX_TABLE_T: FixedType = { width: 18, integer: 8, signed: true, rounding: 'AP_RND', overflow: 'AP_SAT', satBits: 0 };

const f32 = Math.fround;

/**
 * The type x_max − x_i is held in by the stable softmax: ufixed<W−1, I−1> of a signed input type, ufixed<W, I> of an
 * unsigned one (hls4ml drops the sign bit only when there is one), TRN, WRAP.
 */
export function inpNormType(x: FixedType): FixedType {
  const s = x.signed ? 1 : 0;
  return { width: x.width - s, integer: x.integer - s, signed: false, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
}

function log2Exact(n: number, node: Node): number {
  const b = Math.round(Math.log2(n));
  if (2 ** b !== n) fail('E505', { node: node.name, op: 'softmax', reason: `table size ${n} is not a power of two` }, { node: node.name });
  return b;
}

/** Table index from the top `bits` bits of the raw two's-complement pattern of a value of type t. */
export function topBitsIndex(raw: number, t: FixedType, bits: number): number {
  // floor of a division by a power of two is exact; raw + 2^W would round for types wider than 53 bits
  const top = Math.floor(raw / 2 ** (t.width - bits));
  return top < 0 ? top + 2 ** bits : top;
}

/** The value of type t whose top `bits` bits are i and whose other bits are 0, as float32 (hls4ml's table input). */
export function valueOfTopBits(i: number, t: FixedType, bits: number): number {
  let raw = i * 2 ** (t.width - bits);
  if (t.signed && raw >= 2 ** (t.width - 1)) raw -= 2 ** t.width;
  return f32(raw * 2 ** -fracBits(t));
}

const cache = new Map<string, Float64Array>();

function table(key: string, n: number, t: FixedType, f: (i: number) => number): Float64Array {
  const k = `${key}|${n}|${JSON.stringify(t)}`;
  let tab = cache.get(k);
  if (tab === undefined) {
    tab = new Float64Array(n);
    const scratch = newOverflowCounts();
    for (let i = 0; i < n; i++) {
      const v = f(i);
      // 1/0 = +Inf converts as ap_fixed reads it from a double (the fixed core's rule: SAT → max, WRAP → 0)
      tab[i] = quantizeNum(v, t, scratch);
    }
    cache.set(k, tab);
  }
  return tab;
}

/** exp table over the top bits of `inT` (negated for the stable softmax's x_max − x_i). */
export function expTable(inT: FixedType, bits: number, t: FixedType, negate: boolean): Float64Array {
  return table(`exp${negate ? '-' : '+'}${JSON.stringify(inT)}`, 2 ** bits, t, (i) => {
    const x = valueOfTopBits(i, inT, bits);
    return f32(Math.exp(negate ? -x : x));
  });
}

/** 1/x table over the top bits of inv_inp_t (entry 0 is 1/0, saturated). */
export function invTable(inT: FixedType, bits: number, t: FixedType): Float64Array {
  return table(`inv${JSON.stringify(inT)}`, 2 ** bits, t, (i) => {
    const x = valueOfTopBits(i, inT, bits);
    return x === 0 ? Infinity : f32(1 / x);
  });
}

/** The legacy softmax's exp table: exp(x) for x = 16·(i − N/2)/N, i.e. over [−8, 8). */
export function legacyExpTable(n: number, t: FixedType): Float64Array {
  return table('legacy-exp', n, t, (i) => f32(Math.exp(f32((16 * (i - n / 2)) / n))));
}

/** The legacy softmax's 1/x table over x = 64·i/N, i.e. [0, 64) (entry 0 holds 0). */
export function legacyInvTable(n: number, t: FixedType): Float64Array {
  return table('legacy-inv', n, t, (i) => {
    const v = f32((64 * i) / n);
    return v > 0 ? 1 / v : 0;
  });
}

interface SoftmaxTypes {
  readonly x: FixedType;
  readonly result: FixedType;
  readonly accum: FixedType;
  readonly expT: FixedType;
  readonly invT: FixedType;
  readonly invInp: FixedType;
  readonly size: number;
}

/** Run a softmax node over its last axis. */
export function runSoftmax(node: Node<SoftmaxOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const axis = node.op.axis < 0 ? x.shape.length + node.op.axis : node.op.axis;
  if (axis !== x.shape.length - 1) fail('E505', { node: node.name, op: 'softmax', reason: 'softmax over an axis other than the last' }, { node: node.name });
  const n = x.shape[axis]!;
  const impl: SoftmaxImpl = node.config?.softmaxImpl ?? 'stable';
  const ty: SoftmaxTypes = {
    x: x.type,
    result: resultType(node),
    accum: node.types?.accum ?? x.type,
    expT: node.types?.expTable ?? DEFAULT_SOFTMAX_TABLE_T,
    invT: node.types?.invTable ?? DEFAULT_SOFTMAX_TABLE_T,
    invInp: node.types?.invInp ?? DEFAULT_SOFTMAX_TABLE_T,
    size: node.config?.tableSize ?? 1024,
  };
  const out = new Float64Array(x.raw.length);
  if (impl === 'stable' || impl === 'latency') {
    const a = tableSetup(node, impl === 'stable', ty, ctx);
    // matmulPath 'big' asks for the reference kernels everywhere: the per-row softmax then
    if (fastSoftmaxApplies(a) && ctx.matmulPath !== 'big') {
      fastSoftmax(a, n, x.raw, out);
      return { type: ty.result, shape: node.shape, raw: out };
    }
    return { type: ty.result, shape: node.shape, raw: eachRow(x.raw, out, n, tableSoftmax(a, n)) };
  }
  const rows = x.raw.length / n;
  const row = rowKernel(node, impl, ty, n, ctx);
  for (let r = 0; r < rows; r++) row(x.raw.subarray(r * n, (r + 1) * n), out.subarray(r * n, (r + 1) * n));
  return { type: ty.result, shape: node.shape, raw: out };
}

type RowFn = (x: Float64Array, out: Float64Array) => void;

/** Apply a row kernel to every row of n values. */
function eachRow(x: Float64Array, out: Float64Array, n: number, row: RowFn): Float64Array {
  for (let r = 0; r < x.length / n; r++) row(x.subarray(r * n, (r + 1) * n), out.subarray(r * n, (r + 1) * n));
  return out;
}

function rowKernel(node: Node, impl: SoftmaxImpl, ty: SoftmaxTypes, n: number, ctx: KernelContext): RowFn {
  switch (impl) {
    case 'stable':
    case 'latency':
      return tableSoftmax(tableSetup(node, impl === 'stable', ty, ctx), n);
    case 'legacy':
      return legacySoftmax(node, ty, n, ctx);
    case 'argmax':
      return argmaxSoftmax(ty, n, ctx);
    default:
      return assertNever(impl, 'softmax implementation');
  }
}

/** Sum in a balanced tree as hls4ml's reduce does (left part 2^floor(log2(n−1)) elements), each sum to accum_t. */
export function treeSum(v: Float64Array, lo: number, n: number, fa: number, accum: FixedType, k: OverflowCounts): number {
  if (n === 1) return v[lo]!;
  if (n === 2) return castNum(v[lo]! + v[lo + 1]!, fa, accum, k);
  const left = 2 ** Math.floor(Math.log2(n - 1));
  return castNum(treeSum(v, lo, left, fa, accum, k) + treeSum(v, lo + left, n - left, fa, accum, k), fa, accum, k);
}

/** The tables of a stable/latency softmax node: they depend on its types only, so they are looked up once. */
interface TableParts {
  readonly x: FixedType;
  readonly stable: boolean;
  readonly normT: FixedType;
  readonly expBits: number;
  readonly invBits: number;
  readonly expTab: Float64Array;
  readonly invTab: Float64Array;
}

const tableParts = new WeakMap<Node, TableParts>();

function tablePartsOf(node: Node, stable: boolean, ty: SoftmaxTypes): TableParts {
  const hit = tableParts.get(node);
  if (hit !== undefined && hit.x === ty.x && hit.stable === stable) return hit;
  const normT = stable ? inpNormType(ty.x) : ty.x;
  const expBits = log2Exact(Math.min(ty.size, 2 ** normT.width), node);
  const invBits = log2Exact(ty.size, node);
  const parts = { x: ty.x, stable, normT, expBits, invBits, expTab: expTable(normT, expBits, ty.expT, stable), invTab: invTable(ty.invInp, invBits, ty.invT) };
  tableParts.set(node, parts);
  return parts;
}

/** The tables, types and counters of a stable/latency softmax node (points created in execution order). */
function tableSetup(node: Node, stable: boolean, ty: SoftmaxTypes, ctx: KernelContext): FastSoftmaxArgs {
  const { normT, expBits, invBits, expTab, invTab } = tablePartsOf(node, stable, ty);
  return {
    stable, x: ty.x, normT, accum: ty.accum, invInp: ty.invInp, result: ty.result,
    expTab, expT: ty.expT, expBits,
    invTab, invT: ty.invT, invBits,
    norm: ctx.stats.point('norm', normT),
    sum: ctx.stats.point('exp_sum', ty.accum),
    inv: ctx.stats.point('inv_inp', ty.invInp),
    res: ctx.stats.point('result', ty.result),
  };
}

function tableSoftmax(a: FastSoftmaxArgs, n: number): RowFn {
  const { stable, normT, expBits, invBits, expTab, invTab, norm, sum, inv, res } = a;
  const fx = fracBits(a.x);
  const fe = fracBits(a.expT);
  const fa = fracBits(a.accum);
  const fInv = fracBits(a.invT);
  const e = new Float64Array(n);
  return (x, out) => {
    let xmax = x[0]!;
    for (let i = 1; i < n; i++) if (x[i]! > xmax) xmax = x[i]!;
    if (stable) norm.total += n;
    sum.total += n;
    for (let i = 0; i < n; i++) {
      const d = stable ? castNum(xmax - x[i]!, fx, normT, norm.counts) : x[i]!;
      e[i] = castNum(expTab[topBitsIndex(d, normT, expBits)]!, fe, a.accum, sum.counts);
    }
    const s = treeSum(e, 0, n, fa, a.accum, sum.counts);
    inv.total++;
    const si = castNum(s, fa, a.invInp, inv.counts);
    const invV = invTab[topBitsIndex(si, a.invInp, invBits)]!;
    res.total += n;
    for (let i = 0; i < n; i++) out[i] = castNum(e[i]! * invV, fa + fInv, a.result, res.counts);
  };
}

/** hls4ml's legacy softmax: 1 / Σ_j exp(x_j − x_i) with the ±8 exp table and the [0, 64) inverse table. */
function legacySoftmax(node: Node, ty: SoftmaxTypes, n: number, ctx: KernelContext): RowFn {
  const N = ty.size;
  const tt = node.types?.table ?? DEFAULT_TABLE_T;
  const ft = fracBits(tt);
  const fx = fracBits(ty.x);
  const expTab = legacyExpTable(N, tt);
  const invTab = legacyInvTable(N, tt);
  const one = quantizeNum(1, tt, newOverflowCounts());
  const acc = ctx.stats.point('exp_sum', tt);
  const idx = ctx.stats.point('table_index', `[0, ${N - 1}]`);
  const res = ctx.stats.point('result', ty.result);
  return (x, out) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        const term = i === j ? one : expTab[clampIdx(truncScaled(x[j]! - x[i]!, fx, N, 16) + Math.floor(N / 2), N, idx)]!;
        s = castNum(s + term, ft, tt, acc.counts);
      }
      acc.total += n;
      out[i] = castNum(invTab[clampIdx(truncScaled(s, ft, N, 64), N, idx)]!, ft, ty.result, res.counts);
    }
    res.total += n;
  };
}

function clampIdx(i: number, n: number, p: PointStats): number {
  p.total++;
  if (i >= 0 && i < n) return i;
  p.counts.outOfRange++;
  p.counts.saturated++;
  return i < 0 ? 0 : n - 1;
}

/** One-hot at the first maximum. */
function argmaxSoftmax(ty: SoftmaxTypes, n: number, ctx: KernelContext): RowFn {
  const one = quantizeNum(1, ty.result, ctx.stats.point('result', ty.result).counts);
  return (x, out) => {
    let best = 0;
    for (let i = 1; i < n; i++) if (x[i]! > x[best]!) best = i;
    out.fill(0);
    out[best] = one;
  };
}

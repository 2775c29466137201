/** Element-wise activations with hls4ml's arithmetic: comparisons on the fixed input, then one conversion. */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import type { Node } from '../ir/graph.js';
import type { ActivationOp, ClipOp, PReluOp } from '../ir/ops.js';
import { assertNever, fail } from '../diagnostics/errors.js';
import { castBigNum, castNum, makeCaster, quantizeNum, newOverflowCounts } from './arith.js';
import { lookupTable, tableIndex, type TableFn } from './tables.js';
import type { PointStats } from './stats.js';
import { elems, resultType, type FixedTensor, type KernelContext } from './values.js';

/** hls4ml's default table type fixed<18,8,TRN,WRAP>. */
export const DEFAULT_TABLE_T: FixedType = { width: 18, integer: 8, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };

/** A constant c = m·2^-k with integer m, for exact products raw·c. */
export interface ExactConst {
  readonly m: number;
  readonly k: number;
}

/** Decompose a finite double into m·2^-k, m an integer. */
export function exactConst(c: number): ExactConst {
  let k = 0;
  let m = c;
  while (!Number.isInteger(m) && k < 1100) {
    m *= 2;
    k++;
  }
  return { m, k };
}

/**
 * hls4ml passes the slope of leaky_relu / prelu as param_t (the model default precision unless configured; nnfab
 * carries it as the node's `scale` type), so the slope is quantized before it multiplies.
 */
export function paramConst(node: Node, c: number, result: FixedType): ExactConst {
  const pt = node.types?.scale ?? result;
  return exactConst(quantizeNum(c, pt) * 2 ** -fracBits(pt));
}

/** Convert raw·c (raw of fraction bits `frac`) into t exactly. */
function mulConst(raw: number, frac: number, c: ExactConst, t: FixedType, p: PointStats): number {
  const prod = raw * c.m;
  if (Math.abs(prod) < 2 ** 53) return castNum(prod, frac + c.k, t, p.counts);
  return castBigNum(BigInt(raw) * BigInt(c.m), frac + c.k, t, p.counts);
}

/** Run one activation node. */
export function runActivation(node: Node<ActivationOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const fn = node.op.fn;
  switch (fn) {
    case 'linear':
      return map(node, x, ctx, t, (r) => r);
    case 'relu':
      return fitsWithin(x.type, t) ? reluSameType(node, x, ctx, t) : map(node, x, ctx, t, (r) => (r > 0 ? r : 0));
    case 'leaky_relu': {
      const a = paramConst(node, node.op.alpha ?? 0.3, t);
      return mapMixed(node, x, ctx, t, (r, fx, p) => (r > 0 ? castNum(r, fx, t, p.counts) : mulConst(r, fx, a, t, p)));
    }
    case 'thresholded_relu': {
      // hls4ml passes θ as param_t too: x > θ compares against the quantized threshold
      const th = paramConst(node, node.op.alpha ?? 1, t);
      const theta = th.m * 2 ** -th.k;
      const fx = fracBits(x.type);
      return map(node, x, ctx, t, (r) => (r * 2 ** -fx > theta ? r : 0));
    }
    case 'hard_tanh':
      return clipRaw(node, x, ctx, t, -1, 1);
    case 'binary_tanh':
      return constants(node, x, ctx, t, (r) => (r > 0 ? 1 : -1));
    case 'ternary_tanh': {
      // hls4ml: datareg = 2·x held in the input type (it wraps there), then > 1 → 1, > −1 → 0, else −1
      const one = 2 ** fracBits(x.type);
      // the 2·x conversion is a real one in hls4ml's C++: its wraps are counted at their own point
      const dp = ctx.stats.point('twice_x', x.type);
      dp.total += x.raw.length;
      const twice = makeCaster(fracBits(x.type), x.type, dp.counts);
      return constants(node, x, ctx, t, (r) => {
        const d = twice(2 * r);
        return d > one ? 1 : d > -one ? 0 : -1;
      });
    }
    case 'hard_sigmoid':
      return hardSigmoid(node, x, ctx, t);
    case 'sigmoid':
    case 'tanh':
    case 'softplus':
    case 'softsign':
    case 'elu':
    case 'selu':
      return tableActivation(node, fn, x, ctx, t);
    default:
      return assertNever(fn, 'activation');
  }
}

/** res = (result_t) f(x) where f maps raw input integers to raw integers of the input's grid. */
function map(node: Node, x: FixedTensor, ctx: KernelContext, t: FixedType, f: (r: number) => number): FixedTensor {
  const p = ctx.stats.point('result', t);
  const out = new Float64Array(x.raw.length);
  p.total += out.length;
  const src = x.raw;
  if (fitsWithin(x.type, t)) {
    // every input value is representable in t (same grid, no fewer bits): the conversion is the identity
    for (let i = 0; i < out.length; i++) out[i] = f(src[i]!);
  } else {
    const conv = makeCaster(fracBits(x.type), t, p.counts);
    for (let i = 0; i < out.length; i++) out[i] = conv(f(src[i]!));
  }
  return { type: t, shape: node.shape, raw: out };
}

/** relu into a type holding every input value: a plain loop (map's shared callback is not inlined, ~5× slower). */
function reluSameType(node: Node, x: FixedTensor, ctx: KernelContext, t: FixedType): FixedTensor {
  const p = ctx.stats.point('result', t);
  const src = x.raw;
  const out = new Float64Array(src.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) {
    const r = src[i]!;
    out[i] = r > 0 ? r : 0;
  }
  return { type: t, shape: node.shape, raw: out };
}

/** True when every value of type a (and 0) is exactly a value of type b with the same raw integer. */
function fitsWithin(a: FixedType, b: FixedType): boolean {
  return fracBits(a) === fracBits(b) && a.signed === b.signed && a.width === b.width && b.overflow !== 'AP_SAT_SYM';
}

/** Like map, but f does its own conversion (and counting). */
function mapMixed(node: Node, x: FixedTensor, ctx: KernelContext, t: FixedType, f: (r: number, fx: number, p: PointStats) => number): FixedTensor {
  const p = ctx.stats.point('result', t);
  const fx = fracBits(x.type);
  const out = new Float64Array(x.raw.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) out[i] = f(x.raw[i]!, fx, p);
  return { type: t, shape: node.shape, raw: out };
}

/** Results that are small integer constants (binary/ternary tanh). */
function constants(node: Node, x: FixedTensor, ctx: KernelContext, t: FixedType, f: (r: number) => number): FixedTensor {
  const p = ctx.stats.point('result', t);
  const out = new Float64Array(x.raw.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) out[i] = castNum(f(x.raw[i]!), 0, t, p.counts);
  return { type: t, shape: node.shape, raw: out };
}

/** clip(x, lo, hi) on the exact input value, then converted. */
function clipRaw(node: Node, x: FixedTensor, ctx: KernelContext, t: FixedType, lo: number, hi: number): FixedTensor {
  const s = 2 ** fracBits(x.type);
  return mapMixed(node, x, ctx, t, (r, fx, p) => {
    const v = r / s;
    if (v < lo) return quantizeNum(lo, t, p.counts);
    if (v > hi) return quantizeNum(hi, t, p.counts);
    return castNum(r, fx, t, p.counts);
  });
}

/** Clip op (relu6 etc.): hls4ml compares against the bounds and converts. */
export function runClip(node: Node<ClipOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  return clipRaw(node, x, ctx, resultType(node), node.op.min, node.op.max);
}

/** PReLU: x > 0 ? x : α[k]·x, α per element of the sample shape (broadcast over leading axes). */
export function runPRelu(node: Node<PReluOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const alphas = Array.from(node.op.alpha.data, (v) => paramConst(node, v, t));
  const na = alphas.length;
  const size = elems(x.shape);
  return mapIndexed(node, x, ctx, t, (r, i, fx, p) => (r > 0 ? castNum(r, fx, t, p.counts) : mulConst(r, fx, alphas[(i % size) % na]!, t, p)));
}

function mapIndexed(
  node: Node,
  x: FixedTensor,
  ctx: KernelContext,
  t: FixedType,
  f: (r: number, i: number, fx: number, p: PointStats) => number,
): FixedTensor {
  const p = ctx.stats.point('result', t);
  const fx = fracBits(x.type);
  const out = new Float64Array(x.raw.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) out[i] = f(x.raw[i]!, i, fx, p);
  return { type: t, shape: node.shape, raw: out };
}

/** hard_sigmoid: clip(slope·x + shift, 0, 1), slope as ufixed<16,0> and shift as ufixed<2,0> (hls4ml). */
function hardSigmoid(node: Node<ActivationOp>, x: FixedTensor, ctx: KernelContext, t: FixedType): FixedTensor {
  const slopeT: FixedType = { width: 16, integer: 0, signed: false, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
  const shiftT: FixedType = { width: 2, integer: 0, signed: false, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
  const scratch = newOverflowCounts();
  const slope = quantizeNum(node.op.alpha ?? 0.2, slopeT, scratch);
  const shift = quantizeNum(node.op.beta ?? 0.5, shiftT, scratch);
  return mapMixed(node, x, ctx, t, (r, fx, p) => {
    // slope·x + shift exactly, on the grid of 2^-(16+fx)
    const f = 16 + fx;
    const v = r * slope + shift * 2 ** (f - 2);
    if (v > 2 ** f) return quantizeNum(1, t, p.counts);
    if (v < 0) return 0;
    return castNum(v, f, t, p.counts);
  });
}

/** Table activations: index from the input (hls4ml's rule per function), clamped, entry converted to result_t. */
function tableActivation(node: Node, fn: TableFn, x: FixedTensor, ctx: KernelContext, t: FixedType): FixedTensor {
  const n = node.config?.tableSize ?? 1024;
  const tt = node.types?.table ?? DEFAULT_TABLE_T;
  if (!Number.isInteger(n) || n < 2) fail('E505', { node: node.name, op: 'activation', reason: `table size ${n}` }, { node: node.name });
  const tab = lookupTable(fn, n, tt);
  const ft = fracBits(tt);
  const idx = ctx.stats.point('table_index', `[0, ${n - 1}]`);
  const negOnly = fn === 'elu' || fn === 'selu';
  // hls4ml converts the SELU scale to res_T and passes the ELU alpha as param_t, before multiplying
  const selu = exactConst(quantizeNum(1.0507009873554804934193349852946, t, newOverflowCounts()) * 2 ** -fracBits(t));
  const alpha = paramConst(node, node.op.kind === 'activation' ? ((node.op as ActivationOp).alpha ?? 1) : 1, t);
  idx.total += x.raw.length;
  return mapMixed(node, x, ctx, t, (r, fx, p) => {
    if (negOnly && r >= 0) return fn === 'selu' ? mulConst(r, fx, selu, t, p) : castNum(r, fx, t, p.counts);
    let i = tableIndex(fn, r, fx, n);
    if (i < 0 || i > n - 1) {
      idx.counts.outOfRange++;
      idx.counts.saturated++;
      i = i < 0 ? 0 : n - 1;
    }
    if (fn === 'elu') return mulConst(tab[i]!, ft, alpha, t, p);
    return castNum(tab[i]!, ft, t, p.counts);
  });
}

/** Element-wise ops on fixed values: merges, BatchNorm, constant arithmetic, explicit quantizers. */
import { broadcastMap } from '../ir/index-maps.js';
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import type { Node } from '../ir/graph.js';
import type { BatchNormOp, ConstantOp, MergeOp, QuantizeOp, Tensor } from '../ir/ops.js';
import { assertNever, fail } from '../diagnostics/errors.js';
import { castBigNum, castNum, newOverflowCounts, quantizeNum } from './arith.js';
import type { PointStats } from './stats.js';
import { elems, resultType, type FixedTensor, type KernelContext } from './values.js';

/** Exact a·2^(F−fa) + sign·b·2^(F−fb) converted into t (BigInt when the aligned values leave float64's range). */
function addExact(a: number, fa: number, b: number, fb: number, sign: 1 | -1, t: FixedType, p: PointStats): number {
  const f = Math.max(fa, fb);
  const av = a * 2 ** (f - fa);
  const bv = b * 2 ** (f - fb);
  if (Math.abs(av) < 2 ** 52 && Math.abs(bv) < 2 ** 52) return castNum(av + sign * bv, f, t, p.counts);
  const ab = BigInt(a) << BigInt(f - fa);
  const bb = BigInt(b) << BigInt(f - fb);
  return castBigNum(sign === 1 ? ab + bb : ab - bb, f, t, p.counts);
}

/** Exact a·b converted into t. */
function mulExact(a: number, fa: number, b: number, fb: number, t: FixedType, p: PointStats): number {
  const prod = a * b;
  if (Math.abs(prod) < 2 ** 53) return castNum(prod, fa + fb, t, p.counts);
  return castBigNum(BigInt(a) * BigInt(b), fa + fb, t, p.counts);
}

/** Merge of two (or more, folded left) same-shape inputs: exact arithmetic, then one conversion per step. */
export function runMerge(node: Node<MergeOp>, xs: readonly FixedTensor[], ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const p = ctx.stats.point('result', t);
  let acc = xs[0]!;
  for (let k = 1; k < xs.length; k++) acc = merge2(node.op.mode, acc, xs[k]!, t, p, node);
  return { type: t, shape: node.shape, raw: acc.raw };
}

function merge2(mode: MergeOp['mode'], a: FixedTensor, b: FixedTensor, t: FixedType, p: PointStats, node: Node): FixedTensor {
  const fa = fracBits(a.type);
  const fb = fracBits(b.type);
  const out = new Float64Array(a.raw.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) {
    const x = a.raw[i]!;
    const y = b.raw[i]!;
    switch (mode) {
      case 'add': out[i] = addExact(x, fa, y, fb, 1, t, p); break;
      case 'sub': out[i] = addExact(x, fa, y, fb, -1, t, p); break;
      case 'mul': out[i] = mulExact(x, fa, y, fb, t, p); break;
      // (a + b) · 0.5: the sum exactly, one more fraction bit
      case 'avg': out[i] = addExact(x, fa + 1, y, fb + 1, 1, t, p); break;
      case 'max': out[i] = x * 2 ** -fa >= y * 2 ** -fb ? castNum(x, fa, t, p.counts) : castNum(y, fb, t, p.counts); break;
      case 'min': out[i] = x * 2 ** -fa <= y * 2 ** -fb ? castNum(x, fa, t, p.counts) : castNum(y, fb, t, p.counts); break;
      // the passes reject it first; a hand-built quantized graph lands here
      case 'div': fail('E509', { node: node.name }, { node: node.name, opType: node.source.opType }); break;
      default: assertNever(mode, 'merge mode');
    }
  }
  void node;
  return { type: t, shape: a.shape, raw: out };
}

/** Per-channel constants as raw integers of a type (BatchNorm scale/bias). */
function constRaw(c: Tensor, t: FixedType, p: PointStats): Float64Array {
  const out = new Float64Array(c.data.length);
  for (let i = 0; i < out.length; i++) out[i] = quantizeNum(c.data[i]!, t, p.counts);
  p.total += out.length;
  return out;
}

/** BatchNorm: (result_t)(x·scale[c] + bias[c]), one rounding; c the last axis. */
export function runBatchNorm(node: Node<BatchNormOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const st = node.types?.scale ?? t;
  const bt = node.types?.bias ?? t;
  const wp = ctx.stats.point('weight', st);
  const scale = constRaw(node.op.scale, st, wp);
  const bias = constRaw(node.op.bias, bt, wp);
  const fx = fracBits(x.type);
  const fs = fracBits(st);
  const fb = fracBits(bt);
  const nc = scale.length;
  const p = ctx.stats.point('result', t);
  const out = new Float64Array(x.raw.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) {
    const c = i % nc;
    // x·scale exactly (frac fx + fs), plus the bias aligned to the finer grid, one conversion
    const prod = x.raw[i]! * scale[c]!;
    if (Math.abs(prod) < 2 ** 53) out[i] = addExact(prod, fx + fs, bias[c]!, fb, 1, t, p);
    else {
      const f = Math.max(fx + fs, fb);
      const sum = ((BigInt(x.raw[i]!) * BigInt(scale[c]!)) << BigInt(f - fx - fs)) + (BigInt(bias[c]!) << BigInt(f - fb));
      out[i] = castBigNum(sum, f, t, p.counts);
    }
  }
  return { type: t, shape: node.shape, raw: out };
}

/** Arithmetic with a constant broadcast over the sample (constant quantized to the weight type, or the result type). */
export function runConstantOp(node: Node<ConstantOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const wt = node.types?.weight;
  const ct: FixedType = wt !== undefined && !('kind' in wt) ? wt : t;
  const op = node.op;
  const cs = constRaw(op.constant, ct, ctx.stats.point('weight', ct));
  const fc = fracBits(ct);
  const fx = fracBits(x.type);
  const size = elems(x.shape);
  const idx = broadcastMap(op.constant.shape, x.shape);
  const p = ctx.stats.point('result', t);
  const out = new Float64Array(x.raw.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) {
    const c = cs[idx[i % size]!]!;
    const v = x.raw[i]!;
    switch (op.mode) {
      case 'add': out[i] = addExact(v, fx, c, fc, 1, t, p); break;
      case 'sub': out[i] = op.constantFirst ? addExact(c, fc, v, fx, -1, t, p) : addExact(v, fx, c, fc, -1, t, p); break;
      case 'mul': out[i] = mulExact(v, fx, c, fc, t, p); break;
      case 'div': {
        const d = op.constant.data[idx[i % size]!]!;
        const e = Math.log2(Math.abs(d));
        if (op.constantFirst || !Number.isInteger(e)) fail('E505', { node: node.name, op: 'constant_op', reason: 'division by a constant that is not a power of two' }, { node: node.name });
        out[i] = castNum(d < 0 ? -v : v, fx + e, t, p.counts);
        break;
      }
      default: assertNever(op.mode, 'constant op');
    }
  }
  return { type: t, shape: node.shape, raw: out };
}


/** Explicit quantizer with a power-of-two scale: convert into its type, then into the result type. */
export function runQuantize(node: Node<QuantizeOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const qt = node.op.type;
  if (qt === null) fail('E505', { node: node.name, op: 'quantize', reason: 'a quantizer whose scale is not a power of two' }, { node: node.name });
  const q = ctx.stats.point('norm', qt);
  const p = ctx.stats.point('result', t);
  const fx = fracBits(x.type);
  const out = new Float64Array(x.raw.length);
  q.total += out.length;
  p.total += out.length;
  for (let i = 0; i < out.length; i++) out[i] = castNum(castNum(x.raw[i]!, fx, qt, q.counts), fracBits(qt), t, p.counts);
  return { type: t, shape: node.shape, raw: out };
}

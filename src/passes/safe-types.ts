/**
 * safeTypes (opt-in: `SafeTypes: true` / `--safe-types`): interval analysis from the input types and the actual
 * (quantized) weights, then every accumulator and result gets enough integer bits that no value can overflow.
 * Fraction bits stay as configured; types are only ever widened; each change is recorded in ctx.decisions.
 */
import { fail } from '../diagnostics/errors.js';
import type { FixedType } from '../ir/fixed-type.js';
import { fixedType } from '../ir/fixed-type.js';
import type { Graph, Node, NodeTypes } from '../ir/graph.js';
import type { PassContext } from './context.js';
import * as I from './intervals.js';

type Values = Map<string, { bounds: I.Bounds; shape: readonly number[] }>;

/** The type t widened (never narrowed) to hold [lo, hi]; t itself when it already does. */
function widenedType(t: FixedType, b: I.Bounds, node: Node): FixedType {
  const lo = Math.min(...b.lo);
  const hi = Math.max(...b.hi);
  const frac = t.width - t.integer;
  const signed = t.signed || lo < 0;
  const need = I.integerBitsFor(lo, hi, frac, signed);
  if (!Number.isFinite(need)) fail('E411', { node: node.name, bits: '> ' + I.INTEGER_BITS_LIMIT, limit: I.INTEGER_BITS_LIMIT }, { node: node.name });
  const integer = Math.max(t.integer + (signed && !t.signed ? 1 : 0), need);
  if (integer === t.integer && signed === t.signed) return t;
  return fixedType(integer + frac, integer, signed, t.rounding, t.overflow, t.satBits);
}

/** Record and apply one widened variable. */
function settle(node: Node, variable: keyof NodeTypes, b: I.Bounds, ctx: PassContext, types: Record<string, unknown>): FixedType {
  const old = types[variable] as FixedType;
  const t = widenedType(old, b, node);
  if (t !== old) {
    types[variable] = t;
    const range = `[${Math.min(...b.lo)}, ${Math.max(...b.hi)}]`;
    ctx.decisions.push({ pass: 'safeTypes', node: node.name, variable, type: t, source: 'safe', reason: `values reach ${range}` });
  }
  return t;
}

/** Bounds of the node's exact value before its conversion to the result type. */
function preResult(node: Node, x: I.Bounds, ins: readonly I.Bounds[], inShape: readonly number[], types: Record<string, unknown>, ctx: PassContext): I.Bounds {
  const op = node.op;
  switch (op.kind) {
    case 'dense':
    case 'conv': {
      const s = op.kind === 'dense' ? I.denseSums(op, x) : I.convSums(op, x);
      const accum = types['accum'] as FixedType;
      const frac = accum.width - accum.integer;
      const acc = settle(node, 'accum', I.widen(s.partial, frac, 2 * (s.terms + 1)), ctx, types);
      return I.widen(s.total, acc.width - acc.integer, 2 * (s.terms + 1));
    }
    case 'batchnorm':
      return batchnormBounds(op.scale.data, op.bias.data, x);
    case 'activation':
      return activationBounds(op.fn, op.alpha, x);
    case 'softmax':
      return softmaxBounds(node);
    case 'clip':
      return I.mapBounds(x, (lo, hi) => [Math.max(op.min, Math.min(lo, op.max)), Math.min(op.max, Math.max(hi, op.min))]);
    case 'pool':
    case 'global_pool':
      // max passes its value through accum_t too (hls4ml's pool_op returns accum_t)
      settle(node, 'accum', op.mode === 'avg' ? poolSum(node, x, inShape) : x, ctx, types);
      return x;
    case 'pad':
    case 'upsample':
    case 'slice':
      return op.kind === 'pad' ? I.mapBounds(x, (lo, hi) => [Math.min(lo, 0), Math.max(hi, 0)]) : x;
    case 'reshape':
    case 'transpose':
      return I.collapse(x);
    case 'concat':
      return I.collapse({ lo: Float64Array.from(ins.flatMap((b) => [...b.lo])), hi: Float64Array.from(ins.flatMap((b) => [...b.hi])) });
    case 'merge':
      return mergeBounds(op.mode, ins.map(I.collapse));
    default:
      // ops without a rule keep their configured range: nothing is proven, nothing is widened
      return I.typeBounds(types['result'] as FixedType);
  }
}

/** Average pooling sums a window (or the whole map) in accum_t before dividing. */
function poolSum(node: Node, x: I.Bounds, inShape: readonly number[]): I.Bounds {
  const op = node.op;
  const n = op.kind === 'pool' ? op.size.reduce((a, b) => a * b, 1) : inShape.slice(0, -1).reduce((a, b) => a * b, 1);
  return I.mapBounds(x, (lo, hi) => [Math.min(0, lo) * n, Math.max(0, hi) * n]);
}

/**
 * Softmax results: e·inv. Stable (and legacy/argmax) subtract the maximum, so e ≤ 1 and the exp sum is ≥ 1, whose
 * table inverse stays below 2; latency has no such bound: the product of the table maxima.
 */
function softmaxBounds(node: Node): I.Bounds {
  const impl = node.config?.softmaxImpl ?? 'stable';
  if (impl !== 'latency') return I.scalar(0, 2);
  const t = node.types!;
  return I.scalar(0, I.typeBounds(t.expTable!).hi[0]! * I.typeBounds(t.invTable!).hi[0]!);
}

function batchnormBounds(scale: Float64Array, bias: Float64Array, x: I.Bounds): I.Bounds {
  const n = scale.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const a = scale[c]! * x.lo[x.lo.length === 1 ? 0 : c]!;
    const b = scale[c]! * x.hi[x.hi.length === 1 ? 0 : c]!;
    lo[c] = Math.min(a, b) + bias[c]!;
    hi[c] = Math.max(a, b) + bias[c]!;
  }
  return { lo, hi };
}

function activationBounds(fn: string, alpha: number | undefined, x: I.Bounds): I.Bounds {
  switch (fn) {
    case 'linear':
      return x;
    case 'relu':
    case 'thresholded_relu':
      return I.mapBounds(x, (lo, hi) => [Math.max(0, lo), Math.max(0, hi)]);
    case 'leaky_relu': {
      const a = alpha ?? 0.3;
      return I.mapBounds(x, (lo, hi) => [Math.min(lo, a * lo, 0), Math.max(hi, a * hi, 0)]);
    }
    case 'sigmoid':
    case 'hard_sigmoid':
      return I.scalar(0, 1);
    default:
      // tanh, softsign, elu, selu, softplus …: a generous envelope of their table ranges
      return I.mapBounds(x, (lo, hi) => [Math.min(-2, lo), Math.max(2, hi)]);
  }
}

function mergeBounds(mode: string, ins: readonly I.Bounds[]): I.Bounds {
  let [lo, hi] = [ins[0]!.lo[0]!, ins[0]!.hi[0]!];
  for (const b of ins.slice(1)) {
    const [l, h] = [b.lo[0]!, b.hi[0]!];
    if (mode === 'add' || mode === 'avg') [lo, hi] = [lo + l, hi + h];
    else if (mode === 'sub') [lo, hi] = [lo - h, hi - l];
    else if (mode === 'mul') [lo, hi] = [Math.min(lo * l, lo * h, hi * l, hi * h), Math.max(lo * l, lo * h, hi * l, hi * h)];
    else [lo, hi] = [Math.min(lo, l), Math.max(hi, h)];
  }
  return I.scalar(lo, hi);
}

function safeNode(node: Node, values: Values, ctx: PassContext): Node {
  const types: Record<string, unknown> = { ...node.types };
  const ins = node.inputs.map((i) => values.get(i)!.bounds);
  const result = types['result'] as FixedType;
  if (node.op.kind === 'input' || node.op.kind === 'quantize') {
    values.set(node.name, { bounds: I.typeBounds(result), shape: node.shape });
    return node;
  }
  const inShape = values.get(node.inputs[0]!)?.shape ?? node.shape;
  const pre = preResult(node, ins[0] ?? I.scalar(0, 0), ins, inShape, types, ctx);
  const frac = result.width - result.integer;
  const t = settle(node, 'result', I.onGrid(pre, frac), ctx, types);
  values.set(node.name, { bounds: I.onGrid(pre, t.width - t.integer), shape: node.shape });
  return types['result'] === node.types!.result && types['accum'] === node.types!.accum ? node : { ...node, types: types as unknown as NodeTypes };
}

/** Widen accumulators and results so that no value can overflow. */
export function safeTypes(graph: Graph, ctx: PassContext): Graph {
  const values: Values = new Map();
  return { ...graph, nodes: graph.nodes.map((n) => safeNode(n, values, ctx)) };
}

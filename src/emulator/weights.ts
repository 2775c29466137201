/** Weights and biases as raw integers of their hls4ml types, prepared once per node and cached. */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import type { Node, WeightType } from '../ir/graph.js';
import type { Tensor } from '../ir/ops.js';
import { fail } from '../diagnostics/errors.js';
import { castNum, quantizeNum, type OverflowCounts } from './arith.js';

/**
 * Weights ready for the product kernels.
 * - fixed: raw integers of a fixed type (binary/ternary weights are the integers ±1 / 0 with 0 fraction bits,
 *   whose products hls4ml forms exactly as ±x or 0);
 * - po2: sign and exponent per weight (hls4ml's exponent type), with the exponent type's width.
 */
export type PreparedWeights =
  | { readonly kind: 'fixed'; readonly raw: Float64Array; readonly frac: number; readonly width: number }
  | { readonly kind: 'po2'; readonly negative: Uint8Array; readonly exponent: Int32Array; readonly expWidth: number };

const INT1: FixedType = { width: 2, integer: 2, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };

/** Convert a weight tensor to its weight type; counts out-of-range weights. */
export function prepareWeights(node: Node, w: Tensor, type: WeightType | undefined, counts: OverflowCounts): PreparedWeights {
  const t = type ?? node.types?.result;
  if (t === undefined) fail('E501', { node: node.name }, { node: node.name });
  if ('kind' in t) {
    if (t.kind === 'xnor') return signs(node, w, t.kind);
    return po2(node, w, t.width);
  }
  if (t.width > 53) fail('E505', { node: node.name, op: node.op.kind, reason: `weight type of ${t.width} bits` }, { node: node.name });
  const raw = new Float64Array(w.data.length);
  for (let i = 0; i < raw.length; i++) raw[i] = quantizeNum(w.data[i]!, t, counts);
  return { kind: 'fixed', raw, frac: fracBits(t), width: t.width };
}

/** Binary weights: ±1 as integers (hls4ml's xnor encoding multiplies by ±1 exactly). */
function signs(node: Node, w: Tensor, what: string): PreparedWeights {
  const raw = new Float64Array(w.data.length);
  for (let i = 0; i < raw.length; i++) {
    const v = w.data[i]!;
    if (v !== 1 && v !== -1 && v !== 0) fail('E506', { node: node.name, type: what, reason: `value ${v} is not ±1` }, { node: node.name });
    raw[i] = v;
  }
  return { kind: 'fixed', raw, frac: 0, width: INT1.width };
}

/** Power-of-two weights: sign and exponent of each ±2^e. */
function po2(node: Node, w: Tensor, expWidth: number): PreparedWeights {
  const n = w.data.length;
  const negative = new Uint8Array(n);
  const exponent = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = w.data[i]!;
    const e = Math.log2(Math.abs(v));
    if (!Number.isInteger(e)) fail('E506', { node: node.name, type: `exponent<${expWidth}>`, reason: `value ${v} is not ±2^e` }, { node: node.name });
    negative[i] = v < 0 ? 1 : 0;
    exponent[i] = e;
  }
  return { kind: 'po2', negative, exponent, expWidth };
}

/**
 * The bias as raw integers of accum_t: hls4ml starts every accumulator at (accum_t) bias[j]. Bias values outside
 * the bias type count in `weightCounts`, bias_t values outside accum_t in `accumCounts`.
 */
export function biasInAccum(
  node: Node,
  bias: Tensor | null,
  nOut: number,
  accum: FixedType,
  weightCounts: OverflowCounts,
  accumCounts: OverflowCounts,
): Float64Array {
  const out = new Float64Array(nOut);
  if (bias === null) return out;
  const bt = node.types?.bias ?? accum;
  for (let j = 0; j < nOut; j++) out[j] = castNum(quantizeNum(bias.data[j]!, bt, weightCounts), fracBits(bt), accum, accumCounts);
  return out;
}

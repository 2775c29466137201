/** Float64 element-wise ops: activations, clip, quantize, softmax. */
import { assertNever } from '../../diagnostics/errors.js';
import type { ActivationOp, QuantizeOp, SoftmaxOp } from '../../ir/ops.js';
import { broadcastMap, stridesOf } from '../../ir/index-maps.js';
import { roundQuant } from '../../ir/quant-rounding.js';
import { sizeOf } from '../../ir/graph.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** The float function of an activation. */
export function activationFn(op: ActivationOp): (x: number) => number {
  const a = op.alpha;
  switch (op.fn) {
    case 'linear': return (x) => x;
    case 'relu': return (x) => (x > 0 ? x : 0);
    case 'leaky_relu': { const s = a ?? 0.3; return (x) => (x > 0 ? x : s * x); }
    case 'thresholded_relu': { const t = a ?? 1; return (x) => (x > t ? x : 0); }
    case 'elu': { const s = a ?? 1; return (x) => (x >= 0 ? x : s * Math.expm1(x)); }
    case 'selu': { const s = a ?? SELU_ALPHA; const g = op.beta ?? SELU_SCALE; return (x) => g * (x > 0 ? x : s * Math.expm1(x)); }
    case 'sigmoid': return (x) => 1 / (1 + Math.exp(-x));
    case 'hard_sigmoid': { const s = a ?? 0.2; const b = op.beta ?? 0.5; return (x) => Math.min(Math.max(s * x + b, 0), 1); }
    case 'hard_tanh': return (x) => Math.min(Math.max(x, -1), 1);
    case 'tanh': return Math.tanh;
    case 'softplus': return (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    case 'softsign': return (x) => x / (1 + Math.abs(x));
    case 'binary_tanh': return (x) => (x > 0 ? 1 : -1);
    case 'ternary_tanh': { const t = a ?? 0.33; return (x) => (x > t ? 1 : x <= -t ? -1 : 0); }
    default: return assertNever(op.fn, 'activation');
  }
}

/** q = clamp(round(x/scale + zp), lo, hi); y = (q − zp)·scale, scale and zp broadcast over one sample. */
export function quantizeFloat(op: QuantizeOp, x: Float64Array, shape: readonly number[], batch: number): Float64Array {
  const n = sizeOf(shape);
  const per = op.scale.data.length > 1 || op.zeroPoint.data.length > 1;
  const si = per ? broadcastMap(op.scale.shape, shape) : new Int32Array(0);
  const zi = per ? broadcastMap(op.zeroPoint.shape, shape) : new Int32Array(0);
  const lo = op.signed ? -(2 ** (op.bits - 1)) + (op.narrow ? 1 : 0) : 0;
  const hi = op.signed ? 2 ** (op.bits - 1) - 1 : 2 ** op.bits - 1 - (op.narrow ? 1 : 0);
  const out = new Float64Array(x.length);
  if (op.scale.data.length === 1 && op.zeroPoint.data.length === 1) {
    // one scale and zero point: the common per-tensor case, without index maps
    const s = op.scale.data[0]!;
    const z = op.zeroPoint.data[0]!;
    for (let i = 0; i < x.length; i++) out[i] = (Math.min(Math.max(roundQuant(op.rounding, x[i]! / s + z), lo), hi) - z) * s;
    return out;
  }
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < n; i++) {
      const s = op.scale.data[si[i]!]!;
      const z = op.zeroPoint.data[zi[i]!]!;
      const q = Math.min(Math.max(roundQuant(op.rounding, x[b * n + i]! / s + z), lo), hi);
      out[b * n + i] = (q - z) * s;
    }
  return out;
}

/** Softmax along one axis (max-subtracted for stability). */
export function softmaxFloat(op: SoftmaxOp, x: Float64Array, shape: readonly number[], batch: number): Float64Array {
  const axis = op.axis < 0 ? op.axis + shape.length : op.axis;
  const len = shape[axis]!;
  const inner = stridesOf(shape)[axis]!;
  const total = batch * sizeOf(shape);
  const outer = total / (len * inner);
  const out = new Float64Array(total);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let m = -Infinity;
      for (let k = 0; k < len; k++) m = Math.max(m, x[base + k * inner]!);
      let s = 0;
      for (let k = 0; k < len; k++) s += out[base + k * inner] = Math.exp(x[base + k * inner]! - m);
      for (let k = 0; k < len; k++) out[base + k * inner]! /= s;
    }
  return out;
}

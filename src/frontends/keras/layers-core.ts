/** Converters of Keras core layers: Dense (and QDense, BinaryDense, TernaryDense), BatchNormalization, activations. */
import { fail, InternalError } from '../../diagnostics/errors.js';
import type { Op, Tensor, WeightQuant } from '../../ir/ops.js';
import { activationName, activationSpec, addActivationNode } from './activations.js';
import { cfg, num, weight, type LayerCtx } from './builder.js';
import { addApplyAlpha, declaredOf, layerQuantizer, quantizeWeight, quantizedActivation, zeroedBias, type QuantizedWeight } from './layers-qkeras.js';
import { quantizeTensor } from './qkeras-alpha.js';
import { isQuantizerValue, parseQuantizer, quantizerClassName } from './qkeras-parse.js';

const f32 = Math.fround;

/**
 * The layer's `activation` argument as a separate node named `<layer>_<activation>` (hls4ml's graph shape;
 * `linear` included — hls4ml's passes remove it later). A QKeras quantizer as activation becomes a
 * quantized activation node `<layer>_<quantizer class>`.
 */
export function withActivation(ctx: LayerCtx, node: string): string {
  const v = cfg(ctx).activation;
  if (v === undefined || v === null) return node;
  if (isQuantizerValue(v)) {
    const q = parseQuantizer(v, { ...ctx.loc, keyPath: 'activation' })!;
    const { spec, declared } = quantizedActivation(q);
    return addActivationNode(ctx, `${ctx.name}_${quantizerClassName(v)}`, node, spec, declared);
  }
  const name = activationName(v);
  if (name === null) fail('E307', { key: 'activation', value: JSON.stringify(v), supported: 'an activation name' }, { ...ctx.loc, keyPath: 'activation' });
  return addActivationNode(ctx, `${ctx.name}_${name}`, node, activationSpec(ctx, name, ctx.keras3));
}

/** Last axis of the (first) input. */
export function channels(ctx: LayerCtx): number {
  const s = ctx.inShapes[0]!;
  return s[s.length - 1]!;
}

/** Whether the layer has a bias (Keras `use_bias`, default true). */
export function useBias(ctx: LayerCtx): boolean {
  return cfg(ctx).use_bias !== false;
}

/** hls4ml's BinaryQuantizer(2) (data > 0 → 1 else −1) and TernaryQuantizer (> 0.5 → 1, ≤ −0.5 → −1, else 0). */
function binaryNetKernel(className: string, t: Tensor): { tensor: Tensor; quant: WeightQuant } {
  const ternary = className === 'TernaryDense';
  const data = t.data.map((w) => (ternary ? (w > 0.5 ? 1 : w <= -0.5 ? -1 : 0) : w > 0 ? 1 : -1));
  const quant: WeightQuant = ternary ? { kind: 'ternary' } : { kind: 'fixed', type: { width: 2, integer: 2, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 } };
  return { tensor: { shape: t.shape, data }, quant };
}

/**
 * A Dense/Conv node from its op builder, kernel and bias, then the ApplyAlpha node when the kernel quantizer has
 * an alpha ≠ 1 (hls4ml's qkeras_factorize_alpha), then the activation node.
 */
export function addWeightedLayer(ctx: LayerCtx, layerClass: string, k: QuantizedWeight, b: QuantizedWeight | null, op: (w: Tensor, bias: Tensor | null) => Op): string {
  const ownBias = k.alpha ? zeroedBias(b) : b;
  let node = ctx.b.add(ctx, ctx.name, op(k.tensor, ownBias?.tensor ?? null), ctx.inputs, layerClass, declaredOf(k.quant, ownBias?.quant));
  if (k.alpha) node = addApplyAlpha(ctx, node, k.alpha, b);
  return withActivation(ctx, node);
}

/** Dense, QDense, BinaryDense, TernaryDense → dense node (class Dense) [+ ApplyAlpha] + activation node. */
export function convertDense(ctx: LayerCtx): string {
  const nIn = channels(ctx);
  const units = num(ctx, 'units', NaN);
  if (!Number.isInteger(units) || units < 1) fail('E308', { key: 'units' }, { ...ctx.loc, keyPath: 'units' });
  const raw = weight(ctx, 'kernel', 0, [nIn, units]);
  const binaryNet = ctx.layer.className === 'BinaryDense' || ctx.layer.className === 'TernaryDense';
  const k = binaryNet ? binaryNetKernel(ctx.layer.className, raw) : quantizeWeight(ctx, raw, layerQuantizer(ctx, 'kernel_quantizer'), 'kernel_quantizer', true, true);
  const rawBias = useBias(ctx) ? weight(ctx, 'bias', 1, [units]) : null;
  // hls4ml quantizes BinaryDense / TernaryDense biases like their kernels.
  const b = rawBias === null ? null : binaryNet ? binaryNetKernel(ctx.layer.className, rawBias) : quantizeWeight(ctx, rawBias, layerQuantizer(ctx, 'bias_quantizer'), 'bias_quantizer', false);
  return addWeightedLayer(ctx, 'Dense', k, b, (w, bias) => ({ kind: 'dense', weight: w, bias }));
}

function bnAxisOk(ctx: LayerCtx): boolean {
  const rank = ctx.inShapes[0]!.length;
  const a = cfg(ctx).axis ?? -1;
  const ax = Array.isArray(a) && a.length === 1 ? a[0] : a;
  return ax === -1 || ax === rank;
}

/**
 * BatchNormalization / QBatchNormalization → batchnorm node (class BatchNormalization), computed as hls4ml
 * does in float32: scale = gamma / sqrt(var + eps), bias = beta − scale·mean (QKeras quantizers on gamma,
 * beta, mean and variance applied first).
 */
export function convertBatchNorm(ctx: LayerCtx): string {
  if (!bnAxisOk(ctx)) fail('E307', { key: 'axis', value: JSON.stringify(cfg(ctx).axis), supported: '-1 (the channel axis, last)' }, { ...ctx.loc, keyPath: 'axis' });
  const c = channels(ctx);
  const hasScale = cfg(ctx).scale !== false;
  const hasCenter = cfg(ctx).center !== false;
  const eps = f32(num(ctx, 'epsilon', 1e-3));
  let i = 0;
  const q = (key: string, t: Tensor) => {
    const quant = layerQuantizer(ctx, `${key}_quantizer`);
    // QKeras quantizes these parameters at inference; hls4ml declares no type for them (only scale and bias).
    return quant === null ? t.data : quantizeTensor(quant, t).data;
  };
  const gamma = hasScale ? q('gamma', weight(ctx, 'gamma', i++, [c])) : new Float64Array(c).fill(1);
  const beta = hasCenter ? q('beta', weight(ctx, 'beta', i++, [c])) : new Float64Array(c);
  const mean = q('mean', weight(ctx, 'moving_mean', i++, [c]));
  const variance = q('variance', weight(ctx, 'moving_variance', i++, [c]));
  const scale = new Float64Array(c);
  const bias = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    scale[j] = f32(gamma[j]! / f32(Math.sqrt(f32(variance[j]! + eps))));
    bias[j] = f32(beta[j]! - f32(scale[j]! * mean[j]!));
  }
  return ctx.b.add(ctx, ctx.name, { kind: 'batchnorm', scale: { shape: [c], data: scale }, bias: { shape: [c], data: bias } }, ctx.inputs, 'BatchNormalization');
}

/** Activation layer → activation node named like the layer. */
export function convertActivation(ctx: LayerCtx): string {
  const v = cfg(ctx).activation;
  const name = activationName(v);
  if (name === null) fail('E308', { key: 'activation' }, { ...ctx.loc, keyPath: 'activation' });
  return addActivationNode(ctx, ctx.name, ctx.inputs[0]!, activationSpec(ctx, name, ctx.keras3));
}

/** QActivation → the activation hls4ml makes of its quantizer, with the declared result type. */
export function convertQActivation(ctx: LayerCtx): string {
  const q = parseQuantizer(cfg(ctx).activation, { ...ctx.loc, keyPath: 'activation' });
  if (q === null) fail('E308', { key: 'activation' }, { ...ctx.loc, keyPath: 'activation' });
  const { spec, declared } = quantizedActivation(q);
  return addActivationNode(ctx, ctx.name, ctx.inputs[0]!, spec, declared);
}

/** ReLU layer: clip (max_value), LeakyReLU (negative_slope), ThresholdedReLU (threshold) or plain relu (class Activation). */
function convertRelu(ctx: LayerCtx): string {
  const c = cfg(ctx);
  const x = ctx.inputs;
  const slope = typeof c.negative_slope === 'number' ? f32(c.negative_slope) : 0;
  const thr = typeof c.threshold === 'number' ? f32(c.threshold) : 0;
  const max = c.max_value;
  if (typeof max === 'number') {
    if (slope !== 0 || thr !== 0) fail('E307', { key: 'max_value', value: max, supported: 'max_value only without negative_slope/threshold' }, { ...ctx.loc, keyPath: 'max_value' });
    return ctx.b.add(ctx, ctx.name, { kind: 'clip', min: 0, max }, x, 'Activation');
  }
  if (slope !== 0) return ctx.b.add(ctx, ctx.name, { kind: 'activation', fn: 'leaky_relu', alpha: slope }, x, 'LeakyReLU');
  if (thr !== 0) return ctx.b.add(ctx, ctx.name, { kind: 'activation', fn: 'thresholded_relu', alpha: thr }, x, 'ThresholdedReLU');
  return ctx.b.add(ctx, ctx.name, { kind: 'activation', fn: 'relu' }, x, 'Activation');
}

/**
 * ReLU (negative_slope, threshold, max_value), LeakyReLU, ELU, ThresholdedReLU, Softmax, PReLU layers, with
 * hls4ml's classes: ReLU → Activation (LeakyReLU / ThresholdedReLU when those parameters are set).
 */
export function convertActivationLayer(ctx: LayerCtx): string {
  const c = cfg(ctx);
  const x = ctx.inputs;
  const alphaOr = (keys: string[], d: number) => {
    for (const k of keys) if (typeof c[k] === 'number') return c[k] as number;
    return d;
  };
  switch (ctx.layer.className) {
    case 'ReLU':
      return convertRelu(ctx);
    case 'LeakyReLU':
      return ctx.b.add(ctx, ctx.name, { kind: 'activation', fn: 'leaky_relu', alpha: f32(alphaOr(['negative_slope', 'alpha'], 0.3)) }, x, 'LeakyReLU');
    case 'ELU':
      return ctx.b.add(ctx, ctx.name, { kind: 'activation', fn: 'elu', alpha: f32(alphaOr(['alpha'], 1)) }, x, 'ELU');
    case 'ThresholdedReLU':
      return ctx.b.add(ctx, ctx.name, { kind: 'activation', fn: 'thresholded_relu', alpha: f32(alphaOr(['theta'], 1)) }, x, 'ThresholdedReLU');
    case 'Softmax': {
      const rank = ctx.inShapes[0]!.length;
      const a = Array.isArray(c.axis) ? c.axis[0] : c.axis ?? -1;
      if (typeof a !== 'number' || (a !== -1 && a !== rank)) fail('E307', { key: 'axis', value: JSON.stringify(c.axis), supported: '-1 (the last axis)' }, { ...ctx.loc, keyPath: 'axis' });
      return ctx.b.add(ctx, ctx.name, { kind: 'softmax', axis: -1 }, x, 'Softmax');
    }
    case 'PReLU': {
      if (c.shared_axes !== undefined && c.shared_axes !== null) fail('E307', { key: 'shared_axes', value: JSON.stringify(c.shared_axes), supported: 'None (hls4ml has no shared PReLU axes)' }, { ...ctx.loc, keyPath: 'shared_axes' });
      const alpha = weight(ctx, 'alpha', 0, ctx.inShapes[0]);
      return ctx.b.add(ctx, ctx.name, { kind: 'prelu', alpha }, x, 'PReLU');
    }
    default:
      throw new InternalError(`not an activation layer: ${ctx.layer.className}`);
  }
}

/** QKeras pieces shared by the layer converters: quantized weights with declared types, quantized activations. */
import { fail } from '../../diagnostics/errors.js';
import type { DeclaredTypes } from '../../ir/graph.js';
import type { Tensor, WeightQuant } from '../../ir/ops.js';
import type { ActivationSpec } from './activations.js';
import { cfg, type LayerCtx } from './builder.js';
import { parseQuantizer, type Quantizer } from './qkeras-parse.js';
import { quantizeTensor, scaleBits, unscaled } from './qkeras-alpha.js';
import { activationResultType, weightQuantOf } from './qkeras-quantize.js';

/** The quantizer under config key `key` (e.g. 'kernel_quantizer'), or null. */
export function layerQuantizer(ctx: LayerCtx, key: string): Quantizer | null {
  return parseQuantizer(cfg(ctx)[key], { ...ctx.loc, keyPath: key });
}

/** A quantized weight: values, declared type, and the per-channel alpha scale hls4ml factors out (kernels only). */
export interface QuantizedWeight {
  readonly tensor: Tensor;
  readonly quant?: WeightQuant;
  readonly alpha?: { readonly scale: Float64Array; readonly auto: boolean };
}

/**
 * A weight tensor quantized by `q` (unchanged when q is null), with the type hls4ml declares for it. With an
 * alpha ≠ 1 (allowed on Dense/Conv kernels: `allowAlpha`) the tensor holds hls4ml's alpha-free weights and
 * `alpha` the scale that an ApplyAlpha node re-applies.
 */
export function quantizeWeight(ctx: LayerCtx, t: Tensor, q: Quantizer | null, key: string, isKernel: boolean, allowAlpha = false): QuantizedWeight {
  if (q === null) return { tensor: t };
  const quant = weightQuantOf(q, isKernel);
  if (quant === null) {
    fail('E305', { key, value: q.kind, quantizer: q.kind, supported: 'quantized_bits, quantized_po2, binary (not use_01) and ternary on weights' }, { ...ctx.loc, keyPath: key });
  }
  const sq = quantizeTensor(q, t);
  if (sq.scale === null) return { tensor: { shape: t.shape, data: sq.data }, quant };
  if (!allowAlpha) {
    fail('E305', { key: `${key}.alpha`, value: JSON.stringify(q.kind === 'quantized_bits' ? q.alpha : null), quantizer: q.kind, supported: 'alpha None or 1 here (a scale is supported on Dense / Conv1D / Conv2D kernels)' }, { ...ctx.loc, keyPath: key });
  }
  const auto = (q.kind === 'quantized_bits' || q.kind === 'binary') && q.alpha === 'auto_po2';
  return { tensor: { shape: t.shape, data: unscaled(sq, t) }, quant, alpha: { scale: sq.scale, auto } };
}

/**
 * hls4ml's ApplyAlpha node `<layer>_alpha` (class ApplyAlpha, a batchnorm): scale = the kernel's alpha scale,
 * bias = the layer's (quantized) bias, which the layer itself then replaces by zeros. Declared: the scale as
 * power-of-two weights for 'auto_po2', the bias type.
 */
export function addApplyAlpha(ctx: LayerCtx, input: string, alpha: NonNullable<QuantizedWeight['alpha']>, bias: QuantizedWeight | null): string {
  const c = ctx.b.shape(input).at(-1)!;
  const scale = c === alpha.scale.length ? alpha.scale : new Float64Array(c).fill(alpha.scale[0]!);
  const b = bias?.tensor.data ?? new Float64Array(c);
  const declared = declaredOf(alpha.auto ? { kind: 'po2', width: scaleBits(scale) } : undefined, bias?.quant);
  const op = { kind: 'batchnorm' as const, scale: { shape: [c], data: scale }, bias: { shape: [c], data: Float64Array.from(b) } };
  return ctx.b.add(ctx, `${ctx.name}_alpha`, op, [input], 'ApplyAlpha', declared);
}

/** The layer's own bias once an ApplyAlpha node has taken it over: zeros of the same type. */
export function zeroedBias(b: QuantizedWeight | null): QuantizedWeight | null {
  if (b === null) return null;
  return { ...b, tensor: { shape: b.tensor.shape, data: new Float64Array(b.tensor.data.length) } };
}

/** DeclaredTypes from optional weight / bias quantization. */
export function declaredOf(w?: WeightQuant, b?: WeightQuant): DeclaredTypes | undefined {
  if (w === undefined && b === undefined) return undefined;
  return { ...(w ? { weight: w } : {}), ...(b ? { bias: b } : {}) };
}

/**
 * A quantizer used as an activation (QActivation, or a Q-layer's `activation`), as hls4ml maps it:
 * quantized_relu → Activation relu (LeakyReLU when negative_slope ≠ 0); quantized_bits → Activation linear;
 * quantized_tanh / quantized_sigmoid → HardActivation hard_tanh / hard_sigmoid (slope 0.5, shift 0.5) unless
 * use_real_*; binary → Activation binary_tanh; ternary → TernaryTanh (alpha = threshold, default 0.33).
 * The declared result type is hls4ml's type for the quantizer (see activationResultType).
 */
export function quantizedActivation(q: Quantizer): { spec: ActivationSpec; declared: DeclaredTypes } {
  const declared: DeclaredTypes = { result: activationResultType(q) };
  const act = (spec: ActivationSpec) => ({ spec, declared });
  switch (q.kind) {
    case 'quantized_relu':
    case 'quantized_relu_po2':
      if (q.negativeSlope !== 0) return act({ op: { kind: 'activation', fn: 'leaky_relu', alpha: q.negativeSlope }, layerClass: 'LeakyReLU' });
      return act({ op: { kind: 'activation', fn: 'relu' }, layerClass: 'Activation' });
    case 'quantized_bits':
    case 'quantized_po2':
      return act({ op: { kind: 'activation', fn: 'linear' }, layerClass: 'Activation' });
    case 'quantized_tanh':
      if (q.useReal) return act({ op: { kind: 'activation', fn: 'tanh' }, layerClass: 'Activation' });
      return act({ op: { kind: 'activation', fn: 'hard_tanh', alpha: 0.5, beta: 0.5 }, layerClass: 'HardActivation' });
    case 'quantized_sigmoid':
      if (q.useReal) return act({ op: { kind: 'activation', fn: 'sigmoid' }, layerClass: 'Activation' });
      return act({ op: { kind: 'activation', fn: 'hard_sigmoid', alpha: 0.5, beta: 0.5 }, layerClass: 'HardActivation' });
    case 'binary':
      return act({ op: { kind: 'activation', fn: 'binary_tanh' }, layerClass: 'Activation' });
    case 'ternary':
      return act({ op: { kind: 'activation', fn: 'ternary_tanh', alpha: q.threshold ?? 0.33 }, layerClass: 'TernaryTanh' });
  }
}

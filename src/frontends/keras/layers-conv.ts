/** Converters of Keras convolution and pooling layers (channels-last, as the IR). */
import { fail } from '../../diagnostics/errors.js';
import type { Tensor, WeightQuant } from '../../ir/ops.js';
import { choice, intList, requireChannelsLast, weight, type LayerCtx } from './builder.js';
import { addWeightedLayer, channels, useBias, withActivation } from './layers-core.js';
import { declaredOf, layerQuantizer, quantizeWeight } from './layers-qkeras.js';
import { rankOf } from './layers-shape.js';

/** TensorFlow's padding: 'valid' none; 'same' total = max((⌈n/s⌉−1)·s + eff − n, 0), the extra pixel at the end; 'causal' all at the start. */
export function tfPads(ctx: LayerCtx, size: readonly number[], strides: readonly number[], dilations: readonly number[], allowCausal: boolean): number[] {
  const mode = choice(ctx, 'padding', allowCausal ? ['valid', 'same', 'causal'] : ['valid', 'same'], 'valid');
  const s = ctx.inShapes[0]!;
  const rank = size.length;
  const begin: number[] = [];
  const end: number[] = [];
  for (let a = 0; a < rank; a++) {
    const eff = (size[a]! - 1) * dilations[a]! + 1;
    if (mode === 'valid') {
      begin.push(0);
      end.push(0);
    } else if (mode === 'causal') {
      begin.push(eff - 1);
      end.push(0);
    } else {
      const n = s[a]!;
      const total = Math.max((Math.ceil(n / strides[a]!) - 1) * strides[a]! + eff - n, 0);
      begin.push(Math.floor(total / 2));
      end.push(total - Math.floor(total / 2));
    }
  }
  return [...begin, ...end];
}

interface ConvGeometry {
  readonly rank: 1 | 2;
  readonly size: number[];
  readonly strides: number[];
  readonly dilations: number[];
  readonly pads: number[];
}

function geometry(ctx: LayerCtx): ConvGeometry {
  requireChannelsLast(ctx);
  const rank = rankOf(ctx.layer.className);
  const size = intList(ctx, 'kernel_size', rank);
  const strides = intList(ctx, 'strides', rank, Array(rank).fill(1));
  const dilations = intList(ctx, 'dilation_rate', rank, Array(rank).fill(1));
  return { rank, size, strides, dilations, pads: tfPads(ctx, size, strides, dilations, rank === 1) };
}

/** The bias (positional index `index`: it follows the kernel(s)), quantized when the layer says so. */
function bias(ctx: LayerCtx, n: number, index: number): { tensor: Tensor | null; quant?: WeightQuant } {
  if (!useBias(ctx)) return { tensor: null };
  return quantizeWeight(ctx, weight(ctx, 'bias', index, [n]), layerQuantizer(ctx, 'bias_quantizer'), 'bias_quantizer', false);
}

/** Conv1D/Conv2D/QConv1D/QConv2D → conv (class Conv1D/Conv2D) + activation. */
export function convertConv(ctx: LayerCtx): string {
  const g = geometry(ctx);
  const cin = channels(ctx);
  const filters = Number(ctx.layer.config.filters);
  if (!Number.isInteger(filters) || filters < 1) fail('E308', { key: 'filters' }, { ...ctx.loc, keyPath: 'filters' });
  if (Number(ctx.layer.config.groups ?? 1) !== 1) fail('E307', { key: 'groups', value: String(ctx.layer.config.groups), supported: '1' }, { ...ctx.loc, keyPath: 'groups' });
  const k = quantizeWeight(ctx, weight(ctx, 'kernel', 0, [...g.size, cin, filters]), layerQuantizer(ctx, 'kernel_quantizer'), 'kernel_quantizer', true, true);
  const b = bias(ctx, filters, 1);
  const conv = (w: Tensor, bs: Tensor | null) => ({ kind: 'conv' as const, rank: g.rank, weight: w, bias: bs, strides: g.strides, dilations: g.dilations, pads: g.pads, groups: 1 });
  return addWeightedLayer(ctx, `Conv${g.rank}D`, k, b.tensor === null ? null : { tensor: b.tensor, quant: b.quant }, conv);
}

/**
 * Depthwise kernel [k..., cin, mult] → IR conv weight [k..., 1, cin·mult] with groups = cin: the row-major
 * layouts coincide (output channel c·mult + m), so the data is reused as is.
 */
function depthwiseWeight(t: Tensor, rank: 1 | 2): Tensor {
  const cin = t.shape[rank]!;
  const mult = t.shape[rank + 1]!;
  return { shape: [...t.shape.slice(0, rank), 1, cin * mult], data: t.data };
}

function addDepthwise(ctx: LayerCtx, name: string, g: ConvGeometry, withBias: boolean, layerClass: string): string {
  const cin = channels(ctx);
  const mult = Number(ctx.layer.config.depth_multiplier ?? 1);
  const kq = layerQuantizer(ctx, 'depthwise_quantizer');
  const k = quantizeWeight(ctx, weight(ctx, 'depthwise_kernel', 0, [...g.size, cin, mult]), kq, 'depthwise_quantizer', true);
  const b = withBias ? bias(ctx, cin * mult, 1) : { tensor: null };
  const op = { kind: 'conv' as const, rank: g.rank, weight: depthwiseWeight(k.tensor, g.rank), bias: b.tensor, strides: g.strides, dilations: g.dilations, pads: g.pads, groups: cin };
  return ctx.b.add(ctx, name, op, ctx.inputs, layerClass, declaredOf(k.quant, 'quant' in b ? b.quant : undefined));
}

/** DepthwiseConv1D/2D, QDepthwiseConv2D → grouped conv (class DepthwiseConv1D/2D) + activation. */
export function convertDepthwise(ctx: LayerCtx): string {
  const g = geometry(ctx);
  const node = addDepthwise(ctx, ctx.name, g, useBias(ctx), `DepthwiseConv${g.rank}D`);
  return withActivation(ctx, node);
}

/**
 * SeparableConv1D/2D, QSeparableConv1D/2D → two nodes: `<name>_depthwise` (class DepthwiseConv1D/2D, no bias)
 * then `<name>` (1×1 pointwise conv with the bias, class Conv1D/Conv2D). hls4ml keeps one SeparableConv layer;
 * nnfab splits it so that each node is one kernel, and the Keras name stays on the node producing the output.
 */
export function convertSeparable(ctx: LayerCtx): string {
  const g = geometry(ctx);
  const cin = channels(ctx);
  const mult = Number(ctx.layer.config.depth_multiplier ?? 1);
  const filters = Number(ctx.layer.config.filters);
  const dw = addDepthwise(ctx, `${ctx.name}_depthwise`, g, false, `DepthwiseConv${g.rank}D`);
  const ones = Array(g.rank).fill(1) as number[];
  const pq = layerQuantizer(ctx, 'pointwise_quantizer');
  const k = quantizeWeight(ctx, weight(ctx, 'pointwise_kernel', 1, [...ones, cin * mult, filters]), pq, 'pointwise_quantizer', true);
  const b = bias(ctx, filters, 2);
  const op = { kind: 'conv' as const, rank: g.rank, weight: k.tensor, bias: b.tensor, strides: ones, dilations: ones, pads: [...ones, ...ones].map(() => 0), groups: 1 };
  const node = ctx.b.add(ctx, ctx.name, op, [dw], `Conv${g.rank}D`, declaredOf(k.quant, b.quant));
  return withActivation(ctx, node);
}

/** MaxPooling/AveragePooling 1D/2D → pool (class Pooling1D/2D); 'same' average pooling excludes the padding, as TF. */
export function convertPool(ctx: LayerCtx): string {
  requireChannelsLast(ctx);
  const rank = rankOf(ctx.layer.className);
  const sizeKey = ctx.layer.config.pool_size !== undefined ? 'pool_size' : 'pool_length';
  const size = intList(ctx, sizeKey, rank, Array(rank).fill(2));
  const strides = intList(ctx, 'strides', rank, size);
  const pads = tfPads(ctx, size, strides, Array(rank).fill(1), false);
  const mode = ctx.layer.className.startsWith('Max') ? 'max' : 'avg';
  const op = { kind: 'pool' as const, mode, rank, size, strides, pads, countIncludePad: false } as const;
  return ctx.b.add(ctx, ctx.name, op, ctx.inputs, `Pooling${rank}D`);
}

/** GlobalMax/AveragePooling1D/2D → global_pool (class GlobalPooling1D/2D); keepdims adds a reshape node. */
export function convertGlobalPool(ctx: LayerCtx): string {
  requireChannelsLast(ctx);
  const rank = rankOf(ctx.layer.className);
  const mode = ctx.layer.className.startsWith('GlobalMax') ? 'max' : 'avg';
  const node = ctx.b.add(ctx, ctx.name, { kind: 'global_pool', mode, rank }, ctx.inputs, `GlobalPooling${rank}D`);
  if (ctx.layer.config.keepdims !== true) return node;
  const c = channels(ctx);
  return ctx.b.add(ctx, `${ctx.name}_keepdims`, { kind: 'reshape', shape: [...Array(rank).fill(1), c], flatten: false }, [node], 'Reshape');
}

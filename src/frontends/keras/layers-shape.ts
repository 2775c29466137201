/** Converters of Keras layers that move data: Dropout, Flatten, Reshape, Permute, merges, padding, cropping, upsampling. */
import { fail } from '../../diagnostics/errors.js';
import { sizeOf } from '../../ir/graph.js';
import type { MergeOp } from '../../ir/ops.js';
import { cfg, choice, type LayerCtx } from './builder.js';

/** Dropout and friends (no-ops at inference) → identity node with reason 'dropout' (the passes drop it). */
export function convertDropout(ctx: LayerCtx): string {
  return ctx.b.add(ctx, ctx.name, { kind: 'identity', reason: 'dropout' }, ctx.inputs, 'Dropout');
}

/** Flatten → reshape (class Reshape, as hls4ml). */
export function convertFlatten(ctx: LayerCtx): string {
  return ctx.b.add(ctx, ctx.name, { kind: 'reshape', shape: [sizeOf(ctx.inShapes[0]!)], flatten: true }, ctx.inputs, 'Reshape');
}

/** Reshape (target_shape, one −1 allowed) → reshape (class Reshape). */
export function convertReshape(ctx: LayerCtx): string {
  const t = cfg(ctx).target_shape;
  if (!Array.isArray(t) || !t.every((d) => typeof d === 'number')) fail('E308', { key: 'target_shape' }, { ...ctx.loc, keyPath: 'target_shape' });
  const dims = t as number[];
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const shape = dims.map((d) => (d === -1 ? sizeOf(ctx.inShapes[0]!) / known : d));
  return ctx.b.add(ctx, ctx.name, { kind: 'reshape', shape, flatten: false }, ctx.inputs, 'Reshape');
}

/** Permute (1-based dims without batch) → transpose (class Transpose). */
export function convertPermute(ctx: LayerCtx): string {
  const d = cfg(ctx).dims;
  if (!Array.isArray(d) || !d.every((x) => typeof x === 'number')) fail('E308', { key: 'dims' }, { ...ctx.loc, keyPath: 'dims' });
  return ctx.b.add(ctx, ctx.name, { kind: 'transpose', perm: (d as number[]).map((x) => x - 1) }, ctx.inputs, 'Transpose');
}

const MERGE_MODES: Record<string, MergeOp['mode']> = {
  Add: 'add',
  Subtract: 'sub',
  Multiply: 'mul',
  Average: 'avg',
  Maximum: 'max',
  Minimum: 'min',
};

/** Add, Subtract, Multiply, Average, Maximum, Minimum → merge (class Merge). */
export function convertMerge(ctx: LayerCtx): string {
  const mode = MERGE_MODES[ctx.layer.className]!;
  if (mode === 'sub' && ctx.inputs.length !== 2) fail('E309', { reason: 'Subtract needs exactly two inputs', shape: String(ctx.inputs.length) }, ctx.loc);
  return ctx.b.add(ctx, ctx.name, { kind: 'merge', mode }, ctx.inputs, 'Merge');
}

/** Concatenate (Keras axis counts the batch axis) → concat (class Concatenate). */
export function convertConcatenate(ctx: LayerCtx): string {
  const rank = ctx.inShapes[0]!.length;
  const a = cfg(ctx).axis ?? -1;
  if (typeof a !== 'number' || a === 0 || a > rank || a < -rank) fail('E307', { key: 'axis', value: JSON.stringify(a), supported: `-${rank}..-1 or 1..${rank}` }, { ...ctx.loc, keyPath: 'axis' });
  const axis = a < 0 ? rank + a : a - 1;
  return ctx.b.add(ctx, ctx.name, { kind: 'concat', axis }, ctx.inputs, 'Concatenate');
}

/** Spatial rank of a 1D/2D layer from its class name. */
export function rankOf(className: string): 1 | 2 {
  return className.includes('1D') ? 1 : 2;
}

/** Keras padding/cropping arguments: int, [a, b] (per axis or 1-D begin/end), or [[t, b], [l, r]] → [begin..., end...]. */
function beginEnd(ctx: LayerCtx, key: string, rank: 1 | 2, dflt: number): number[] {
  const v = cfg(ctx)[key] ?? dflt;
  const bad = () => fail('E307', { key, value: JSON.stringify(v), supported: 'an integer, a pair, or a pair of pairs' }, { ...ctx.loc, keyPath: key });
  if (typeof v === 'number') return Array(2 * rank).fill(v);
  if (!Array.isArray(v)) bad();
  const arr = v as unknown[];
  if (rank === 1 && arr.length === 2 && arr.every((x) => typeof x === 'number')) return arr as number[];
  if (rank === 2 && arr.length === 2) {
    const [h, w] = arr.map((x) => (typeof x === 'number' ? [x, x] : Array.isArray(x) && x.length === 2 ? (x as number[]) : bad()));
    return [h![0]!, w![0]!, h![1]!, w![1]!];
  }
  return bad();
}

/** ZeroPadding1D/2D → pad over every axis (channels unpadded), class ZeroPadding1D/2D. */
export function convertZeroPadding(ctx: LayerCtx): string {
  const rank = rankOf(ctx.layer.className);
  choice(ctx, 'data_format', ['channels_last'], 'channels_last');
  const be = beginEnd(ctx, 'padding', rank, 1);
  const pads = [...be.slice(0, rank), 0, ...be.slice(rank), 0];
  return ctx.b.add(ctx, ctx.name, { kind: 'pad', pads }, ctx.inputs, ctx.layer.className);
}

/** Cropping1D/2D → slice, class Cropping1D/2D. */
export function convertCropping(ctx: LayerCtx): string {
  const rank = rankOf(ctx.layer.className);
  const be = beginEnd(ctx, 'cropping', rank, rank === 1 ? 1 : 0);
  const s = ctx.inShapes[0]!;
  const starts = [...be.slice(0, rank), 0];
  const ends = [...s.slice(0, rank).map((d, i) => d - be[rank + i]!), s[rank]!];
  return ctx.b.add(ctx, ctx.name, { kind: 'slice', starts, ends }, ctx.inputs, ctx.layer.className);
}

/** UpSampling1D/2D (nearest) → upsample, class Resize (hls4ml's). */
export function convertUpSampling(ctx: LayerCtx): string {
  const rank = rankOf(ctx.layer.className);
  choice(ctx, 'interpolation', ['nearest'], 'nearest');
  choice(ctx, 'data_format', ['channels_last'], 'channels_last');
  const v = cfg(ctx).size ?? 2;
  const scales = typeof v === 'number' ? Array(rank).fill(v) : (v as number[]);
  return ctx.b.add(ctx, ctx.name, { kind: 'upsample', rank, scales }, ctx.inputs, 'Resize');
}

/** Data-path Cast (float → float), Slice, and ReduceMean/ReduceMax over the spatial axes (global pooling). */
import { fail } from '../../diagnostics/errors.js';
import { attrInt, attrInts, hasInput, normAxis, tensorIn, constIn } from './attrs.js';
import type { Ctx, TensorVal, Value } from './context.js';
import { identity } from './layout.js';
import type { OnnxNode } from './model.js';
import { DT } from './tensor.js';

/** Cast between float types is a no-op on the float data path; other casts are unsupported there. */
export function convertCast(ctx: Ctx, n: OnnxNode): Value[] {
  const x = tensorIn(ctx, n, 0);
  const to = attrInt(n, 'to', DT.FLOAT);
  if (![DT.FLOAT, DT.DOUBLE, DT.FLOAT16, DT.BFLOAT16].includes(to as 1)) fail('E206', { attr: 'to', value: to, supported: 'float types on the data path' }, ctx.loc(n));
  return [x];
}

function sliceArgs(ctx: Ctx, n: OnnxNode): number[][] {
  const get = (i: number, attr: string): number[] | null => {
    if (ctx.opset() < 10) return (attrInts(n, attr, null) as number[] | null) ?? null;
    return hasInput(n, i) ? Array.from(constIn(ctx, n, i).t.data) : null;
  };
  const starts = get(1, 'starts')!;
  const ends = get(2, 'ends')!;
  const axes = get(3, 'axes') ?? identity(starts.length);
  const steps = get(4, 'steps') ?? starts.map(() => 1);
  return [starts, ends, axes, steps];
}

/** Slice (step 1, non-batch axes) → IR slice in the value's layout. */
export function convertSlice(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  const [starts, ends, axes, steps] = sliceArgs(ctx, n);
  const rank = x.shape.length + 1;
  const lo = x.shape.map(() => 0);
  const hi = [...x.shape];
  axes!.forEach((a0, k) => {
    const a = normAxis(ctx, n, a0, rank);
    if (a === 0) {
      if (starts![k]! === 0 && ends![k]! >= 1) return;
      fail('E208', { reason: 'Slice of the batch axis' }, ctx.loc(n));
    }
    if (steps![k] !== 1) fail('E206', { attr: 'steps', value: steps![k]!, supported: '1' }, ctx.loc(n));
    const d = x.shape[a - 1]!;
    const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    lo[a - 1] = clamp(starts![k]!);
    hi[a - 1] = clamp(ends![k]!);
  });
  const shape = x.shape.map((_, i) => hi[i]! - lo[i]!);
  if (shape.some((d) => d < 1)) fail('E209', { reason: 'Slice selects nothing' }, ctx.loc(n));
  const op = { kind: 'slice' as const, starts: x.perm.map((p) => lo[p]!), ends: x.perm.map((p) => hi[p]!) };
  return [{ kind: 'tensor', node: ctx.emit({ op, inputs: [x.node], layerClass: 'Cropping' }), shape, perm: x.perm }];
}

/**
 * ReduceMean / ReduceMax over every axis but one non-batch axis (the channels): global pooling. Covers NCHW
 * (PyTorch `x.mean([2, 3])`) and NHWC (tf2onnx GlobalAveragePooling2D, axes [1, 2]).
 */
export function convertReduce(ctx: Ctx, n: OnnxNode): Value[] {
  const v = tensorIn(ctx, n, 0);
  const rank = v.shape.length + 1;
  const axes0 = ctx.opset() >= 18 ? (hasInput(n, 1) ? Array.from(constIn(ctx, n, 1).t.data) : null) : attrInts(n, 'axes', null);
  const axes = [...new Set([...(axes0 ?? identity(rank))].map((a) => normAxis(ctx, n, a, rank)))].sort((a, b) => a - b);
  const spatial = rank - 2;
  const channel = identity(rank - 1).filter((a) => !axes.includes(a + 1));
  if ((spatial !== 1 && spatial !== 2) || axes.includes(0) || channel.length !== 1 || axes.length !== spatial)
    fail('E206', { attr: 'axes', value: `[${axes.join(', ')}]`, supported: 'all non-batch axes but the channel axis of a 3-D or 4-D tensor (global pooling)' }, ctx.loc(n));
  const perm = [...axes.map((a) => a - 1), channel[0]!];
  const x = ctx.withPerm(v, perm);
  const mode = n.opType === 'ReduceMax' ? 'max' : 'avg';
  const g = ctx.emit({ op: { kind: 'global_pool', mode, rank: spatial as 1 | 2 }, inputs: [x.node], layerClass: `GlobalPooling${spatial}D` });
  const c = v.shape[channel[0]!]!;
  if (attrInt(n, 'keepdims', 1) === 0) return [{ kind: 'tensor', node: g, shape: [c], perm: [0] }];
  const r = ctx.emit({ op: { kind: 'reshape', shape: [...new Array<number>(spatial).fill(1), c], flatten: false }, inputs: [g], layerClass: 'Reshape', suffix: 'reshape' });
  const out: TensorVal = { kind: 'tensor', node: r, shape: v.shape.map((d, i) => (i === channel[0] ? d : 1)), perm };
  return [out];
}

/** Neg on the data path: multiplication by −1. */
export function convertNeg(ctx: Ctx, n: OnnxNode): Value[] {
  const x = tensorIn(ctx, n, 0);
  const op = { kind: 'constant_op' as const, mode: 'mul' as const, constant: { shape: [], data: Float64Array.of(-1) }, constantFirst: false };
  return [{ ...x, node: ctx.emit({ op, inputs: [x.node], layerClass: 'ApplyAlpha' }) }];
}

/** HardSwish (opset 14): x · hard_sigmoid(x) with slope 1/6 and shift 1/2, as two IR nodes. */
export function convertHardSwish(ctx: Ctx, n: OnnxNode): Value[] {
  const x = tensorIn(ctx, n, 0);
  const h = ctx.emit({ op: { kind: 'activation', fn: 'hard_sigmoid', alpha: 1 / 6, beta: 0.5 }, inputs: [x.node], layerClass: 'HardActivation', suffix: 'hard_sigmoid' });
  return [{ ...x, node: ctx.emit({ op: { kind: 'merge', mode: 'mul' }, inputs: [x.node, h], layerClass: 'Merge' }) }];
}

/** Split along a non-batch axis: one IR slice per output. */
export function convertSplit(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 0), x.shape.length + 1);
  if (axis === 0) fail('E208', { reason: 'Split along the batch axis' }, ctx.loc(n));
  const len = x.shape[axis - 1]!;
  const k = n.outputs.length;
  let sizes = ctx.opset() >= 13 ? (hasInput(n, 1) ? Array.from(constIn(ctx, n, 1).t.data) : null) : (attrInts(n, 'split', null) as number[] | null);
  if (sizes === null) {
    const part = Math.ceil(len / k);
    sizes = Array.from({ length: k }, (_, i) => Math.max(Math.min(part, len - i * part), 0));
  }
  if (sizes.length !== k || sizes.reduce((a, b) => a + b, 0) !== len || sizes.some((v) => v < 1)) fail('E206', { attr: 'split', value: `[${sizes.join(', ')}]`, supported: `${k} positive sizes adding up to ${len}` }, ctx.loc(n));
  const irAxis = x.perm.indexOf(axis - 1);
  let start = 0;
  return sizes.map((sz, i) => {
    const ir = ctx.irShape(x);
    const starts = ir.map((_, a) => (a === irAxis ? start : 0));
    const ends = ir.map((d, a) => (a === irAxis ? start + sz : d));
    start += sz;
    const node = ctx.emit({ op: { kind: 'slice', starts, ends }, inputs: [x.node], layerClass: 'Cropping', suffix: String(i) });
    return { kind: 'tensor' as const, node, shape: x.shape.map((d, a) => (a === axis - 1 ? sz : d)), perm: x.perm };
  });
}

/** Gather on the data path with constant contiguous indices along a non-batch axis: a slice (and a reshape for a scalar index). */
export function convertGather(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  const idx = constIn(ctx, n, 1).t;
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 0), x.shape.length + 1);
  const len = x.shape[axis - 1] ?? 0;
  const ids = Array.from(idx.data, (v) => (v < 0 ? v + len : v));
  if (axis === 0 || idx.dims.length > 1 || ids.length === 0 || ids.some((v, i) => v !== ids[0]! + i || v < 0 || v >= len))
    fail('E206', { attr: 'Gather indices', value: `[${Array.from(idx.data).join(', ')}] on axis ${axis}`, supported: 'constant contiguous indices on a non-batch axis' }, ctx.loc(n));
  const irAxis = x.perm.indexOf(axis - 1);
  const ir = ctx.irShape(x);
  const op = { kind: 'slice' as const, starts: ir.map((_, a) => (a === irAxis ? ids[0]! : 0)), ends: ir.map((d, a) => (a === irAxis ? ids[0]! + ids.length : d)) };
  const node = ctx.emit({ op, inputs: [x.node], layerClass: 'Cropping' });
  const shape = x.shape.map((d, a) => (a === axis - 1 ? ids.length : d));
  if (idx.dims.length === 1) return [{ kind: 'tensor', node, shape, perm: x.perm }];
  // a scalar index drops the axis
  const keep = x.perm.filter((p) => p !== axis - 1).map((p) => (p > axis - 1 ? p - 1 : p));
  const nb = shape.filter((_, a) => a !== axis - 1);
  const r = ctx.emit({ op: { kind: 'reshape', shape: keep.map((p) => nb[p]!), flatten: false }, inputs: [node], layerClass: 'Reshape', suffix: 'reshape' });
  return [{ kind: 'tensor', node: r, shape: nb, perm: keep }];
}

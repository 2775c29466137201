/** Conv (1-D/2-D, groups, depthwise), pooling, global pooling and BatchNormalization, in NCHW or channels-last. */
import { fail } from '../../diagnostics/errors.js';
import type { Op, Tensor } from '../../ir/ops.js';
import { windowOut } from '../../ir/shapes.js';
import { attrFloat, attrInt, attrInts, attrString, constIn, hasInput, requireAttr, tensorIn } from './attrs.js';
import type { Ctx, TensorVal, Value } from './context.js';
import { declaredOf } from './convert-dense.js';
import { channelsLast, identity, inverse, permuteShape, transposeData } from './layout.js';
import type { OnnxNode } from './model.js';

/** The qonnx domain whose Conv/MaxPool/BatchNormalization already work on channels-last tensors. */
export const CHANNELS_LAST_DOMAIN = 'qonnx.custom_op.channels_last';

interface Spatial {
  readonly x: TensorVal;
  readonly rank: 1 | 2;
  readonly dims: readonly number[];
  readonly chLast: boolean;
}

/** The data input in channels-last IR order, with its spatial dims. */
function spatialInput(ctx: Ctx, n: OnnxNode): Spatial {
  const v = tensorIn(ctx, n, 0);
  const r = v.shape.length - 1;
  if (r !== 1 && r !== 2) fail('E206', { attr: `${n.opType} input rank`, value: r + 2, supported: '3 (1-D) or 4 (2-D)' }, ctx.loc(n));
  const chLast = n.domain === CHANNELS_LAST_DOMAIN;
  const x = ctx.withPerm(v, chLast ? identity(r + 1) : channelsLast(r + 1));
  const ir = ctx.irShape(x);
  return { x, rank: r as 1 | 2, dims: ir.slice(0, r), chLast };
}

/** A tensor value from IR node `node` with IR shape [S..., C], in the input's ONNX layout convention. */
function spatialOut(ctx: Ctx, s: Spatial, node: string): TensorVal {
  const ir = ctx.nodeShape(node);
  const perm = s.chLast ? identity(ir.length) : channelsLast(ir.length);
  return { kind: 'tensor', node, shape: permuteShape(ir, inverse(perm)), perm };
}

/** Explicit pads [begin..., end...] from pads/auto_pad. */
function padsFor(ctx: Ctx, n: OnnxNode, dims: readonly number[], k: readonly number[], st: readonly number[], dl: readonly number[]): number[] {
  const r = dims.length;
  const auto = attrString(n, 'auto_pad', 'NOTSET');
  requireAttr(ctx, n, 'auto_pad', auto, ['NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER']);
  if (auto === 'VALID') return new Array<number>(2 * r).fill(0);
  if (auto === 'NOTSET') return [...(attrInts(n, 'pads', null) ?? new Array<number>(2 * r).fill(0))];
  const pads = new Array<number>(2 * r).fill(0);
  for (let a = 0; a < r; a++) {
    const out = Math.ceil(dims[a]! / st[a]!);
    const total = Math.max((out - 1) * st[a]! + (k[a]! - 1) * dl[a]! + 1 - dims[a]!, 0);
    const small = Math.floor(total / 2);
    pads[a] = auto === 'SAME_UPPER' ? small : total - small;
    pads[a + r] = total - pads[a]!;
  }
  return pads;
}

/** Conv → IR conv with weights [k..., cin/groups, cout]. */
export function convertConv(ctx: Ctx, n: OnnxNode): Value[] {
  const s = spatialInput(ctx, n);
  const w = constIn(ctx, n, 1);
  const r = s.rank;
  if (w.t.dims.length !== r + 2) fail('E209', { reason: `Conv weight [${w.t.dims.join(', ')}] does not fit a ${r}-D input` }, ctx.loc(n));
  // ONNX weight is [M, C/g, k...] (qonnx channels-last: [M, k..., C/g]); the IR wants [k..., C/g, M]
  const wperm = s.chLast ? [...identity(r).map((i) => i + 1), r + 1, 0] : [...identity(r).map((i) => i + 2), 1, 0];
  const weight: Tensor = { shape: permuteShape(w.t.dims, wperm), data: transposeData(w.t.data, w.t.dims, wperm) };
  const k = weight.shape.slice(0, r);
  const strides = attrInts(n, 'strides', null) ?? k.map(() => 1);
  const dilations = attrInts(n, 'dilations', null) ?? k.map(() => 1);
  const groups = attrInt(n, 'group', 1);
  const pads = padsFor(ctx, n, s.dims, k, strides, dilations);
  const b = hasInput(n, 2) ? constIn(ctx, n, 2) : null;
  const bias: Tensor | null = b === null ? null : { shape: [b.t.data.length], data: b.t.data.slice() };
  const cin = ctx.irShape(s.x)[r]!;
  const cout = weight.shape[r + 1]!;
  const depthwise = groups > 1 && groups === cin && cout === cin;
  const layerClass = `${depthwise ? 'Depthwise' : ''}Conv${r}D`;
  const op: Op = { kind: 'conv', rank: r, weight, bias, strides: [...strides], dilations: [...dilations], pads, groups };
  const declared = declaredOf(w, b);
  return [spatialOut(ctx, s, ctx.emit({ op, inputs: [s.x.node], layerClass, ...(declared ? { declared } : {}) }))];
}

/** Extra end padding that makes floor-mode window counts equal ceil_mode's. */
function ceilPads(dims: readonly number[], k: readonly number[], st: readonly number[], pads: number[]): boolean {
  const r = dims.length;
  let added = false;
  for (let a = 0; a < r; a++) {
    const span = dims[a]! + pads[a]! + pads[a + r]! - k[a]!;
    let out = Math.ceil(span / st[a]!) + 1;
    if ((out - 1) * st[a]! >= dims[a]! + pads[a]!) out--;
    const floorOut = windowOut(dims[a]!, k[a]!, st[a]!, 1, pads[a]!, pads[a + r]!);
    if (out > floorOut) {
      pads[a + r]! += (out - 1) * st[a]! + k[a]! - (dims[a]! + pads[a]! + pads[a + r]!);
      added = true;
    }
  }
  return added;
}

/** MaxPool / AveragePool. */
export function convertPool(ctx: Ctx, n: OnnxNode): Value[] {
  if (n.outputs.length > 1 && n.outputs[1] !== '' && ctx.useCount(n.outputs[1]!) > 0) fail('E213', { index: 1, opType: n.opType }, ctx.loc(n));
  const s = spatialInput(ctx, n);
  const mode = n.opType === 'MaxPool' ? 'max' : 'avg';
  const k = attrInts(n, 'kernel_shape', null);
  if (k === null || k.length !== s.rank) fail('E206', { attr: 'kernel_shape', value: String(k), supported: `${s.rank} values` }, ctx.loc(n));
  const strides = attrInts(n, 'strides', null) ?? k.map(() => 1);
  const dil = attrInts(n, 'dilations', null) ?? k.map(() => 1);
  if (dil.some((d) => d !== 1)) fail('E206', { attr: 'dilations', value: dil.join(','), supported: '1' }, ctx.loc(n));
  const pads = padsFor(ctx, n, s.dims, k, strides, dil);
  const countIncludePad = mode === 'avg' && attrInt(n, 'count_include_pad', 0) !== 0;
  if (attrInt(n, 'ceil_mode', 0) !== 0 && ceilPads(s.dims, k, strides, pads) && countIncludePad)
    fail('E206', { attr: 'ceil_mode', value: '1 with count_include_pad=1', supported: 'ceil_mode=0, or windows that fit' }, ctx.loc(n));
  const op: Op = { kind: 'pool', mode, rank: s.rank, size: [...k], strides: [...strides], pads, countIncludePad };
  return [spatialOut(ctx, s, ctx.emit({ op, inputs: [s.x.node], layerClass: `Pooling${s.rank}D` }))];
}

/** GlobalAveragePool / GlobalMaxPool; the IR result [C] is reshaped back to ONNX's [C, 1, ...]. */
export function convertGlobalPool(ctx: Ctx, n: OnnxNode): Value[] {
  const s = spatialInput(ctx, n);
  const mode = n.opType === 'GlobalMaxPool' ? 'max' : 'avg';
  const g = ctx.emit({ op: { kind: 'global_pool', mode, rank: s.rank }, inputs: [s.x.node], layerClass: `GlobalPooling${s.rank}D` });
  const c = ctx.nodeShape(g)[0]!;
  const ir = [...new Array<number>(s.rank).fill(1), c];
  const r = ctx.emit({ op: { kind: 'reshape', shape: ir, flatten: false }, inputs: [g], layerClass: 'Reshape', suffix: 'reshape' });
  return [spatialOut(ctx, s, r)];
}

/** BatchNormalization (inference form) → per-channel scale and bias, computed in float32 as hls4ml does. */
export function convertBatchNorm(ctx: Ctx, n: OnnxNode): Value[] {
  for (let o = 1; o < n.outputs.length; o++) if (n.outputs[o] !== '' && ctx.useCount(n.outputs[o]!) > 0) fail('E213', { index: o, opType: n.opType }, ctx.loc(n));
  let x = tensorIn(ctx, n, 0);
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => constIn(ctx, n, i).t.data);
  const eps = attrFloat(n, 'epsilon', 1e-5);
  if (ctx.opset() < 9 && attrInt(n, 'spatial', 1) === 0 && x.shape.length > 1) fail('E206', { attr: 'spatial', value: 0, supported: '1' }, ctx.loc(n));
  const f = Math.fround;
  const scale = gamma!.map((g, c) => f(g / f(Math.sqrt(f(variance![c]! + f(eps))))));
  const bias = beta!.map((b, c) => f(b - f(scale[c]! * mean![c]!)));
  const chLast = n.domain === CHANNELS_LAST_DOMAIN;
  if (!x.batchSwapped) x = ctx.withPerm(x, chLast || x.shape.length === 1 ? identity(x.shape.length) : channelsLast(x.shape.length));
  const op: Op = { kind: 'batchnorm', scale: { shape: [scale.length], data: scale }, bias: { shape: [bias.length], data: bias } };
  return [{ ...x, node: ctx.emit({ op, inputs: [x.node], layerClass: 'BatchNormalization' }) }];
}

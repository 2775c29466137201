/** Gemm and MatMul → Dense (weights [in, out]); a following Add of a bias vector is folded into the Dense. */
import { fail } from '../../diagnostics/errors.js';
import type { DeclaredTypes } from '../../ir/graph.js';
import type { Tensor, WeightQuant } from '../../ir/ops.js';
import { attrFloat, attrInt, constIn, hasInput, input, tensorIn } from './attrs.js';
import type { ConstVal, Ctx, TensorVal, Value } from './context.js';
import { broadcastTo, identity, transposeData } from './layout.js';
import type { OnnxNode } from './model.js';

/** Permute weight rows so that a Dense reads a flattened value in IR order. */
function rowsFor(x: TensorVal, w: Float64Array, nOut: number): Float64Array {
  if (x.flat === undefined) return w;
  const out = new Float64Array(w.length);
  x.flat.index.forEach((src, j) => out.set(w.subarray(src * nOut, (src + 1) * nOut), j * nOut));
  return out;
}

/** Declared (model-quantized) weight/bias types from QONNX Quant on the weight and bias constants. */
export function declaredOf(w: ConstVal, b: ConstVal | null): DeclaredTypes | undefined {
  const d: { weight?: WeightQuant; bias?: WeightQuant } = {};
  if (w.quant !== undefined) d.weight = w.quant;
  if (b?.quant !== undefined) d.bias = b.quant;
  return d.weight || d.bias ? d : undefined;
}

function emitDense(ctx: Ctx, x: TensorVal, weight: Tensor, bias: Tensor | null, declared: DeclaredTypes | undefined): TensorVal {
  const node = ctx.emit({ op: { kind: 'dense', weight, bias }, inputs: [x.node], layerClass: 'Dense', ...(declared ? { declared } : {}) });
  const shape = [...x.shape.slice(0, -1), weight.shape[1]!];
  return { kind: 'tensor', node, shape, perm: identity(shape.length) };
}

/** Gemm: Y = alpha·A·op(B) + beta·C with A the data path, B and C constants. */
export function convertGemm(ctx: Ctx, n: OnnxNode): Value[] {
  if (attrInt(n, 'transA', 0) !== 0) fail('E206', { attr: 'transA', value: 1, supported: '0 (the batch must be the first axis of A)' }, ctx.loc(n));
  let x = tensorIn(ctx, n, 0);
  if (x.shape.length !== 1) fail('E209', { reason: `Gemm input must be 2-D, got rank ${x.shape.length + 1}` }, ctx.loc(n));
  if (x.batchSwapped) x = ctx.plain(x);
  const b = constIn(ctx, n, 1);
  if (b.t.dims.length !== 2) fail('E209', { reason: `Gemm B must be 2-D, got [${b.t.dims.join(', ')}]` }, ctx.loc(n));
  const transB = attrInt(n, 'transB', 0) !== 0;
  const [nIn, nOut] = transB ? [b.t.dims[1]!, b.t.dims[0]!] : [b.t.dims[0]!, b.t.dims[1]!];
  const alpha = attrFloat(n, 'alpha', 1);
  const beta = attrFloat(n, 'beta', 1);
  let w = transB ? transposeData(b.t.data, b.t.dims, [1, 0]) : b.t.data.slice();
  if (alpha !== 1) w = w.map((v) => v * alpha);
  w = rowsFor(x, w, nOut);
  let bias: Tensor | null = null;
  const c = hasInput(n, 2) ? constIn(ctx, n, 2) : null;
  if (c !== null) {
    const cd = c.t.dims.length === 2 && c.t.dims[0] === 1 ? [c.t.dims[1]!] : c.t.dims;
    if (cd.length > 1 || (cd.length === 1 && cd[0] !== 1 && cd[0] !== nOut)) fail('E209', { reason: `Gemm C of shape [${c.t.dims.join(', ')}] is not a bias of ${nOut} values` }, ctx.loc(n));
    const bv = broadcastTo(c.t.data, cd, [nOut]);
    bias = { shape: [nOut], data: beta === 1 ? bv : bv.map((v) => v * beta) };
  }
  const dx = x.flat !== undefined ? { ...x, flat: undefined } : x;
  return [emitDense(ctx, dx, { shape: [nIn, nOut], data: w }, bias, declaredOf(b, c))];
}

/** MatMul of the data path by a constant 2-D matrix. */
export function convertMatMul(ctx: Ctx, n: OnnxNode): Value[] {
  const a = input(ctx, n, 0);
  if (a.kind !== 'tensor') fail('E208', { reason: 'MatMul with a constant left operand (the data path must be on the left)' }, ctx.loc(n));
  const b = constIn(ctx, n, 1);
  if (b.t.dims.length !== 2) fail('E206', { attr: 'MatMul B shape', value: `[${b.t.dims.join(', ')}]`, supported: 'a 2-D constant matrix' }, ctx.loc(n));
  const [nIn, nOut] = b.t.dims as [number, number];
  let x = a;
  if (x.shape.length !== 1 || x.batchSwapped) x = ctx.plain(x);
  const w = rowsFor(x, b.t.data.slice(), nOut);
  const dx = x.flat !== undefined ? { ...x, flat: undefined } : x;
  return [emitDense(ctx, dx, { shape: [nIn, nOut], data: w }, null, declaredOf(b, null))];
}

/**
 * Fold `x + c` into the Dense or Conv that produced x when it has no bias yet, nobody else reads x, and c is a
 * per-output-channel vector (or a scalar). Returns the folded value or null.
 */
export function foldBias(ctx: Ctx, x: TensorVal, xName: string, c: ConstVal, aligned: Tensor): TensorVal | null {
  const prod = ctx.nodes.find((m) => m.name === x.node);
  if (prod === undefined || ctx.useCount(xName) !== 1 || x.flat !== undefined || x.batchSwapped) return null;
  if (prod.op.kind !== 'dense' && prod.op.kind !== 'conv') return null;
  if (prod.op.bias !== null) return null;
  const nOut = prod.shape[prod.shape.length - 1]!;
  if (!(aligned.shape.length === 0 || (aligned.shape.length === 1 && aligned.shape[0] === nOut))) return null;
  const bias = { shape: [nOut], data: broadcastTo(aligned.data, aligned.shape, [nOut]) };
  const declared = c.quant !== undefined ? { ...(prod.declared ?? {}), bias: c.quant } : prod.declared;
  const op = prod.op.kind === 'dense' ? { ...prod.op, bias } : { ...prod.op, bias };
  ctx.replace(prod.name, (m) => ({ ...m, op, ...(declared ? { declared } : {}) }));
  return x;
}

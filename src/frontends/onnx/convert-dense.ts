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

/**
 * Gemm C as a per-output bias of Y (or of Yᵀ when the batch is Y's second axis): C broadcasts to [M, N] and may
 * not vary along the batch axis.
 */
function gemmBias(ctx: Ctx, n: OnnxNode, c: ConstVal, nOut: number, swapped: boolean, beta: number): Tensor {
  const cd = [...new Array<number>(Math.max(0, 2 - c.t.dims.length)).fill(1), ...c.t.dims];
  const [batchAxis, outAxis] = swapped ? [1, 0] : [0, 1];
  if (cd.length !== 2 || cd[batchAxis] !== 1 || (cd[outAxis] !== 1 && cd[outAxis] !== nOut))
    fail('E209', { reason: `Gemm C of shape [${c.t.dims.join(', ')}] is not a bias of ${nOut} values${cd.length === 2 && cd[batchAxis] !== 1 ? ' (it varies along the batch axis)' : ''}` }, ctx.loc(n));
  const bv = broadcastTo(c.t.data, [cd[outAxis]!], [nOut]);
  return { shape: [nOut], data: beta === 1 ? bv : bv.map((v) => v * beta) };
}

/** op(M) as a row-major [rows, cols] matrix: the 2-D constant, transposed when `trans`. */
function matrix(ctx: Ctx, n: OnnxNode, m: ConstVal, trans: boolean, which: string): { data: Float64Array; rows: number; cols: number } {
  const d = m.t.dims;
  if (d.length !== 2) fail('E209', { reason: `Gemm ${which} must be 2-D, got [${d.join(', ')}]` }, ctx.loc(n));
  return trans ? { data: transposeData(m.t.data, d, [1, 0]), rows: d[1]!, cols: d[0]! } : { data: m.t.data.slice(), rows: d[0]!, cols: d[1]! };
}

/**
 * Gemm: Y = alpha·op(A)·op(B) + beta·C with one data operand and one constant matrix. The data operand's op() must
 * keep the batch outside the contraction: A data → op(A) is [N, K] and Y = Dense(op(A)); B data → op(B) is [K, N],
 * Yᵀ = Dense(op(B)ᵀ) with weight op(A)ᵀ, and Y keeps its batch on the second axis (a following Transpose restores it).
 */
export function convertGemm(ctx: Ctx, n: OnnxNode): Value[] {
  const [a, b] = [input(ctx, n, 0), input(ctx, n, 1)];
  const trans = [attrInt(n, 'transA', 0) !== 0, attrInt(n, 'transB', 0) !== 0];
  if (a.kind === 'tensor' && b.kind === 'tensor') fail('E208', { reason: 'Gemm of two data-path tensors (one of A, B must be a constant matrix)' }, ctx.loc(n));
  const k = a.kind === 'tensor' ? 0 : 1;
  const data = (k === 0 ? a : b) as TensorVal;
  const name = k === 0 ? 'A' : 'B';
  if (data.shape.length !== 1) fail('E209', { reason: `Gemm input ${name} must be 2-D, got rank ${data.shape.length + 1}` }, ctx.loc(n));
  // op(A) needs the batch first, op(B) needs it second: otherwise Gemm sums over the batch axis
  const batchFirst = (data.batchSwapped === true) === trans[k];
  if (batchFirst !== (k === 0)) {
    const where = data.batchSwapped ? 'second' : 'first';
    fail('E208', { reason: `Gemm with trans${name}=${+trans[k]!} on ${name}, whose batch axis is ${where}, sums over the batch axis (the batch would not stay a separate axis of Y)` }, ctx.loc(n));
  }
  const x = data.batchSwapped ? { ...data, batchSwapped: false } : data;
  // weight [K, M]: op(B) for A data, op(A)ᵀ for B data
  const w = k === 0 ? matrix(ctx, n, b as ConstVal, trans[1]!, 'B') : matrix(ctx, n, a as ConstVal, !trans[0]!, 'A');
  if (w.rows !== x.shape[0]) fail('E209', { reason: `Gemm inner dimensions differ: ${x.shape[0]} and ${w.rows}` }, ctx.loc(n));
  const alpha = attrFloat(n, 'alpha', 1);
  const wd = rowsFor(x, alpha === 1 ? w.data : w.data.map((v) => v * alpha), w.cols);
  const c = hasInput(n, 2) ? constIn(ctx, n, 2) : null;
  const bias = c === null ? null : gemmBias(ctx, n, c, w.cols, k === 1, attrFloat(n, 'beta', 1));
  const dx = x.flat !== undefined ? { ...x, flat: undefined } : x;
  const y = emitDense(ctx, dx, { shape: [w.rows, w.cols], data: wd }, bias, declaredOf((k === 0 ? b : a) as ConstVal, c));
  return [k === 1 ? { ...y, batchSwapped: true } : y];
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

/** Dense and Conv layers: hls4ml's product-accumulate over the input vector or each output pixel's window. */
import type { FixedType } from '../ir/fixed-type.js';
import type { Node } from '../ir/graph.js';
import type { ConvOp, DenseOp, Tensor } from '../ir/ops.js';
import { fail } from '../diagnostics/errors.js';
import { addCounts, newOverflowCounts, type OverflowCounts } from '../fixed/index.js';
import { matmul, type MatmulArgs, type MatmulCounters, type MatmulPath } from './matmul.js';
import { biasInAccum, prepareWeights, type PreparedWeights } from './weights.js';
import { elems, resultType, type FixedTensor, type KernelContext } from './values.js';

/** A Dense/Conv node's weights as raw integers, its bias in accum_t, and their conversion counts. */
export interface Prepared {
  readonly w: PreparedWeights;
  readonly bias: Float64Array;
  readonly accum: FixedType;
  /** Overflow events of converting the weights and biases (replayed into every run's statistics). */
  readonly weightCounts: OverflowCounts;
  readonly biasAccCounts: OverflowCounts;
}

// Weights are converted once per node object and reused by every later run (predict in a loop stays fast).
const cache = new WeakMap<Node, Prepared>();

/** The converted weights and accumulator start values of a Dense/Conv node (cached per node; no statistics). */
export function preparedOf(node: Node<DenseOp | ConvOp>, nOut: number): Prepared {
  let p = cache.get(node);
  if (p === undefined) {
    const accum = node.types?.accum ?? resultType(node);
    const weightCounts = newOverflowCounts();
    const biasAccCounts = newOverflowCounts();
    const w = prepareWeights(node, node.op.weight, node.types?.weight, weightCounts);
    const bias = biasInAccum(node, node.op.bias, nOut, accum, weightCounts, biasAccCounts);
    p = { w, bias, accum, weightCounts, biasAccCounts };
    cache.set(node, p);
  }
  return p;
}

/** The prepared weights of a Dense/Conv node; their conversion counts go to this run's stats (current node). */
export function prepared(node: Node<DenseOp | ConvOp>, ctx: KernelContext, nOut: number): Prepared {
  const accum = node.types?.accum ?? resultType(node);
  const wt = node.types?.weight;
  const wStats = ctx.stats.point('weight', wt !== undefined && !('kind' in wt) ? wt : 'weights');
  ctx.stats.point('product', accum); // before 'accum', so that the points print in execution order
  const p = preparedOf(node, nOut);
  wStats.total += node.op.weight.data.length + (node.op.bias?.data.length ?? 0);
  addCounts(wStats.counts, p.weightCounts);
  addCounts(ctx.stats.point('accum', accum).counts, p.biasAccCounts);
  return p;
}

/** The product/accum/result counters of the current node. */
export function counters(ctx: KernelContext, accum: FixedType, result: FixedType): MatmulCounters {
  return {
    product: ctx.stats.point('product', accum),
    accum: ctx.stats.point('accum', accum),
    result: ctx.stats.point('result', result),
  };
}

/** Dense: y[j] = bias[j] + Σ_i x[i]·w[i, j] over the last axis, hls4ml's arithmetic. */
export function runDense(node: Node<DenseOp>, x: FixedTensor, ctx: KernelContext, path?: MatmulPath): FixedTensor {
  const [nIn, nOut] = node.op.weight.shape as [number, number];
  const result = resultType(node);
  const p = prepared(node, ctx, nOut);
  const rows = (ctx.batch * elems(x.shape)) / nIn;
  const args: MatmulArgs = { x: x.raw, rows, nIn, nOut, xType: x.type, w: p.w, biasAcc: p.bias, accum: p.accum, result };
  return { type: result, shape: node.shape, raw: matmul(args, counters(ctx, p.accum, result), path) };
}

/**
 * Conv (channels-last, rank 1 or 2): for each output pixel, the window (kernel rows, then columns, then channels;
 * padding reads zeros) times weights [k..., cin/groups, cout], with the Dense arithmetic.
 */
export function runConv(node: Node<ConvOp>, x: FixedTensor, ctx: KernelContext, path?: MatmulPath): FixedTensor {
  const op = node.op;
  const ws = op.weight.shape;
  const cout = ws[ws.length - 1]!;
  const cinG = ws[ws.length - 2]!;
  const result = resultType(node);
  const p = prepared(node, ctx, cout);
  const g = geometry(op, x.shape, node.shape);
  const coutG = cout / op.groups;
  const out = new Float64Array(ctx.batch * g.outPixels * cout);
  const c = counters(ctx, p.accum, result);
  for (let grp = 0; grp < op.groups; grp++) {
    const cols = im2col(x.raw, ctx.batch, g, grp * cinG, cinG);
    const w = op.groups === 1 ? p.w : sliceOut(p.w, cinG * g.kSize, cout, grp * coutG, coutG);
    const bias = p.bias.subarray(grp * coutG, (grp + 1) * coutG);
    const args: MatmulArgs = { x: cols, rows: ctx.batch * g.outPixels, nIn: g.kSize * cinG, nOut: coutG, xType: x.type, w, biasAcc: bias, accum: p.accum, result };
    const y = matmul(args, c, path);
    for (let r = 0; r < args.rows; r++) for (let j = 0; j < coutG; j++) out[r * cout + grp * coutG + j] = y[r * coutG + j]!;
  }
  return { type: result, shape: node.shape, raw: out };
}

interface ConvGeometry {
  readonly inDims: readonly number[];
  readonly outDims: readonly number[];
  readonly cin: number;
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padBegin: readonly number[];
  readonly kSize: number;
  readonly outPixels: number;
}

function geometry(op: ConvOp, inShape: readonly number[], outShape: readonly number[]): ConvGeometry {
  const r = op.rank;
  if (inShape.length !== r + 1) fail('E505', { node: '?', op: 'conv', reason: `input rank ${inShape.length}` });
  const kernel = op.weight.shape.slice(0, r);
  return {
    inDims: inShape.slice(0, r),
    outDims: outShape.slice(0, r),
    cin: inShape[r]!,
    kernel,
    strides: op.strides,
    dilations: op.dilations,
    padBegin: op.pads.slice(0, r),
    kSize: elems(kernel),
    outPixels: elems(outShape.slice(0, r)),
  };
}

/** Gather each output pixel's window into a row: [batch·outPixels, kSize·cinG], zeros where padding. */
function im2col(x: Float64Array, batch: number, g: ConvGeometry, c0: number, cinG: number): Float64Array {
  const r = g.inDims.length;
  const inPix = elems(g.inDims);
  const rowLen = g.kSize * cinG;
  const cols = new Float64Array(batch * g.outPixels * rowLen);
  const oIdx = new Array<number>(r).fill(0);
  const kIdx = new Array<number>(r).fill(0);
  for (let op = 0; op < g.outPixels; op++) {
    unravel(op, g.outDims, oIdx);
    for (let k = 0; k < g.kSize; k++) {
      unravel(k, g.kernel, kIdx);
      let inPos = 0;
      let inside = true;
      for (let d = 0; d < r; d++) {
        const pos = oIdx[d]! * g.strides[d]! - g.padBegin[d]! + kIdx[d]! * g.dilations[d]!;
        if (pos < 0 || pos >= g.inDims[d]!) inside = false;
        inPos = inPos * g.inDims[d]! + pos;
      }
      if (!inside) continue;
      for (let b = 0; b < batch; b++) {
        const src = (b * inPix + inPos) * g.cin + c0;
        const dst = (b * g.outPixels + op) * rowLen + k * cinG;
        for (let c = 0; c < cinG; c++) cols[dst + c] = x[src + c]!;
      }
    }
  }
  return cols;
}

function unravel(i: number, dims: readonly number[], out: number[]): void {
  for (let d = dims.length - 1; d >= 0; d--) {
    out[d] = i % dims[d]!;
    i = Math.floor(i / dims[d]!);
  }
}

/** Columns [j0, j0+n) of a [rows, cols] weight matrix (grouped convolution). */
function sliceOut(w: PreparedWeights, rows: number, cols: number, j0: number, n: number): PreparedWeights {
  const pick = <T extends Float64Array | Uint8Array | Int32Array>(src: T, make: (len: number) => T): T => {
    const dst = make(rows * n);
    for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) dst[i * n + j] = src[i * cols + j0 + j]!;
    return dst;
  };
  if (w.kind === 'fixed') return { ...w, raw: pick(w.raw, (l) => new Float64Array(l)) };
  return { ...w, negative: pick(w.negative, (l) => new Uint8Array(l)), exponent: pick(w.exponent, (l) => new Int32Array(l)) };
}

/** The weight tensor of a Dense/Conv node (for tests). */
export function weightOf(node: Node<DenseOp | ConvOp>): Tensor {
  return node.op.weight;
}

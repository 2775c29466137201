// An independent, deliberately plain re-computation of hls4ml's arithmetic for the layers whose bits matter most
// (dense, conv, batchnorm, pooling, relu), written with BigInt and the fixed core's cast only. Each layer is
// recomputed from the emulator's raw input values, so a mismatch names the layer.
import { cast, fracBits, quantizeToRaw, type FixedType } from '../../src/fixed/index.js';
import type { Node } from '../../src/ir/graph.js';
import type { ConvOp, DenseOp, PoolOp } from '../../src/ir/ops.js';

/** Raw integers of a batch (the emulator's FixedTensor form). */
export interface RawValues {
  readonly type: FixedType;
  readonly shape: readonly number[];
  readonly raw: Float64Array;
}

const big = (v: number): bigint => BigInt(v);
const to = (raw: bigint, from: number, t: FixedType): bigint => cast(raw, from, t).raw;

function weightType(node: Node): FixedType | null {
  const w = node.types?.weight;
  return w === undefined || 'kind' in w ? null : w;
}

/** One output of a product-accumulate: bias first, products to accum_t in input order, each sum to accum_t. */
function mac(xs: readonly bigint[], fx: number, ws: readonly bigint[], fw: number, bias: bigint, accum: FixedType): bigint {
  const fa = fracBits(accum);
  let acc = bias;
  for (let i = 0; i < xs.length; i++) {
    const p = to(xs[i]! * ws[i]!, fx + fw, accum);
    acc = to(acc + p, fa, accum);
  }
  return acc;
}

function biasRaw(node: Node<DenseOp | ConvOp>, j: number, accum: FixedType): bigint {
  const b = node.op.bias;
  if (b === null) return 0n;
  const bt = node.types!.bias ?? accum;
  return to(quantizeToRaw(b.data[j]!, bt), fracBits(bt), accum);
}

/** Dense over the last axis. */
export function refDense(node: Node<DenseOp>, x: RawValues, batch: number): Float64Array | null {
  const wt = weightType(node);
  if (wt === null) return null;
  const [nIn, nOut] = node.op.weight.shape as [number, number];
  const accum = node.types!.accum!;
  const result = node.types!.result;
  const w = Array.from(node.op.weight.data, (v) => quantizeToRaw(v, wt));
  const rows = x.raw.length / nIn;
  const out = new Float64Array(rows * nOut);
  for (let r = 0; r < rows; r++) {
    const xs = Array.from(x.raw.subarray(r * nIn, (r + 1) * nIn), big);
    for (let j = 0; j < nOut; j++) {
      const ws = xs.map((_, i) => w[i * nOut + j]!);
      const acc = mac(xs, fracBits(x.type), ws, fracBits(wt), biasRaw(node, j, accum), accum);
      out[r * nOut + j] = Number(to(acc, fracBits(accum), result));
    }
  }
  void batch;
  return out;
}

/** Conv (channels-last): window rows, columns, then the group's channels; padding reads zeros. */
export function refConv(node: Node<ConvOp>, x: RawValues, batch: number): Float64Array | null {
  const wt = weightType(node);
  if (wt === null) return null;
  const op = node.op;
  const r = op.rank;
  const ws = op.weight.shape;
  const kernel = ws.slice(0, r);
  const cinG = ws[r]!;
  const cout = ws[r + 1]!;
  const coutG = cout / op.groups;
  const inDims = x.shape.slice(0, r);
  const cin = x.shape[r]!;
  const outDims = node.shape.slice(0, r);
  const accum = node.types!.accum!;
  const w = Array.from(op.weight.data, (v) => quantizeToRaw(v, wt));
  const inPix = inDims.reduce((a, b) => a * b, 1);
  const outPix = outDims.reduce((a, b) => a * b, 1);
  const kSize = kernel.reduce((a, b) => a * b, 1);
  const out = new Float64Array(batch * outPix * cout);
  const idx = (i: number, dims: readonly number[]): number[] => {
    const o: number[] = [];
    for (let d = dims.length - 1; d >= 0; d--) {
      o[d] = i % dims[d]!;
      i = Math.floor(i / dims[d]!);
    }
    return o;
  };
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < outPix; p++) {
      const o = idx(p, outDims);
      for (let j = 0; j < cout; j++) {
        const g = Math.floor(j / coutG);
        const xs: bigint[] = [];
        const wv: bigint[] = [];
        for (let k = 0; k < kSize; k++) {
          const kk = idx(k, kernel);
          const pos = o.map((od, d) => od * op.strides[d]! - op.pads[d]! + kk[d]! * op.dilations[d]!);
          const inside = pos.every((q, d) => q >= 0 && q < inDims[d]!);
          const lin = pos.reduce((a, q, d) => a * inDims[d]! + q, 0);
          for (let c = 0; c < cinG; c++) {
            xs.push(inside ? big(x.raw[(b * inPix + lin) * cin + g * cinG + c]!) : 0n);
            wv.push(w[(k * cinG + c) * cout + j]!);
          }
        }
        const acc = mac(xs, fracBits(x.type), wv, fracBits(wt), biasRaw(node, j, accum), accum);
        out[(b * outPix + p) * cout + j] = Number(to(acc, fracBits(accum), node.types!.result));
      }
    }
  }
  return out;
}

/** BatchNormalization: (result_t)(x·scale[c] + bias[c]), one rounding. */
export function refBatchNorm(node: Node, x: RawValues): Float64Array | null {
  if (node.op.kind !== 'batchnorm') return null;
  const st = node.types!.scale!;
  const bt = node.types!.bias!;
  const s = Array.from(node.op.scale.data, (v) => quantizeToRaw(v, st));
  const bb = Array.from(node.op.bias.data, (v) => quantizeToRaw(v, bt));
  const fx = fracBits(x.type);
  const f = Math.max(fx + fracBits(st), fracBits(bt));
  const out = new Float64Array(x.raw.length);
  for (let i = 0; i < out.length; i++) {
    const c = i % s.length;
    const sum = ((big(x.raw[i]!) * s[c]!) << BigInt(f - fx - fracBits(st))) + (bb[c]! << BigInt(f - fracBits(bt)));
    out[i] = Number(to(sum, f, node.types!.result));
  }
  return out;
}

/**
 * Pooling as hls4ml's pool_op: max returns accum_t (then res_T); average sums in accum_t, divides by the number
 * of image pixels in the window (or the full window with count_include_pad), truncating toward zero.
 */
export function refPool(node: Node<PoolOp>, x: RawValues, batch: number): Float64Array {
  const op = node.op;
  const r = op.rank;
  const accum = node.types!.accum ?? x.type;
  const fa = fracBits(accum);
  const fx = fracBits(x.type);
  const inDims = x.shape.slice(0, r);
  const ch = x.shape[r]!;
  const outDims = node.shape.slice(0, r);
  const inPix = inDims.reduce((a, b) => a * b, 1);
  const outPix = outDims.reduce((a, b) => a * b, 1);
  const out = new Float64Array(batch * outPix * ch);
  const win = op.size.reduce((a, b) => a * b, 1);
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < outPix; p++) {
      const o = r === 1 ? [p] : [Math.floor(p / outDims[1]!), p % outDims[1]!];
      for (let c = 0; c < ch; c++) {
        const vals: bigint[] = [];
        for (let k = 0; k < win; k++) {
          const kk = r === 1 ? [k] : [Math.floor(k / op.size[1]!), k % op.size[1]!];
          const pos = o.map((od, d) => od * op.strides[d]! - op.pads[d]! + kk[d]!);
          if (pos.every((q, d) => q >= 0 && q < inDims[d]!)) vals.push(big(x.raw[(b * inPix + pos.reduce((a, q, d) => a * inDims[d]! + q, 0)) * ch + c]!));
        }
        let v: bigint;
        if (op.mode === 'max') v = to(vals.reduce((a, q) => (q > a ? q : a)), fx, accum);
        else {
          let s = 0n;
          for (const q of vals) s = to((s << BigInt(Math.max(0, fx - fa))) + (q << BigInt(Math.max(0, fa - fx))), Math.max(fa, fx), accum);
          v = s / BigInt(op.countIncludePad ? win : vals.length);
        }
        out[(b * outPix + p) * ch + c] = Number(to(v, fa, node.types!.result));
      }
    }
  }
  return out;
}

/** relu: x > 0 ? x : 0, converted to the result type. */
export function refRelu(node: Node, x: RawValues): Float64Array {
  return x.raw.map((v) => (v > 0 ? Number(to(big(v), fracBits(x.type), node.types!.result)) : 0));
}

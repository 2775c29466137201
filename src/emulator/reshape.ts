/** Data-movement ops: values keep their raw integers, then convert to the node's result type (usually the same). */
import type { Node } from '../ir/graph.js';
import type { ConcatOp, PadOp, ReshapeOp, SliceOp, TransposeOp, UpsampleOp, IdentityOp } from '../ir/ops.js';
import { fracBits } from '../ir/fixed-type.js';
import { castNum } from './arith.js';
import { elems, resultType, type FixedTensor, type KernelContext } from './values.js';

/** Convert a tensor into the node's result type (a no-op when the types are equal), counting at 'result'. */
export function convertTo(node: Node, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const same = t.width === x.type.width && t.integer === x.type.integer && t.signed === x.type.signed;
  if (same) return { type: t, shape: node.shape, raw: x.raw };
  const p = ctx.stats.point('result', t);
  const fx = fracBits(x.type);
  const out = new Float64Array(x.raw.length);
  p.total += out.length;
  for (let i = 0; i < out.length; i++) out[i] = castNum(x.raw[i]!, fx, t, p.counts);
  return { type: t, shape: node.shape, raw: out };
}

/** Reshape / Flatten / Identity: the row-major data is unchanged. */
export function runReshape(node: Node<ReshapeOp | IdentityOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  return convertTo(node, { ...x, shape: node.shape }, ctx);
}

/** Gather per sample: out[k] = in[src[k]] (src −1 reads zero). */
function gather(node: Node, x: FixedTensor, ctx: KernelContext, src: Int32Array): FixedTensor {
  const inSize = elems(x.shape);
  const outSize = src.length;
  const out = new Float64Array(ctx.batch * outSize);
  for (let b = 0; b < ctx.batch; b++) {
    for (let k = 0; k < outSize; k++) {
      const s = src[k]!;
      out[b * outSize + k] = s < 0 ? 0 : x.raw[b * inSize + s]!;
    }
  }
  return convertTo(node, { type: x.type, shape: node.shape, raw: out }, ctx);
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/** Map every output index to its source index through `f(outCoords) → inCoords | null`. */
function indexMap(outShape: readonly number[], inShape: readonly number[], f: (o: number[]) => number[] | null): Int32Array {
  const n = elems(outShape);
  const src = new Int32Array(n);
  const is = strides(inShape);
  const o = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let rem = k;
    for (let d = outShape.length - 1; d >= 0; d--) {
      o[d] = rem % outShape[d]!;
      rem = Math.floor(rem / outShape[d]!);
    }
    const c = f(o);
    src[k] = c === null ? -1 : c.reduce((acc, v, d) => acc + v * is[d]!, 0);
  }
  return src;
}

/** Transpose by perm (over the sample axes). */
export function runTranspose(node: Node<TransposeOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const perm = node.op.perm;
  return gather(node, x, ctx, indexMap(node.shape, x.shape, (o) => {
    const c = new Array<number>(perm.length);
    for (let d = 0; d < perm.length; d++) c[perm[d]!] = o[d]!;
    return c;
  }));
}

/** Zero padding. */
export function runPad(node: Node<PadOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const r = x.shape.length;
  const pads = node.op.pads;
  return gather(node, x, ctx, indexMap(node.shape, x.shape, (o) => {
    const c = o.map((v, d) => v - pads[d]!);
    return c.every((v, d) => v >= 0 && v < x.shape[d]!) && c.length === r ? c : null;
  }));
}

/** Keep [starts, ends) on every axis. */
export function runSlice(node: Node<SliceOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const st = node.op.starts;
  return gather(node, x, ctx, indexMap(node.shape, x.shape, (o) => o.map((v, d) => v + st[d]!)));
}

/** Nearest-neighbour upsampling of the spatial axes. */
export function runUpsample(node: Node<UpsampleOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const sc = node.op.scales;
  return gather(node, x, ctx, indexMap(node.shape, x.shape, (o) => o.map((v, d) => (d < sc.length ? Math.floor(v / sc[d]!) : v))));
}

/** Concatenate along an axis: each input converted to the result type first (hls4ml copies into res_T). */
export function runConcat(node: Node<ConcatOp>, xs: readonly FixedTensor[], ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const axis = node.op.axis;
  const outer = elems(node.shape.slice(0, axis));
  const outInner = elems(node.shape.slice(axis));
  const outSize = elems(node.shape);
  const out = new Float64Array(ctx.batch * outSize);
  const p = ctx.stats.point('result', t);
  let offset = 0;
  for (const x of xs) {
    const inner = elems(x.shape.slice(axis));
    const size = elems(x.shape);
    const fx = fracBits(x.type);
    for (let b = 0; b < ctx.batch; b++) {
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < inner; k++) {
          out[b * outSize + o * outInner + offset + k] = castNum(x.raw[b * size + o * inner + k]!, fx, t, p.counts);
        }
      }
    }
    p.total += ctx.batch * size;
    offset += inner;
  }
  return { type: t, shape: node.shape, raw: out };
}

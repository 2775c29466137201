/** Data-movement ops: values keep their raw integers, then convert to the node's result type (usually the same). */
import type { Node } from '../ir/graph.js';
import type { ConcatOp, ReshapeOp, IdentityOp } from '../ir/ops.js';
import { movementMap, type MovementOp } from '../ir/index-maps.js';
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

/** Transpose, pad, slice, upsample: move data through the op's index map (ir/index-maps.ts). */
export function runMovement(node: Node<MovementOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  return gather(node, x, ctx, movementMap(node.op, x.shape, node.shape));
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

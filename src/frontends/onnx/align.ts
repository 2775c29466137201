/** Bring an ONNX constant into a data-path value's IR layout (numpy broadcasting against the full ONNX shape). */
import { fail } from '../../diagnostics/errors.js';
import type { Tensor } from '../../ir/ops.js';
import type { Ctx, TensorVal } from './context.js';
import { broadcastTo, permuteShape, transposeData } from './layout.js';
import type { ConstTensor } from './tensor.js';

/** The constant's dims aligned to the value's ONNX shape without batch (leading 1s added, batch axis dropped). */
export function constDimsWithoutBatch(ctx: Ctx, c: ConstTensor, rank: number): number[] {
  const full = rank + 1;
  if (c.dims.length > full) fail('E209', { reason: `constant of shape [${c.dims.join(', ')}] has more axes than the data [N, …${rank}]` }, ctx.loc());
  if (c.dims.length === full) {
    if (c.dims[0] !== 1) fail('E208', { reason: `constant of shape [${c.dims.join(', ')}] varies along the batch axis` }, ctx.loc());
    return c.dims.slice(1);
  }
  return [...new Array<number>(rank - c.dims.length).fill(1), ...c.dims];
}

/** Drop leading unit axes (numpy broadcasting makes them redundant). */
function trimLeading(shape: number[]): number[] {
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++;
  return shape.slice(i);
}

/** The IR constant for `c` combined element-wise with value `v`. */
export function alignConst(ctx: Ctx, c: ConstTensor, v: TensorVal): Tensor {
  const dims = constDimsWithoutBatch(ctx, c, v.shape.length);
  if (c.data.length === 1) return { shape: [], data: Float64Array.of(c.data[0]!) };
  if (v.flat !== undefined) {
    const full = broadcastTo(c.data, dims, v.shape);
    return { shape: [...v.shape], data: Float64Array.from(v.flat.index, (j) => full[j]!) };
  }
  const data = transposeData(c.data, dims, v.perm);
  return { shape: trimLeading(permuteShape(dims, v.perm)), data };
}

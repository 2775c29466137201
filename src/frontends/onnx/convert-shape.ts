/** Flatten, Reshape, Transpose, Squeeze, Unsqueeze, Concat, Pad, Resize/Upsample: layout-aware data movement. */
import { fail } from '../../diagnostics/errors.js';
import { attrFloats, attrInt, attrInts, attrString, constIn, hasInput, normAxis, optConst, requireAttr, tensorIn } from './attrs.js';
import type { Ctx, TensorVal, Value } from './context.js';
import { reshapeDims, squeezeDims, unsqueezeAxes, unsqueezeDims } from './fold.js';
import { channelsLast, identity, inverse, isIdentity, onlyMovesUnitAxes, permuteShape, transposeIndex } from './layout.js';
import type { OnnxNode } from './model.js';

function reshapeNode(ctx: Ctx, x: TensorVal, irShape: readonly number[], flatten: boolean): string {
  return ctx.emit({ op: { kind: 'reshape', shape: [...irShape], flatten }, inputs: [x.node], layerClass: 'Reshape' });
}

/** Flatten a value to [S]; a permuted value stays in IR order with a pending index for a following Dense. */
function flattenValue(ctx: Ctx, x: TensorVal): TensorVal {
  if (x.shape.length === 1 && (x.flat !== undefined || isIdentity(x.perm))) return x;
  const size = x.shape.reduce((a, b) => a * b, 1);
  if (x.batchSwapped) fail('E208', { reason: 'Flatten of a value whose batch axis was transposed' }, ctx.loc());
  const plainAlready = x.flat === undefined && (isIdentity(x.perm) || onlyMovesUnitAxes(x.shape, x.perm));
  const node = reshapeNode(ctx, x, [size], true);
  if (plainAlready) return { kind: 'tensor', node, shape: [size], perm: [0] };
  return { kind: 'tensor', node, shape: [size], perm: [0], flat: { index: transposeIndex(x.shape, x.perm), src: x } };
}

/** Flatten (axis 1; axis 0 as written by batch-1 Keras exports is read as 1). */
export function convertFlatten(ctx: Ctx, n: OnnxNode): Value[] {
  const x = tensorIn(ctx, n, 0);
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 1), x.shape.length + 1);
  if (axis > 1) fail('E208', { reason: `Flatten axis ${axis} would merge non-batch axes into the batch` }, ctx.loc(n));
  return [flattenValue(ctx, x)];
}

/**
 * In a batch-1 model, Reshape [1, K] ↔ [K, 1] moves the batch axis without moving data: the value becomes (or
 * stops being) batch-second, as a Transpose would make it. Null when the reshape is not such a swap.
 */
function batchOneSwap(ctx: Ctx, x: TensorVal, target: readonly number[]): TensorVal | null {
  if (x.shape.length !== 1 || target.length !== 2 || x.shape[0] === 1) return null;
  if (!ctx.model.inputs.every((v) => v.dims?.[0] === 1)) return null;
  const k = x.shape[0]!;
  const [col, row] = [(target[0] === k || target[0] === -1) && target[1] === 1, target[0] === 1 && (target[1] === k || target[1] === -1)];
  if (x.batchSwapped ? row : col) return { ...x, batchSwapped: !x.batchSwapped };
  return x.batchSwapped && col ? x : null;
}

/** Reshape with a constant target whose first entry is the batch. */
export function convertReshape(ctx: Ctx, n: OnnxNode): Value[] {
  const x = tensorIn(ctx, n, 0);
  const target = ctx.opset() >= 5 ? Array.from(constIn(ctx, n, 1).t.data) : [...(attrInts(n, 'shape', []) ?? [])];
  if (target.length === 0) fail('E208', { reason: 'Reshape to a scalar removes the batch axis' }, ctx.loc(n));
  const swapped = batchOneSwap(ctx, x, target);
  if (swapped !== null) return [swapped];
  const allowZero = attrInt(n, 'allowzero', 0) !== 0;
  const rest = target.slice(1).map((t, i) => (t === 0 && !allowZero ? x.shape[i]! : t));
  const nb = reshapeDims(ctx, n, x.shape, rest.length === 0 ? [] : rest, true);
  if (rest.length === 0 && x.shape.reduce((a, b) => a * b, 1) !== 1) fail('E208', { reason: `Reshape to [${target.join(', ')}] moves data into the batch axis` }, ctx.loc(n));
  if (nb.length === x.shape.length && nb.every((d, i) => d === x.shape[i])) return [x];
  if (nb.length === 1) return [flattenValue(ctx, x)];
  const p = ctx.plain(x);
  return [{ kind: 'tensor', node: reshapeNode(ctx, p, nb, false), shape: nb, perm: identity(nb.length) }];
}

/** Transpose: only the layout bookkeeping changes; no IR node. */
export function convertTranspose(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  const rank = x.shape.length + 1;
  const perm = attrInts(n, 'perm', null) ?? identity(rank).reverse();
  if (perm[0] !== 0) {
    if (rank === 2) return [{ ...x, batchSwapped: !x.batchSwapped }];
    fail('E208', { reason: `Transpose perm [${perm.join(', ')}] moves the batch axis` }, ctx.loc(n));
  }
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  const q = perm.slice(1).map((p) => p - 1);
  const qi = inverse(q);
  return [{ kind: 'tensor', node: x.node, shape: permuteShape(x.shape, q), perm: x.perm.map((p) => qi[p]!) }];
}

/** Squeeze / Unsqueeze: unit axes only, so the IR data never moves (a Reshape when the IR shape changes). */
export function convertSqueeze(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  const full = [1, ...x.shape];
  const axes = unsqueezeAxes(ctx, n);
  const unsq = n.opType === 'Unsqueeze';
  if (unsq && axes === null) fail('E206', { attr: 'axes', value: 'missing', supported: 'a list of axes' }, ctx.loc(n));
  const dims = unsq ? unsqueezeDims(ctx, n, full, axes!) : squeezeDims(ctx, n, full, axes ?? full.map((d, i) => (d === 1 && i > 0 ? i : -1)).filter((i) => i > 0));
  const rank = unsq ? full.length + axes!.length : full.length;
  const touched = new Set((axes ?? []).map((a) => normAxis(ctx, n, a, rank)));
  if (touched.has(0) || dims.length === 0) fail('E208', { reason: `${n.opType} on the batch axis` }, ctx.loc(n));
  const nb = dims.slice(1);
  // old ONNX axis (without batch) → new index, or −1 when squeezed away
  const map: number[] = [];
  if (unsq) {
    let j = 0;
    for (let i = 0; i < rank - 1; i++) if (!touched.has(i + 1)) map[j++] = i;
  } else {
    let j = 0;
    for (let i = 0; i < x.shape.length; i++) map[i] = touched.has(i + 1) || (axes === null && x.shape[i] === 1) ? -1 : j++;
  }
  const kept = x.perm.map((p) => map[p]!).filter((p) => p >= 0);
  const added = unsq ? [...touched].map((a) => a - 1).sort((a, b) => a - b) : [];
  const perm = [...added, ...kept];
  const ir = permuteShape(nb, perm);
  const same = ir.length === ctx.irShape(x).length && ir.every((d, i) => d === ctx.irShape(x)[i]);
  const node = same ? x.node : reshapeNode(ctx, x, ir, false);
  return [{ kind: 'tensor', node, shape: nb, perm }];
}

/** Concat of data-path tensors along a non-batch axis. */
export function convertConcat(ctx: Ctx, n: OnnxNode): Value[] {
  const xs = n.inputs.map((_, i) => tensorIn(ctx, n, i));
  let first = xs[0]!;
  if (first.flat !== undefined || first.batchSwapped) first = ctx.plain(first);
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 1), first.shape.length + 1);
  if (axis === 0) fail('E208', { reason: 'Concat along the batch axis' }, ctx.loc(n));
  const aligned = xs.map((x) => ctx.withPerm(x, first.perm));
  const irAxis = first.perm.indexOf(axis - 1);
  const node = ctx.emit({ op: { kind: 'concat', axis: irAxis }, inputs: aligned.map((x) => x.node), layerClass: 'Concatenate' });
  const shape = [...first.shape];
  shape[axis - 1] = xs.reduce((s, x) => s + x.shape[axis - 1]!, 0);
  return [{ kind: 'tensor', node, shape, perm: first.perm }];
}

/** Pad (constant mode, zero value). */
export function convertPad(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  const mode = attrString(n, 'mode', 'constant');
  requireAttr(ctx, n, 'mode', mode, ['constant']);
  const modern = ctx.opset() >= 11;
  const pads = modern ? Array.from(constIn(ctx, n, 1).t.data) : [...(attrInts(n, 'pads', attrInts(n, 'paddings', [])) ?? [])];
  const value = modern ? optConst(ctx, n, 2)?.data[0] ?? 0 : attrFloats(n, 'value', [0])![0]!;
  if (value !== 0) fail('E206', { attr: 'constant_value', value, supported: '0' }, ctx.loc(n));
  const rank = x.shape.length + 1;
  let full = pads;
  if (modern && hasInput(n, 3)) {
    const axes = Array.from(constIn(ctx, n, 3).t.data).map((a) => normAxis(ctx, n, a, rank));
    full = new Array<number>(2 * rank).fill(0);
    axes.forEach((a, k) => { full[a] = pads[k]!; full[a + rank] = pads[k + axes.length]!; });
  }
  if (full.length !== 2 * rank || full[0] !== 0 || full[rank] !== 0) fail('E206', { attr: 'pads', value: `[${full.join(', ')}]`, supported: `${2 * rank} values, none on the batch axis` }, ctx.loc(n));
  const begin = full.slice(1, rank);
  const end = full.slice(rank + 1);
  const irPads = [...x.perm.map((p) => begin[p]!), ...x.perm.map((p) => end[p]!)];
  const spatial = x.shape.length - 1;
  const node = ctx.emit({ op: { kind: 'pad', pads: irPads }, inputs: [x.node], layerClass: spatial === 1 || spatial === 2 ? `ZeroPadding${spatial}D` : 'ZeroPadding' });
  const shape = x.shape.map((d, i) => d + begin[i]! + end[i]!);
  return [{ kind: 'tensor', node, shape, perm: x.perm }];
}

function resizeScales(ctx: Ctx, n: OnnxNode, x: TensorVal): number[] {
  const full = [1, ...x.shape];
  if (n.opType === 'Upsample' && ctx.opset() < 9) return [...(attrFloats(n, 'scales', []) ?? [])];
  if (n.opType === 'Upsample' || ctx.opset() < 11) return Array.from(constIn(ctx, n, 1).t.data);
  const scales = optConst(ctx, n, 2);
  if (scales !== null && scales.data.length > 0) return Array.from(scales.data);
  const sizes = optConst(ctx, n, 3);
  if (sizes === null) fail('E206', { attr: 'scales/sizes', value: 'missing', supported: 'constant scales or sizes' }, ctx.loc(n));
  return Array.from(sizes.data, (s, i) => s / full[i]!);
}

/** Resize / Upsample, nearest mode with integer scales on the spatial axes. */
export function convertResize(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  requireAttr(ctx, n, 'mode', attrString(n, 'mode', 'nearest'), ['nearest']);
  if (n.opType === 'Resize' && ctx.opset() >= 11) {
    const ctm = attrString(n, 'coordinate_transformation_mode', 'half_pixel');
    const nm = attrString(n, 'nearest_mode', 'round_prefer_floor');
    const ok = (['half_pixel', 'pytorch_half_pixel'].includes(ctm) && nm.startsWith('round_prefer')) || (ctm === 'asymmetric' && nm === 'floor');
    if (!ok) fail('E206', { attr: 'coordinate_transformation_mode/nearest_mode', value: `${ctm}/${nm}`, supported: 'half_pixel or pytorch_half_pixel with round_prefer_floor/ceil; asymmetric with floor' }, ctx.loc(n));
  }
  const scales = resizeScales(ctx, n, x);
  if (scales.length !== x.shape.length + 1 || scales[0] !== 1 || scales.some((s) => !Number.isInteger(s) || s < 1))
    fail('E206', { attr: 'scales', value: `[${scales.join(', ')}]`, supported: 'integer factors ≥ 1, 1 on the batch axis' }, ctx.loc(n));
  const nb = scales.slice(1);
  const rank = x.shape.length - 1;
  if (rank !== 1 && rank !== 2) fail('E206', { attr: 'input rank', value: rank + 2, supported: '3 or 4' }, ctx.loc(n));
  if (nb[x.perm[rank]!] !== 1) x = ctx.withPerm(x, channelsLast(x.shape.length));
  const irScales = x.perm.map((p) => nb[p]!);
  if (irScales[rank] !== 1) fail('E206', { attr: 'scales', value: `[${scales.join(', ')}]`, supported: 'no scaling of the channel axis' }, ctx.loc(n));
  const node = ctx.emit({ op: { kind: 'upsample', rank: rank as 1 | 2, scales: irScales.slice(0, rank) }, inputs: [x.node], layerClass: 'Resize' });
  return [{ kind: 'tensor', node, shape: x.shape.map((d, i) => d * nb[i]!), perm: x.perm }];
}

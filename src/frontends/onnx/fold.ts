/**
 * Constant folding of the shape sub-graphs exporters emit (PyTorch: Shape → Gather → Unsqueeze → Concat → Reshape),
 * and of any supported op whose inputs are all constants. Shape reports a batch of 1: reshape targets then carry
 * 1 (or −1) in the batch position, which the Reshape converter treats as the batch.
 */
import { fail } from '../../diagnostics/errors.js';
import { attrFloat, attrFloats, attrInt, attrInts, hasInput, normAxis } from './attrs.js';
import type { ConstVal, Ctx, Value } from './context.js';
import { broadcastTo, strides, transposeData, identity } from './layout.js';
import type { OnnxNode } from './model.js';
import { DT, isIntType, type ConstTensor } from './tensor.js';

function cv(dims: readonly number[], data: Float64Array | number[], dtype: number): ConstVal {
  return { kind: 'const', t: { dims: [...dims], data: data instanceof Float64Array ? data : Float64Array.from(data), dtype } };
}

function bshape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => Math.max(a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1));
}

/** Element-wise arithmetic on two constants (numpy broadcasting; integer division truncates). */
export function foldBinary(_ctx: Ctx, _n: OnnxNode, mode: 'add' | 'sub' | 'mul' | 'div', a: ConstTensor, b: ConstTensor): ConstVal {
  const dims = bshape(a.dims, b.dims);
  const x = broadcastTo(a.data, a.dims, dims);
  const y = broadcastTo(b.data, b.dims, dims);
  const int = isIntType(a.dtype) && isIntType(b.dtype);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const p = x[i]!;
    const q = y[i]!;
    let r = mode === 'add' ? p + q : mode === 'sub' ? p - q : mode === 'mul' ? p * q : p / q;
    if (int && mode === 'div') r = Math.trunc(r);
    else if (a.dtype === DT.FLOAT) r = Math.fround(r);
    out[i] = r;
  }
  return cv(dims, out, a.dtype);
}

function axesOf(ctx: Ctx, n: OnnxNode, inputIndex: number, version: number): readonly number[] | null {
  if (ctx.opset() >= version) {
    if (!hasInput(n, inputIndex)) return null;
    const v = ctx.get(n.inputs[inputIndex]!);
    if (v.kind !== 'const') fail('E207', { index: inputIndex, input: n.inputs[inputIndex]! }, ctx.loc(n));
    return Array.from(v.t.data);
  }
  return attrInts(n, 'axes', null);
}

/** Unsqueeze/Squeeze axes (attribute before opset 13, input from 13). */
export function unsqueezeAxes(ctx: Ctx, n: OnnxNode): readonly number[] | null {
  return axesOf(ctx, n, 1, 13);
}

/** Output dims of Unsqueeze on `dims`. */
export function unsqueezeDims(ctx: Ctx, n: OnnxNode, dims: readonly number[], axes: readonly number[]): number[] {
  const rank = dims.length + axes.length;
  const set = new Set(axes.map((a) => normAxis(ctx, n, a, rank)));
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : dims[j++]!);
  return out;
}

/** Output dims of Squeeze on `dims` (no axes: every unit axis). */
export function squeezeDims(ctx: Ctx, n: OnnxNode, dims: readonly number[], axes: readonly number[] | null): number[] {
  const set = axes === null ? new Set(dims.map((d, i) => (d === 1 ? i : -1))) : new Set(axes.map((a) => normAxis(ctx, n, a, dims.length)));
  for (const a of set) if (a >= 0 && dims[a] !== 1) fail('E209', { reason: `cannot squeeze axis ${a} of size ${dims[a]}` }, ctx.loc(n));
  return dims.filter((_, i) => !set.has(i));
}

function gather(ctx: Ctx, n: OnnxNode, x: ConstTensor, idx: ConstTensor): ConstVal {
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 0), x.dims.length);
  const outer = x.dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const len = x.dims[axis]!;
  const out: number[] = [];
  for (let o = 0; o < outer; o++)
    for (const raw of idx.data) {
      const k = raw < 0 ? raw + len : raw;
      for (let i = 0; i < inner; i++) out.push(x.data[(o * len + k) * inner + i]!);
    }
  return cv([...x.dims.slice(0, axis), ...idx.dims, ...x.dims.slice(axis + 1)], out, x.dtype);
}

function concat(ctx: Ctx, n: OnnxNode, xs: ConstTensor[]): ConstVal {
  const first = xs[0]!;
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 0), first.dims.length);
  const outer = first.dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++)
    for (const x of xs) {
      const block = x.dims.slice(axis).reduce((a, b) => a * b, 1);
      for (let i = 0; i < block; i++) out.push(x.data[o * block + i]!);
    }
  const dims = [...first.dims];
  dims[axis] = xs.reduce((s, x) => s + x.dims[axis]!, 0);
  return cv(dims, out, first.dtype);
}

function slice(ctx: Ctx, n: OnnxNode, x: ConstTensor): ConstVal {
  const get = (i: number, attr: string): number[] | null => {
    if (ctx.opset() < 10) return attrInts(n, attr, null) as number[] | null;
    if (!hasInput(n, i)) return null;
    const v = ctx.get(n.inputs[i]!);
    if (v.kind !== 'const') fail('E207', { index: i, input: n.inputs[i]! }, ctx.loc(n));
    return Array.from(v.t.data);
  };
  const starts = get(1, 'starts')!;
  const ends = get(2, 'ends')!;
  const axes = get(3, 'axes') ?? identity(starts.length);
  const steps = get(4, 'steps') ?? starts.map(() => 1);
  const lo = x.dims.map(() => 0);
  const hi = [...x.dims];
  axes.forEach((a0, k) => {
    const a = normAxis(ctx, n, a0, x.dims.length);
    const d = x.dims[a]!;
    if (steps[k] !== 1) fail('E206', { attr: 'steps', value: steps[k]!, supported: '1' }, ctx.loc(n));
    const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    lo[a] = clamp(starts[k]!);
    hi[a] = clamp(ends[k]!);
  });
  const dims = x.dims.map((_, a) => Math.max(hi[a]! - lo[a]!, 0));
  const st = strides(x.dims);
  const total = dims.reduce((a, b) => a * b, 1);
  const out = new Float64Array(total);
  const idx = dims.map(() => 0);
  for (let o = 0; o < total; o++) {
    let src = 0;
    for (let a = 0; a < idx.length; a++) src += (idx[a]! + lo[a]!) * st[a]!;
    out[o] = x.data[src]!;
    for (let a = idx.length - 1; a >= 0; a--) {
      if (++idx[a]! < dims[a]!) break;
      idx[a] = 0;
    }
  }
  return cv(dims, out, x.dtype);
}

function constantNode(ctx: Ctx, n: OnnxNode): ConstVal {
  const a = n.attrs.get('value');
  if (a?.kind === 'tensor') return { kind: 'const', t: a.value };
  if (n.attrs.has('value_float')) return cv([], [attrFloat(n, 'value_float', 0)], DT.FLOAT);
  if (n.attrs.has('value_floats')) { const v = attrFloats(n, 'value_floats', [])!; return cv([v.length], [...v], DT.FLOAT); }
  if (n.attrs.has('value_int')) return cv([], [attrInt(n, 'value_int', 0)], DT.INT64);
  if (n.attrs.has('value_ints')) { const v = attrInts(n, 'value_ints', [])!; return cv([v.length], [...v], DT.INT64); }
  return fail('E206', { attr: 'Constant value', value: [...n.attrs.keys()].join(',') || 'none', supported: 'value, value_float(s), value_int(s)' }, ctx.loc(n));
}

function castTo(x: ConstTensor, to: number): ConstVal {
  const data = isIntType(to) ? x.data.map((v) => (to === DT.BOOL ? (v !== 0 ? 1 : 0) : Math.trunc(v))) : to === DT.FLOAT ? x.data.map((v) => Math.fround(v)) : x.data.slice();
  return cv(x.dims, data, to);
}

/** Ops whose all-constant instances are folded at import. */
export const FOLDABLE = new Set(['Constant', 'Shape', 'Size', 'Gather', 'Concat', 'Cast', 'Unsqueeze', 'Squeeze', 'Reshape', 'Flatten', 'Identity', 'Transpose', 'Add', 'Sub', 'Mul', 'Div', 'Neg', 'Slice', 'ConstantOfShape', 'Floor', 'Ceil', 'Sqrt', 'Dropout']);

/** Fold node `n` when all its data inputs are constants (Shape only needs its input's shape). */
export function tryFold(ctx: Ctx, n: OnnxNode): Value[] | null {
  if (n.domain !== '' && n.domain !== 'ai.onnx') return null;
  if (!FOLDABLE.has(n.opType)) return null;
  if (n.opType === 'Shape' || n.opType === 'Size') {
    const v = ctx.get(n.inputs[0]!);
    const dims = v.kind === 'const' ? v.t.dims : [1, ...v.shape];
    if (n.opType === 'Size') return [cv([], [dims.reduce((a, b) => a * b, 1)], DT.INT64)];
    const rank = dims.length;
    const start = attrInt(n, 'start', 0);
    const end = attrInt(n, 'end', rank);
    const s = start < 0 ? start + rank : start;
    const e = end < 0 ? end + rank : Math.min(end, rank);
    const d = dims.slice(s, e);
    return [cv([d.length], d, DT.INT64)];
  }
  if (n.opType === 'Constant') return [constantNode(ctx, n)];
  const ins = n.inputs.map((i) => (i === '' ? null : ctx.get(i)));
  if (n.opType === 'ConstantOfShape') return [constantOfShape(ctx, n, ins[0] ?? null)];
  const first = ins[0];
  if (first === undefined || first === null || first.kind !== 'const') return null;
  const dataInputs = ['Concat', 'Add', 'Sub', 'Mul', 'Div'].includes(n.opType) ? ins : [first];
  if (!dataInputs.every((v) => v !== null && v.kind === 'const')) return null;
  return [foldConst(ctx, n, ins.map((v) => (v !== null && v.kind === 'const' ? v.t : null)))];
}

function constantOfShape(ctx: Ctx, n: OnnxNode, shape: Value | null): ConstVal {
  if (shape === null || shape.kind !== 'const') fail('E207', { index: 0, input: n.inputs[0] ?? '' }, ctx.loc(n));
  const a = n.attrs.get('value');
  const fill = a?.kind === 'tensor' ? a.value.data[0] ?? 0 : 0;
  const dims = Array.from(shape.t.data);
  return cv(dims, new Float64Array(dims.reduce((p, q) => p * q, 1)).fill(fill), a?.kind === 'tensor' ? a.value.dtype : DT.FLOAT);
}

function foldConst(ctx: Ctx, n: OnnxNode, ins: (ConstTensor | null)[]): ConstVal {
  const x = ins[0]!;
  switch (n.opType) {
    case 'Identity':
    case 'Dropout':
      return { kind: 'const', t: x };
    case 'Gather':
      return gather(ctx, n, x, ins[1]!);
    case 'Concat':
      return concat(ctx, n, ins as ConstTensor[]);
    case 'Cast':
      return castTo(x, attrInt(n, 'to', DT.FLOAT));
    case 'Unsqueeze':
      return cv(unsqueezeDims(ctx, n, x.dims, unsqueezeAxes(ctx, n) ?? []), x.data, x.dtype);
    case 'Squeeze':
      return cv(squeezeDims(ctx, n, x.dims, unsqueezeAxes(ctx, n)), x.data, x.dtype);
    case 'Reshape':
      return cv(reshapeDims(ctx, n, x.dims, ins[1] ? Array.from(ins[1].data) : attrInts(n, 'shape', [])!, false), x.data, x.dtype);
    case 'Flatten': {
      const axis = normAxis(ctx, n, attrInt(n, 'axis', 1), x.dims.length + 1);
      const lead = x.dims.slice(0, axis).reduce((a, b) => a * b, 1);
      return cv([lead, x.data.length / Math.max(lead, 1)], x.data, x.dtype);
    }
    case 'Transpose': {
      const perm = attrInts(n, 'perm', null) ?? identity(x.dims.length).reverse();
      return cv(perm.map((p) => x.dims[p]!), transposeData(x.data, x.dims, perm), x.dtype);
    }
    case 'Add': case 'Sub': case 'Mul': case 'Div':
      return foldBinary(ctx, n, ({ Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div' } as const)[n.opType], x, ins[1]!);
    case 'Neg': return cv(x.dims, x.data.map((v) => -v), x.dtype);
    case 'Floor': return cv(x.dims, x.data.map(Math.floor), x.dtype);
    case 'Ceil': return cv(x.dims, x.data.map(Math.ceil), x.dtype);
    case 'Sqrt': return cv(x.dims, x.data.map((v) => (x.dtype === DT.FLOAT ? Math.fround(Math.sqrt(v)) : Math.sqrt(v))), x.dtype);
    case 'Slice': return slice(ctx, n, x);
    default: return fail('E204', { count: 1, nodes: n.opType, supported: '' }, ctx.loc(n));
  }
}

/** Resolve a Reshape target (0 copies a dim unless allowzero, one −1 is inferred). */
export function reshapeDims(ctx: Ctx, n: OnnxNode, dims: readonly number[], target: readonly number[], allowZero: boolean): number[] {
  const total = dims.reduce((a, b) => a * b, 1);
  const out = target.map((t, i) => (t === 0 && !allowZero ? dims[i]! : t));
  const known = out.filter((t) => t !== -1).reduce((a, b) => a * b, 1);
  const neg = out.filter((t) => t === -1).length;
  if (neg > 1) fail('E209', { reason: `reshape target [${target.join(', ')}] has more than one -1` }, ctx.loc(n));
  if (neg === 1) out[out.indexOf(-1)] = known === 0 ? 0 : total / known;
  if (out.reduce((a, b) => a * b, 1) !== total) fail('E209', { reason: `cannot reshape [${dims.join(', ')}] to [${target.join(', ')}]` }, ctx.loc(n));
  return out;
}

/** Activations, Softmax, Clip, PRelu, Identity/Dropout and element-wise arithmetic (with constants or tensors). */
import { fail } from '../../diagnostics/errors.js';
import type { ActivationFn, MergeOp, Op } from '../../ir/ops.js';
import { alignConst } from './align.js';
import { attrFloat, attrInt, input, normAxis, optConst, scalarOf, tensorIn } from './attrs.js';
import type { ConstVal, Ctx, TensorVal, Value } from './context.js';
import { foldBias } from './convert-dense.js';
import { foldBinary } from './fold.js';
import type { OnnxNode } from './model.js';
import type { ConstTensor } from './tensor.js';

/** Result value of an element-wise op: same layout as its input. */
export function same(v: TensorVal, node: string): TensorVal {
  return { ...v, node };
}

function act(ctx: Ctx, n: OnnxNode, fn: ActivationFn, layerClass: string, alpha?: number, beta?: number): Value[] {
  const x = tensorIn(ctx, n, 0);
  const op: Op = { kind: 'activation', fn, ...(alpha !== undefined ? { alpha } : {}), ...(beta !== undefined ? { beta } : {}) };
  return [same(x, ctx.emit({ op, inputs: [x.node], layerClass }))];
}

/** Relu, LeakyRelu, Elu, Selu, Sigmoid, HardSigmoid, Tanh, Softplus, Softsign, ThresholdedRelu. */
export const ACTIVATIONS: Record<string, (ctx: Ctx, n: OnnxNode) => Value[]> = {
  Relu: (c, n) => act(c, n, 'relu', 'Activation'),
  LeakyRelu: (c, n) => act(c, n, 'leaky_relu', 'LeakyReLU', attrFloat(n, 'alpha', 0.01)),
  Elu: (c, n) => act(c, n, 'elu', 'ELU', attrFloat(n, 'alpha', 1.0)),
  Selu: (c, n) => act(c, n, 'selu', 'Activation', attrFloat(n, 'alpha', 1.67326319217681884765625), attrFloat(n, 'gamma', 1.05070102214813232421875)),
  Sigmoid: (c, n) => act(c, n, 'sigmoid', 'Activation'),
  HardSigmoid: (c, n) => act(c, n, 'hard_sigmoid', 'HardActivation', attrFloat(n, 'alpha', 0.2), attrFloat(n, 'beta', 0.5)),
  Tanh: (c, n) => act(c, n, 'tanh', 'Activation'),
  Softplus: (c, n) => act(c, n, 'softplus', 'Activation'),
  Softsign: (c, n) => act(c, n, 'softsign', 'Activation'),
  ThresholdedRelu: (c, n) => act(c, n, 'thresholded_relu', 'ThresholdedReLU', attrFloat(n, 'alpha', 1.0)),
};

/** Identity and Dropout (inference: a copy; the mask output is not supported). */
export function convertIdentity(ctx: Ctx, n: OnnxNode): Value[] {
  const v = input(ctx, n, 0);
  if (n.outputs.length > 1 && n.outputs[1] !== '' && ctx.useCount(n.outputs[1]!) > 0) fail('E213', { index: 1, opType: n.opType }, ctx.loc(n));
  if (v.kind === 'const') return [v];
  const reason = n.opType === 'Dropout' ? 'dropout' : 'identity';
  return [same(v, ctx.emit({ op: { kind: 'identity', reason }, inputs: [v.node], layerClass: 'Identity' }))];
}

/** Clip: attributes min/max before opset 11, optional constant inputs after. */
export function convertClip(ctx: Ctx, n: OnnxNode): Value[] {
  const x = tensorIn(ctx, n, 0);
  let min = -Infinity;
  let max = Infinity;
  if (ctx.opset() < 11) {
    min = attrFloat(n, 'min', -3.4028234663852886e38);
    max = attrFloat(n, 'max', 3.4028234663852886e38);
  } else {
    const lo = optConst(ctx, n, 1);
    const hi = optConst(ctx, n, 2);
    if (lo !== null) min = scalarOf(ctx, n, lo, 'min');
    if (hi !== null) max = scalarOf(ctx, n, hi, 'max');
  }
  if (min === 0 && max === Infinity) return [same(x, ctx.emit({ op: { kind: 'activation', fn: 'relu' }, inputs: [x.node], layerClass: 'Activation' }))];
  return [same(x, ctx.emit({ op: { kind: 'clip', min, max }, inputs: [x.node], layerClass: 'Clip' }))];
}

/** PRelu with a constant slope, broadcast (unidirectionally) to the input. */
export function convertPRelu(ctx: Ctx, n: OnnxNode): Value[] {
  const x = tensorIn(ctx, n, 0);
  const slope = optConst(ctx, n, 1)!;
  if (slope.data.every((s) => s === slope.data[0])) return act(ctx, n, 'leaky_relu', 'LeakyReLU', slope.data[0]);
  // PRelu before opset 7 applies a 1-D slope per channel (axis 1), as PyTorch 0.3 exports it
  const legacy = ctx.opset() < 7 && slope.dims.length === 1 && x.shape.length > 1 && slope.dims[0] === x.shape[0];
  const s = legacy ? { ...slope, dims: [slope.dims[0]!, ...new Array<number>(x.shape.length - 1).fill(1)] } : slope;
  const alpha = alignConst(ctx, s, x);
  return [same(x, ctx.emit({ op: { kind: 'prelu', alpha }, inputs: [x.node], layerClass: 'PReLU' }))];
}

/** Softmax: opset < 13 flattens from `axis` (default 1); opset ≥ 13 uses one axis (default −1). */
export function convertSoftmax(ctx: Ctx, n: OnnxNode): Value[] {
  let x = tensorIn(ctx, n, 0);
  const rank = x.shape.length + 1;
  const modern = ctx.opset() >= 13;
  const axis = normAxis(ctx, n, attrInt(n, 'axis', modern ? -1 : 1), rank);
  if (axis === 0) fail('E208', { reason: 'softmax over the batch axis' }, ctx.loc(n));
  if (modern || axis === rank - 1) {
    if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
    const irAxis = x.perm.indexOf(axis - 1);
    return [same(x, ctx.emit({ op: { kind: 'softmax', axis: irAxis }, inputs: [x.node], layerClass: 'Softmax' }))];
  }
  // opset < 13 over several trailing axes: softmax of the flattened trailing block
  x = ctx.plain(x);
  const lead = x.shape.slice(0, axis - 1);
  const block = x.shape.slice(axis - 1).reduce((a, b) => a * b, 1);
  const r1 = ctx.emit({ op: { kind: 'reshape', shape: [...lead, block], flatten: false }, inputs: [x.node], layerClass: 'Reshape', suffix: 'reshape' });
  const sm = ctx.emit({ op: { kind: 'softmax', axis: lead.length }, inputs: [r1], layerClass: 'Softmax' });
  const r2 = ctx.emit({ op: { kind: 'reshape', shape: [...x.shape], flatten: false }, inputs: [sm], layerClass: 'Reshape', suffix: 'reshape_back' });
  return [same(x, r2)];
}

const BINARY: Record<string, 'add' | 'sub' | 'mul' | 'div'> = { Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div' };

/** Add/Sub/Mul/Div: constant folding, tensor ∘ constant, or a merge of two tensors. */
export function convertBinary(ctx: Ctx, n: OnnxNode): Value[] {
  const mode = BINARY[n.opType]!;
  const a = input(ctx, n, 0);
  const b = input(ctx, n, 1);
  if (a.kind === 'const' && b.kind === 'const') return [foldBinary(ctx, n, mode, a.t, b.t)];
  // tensor ÷ tensor imports (the float run computes it); quantizing it is E509
  if (a.kind === 'tensor' && b.kind === 'tensor') return [mergeTensors(ctx, n, mode, [a, b])];
  const x = (a.kind === 'tensor' ? a : b) as TensorVal;
  const c = legacyBroadcast(ctx, n, a.kind === 'const' ? a.t : (b as ConstVal).t, x.shape.length + 1);
  const constantFirst = a.kind === 'const';
  const constant = alignConst(ctx, c, x);
  if (mode === 'add') {
    const cv = (a.kind === 'const' ? a : b) as ConstVal;
    const folded = foldBias(ctx, x, n.inputs[a.kind === 'tensor' ? 0 : 1]!, cv, constant);
    if (folded !== null) return [folded];
  }
  return [same(x, ctx.emit({ op: { kind: 'constant_op', mode, constant, constantFirst }, inputs: [x.node], layerClass: 'ApplyAlpha' }))];
}

/**
 * Before opset 7, Add/Sub/Mul/Div with broadcast=1 align B to A starting at `axis` (e.g. a conv bias [C] at axis 1),
 * not at the trailing axes as numpy does: pad B with trailing unit axes.
 */
export function legacyBroadcast(ctx: Ctx, n: OnnxNode, c: ConstTensor, rank: number): ConstTensor {
  if (ctx.opset() >= 7 || attrInt(n, 'broadcast', 0) === 0 || !n.attrs.has('axis')) return c;
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 0), rank);
  const trailing = rank - axis - c.dims.length;
  return trailing > 0 ? { ...c, dims: [...c.dims, ...new Array<number>(trailing).fill(1)] } : c;
}

/** Merge tensors element-wise in the first operand's layout. */
export function mergeTensors(ctx: Ctx, n: OnnxNode, mode: MergeOp['mode'], xs: TensorVal[]): TensorVal {
  const first = xs[0]!.flat !== undefined || xs[0]!.batchSwapped ? ctx.plain(xs[0]!) : xs[0]!;
  for (const x of xs) {
    if (x.shape.length !== first.shape.length) fail('E208', { reason: `merging tensors of ranks ${first.shape.length + 1} and ${x.shape.length + 1}` }, ctx.loc(n));
  }
  const aligned = xs.map((x) => ctx.withPerm(x, first.perm));
  const node = ctx.emit({ op: { kind: 'merge', mode }, inputs: aligned.map((x) => x.node), layerClass: 'Merge' });
  const shape = first.shape.map((d, i) => Math.max(...xs.map((x) => x.shape[i]!), d));
  return { kind: 'tensor', node, shape, perm: first.perm };
}

/** Sum, Max, Min, Mean over tensor inputs. */
export function convertVariadic(ctx: Ctx, n: OnnxNode): Value[] {
  const mode = ({ Sum: 'add', Max: 'max', Min: 'min', Mean: 'avg' } as const)[n.opType as 'Sum' | 'Max' | 'Min' | 'Mean'];
  const all = n.inputs.map((_, i) => input(ctx, n, i));
  const consts = all.filter((v): v is ConstVal => v.kind === 'const');
  if (consts.length > 0 && (mode === 'max' || mode === 'min') && consts.length < all.length) return [clipByConstants(ctx, n, mode, all, consts)];
  const xs = n.inputs.map((_, i) => tensorIn(ctx, n, i));
  if (xs.length === 1) return [xs[0]!];
  return [mergeTensors(ctx, n, mode, xs)];
}

/** Max/Min of tensors and scalar constants: the tensors' max/min, then a clip at the constant bound. */
function clipByConstants(ctx: Ctx, n: OnnxNode, mode: 'max' | 'min', all: Value[], consts: ConstVal[]): TensorVal {
  const bound = consts.map((c) => scalarOf(ctx, n, c.t, `${n.opType} constant`)).reduce((a, b) => (mode === 'max' ? Math.max(a, b) : Math.min(a, b)));
  const xs = all.filter((v): v is TensorVal => v.kind === 'tensor');
  const x = xs.length === 1 ? xs[0]! : mergeTensors(ctx, n, mode, xs);
  const op = mode === 'max' && bound === 0 ? { kind: 'activation' as const, fn: 'relu' as const } : { kind: 'clip' as const, min: mode === 'max' ? bound : -Infinity, max: mode === 'min' ? bound : Infinity };
  return same(x, ctx.emit({ op, inputs: [x.node], layerClass: op.kind === 'clip' ? 'Clip' : 'Activation', suffix: xs.length > 1 ? 'bound' : undefined }));
}

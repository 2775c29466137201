/**
 * inferPrecision: replace every 'auto' type with hls4ml's inferred type (InferPrecisionTypes):
 * dense/conv accum+result from input, weight and bias widths; batchnorm result from input, scale, bias; merges;
 * concatenation; average-pooling accumulators; reshape-like ops keep their input type. Anything else that is
 * still 'auto' (activation results, weights, biases) becomes the model default.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fixedType, sameFixedType } from '../ir/fixed-type.js';
import type { Graph, Node, NodeTypes, WeightType } from '../ir/graph.js';
import { sizeOf } from '../ir/graph.js';
import { rejectTensorDivision } from './apply-config.js';
import type { PassContext } from './context.js';

const frac = (t: FixedType): number => t.width - t.integer;
const isFixed = (t: WeightType | undefined): t is FixedType => t !== undefined && !('kind' in t);

/** hls4ml's cap by Model.Precision.maximum: widths and integer bits clipped separately, its modes when not default. */
export function capByMaximum(t: FixedType, max: FixedType | undefined): FixedType {
  if (max === undefined) return t;
  return fixedType(
    Math.min(t.width, max.width),
    Math.min(t.integer, max.integer),
    max.signed,
    max.rounding !== 'AP_TRN' ? max.rounding : t.rounding,
    max.overflow !== 'AP_WRAP' ? max.overflow : t.overflow,
    max.satBits !== 0 ? max.satBits : t.satBits,
  );
}

/** Sum of n products of x and w, plus a bias (hls4ml's _infer_common_precision, bias always counted). */
export function productSumType(x: FixedType, w: FixedType, b: FixedType, nOps: number): FixedType {
  const grow = Math.ceil(Math.log2(nOps));
  let width = w.width + x.width + grow;
  let integer = w.integer + x.integer + grow;
  let signed = w.signed || x.signed;
  const f = width - integer;
  integer = Math.max(integer + (b.signed && !signed ? 1 : 0), b.integer + (signed && !b.signed ? 1 : 0)) + 1;
  width = integer + Math.max(f, frac(b));
  signed = signed || b.signed;
  return fixedType(width, integer, signed);
}

/** BatchNormalization result: x·scale exact, plus bias (hls4ml's _infer_bn_precision). */
export function scaleBiasType(x: FixedType, s: FixedType, b: FixedType): FixedType {
  const signed = s.signed || x.signed;
  const width = x.width + s.width;
  const integer = x.integer + s.integer;
  const outInt = Math.max(integer + (b.signed && !signed ? 1 : 0), b.integer + (signed && !b.signed ? 1 : 0)) + 1;
  return fixedType(outInt + Math.max(width - integer, frac(b)), outInt, signed || b.signed);
}

/** Add/sub/average of two values (sub is always signed). */
export function addType(a: FixedType, b: FixedType, subtract: boolean): FixedType {
  const integer = Math.max(a.integer + (b.signed && !a.signed ? 1 : 0), b.integer + (a.signed && !b.signed ? 1 : 0)) + 1;
  return fixedType(integer + Math.max(frac(a), frac(b)), integer, a.signed || b.signed || subtract);
}

/** Union of two types (max/min merges, concatenation); concat keeps a non-default mode of either input. */
export function unionType(a: FixedType, b: FixedType, keepModes: boolean): FixedType {
  const signed = a.signed || b.signed;
  const ia = a.integer + (signed && !a.signed ? 1 : 0);
  const ib = b.integer + (signed && !b.signed ? 1 : 0);
  const integer = Math.max(ia, ib);
  if (!keepModes) return fixedType(Math.max(frac(a), frac(b)) + integer, integer, signed);
  return fixedType(
    Math.max(frac(a), frac(b)) + integer,
    integer,
    signed,
    a.rounding !== 'AP_TRN' ? a.rounding : b.rounding,
    a.overflow !== 'AP_WRAP' ? a.overflow : b.overflow,
    a.satBits !== 0 ? a.satBits : b.satBits,
  );
}

/**
 * hls4ml's type for a constant activation parameter (_get_precision_from_constant, max_width 8): the minimal
 * sign/integer/fraction bits holding it exactly (fraction searched in (-32, 32]), width capped at sign + 8 bits.
 */
export function constantParamType(v: number): FixedType {
  if (v === 0) return fixedType(1, 1, false);
  let f = -31;
  while (f < 32 && !Number.isInteger(v * 2 ** f)) f++;
  const k = v < 0 ? 1 : 0;
  const i = Math.ceil(Math.log2(Math.max(v + 2 ** -f, -v)));
  return fixedType(Math.min(k + i + f, k + 8), k + i, k === 1);
}

/** param_t of a ParametrizedActivation / PReLU left 'auto' (hls4ml: the input type for thresholded relu and PReLU). */
function paramType(node: Node, x: FixedType): FixedType | undefined {
  if (node.op.kind === 'prelu') return x;
  if (node.op.kind !== 'activation') return undefined;
  return node.op.fn === 'thresholded_relu' ? x : constantParamType(node.op.alpha ?? (node.op.fn === 'leaky_relu' ? 0.3 : 1));
}

/** Multiplications per output of a dense/conv node (conv: kernel area × input channels per group). */
function opsPerOutput(node: Node): number {
  if (node.op.kind === 'dense') return node.op.weight.shape[0]!;
  if (node.op.kind === 'conv') return sizeOf(node.op.weight.shape.slice(0, -1));
  return 1;
}

type Inferred = Partial<Record<keyof NodeTypes, FixedType>>;


function mergeResult(node: Node, ins: readonly FixedType[], dflt: FixedType, max: FixedType | undefined): FixedType {
  const [a, b] = [ins[0]!, ins[1] ?? ins[0]!];
  if (node.op.kind === 'concat') return sameFixedType(a, b) ? a : capByMaximum(unionType(a, b, true), max);
  if (node.op.kind !== 'merge') return dflt;
  switch (node.op.mode) {
    case 'add':
    case 'sub':
    case 'avg':
      return capByMaximum(addType(a, b, node.op.mode === 'sub'), max);
    case 'mul':
      return capByMaximum(fixedType(a.width + b.width, a.integer + b.integer, a.signed || b.signed), max);
    case 'max':
    case 'min':
      return sameFixedType(a, b) ? a : unionType(a, b, false);
    case 'div':
      // applyConfig already rejected it (E509); kept here so a graph built by hand fails the same way
      rejectTensorDivision(node);
      return dflt;
  }
}

/** The inferred values of the node's auto variables (only those hls4ml infers; the rest fall back to the default). */
function inferNode(node: Node, auto: ReadonlySet<keyof NodeTypes>, inputs: readonly FixedType[], ctx: PassContext): Inferred {
  const t = node.types!;
  const dflt = ctx.config.hls.model.precision.default;
  const max = ctx.config.hls.model.precision['maximum'] as FixedType | undefined;
  const x = inputs[0]!;
  const out: Inferred = {};
  const w = auto.has('weight') ? dflt : t.weight;
  const b = auto.has('bias') ? dflt : t.bias;
  const s = auto.has('scale') ? dflt : t.scale;
  switch (node.op.kind) {
    case 'dense':
    case 'conv': {
      const acc = isFixed(w) && b !== undefined ? capByMaximum(productSumType(x, w, b, opsPerOutput(node)), max) : dflt;
      return { accum: acc, result: acc };
    }
    case 'batchnorm':
      return { result: s !== undefined && b !== undefined ? capByMaximum(scaleBiasType(x, s, b), max) : dflt };
    case 'pool': {
      const e = Math.ceil(Math.log2(sizeOf(node.op.size)));
      return { accum: node.op.mode === 'max' ? x : fixedType(x.width + 2 * e, x.integer + e, x.signed), result: x };
    }
    case 'reshape':
    case 'transpose':
    case 'pad':
    case 'upsample':
      return { result: x };
    case 'merge':
    case 'concat':
      return { result: mergeResult(node, inputs, dflt, max) };
    case 'activation':
    case 'prelu': {
      const p = auto.has('scale') ? paramType(node, x) : undefined;
      return p !== undefined ? { scale: p } : out;
    }
    default:
      return out;
  }
}

/** Fill every 'auto' variable, in graph order (an input's type is always known before its readers). */
export function inferPrecision(graph: Graph, ctx: PassContext): Graph {
  const resultOf = new Map<string, FixedType>();
  const dflt = ctx.config.hls.model.precision.default;
  const nodes = graph.nodes.map((node) => {
    const auto = ctx.auto.get(node.name);
    let n = node;
    if (auto !== undefined && auto.size > 0) {
      const inputs = node.inputs.map((i) => resultOf.get(i)!);
      const inferred = inferNode(node, auto, inputs, ctx);
      const types: Record<string, unknown> = { ...node.types };
      for (const v of auto) {
        const chosen = inferred[v] ?? dflt;
        types[v] = chosen;
        const how = inferred[v] !== undefined ? 'inferred' : 'default';
        ctx.decisions.push({ pass: 'inferPrecision', node: node.name, variable: v, type: chosen, source: how, reason: how === 'inferred' ? `hls4ml rule for ${node.op.kind}` : "'auto' with no rule: model default" });
      }
      n = { ...node, types: types as unknown as NodeTypes };
    }
    resultOf.set(n.name, n.types!.result);
    return n;
  });
  ctx.auto.clear();
  return { ...graph, nodes };
}

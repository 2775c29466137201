/**
 * binaryTanh: hls4ml's Vivado/Vitis quantization flow for binary networks, in nnfab's existing ops.
 *
 * hls4ml (merge_batch_norm_quantized_tanh) replaces a BatchNormalization followed by a binary_tanh activation by
 * one layer `bnbt_<bn>` that outputs the bit `x >= t[c]` (ap_uint<1>, 1 meaning +1), with the threshold
 * t = floor(float32(−bias/scale)·2^F)/2^F, F the fraction bits of the BN input, written in the BN input's type.
 * Then (quantize_dense_output) a BinaryDense/TernaryDense reading that layer gets accum and result
 * int<⌈log2 n_in⌉+2>, its bias is dropped, binary weights become bits and the product is `a == w` (a match count,
 * not a ±1 sum); ternary weights multiply the ±1 meaning of the bit; thresholds of a BN reading such a dense are
 * floored to integers in that int type.
 *
 * Here: the BN becomes y = x·2^F + (1 − t·2^F) (integers), the activation a clip of y to [0, 1] (the bit) — or to
 * [−1, 1] (±1) when a reader is not such a dense — and the reading dense computes the same count exactly:
 * binary weights w' = ±1 with bias #(w' = −1) (a == w ⇔ a·w' + [w' = −1]); ternary weights 2w with bias −Σw
 * ((2a − 1)·w). All values are integers, so every backend computes them exactly with its ordinary kernels.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fixedType, fracBits, intType } from '../ir/fixed-type.js';
import type { Graph, Node } from '../ir/graph.js';
import { consumers } from '../ir/graph.js';
import type { ActivationOp, BatchNormOp, DenseOp, Tensor } from '../ir/ops.js';
import type { PassContext } from './context.js';
import { quantizeWeightArray } from './decimal-text.js';

const tensor = (data: Float64Array): Tensor => ({ shape: [data.length], data });

/** hls4ml's BinaryQuantizer / TernaryQuantizer layers (the only ones quantize_dense_output rewrites). */
function binaryDenseKind(n: Node | undefined): 'binary' | 'ternary' | null {
  if (n === undefined || n.op.kind !== 'dense') return null;
  if (n.source.opType === 'BinaryDense') return 'binary';
  if (n.source.opType === 'TernaryDense') return 'ternary';
  return null;
}

/** The per-channel thresholds, in the type hls4ml writes them in. */
function thresholds(bn: BatchNormOp, inType: FixedType, popcountInput: FixedType | null): Float64Array {
  const F = fracBits(inType);
  const t = bn.scale.data.map((s, c) => Math.floor(Math.fround(-bn.bias.data[c]! / s) * 2 ** F) / 2 ** F);
  if (popcountInput !== null) return quantizeWeightArray(t.map(Math.floor), popcountInput);
  return quantizeWeightArray(t, inType);
}

/** BN → y = x·2^F + 1 − t·2^F in integer types; activation → clip(y, lo, 1) named bnbt_<bn>. */
function rewritePair(g: Graph, bn: Node<BatchNormOp>, act: Node, inType: FixedType, t: Float64Array, bit: boolean): Graph {
  const F = fracBits(inType);
  const scale = new Float64Array(t.length).fill(2 ** F);
  const bias = t.map((v) => 1 - v * 2 ** F);
  const w = inType.width - inType.integer + Math.max(inType.integer, 1) + 3;
  const newBn: Node = {
    ...bn,
    op: { kind: 'batchnorm', scale: tensor(scale), bias: tensor(bias) },
    types: { result: intType(w), scale: intType(F + 2), bias: intType(w) },
  };
  const name = `bnbt_${bn.name}`;
  const clip: Node = {
    ...act,
    name,
    op: { kind: 'clip', min: bit ? 0 : -1, max: 1 },
    types: { result: bit ? fixedType(1, 1, false) : intType(2) },
  };
  const rename = (n: Node): Node => (n.inputs.includes(act.name) ? { ...n, inputs: n.inputs.map((i) => (i === act.name ? name : i)) } : n);
  const nodes = g.nodes.map((n) => (n.name === bn.name ? newBn : n.name === act.name ? clip : rename(n)));
  return { ...g, nodes, outputs: g.outputs.map((o) => (o === act.name ? name : o)) };
}

/** A Binary/TernaryDense reading the bit: hls4ml's int accumulator and match count, with ordinary integer weights. */
function rewriteDense(d: Node<DenseOp>, kind: 'binary' | 'ternary'): Node {
  const [nIn, nOut] = d.op.weight.shape as [number, number];
  const nbits = Math.ceil(Math.log2(nIn)) + 2;
  const w = d.op.weight.data;
  const bias = new Float64Array(nOut);
  for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) bias[j] += kind === 'binary' ? (w[i * nOut + j]! < 0 ? 1 : 0) : -w[i * nOut + j]!;
  const weight = kind === 'binary' ? w.map((v) => (v < 0 ? -1 : 1)) : w.map((v) => 2 * Math.sign(v));
  const int = intType(nbits);
  return {
    ...d,
    op: { ...d.op, weight: { shape: d.op.weight.shape, data: weight }, bias: tensor(bias) },
    types: { ...d.types!, weight: intType(kind === 'binary' ? 2 : 3), bias: intType(nbits + 1), accum: int, result: int },
  };
}

/** The popcount type of a dense that will read a bit (for the thresholds of the BN after it). */
function popcountType(d: Node | undefined): FixedType | null {
  if (d === undefined || d.op.kind !== 'dense') return null;
  return intType(Math.ceil(Math.log2(d.op.weight.shape[0]!)) + 2);
}

/**
 * The ternary threshold hls4ml passes to set_thresholds: the activation's `threshold` attribute, which only QKeras'
 * TernaryTanh layers carry (0.33 by default); 0.5 otherwise.
 */
function ternaryThreshold(act: Node): number {
  return act.layerClass === 'TernaryTanh' && act.op.kind === 'activation' ? (act.op.alpha ?? 0.33) : 0.5;
}

/** Ternary thresholds (hi, lo) in float32 as hls4ml's set_thresholds, floored to F bits, in the written type. */
function ternaryThresholds(bn: BatchNormOp, inType: FixedType, popcountInput: FixedType | null, threshold: number): [Float64Array, Float64Array] {
  const F = fracBits(inType);
  const f = Math.fround;
  const thr = bn.scale.data.map((s, c) => f(-bn.bias.data[c]! / s));
  const fl = (a: Float64Array): Float64Array => {
    const t = a.map((v) => Math.floor(v * 2 ** F) / 2 ** F);
    return popcountInput !== null ? quantizeWeightArray(t.map(Math.floor), popcountInput) : quantizeWeightArray(t, inType);
  };
  // numpy: the Python float threshold becomes float32 before it divides the float32 scale
  const th = f(threshold);
  const hi = thr.map((t, c) => f(f(th / bn.scale.data[c]!) + t));
  const lo = thr.map((t, c) => f(f(-th / bn.scale.data[c]!) + t));
  return [fl(hi), fl(lo)];
}

/**
 * BN + ternary_tanh → hls4ml's `x > hi ? 1 : x <= lo ? −1 : 0` (when hi ≥ lo) as [x > hi] + ([x > lo] − 1):
 * two integer shifts (BN), two clips and an add named bnbt_<bn>.
 */
function rewriteTernary(g: Graph, bn: Node<BatchNormOp>, act: Node, inType: FixedType, hi: Float64Array, lo: Float64Array): Graph {
  const F = fracBits(inType);
  const w = inType.width - inType.integer + Math.max(inType.integer, 1) + 3;
  const shift = (name: string, t: Float64Array, extra: number): Node => ({
    ...bn,
    name,
    op: { kind: 'batchnorm', scale: tensor(new Float64Array(t.length).fill(2 ** F)), bias: tensor(t.map((v) => extra - v * 2 ** F)) },
    types: { result: intType(w), scale: intType(F + 2), bias: intType(w) },
  });
  const clip = (name: string, input: string, min: number, max: number): Node => ({
    ...act,
    name,
    inputs: [input],
    op: { kind: 'clip', min, max },
    types: { result: min < 0 ? intType(1) : fixedType(1, 1, false) },
  });
  const name = `bnbt_${bn.name}`;
  const loName = `${bn.name}_lo`;
  const added: Node[] = [
    shift(loName, lo, -1),
    clip(`${bn.name}_hi_bit`, bn.name, 0, 1),
    clip(`${bn.name}_lo_bit`, loName, -1, 0),
    { ...act, name, inputs: [`${bn.name}_hi_bit`, `${bn.name}_lo_bit`], op: { kind: 'merge', mode: 'add' }, types: { result: intType(2) } },
  ];
  const rename = (n: Node): Node => (n.inputs.includes(act.name) ? { ...n, inputs: n.inputs.map((i) => (i === act.name ? name : i)) } : n);
  const nodes = g.nodes.flatMap((n) => (n.name === bn.name ? [shift(bn.name, hi, 0)] : n.name === act.name ? added : [rename(n)]));
  return { ...g, nodes, outputs: g.outputs.map((o) => (o === act.name ? name : o)) };
}

/** A TernaryDense/BinaryDense reading ternary values: int accumulator and result, no bias, plain products. */
function rewriteDenseTernaryInput(d: Node<DenseOp>): Node {
  const int = intType(Math.ceil(Math.log2(d.op.weight.shape[0]!)) + 2);
  return { ...d, op: { ...d.op, bias: null }, types: { ...d.types!, accum: int, result: int, bias: intType(2) } };
}

/** One BN + ternary_tanh pair (skipped when a channel's thresholds are inverted: the formula needs hi ≥ lo). */
function ternaryPair(g: Graph, act: Node, bn: Node<BatchNormOp>, inType: FixedType, popcount: FixedType | null, ternaryLayers: Set<string>): Graph {
  const [hi, lo] = ternaryThresholds(bn.op, inType, popcount, ternaryThreshold(act));
  if (hi.some((h, c) => h < lo[c]!)) return g;
  const readers = consumers(g).get(act.name) ?? [];
  let out = rewriteTernary(g, bn, act, popcount ?? inType, hi, lo);
  ternaryLayers.add(`bnbt_${bn.name}`);
  for (const r of readers) {
    const d = out.nodes.find((n) => n.name === r);
    if (binaryDenseKind(d) !== null) out = { ...out, nodes: out.nodes.map((n) => (n.name === r ? rewriteDenseTernaryInput(n as Node<DenseOp>) : n)) };
  }
  return out;
}

/** Apply hls4ml's binary quantization flow (see the file comment). */
export function binaryTanh(graph: Graph, ctx: PassContext): Graph {
  let g = graph;
  const bitLayers = new Set<string>();
  const ternaryLayers = new Set<string>();
  for (const act of graph.nodes) {
    const fn = act.op.kind === 'activation' ? (act.op as ActivationOp).fn : null;
    if ((fn !== 'binary_tanh' && fn !== 'ternary_tanh') || act.inputs.length !== 1) continue;
    const readers = consumers(g);
    const bn = g.nodes.find((n) => n.name === act.inputs[0]);
    if (bn === undefined || bn.op.kind !== 'batchnorm' || readers.get(bn.name)?.length !== 1) continue;
    const producer = g.nodes.find((n) => n.name === bn.inputs[0])!;
    const inType = producer.types!.result;
    const popcount = binaryDenseKind(producer) !== null && (bitLayers.has(producer.inputs[0]!) || ternaryLayers.has(producer.inputs[0]!)) ? popcountType(producer) : null;
    if (fn === 'ternary_tanh') {
      g = ternaryPair(g, act, bn as Node<BatchNormOp>, inType, popcount, ternaryLayers);
      continue;
    }
    const t = thresholds(bn.op as BatchNormOp, inType, popcount);
    const denses = (readers.get(act.name) ?? []).map((r) => g.nodes.find((n) => n.name === r));
    const bit = denses.length > 0 && denses.every((d) => binaryDenseKind(d) !== null);
    g = rewritePair(g, bn as Node<BatchNormOp>, act, popcount ?? inType, t, bit);
    if (!bit) continue;
    bitLayers.add(`bnbt_${bn.name}`);
    for (const d of denses) g = { ...g, nodes: g.nodes.map((n) => (n.name === d!.name ? rewriteDense(n as Node<DenseOp>, binaryDenseKind(n)!) : n)) };
    ctx.decisions.push({ pass: 'binaryTanh', node: `bnbt_${bn.name}`, variable: 'result', type: fixedType(1, 1, false), source: 'inferred', reason: 'hls4ml merges BatchNormalization + binary_tanh into a threshold bit' });
  }
  return g;
}

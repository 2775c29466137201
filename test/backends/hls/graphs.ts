// Hand-built quantized graphs for the HLS backend tests (types chosen to exercise wrap, rounding and saturation).
import type { FixedType } from '../../../src/ir/fixed-type.js';
import type { Graph, LayerConfig, Node, NodeTypes } from '../../../src/ir/graph.js';
import type { Op } from '../../../src/ir/ops.js';

/** A fixed type with defaults TRN/WRAP. */
export const fx = (width: number, integer: number, rounding: FixedType['rounding'] = 'AP_TRN', overflow: FixedType['overflow'] = 'AP_WRAP', signed = true): FixedType => ({
  width,
  integer,
  signed,
  rounding,
  overflow,
  satBits: 0,
});

/** Deterministic pseudo-random numbers (LCG), so fixtures are stable. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Values on the grid of 2^-f in [-range, range), with a fraction `zeros` of exact zeros. */
export function gridValues(n: number, f: number, range: number, seed: number, zeros = 0): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => (r() < zeros ? 0 : Math.floor((r() * 2 - 1) * range * 2 ** f) / 2 ** f));
}

const cfg = (reuseFactor = 1, strategy: LayerConfig['strategy'] = 'latency'): LayerConfig => ({ reuseFactor, strategy, tableSize: 1024, trace: false });

/** One node. */
export function node(name: string, op: Op, inputs: string[], shape: number[], types: NodeTypes, config: LayerConfig = cfg()): Node {
  return { name, op, inputs, shape, source: { file: 'test', node: name, opType: op.kind }, layerClass: op.kind, types, config };
}

/** 16 → dense(8, 30 % pruned) → relu → dense(5) → softmax, with the given reuse factors/strategy. */
export function denseGraph(r1: number, r2: number, strategy: LayerConfig['strategy']): Graph {
  const t = fx(16, 6);
  return {
    name: 'dense_test',
    sourceFile: 'test',
    inputs: ['x'],
    outputs: ['sm'],
    nodes: [
      node('x', { kind: 'input' }, [], [16], { result: t }),
      node('d1', { kind: 'dense', weight: { shape: [16, 8], data: gridValues(128, 8, 1, 1, 0.3) }, bias: { shape: [8], data: gridValues(8, 8, 1, 2) } }, ['x'], [8], { result: fx(12, 5, 'AP_RND', 'AP_SAT'), accum: fx(20, 9), weight: fx(10, 2), bias: fx(10, 2) }, cfg(r1, strategy)),
      node('r1', { kind: 'activation', fn: 'relu' }, ['d1'], [8], { result: fx(8, 3) }),
      node('d2', { kind: 'dense', weight: { shape: [8, 5], data: gridValues(40, 6, 2, 3) }, bias: null }, ['r1'], [5], { result: fx(16, 6), accum: fx(18, 7), weight: fx(8, 2) }, cfg(r2, strategy)),
      node('sm', { kind: 'softmax', axis: -1 }, ['d2'], [5], { result: fx(16, 6), accum: fx(18, 8), expTable: fx(18, 8, 'AP_RND', 'AP_SAT'), invTable: fx(18, 8, 'AP_RND', 'AP_SAT'), invInp: fx(18, 8, 'AP_RND', 'AP_SAT') }, { ...cfg(), softmaxImpl: 'stable' }),
    ],
  };
}

/** [12, 3] → conv1d(4 filters, k 3, pad 1) → tanh → maxpool(2) → flatten → dense(4) → sigmoid. */
export function conv1dGraph(): Graph {
  const t = fx(16, 6);
  return {
    name: 'conv1d_test',
    sourceFile: 'test',
    inputs: ['x'],
    outputs: ['sg'],
    nodes: [
      node('x', { kind: 'input' }, [], [12, 3], { result: t }),
      node('c1', { kind: 'conv', rank: 1, weight: { shape: [3, 3, 4], data: gridValues(36, 6, 1, 5, 0.2) }, bias: { shape: [4], data: gridValues(4, 6, 1, 6) }, strides: [1], dilations: [1], pads: [1, 1], groups: 1 }, ['x'], [12, 4], { result: fx(14, 5), accum: fx(24, 10), weight: fx(8, 2), bias: fx(8, 2) }),
      node('th', { kind: 'activation', fn: 'tanh' }, ['c1'], [12, 4], { result: fx(10, 2), table: fx(18, 8) }),
      node('mp', { kind: 'pool', mode: 'max', rank: 1, size: [2], strides: [2], pads: [0, 0], countIncludePad: false }, ['th'], [6, 4], { result: fx(10, 2) }),
      node('fl', { kind: 'reshape', shape: [24], flatten: true }, ['mp'], [24], { result: fx(10, 2) }),
      node('d', { kind: 'dense', weight: { shape: [24, 4], data: gridValues(96, 6, 1, 7) }, bias: { shape: [4], data: gridValues(4, 6, 1, 8) } }, ['fl'], [4], { result: fx(16, 6), accum: fx(24, 10), weight: fx(8, 2), bias: fx(8, 2) }),
      node('sg', { kind: 'activation', fn: 'sigmoid' }, ['d'], [4], { result: fx(16, 6), table: fx(18, 8) }),
    ],
  };
}

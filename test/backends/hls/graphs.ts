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

const c = (w: number, i: number, signed = true): FixedType => fx(w, i, 'AP_TRN', 'AP_WRAP', signed);

/**
 * Conv2d with stride, padding and dilation, BatchNorm, leaky relu, average pooling with padding, 3-input merge,
 * transpose, 3-input concatenation, global pooling, dense, elu, hard_sigmoid and the latency softmax.
 */
export function zooConvGraph(): Graph {
  const w = (shape: number[], seed: number, zeros = 0.1): { shape: number[]; data: Float64Array } => ({ shape, data: gridValues(shape.reduce((a, b) => a * b, 1), 6, 1, seed, zeros) });
  const conv = (k: number, cin: number, cout: number, strides: number[], dil: number[], pads: number[], seed: number) =>
    ({ kind: 'conv', rank: 2, weight: w([k, k, cin, cout], seed), bias: w([cout], seed + 1, 0), strides, dilations: dil, pads, groups: 1 }) as const;
  const acc = { accum: fx(24, 10), weight: fx(8, 2), bias: fx(8, 2) };
  return {
    name: 'zoo_conv',
    sourceFile: 'test',
    inputs: ['x'],
    outputs: ['sm'],
    nodes: [
      node('x', { kind: 'input' }, [], [6, 5, 3], { result: fx(12, 4, 'AP_RND_CONV', 'AP_SAT') }),
      node('c1', conv(3, 3, 4, [2, 2], [1, 1], [1, 1, 1, 1], 11), ['x'], [3, 3, 4], { result: fx(14, 5), ...acc }),
      node('bn', { kind: 'batchnorm', scale: w([4], 13, 0), bias: w([4], 14, 0) }, ['c1'], [3, 3, 4], { result: fx(12, 4, 'AP_RND'), scale: fx(10, 3), bias: fx(10, 3) }),
      node('lr', { kind: 'activation', fn: 'leaky_relu', alpha: 0.1 }, ['bn'], [3, 3, 4], { result: fx(12, 4) }),
      node('c2', conv(2, 4, 4, [1, 1], [2, 2], [1, 1, 1, 1], 15), ['lr'], [3, 3, 4], { result: fx(12, 4, 'AP_RND', 'AP_SAT'), ...acc }),
      node('ap', { kind: 'pool', mode: 'avg', rank: 2, size: [2, 2], strides: [1, 1], pads: [0, 0, 1, 1], countIncludePad: false }, ['c2'], [3, 3, 4], { result: fx(12, 4), accum: fx(16, 6) }),
      node('add', { kind: 'merge', mode: 'add' }, ['ap', 'lr', 'bn'], [3, 3, 4], { result: fx(12, 5, 'AP_RND', 'AP_SAT') }),
      node('tr', { kind: 'transpose', perm: [1, 0, 2] }, ['add'], [3, 3, 4], { result: fx(12, 5) }),
      node('cat', { kind: 'concat', axis: 2 }, ['tr', 'bn', 'lr'], [3, 3, 12], { result: fx(13, 5) }),
      node('gp', { kind: 'global_pool', mode: 'avg', rank: 2 }, ['cat'], [12], { result: fx(13, 5), accum: fx(20, 9) }),
      node('d', { kind: 'dense', weight: w([12, 6], 17), bias: w([6], 18, 0) }, ['gp'], [6], { result: c(16, 6), ...acc }),
      // param_t fixed<6,1> holds alpha 0.7 as 0.6875 (hls4ml passes it as param_t)
      node('el', { kind: 'activation', fn: 'elu', alpha: 0.7 }, ['d'], [6], { result: fx(14, 5), table: fx(18, 8), scale: fx(6, 1) }),
      node('hs', { kind: 'activation', fn: 'hard_sigmoid', alpha: 0.2, beta: 0.5 }, ['el'], [6], { result: fx(12, 3) }),
      node('sm', { kind: 'softmax', axis: -1 }, ['hs'], [6], { result: fx(16, 6), accum: fx(18, 8), expTable: fx(18, 8, 'AP_RND', 'AP_SAT'), invTable: fx(18, 8, 'AP_RND', 'AP_SAT'), invInp: fx(18, 8, 'AP_RND', 'AP_SAT') }, { ...cfg(), softmaxImpl: 'latency' }),
    ],
  };
}

/** Pad, PReLU, clip, constant ops, quantizer, reshape, upsample, slice, table activations, selu, argmax softmax. */
export function zooDenseGraph(): Graph {
  return {
    name: 'zoo_dense',
    sourceFile: 'test',
    inputs: ['x'],
    outputs: ['am'],
    nodes: [
      node('x', { kind: 'input' }, [], [8], { result: fx(16, 6) }),
      node('pd', { kind: 'pad', pads: [1, 1] }, ['x'], [10], { result: fx(16, 6) }),
      node('pr', { kind: 'prelu', alpha: { shape: [10], data: gridValues(10, 4, 1, 21) } }, ['pd'], [10], { result: fx(14, 5) }),
      node('cl', { kind: 'clip', min: -1, max: 1.5 }, ['pr'], [10], { result: fx(10, 3) }),
      node('cm', { kind: 'constant_op', mode: 'mul', constant: { shape: [10], data: gridValues(10, 5, 2, 22) }, constantFirst: false }, ['cl'], [10], { result: fx(14, 5), weight: fx(8, 3) }),
      node('cs', { kind: 'constant_op', mode: 'sub', constant: { shape: [1], data: Float64Array.of(0.75) }, constantFirst: true }, ['cm'], [10], { result: fx(14, 5) }),
      node('cd', { kind: 'constant_op', mode: 'div', constant: { shape: [1], data: Float64Array.of(-4) }, constantFirst: false }, ['cs'], [10], { result: fx(14, 5, 'AP_RND_ZERO') }),
      node('q', { kind: 'quantize', type: fx(8, 3, 'AP_RND', 'AP_SAT'), scale: { shape: [1], data: Float64Array.of(1 / 32) }, zeroPoint: { shape: [1], data: Float64Array.of(0) }, bits: 8, signed: true, narrow: false, rounding: 'ROUND' }, ['cd'], [10], { result: fx(10, 4) }),
      node('rs', { kind: 'reshape', shape: [5, 2], flatten: false }, ['q'], [5, 2], { result: fx(10, 4) }),
      node('up', { kind: 'upsample', rank: 1, scales: [2] }, ['rs'], [10, 2], { result: fx(10, 4) }),
      node('sl', { kind: 'slice', starts: [1, 0], ends: [9, 2] }, ['up'], [8, 2], { result: fx(10, 4) }),
      node('fl', { kind: 'reshape', shape: [16], flatten: true }, ['sl'], [16], { result: fx(10, 4) }),
      node('sp', { kind: 'activation', fn: 'softplus' }, ['fl'], [16], { result: fx(12, 4), table: fx(18, 8) }),
      node('ss', { kind: 'activation', fn: 'softsign' }, ['sp'], [16], { result: fx(12, 2), table: fx(18, 8) }),
      // param_t fixed<5,1> holds theta 0.3 as 0.25
      node('tr', { kind: 'activation', fn: 'thresholded_relu', alpha: 0.3 }, ['ss'], [16], { result: fx(12, 2), scale: fx(5, 1) }),
      node('d', { kind: 'dense', weight: { shape: [16, 4], data: gridValues(64, 6, 1, 23, 0.2) }, bias: { shape: [4], data: gridValues(4, 6, 1, 24) } }, ['tr'], [4], { result: fx(16, 6), accum: fx(20, 8), weight: fx(8, 2), bias: fx(8, 2) }, cfg(2, 'resource')),
      node('se', { kind: 'activation', fn: 'selu' }, ['d'], [4], { result: fx(14, 5), table: fx(18, 8) }),
      node('am', { kind: 'softmax', axis: -1 }, ['se'], [4], { result: fx(8, 2) }, { ...cfg(), softmaxImpl: 'argmax' }),
    ],
  };
}

/**
 * 10 → dense(6) → legacy softmax with a 512-entry rounding/saturating table: input differences beyond ±8 clamp the exp
 * index, large sums clamp the 1/x index.
 */
export function legacySoftmaxGraph(): Graph {
  return {
    name: 'legacy_softmax',
    sourceFile: 'test',
    inputs: ['x'],
    outputs: ['sm'],
    nodes: [
      node('x', { kind: 'input' }, [], [10], { result: fx(16, 6) }),
      node('d', { kind: 'dense', weight: { shape: [10, 6], data: gridValues(60, 6, 1, 31, 0.2) }, bias: { shape: [6], data: gridValues(6, 6, 1, 32) } }, ['x'], [6], { result: fx(14, 5), accum: fx(20, 8), weight: fx(8, 2), bias: fx(8, 2) }),
      node('sm', { kind: 'softmax', axis: -1 }, ['d'], [6], { result: fx(12, 2), table: fx(16, 7, 'AP_RND', 'AP_SAT') }, { ...cfg(), tableSize: 512, softmaxImpl: 'legacy' }),
    ],
  };
}

/**
 * A chain of dense / batchnorm / activation layers whose types use every rounding and overflow mode (with saturation
 * bits), drawn from a seeded generator: one project exercises the conversions of nnfab's header inside the kernels.
 */
export function modesGraph(seed: number): Graph {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const modesR = ['AP_RND', 'AP_RND_ZERO', 'AP_RND_MIN_INF', 'AP_RND_INF', 'AP_RND_CONV', 'AP_TRN', 'AP_TRN_ZERO'] as const;
  const modesO = ['AP_SAT', 'AP_SAT_ZERO', 'AP_SAT_SYM', 'AP_WRAP', 'AP_WRAP_SM'] as const;
  const rand = (wMin: number, wMax: number): FixedType => {
    const width = wMin + Math.floor(r() * (wMax - wMin + 1));
    const integer = Math.floor(r() * (width + 2)) - 1;
    return { width, integer, signed: r() < 0.85, rounding: pick(modesR), overflow: pick(modesO), satBits: r() < 0.3 ? 1 + Math.floor(r() * 2) : 0 };
  };
  const nodes: Node[] = [node('x', { kind: 'input' }, [], [12], { result: rand(10, 18) })];
  let prev = 'x';
  let n = 12;
  for (let l = 0; l < 6; l++) {
    const m = 4 + Math.floor(r() * 8);
    const name = `d${l}`;
    const wt = rand(4, 10);
    nodes.push(node(name, { kind: 'dense', weight: { shape: [n, m], data: gridValues(n * m, wt.width - wt.integer, 2 ** Math.max(0, wt.integer - 1), seed + l, 0.2) }, bias: { shape: [m], data: gridValues(m, 4, 1, seed + 50 + l) } }, [prev], [m], { result: rand(8, 20), accum: rand(16, 40), weight: wt, bias: rand(6, 12) }, cfg(1, l % 2 === 0 ? 'latency' : 'resource')));
    const a = `a${l}`;
    nodes.push(node(a, { kind: 'activation', fn: pick(['relu', 'linear', 'sigmoid', 'tanh'] as const) }, [name], [m], { result: rand(8, 16), table: rand(12, 18) }));
    prev = a;
    n = m;
  }
  return { name: `modes_${seed}`, sourceFile: 'test', inputs: ['x'], outputs: [prev], nodes };
}

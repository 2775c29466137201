// A small hand-built quantized graph (input → dense → relu → dense → softmax, plus a branch merged by add) with
// float/fixed traces and overflow counts, so report tests need no frontend, pass or emulator.
import type { FixedType } from '../../src/ir/fixed-type.js';
import type { Graph, LayerConfig, Node, NodeTypes } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import type { NodeOverflowInput, ReportInput } from '../../src/report/report.js';

/** ap_fixed<W,I> with default modes. */
export const fx = (width: number, integer: number, signed = true): FixedType => ({ width, integer, signed, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 });

const cfg: LayerConfig = { reuseFactor: 1, strategy: 'latency', tableSize: 1024, trace: true };

/** Deterministic pseudo-random values in [-1, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1;
}

function tensor(shape: number[], rnd: () => number, scale: number, zeroEvery = 0): { shape: number[]; data: Float64Array } {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = zeroEvery && i % zeroEvery === 0 ? 0 : rnd() * scale;
  return { shape, data };
}

function node(name: string, op: Op, inputs: string[], shape: number[], layerClass: string, types: NodeTypes): Node {
  return { name, op, inputs, shape, layerClass, types, config: cfg, source: { file: 'tiny.onnx', node: name, opType: layerClass } };
}

/** The fixture graph: 16 inputs, dense 16→8 (a third of the weights pruned), relu, dense 8→4, a parallel dense, add, softmax. */
export function tinyGraph(): Graph {
  const r = lcg(7);
  const t16 = fx(16, 6);
  const nodes: Node[] = [
    node('input_1', { kind: 'input' }, [], [16], 'InputLayer', { result: t16 }),
    node('fc1', { kind: 'dense', weight: tensor([16, 8], r, 3, 3), bias: tensor([8], r, 0.5) }, ['input_1'], [8], 'Dense', { result: fx(16, 6), accum: fx(16, 6), weight: fx(8, 2), bias: fx(8, 2) }),
    node('relu1', { kind: 'activation', fn: 'relu' }, ['fc1'], [8], 'Activation', { result: fx(6, 2) }),
    node('fc2', { kind: 'dense', weight: tensor([8, 4], r, 0.8), bias: tensor([4], r, 0.2) }, ['relu1'], [4], 'Dense', { result: fx(16, 6), accum: fx(16, 6), weight: fx(16, 6), bias: fx(16, 6) }),
    node('fc_skip', { kind: 'dense', weight: tensor([16, 4], r, 0.001), bias: null }, ['input_1'], [4], 'Dense', { result: fx(12, 4), accum: fx(16, 6), weight: fx(10, 0) }),
    node('add', { kind: 'merge', mode: 'add' }, ['fc2', 'fc_skip'], [4], 'Add', { result: fx(16, 6) }),
    node('softmax', { kind: 'softmax', axis: -1 }, ['add'], [4], 'Softmax', { result: fx(16, 6), accum: fx(16, 6), expTable: fx(18, 8), invTable: fx(18, 8) }),
  ];
  return { name: 'tiny', nodes, inputs: ['input_1'], outputs: ['softmax'], sourceFile: 'tiny.onnx' };
}

/** Float and "fixed" traces (float values truncated to 8 fraction bits, relu1 wrapped by its fixed<6,2> type). */
export function tinyInput(samples = 200): ReportInput {
  const graph = tinyGraph();
  const r = lcg(11);
  const float = new Map<string, Float64Array>();
  const fixed = new Map<string, Float64Array>();
  for (const n of graph.nodes) {
    const size = n.shape.reduce((a, b) => a * b, 1);
    const f = new Float64Array(samples * size).map(() => r() * (n.name === 'relu1' ? 3 : 2));
    if (n.name === 'relu1') f.forEach((v, i) => (f[i] = Math.max(0, v)));
    float.set(n.name, f);
    fixed.set(n.name, f.map((v) => (n.name === 'relu1' && v >= 2 ? v - 4 : Math.floor(v * 256) / 256)));
  }
  const overflow: NodeOverflowInput[] = graph.nodes.map((n) => {
    const total = samples * n.shape.reduce((a, b) => a * b, 1);
    const wrapped = n.name === 'relu1' ? float.get('relu1')!.filter((v) => v >= 2).length : 0;
    return { node: n.name, points: [{ point: 'result', type: n.name === 'relu1' ? 'fixed<6,2>' : 'fixed<16,6>', total, counts: { outOfRange: wrapped, wrapped, saturated: 0, zeroed: 0, nonFinite: 0 } }] };
  });
  return {
    graph, float, fixed, samples, overflow,
    accuracy: { samples, floatAccuracy: 0.9, fixedAccuracy: 0.7, topClassAgreement: 0.75, source: 'fixture' },
    backends: [
      { kind: 'agreement', tool: 'C simulation (g++)', samples, mismatches: 0 },
      { kind: 'resources', tool: 'Yosys synth_xilinx', resources: { LUT: 1234, FF: 456, DSP: 3 } },
      { kind: 'skipped', tool: 'Verilator', reason: 'verilator is not installed' },
    ],
  };
}

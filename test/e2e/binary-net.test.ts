// Binary networks (BinaryDense + BatchNormalization + binary_tanh) as hls4ml's Vivado/Vitis flow computes them:
// each BN + binary_tanh is one threshold layer bnbt_<bn> giving the bit x >= t (t = floor(f32(−b/s)·2^F)/2^F),
// and a BinaryDense reading bits counts matches (a == w) in int<⌈log2 n⌉+2>. The emulated bits are checked
// against a direct re-computation from the float model, and the generated C++ against the emulator.
import { describe, expect, it } from 'vitest';
import { configFromModel, quantizeGraph } from '../../src/api/configure.js';
import { convert } from '../../src/api/model.js';
import { predictCsim } from '../../src/api/hls.js';
import { loadModel } from '../../src/api/load.js';
import { runFixed } from '../../src/emulator/index.js';
import { kerasToGraph, mapSource, parseModelJson, type NamedWeight } from '../../src/frontends/keras/index.js';
import { fracBits } from '../../src/fixed/index.js';
import type { Graph, Node } from '../../src/ir/graph.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

function binaryModel(): Graph {
  const dense = (name: string, units: number, extra: Record<string, unknown> = {}) => ({ class_name: 'BinaryDense', config: { name, units, use_bias: false, activation: 'linear', H: 1, ...extra } });
  const bn = (name: string) => ({ class_name: 'BatchNormalization', config: { name, epsilon: 1e-6, axis: -1 } });
  const act = (name: string) => ({ class_name: 'Activation', config: { name, activation: 'binary_tanh' } });
  const layers = [dense('fc1', 12, { batch_input_shape: [null, 8] }), bn('bn1'), act('act1'), dense('fc2', 10), bn('bn2'), act('act2'), dense('out', 3), bn('bn3')];
  let s = 3;
  const r = (shape: number[], lo: number, hi: number): NamedWeight['tensor'] => ({
    shape,
    data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return Math.fround(lo + (s / 2 ** 32) * (hi - lo));
    }),
  });
  const bnW = (c: number): NamedWeight[] => [
    { name: 'gamma', tensor: r([c], -1.5, 1.5) },
    { name: 'beta', tensor: r([c], -1, 1) },
    { name: 'moving_mean', tensor: r([c], -2, 2) },
    { name: 'moving_variance', tensor: r([c], 0.5, 3) },
  ];
  const weights = mapSource('t', new Map<string, NamedWeight[]>([
    ['fc1', [{ name: 'kernel', tensor: r([8, 12], -1, 1) }]],
    ['bn1', bnW(12)],
    ['fc2', [{ name: 'kernel', tensor: r([12, 10], -1, 1) }]],
    ['bn2', bnW(10)],
    ['out', [{ name: 'kernel', tensor: r([10, 3], -1, 1) }]],
    ['bn3', bnW(3)],
  ]));
  return kerasToGraph(parseModelJson(JSON.stringify({ class_name: 'Sequential', config: layers }), 'bin.json'), { file: 'bin.json', weights, keras3: false });
}

function inputs(n: number, size: number): Float64Array {
  let s = 11;
  return Float64Array.from({ length: n * size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return -3 + (s / 2 ** 32) * 6;
  });
}

/** Re-derive every bnbt bit and every match count from the float model and the emulated values before them. */
function checkAgainstDefinition(float: Graph, q: Graph, x: Float64Array, batch: number): number {
  const run = runFixed(q, [x], batch, { trace: true, keepRaw: true });
  const byName = (g: Graph, name: string): Node => g.nodes.find((n) => n.name === name)!;
  let bits = 0;
  for (const node of q.nodes) {
    if (!node.name.startsWith('bnbt_')) continue;
    const bnName = node.name.slice(5);
    const bn = byName(float, bnName).op;
    if (bn.kind !== 'batchnorm') throw new Error('not a batchnorm');
    const producer = byName(q, byName(q, bnName).inputs[0]!);
    const F = fracBits(producer.types!.result);
    const isCount = ['BinaryDense', 'TernaryDense'].includes(producer.source.opType) && producer.inputs[0]!.startsWith('bnbt_');
    const xv = run.trace.get(producer.name) ?? run.raw.get(producer.name)!.raw;
    const got = run.trace.get(node.name)!;
    const c = bn.scale.data.length;
    const f = Math.fround;
    const fl = (v: number): number => (isCount ? Math.floor(v) : Math.floor(v * 2 ** F) / 2 ** F);
    for (let i = 0; i < got.length; i++) {
      const [s, b] = [bn.scale.data[i % c]!, bn.bias.data[i % c]!];
      const thr = f(-b / s);
      if (node.op.kind === 'merge') {
        const [hi, lo] = [fl(f(f(0.5 / s) + thr)), fl(f(f(-0.5 / s) + thr))];
        expect(got[i], `${node.name}[${i}]`).toBe(xv[i]! > hi ? 1 : xv[i]! <= lo ? -1 : 0);
      } else expect(got[i], `${node.name}[${i}]`).toBe(xv[i]! >= fl(thr) ? 1 : 0);
      bits++;
    }
    for (const reader of q.nodes.filter((n) => n.inputs.includes(node.name) && ['BinaryDense', 'TernaryDense'].includes(n.source.opType))) {
      const w = byName(float, reader.name).op;
      if (w.kind !== 'dense') throw new Error('not a dense');
      const [nIn, nOut] = w.weight.shape as [number, number];
      const y = run.trace.get(reader.name)!;
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < nOut; j++) {
          let count = 0;
          for (let k = 0; k < nIn; k++) {
            const a = got[b * nIn + k]!;
            const wk = w.weight.data[k * nOut + j]!;
            // ternary values multiply; bits count matches (a == w)
            if (node.op.kind === 'merge') count += a * wk;
            else if (a === (wk > 0 ? 1 : 0)) count++;
          }
          expect(y[b * nOut + j], `${reader.name}[${b},${j}]`).toBe(count);
        }
      }
    }
  }
  return bits;
}

describe('binary networks: hls4ml threshold bits and match counts', () => {
  const g = binaryModel();
  for (const gran of ['model', 'name'] as const) {
    it(`${gran} granularity`, () => {
      const q = quantizeGraph(g, configFromModel(g, { granularity: gran })).graph;
      expect(q.nodes.map((n) => n.name)).toEqual(['input1', 'fc1', 'bn1', 'bnbt_bn1', 'fc2', 'bn2', 'bnbt_bn2', 'out', 'bn3']);
      expect(q.nodes.find((n) => n.name === 'fc2')!.types!.result).toMatchObject({ width: 6, integer: 6, signed: true });
      expect(checkAgainstDefinition(g, q, inputs(40, 8), 40)).toBe(40 * 22);
    });
  }
  it('the generated C++ equals the emulator', async () => {
    const m = await convert(g, configFromModel(g, { granularity: 'model' }));
    const x = inputs(25, 8);
    const csim = await predictCsim(m, x);
    expect(Array.from(csim[0]!)).toEqual(Array.from(m.predict(x)));
  }, 120_000);
});

describeShared('shared binary model', () => {
  it('KERAS_3layer_binary_smaller: bits and counts follow the definition (model and name granularity)', async () => {
    const dir = sharedPath('models/keras');
    const g = await loadModel(`${dir}/KERAS_3layer_binary_smaller.json`, { weights: `${dir}/KERAS_3layer_binary_smaller_weights.h5` });
    for (const gran of ['model', 'name'] as const) {
      const q = quantizeGraph(g, configFromModel(g, { granularity: gran })).graph;
      expect(checkAgainstDefinition(g, q, inputs(50, 16), 50)).toBe(50 * (64 + 32 + 32));
    }
  });
  it('KERAS_3layer_ternary_small: ternary thresholds and integer sums follow the definition', async () => {
    const dir = sharedPath('models/keras');
    const g = await loadModel(`${dir}/KERAS_3layer_ternary_small.json`, { weights: `${dir}/KERAS_3layer_ternary_small_weights.h5` });
    for (const gran of ['model', 'name'] as const) {
      const q = quantizeGraph(g, configFromModel(g, { granularity: gran })).graph;
      expect(checkAgainstDefinition(g, q, inputs(50, 16), 50)).toBeGreaterThan(0);
    }
  });
});

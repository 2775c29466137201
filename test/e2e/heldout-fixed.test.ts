// Fixed-point runs of held-out-like models through the whole convert path (config → passes → emulator), with
// `model` and `name` granularity and every softmax implementation, checked against invariants that hold without
// hls4ml: an independent re-computation of each dense/conv/batchnorm/pool/relu layer, convergence to the float
// run with very wide types, and zero overflow with --safe-types.
import { beforeAll, describe, expect, it } from 'vitest';
import { configFromModel, quantizeGraph } from '../../src/api/configure.js';
import { convert } from '../../src/api/model.js';
import { runFixed } from '../../src/emulator/index.js';
import { runFloat } from '../../src/emulator/float.js';
import { sizeOf, type Graph, type Node } from '../../src/ir/graph.js';
import type { ConvOp, DenseOp, PoolOp } from '../../src/ir/ops.js';
import { allModels } from './models.js';
import { refBatchNorm, refConv, refDense, refPool, refRelu, type RawValues } from './reference.js';

let models: Record<string, Graph>;
beforeAll(async () => {
  models = await allModels();
}, 60_000);

/** Deterministic inputs in [lo, hi). */
function inputsFor(g: Graph, batch: number, seed: number, lo = -2, hi = 2): Float64Array {
  const n = batch * sizeOf(g.nodes.find((x) => x.name === g.inputs[0])!.shape);
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (s / 2 ** 32) * (hi - lo);
  });
}

/** Recompute one node from its input's raw values; null when the reference does not cover it. */
function reference(node: Node, x: RawValues, batch: number): Float64Array | null {
  switch (node.op.kind) {
    case 'dense':
      return refDense(node as Node<DenseOp>, x, batch);
    case 'conv':
      return refConv(node as Node<ConvOp>, x, batch);
    case 'batchnorm':
      return refBatchNorm(node, x);
    case 'pool':
      return refPool(node as Node<PoolOp>, x, batch);
    case 'activation':
      return node.op.fn === 'relu' ? refRelu(node, x) : null;
    default:
      return null;
  }
}

/** Every covered layer of the quantized graph equals the reference, bit for bit; returns the kinds checked. */
function checkLayers(q: Graph, x: Float64Array, batch: number): string[] {
  const run = runFixed(q, [x], batch, { keepRaw: true });
  const checked: string[] = [];
  for (const node of q.nodes) {
    if (node.inputs.length !== 1) continue;
    const ref = reference(node, run.raw.get(node.inputs[0]!)!, batch);
    if (ref === null) continue;
    const got = run.raw.get(node.name)!.raw;
    const bad = ref.findIndex((v, i) => v !== got[i]);
    expect(bad, `${node.name} (${node.op.kind}) differs at ${bad}: ref ${ref[bad]} vs emulator ${got[bad]}`).toBe(-1);
    checked.push(node.op.kind);
  }
  return checked;
}

const GRANULARITIES = ['model', 'name'] as const;

describe('held-out-like models in fixed point: layer-by-layer re-computation', () => {
  const names = ['onnxCnn', 'onnxMnist', 'onnxSepNoPad', 'onnxSepPad', 'onnxConv1d', 'kerasCnn2dBn', 'kerasCnn2d', 'kerasCnn1dBn', 'kerasSeparable', 'kerasMlp', 'qkerasCnn'];
  for (const name of names) {
    for (const gran of GRANULARITIES) {
      it(`${name}, ${gran} granularity`, () => {
        const g = models[name]!;
        const q = quantizeGraph(g, configFromModel(g, { granularity: gran })).graph;
        const kinds = checkLayers(q, inputsFor(g, 3, 7), 3);
        expect(kinds).toContain(name === 'kerasMlp' ? 'dense' : 'conv');
        if (gran === 'name') expect(q.nodes.some((n) => n.op.kind === 'batchnorm' && g.nodes.find((m) => m.name === n.inputs[0])?.op.kind === 'conv')).toBe(false);
      });
    }
  }
  it('name granularity folds BatchNorm into the conv/dense before it; model granularity keeps it', () => {
    for (const name of ['onnxCnn', 'kerasCnn2dBn', 'kerasCnn1dBn']) {
      const g = models[name]!;
      const byName = quantizeGraph(g, configFromModel(g, { granularity: 'name' })).graph;
      const byModel = quantizeGraph(g, configFromModel(g, { granularity: 'model' })).graph;
      expect(byName.nodes.filter((n) => n.op.kind === 'batchnorm').length, name).toBe(0);
      expect(byModel.nodes.filter((n) => n.op.kind === 'batchnorm').length, name).toBeGreaterThan(0);
    }
  });
});

describe('softmax implementations on held-out-like models', () => {
  for (const impl of ['stable', 'latency', 'legacy', 'argmax'] as const) {
    it(`${impl}: runs through convert, rows are finite and the top class follows the float run on clear margins`, async () => {
      for (const name of ['kerasCnn2d', 'kerasMlp', 'onnxConv1d', 'onnxMnist']) {
        const g = models[name]!;
        // model granularity: at name granularity the softmax input is the dense's wide inferred type, whose top
        // bits (hls4ml's table index) barely move — faithful to hls4ml, but no test of the implementations
        const cfg = { ...configFromModel(g, { granularity: 'model' }), LayerType: { Softmax: { Implementation: impl } } };
        const m = await convert(g, cfg);
        const x = inputsFor(g, 16, 3, -1, 1);
        const y = m.predict(x);
        const f = m.predictFloat(x)[0]!;
        const k = y.length / 16;
        for (let r = 0; r < 16; r++) {
          const fr = Array.from(f.subarray(r * k, (r + 1) * k));
          const yr = Array.from(y.subarray(r * k, (r + 1) * k));
          expect(yr.every(Number.isFinite)).toBe(true);
          const sorted = [...fr].sort((a, b) => b - a);
          if (impl === 'argmax') expect(yr.filter((v) => v !== 0).length, `${name} row ${r}`).toBe(1);
          if (sorted[0]! - sorted[1]! > 0.15 && impl !== 'latency') expect(yr.indexOf(Math.max(...yr)), `${name} ${impl} row ${r}`).toBe(fr.indexOf(sorted[0]!));
        }
      }
    });
  }
});

describe('wide types approach the float run', () => {
  for (const name of ['onnxCnn', 'onnxSepPad', 'kerasCnn2dBn', 'kerasCnn1dBn', 'kerasSeparable']) {
    it(`${name} with fixed<48,24> everywhere is within 2^-14 of float64 before the softmax`, () => {
      const g = models[name]!;
      const q = quantizeGraph(g, { Model: { Precision: { default: 'fixed<48,24>' }, ReuseFactor: 1, Strategy: 'Latency' } }).graph;
      const x = inputsFor(g, 4, 9);
      const fixed = runFixed(q, [x], 4, { trace: true }).trace;
      const float = runFloat(g, [x], 4).values;
      let compared = 0;
      for (const node of q.nodes) {
        if (!['dense', 'conv', 'pool', 'batchnorm'].includes(node.op.kind)) continue;
        const fv = float.get(node.name);
        if (fv === undefined) continue;
        const yv = fixed.get(node.name)!;
        let worst = 0;
        for (let i = 0; i < fv.length; i++) worst = Math.max(worst, Math.abs(fv[i]! - yv[i]!));
        // 24 fraction bits: input, weight and every product truncate by < 2^-24; a few hundred terms per layer stay far below 2^-14
        expect(worst, node.name).toBeLessThan(2 ** -14);
        compared++;
      }
      expect(compared).toBeGreaterThan(1);
    });
  }
});

describe('--safe-types: no overflow on inputs within the input type', () => {
  for (const name of ['onnxCnn', 'onnxSepPad', 'onnxConv1d', 'kerasCnn2dBn', 'kerasCnn1dBn', 'kerasSeparable', 'kerasMlp', 'qkerasCnn']) {
    for (const gran of GRANULARITIES) {
      it(`${name}, ${gran}`, async () => {
        const g = models[name]!;
        const m = await convert(g, configFromModel(g, { granularity: gran }), { safeTypes: true });
        // the whole input range of fixed<16,6>, extremes included
        const x = inputsFor(g, 8, 5, -32, 31.999);
        x[0] = -32;
        x[1] = 31.999;
        m.predict(x);
        const bad = m.stats().flatMap((s) => s.points.filter((p) => p.counts.wrapped + p.counts.saturated + p.counts.outOfRange > 0 && p.point !== 'table_index' && p.point !== 'inv_index').map((p) => `${s.node}.${p.point}:${p.type}`));
        expect(bad).toEqual([]);
      });
    }
  }
});

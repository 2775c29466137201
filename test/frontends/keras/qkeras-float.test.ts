// QKeras models: weights are quantized with QKeras's formulas onto the grid of the declared type, and the float run
// of the imported graph (plain activations, quantized weights) equals TF.js given the same quantized weights.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadKeras } from '../../../src/frontends/keras/index.js';
import { isObj, type Json } from '../../../src/frontends/keras/model-json.js';
import type { Graph } from '../../../src/ir/graph.js';
import type { Tensor, WeightQuant } from '../../../src/ir/ops.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';
import { expectSameAsTf, tfModel } from './tf-reference.js';

const K = (f: string) => sharedPath('models', 'keras', f);

/** The Keras config with Q-layers replaced by their float counterparts (as the IR's float meaning). */
function plainConfig(root: Json, g: Graph): Json {
  const nodes = new Map(g.nodes.map((n) => [n.name, n]));
  const fix = (l: Json): Json => {
    const c = { ...(l.config as Json) };
    if (l.class_name === 'QDense') {
      for (const k of ['kernel_quantizer', 'bias_quantizer', 'kernel_range', 'bias_range', 'kernel_constraint', 'bias_constraint', 'kernel_regularizer']) delete c[k];
      c.kernel_initializer = { class_name: 'Zeros', config: {} };
      return { ...l, class_name: 'Dense', config: c };
    }
    if (l.class_name === 'QActivation') {
      const op = nodes.get(String(c.name))!.op;
      return { ...l, class_name: 'Activation', config: { name: c.name, activation: op.kind === 'activation' ? op.fn : 'linear' } };
    }
    return l;
  };
  const cfg = root.config as Json;
  return { ...root, config: { ...cfg, layers: (cfg.layers as Json[]).map(fix) } };
}

/** Every value of a fixed-declared weight lies on the type's grid and in its range. */
function expectOnGrid(t: Tensor, q: WeightQuant): void {
  if (q.kind !== 'fixed') return;
  const f = q.type.width - q.type.integer;
  const lo = q.type.signed ? -(2 ** (q.type.width - 1)) : 0;
  const hi = q.type.signed ? 2 ** (q.type.width - 1) - 1 : 2 ** q.type.width - 1;
  for (const v of t.data) {
    const raw = v * 2 ** f;
    expect(Number.isInteger(raw) && raw >= lo && raw <= hi).toBe(true);
  }
}

function denseWeights(g: Graph): (layer: string) => Tensor[] | undefined {
  return (layer) => {
    const n = g.nodes.find((x) => x.name === layer);
    if (n?.op.kind !== 'dense') return undefined;
    return n.op.bias ? [n.op.weight, n.op.bias] : [n.op.weight];
  };
}

describeShared('QKeras float runs with quantized weights match TF.js', () => {
  for (const m of ['qkeras_3layer', 'qkeras_mnist_dense']) {
    it(m, async () => {
      const g = await loadKeras(K(`${m}.json`), { weights: K(`${m}_weights.h5`) });
      for (const n of g.nodes) {
        if (n.op.kind === 'dense' && n.declared?.weight) expectOnGrid(n.op.weight, n.declared.weight);
        if (n.op.kind === 'dense' && n.declared?.bias && n.op.bias) expectOnGrid(n.op.bias, n.declared.bias);
      }
      const root = JSON.parse(readFileSync(K(`${m}.json`), 'utf8')) as Json;
      expect(isObj(root)).toBe(true);
      const model = await tfModel(plainConfig(root, g), denseWeights(g));
      expectSameAsTf(g, model, 200, 13, m === 'qkeras_mnist_dense' ? 0.5 : 1);
    });
  }
});

// Held-out-style Keras models through the file path users take: TF.js-built models written as a Keras .json
// architecture plus an .h5 weights file (h5wasm), loaded with loadModel, float run compared with TF.js itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import h5wasm from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/api/load.js';
import { expectSameAsTf } from '../frontends/keras/tf-reference.js';
import { kerasCnn1d, kerasCnn2d, kerasMlp, kerasSeparable } from './models.js';

let dir = '';
beforeAll(async () => {
  await h5wasm.ready;
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'nnfab-heldout-keras-'));
});

/** Write model.json (Keras 2 architecture) and weights.h5 (/<layer>/<layer>/<weight>:0, weight_names order). */
function save(model: tf.LayersModel, name: string): { json: string; h5: string } {
  const json = join(dir, `${name}.json`);
  writeFileSync(json, JSON.stringify(model.toJSON(null, false)));
  const h5 = join(dir, `${name}_weights.h5`);
  const f = new h5wasm.File(h5, 'w');
  f.create_attribute('layer_names', model.layers.map((l) => l.name));
  for (const layer of model.layers) {
    const g = f.create_group(layer.name);
    const values = layer.getWeights();
    const names = layer.weights.map((w) => `${layer.name}/${w.originalName.split('/').pop()}:0`);
    if (names.length > 0) g.create_attribute('weight_names', names);
    const inner = g.create_group(layer.name);
    layer.weights.forEach((w, i) => {
      inner.create_dataset({ name: `${w.originalName.split('/').pop()}:0`, data: Float32Array.from(values[i]!.dataSync()), shape: [...w.shape] as number[], dtype: '<f' });
    });
  }
  f.close();
  return { json, h5 };
}

describe('held-out-style Keras models from .json + .h5 match TF.js', () => {
  const cases: [string, () => tf.LayersModel][] = [
    ['2-D CNN with BatchNormalization', () => kerasCnn2d(true)],
    ['2-D CNN without BatchNormalization', () => kerasCnn2d(false)],
    ['1-D CNN with BatchNormalization', () => kerasCnn1d(true)],
    ['1-D CNN without BatchNormalization', () => kerasCnn1d(false)],
    ['SeparableConv2D + BatchNormalization', () => kerasSeparable()],
    ['MLP 32-64-128-64-32-10 with BatchNormalization', () => kerasMlp()],
  ];
  for (const [title, build] of cases) {
    it(title, async () => {
      const model = build();
      const { json, h5 } = save(model, title.replace(/[^a-z0-9]+/gi, '_'));
      const g = await loadModel(json, { weights: h5 });
      expect(expectSameAsTf(g, model, 6, 3)).toBeLessThanOrEqual(1e-5);
    });
  }
});

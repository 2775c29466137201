// Bad Keras input gives coded errors naming the layer and the key; fixtures (JSON and HDF5) are written here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { NnfabError } from '../../../src/diagnostics/errors.js';
import { loadModel } from '../../../src/api/load.js';

let dir = '';
beforeAll(async () => {
  await h5wasm.ready;
  dir = mkdtempSync(join(tmpdir(), 'nnfab-keras-bad-'));
});

type Layer = { class_name: string; config: Record<string, unknown> };

/** A Keras 2 Sequential JSON file. */
function modelJson(name: string, layers: Layer[]): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ class_name: 'Sequential', config: { name, layers }, keras_version: '2.4.0', backend: 'tensorflow' }));
  return path;
}

/** A Keras 2 weights .h5: /<layer>/<layer>/<weight>:0 with layer_names / weight_names attributes. */
function weightsH5(name: string, layers: Record<string, Record<string, { shape: number[] }>>, modelConfig?: string): string {
  const path = join(dir, `${name}.h5`);
  const f = new h5wasm.File(path, 'w');
  const root = modelConfig === undefined ? f : f.create_group('model_weights');
  if (modelConfig !== undefined) f.create_attribute('model_config', modelConfig);
  root.create_attribute('layer_names', Object.keys(layers));
  for (const [layer, ws] of Object.entries(layers)) {
    const g = root.create_group(layer);
    const names = Object.keys(ws).map((w) => `${layer}/${w}:0`);
    if (names.length > 0) g.create_attribute('weight_names', names);
    const inner = g.create_group(layer);
    for (const [w, { shape }] of Object.entries(ws)) {
      const n = shape.reduce((a, b) => a * b, 1);
      inner.create_dataset({ name: `${w}:0`, data: Float32Array.from({ length: n }, (_, i) => (i % 7) / 10 - 0.3), shape, dtype: '<f' });
    }
  }
  f.close();
  return path;
}

const dense = (name: string, units: number, extra: Record<string, unknown> = {}): Layer => ({ class_name: 'Dense', config: { name, units, activation: 'relu', use_bias: true, ...extra } });
const input = (n: number): Layer => ({ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, n] } });

async function errorOf(p: Promise<unknown>): Promise<NnfabError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(NnfabError);
  return e as NnfabError;
}

describe('bad Keras input', () => {
  it('a good fixture loads (the fixture writer itself is right)', async () => {
    const j = modelJson('good', [input(4), dense('fc', 3)]);
    const w = weightsH5('good', { in: {}, fc: { kernel: { shape: [4, 3] }, bias: { shape: [3] } } });
    const g = await loadModel(j, { weights: w });
    expect(g.nodes.map((n) => n.name)).toEqual(['in', 'fc', 'fc_relu']);
  });

  it('unsupported layers: one E302 listing every (name, class) and the supported set', async () => {
    const j = modelJson('unsup', [input(4), { class_name: 'LSTM', config: { name: 'rnn', units: 3 } }, dense('fc', 3), { class_name: 'Conv3D', config: { name: 'c3' } }]);
    const e = await errorOf(loadModel(j, { weights: weightsH5('unsup', {}) }));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.code).toBe('E302');
    expect(e.message).toContain('rnn (LSTM), c3 (Conv3D)');
    expect(e.diagnostics[0]!.hint).toContain('SeparableConv2D');
  });

  it('a missing weight is E303 naming the layer and the key', async () => {
    const j = modelJson('missing', [input(4), dense('fc', 3)]);
    const w = weightsH5('missing', { fc: { kernel: { shape: [4, 3] } } });
    const e = await errorOf(loadModel(j, { weights: w }));
    expect(e.code).toBe('E303');
    expect(e.diagnostics[0]!.location).toMatchObject({ node: 'fc', opType: 'Dense', keyPath: 'bias' });
    expect(e.message).toContain('"bias" of layer "fc"');
  });

  it('a misshapen weight is E304 with both shapes', async () => {
    const j = modelJson('shape', [input(4), dense('fc', 3)]);
    const w = weightsH5('shape', { fc: { kernel: { shape: [5, 3] }, bias: { shape: [3] } } });
    const e = await errorOf(loadModel(j, { weights: w }));
    expect(e.code).toBe('E304');
    expect(e.message).toContain('[5, 3], expected [4, 3]');
    expect(e.diagnostics[0]!.location.keyPath).toBe('kernel');
  });

  it('an unknown quantizer argument is E305 naming the layer and the key', async () => {
    const q = dense('qfc', 3, { kernel_quantizer: { class_name: 'quantized_bits', config: { bits: 4, integer: 0, wobble: 2 } }, bias_quantizer: null });
    const j = modelJson('quant', [input(4), { ...q, class_name: 'QDense' }]);
    const w = weightsH5('quant', { qfc: { kernel: { shape: [4, 3] }, bias: { shape: [3] } } });
    const e = await errorOf(loadModel(j, { weights: w }));
    expect(e.code).toBe('E305');
    expect(e.message).toContain('wobble=2');
    expect(e.diagnostics[0]!.location).toMatchObject({ node: 'qfc', keyPath: 'kernel_quantizer' });
  });

  it('JSON that is not a Keras model, or not JSON, is E301', async () => {
    const p1 = join(dir, 'notmodel.json');
    writeFileSync(p1, JSON.stringify({ hello: 'world' }));
    expect((await errorOf(loadModel(p1, { weights: weightsH5('x', {}) }))).code).toBe('E301');
    const p2 = join(dir, 'broken.json');
    writeFileSync(p2, '{"class_name": "Sequential", ');
    expect((await errorOf(loadModel(p2))).code).toBe('E301');
  });

  it('a Keras JSON with weighted layers and no --weights is E312; a weights-only .h5 is E301', async () => {
    const j = modelJson('noweights', [input(4), dense('fc', 3)]);
    expect((await errorOf(loadModel(j))).code).toBe('E312');
    const w = weightsH5('weightsonly', { fc: { kernel: { shape: [4, 3] }, bias: { shape: [3] } } });
    const e = await errorOf(loadModel(w));
    expect(e.code).toBe('E301');
    expect(e.diagnostics[0]!.location.keyPath).toBe('model_config');
  });

  it('a full-model .h5 with model_config loads', async () => {
    const cfg = JSON.stringify({ class_name: 'Sequential', config: { name: 'full', layers: [input(4), dense('fc', 3)] } });
    const w = weightsH5('full', { in: {}, fc: { kernel: { shape: [4, 3] }, bias: { shape: [3] } } }, cfg);
    const g = await loadModel(w);
    expect(g.nodes.map((n) => `${n.name}:${n.layerClass}`)).toEqual(['in:InputLayer', 'fc:Dense', 'fc_relu:Activation']);
  });

  it('unsupported options are E307 naming the key and the supported values', async () => {
    const conv = { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: [3, 3], data_format: 'channels_first', activation: 'linear' } };
    const j = modelJson('chfirst', [{ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 8, 8, 1] } }, conv]);
    const e = await errorOf(loadModel(j, { weights: weightsH5('chfirst', { c: { kernel: { shape: [3, 3, 1, 2] }, bias: { shape: [2] } } }) }));
    expect(e.code).toBe('E307');
    expect(e.message).toContain('data_format="channels_first"');
    const act = modelJson('badact', [input(4), { class_name: 'Activation', config: { name: 'a', activation: 'swish_plus' } }]);
    expect((await errorOf(loadModel(act))).code).toBe('E307');
  });

  it('an open input dimension needs --input-shape (E311), which then works', async () => {
    const j = modelJson('open', [{ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, null] } }, { class_name: 'Activation', config: { name: 'a', activation: 'relu' } }]);
    expect((await errorOf(loadModel(j))).code).toBe('E311');
    const g = await loadModel(j, { inputShape: [5] });
    expect(g.nodes[1]!.shape).toEqual([5]);
  });

  it('a TF.js model.json whose weight shard is missing is E313', async () => {
    const p = join(dir, 'tfjs-model.json');
    writeFileSync(p, JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { name: 't', layers: [dense('fc', 3, { batch_input_shape: [null, 4] })] } }, weightsManifest: [{ paths: ['nope.bin'], weights: [] }] }));
    expect((await errorOf(loadModel(p))).code).toBe('E313');
  });
});

// TF.js weight shards: several shard files and uint8 affine-quantized weights decode as TF.js decodes them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadTfjs } from '../../../src/frontends/tfjs/index.js';
import { expectSameAsTf } from '../keras/tf-reference.js';

describe('TF.js shards', () => {
  it('reads a model split over two shards with a uint8-quantized kernel', async () => {
    await tf.setBackend('cpu');
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-tfjs-'));
    const topology = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 3, activation: 'tanh', use_bias: true, batch_input_shape: [null, 4] } }] } };
    const kernelQ = Uint8Array.from({ length: 12 }, (_, i) => (i * 37) % 256);
    const bias = Float32Array.of(0.5, -0.25, 0.125);
    const bytes = new Uint8Array(12 + 12);
    bytes.set(kernelQ, 0);
    bytes.set(new Uint8Array(bias.buffer), 12);
    writeFileSync(join(dir, 'g1.bin'), bytes.subarray(0, 10));
    writeFileSync(join(dir, 'g2.bin'), bytes.subarray(10));
    const weights = [
      { name: 'd/kernel', shape: [4, 3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.01, min: -1.2 } },
      { name: 'd/bias', shape: [3], dtype: 'float32' },
    ];
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: topology, format: 'layers-model', weightsManifest: [{ paths: ['g1.bin', 'g2.bin'], weights }] }));
    const g = await loadTfjs(join(dir, 'model.json'));
    const d = g.nodes.find((n) => n.name === 'd')!;
    if (d.op.kind !== 'dense') throw new Error('dense');
    expect(d.op.weight.data[1]).toBe(Math.fround(37 * 0.01 - 1.2));
    expect(Array.from(d.op.bias!.data)).toEqual([0.5, -0.25, 0.125]);
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: weights as tf.io.WeightsManifestEntry[], weightData: bytes.buffer.slice(0) }));
    expectSameAsTf(g, model, 20, 4);
  });
});

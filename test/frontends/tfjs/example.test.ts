// The bundled example (examples/mnist-dense, a TF.js layers model trained by scripts/train-example.js) imports
// through loadModel, keeps hls4ml's graph shape, and its float run equals TF.js loading the same files.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/api/load.js';
import { runFloat } from '../../../src/emulator/float.js';
import { expectSameAsTf } from '../keras/tf-reference.js';

const DIR = resolve(__dirname, '../../../examples/mnist-dense');

/** Minimal .npy reader for the example's float32 / int64 arrays. */
function readNpy(path: string): { shape: number[]; data: Float64Array } {
  const b = readFileSync(path);
  const hlen = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + hlen).toString('latin1');
  const shape = /\(([^)]*)\)/.exec(header)![1]!.split(',').filter((s) => s.trim() !== '').map(Number);
  const body = b.subarray(10 + hlen);
  const ab = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  const data = header.includes('<f4') ? Float64Array.from(new Float32Array(ab)) : Float64Array.from(new BigInt64Array(ab), Number);
  return { shape, data };
}

async function tfFromFiles(): Promise<tf.LayersModel> {
  await tf.setBackend('cpu');
  const json = JSON.parse(readFileSync(resolve(DIR, 'model.json'), 'utf8'));
  const bin = readFileSync(resolve(DIR, 'weights.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
}

describe('bundled TF.js example', () => {
  it('imports with the Dense + <name>_<activation> shape', async () => {
    const g = await loadModel(resolve(DIR, 'model.json'));
    expect(g.nodes.map((n) => `${n.name}:${n.layerClass}:${n.shape.join('x')}`)).toEqual([
      'input1:InputLayer:64', 'fc1:Dense:32', 'fc1_relu:Activation:32', 'fc2:Dense:16', 'fc2_relu:Activation:16',
      'output:Dense:10', 'output_softmax:Softmax:10',
    ]);
  });

  it('float run equals TF.js on random inputs and on the committed test digits', async () => {
    const g = await loadModel(resolve(DIR, 'model.json'));
    const model = await tfFromFiles();
    expectSameAsTf(g, model, 100, 3, 0.5);
    const x = readNpy(resolve(DIR, 'test-inputs.npy'));
    const labels = readNpy(resolve(DIR, 'labels.npy'));
    expect(x.shape).toEqual([300, 64]);
    const out = runFloat(g, [x.data], 300).outputs[0]!;
    let correct = 0;
    for (let i = 0; i < 300; i++) {
      const row = out.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === labels.data[i]) correct++;
    }
    // scripts/train-example.js reports 93.0 % for TF.js on these 300 held-out digits.
    expect(correct / 300).toBeGreaterThan(0.9);
  });
});

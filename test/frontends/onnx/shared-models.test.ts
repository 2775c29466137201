// Every ONNX model in ../shared/models/onnx imports and matches onnxruntime-node on random inputs
// (tolerance 1e-5·max(1,|y|): nnfab runs in float64, onnxruntime in float32).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/import.js';
import { runFloat } from '../../../src/emulator/float.js';
import { sizeOf, type Graph } from '../../../src/ir/graph.js';
import { maxRelErr, runOrt } from '../../helpers/ort.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

function randomInput(g: Graph, batch: number, seed: number): { shape: readonly number[]; name: string; data: Float64Array } {
  const node = g.nodes.find((n) => n.name === g.inputs[0])!;
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2;
  const data = Float64Array.from({ length: batch * sizeOf(node.shape) }, () => Math.fround(rnd()));
  return { shape: node.shape, name: node.source.node, data };
}

const ORT_MODELS = ['conv1d_small_keras', 'conv2d_small_keras', 'dense_big_keras', 'three_layer_keras', 'three_layer_pytorch', 'two_layer_keras', 'two_layer_pytorch'];

describeShared('shared ONNX models vs onnxruntime', () => {
  for (const m of ORT_MODELS) {
    it(m, async () => {
      const bytes = readFileSync(sharedPath('models', 'onnx', `${m}.onnx`));
      const g = importOnnx(bytes, `${m}.onnx`);
      const x = randomInput(g, 64, 7);
      const ours = runFloat(g, [x.data], 64).outputs;
      const ref = await runOrt(bytes, [x], 64);
      expect(ours.length).toBe(ref.length);
      ours.forEach((o, i) => expect(maxRelErr(o, ref[i]!)).toBeLessThan(1e-5));
    });
  }
});

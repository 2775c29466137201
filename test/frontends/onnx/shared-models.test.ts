// Every ONNX model in ../shared/models/onnx imports and matches onnxruntime-node on random inputs
// (tolerance 1e-5·max(1,|y|): nnfab runs in float64, onnxruntime in float32).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/import.js';
import { runFloat } from '../../../src/emulator/float.js';
import { sizeOf, type Graph } from '../../../src/ir/graph.js';
import { maxRelErr, runOrt } from '../../helpers/ort.js';
import { qonnxToOnnx } from '../../helpers/qonnx-to-onnx.js';
import { decodeOnnx, type OnnxModel } from '../../../src/frontends/onnx/model.js';
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

describeShared('shared QONNX and BatchNormalization models', () => {
  it('branched_model_ch_last (QONNX, channels-last) equals its standard-ONNX rewrite run by onnxruntime', async () => {
    const bytes = readFileSync(sharedPath('models', 'onnx', 'branched_model_ch_last.onnx'));
    const g = importOnnx(bytes, 'branched_model_ch_last.onnx');
    expect(g.nodes.filter((n) => n.op.kind === 'quantize').length).toBeGreaterThan(10);
    expect(g.nodes.some((n) => n.op.kind === 'transpose')).toBe(false);
    const x = randomInput(g, 1, 3);
    const ours = runFloat(g, [x.data], 1, { keep: 'outputs' }).outputs[0]!;
    const ref = (await runOrt(qonnxToOnnx(bytes), [x], 1))[0]!;
    expect(maxRelErr(ours, ref)).toBeLessThan(1e-5);
  });
  it('three_layer_bn_keras (onnxruntime rejects it) equals a direct evaluation of its ONNX initializers', () => {
    const bytes = readFileSync(sharedPath('models', 'onnx', 'three_layer_bn_keras.onnx'));
    const g = importOnnx(bytes, 'three_layer_bn_keras.onnx');
    const m = decodeOnnx(bytes, 'three_layer_bn_keras.onnx');
    const x = randomInput(g, 16, 5);
    const ours = runFloat(g, [x.data], 16).outputs[0]!;
    const ref = referenceMlpBn(m, x.data, 16);
    expect(maxRelErr(ours, ref)).toBeLessThan(1e-5);
  });
});

/** Gemm → BatchNormalization → Relu … → Softmax evaluated straight from the initializers, in float64. */
function referenceMlpBn(m: OnnxModel, x: Float64Array, batch: number): Float64Array {
  const init = (name: string): Float64Array => m.initializers.get(name)!.data;
  let cur = Array.from({ length: batch }, (_, b) => Array.from(x.subarray(b * 16, (b + 1) * 16)));
  for (const n of m.nodes) {
    if (n.opType === 'Gemm') {
      const w = m.initializers.get(n.inputs[1]!)!;
      const [k, o] = w.dims as [number, number];
      const bias = init(n.inputs[2]!);
      cur = cur.map((row) => Array.from({ length: o }, (_, j) => bias[j]! + row.reduce((s, v, i) => s + v * w.data[i * o + j]!, 0)));
    } else if (n.opType === 'BatchNormalization') {
      const [sc, bi, mu, va] = n.inputs.slice(1).map(init);
      const eps = n.attrs.get('epsilon')?.kind === 'float' ? (n.attrs.get('epsilon') as { value: number }).value : 1e-5;
      cur = cur.map((row) => row.map((v, c) => ((v - mu![c]!) / Math.sqrt(va![c]! + eps)) * sc![c]! + bi![c]!));
    } else if (n.opType === 'Relu') cur = cur.map((row) => row.map((v) => Math.max(v, 0)));
    else if (n.opType === 'Softmax') {
      cur = cur.map((row) => {
        const mx = Math.max(...row);
        const e = row.map((v) => Math.exp(v - mx));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      });
    }
  }
  return Float64Array.from(cur.flat());
}

// Shared check: import an ONNX model, run nnfab's float64 run and onnxruntime on the same random batch, compare.
import { expect } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/import.js';
import { runFloat } from '../../../src/emulator/float.js';
import { sizeOf, type Graph } from '../../../src/ir/graph.js';
import { verifyShapes } from './verify.js';
import { maxRelErr, runOrt } from '../../helpers/ort.js';
import { rand } from '../../helpers/onnx-builder.js';

/** Import, run both and assert max|err| ≤ 1e-5·max(1,|y|) (float32 onnxruntime vs float64 nnfab). */
export async function expectMatchesOrt(bytes: Uint8Array, opts: { batch?: number; ortBytes?: Uint8Array; lo?: number; hi?: number } = {}): Promise<Graph> {
  const batch = opts.batch ?? 3;
  const g = importOnnx(bytes, 'model.onnx');
  verifyShapes(g);
  const ins = g.inputs.map((name, k) => {
    const node = g.nodes.find((n) => n.name === name)!;
    return { name: node.source.node, shape: node.shape, data: Float64Array.from(rand(batch * sizeOf(node.shape), 11 + k, opts.lo ?? -2, opts.hi ?? 2)) };
  });
  const ours = runFloat(g, ins.map((i) => i.data), batch).outputs;
  const ref = await runOrt(opts.ortBytes ?? bytes, ins, batch);
  expect(ours.length).toBe(ref.length);
  ours.forEach((o, i) => {
    expect(o.length).toBe(ref[i]!.length);
    expect(maxRelErr(o, ref[i]!)).toBeLessThanOrEqual(1e-5);
  });
  return g;
}

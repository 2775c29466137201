// TensorFlow.js (pure JS) as the float reference for imported Keras models: build the same architecture with
// tf.models.modelFromJSON, give it weights, and compare with nnfab's float64 run of the imported Graph.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { runFloat } from '../../../src/emulator/float.js';
import { sizeOf, type Graph } from '../../../src/ir/graph.js';
import type { Tensor } from '../../../src/ir/ops.js';

/** Deterministic N(0, sd) samples (LCG + Box–Muller), rounded to float32 like model inputs. */
export function normalInputs(n: number, seed: number, sd = 1): Float64Array {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
  return out;
}

/** A TF.js model from Keras JSON (a model config object) with weights per layer name, in Keras order. */
export async function tfModel(config: unknown, weights: (layer: string) => readonly Tensor[] | undefined): Promise<tf.LayersModel> {
  await tf.setBackend('cpu');
  const model = await tf.models.modelFromJSON(config as tf.io.ModelJSON['modelTopology'] as never);
  for (const layer of model.layers) {
    const ws = weights(layer.name);
    if (ws === undefined || ws.length === 0) continue;
    layer.setWeights(ws.map((w) => tf.tensor(Float32Array.from(w.data), [...w.shape])));
  }
  return model;
}

/**
 * nnfab's float run of `graph` against TF.js on `batch` samples: max |error| ≤ 1e-5 · max(1, |y|). The tolerance
 * covers TF.js computing in float32 where nnfab's reference runs in float64 (a few float32 ulps per layer).
 */
export function expectSameAsTf(graph: Graph, model: tf.LayersModel, batch: number, seed: number, sd = 1): number {
  const inputs = graph.inputs.map((name, k) => normalInputs(batch * sizeOf(graph.nodes.find((n) => n.name === name)!.shape), seed + k, sd));
  const ours = runFloat(graph, inputs, batch).outputs;
  const tfIn = graph.inputs.map((name, k) => tf.tensor(Float32Array.from(inputs[k]!), [batch, ...graph.nodes.find((n) => n.name === name)!.shape]));
  const pred = model.predict(tfIn.length === 1 ? tfIn[0]! : tfIn);
  const theirs = (Array.isArray(pred) ? pred : [pred]).map((t) => t.dataSync());
  let worst = 0;
  ours.forEach((o, k) => {
    const t = theirs[k]!;
    expect(o.length).toBe(t.length);
    for (let i = 0; i < o.length; i++) worst = Math.max(worst, Math.abs(o[i]! - t[i]!) / Math.max(1, Math.abs(t[i]!)));
  });
  expect(worst).toBeLessThanOrEqual(1e-5);
  return worst;
}

// Real models from ../shared through the passes, the emulator and the Verilog backend (helpers for the tests).
import { loadKeras } from '../../../src/frontends/keras/index.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { configFromModel, quantizeGraph } from '../../../src/api/configure.js';
import { loadModel } from '../../../src/api/load.js';
import { runFixed } from '../../../src/emulator/index.js';
import type { Graph } from '../../../src/ir/graph.js';
import { sizeOf } from '../../../src/ir/graph.js';
import { sharedPath } from '../../helpers/shared.js';
import { rng } from './fixtures.js';

/** A Keras model (json + weights under models/keras) quantized with hls4ml's default model-granularity config or a config file. */
export async function kerasModel(json: string, weights: string, configFile?: string): Promise<Graph> {
  const g = await loadKeras(sharedPath('models/keras', json), { weights: sharedPath('models/keras', weights) });
  if (configFile !== undefined) {
    // the shared config files name their models relative to models/, so only their HLSConfig is used here
    const obj = parse(readFileSync(sharedPath('models/config-files', configFile), 'utf8')) as Record<string, unknown>;
    return quantizeGraph(g, obj).graph;
  }
  return quantizeGraph(g, configFromModel(g)).graph;
}

/** Random float inputs (N(0, s²)-ish) and the emulator's raw input and output integers. */
export function emulatorVectors(g: Graph, count: number, scale = 1.5, seed = 5): { inputs: bigint[][]; outputs: bigint[][] } {
  const r = rng(seed);
  const inNode = g.nodes.find((n) => n.name === g.inputs[0])!;
  const n = sizeOf(inNode.shape);
  const x = Float64Array.from({ length: count * n }, () => (r() + r() + r() - 1.5) * 2 * scale);
  const run = runFixed(g, [x], count, { keepRaw: true });
  const rin = run.raw.get(g.inputs[0]!)!.raw;
  const rout = run.raw.get(g.outputs[0]!)!.raw;
  const m = rout.length / count;
  const inputs = Array.from({ length: count }, (_, b) => Array.from(rin.subarray(b * n, (b + 1) * n), (v) => BigInt(v)));
  const outputs = Array.from({ length: count }, (_, b) => Array.from(rout.subarray(b * m, (b + 1) * m), (v) => BigInt(v)));
  return { inputs, outputs };
}

/** An ONNX model under models/onnx with hls4ml's default config for ONNX (name granularity). */
export async function onnxModel(file: string): Promise<Graph> {
  const g = await loadModel(sharedPath('models/onnx', file));
  return quantizeGraph(g, configFromModel(g)).graph;
}

// The emulator against hls4ml's own C simulation (../shared/hls4ml_ref): predictions and every traced layer must be
// equal bit for bit, through the real Keras loader, configuration reader and pass pipeline.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadKeras } from '../../src/frontends/keras/index.js';
import { parseConfigText } from '../../src/frontends/config/read.js';
import { runPipeline } from '../../src/passes/pipeline.js';
import { createContext } from '../../src/passes/context.js';
import { defaultProjectConfig } from '../../src/ir/config.js';
import type { Graph } from '../../src/ir/graph.js';
import { overflowedNodes, runFixed, type FixedRun } from '../../src/emulator/index.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { readNpy, readNpz } from './ref-data.js';

async function quantized(model: string, configYaml?: string): Promise<Graph> {
  const g = await loadKeras(sharedPath('models/keras', `${model}.json`), { weights: sharedPath('models/keras', `${model}_weights.h5`) });
  const config = configYaml === undefined ? defaultProjectConfig() : parseConfigText(readFileSync(configYaml, 'utf8'), { file: configYaml }).config;
  return runPipeline(g, createContext(config)).graph;
}

/** Indices where two arrays differ (bits of float64), at most 5. */
function mismatches(a: Float64Array | undefined, b: Float64Array): number[] {
  const bad: number[] = [];
  if (a === undefined || a.length !== b.length) return [-1];
  for (let i = 0; i < b.length && bad.length < 5; i++) if (!Object.is(a[i], b[i])) bad.push(i);
  return bad;
}

function runCase(name: string, graph: Graph): { run: FixedRun; trace: Map<string, { data: Float64Array }> } {
  const dir = sharedPath('hls4ml_ref', name);
  const x = readNpy(`${dir}/input.npy`);
  const pred = readNpy(`${dir}/hls4ml_pred.npy`);
  const trace = readNpz(`${dir}/trace.npz`);
  const run = runFixed(graph, [x.data], x.shape[0]!, { trace: true });
  expect(mismatches(run.outputs[0], pred.data)).toEqual([]);
  for (const [layer, ref] of trace) expect({ layer, bad: mismatches(run.trace.get(layer), ref.data) }).toEqual({ layer, bad: [] });
  return { run, trace };
}

describeShared('emulator = hls4ml C simulation, bit for bit', () => {
  it('KERAS_3layer_A: model granularity fixed<16,6>, stable softmax (2000 rows, every traced layer)', async () => {
    runCase('KERAS_3layer_A', await quantized('KERAS_3layer'));
  });

  it('KERAS_conv1d_small_A: three Conv1D layers, dense head', async () => {
    runCase('KERAS_conv1d_small_A', await quantized('KERAS_conv1d_small'));
  });

  it('qkeras_mnist_dense_Y: shipped YAML, po2 weights, wrap in q_activation_2/3 (~11.7 %)', async () => {
    const graph = await quantized('qkeras_mnist_dense', sharedPath('models/config-files/qkeras_mnist_dense_config.yml'));
    const { run } = runCase('qkeras_mnist_dense_Y', graph);
    const labels = readNpy(sharedPath('hls4ml_ref/qkeras_mnist_dense_Y/labels.npy')).data;
    let correct = 0;
    const out = run.outputs[0]!;
    for (let r = 0; r < labels.length; r++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (out[r * 10 + k]! > out[r * 10 + best]!) best = k;
      if (best === labels[r]) correct++;
    }
    expect(correct).toBe(234);
    // the counters point at the two activations whose ap_fixed<3,1> / ap_fixed<4,2> results wrap
    const wrappedResults = run.stats.filter((s) => s.points.some((p) => p.point === 'result' && p.counts.wrapped > 0)).map((s) => s.node);
    expect(wrappedResults).toEqual(['q_activation_2', 'q_activation_3']);
    expect(overflowedNodes(run.stats)).toContain('q_activation_2');
  });
});

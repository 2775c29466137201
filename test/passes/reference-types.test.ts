// The passes reproduce, layer by layer and type by type, what hls4ml assigned in the three reference cases.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { configFromObject, parseConfigText } from '../../src/frontends/config/read.js';
import { createContext } from '../../src/passes/context.js';
import { runPipeline } from '../../src/passes/pipeline.js';
import type { Graph } from '../../src/ir/graph.js';
import type { ProjectConfig } from '../../src/ir/config.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { loadKerasJson } from '../../src/frontends/keras/index.js';
import { keras3layer, kerasConv1dSmall, qkerasMnistDense } from './fixtures.js';
import { graphTable, referenceLayers, referenceTable } from './reference.js';

function caseConfig(caseName: string): ProjectConfig {
  const doc = parse(readFileSync(sharedPath('hls4ml_ref', caseName, 'config.yml'), 'utf8')) as Record<string, unknown>;
  return configFromObject({ HLSConfig: doc['HLSConfig_from_config_from_keras_model_plus_variant'] }).config;
}

function check(caseName: string, graph: Graph, config: ProjectConfig): void {
  const { graph: q } = runPipeline(graph, createContext(config));
  expect(q.nodes.map((n) => n.name)).toEqual(referenceLayers(caseName).map((l) => l.name));
  expect(graphTable(q)).toEqual(referenceTable(caseName));
  for (const ref of referenceLayers(caseName)) {
    const n = q.nodes.find((x) => x.name === ref.name)!;
    expect(n.config!.reuseFactor, `${ref.name} reuse`).toBe(ref.attrs['reuse_factor']);
    if (ref.attrs['table_size'] !== undefined) expect(n.config!.tableSize).toBe(Number(ref.attrs['table_size']));
    if (ref.attrs['implementation'] !== undefined && ref.class === 'Softmax') expect(n.config!.softmaxImpl).toBe(ref.attrs['implementation']);
    if (ref.class === 'Dense') expect(n.config!.strategy).toBe(ref.attrs['strategy']);
  }
}

describeShared('hls4ml reference type tables', () => {
  it('KERAS_3layer_A (model granularity, fixed<16,6>)', () => {
    check('KERAS_3layer_A', keras3layer(), caseConfig('KERAS_3layer_A'));
  });
  it('KERAS_conv1d_small_A (Conv1D, Reshape)', () => {
    check('KERAS_conv1d_small_A', kerasConv1dSmall(), caseConfig('KERAS_conv1d_small_A'));
  });
  it('qkeras_mnist_dense_Y (the shipped YAML, QKeras types first, linear activations removed)', () => {
    const file = sharedPath('models', 'config-files', 'qkeras_mnist_dense_config.yml');
    const { config, warnings } = parseConfigText(readFileSync(file, 'utf8'), { file });
    expect(warnings.map((w) => w.code)).toEqual(['W402']); // Strategy: Stable on the softmax is not a strategy
    check('qkeras_mnist_dense_Y', qkerasMnistDense(), config);
  });
});

describeShared('hls4ml reference type tables from the real Keras models', () => {
  const load = (name: string) => loadKerasJson(sharedPath('models', 'keras', `${name}.json`), sharedPath('models', 'keras', `${name}_weights.h5`));
  it('KERAS_3layer_A', async () => {
    check('KERAS_3layer_A', await load('KERAS_3layer'), caseConfig('KERAS_3layer_A'));
  });
  it('KERAS_conv1d_small_A', async () => {
    check('KERAS_conv1d_small_A', await load('KERAS_conv1d_small'), caseConfig('KERAS_conv1d_small_A'));
  });
  it('qkeras_mnist_dense_Y', async () => {
    const file = sharedPath('models', 'config-files', 'qkeras_mnist_dense_config.yml');
    const { config } = parseConfigText(readFileSync(file, 'utf8'), { file, baseDir: sharedPath('models') });
    check('qkeras_mnist_dense_Y', await load('qkeras_mnist_dense'), config);
  });
});

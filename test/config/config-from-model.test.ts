// configFromModel (hls4ml's config_from_*_model) and `nnfab config`'s YAML, read back and run through the passes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromModel, quantizeGraph, readConfigFile } from '../../src/api/configure.js';
import { configForModelFile, modelTypes } from '../../src/api/config-file.js';
import { loadModel } from '../../src/api/load.js';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { describeShared, sharedPath } from '../helpers/shared.js';
import { keras3layer, qkerasMnistDense } from '../passes/fixtures.js';

describe('configFromModel', () => {
  it("model granularity (Keras default) emits only Model, with hls4ml's keys", () => {
    expect(configFromModel(keras3layer())).toEqual({
      Model: { Precision: { default: 'fixed<16,6>' }, ReuseFactor: 1, Strategy: 'Latency', BramFactor: 1_000_000_000, TraceOutput: false },
    });
  });
  it('type granularity: one entry per class, from its first layer', () => {
    const c = configFromModel(keras3layer(), { granularity: 'type', defaultPrecision: 'fixed<18,8>', defaultReuse: 2 }) as { LayerType: Record<string, unknown>; Model: { ReuseFactor: number } };
    expect(Object.keys(c.LayerType)).toEqual(['InputLayer', 'Dense', 'Activation', 'Softmax']);
    expect(c.LayerType['Dense']).toEqual({ Precision: { result: 'auto', weight: 'auto', bias: 'auto' }, Trace: false });
    expect(c.LayerType['Softmax']).toEqual({ Precision: { result: 'auto' }, Implementation: 'stable', Trace: false });
    expect(c.Model.ReuseFactor).toBe(2);
  });
  it("name granularity puts the model's own quantizer types in place of auto (as hls4ml does for QKeras)", () => {
    const c = configFromModel(qkerasMnistDense(), { granularity: 'name', backend: 'Vivado' }) as { LayerName: Record<string, { Precision: Record<string, string>; ReuseFactor?: number }> };
    expect(Object.keys(c.LayerName)).toContain('q_dense_2_linear');
    expect(c.LayerName['q_dense_2']!.Precision).toEqual({ result: 'auto', weight: 'int<4>', bias: 'fixed<2,1,TRN,WRAP,0>', accum: 'auto' });
    expect(c.LayerName['q_dense_2']!.ReuseFactor).toBe(1);
  });
  it('type granularity keys QKeras layers by their Keras class (QDense): hls4ml looks LayerType up by Dense, so they apply to nothing', () => {
    // config_from_keras_model takes the class of its parsed layer list (QDense); get_precision at conversion uses the
    // converted layer's class (Dense): such an entry is dead, the dense keeps the model default (HLS4ML_COMPAT
    // "Configuration": LayerType keyed by layer class name)
    const g = qkerasMnistDense();
    const q = { ...g, nodes: g.nodes.map((n) => (n.op.kind === 'dense' ? { ...n, source: { ...n.source, opType: 'QDense' } } : n)) };
    const c = configFromModel(q, { granularity: 'type' }) as { LayerType: Record<string, { Precision: Record<string, string> }> };
    expect(Object.keys(c.LayerType)).toContain('QDense');
    expect(Object.keys(c.LayerType)).not.toContain('Dense');
    const dense = quantizeGraph(q, c).graph.nodes.find((n) => n.name === 'q_dense_3')!;
    expect(dense.types!.result).toMatchObject({ width: 16, integer: 6 });
  });
  it("LayerType.InputLayer applies to nothing (hls4ml's input class is Input); LayerType.Input does", () => {
    const g = keras3layer();
    const input = (lt: Record<string, unknown>) => quantizeGraph(g, { Model: { Precision: 'fixed<16,6>' }, LayerType: lt }).graph.nodes[0]!.types!.result;
    expect(input({ InputLayer: { Precision: 'fixed<8,3>' } })).toMatchObject({ width: 16, integer: 6 });
    expect(input({ Input: { Precision: 'fixed<8,3>' } })).toMatchObject({ width: 8, integer: 3 });
  });
  it('ONNX models default to name granularity; bad options are coded errors', () => {
    const g = { ...keras3layer(), sourceFile: 'm.onnx' };
    expect(Object.keys(configFromModel(g))).toEqual(['Model', 'LayerName']);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as NnfabError).code;
      }
      return 'none';
    };
    expect(codeOf(() => configFromModel(g, { defaultPrecision: 'auto' }))).toBe('E406');
    expect(codeOf(() => configFromModel(g, { defaultPrecision: 'fixd<1,2>' }))).toBe('E101');
    expect(codeOf(() => configFromModel(g, { granularity: 'layer' as never }))).toBe('E408');
  });
});

describeShared('nnfab config on real models', () => {
  it('writes a YAML that readConfigFile reads back and the passes run (name granularity: auto types inferred)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-config-'));
    const out = join(dir, 'k3.yml');
    const json = sharedPath('models', 'keras', 'KERAS_3layer.json');
    const h5 = sharedPath('models', 'keras', 'KERAS_3layer_weights.h5');
    const r = await configForModelFile(json, { weights: h5, granularity: 'name', output: out });
    writeFileSync(out, r.yaml);
    const back = readConfigFile(out);
    expect(back.modelPath).toBe(json);
    expect(back.weightsPath).toBe(h5);
    expect(back.warnings).toEqual([]);
    const graph = await loadModel(back.modelPath!, { weights: back.weightsPath! });
    const q = quantizeGraph(graph, back.config);
    expect(q.graph.nodes.find((n) => n.name === 'fc1_relu')!.types!.result).toMatchObject({ width: 37, integer: 17 });
  });
  it('an ONNX model gets name granularity with its node names', async () => {
    const r = await configForModelFile(sharedPath('models', 'onnx', 'three_layer_keras.onnx'));
    expect(r.config['OnnxModel']).toBeDefined();
    expect(Object.keys((r.config['HLSConfig'] as { LayerName: object }).LayerName).length).toBeGreaterThan(3);
  });
});

describeShared('modelTypes (nnfab types)', () => {
  it('lists the final types of the model a configuration names, with safe-type decisions and dumps', async () => {
    const cfg = sharedPath('models', 'keras-config.yml');
    const plain = await modelTypes(undefined, { config: cfg });
    expect(plain.layers.map((l) => l.name)[0]).toBe('input_1');
    expect(plain.layers.find((l) => l.name === 'fc1_relu')!.types).toMatchObject({ result: 'fixed<16,6,TRN,WRAP,0>', accum: 'fixed<16,6,TRN,WRAP,0>' });
    const safe = await modelTypes(undefined, { config: cfg, safeTypes: true });
    expect(safe.layers.find((l) => l.name === 'fc1_relu')!.types['result']).toBe('fixed<21,11,TRN,WRAP,0>');
    expect(safe.decisions.some((d) => d.pass === 'safeTypes' && d.node === 'output_softmax')).toBe(true);
    const dumped = await modelTypes(undefined, { config: cfg, dumpAfter: 'applyConfig' });
    expect(dumped.dump).toMatch(/^graph /);
  });
});

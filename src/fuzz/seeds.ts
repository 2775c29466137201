/**
 * Valid seed inputs for fuzzing, built in code: a small ONNX MLP and conv net, a Keras Sequential model as
 * JSON + H5, a full-model H5, a Keras 3 .keras archive, a TF.js layers model, and an hls4ml YAML config.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { zipSync, strToU8 } from 'fflate';
import { encodeModelProto } from '../frontends/onnx/proto.js';

const enc = (s: string) => strToU8(s);

function seq(n: number, scale: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7 + offset) * scale));
}

function valueInfo(name: string, dims: number[]): object {
  return { name, type: { tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: d })) } } } };
}

function init(name: string, dims: number[], values: number[]): object {
  return { name, dims, data_type: 1, float_data: values };
}

/** A Gemm/Relu/MatMul/Add/Softmax ONNX model, opset 13. */
export function onnxMlp(): Uint8Array {
  return encodeModelProto({
    ir_version: 7,
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'mlp',
      node: [
        { op_type: 'Gemm', input: ['x', 'w1', 'b1'], output: ['h'], name: 'fc1', attribute: [{ name: 'transB', type: 2, i: 1 }] },
        { op_type: 'Relu', input: ['h'], output: ['r'], name: 'relu1' },
        { op_type: 'MatMul', input: ['r', 'w2'], output: ['m'], name: 'fc2' },
        { op_type: 'Add', input: ['m', 'b2'], output: ['a'], name: 'bias2' },
        { op_type: 'Softmax', input: ['a'], output: ['y'], name: 'sm', attribute: [{ name: 'axis', type: 2, i: 1 }] },
      ],
      initializer: [init('w1', [6, 4], seq(24, 0.5)), init('b1', [6], seq(6, 0.1, 1)), init('w2', [6, 3], seq(18, 0.4, 2)), init('b2', [3], seq(3, 0.1, 3))],
      input: [valueInfo('x', [1, 4])],
      output: [valueInfo('y', [1, 3])],
    },
  });
}

/** An NCHW Conv/MaxPool/Flatten/Gemm ONNX model, opset 11. */
export function onnxConv(): Uint8Array {
  return encodeModelProto({
    ir_version: 6,
    opset_import: [{ domain: '', version: 11 }],
    graph: {
      name: 'conv',
      node: [
        { op_type: 'Conv', input: ['x', 'k', 'kb'], output: ['c'], name: 'conv', attribute: [{ name: 'pads', type: 7, ints: [1, 1, 1, 1] }, { name: 'kernel_shape', type: 7, ints: [3, 3] }] },
        { op_type: 'Relu', input: ['c'], output: ['r'], name: 'relu' },
        { op_type: 'MaxPool', input: ['r'], output: ['p'], name: 'pool', attribute: [{ name: 'kernel_shape', type: 7, ints: [2, 2] }, { name: 'strides', type: 7, ints: [2, 2] }] },
        { op_type: 'Flatten', input: ['p'], output: ['f'], name: 'flat' },
        { op_type: 'Gemm', input: ['f', 'w', 'b'], output: ['y'], name: 'fc' },
      ],
      initializer: [init('k', [2, 1, 3, 3], seq(18, 0.5)), init('kb', [2], [0.1, -0.1]), init('w', [8, 3], seq(24, 0.3, 4)), init('b', [3], [0, 0.5, -0.5])],
      input: [valueInfo('x', [1, 1, 4, 4])],
      output: [valueInfo('y', [1, 3])],
    },
  });
}

const DENSE_LAYERS = [
  { name: 'fc1', units: 5, activation: 'relu', nIn: 4 },
  { name: 'out', units: 3, activation: 'softmax', nIn: 5 },
];

/** A Keras 2 Sequential model config (Dense-ReLU-Dense-Softmax). */
export function kerasModelConfig(): object {
  return {
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'input_1' } },
        ...DENSE_LAYERS.map((l) => ({ class_name: 'Dense', config: { name: l.name, units: l.units, activation: l.activation, use_bias: true } })),
      ],
    },
    keras_version: '2.9.0',
    backend: 'tensorflow',
  };
}

/** Write Keras 2 layer weights (kernel, bias per Dense layer) under `root` of an open h5wasm file. */
function writeKerasWeights(root: InstanceType<typeof h5wasm.Group>): void {
  root.create_attribute('layer_names', DENSE_LAYERS.map((l) => l.name));
  root.create_attribute('backend', 'tensorflow');
  root.create_attribute('keras_version', '2.9.0');
  for (const [i, l] of DENSE_LAYERS.entries()) {
    const g = root.create_group(l.name);
    g.create_attribute('weight_names', [`${l.name}/kernel:0`, `${l.name}/bias:0`]);
    const inner = g.create_group(l.name);
    inner.create_dataset({ name: 'kernel:0', data: Float32Array.from(seq(l.nIn * l.units, 0.5, i)), shape: [l.nIn, l.units], dtype: '<f' });
    inner.create_dataset({ name: 'bias:0', data: Float32Array.from(seq(l.units, 0.1, i + 5)), shape: [l.units], dtype: '<f' });
  }
}

async function h5Bytes(build: (f: InstanceType<typeof h5wasm.File>) => void): Promise<Uint8Array> {
  await h5wasm.ready;
  const dir = mkdtempSync(join(tmpdir(), 'nnfab-seed-'));
  try {
    const path = join(dir, 'seed.h5');
    const f = new h5wasm.File(path, 'w');
    build(f);
    f.close();
    return new Uint8Array(readFileSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Keras weights-only H5 (for the .json + .h5 pair). */
export function kerasWeightsH5(): Promise<Uint8Array> {
  return h5Bytes((f) => writeKerasWeights(f));
}

/** A full-model H5: `model_config` attribute at the root, weights under /model_weights. */
export function kerasFullH5(): Promise<Uint8Array> {
  return h5Bytes((f) => {
    f.create_attribute('model_config', JSON.stringify(kerasModelConfig()));
    writeKerasWeights(f.create_group('model_weights'));
  });
}

/** A Keras 3 `.keras` archive: config.json, metadata.json and model.weights.h5 (layers/<name>/vars/<i>). */
export async function kerasV3Archive(): Promise<Uint8Array> {
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', name: 'input_layer' } },
        ...DENSE_LAYERS.map((l) => ({ module: 'keras.layers', class_name: 'Dense', config: { name: l.name, units: l.units, activation: l.activation, use_bias: true } })),
      ],
    },
  };
  const weights = await h5Bytes((f) => {
    const layers = f.create_group('layers');
    for (const [i, l] of DENSE_LAYERS.entries()) {
      // Keras 3 keys weights by class-derived names (dense, dense_1, ...), not by the layer names of the config
      const vars = layers.create_group(i === 0 ? 'dense' : `dense_${i}`).create_group('vars');
      vars.create_attribute('name', l.name);
      vars.create_dataset({ name: '0', data: Float32Array.from(seq(l.nIn * l.units, 0.5, i)), shape: [l.nIn, l.units], dtype: '<f' });
      vars.create_dataset({ name: '1', data: Float32Array.from(seq(l.units, 0.1, i + 5)), shape: [l.units], dtype: '<f' });
    }
  });
  return zipSync(
    { 'config.json': enc(JSON.stringify(config)), 'metadata.json': enc(JSON.stringify({ keras_version: '3.4.1' })), 'model.weights.h5': weights },
    { level: 0 },
  );
}

/** A TF.js layers model: model.json and one weight shard. */
export function tfjsModel(): { modelJson: Uint8Array; shard: Uint8Array } {
  const weights: { name: string; shape: number[]; dtype: string }[] = [];
  const values: number[] = [];
  for (const [i, l] of DENSE_LAYERS.entries()) {
    weights.push({ name: `${l.name}/kernel`, shape: [l.nIn, l.units], dtype: 'float32' }, { name: `${l.name}/bias`, shape: [l.units], dtype: 'float32' });
    values.push(...seq(l.nIn * l.units, 0.5, i), ...seq(l.units, 0.1, i + 5));
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'nnfab fuzz seed',
    convertedBy: null,
    modelTopology: { ...kerasModelConfig(), keras_version: 'tfjs-layers 4.22.0' },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
  };
  return { modelJson: enc(JSON.stringify(modelJson)), shard: new Uint8Array(Float32Array.from(values).buffer) };
}

/** An hls4ml YAML configuration naming an ONNX model beside it. */
export function hls4mlYaml(model: string): string {
  return [
    `OnnxModel: ${model}`,
    'OutputDir: my-hls-test',
    'ProjectName: myproject',
    'Backend: Vitis',
    'Part: xcvu13p-flga2577-2-e',
    'ClockPeriod: 5',
    'IOType: io_parallel',
    'HLSConfig:',
    '  Model:',
    '    Precision: fixed<16,6>',
    '    ReuseFactor: 1',
    '    Strategy: Latency',
    '  LayerName:',
    '    fc1:',
    '      Precision:',
    '        weight: fixed<8,3>',
    '        result: fixed<16,6,RND,SAT>',
    '      ReuseFactor: 2',
    '    sm:',
    '      Implementation: stable',
    "      exp_table_t: 'ap_fixed<18,8,AP_RND,AP_SAT>'",
    '',
  ].join('\n');
}

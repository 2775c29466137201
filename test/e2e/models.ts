// Held-out-like models built in code: ONNX in PyTorch style and Keras models built with TF.js, as float Graphs.
import * as tf from '@tensorflow/tfjs';
import { importOnnx } from '../../src/frontends/onnx/import.js';
import { kerasToGraph, mapSource, parseModelJson, type NamedWeight } from '../../src/frontends/keras/index.js';
import type { Graph } from '../../src/ir/graph.js';
import { conv1d, separable, torchCnn, torchMnist } from './onnx-models.js';

/** The Graph nnfab imports from a TF.js model's Keras JSON and weights. */
export function fromTf(model: tf.LayersModel): Graph {
  const json = JSON.stringify(model.toJSON(null, false));
  const map = new Map<string, NamedWeight[]>();
  for (const layer of model.layers) {
    const values = layer.getWeights();
    const list = layer.weights.map((w, i) => ({ name: w.originalName.split('/').pop()!, tensor: { shape: w.shape as number[], data: Float64Array.from(values[i]!.dataSync()) } }));
    if (list.length > 0) map.set(layer.name, list);
  }
  return kerasToGraph(parseModelJson(json, 'model.json'), { file: 'model.json', weights: mapSource('test', map), keras3: false });
}

/** Random weights everywhere (BN statistics included), so no term is trivially zero. */
export function randomize(model: tf.LayersModel, seed: number, spread = 0.6): void {
  let k = seed;
  for (const layer of model.layers) {
    layer.setWeights(layer.getWeights().map((w) => {
      const v = (w.name ?? '').includes('variance');
      return tf.randomUniform(w.shape, v ? 0.5 : -spread, v ? 1.5 : spread, 'float32', k++);
    }));
  }
}

/** Keras 2-D CNN: Conv2D-BN-ReLU-MaxPool, Conv2D-ReLU-AvgPool, Flatten, Dense softmax. */
export function kerasCnn2d(bn: boolean): tf.LayersModel {
  const m = tf.sequential({ name: bn ? 'cnn2d_bn' : 'cnn2d' });
  m.add(tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, padding: 'same', name: 'conv1' }));
  if (bn) m.add(tf.layers.batchNormalization({ name: 'bn1' }));
  m.add(tf.layers.activation({ activation: 'relu', name: 'relu1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 2, activation: 'relu', name: 'conv2' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 3, name: 'pool2' }));
  m.add(tf.layers.flatten({ name: 'flat' }));
  m.add(tf.layers.dense({ units: 5, activation: 'softmax', name: 'out' }));
  randomize(m, 21);
  return m;
}

/** Keras 1-D CNN: Conv1D-BN-ReLU-MaxPool1D, Conv1D, GlobalAveragePooling1D, Dense. */
export function kerasCnn1d(bn: boolean): tf.LayersModel {
  const m = tf.sequential({ name: bn ? 'cnn1d_bn' : 'cnn1d' });
  m.add(tf.layers.conv1d({ inputShape: [16, 3], filters: 4, kernelSize: 3, name: 'c1' }));
  if (bn) m.add(tf.layers.batchNormalization({ name: 'bn1' }));
  m.add(tf.layers.reLU({ name: 'r1' }));
  m.add(tf.layers.maxPooling1d({ poolSize: 2, name: 'p1' }));
  m.add(tf.layers.conv1d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c2' }));
  m.add(tf.layers.averagePooling1d({ poolSize: 2, name: 'p2' }));
  m.add(tf.layers.flatten({ name: 'f' }));
  m.add(tf.layers.dense({ units: 3, name: 'out' }));
  randomize(m, 31);
  return m;
}

/** SeparableConv2D + BN + Dense. */
export function kerasSeparable(): tf.LayersModel {
  const m = tf.sequential({ name: 'sep' });
  m.add(tf.layers.separableConv2d({ inputShape: [6, 6, 3], filters: 4, kernelSize: 3, depthMultiplier: 1, activation: 'relu', name: 'sep1' }));
  m.add(tf.layers.batchNormalization({ name: 'bn' }));
  m.add(tf.layers.flatten({ name: 'f' }));
  m.add(tf.layers.dense({ units: 4, activation: 'softmax', name: 'out' }));
  randomize(m, 41);
  return m;
}

/** A larger MLP: 32-64-128-64-32-10 with BN in the middle. */
export function kerasMlp(): tf.LayersModel {
  const m = tf.sequential({ name: 'mlp' });
  m.add(tf.layers.dense({ inputShape: [32], units: 64, activation: 'relu', name: 'd1' }));
  m.add(tf.layers.dense({ units: 128, activation: 'relu', name: 'd2' }));
  m.add(tf.layers.batchNormalization({ name: 'bn2' }));
  m.add(tf.layers.dense({ units: 64, activation: 'relu', name: 'd3' }));
  m.add(tf.layers.dense({ units: 32, activation: 'tanh', name: 'd4' }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', name: 'out' }));
  randomize(m, 51, 0.25);
  return m;
}

const qb = (bits: number, integer = 0) => ({ class_name: 'quantized_bits', config: { bits, integer, symmetric: 0, keep_negative: true, alpha: 1 } });

/** A QKeras MNIST-style CNN (Keras JSON as QKeras writes it): QConv2D-QActivation-MaxPool ×2, QDense, softmax. */
export function qkerasCnn(): Graph {
  const layers = [
    { class_name: 'InputLayer', config: { name: 'input_1', batch_input_shape: [null, 12, 12, 1] } },
    { class_name: 'QConv2D', config: { name: 'conv2d_0_m', filters: 4, kernel_size: [3, 3], padding: 'valid', activation: 'linear', use_bias: true, kernel_quantizer: qb(6), bias_quantizer: qb(6) } },
    { class_name: 'QActivation', config: { name: 'act0_m', activation: 'quantized_relu(6)' } },
    { class_name: 'MaxPooling2D', config: { name: 'max_pool_0', pool_size: [2, 2], strides: [2, 2], padding: 'valid' } },
    { class_name: 'QConv2D', config: { name: 'conv2d_1_m', filters: 6, kernel_size: [2, 2], padding: 'valid', activation: 'linear', use_bias: true, kernel_quantizer: qb(6), bias_quantizer: qb(6) } },
    { class_name: 'QActivation', config: { name: 'act1_m', activation: 'quantized_relu(6,2)' } },
    { class_name: 'MaxPooling2D', config: { name: 'max_pool_1', pool_size: [2, 2], strides: [2, 2], padding: 'valid' } },
    { class_name: 'Flatten', config: { name: 'flatten' } },
    { class_name: 'QDense', config: { name: 'dense_m', units: 10, use_bias: true, kernel_quantizer: qb(6), bias_quantizer: qb(6), activation: 'linear' } },
    { class_name: 'Activation', config: { name: 'softmax', activation: 'softmax' } },
  ];
  let seed = 7;
  const r = (shape: number[]): NamedWeight['tensor'] => ({
    shape,
    data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return Math.fround((seed / 2 ** 32 - 0.5) * 1.6);
    }),
  });
  const weights = mapSource('t', new Map<string, NamedWeight[]>([
    ['conv2d_0_m', [{ name: 'kernel', tensor: r([3, 3, 1, 4]) }, { name: 'bias', tensor: r([4]) }]],
    ['conv2d_1_m', [{ name: 'kernel', tensor: r([2, 2, 4, 6]) }, { name: 'bias', tensor: r([6]) }]],
    ['dense_m', [{ name: 'kernel', tensor: r([24, 10]) }, { name: 'bias', tensor: r([10]) }]],
  ]));
  return kerasToGraph(parseModelJson(JSON.stringify({ class_name: 'Sequential', config: { name: 'qcnn', layers } }), 'qcnn.json'), { file: 'qcnn.json', weights, keras3: false });
}

/** Every held-out-like model as a float Graph, by name (TF.js models built lazily on the CPU backend). */
export async function allModels(): Promise<Record<string, Graph>> {
  await tf.setBackend('cpu');
  return {
    onnxCnn: importOnnx(torchCnn(13), 'cnn.onnx'),
    onnxSepNoPad: importOnnx(separable(0), 'sep0.onnx'),
    onnxSepPad: importOnnx(separable(1), 'sep1.onnx'),
    onnxConv1d: importOnnx(conv1d(), 'c1d.onnx'),
    onnxMnist: importOnnx(torchMnist(), 'mnist.onnx'),
    kerasCnn2dBn: fromTf(kerasCnn2d(true)),
    kerasCnn2d: fromTf(kerasCnn2d(false)),
    kerasCnn1dBn: fromTf(kerasCnn1d(true)),
    kerasSeparable: fromTf(kerasSeparable()),
    kerasMlp: fromTf(kerasMlp()),
    qkerasCnn: qkerasCnn(),
  };
}

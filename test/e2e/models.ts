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
  };
}

// Layers beyond the shared models, built in code with TF.js (conv, depthwise, separable, pooling, padding,
// cropping, upsampling, merges, several inputs/outputs, nested models): nnfab imports TF.js's own Keras JSON and
// weights, and its float run equals TF.js's prediction.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { kerasToGraph, mapSource, parseModelJson, type NamedWeight } from '../../../src/frontends/keras/index.js';
import type { Graph } from '../../../src/ir/graph.js';
import { expectSameAsTf } from './tf-reference.js';

/** The Graph nnfab imports from a TF.js model's Keras JSON and weights (named `<layer>/<weight>`). */
function imported(model: tf.LayersModel): Graph {
  const json = JSON.stringify(model.toJSON(null, false));
  const map = new Map<string, NamedWeight[]>();
  for (const layer of model.layers) {
    const values = layer.getWeights();
    const list = layer.weights.map((w, i) => ({ name: w.originalName.split('/').pop()!, tensor: { shape: w.shape as number[], data: Float64Array.from(values[i]!.dataSync()) } }));
    if (list.length > 0) map.set(layer.name, list);
  }
  return kerasToGraph(parseModelJson(json, 'model.json'), { file: 'model.json', weights: mapSource('test', map), keras3: false });
}

/** Give every weight random values (biases and BN statistics included) so that no term is trivially zero. */
function randomize(model: tf.LayersModel, seed: number): void {
  let k = seed;
  for (const layer of model.layers) {
    layer.setWeights(layer.getWeights().map((w) => {
      const name = w.name ?? '';
      const r = tf.randomUniform(w.shape, name.includes('variance') ? 0.5 : -0.8, name.includes('variance') ? 1.5 : 0.8, 'float32', k++);
      return r;
    }));
  }
}

function classes(g: Graph): string[] {
  return g.nodes.map((n) => `${n.name}:${n.layerClass}`);
}

describe('TF.js-built models', () => {
  it('2-D CNN: padding, strided same conv, batchnorm, pooling, depthwise, separable, upsampling, cropping, global pooling', async () => {
    await tf.setBackend('cpu');
    const m = tf.sequential({ name: 'cnn' });
    m.add(tf.layers.zeroPadding2d({ inputShape: [11, 12, 3], padding: [[1, 0], [2, 1]], name: 'pad' }));
    m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv' }));
    m.add(tf.layers.batchNormalization({ name: 'bn', epsilon: 0.01 }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'maxpool' }));
    m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'dw' }));
    m.add(tf.layers.separableConv2d({ filters: 5, kernelSize: 2, padding: 'valid', activation: 'tanh', name: 'sep' }));
    m.add(tf.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same', name: 'avgpool' }));
    m.add(tf.layers.upSampling2d({ size: [2, 3], name: 'up' }));
    m.add(tf.layers.cropping2D({ cropping: [[1, 0], [0, 2]], name: 'crop' }));
    m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }));
    randomize(m, 11);
    const g = imported(m);
    expect(classes(g)).toEqual([
      'input1:InputLayer', 'pad:ZeroPadding2D', 'conv:Conv2D', 'conv_relu:Activation', 'bn:BatchNormalization', 'maxpool:Pooling2D',
      'dw:DepthwiseConv2D', 'dw_linear:Activation', 'sep_depthwise:DepthwiseConv2D', 'sep:Conv2D', 'sep_tanh:Activation', 'avgpool:Pooling2D',
      'up:Resize', 'crop:Cropping2D', 'gap:GlobalPooling2D', 'out:Dense', 'out_softmax:Softmax',
    ]);
    expectSameAsTf(g, m, 20, 5);
  });

  it('1-D CNN: strided and dilated same convolutions, 1-D pooling, global max pooling', async () => {
    await tf.setBackend('cpu');
    const m = tf.sequential({ name: 'cnn1d' });
    m.add(tf.layers.conv1d({ inputShape: [20, 2], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'c1' }));
    m.add(tf.layers.maxPooling1d({ poolSize: 2, name: 'p1' }));
    m.add(tf.layers.conv1d({ filters: 3, kernelSize: 3, padding: 'same', dilationRate: 2, name: 'c2' }));
    m.add(tf.layers.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same', name: 'p2' }));
    m.add(tf.layers.globalMaxPooling1d({ name: 'gmp' }));
    m.add(tf.layers.dense({ units: 2, name: 'out' }));
    randomize(m, 21);
    const g = imported(m);
    expect(g.nodes.find((n) => n.name === 'c1')!.op).toMatchObject({ kind: 'conv', pads: [0, 1] });
    expectSameAsTf(g, m, 20, 6);
  });

  it('functional: two inputs, branches, merges, activation layers, reshape/permute, two outputs', async () => {
    await tf.setBackend('cpu');
    const a = tf.input({ shape: [8], name: 'a' });
    const b = tf.input({ shape: [8], name: 'b' });
    const da = tf.layers.dense({ units: 8, name: 'da' }).apply(a) as tf.SymbolicTensor;
    const db = tf.layers.dense({ units: 8, activation: 'sigmoid', name: 'db' }).apply(b) as tf.SymbolicTensor;
    const add = tf.layers.add({ name: 'add' }).apply([da, db]) as tf.SymbolicTensor;
    const mul = tf.layers.multiply({ name: 'mul' }).apply([da, db]) as tf.SymbolicTensor;
    const avg = tf.layers.average({ name: 'avg' }).apply([add, mul]) as tf.SymbolicTensor;
    const mx = tf.layers.maximum({ name: 'max' }).apply([add, mul]) as tf.SymbolicTensor;
    const mn = tf.layers.minimum({ name: 'min' }).apply([avg, mx]) as tf.SymbolicTensor;
    const lr = tf.layers.leakyReLU({ alpha: 0.1, name: 'lrelu' }).apply(mn) as tf.SymbolicTensor;
    const el = tf.layers.elu({ name: 'elu' }).apply(avg) as tf.SymbolicTensor;
    const th = tf.layers.thresholdedReLU({ theta: 0.2, name: 'thr' }).apply(mx) as tf.SymbolicTensor;
    const pr = tf.layers.prelu({ name: 'prelu' }).apply(add) as tf.SymbolicTensor;
    const cat = tf.layers.concatenate({ name: 'cat' }).apply([lr, el, th, pr]) as tf.SymbolicTensor;
    const rs = tf.layers.reshape({ targetShape: [4, 8], name: 'rs' }).apply(cat) as tf.SymbolicTensor;
    const pm = tf.layers.permute({ dims: [2, 1], name: 'perm' }).apply(rs) as tf.SymbolicTensor;
    const fl = tf.layers.flatten({ name: 'flat' }).apply(pm) as tf.SymbolicTensor;
    const o1 = tf.layers.dense({ units: 3, activation: 'softmax', name: 'o1' }).apply(fl) as tf.SymbolicTensor;
    const o2 = tf.layers.dense({ units: 2, activation: 'relu', name: 'o2' }).apply(cat) as tf.SymbolicTensor;
    const m = tf.model({ inputs: [a, b], outputs: [o1, o2], name: 'branchy' });
    randomize(m, 31);
    const g = imported(m);
    expect(g.inputs).toEqual(['a', 'b']);
    expect(g.outputs).toEqual(['o1_softmax', 'o2_relu']);
    const cls = new Map(g.nodes.map((n) => [n.name, n.layerClass]));
    expect([cls.get('add'), cls.get('cat'), cls.get('lrelu'), cls.get('elu'), cls.get('thr'), cls.get('prelu'), cls.get('perm'), cls.get('flat')]).toEqual([
      'Merge', 'Concatenate', 'LeakyReLU', 'ELU', 'ThresholdedReLU', 'PReLU', 'Transpose', 'Reshape',
    ]);
    expectSameAsTf(g, m, 30, 8);
  });

  it('a nested Sequential model inside a functional model is flattened with its layer names', async () => {
    await tf.setBackend('cpu');
    const inner = tf.sequential({ name: 'inner' });
    inner.add(tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', name: 'inner_fc' }));
    inner.add(tf.layers.dense({ units: 4, name: 'inner_fc2' }));
    const x = tf.input({ shape: [6], name: 'x' });
    const y = inner.apply(x) as tf.SymbolicTensor;
    const z = tf.layers.dense({ units: 2, name: 'head' }).apply(y) as tf.SymbolicTensor;
    const m = tf.model({ inputs: x, outputs: z, name: 'outer' });
    randomize(inner, 41);
    randomize(m, 51);
    const map = new Map<string, NamedWeight[]>();
    for (const layer of [...inner.layers, m.getLayer('head')]) {
      const vals = layer.getWeights();
      map.set(layer.name, layer.weights.map((w, i) => ({ name: w.originalName.split('/').pop()!, tensor: { shape: w.shape as number[], data: Float64Array.from(vals[i]!.dataSync()) } })));
    }
    const g = kerasToGraph(parseModelJson(JSON.stringify(m.toJSON(null, false)), 'm.json'), { file: 'm.json', weights: mapSource('t', map), keras3: false });
    expect(classes(g)).toEqual(['x:InputLayer', 'inner_fc:Dense', 'inner_fc_relu:Activation', 'inner_fc2:Dense', 'inner_fc2_linear:Activation', 'head:Dense', 'head_linear:Activation']);
    expectSameAsTf(g, m, 10, 9);
  });
});

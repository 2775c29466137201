// Small float graphs built in code, shaped like the hls4ml reference models (names, classes, shapes).
import type { Graph, Node, DeclaredTypes } from '../../src/ir/graph.js';
import type { Op, Tensor } from '../../src/ir/ops.js';

/** Deterministic pseudo-random float32 values in (-1, 1). */
export function tensor(shape: number[], seed: number): Tensor {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = Math.fround((s / 2 ** 32) * 2 - 1);
  }
  return { shape, data };
}

/** Builds a linear chain of nodes. */
export class Chain {
  readonly nodes: Node[] = [];
  constructor(readonly file = 'model.json') {}
  add(name: string, op: Op, shape: number[], layerClass: string, declared?: DeclaredTypes): this {
    const prev = this.nodes[this.nodes.length - 1];
    this.nodes.push({
      name,
      op,
      inputs: prev ? [prev.name] : [],
      shape,
      source: { file: this.file, node: name, opType: layerClass },
      layerClass,
      ...(declared ? { declared } : {}),
    });
    return this;
  }
  graph(name = 'model'): Graph {
    return { name, nodes: this.nodes, inputs: [this.nodes[0]!.name], outputs: [this.nodes[this.nodes.length - 1]!.name], sourceFile: this.file };
  }
}

let seed = 1;
const dense = (nIn: number, nOut: number): Op => ({ kind: 'dense', weight: tensor([nIn, nOut], seed++), bias: tensor([nOut], seed++) });
const relu: Op = { kind: 'activation', fn: 'relu' };

/** KERAS_3layer: 16 → 64 → 32 → 32 → 5 with split ReLUs and a softmax. */
export function keras3layer(): Graph {
  return new Chain()
    .add('input_1', { kind: 'input' }, [16], 'InputLayer')
    .add('fc1_relu', dense(16, 64), [64], 'Dense')
    .add('fc1_relu_relu', relu, [64], 'Activation')
    .add('fc2_relu', dense(64, 32), [32], 'Dense')
    .add('fc2_relu_relu', relu, [32], 'Activation')
    .add('fc3_relu', dense(32, 32), [32], 'Dense')
    .add('fc3_relu_relu', relu, [32], 'Activation')
    .add('output_softmax', dense(32, 5), [5], 'Dense')
    .add('output_softmax_softmax', { kind: 'softmax', axis: -1 }, [5], 'Softmax')
    .graph('KERAS_3layer');
}

const conv1d = (k: number, cin: number, cout: number): Op => ({
  kind: 'conv', rank: 1, weight: tensor([k, cin, cout], seed++), bias: tensor([cout], seed++), strides: [1], dilations: [1], pads: [1, 2], groups: 1,
});

/** KERAS_conv1d_small: three Conv1D (kernel 4, same padding) with ReLUs, Flatten, Dense+ReLU, Dense+Softmax. */
export function kerasConv1dSmall(): Graph {
  return new Chain()
    .add('input_1', { kind: 'input' }, [10, 4], 'InputLayer')
    .add('conv1_relu', conv1d(4, 4, 3), [10, 3], 'Conv1D')
    .add('conv1_relu_relu', relu, [10, 3], 'Activation')
    .add('conv2_relu', conv1d(4, 3, 2), [10, 2], 'Conv1D')
    .add('conv2_relu_relu', relu, [10, 2], 'Activation')
    .add('conv3_relu', conv1d(4, 2, 1), [10, 1], 'Conv1D')
    .add('conv3_relu_relu', relu, [10, 1], 'Activation')
    .add('flatten_1', { kind: 'reshape', shape: [10], flatten: true }, [10], 'Reshape')
    .add('fc1_relu', dense(10, 5), [5], 'Dense')
    .add('fc1_relu_relu', relu, [5], 'Activation')
    .add('output_softmax', dense(5, 5), [5], 'Dense')
    .add('output_softmax_softmax', { kind: 'softmax', axis: -1 }, [5], 'Softmax')
    .graph('KERAS_conv1d_small');
}

const fixed = (width: number, integer: number) => ({ width, integer, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 }) as const;

/** qkeras_mnist_dense: QActivation, QDense (po2 weights), linear, QActivation, QDense, linear, Softmax. */
export function qkerasMnistDense(): Graph {
  const w2 = tensor([784, 20], seed++).data.map((v) => Math.sign(v || 1) * 2 ** Math.round(Math.log2(Math.abs(v) + 1e-3)));
  const q3 = (v: number) => Math.max(-7, Math.min(7, Math.round(v * 8))) / 8;
  return new Chain()
    .add('input_3', { kind: 'input' }, [784], 'InputLayer')
    .add('q_activation_2', relu, [784], 'Activation')
    .add('q_dense_2', { kind: 'dense', weight: { shape: [784, 20], data: w2 }, bias: { shape: [20], data: tensor([20], seed++).data.map((v) => Math.round(v * 2) / 2) } }, [20], 'Dense', {
      weight: { kind: 'po2', width: 4 },
      bias: { kind: 'fixed', type: fixed(2, 1) },
    })
    .add('q_dense_2_linear', { kind: 'activation', fn: 'linear' }, [20], 'Activation')
    .add('q_activation_3', relu, [20], 'Activation')
    .add('q_dense_3', { kind: 'dense', weight: { shape: [20, 10], data: tensor([20, 10], seed++).data.map(q3) }, bias: { shape: [10], data: tensor([10], seed++).data.map(q3) } }, [10], 'Dense', {
      weight: { kind: 'fixed', type: fixed(4, 1) },
      bias: { kind: 'fixed', type: fixed(4, 1) },
    })
    .add('q_dense_3_linear', { kind: 'activation', fn: 'linear' }, [10], 'Activation')
    .add('activation_3', { kind: 'softmax', axis: -1 }, [10], 'Softmax')
    .graph('qkeras_mnist_dense');
}

// PyTorch-style ONNX models built in code (empty node names, raw_data weights, Gemm transB=1).
import { F, OnnxBuilder, rand } from '../helpers/onnx-builder.js';

let seed = 500;
/** A random initializer. */
export function w(b: OnnxBuilder, dims: number[], lo = -0.5, hi = 0.5): string {
  return b.init(`p${seed}`, dims, rand(dims.reduce((p, q) => p * q, 1), seed++, lo, hi));
}
/** PyTorch BatchNorm (eval mode): gamma, beta, running mean, running var. */
export function bn(b: OnnxBuilder, x: string, c: number, opset: number): string {
  const attrs = opset < 7 ? { epsilon: 1e-5, momentum: 0.9, is_test: 1 } : { epsilon: 1e-5, momentum: 0.9 };
  return b.node('BatchNormalization', [x, w(b, [c], 0.5, 1.5), w(b, [c]), w(b, [c]), w(b, [c], 0.5, 2)], attrs);
}
/** PyTorch Conv2d/Conv1d with bias. */
export function conv(b: OnnxBuilder, x: string, cin: number, cout: number, k: number[], attrs: Record<string, number | number[]> = {}, group = 1): string {
  return b.node('Conv', [x, w(b, [cout, cin / group, ...k]), w(b, [cout])], { kernel_shape: k, group, ...attrs });
}

/** The PyTorch CNN: Conv2d-BN-ReLU-MaxPool ×2, Flatten, Linear-ReLU-Linear (Gemm transB=1). */
export function torchCnn(opset: number): Uint8Array {
  const b = new OnnxBuilder(opset).input('input.1', [1, 1, 12, 12]);
  let x = conv(b, 'input.1', 1, 4, [3, 3], { pads: [1, 1, 1, 1], strides: [1, 1], dilations: [1, 1] });
  x = b.node('Relu', [bn(b, x, 4, opset)]);
  x = b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] });
  x = conv(b, x, 4, 6, [3, 3], { pads: [0, 0, 0, 0] });
  x = b.node('Relu', [bn(b, x, 6, opset)]);
  x = b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
  x = b.node('Flatten', [x], { axis: 1 });
  x = b.node('Relu', [b.node('Gemm', [x, w(b, [12, 24]), w(b, [12])], { alpha: new F(1), beta: new F(1), transB: 1 })]);
  b.node('Gemm', [x, w(b, [5, 12]), w(b, [5])], { transB: 1 }, { outputs: ['17'] });
  return b.output('17', [1, 5]).build();
}

/** Depthwise-separable block: groups=C conv, BN, ReLU, 1×1 conv, AvgPool with padding, Flatten, Linear. */
export function separable(countIncludePad: number, opset = 11): Uint8Array {
  const b = new OnnxBuilder(opset).input('x', ['N', 3, 8, 8]);
  let x = conv(b, 'x', 3, 3, [3, 3], { pads: [1, 1, 1, 1] }, 3);
  x = b.node('Relu', [bn(b, x, 3, opset)]);
  x = conv(b, x, 3, 5, [1, 1]);
  x = b.node('Relu', [x]);
  x = b.node('AveragePool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: countIncludePad });
  x = b.node('Flatten', [x]);
  b.node('Gemm', [x, w(b, [4, 80]), w(b, [4])], { transB: 1 }, { outputs: ['y'] });
  return b.output('y').build();
}

/** Conv1d net: Conv1d-BN1d-ReLU-MaxPool1d, Conv1d-ReLU-AvgPool1d, Flatten, Linear, Softmax. */
export function conv1d(opset = 13): Uint8Array {
  const b = new OnnxBuilder(opset).input('input', ['batch', 2, 20]);
  let x = conv(b, 'input', 2, 4, [5], { pads: [2, 2] });
  x = b.node('Relu', [bn(b, x, 4, opset)]);
  x = b.node('MaxPool', [x], { kernel_shape: [2], strides: [2] });
  x = conv(b, x, 4, 6, [3], { strides: [2] });
  x = b.node('Relu', [x]);
  x = b.node('AveragePool', [x], { kernel_shape: [2], strides: [2] });
  x = b.node('Flatten', [x]);
  x = b.node('Gemm', [x, w(b, [3, 12]), w(b, [3])], { transB: 1 });
  b.node('Softmax', [x], { axis: 1 }, { outputs: ['probs'] });
  return b.output('probs').build();
}


/** The classic PyTorch MNIST net: relu(max_pool2d(conv(x))) ×2, then Linear-ReLU-Linear and Softmax. */
export function torchMnist(opset = 11): Uint8Array {
  const b = new OnnxBuilder(opset).input('input.1', ['batch_size', 1, 12, 12]);
  let x = conv(b, 'input.1', 1, 4, [3, 3]);
  x = b.node('Relu', [b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] })]);
  x = conv(b, x, 4, 8, [2, 2]);
  x = b.node('Relu', [b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] })]);
  x = b.node('Flatten', [x], { axis: 1 });
  x = b.node('Relu', [b.node('Gemm', [x, w(b, [10, 32]), w(b, [10])], { transB: 1 })]);
  x = b.node('Gemm', [x, w(b, [4, 10]), w(b, [4])], { transB: 1 });
  b.node('Softmax', [x], { axis: 1 }, { outputs: ['output'] });
  return b.output('output').build();
}

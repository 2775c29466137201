// Whole networks shaped like real exports (PyTorch CNNs with BatchNorm and pooling, tf2onnx separable convolutions,
// residual blocks), checked against onnxruntime.
import { describe, expect, it } from 'vitest';
import { OnnxBuilder, rand } from '../../helpers/onnx-builder.js';
import { expectMatchesOrt } from './compare.js';

let seed = 100;
function w(b: OnnxBuilder, name: string, dims: number[], lo = -0.5, hi = 0.5): string {
  return b.init(name, dims, rand(dims.reduce((p, q) => p * q, 1), seed++, lo, hi));
}
function bn(b: OnnxBuilder, x: string, c: number, name: string): string {
  return b.node('BatchNormalization', [x, w(b, `${name}.g`, [c], 0.5, 1.5), w(b, `${name}.b`, [c]), w(b, `${name}.m`, [c]), w(b, `${name}.v`, [c], 0.5, 2)], { epsilon: 1e-5 }, { name: `/${name}/BatchNormalization`, outputs: [`/${name}/BatchNormalization_output_0`] });
}
function conv(b: OnnxBuilder, x: string, cin: number, cout: number, k: number, name: string, attrs: Record<string, number | number[]> = {}, group = 1): string {
  const dims = k === 0 ? [cout, cin / group, 3] : [cout, cin / group, k, k];
  return b.node('Conv', [x, w(b, `${name}.weight`, dims), w(b, `${name}.bias`, [cout])], { group, ...attrs }, { name: `/${name}/Conv`, outputs: [`/${name}/Conv_output_0`] });
}

describe('export-shaped networks', () => {
  it('PyTorch CNN: Conv-BN-Relu-MaxPool ×2, GlobalAveragePool, Flatten, Gemm', async () => {
    const b = new OnnxBuilder(17).input('input', ['batch', 3, 12, 12]);
    let x = conv(b, 'input', 3, 8, 3, 'conv1', { pads: [1, 1, 1, 1] });
    x = b.node('Relu', [bn(b, x, 8, 'bn1')], {}, { name: '/relu/Relu' });
    x = b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] }, { name: '/pool/MaxPool' });
    x = conv(b, x, 8, 16, 3, 'conv2', { pads: [1, 1, 1, 1], strides: [2, 2] });
    x = b.node('Relu', [bn(b, x, 16, 'bn2')], {}, { name: '/relu_1/Relu' });
    x = b.node('GlobalAveragePool', [x], {}, { name: '/gap/GlobalAveragePool' });
    x = b.node('Flatten', [x], { axis: 1 }, { name: '/Flatten' });
    b.node('Gemm', [x, w(b, 'fc.weight', [5, 16]), w(b, 'fc.bias', [5])], { transB: 1 }, { name: '/fc/Gemm', outputs: ['output'] });
    const g = await expectMatchesOrt(b.output('output').build(), { batch: 4 });
    expect(g.nodes.map((n) => n.name)).toContain('conv1_Conv');
    expect(g.nodes.filter((n) => n.op.kind === 'transpose').length).toBe(1);
  });
  it('PyTorch 1-D CNN with BatchNorm1d, MaxPool1d and view(x.size(0), -1)', async () => {
    const b = new OnnxBuilder(13).input('input', ['batch', 2, 16]);
    let x = conv(b, 'input', 2, 4, 0, 'c1', { pads: [1, 1] });
    x = b.node('Relu', [bn(b, x, 4, 'bn1')]);
    x = b.node('MaxPool', [x], { kernel_shape: [2], strides: [2] });
    const s = b.node('Shape', [x]);
    const n0 = b.node('Gather', [s, b.init('zero', [], [0], 7)], { axis: 0 });
    const u = b.node('Unsqueeze', [n0, b.init('ax0', [1], [0], 7)]);
    const shape = b.node('Concat', [u, b.init('m1', [1], [-1], 7)], { axis: 0 });
    x = b.node('Reshape', [x, shape]);
    b.node('Gemm', [x, w(b, 'fc.w', [3, 32]), w(b, 'fc.b', [3])], { transB: 1 }, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build(), { batch: 4 });
  });
  it('tf2onnx separable convolution with pooling and BatchNormalization between Transposes', async () => {
    const b = new OnnxBuilder(11).input('input_1', ['unk__1', 8, 8, 3]);
    let x = b.node('Transpose', ['input_1'], { perm: [0, 3, 1, 2] });
    x = conv(b, x, 3, 3, 3, 'sep_dw', { pads: [1, 1, 1, 1] }, 3);
    x = conv(b, x, 3, 6, 1, 'sep_pw');
    x = b.node('Relu', [x]);
    x = b.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
    x = b.node('Transpose', [x], { perm: [0, 2, 3, 1] });
    x = b.node('Transpose', [x], { perm: [0, 3, 1, 2] });
    x = bn(b, x, 6, 'bn');
    x = b.node('Transpose', [x], { perm: [0, 2, 3, 1] });
    x = b.node('Reshape', [x, b.init('shape', [2], [-1, 96], 7)]);
    x = b.node('MatMul', [x, w(b, 'dense/kernel', [96, 4])]);
    x = b.node('Add', [x, w(b, 'dense/bias', [4])]);
    b.node('Softmax', [x], { axis: -1 }, { outputs: ['dense'] });
    const g = await expectMatchesOrt(b.output('dense').build(), { batch: 3 });
    expect(g.nodes.filter((n) => n.op.kind === 'transpose').length).toBe(0);
    expect(g.nodes.find((n) => n.op.kind === 'conv')!.layerClass).toBe('DepthwiseConv2D');
  });
  it('residual block: Conv-BN-Relu-Conv-BN + skip, Relu, AveragePool, Flatten, Gemm', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 4, 6, 6]);
    let y = b.node('Relu', [bn(b, conv(b, 'x', 4, 4, 3, 'r1', { pads: [1, 1, 1, 1] }), 4, 'rb1')]);
    y = bn(b, conv(b, y, 4, 4, 3, 'r2', { pads: [1, 1, 1, 1] }), 4, 'rb2');
    y = b.node('Relu', [b.node('Add', [y, 'x'])]);
    y = b.node('AveragePool', [y], { kernel_shape: [3, 3], strides: [3, 3] });
    y = b.node('Flatten', [y]);
    b.node('Gemm', [y, w(b, 'fc.w', [2, 16]), w(b, 'fc.b', [2])], { transB: 1 }, { outputs: ['out'] });
    await expectMatchesOrt(b.output('out').build(), { batch: 3 });
  });
});

// Held-out-style ONNX models as PyTorch and other exporters write them (empty node names, raw_data weights,
// Gemm transB=1, opsets 9–13): each must match onnxruntime to 1e-5·max(1,|y|) or fail with one coded error.
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { importOnnx } from '../../src/frontends/onnx/import.js';
import { OnnxBuilder } from '../helpers/onnx-builder.js';
import { conv1d, separable, torchCnn, w } from './onnx-models.js';
import { expectMatchesOrt } from '../frontends/onnx/compare.js';

function diagnostics(bytes: Uint8Array): { code: string; message: string }[] {
  try {
    importOnnx(bytes, 'heldout.onnx');
  } catch (e) {
    if (e instanceof NnfabError) return e.diagnostics.map((d) => ({ code: d.code, message: d.message }));
    throw e;
  }
  return [];
}

describe('held-out-style ONNX (float vs onnxruntime)', () => {
  for (const opset of [7, 9, 11, 13]) {
    it(`PyTorch CNN, opset ${opset}, fixed batch 1`, async () => {
      await expectMatchesOrt(torchCnn(opset), { batch: 3 });
    });
  }
  for (const cip of [0, 1]) {
    it(`depthwise-separable block, AveragePool count_include_pad=${cip}`, async () => {
      await expectMatchesOrt(separable(cip), { batch: 3 });
    });
  }
  it('Conv1d net with BatchNorm1d, MaxPool1d, AvgPool1d and Softmax', async () => {
    await expectMatchesOrt(conv1d(), { batch: 4 });
  });
  it('MaxPool ceil_mode=1 and asymmetric pads', async () => {
    const b = new OnnxBuilder(11).input('x', ['N', 2, 7, 7]);
    let x = b.node('MaxPool', ['x'], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 });
    x = b.node('AveragePool', [x], { kernel_shape: [2, 2], strides: [1, 1], pads: [0, 0, 1, 1] });
    b.node('Flatten', [x], {}, { outputs: ['y'] });
    const bytes = b.output('y').build();
    const d = diagnostics(bytes);
    if (d.length > 0) expect(d.map((e) => e.code).join()).toMatch(/^E2\d\d$/);
    else await expectMatchesOrt(bytes, { batch: 2 });
  });
  it('Linear without bias (MatMul), ReLU6 as Clip with min/max inputs, Sigmoid, Softmax opset 11 axis 1', async () => {
    const b = new OnnxBuilder(11).input('x', ['N', 6]);
    let x = b.node('MatMul', ['x', w(b, [6, 8])]);
    x = b.node('Clip', [x, b.init('lo', [], [0]), b.init('hi', [], [6])]);
    x = b.node('Gemm', [x, w(b, [4, 8]), w(b, [4])], { transB: 1 });
    x = b.node('Sigmoid', [x]);
    b.node('Softmax', [x], { axis: 1 }, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build(), { batch: 4 });
  });
  it('ops outside the list (LSTM, Einsum, TopK) give one E204 naming every node', () => {
    const b = new OnnxBuilder(13).input('x', ['N', 4, 3]);
    const l = b.node('LSTM', ['x', w(b, [1, 8, 3]), w(b, [1, 8, 2])], { hidden_size: 2 }, { outputs: ['Y', 'Yh'] });
    const e = b.node('Einsum', [l, l], { equation: 'tdbh,tdbh->tdbh' });
    const f = b.node('Flatten', [e]);
    b.node('TopK', [f, b.init('k', [1], [1], 7)], {}, { outputs: ['v', 'i'] });
    const d = diagnostics(b.output('v').build());
    expect(d.map((x) => x.code)).toEqual(['E204']);
    for (const op of ['LSTM', 'Einsum', 'TopK']) expect(d[0]!.message).toContain(op);
  });
  it('HardSwish and Hardmax after supported ops: each matches onnxruntime or is the single E204', async () => {
    for (const op of ['HardSwish', 'Hardmax', 'Mish']) {
      const b = new OnnxBuilder(op === 'Mish' ? 18 : 14).input('x', ['N', 4]);
      const h = b.node(op, [b.node('Relu', ['x'])]);
      b.node('Gemm', [h, w(b, [2, 4]), w(b, [2])], { transB: 1 }, { outputs: ['y'] });
      const bytes = b.output('y').build();
      const d = diagnostics(bytes);
      if (d.length > 0) expect(d.map((x) => x.code), op).toEqual(['E204']);
      else await expectMatchesOrt(bytes, { batch: 3 });
    }
  });
});

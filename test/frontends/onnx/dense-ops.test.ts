// Gemm / MatMul(+Add) / activations / Softmax / Clip / element-wise arithmetic against onnxruntime.
import { describe, expect, it } from 'vitest';
import { F, OnnxBuilder, rand } from '../../helpers/onnx-builder.js';
import { expectMatchesOrt } from './compare.js';

function gemm(attrs: Record<string, number | F>, cDims: number[] | null, transB: boolean): Uint8Array {
  const b = new OnnxBuilder(13).input('x', ['N', 5]);
  const w = b.init('w', transB ? [4, 5] : [5, 4], rand(20, 2));
  const ins = ['x', w];
  if (cDims) ins.push(b.init('c', cDims, rand(cDims.reduce((p, q) => p * q, 1), 3)));
  b.node('Gemm', ins, { ...attrs, ...(transB ? { transB: 1 } : {}) }, { outputs: ['y'] });
  return b.output('y').build();
}

describe('Gemm', () => {
  it.each([
    ['plain', {}, [4], false],
    ['transB', {}, [4], true],
    ['alpha/beta', { alpha: 0.5, beta: new F(2) }, [1, 4], true],
    ['scalar C', {}, [1], false],
    ['no C', {}, null, false],
  ] as const)('%s', async (_n, attrs, c, tb) => {
    const g = await expectMatchesOrt(gemm(attrs as Record<string, number | F>, c ? [...c] : null, tb));
    expect(g.nodes.map((n) => n.layerClass)).toEqual(['InputLayer', 'Dense']);
  });
});

describe('MatMul', () => {
  it('MatMul + Add folds into one Dense with bias', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 6]);
    const m = b.node('MatMul', ['x', b.init('w', [6, 3], rand(18, 4))], {}, { name: 'fc1' });
    b.node('Add', [m, b.init('bias', [3], rand(3, 5))], {}, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(g.nodes.length).toBe(2);
    const d = g.nodes[1]!;
    expect(d.name).toBe('fc1');
    expect(d.op.kind === 'dense' && d.op.bias !== null).toBe(true);
  });
  it('MatMul on a 3-D input acts on the last axis; Add of a tensor is a merge', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 6]).input('z', ['N', 2, 3]);
    const m = b.node('MatMul', ['x', b.init('w', [6, 3], rand(18, 4))]);
    b.node('Add', [m, 'z'], {}, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(g.nodes.some((n) => n.op.kind === 'merge')).toBe(true);
  });
});

function unary(op: string, attrs: Record<string, number | F> = {}, opset = 13): Uint8Array {
  const b = new OnnxBuilder(opset).input('x', ['N', 7]);
  b.node(op, ['x'], attrs, { outputs: ['y'] });
  return b.output('y').build();
}

describe('activations', () => {
  it.each([
    ['Relu', {}], ['LeakyRelu', {}], ['LeakyRelu', { alpha: 0.2 }], ['Elu', {}], ['Elu', { alpha: 0.5 }], ['Selu', {}],
    ['Selu', { alpha: 1.5, gamma: 2.5 }], ['Sigmoid', {}], ['HardSigmoid', {}], ['HardSigmoid', { alpha: 0.3, beta: 0.4 }], ['Tanh', {}],
    ['Softplus', {}], ['Softsign', {}], ['ThresholdedRelu', { alpha: 0.5 }], ['Identity', {}], ['Dropout', {}], ['Neg', {}],
  ] as const)('%s %j', async (op, attrs) => {
    await expectMatchesOrt(unary(op, attrs as Record<string, number>), { lo: -4, hi: 4 });
  });
  it('HardSwish (opset 14) as hard_sigmoid · x', async () => {
    await expectMatchesOrt(unary('HardSwish', {}, 14), { lo: -5, hi: 5 });
  });
  it('Clip before opset 11 (attributes) and after (inputs, relu6)', async () => {
    await expectMatchesOrt(unary('Clip', { min: -0.5, max: 0.7 }, 9));
    await expectMatchesOrt(unary('Clip', {}, 9));
    const b = new OnnxBuilder(13).input('x', ['N', 7]);
    b.node('Clip', ['x', b.init('lo', [], [0]), b.init('hi', [], [6])], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build(), { lo: -8, hi: 8 });
    const c = new OnnxBuilder(13).input('x', ['N', 7]);
    c.node('Clip', ['x', c.init('lo', [], [0])], {}, { outputs: ['y'] });
    const g = await expectMatchesOrt(c.output('y').build());
    expect(g.nodes[1]!.op).toEqual({ kind: 'activation', fn: 'relu' });
  });
  it('PRelu with a scalar and a per-element slope', async () => {
    for (const dims of [[1], [7]]) {
      const b = new OnnxBuilder(13).input('x', ['N', 7]);
      b.node('PRelu', ['x', b.init('s', dims, rand(dims[0]!, 9))], {}, { outputs: ['y'] });
      await expectMatchesOrt(b.output('y').build());
    }
  });
});

describe('Softmax', () => {
  it.each([[11, 1], [13, -1], [13, 1], [9, -1]] as const)('opset %i axis %i on 2-D', async (opset, axis) => {
    await expectMatchesOrt(unary('Softmax', { axis }, opset), { lo: -5, hi: 5 });
  });
  it('opset 11 axis 1 on 3-D (softmax of the flattened trailing block) and opset 13 axis 1', async () => {
    for (const opset of [11, 13]) {
      const b = new OnnxBuilder(opset).input('x', ['N', 3, 4]);
      b.node('Softmax', ['x'], { axis: 1 }, { outputs: ['y'] });
      await expectMatchesOrt(b.output('y').build());
    }
  });
});

describe('element-wise arithmetic', () => {
  it.each(['Add', 'Sub', 'Mul', 'Div'])('%s with a constant on either side and between tensors', async (op) => {
    for (const constFirst of [false, true]) {
      const b = new OnnxBuilder(13).input('x', ['N', 2, 3]);
      const c = b.init('c', [3], rand(3, 8, 0.5, 2));
      b.node(op, constFirst ? [c, 'x'] : ['x', c], {}, { outputs: ['y'] });
      await expectMatchesOrt(b.output('y').build());
    }
    const b = new OnnxBuilder(13).input('x', ['N', 2, 3]).input('z', ['N', 2, 3]);
    b.node(op, ['x', 'z'], {}, { outputs: ['y'] });
    // divisors away from zero (see gemm-div.test.ts for tensor ÷ tensor in detail)
    await expectMatchesOrt(b.output('y').build(), op === 'Div' ? { lo: 0.25, hi: 2 } : {});
  });
  it('Max/Min with a scalar constant are a clip (Max(x, 0) a relu)', async () => {
    for (const [op, c] of [['Max', 0], ['Max', 0.5], ['Min', 0.25]] as const) {
      const b = new OnnxBuilder(13).input('x', ['N', 4]).input('z', ['N', 4]);
      b.node(op, ['x', b.init('c', [], [c]), 'z'], {}, { outputs: ['y'] });
      await expectMatchesOrt(b.output('y').build());
    }
  });
  it.each(['Sum', 'Max', 'Min', 'Mean'])('%s of three tensors', async (op) => {
    const b = new OnnxBuilder(13).input('a', ['N', 4]).input('b', ['N', 4]).input('c', ['N', 4]);
    b.node(op, ['a', 'b', 'c'], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
});

describe('opset 6 dense models (PyTorch 0.3)', () => {
  it('Gemm with broadcast=1, Relu, Dropout(is_test), Softmax(axis=1) at opset 6 equals the opset-7 graph', async () => {
    const mk = (opset: number): Uint8Array => {
      const b = new OnnxBuilder(opset).input('0', [789444, 6]);
      const g1 = b.node('Gemm', ['0', b.init('1', [4, 6], rand(24, 1)), b.init('2', [4], rand(4, 2))], { alpha: new F(1), beta: new F(1), transB: 1, ...(opset < 7 ? { broadcast: 1 } : {}) });
      const r = b.node('Relu', [g1]);
      const d = b.node('Dropout', [r], opset < 7 ? { is_test: 1 } : {});
      const e = b.node('Elu', [d], { alpha: new F(1) });
      b.node('Softmax', [e], { axis: 1 }, { outputs: ['9'] });
      return b.output('9', [789444, 4]).build();
    };
    const g = await expectMatchesOrt(mk(6), { ortBytes: mk(7) });
    expect(g.nodes.map((n) => n.name)).toEqual(['input_0', 'Gemm_t0', 'Relu_t1', 'Dropout_t2', 'Elu_t3', 'Softmax_9']);
  });
});

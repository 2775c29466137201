// Conv / pooling / BatchNormalization / layout conversion (NCHW → channels-last) against onnxruntime.
import { describe, expect, it } from 'vitest';
import { F, OnnxBuilder, rand, type Attr } from '../../helpers/onnx-builder.js';
import { expectMatchesOrt } from './compare.js';

const kinds = (g: { nodes: readonly { op: { kind: string } }[] }): string[] => g.nodes.map((n) => n.op.kind);

function conv2d(attrs: Record<string, Attr>, cin: number, cout: number, group: number, k: number[], bias = true, hw = [7, 6]): Uint8Array {
  const b = new OnnxBuilder(13).input('x', ['N', cin, ...hw]);
  const wd = [cout, cin / group, ...k];
  const ins = ['x', b.init('w', wd, rand(wd.reduce((p, q) => p * q, 1), 3))];
  if (bias) ins.push(b.init('b', [cout], rand(cout, 4)));
  b.node('Conv', ins, { group, ...attrs }, { outputs: ['y'] });
  return b.output('y').build();
}

describe('Conv', () => {
  it.each([
    ['3x3 valid', {}, 2, 3, 1, [3, 3]],
    ['pads + strides', { pads: [1, 0, 2, 1], strides: [2, 1] }, 2, 3, 1, [3, 2]],
    ['dilations', { dilations: [2, 1], pads: [1, 1, 1, 1] }, 2, 2, 1, [3, 3]],
    ['groups 2', { pads: [1, 1, 1, 1] }, 4, 6, 2, [3, 3]],
    ['depthwise', { pads: [1, 1, 1, 1] }, 3, 3, 3, [3, 3]],
    ['depthwise x2', {}, 3, 6, 3, [2, 2]],
    ['SAME_UPPER', { auto_pad: 'SAME_UPPER', strides: [2, 2] }, 2, 2, 1, [3, 3]],
    ['SAME_LOWER', { auto_pad: 'SAME_LOWER' }, 2, 2, 1, [2, 2]],
    ['VALID', { auto_pad: 'VALID', strides: [2, 2] }, 2, 2, 1, [3, 3]],
  ] as const)('2-D %s', async (_n, attrs, cin, cout, group, k) => {
    const g = await expectMatchesOrt(conv2d(attrs as Record<string, Attr>, cin, cout, group, [...k]));
    expect(g.nodes.find((n) => n.op.kind === 'conv')!.layerClass).toBe(group === cin && cout === cin ? 'DepthwiseConv2D' : 'Conv2D');
  });
  it('2-D without bias', async () => {
    await expectMatchesOrt(conv2d({}, 2, 3, 1, [2, 2], false));
  });
  it.each([
    ['valid', {}],
    ['pads/strides/dilations', { pads: [1, 2], strides: [2], dilations: [2] }],
    ['SAME_UPPER', { auto_pad: 'SAME_UPPER' }],
  ] as const)('1-D %s', async (_n, attrs) => {
    const b = new OnnxBuilder(13).input('x', ['N', 3, 11]);
    b.node('Conv', ['x', b.init('w', [4, 3, 3], rand(36, 5)), b.init('b', [4], rand(4, 6))], attrs as Record<string, Attr>, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(g.nodes.find((n) => n.op.kind === 'conv')!.layerClass).toBe('Conv1D');
  });
});

describe('layout', () => {
  it('Conv → Relu → Flatten → Gemm: the Dense weights absorb the NCHW flatten order (no Transpose)', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 5, 4]);
    const c = b.node('Conv', ['x', b.init('w', [3, 2, 2, 2], rand(24, 3)), b.init('b', [3], rand(3, 4))]);
    const r = b.node('Relu', [c]);
    const f = b.node('Flatten', [r], { axis: 1 });
    b.node('Gemm', [f, b.init('fw', [5, 36], rand(180, 7)), b.init('fb', [5], rand(5, 8))], { transB: 1 }, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(kinds(g)).toEqual(['input', 'transpose', 'conv', 'activation', 'reshape', 'dense']);
  });
  it('Conv → Flatten → Relu → Add(const) → MatMul keeps the pending order through element-wise ops', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 4, 4]);
    const c = b.node('Conv', ['x', b.init('w', [3, 2, 3, 3], rand(54, 3))], { pads: [1, 1, 1, 1] });
    const f = b.node('Flatten', [c]);
    const r = b.node('Relu', [f]);
    const a = b.node('Add', [r, b.init('k', [48], rand(48, 9))]);
    b.node('MatMul', [a, b.init('fw', [48, 4], rand(192, 7))], {}, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(kinds(g).filter((k) => k === 'transpose').length).toBe(1);
  });
  it('a PyTorch shape sub-graph (Shape/Gather/Unsqueeze/Concat/Reshape) is folded', async () => {
    const b = new OnnxBuilder(11).input('x', ['N', 2, 3, 3]);
    const c = b.node('Conv', ['x', b.init('w', [2, 2, 1, 1], rand(4, 3))]);
    const s = b.node('Shape', [c]);
    const g0 = b.node('Gather', [s, b.init('i0', [], [0], 7)], { axis: 0 });
    const u = b.node('Unsqueeze', [g0], { axes: [0] });
    const m1 = b.node('Constant', [], { value: { tensor: { dims: [1], data: [-1], dtype: 7 } } });
    const cat = b.node('Concat', [u, m1], { axis: 0 });
    const cast = b.node('Cast', [cat], { to: 7 });
    const r = b.node('Reshape', [c, cast]);
    b.node('Gemm', [r, b.init('fw', [18, 3], rand(54, 7))], {}, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(kinds(g)).toEqual(['input', 'transpose', 'conv', 'reshape', 'dense']);
  });
  it('Conv → Flatten as a graph output gets an explicit Transpose back to NCHW order', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 3, 3]);
    const c = b.node('Conv', ['x', b.init('w', [2, 2, 2, 2], rand(16, 3))]);
    b.node('Flatten', [c], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
  it('tf2onnx pattern: NHWC input, Transposes around Conv, Flatten → Gemm: no Transpose nodes', async () => {
    const b = new OnnxBuilder(9).input('x', ['N', 6, 5, 2]);
    const t1 = b.node('Transpose', ['x'], { perm: [0, 3, 1, 2] });
    const c = b.node('Conv', [t1, b.init('w', [3, 2, 3, 3], rand(54, 3)), b.init('b', [3], rand(3, 1))], { pads: [1, 1, 1, 1] });
    const r = b.node('Relu', [c]);
    const t2 = b.node('Transpose', [r], { perm: [0, 2, 3, 1] });
    const f = b.node('Flatten', [t2]);
    b.node('Gemm', [f, b.init('fw', [90, 4], rand(360, 7)), b.init('fb', [4], rand(4, 2))], {}, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(kinds(g)).toEqual(['input', 'conv', 'activation', 'reshape', 'dense']);
  });
  it('a lone Transpose to the output is materialized', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 3, 4]);
    b.node('Transpose', ['x'], { perm: [0, 3, 1, 2] }, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
  it('Concat of two Conv branches on the channel axis, residual Add, Squeeze/Unsqueeze', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 4, 4]);
    const c1 = b.node('Conv', ['x', b.init('w1', [2, 2, 1, 1], rand(4, 3))]);
    const c2 = b.node('Conv', ['x', b.init('w2', [3, 2, 3, 3], rand(54, 4))], { pads: [1, 1, 1, 1] });
    const cat = b.node('Concat', [c1, c2], { axis: 1 });
    const c3 = b.node('Conv', [cat, b.init('w3', [2, 5, 1, 1], rand(10, 5))]);
    const add = b.node('Add', [c3, 'x']);
    const u = b.node('Unsqueeze', [add, b.init('ax', [1], [2], 7)]);
    b.node('Squeeze', [u, b.init('ax2', [1], [2], 7)], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
  it('Mul/Add by per-channel constants [C,1,1] after a Conv', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 3, 4, 4]);
    const c = b.node('Conv', ['x', b.init('w', [3, 3, 1, 1], rand(9, 3))]);
    const m = b.node('Mul', [c, b.init('s', [3, 1, 1], rand(3, 4))]);
    b.node('Add', [m, b.init('k', [3, 1, 1], rand(3, 5))], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
});

describe('pooling', () => {
  it.each([
    ['MaxPool', { kernel_shape: [2, 2], strides: [2, 2] }],
    ['MaxPool', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
    ['MaxPool', { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }],
    ['MaxPool', { kernel_shape: [3, 2], auto_pad: 'SAME_UPPER', strides: [2, 2] }],
    ['AveragePool', { kernel_shape: [2, 2], strides: [2, 2] }],
    ['AveragePool', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
    ['AveragePool', { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 }],
    ['AveragePool', { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }],
  ] as const)('%s %j', async (op, attrs) => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 7, 5]);
    b.node(op, ['x'], attrs as Record<string, Attr>, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
  it('1-D MaxPool and AveragePool', async () => {
    for (const op of ['MaxPool', 'AveragePool']) {
      const b = new OnnxBuilder(13).input('x', ['N', 3, 9]);
      b.node(op, ['x'], { kernel_shape: [3], strides: [2], pads: [1, 1] }, { outputs: ['y'] });
      await expectMatchesOrt(b.output('y').build());
    }
  });
  it.each(['GlobalAveragePool', 'GlobalMaxPool'])('%s → Flatten → Gemm (2-D and 1-D)', async (op) => {
    for (const dims of [[3, 4, 5], [3, 6]]) {
      const b = new OnnxBuilder(13).input('x', ['N', ...dims]);
      const p = b.node(op, ['x']);
      const f = b.node('Flatten', [p]);
      b.node('Gemm', [f, b.init('w', [3, 2], rand(6, 2))], {}, { outputs: ['y'] });
      const g = await expectMatchesOrt(b.output('y').build());
      expect(kinds(g)).toEqual(['input', 'transpose', 'global_pool', 'dense']);
    }
    const b = new OnnxBuilder(13).input('x', ['N', 3, 4, 5]);
    b.node(op, ['x'], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
});

function bnModel(opset: number, wrap: boolean, dims: number[]): Uint8Array {
  const b = new OnnxBuilder(opset).input('x', ['N', ...dims]);
  const c = dims[0]!;
  const p = ['g', 'b', 'm', 'v'].map((n, i) => b.init(n, [c], rand(c, 20 + i, i === 3 ? 0.5 : -1, i === 3 ? 2 : 1)));
  let x = 'x';
  if (wrap) x = b.node('Unsqueeze', [x], { axes: [2] });
  const attrs: Record<string, Attr> = { epsilon: 1e-3 };
  if (opset < 7) attrs.is_test = 1;
  const y = b.node('BatchNormalization', [x, ...p], attrs, { outputs: [wrap ? 'bn' : 'y'] });
  if (wrap) b.node('Squeeze', [y], { axes: [2] }, { outputs: ['y'] });
  return b.output('y').build();
}

describe('BatchNormalization', () => {
  it.each([[[4]], [[3, 5]], [[3, 4, 5]]])('on shape %j', async (dims) => {
    await expectMatchesOrt(bnModel(9, false, dims));
  });
  it('PyTorch opset-6 export wrapping BatchNormalization in Unsqueeze/Squeeze', async () => {
    // onnxruntime does not load opset 6; the same graph at opset 9 has the same meaning
    const g = await expectMatchesOrt(bnModel(6, true, [5]), { ortBytes: bnModel(9, true, [5]) });
    expect(kinds(g)).toEqual(['input', 'reshape', 'batchnorm', 'reshape']);
  });
});

describe('Pad, Resize, Upsample', () => {
  it('Pad from inputs (opset 13) and attributes (opset 9)', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 3, 4]);
    b.node('Pad', ['x', b.init('p', [8], [0, 0, 1, 2, 0, 0, 2, 0], 7)], {}, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(g.nodes.some((n) => n.layerClass === 'ZeroPadding2D')).toBe(true);
    const c = new OnnxBuilder(9).input('x', ['N', 2, 5]);
    c.node('Pad', ['x'], { pads: [0, 1, 2, 0, 0, 1] }, { outputs: ['y'] });
    await expectMatchesOrt(c.output('y').build());
  });
  it('Resize nearest (opset 13, scales and sizes) and Upsample (opset 9)', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 3, 4]);
    b.node('Resize', ['x', '', b.init('s', [4], [1, 1, 2, 3])], { mode: 'nearest' }, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
    const c = new OnnxBuilder(9).input('x', ['N', 2, 3, 4]);
    c.node('Upsample', ['x', c.init('s', [4], [1, 1, 2, 2])], { mode: 'nearest' }, { outputs: ['y'] });
    await expectMatchesOrt(c.output('y').build());
    const d = new OnnxBuilder(7).input('x', ['N', 2, 3]);
    d.node('Upsample', ['x'], { mode: 'nearest', scales: new F([1, 1, 3]) }, { outputs: ['y'] });
    await expectMatchesOrt(d.output('y').build());
    const e = new OnnxBuilder(11).input('x', ['N', 2, 3, 2]);
    e.node('Resize', ['x', e.init('roi', [0], []), e.init('sc', [0], []), e.init('sz', [4], [1, 2, 6, 4], 7)], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }, { outputs: ['y'] });
    // `sizes` includes the batch dimension (1), so onnxruntime runs one sample
    await expectMatchesOrt(e.output('y').build(), { batch: 1 });
  });
});

describe('opset 6 (PyTorch 0.3 exports)', () => {
  function legacy(opset: number): Uint8Array {
    const b = new OnnxBuilder(opset).input('x', ['N', 3, 4, 4]);
    const c = b.node('Conv', ['x', b.init('w', [3, 3, 3, 3], rand(81, 3))], { pads: [1, 1, 1, 1] });
    const bias = opset < 7 ? b.init('b', [3], [0.5, -1, 2]) : b.init('b', [3, 1, 1], [0.5, -1, 2]);
    const a = b.node('Add', [c, bias], opset < 7 ? { broadcast: 1, axis: 1 } : {});
    const m = b.node('Mul', [a, opset < 7 ? b.init('s', [3], [2, 3, 4]) : b.init('s', [3, 1, 1], [2, 3, 4])], opset < 7 ? { broadcast: 1, axis: 1 } : {});
    const d = b.node('Dropout', [m], opset < 7 ? { is_test: 1, ratio: 0.5 } : {});
    return b.output(d).build();
  }
  it('legacy broadcast=1/axis Add and Mul align the constant at the channel axis', async () => {
    const g = await expectMatchesOrt(legacy(6), { ortBytes: legacy(9) });
    // the Add of a per-channel constant folds into the Conv bias
    expect(kinds(g)).toEqual(['input', 'transpose', 'conv', 'constant_op', 'identity', 'transpose']);
  });
});

describe('Slice, Split, Cast, ReduceMean/ReduceMax on the data path', () => {
  it('Split of a Conv output along channels (opset 13 sizes) and of a 2-D tensor (opset 11 equal parts)', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 3, 3]);
    const c = b.node('Conv', ['x', b.init('w', [5, 2, 1, 1], rand(10, 3))]);
    b.node('Split', [c, b.init('sp', [2], [2, 3], 7)], { axis: 1 }, { outputs: ['y0', 'y1'] });
    b.node('Relu', ['y1'], {}, { outputs: ['y2'] });
    await expectMatchesOrt(b.output('y0').output('y2').build());
    const d = new OnnxBuilder(11).input('x', ['N', 6]);
    d.node('Split', ['x'], { axis: 1 }, { outputs: ['a', 'b', 'c'] });
    await expectMatchesOrt(d.output('a').output('b').output('c').build());
  });
  it('Slice after a Conv (channels-last layout) and on a 2-D tensor', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 5, 5]);
    const c = b.node('Conv', ['x', b.init('w', [4, 2, 1, 1], rand(8, 3))]);
    const ax = b.init('ax', [3], [1, 2, 3], 7);
    b.node('Slice', [c, b.init('st', [3], [1, 0, 2], 7), b.init('en', [3], [3, 4, 100], 7), ax], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
    const d = new OnnxBuilder(9).input('x', ['N', 8]);
    d.node('Slice', ['x'], { starts: [2], ends: [-1], axes: [1] }, { outputs: ['y'] });
    await expectMatchesOrt(d.output('y').build());
  });
  it('Gather with a scalar or a contiguous index range on a Conv output and a 3-D tensor', async () => {
    for (const [dims, data] of [[[], [1]], [[2], [0, 1]], [[], [-1]]] as const) {
      const b = new OnnxBuilder(13).input('x', ['N', 2, 3, 3]);
      const c = b.node('Conv', ['x', b.init('w', [3, 2, 1, 1], rand(6, 3))]);
      b.node('Gather', [c, b.init('i', [...dims], [...data], 7)], { axis: 1 }, { outputs: ['y'] });
      await expectMatchesOrt(b.output('y').build());
      const d = new OnnxBuilder(13).input('x', ['N', 4, 3]);
      d.node('Gather', ['x', d.init('i', [...dims], [...data], 7)], { axis: 2 }, { outputs: ['y'] });
      await expectMatchesOrt(d.output('y').build());
    }
  });
  it('Cast to float is a no-op; ReduceMean/ReduceMax over H, W are global pooling', async () => {
    for (const [op, keep] of [['ReduceMean', 0], ['ReduceMax', 1], ['ReduceMean', 1]] as const) {
      const b = new OnnxBuilder(13).input('x', ['N', 3, 4, 5]);
      const cast = b.node('Cast', ['x'], { to: 1 });
      const r = b.node(op, [cast], { axes: [2, 3], keepdims: keep });
      const f = b.node('Flatten', [r]);
      b.node('Gemm', [f, b.init('w', [3, 2], rand(6, 2))], {}, { outputs: ['y'] });
      const g = await expectMatchesOrt(b.output('y').build());
      expect(kinds(g)).toEqual(['input', 'transpose', 'global_pool', 'dense']);
    }
  });
  it('ReduceMean over axes [1, 2] of an NHWC tensor (tf2onnx GlobalAveragePooling2D) needs no transpose', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 4, 5, 3]);
    b.node('ReduceMean', ['x'], { axes: [1, 2], keepdims: 0 }, { outputs: ['y'] });
    const g = await expectMatchesOrt(b.output('y').build());
    expect(kinds(g)).toEqual(['input', 'global_pool']);
  });
});

describe('PRelu per channel', () => {
  it('slope [C,1,1] (opset 9) and the opset-6 1-D per-channel slope', async () => {
    const mk = (opset: number): Uint8Array => {
      const b = new OnnxBuilder(opset).input('x', ['N', 3, 2, 2]);
      b.node('PRelu', ['x', opset < 7 ? b.init('s', [3], [0.1, 0.5, 2]) : b.init('s', [3, 1, 1], [0.1, 0.5, 2])], {}, { outputs: ['y'] });
      return b.output('y').build();
    };
    await expectMatchesOrt(mk(9));
    await expectMatchesOrt(mk(6), { ortBytes: mk(9) });
  });
});

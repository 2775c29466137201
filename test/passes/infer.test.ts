// hls4ml's 'auto' precision rules, pinned with hand-computed cases, and the inference pass end to end.
import { describe, expect, it } from 'vitest';
import { formatFixedType, parseFixedType } from '../../src/fixed/index.js';
import { addType, capByMaximum, productSumType, scaleBiasType, unionType } from '../../src/passes/infer-precision.js';
import { NO_BIAS_TYPE } from '../../src/passes/resolve.js';
import { configFromModel, quantizeGraph } from '../../src/api/configure.js';
import { Chain, keras3layer, tensor } from './fixtures.js';
import { graphTable } from './reference.js';

const T = parseFixedType;
const s = formatFixedType;

describe('hls4ml auto rules', () => {
  it('dense/conv: W = Ww+Wx+⌈log2 n⌉, I = Iw+Ix+⌈log2 n⌉, then the bias: I = max(I, Ib)+1, W = I + max(F, Fb)', () => {
    expect(s(productSumType(T('fixed<16,6>'), T('fixed<16,6>'), T('fixed<16,6>'), 16))).toBe('fixed<37,17,TRN,WRAP,0>');
    expect(s(productSumType(T('ufixed<8,0>'), T('fixed<8,2>'), T('fixed<8,3>'), 10))).toBe('fixed<21,7,TRN,WRAP,0>');
    // unsigned products, signed bias: the product side gains a sign bit
    expect(s(productSumType(T('ufixed<8,4>'), T('ufixed<4,1>'), T('fixed<6,2>'), 1))).toBe('fixed<14,7,TRN,WRAP,0>');
    // a layer without bias has hls4ml's uint<1> zero bias, still counted
    expect(s(productSumType(T('fixed<16,6>'), T('fixed<16,6>'), NO_BIAS_TYPE, 16))).toBe('fixed<37,17,TRN,WRAP,0>');
  });
  it('batchnorm, merges and concatenation', () => {
    expect(s(scaleBiasType(T('fixed<16,6>'), T('fixed<16,6>'), T('fixed<16,6>')))).toBe('fixed<33,13,TRN,WRAP,0>');
    expect(s(addType(T('fixed<8,3>'), T('ufixed<6,2>'), false))).toBe('fixed<9,4,TRN,WRAP,0>');
    expect(s(addType(T('ufixed<4,2>'), T('ufixed<4,2>'), true))).toBe('fixed<5,3,TRN,WRAP,0>');
    expect(s(addType(T('ufixed<4,2>'), T('ufixed<4,2>'), false))).toBe('ufixed<5,3,TRN,WRAP,0>');
    expect(s(unionType(T('fixed<8,3,RND,SAT>'), T('ufixed<10,2>'), true))).toBe('fixed<11,3,RND,SAT,0>');
    expect(s(unionType(T('fixed<8,3,RND,SAT>'), T('ufixed<10,2>'), false))).toBe('fixed<11,3,TRN,WRAP,0>');
  });
  it('Model.Precision.maximum caps width and integer bits separately and imposes its non-default modes', () => {
    expect(s(capByMaximum(T('fixed<37,17>'), T('fixed<24,10,RND,SAT>')))).toBe('fixed<24,10,RND,SAT,0>');
    expect(s(capByMaximum(T('fixed<12,8>'), T('fixed<24,10>')))).toBe('fixed<12,8,TRN,WRAP,0>');
  });
});

describe('inferPrecision through the pipeline', () => {
  it('name granularity (config_from_keras_model without backend): dense results inferred, accum and activations default', () => {
    const g = keras3layer();
    const q = quantizeGraph(g, configFromModel(g, { granularity: 'name' }));
    const t = graphTable(q.graph);
    expect(t['input_1']).toEqual({ result: 'fixed<16,6,TRN,WRAP,0>' });
    expect(t['fc1_relu']).toMatchObject({ result: 'fixed<37,17,TRN,WRAP,0>', accum: 'fixed<16,6,TRN,WRAP,0>', weight: 'fixed<16,6,TRN,WRAP,0>' });
    expect(t['fc1_relu_relu']!['result']).toBe('fixed<16,6,TRN,WRAP,0>');
    expect(t['fc2_relu']!['result']).toBe('fixed<39,19,TRN,WRAP,0>');
    expect(q.decisions.filter((d) => d.node === 'fc1_relu').map((d) => [d.variable, d.source])).toEqual([
      ['result', 'inferred'],
      ['weight', 'default'],
      ['bias', 'default'],
    ]);
  });
  it('with a backend, accum is auto too and equals the inferred result', () => {
    const g = keras3layer();
    const t = graphTable(quantizeGraph(g, configFromModel(g, { granularity: 'name', backend: 'Vivado' })).graph);
    expect(t['fc1_relu']!['accum']).toBe('fixed<37,17,TRN,WRAP,0>');
    expect(t['output_softmax_softmax']!['accum']).toBe('fixed<16,6,TRN,WRAP,0>');
  });
  it('pooling accumulates average windows in <W+2e, I+e>; reshape keeps its input type', () => {
    const g = new Chain()
      .add('x', { kind: 'input' }, [4, 4, 2], 'InputLayer')
      .add('pool', { kind: 'pool', mode: 'avg', rank: 2, size: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false }, [2, 2, 2], 'AveragePooling2D')
      .add('flat', { kind: 'reshape', shape: [8], flatten: true }, [8], 'Reshape')
      .add('fc', { kind: 'dense', weight: tensor([8, 2], 5), bias: null }, [2], 'Dense')
      .graph();
    const cfg = { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: { result: 'fixed<10,4>' } }, pool: { Precision: 'auto' }, fc: { Precision: { result: 'auto', accum: 'auto' } } } };
    const t = graphTable(quantizeGraph(g, cfg).graph);
    expect(t['pool']).toEqual({ result: 'fixed<10,4,TRN,WRAP,0>', accum: 'fixed<14,6,TRN,WRAP,0>' });
    expect(t['flat']).toEqual({ result: 'fixed<10,4,TRN,WRAP,0>' });
    // n = 8: W = 16+10+3, I = 6+4+3; no bias → uint<1>: I = 13+1, W = 14 + 16
    expect(t['fc']).toMatchObject({ result: 'fixed<30,14,TRN,WRAP,0>', bias: 'uint<1>' });
  });
});

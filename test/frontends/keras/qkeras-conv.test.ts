// A QKeras CNN written as Keras JSON (QConv2D, QActivation, QDepthwiseConv2D, QSeparableConv2D,
// QBatchNormalization, QDense with a quantizer activation): hls4ml's classes, declared types, weights on the grid.
import { describe, expect, it } from 'vitest';
import { kerasToGraph, mapSource, parseModelJson, type NamedWeight } from '../../../src/frontends/keras/index.js';

const qb = (bits: number, integer = 0) => ({ class_name: 'quantized_bits', config: { bits, integer, symmetric: 0, keep_negative: true, alpha: 1 } });
const layers = [
  { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 6, 6, 2] } },
  { class_name: 'QConv2D', config: { name: 'qc', filters: 3, kernel_size: [3, 3], padding: 'valid', activation: 'linear', use_bias: true, kernel_quantizer: qb(4), bias_quantizer: qb(4) } },
  { class_name: 'QActivation', config: { name: 'qa', activation: 'quantized_relu(4,1)' } },
  { class_name: 'QDepthwiseConv2D', config: { name: 'qdw', kernel_size: 2, depth_multiplier: 1, padding: 'same', use_bias: true, depthwise_quantizer: qb(5), bias_quantizer: qb(5) } },
  { class_name: 'QSeparableConv2D', config: { name: 'qs', filters: 2, kernel_size: [2, 2], depth_multiplier: 1, use_bias: true, depthwise_quantizer: qb(6), pointwise_quantizer: qb(3), bias_quantizer: qb(6), activation: 'quantized_tanh(4)' } },
  { class_name: 'QBatchNormalization', config: { name: 'qbn', epsilon: 0.001, gamma_quantizer: 'quantized_relu_po2(4)', variance_quantizer: 'quantized_relu_po2(4)', beta_quantizer: qb(6, 2), mean_quantizer: null } },
  { class_name: 'Flatten', config: { name: 'fl' } },
  { class_name: 'QDense', config: { name: 'qd', units: 4, use_bias: false, kernel_quantizer: 'quantized_po2(4, 1)', activation: 'quantized_relu(3)' } },
  { class_name: 'Activation', config: { name: 'sm', activation: 'softmax' } },
];

const ramp = (shape: number[], k: number): NamedWeight['tensor'] => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7 + k) * 0.9)) };
};

const weights = mapSource('t', new Map<string, NamedWeight[]>([
  ['qc', [{ name: 'kernel', tensor: ramp([3, 3, 2, 3], 1) }, { name: 'bias', tensor: ramp([3], 2) }]],
  ['qdw', [{ name: 'depthwise_kernel', tensor: ramp([2, 2, 3, 1], 3) }, { name: 'bias', tensor: ramp([3], 4) }]],
  ['qs', [{ name: 'depthwise_kernel', tensor: ramp([2, 2, 3, 1], 5) }, { name: 'pointwise_kernel', tensor: ramp([1, 1, 3, 2], 6) }, { name: 'bias', tensor: ramp([2], 7) }]],
  ['qbn', [{ name: 'gamma', tensor: ramp([2], 8) }, { name: 'beta', tensor: ramp([2], 9) }, { name: 'moving_mean', tensor: ramp([2], 10) }, { name: 'moving_variance', tensor: { shape: [2], data: Float64Array.of(0.3, 2.5) } }]],
  ['qd', [{ name: 'kernel', tensor: ramp([18, 4], 11) }]],
]));

describe('QKeras CNN', () => {
  const g = kerasToGraph(parseModelJson(JSON.stringify({ class_name: 'Sequential', config: { name: 'qcnn', layers } }), 'q.json'), { file: 'q.json', weights, keras3: false });
  const by = new Map(g.nodes.map((n) => [n.name, n]));

  it('has hls4ml classes and names', () => {
    expect(g.nodes.map((n) => `${n.name}:${n.layerClass}:${n.shape.join('x')}`)).toEqual([
      'in:InputLayer:6x6x2', 'qc:Conv2D:4x4x3', 'qc_linear:Activation:4x4x3', 'qa:Activation:4x4x3', 'qdw:DepthwiseConv2D:4x4x3',
      'qs_depthwise:DepthwiseConv2D:3x3x3', 'qs:Conv2D:3x3x2', 'qs_quantized_tanh:HardActivation:3x3x2', 'qbn:BatchNormalization:3x3x2',
      'fl:Reshape:18', 'qd:Dense:4', 'qd_quantized_relu:Activation:4', 'sm:Softmax:4',
    ]);
  });

  it('declares the quantizer types and keeps every weight on its grid', () => {
    const fx = (w: number, i: number) => ({ kind: 'fixed', type: { width: w, integer: i, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 } });
    expect(by.get('qc')!.declared).toEqual({ weight: fx(4, 1), bias: fx(4, 1) });
    expect(by.get('qdw')!.declared).toEqual({ weight: fx(5, 1), bias: fx(5, 1) });
    expect(by.get('qs_depthwise')!.declared).toEqual({ weight: fx(6, 1) });
    expect(by.get('qs')!.declared).toEqual({ weight: fx(3, 1), bias: fx(6, 1) });
    expect(by.get('qd')!.declared).toEqual({ weight: { kind: 'po2', width: 4, maxExponent: 7 } });
    expect(by.get('qa')!.declared!.result).toMatchObject({ width: 4, integer: 1, signed: false, rounding: 'AP_RND_CONV', overflow: 'AP_SAT' });
    expect(by.get('qd_quantized_relu')!.declared!.result).toMatchObject({ width: 3, integer: 0, signed: false });
    const onGrid = (data: Float64Array, frac: number, max: number) => data.every((v) => Number.isInteger(v * 2 ** frac) && Math.abs(v) <= max);
    const qc = by.get('qc')!.op;
    expect(qc.kind === 'conv' && onGrid(qc.weight.data, 3, 1)).toBe(true);
    const qs = by.get('qs')!.op;
    expect(qs.kind === 'conv' && onGrid(qs.weight.data, 2, 1) && qs.weight.shape).toEqual([1, 1, 3, 2]);
    const dw = by.get('qdw')!.op;
    expect(dw.kind === 'conv' && dw.groups).toBe(3);
  });

  it('QBatchNormalization applies its quantizers before folding scale and bias in float32', () => {
    const bn = by.get('qbn')!.op;
    if (bn.kind !== 'batchnorm') throw new Error('batchnorm');
    // gamma ramp[0] = sin(8)·0.9 = 0.890 → relu_po2(4) → 1; variance 0.3 → 0.25; scale = 1/sqrt(0.25 + 0.001)
    expect(bn.scale.data[0]).toBe(Math.fround(1 / Math.fround(Math.sqrt(Math.fround(0.25 + Math.fround(0.001))))));
  });
});

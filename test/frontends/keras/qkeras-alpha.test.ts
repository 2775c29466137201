// quantized_bits with alpha ≠ 1: QKeras's per-channel auto_po2 scale (hand-computed), and hls4ml's graph shape for
// it: alpha-free weights on the declared grid, bias moved to an ApplyAlpha node `<layer>_alpha`.
import { describe, expect, it } from 'vitest';
import { runFloat } from '../../../src/emulator/float.js';
import { kerasToGraph, mapSource, parseModelJson, parseQuantizer } from '../../../src/frontends/keras/index.js';
import { quantizeTensor } from '../../../src/frontends/keras/qkeras-alpha.js';

const KERNEL = [0.1, -0.2, 0.4, 0.05];

function model(alpha: unknown) {
  const q = { class_name: 'quantized_bits', config: { bits: 4, integer: 0, symmetric: 1, keep_negative: true, alpha } };
  const json = {
    class_name: 'Sequential',
    config: { name: 'a', layers: [
      { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4] } },
      { class_name: 'QDense', config: { name: 'qd', units: 1, activation: 'relu', use_bias: true, kernel_quantizer: q, bias_quantizer: 'quantized_bits(4,0,1)' } },
    ] },
  };
  const weights = mapSource('t', new Map([['qd', [
    { name: 'kernel', tensor: { shape: [4, 1], data: Float64Array.from(KERNEL.map(Math.fround)) } },
    { name: 'bias', tensor: { shape: [1], data: Float64Array.of(Math.fround(0.3)) } },
  ]]]));
  return kerasToGraph(parseModelJson(JSON.stringify(json), 'a.json'), { file: 'a.json', weights, keras3: false });
}

describe('alpha scales', () => {
  it("auto_po2: QKeras's iteration settles on scale 1/16 for this column; quantizer scale 0.5", () => {
    const q = parseQuantizer("quantized_bits(4,0,alpha='auto_po2')", {})!;
    const r = quantizeTensor(q, { shape: [4, 1], data: Float64Array.from(KERNEL.map(Math.fround)) });
    expect(Array.from(r.data)).toEqual([0.125, -0.1875, 0.375, 0.0625]);
    expect(Array.from(r.scale!)).toEqual([0.5]);
  });

  it('hls4ml shape: qd (alpha-free weights, zero bias) → qd_alpha (ApplyAlpha: scale, bias) → qd_relu', () => {
    const g = model('auto_po2');
    expect(g.nodes.map((n) => `${n.name}:${n.layerClass}`)).toEqual(['in:InputLayer', 'qd:Dense', 'qd_alpha:ApplyAlpha', 'qd_relu:Activation']);
    const qd = g.nodes[1]!;
    if (qd.op.kind !== 'dense') throw new Error('dense');
    expect(Array.from(qd.op.weight.data)).toEqual([0.25, -0.375, 0.75, 0.125]);
    expect(Array.from(qd.op.bias!.data)).toEqual([0]);
    expect(qd.declared!.weight).toMatchObject({ kind: 'fixed', type: { width: 4, integer: 1 } });
    const al = g.nodes[2]!;
    expect(al.op).toEqual({ kind: 'batchnorm', scale: { shape: [1], data: Float64Array.of(0.5) }, bias: { shape: [1], data: Float64Array.of(0.25) } });
    expect(al.declared).toMatchObject({ weight: { kind: 'po2', width: 2 }, bias: { kind: 'fixed' } });
    // float meaning: relu(x · q(W) + q(b)), q(W) = [0.125, -0.1875, 0.375, 0.0625], q(b) = 0.25
    const y = runFloat(g, [Float64Array.of(1, 1, 1, -2)], 1).outputs[0]!;
    expect(y[0]).toBeCloseTo(0.125 - 0.1875 + 0.375 - 0.125 + 0.25, 12);
  });

  it('a numeric alpha takes the same shape with a constant scale', () => {
    const g = model(2);
    expect(g.nodes.map((n) => n.layerClass)).toEqual(['InputLayer', 'Dense', 'ApplyAlpha', 'Activation']);
    const al = g.nodes[2]!;
    expect(al.op.kind === 'batchnorm' && Array.from(al.op.scale.data)).toEqual([2]);
    expect(al.declared?.weight).toBeUndefined();
  });
});

describe('binary with an auto alpha', () => {
  it("auto_po2: per-channel 2^round(log2 mean|x|); hls4ml keeps ±1 weights and an ApplyAlpha", () => {
    const q = parseQuantizer("binary(alpha='auto_po2')", {})!;
    const t = { shape: [4, 1], data: Float64Array.from([0.3, -0.2, 0.5, 0.1].map(Math.fround)) };
    const r = quantizeTensor(q, t);
    expect(Array.from(r.scale!)).toEqual([0.25]);
    expect(Array.from(r.data)).toEqual([0.25, -0.25, 0.25, 0.25]);
    const json = {
      class_name: 'Sequential',
      config: { name: 'b', layers: [
        { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4] } },
        { class_name: 'QDense', config: { name: 'qd', units: 1, activation: 'linear', use_bias: false, kernel_quantizer: "binary(alpha='auto_po2')" } },
      ] },
    };
    const g = kerasToGraph(parseModelJson(JSON.stringify(json), 'b.json'), { file: 'b.json', weights: mapSource('t', new Map([['qd', [{ name: 'kernel', tensor: t }]]])), keras3: false });
    expect(g.nodes.map((n) => n.layerClass)).toEqual(['InputLayer', 'Dense', 'ApplyAlpha', 'Activation']);
    const qd = g.nodes[1]!;
    expect(qd.op.kind === 'dense' && Array.from(qd.op.weight.data)).toEqual([1, -1, 1, 1]);
    expect(qd.declared).toEqual({ weight: { kind: 'binary' } });
    expect(g.nodes[2]!.declared).toEqual({ weight: { kind: 'po2', width: 3 } });
  });
});

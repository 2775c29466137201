// BatchNormalization + ternary tanh → hls4ml's BatchNormalizationQuantizedTanh. Its thresholds are
// hi/lo = ±threshold/scale − bias/scale (float32), floored to the input's fraction bits, where `threshold` is the
// activation's own attribute: QKeras' ternary quantizer (class TernaryTanh) carries one (0.33 by default), a plain
// Keras 'ternary_tanh' Activation has none and hls4ml uses 0.5 (bn_quant.py: set_thresholds(scale, bias,
// node.get_attr('threshold', 0.5)); normalize_ternary_tanh: x > hi → 1, x ≤ lo → −1, else 0).
import { describe, expect, it } from 'vitest';
import { quantizeGraph } from '../../src/api/configure.js';
import { runFixed } from '../../src/emulator/index.js';
import { Chain } from './fixtures.js';

function bnTernary(layerClass: string, alpha?: number) {
  return new Chain()
    .add('x', { kind: 'input' }, [1], 'InputLayer')
    .add('bn', { kind: 'batchnorm', scale: { shape: [1], data: Float64Array.of(1) }, bias: { shape: [1], data: Float64Array.of(0) } }, [1], 'BatchNormalization')
    .add('act', { kind: 'activation', fn: 'ternary_tanh', ...(alpha !== undefined ? { alpha } : {}) }, [1], layerClass)
    .graph();
}

const run = (g: ReturnType<typeof bnTernary>, xs: number[]): number[] => {
  const q = quantizeGraph(g, { Model: { Precision: 'fixed<16,6>' } });
  return Array.from(runFixed(q.graph, [Float64Array.from(xs)], xs.length).outputs[0]!);
};

describe('BN + ternary tanh thresholds', () => {
  // BN input fixed<16,6> (F = 10); scale 1, bias 0
  const xs = [338 / 1024, 337 / 1024, -337 / 1024, -338 / 1024, 0.5, 513 / 1024, -0.5, -513 / 1024];
  it('QKeras TernaryTanh: threshold 0.33 → hi = floor(f32(0.33)·2^10)/2^10 = 337/1024, lo = −338/1024', () => {
    expect(run(bnTernary('TernaryTanh', 0.33), xs)).toEqual([1, 0, 0, -1, 1, 1, -1, -1]);
  });
  it("Keras 'ternary_tanh' Activation: threshold 0.5 → hi = 512/1024, lo = −512/1024", () => {
    expect(run(bnTernary('Activation'), xs)).toEqual([0, 0, 0, 0, 0, 1, -1, -1]);
  });
});

// QONNX Quant / BipolarQuant / Trunc against hand-computed values from the QONNX operator definitions, and
// QuantizeLinear / DequantizeLinear against onnxruntime.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/import.js';
import { runFloat } from '../../../src/emulator/float.js';
import type { QuantizeOp } from '../../../src/ir/ops.js';
import { OnnxBuilder, rand, type Attr } from '../../helpers/onnx-builder.js';
import { expectMatchesOrt } from './compare.js';

const GEN = 'qonnx.custom_op.general';

function quantModel(scale: number, zp: number, bits: number, attrs: Record<string, Attr>, domain = GEN): Uint8Array {
  const b = new OnnxBuilder(13, { [domain]: 1 }).input('x', ['N', 6]);
  b.node('Quant', ['x', b.init('s', [], [scale]), b.init('z', [], [zp]), b.init('b', [], [bits])], attrs, { domain, outputs: ['y'], name: 'q' });
  return b.output('y').build();
}

function run(bytes: Uint8Array, x: number[]): number[] {
  const g = importOnnx(bytes, 'q.onnx');
  return Array.from(runFloat(g, [Float64Array.from(x)], x.length / 6).outputs[0]!);
}

const X = [0.1, 0.125, 0.375, -3, 1.9, -0.625];

describe('Quant', () => {
  it('signed 4-bit, scale 1/4: round half to even, clamp to [-8, 7], exact type fixed<4,2,RND_CONV,SAT>', () => {
    const bytes = quantModel(0.25, 0, 4, { signed: 1, narrow: 0, rounding_mode: 'ROUND' });
    // x/s = 0.4, 0.5, 1.5, -12, 7.6, -2.5 → round-half-even 0, 0, 2, -12→-8, 8→7, -2
    expect(run(bytes, X)).toEqual([0, 0, 0.5, -2, 1.75, -0.5]);
    const op = importOnnx(bytes, 'q.onnx').nodes[1]!.op as QuantizeOp;
    expect(op.type).toEqual({ width: 4, integer: 2, signed: true, rounding: 'AP_RND_CONV', overflow: 'AP_SAT', satBits: 0 });
  });
  it('narrow range clamps symmetrically and maps to AP_SAT_SYM; brevitas domain accepted', () => {
    const bytes = quantModel(0.25, 0, 4, { signed: 1, narrow: 1 }, 'onnx.brevitas');
    expect(run(bytes, X)).toEqual([0, 0, 0.5, -1.75, 1.75, -0.5]);
    expect((importOnnx(bytes, 'q.onnx').nodes[1]!.op as QuantizeOp).type?.overflow).toBe('AP_SAT_SYM');
  });
  it('unsigned with a non-power-of-two scale and a zero point: no exact type', () => {
    const bytes = quantModel(0.5, 3, 3, { signed: 0, narrow: 0, rounding_mode: 'FLOOR' });
    // y = floor(x/0.5 + 3) clamped to [0, 7], then (y − 3)·0.5
    const expected = X.map((v) => (Math.min(Math.max(Math.floor(v / 0.5 + 3), 0), 7) - 3) * 0.5);
    expect(run(bytes, X)).toEqual(expected);
    expect((importOnnx(bytes, 'q.onnx').nodes[1]!.op as QuantizeOp).type).toBeNull();
  });
  it.each([['CEIL', Math.ceil], ['ROUND_TO_ZERO', Math.trunc]] as const)('rounding %s', (mode, f) => {
    const bytes = quantModel(0.25, 0, 8, { signed: 1, narrow: 0, rounding_mode: mode });
    expect(run(bytes, X)).toEqual(X.map((v) => f(v / 0.25) * 0.25));
  });
  it('1-bit signed Quant is bipolar', () => {
    expect(run(quantModel(0.5, 0, 1, { signed: 1, narrow: 0 }), X)).toEqual([0.5, 0.5, 0.5, -0.5, 0.5, -0.5]);
  });
  it('on weights: folded into the Dense, with the declared weight type', () => {
    const b = new OnnxBuilder(13, { [GEN]: 1 }).input('x', ['N', 2]);
    const w = b.init('w', [2, 2], [0.3, -0.8, 0.55, 2]);
    const qw = b.node('Quant', [w, b.init('s', [], [0.5]), b.init('z', [], [0]), b.init('b', [], [3])], { signed: 1, narrow: 0 }, { domain: GEN });
    b.node('MatMul', ['x', qw], {}, { outputs: ['y'] });
    const g = importOnnx(b.output('y').build(), 'w.onnx');
    const d = g.nodes[1]!;
    expect(d.op.kind === 'dense' && Array.from(d.op.weight.data)).toEqual([0.5, -1, 0.5, 1.5]);
    expect(d.declared?.weight).toEqual({ kind: 'fixed', type: { width: 3, integer: 2, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 } });
  });
});

describe('BipolarQuant and Trunc', () => {
  it('BipolarQuant: sign with scale on data and weights', () => {
    const b = new OnnxBuilder(13, { [GEN]: 1 }).input('x', ['N', 6]);
    b.node('BipolarQuant', ['x', b.init('s', [], [2])], {}, { domain: GEN, outputs: ['y'] });
    expect(run(b.output('y').build(), X)).toEqual([2, 2, 2, -2, 2, -2]);
    const c = new OnnxBuilder(13, { [GEN]: 1 }).input('x', ['N', 2]);
    const qw = c.node('BipolarQuant', [c.init('w', [2, 1], [0.3, -0.1]), c.init('s', [], [1])], {}, { domain: GEN });
    c.node('MatMul', ['x', qw], {}, { outputs: ['y'] });
    const g = importOnnx(c.output('y').build(), 'w.onnx');
    expect(g.nodes[1]!.declared?.weight).toEqual({ kind: 'binary' });
    expect(g.nodes[1]!.op.kind === 'dense' && Array.from(g.nodes[1]!.op.weight.data)).toEqual([1, -1]);
  });
  it('Trunc (5 inputs): floor((x/s)/2^(in−out))·s', () => {
    const b = new OnnxBuilder(13, { [GEN]: 1 }).input('x', ['N', 6]);
    const ins = ['x', b.init('s', [], [0.25]), b.init('z', [], [0]), b.init('ib', [], [8]), b.init('ob', [], [6])];
    b.node('Trunc', ins, { rounding_mode: 'FLOOR' }, { domain: GEN, outputs: ['y'] });
    const x = [1, 1.75, -0.25, 3, -3.5, 0.5];
    expect(run(b.output('y').build(), x)).toEqual(x.map((v) => Math.floor(v / 0.25 / 4) * 0.25));
  });
  it('Trunc (7 inputs): clamp to the output bits and rescale by the output scale', () => {
    const b = new OnnxBuilder(13, { [GEN]: 1 }).input('x', ['N', 6]);
    const ins = ['x', b.init('s', [], [0.25]), b.init('z', [], [0]), b.init('ib', [], [8]), b.init('os', [], [1]), b.init('oz', [], [0]), b.init('ob', [], [3])];
    b.node('Trunc', ins, { rounding_mode: 'FLOOR', signed: 1 }, { domain: GEN, outputs: ['y'] });
    const x = [1, 1.75, -0.25, 30, -30.5, 0.5];
    expect(run(b.output('y').build(), x)).toEqual(x.map((v) => Math.min(Math.max(Math.floor(v / 1), -4), 3)));
  });
});

describe('QuantizeLinear / DequantizeLinear', () => {
  it('a QDQ pair on the data path matches onnxruntime (int8 and uint8)', async () => {
    for (const [zp, dt] of [[3, 3], [128, 2]] as const) {
      const b = new OnnxBuilder(13).input('x', ['N', 5]);
      const s = b.init('s', [], [0.05]);
      const z = b.init('z', [], [zp], dt);
      const q = b.node('QuantizeLinear', ['x', s, z]);
      b.node('DequantizeLinear', [q, s, z], {}, { outputs: ['y'] });
      const g = await expectMatchesOrt(b.output('y').build(), { lo: -8, hi: 8 });
      expect(g.nodes[1]!.op.kind).toBe('quantize');
    }
  });
  it('int8 weights with a per-channel DequantizeLinear fold into Conv weights', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 4, 4]);
    const wq = b.init('wq', [3, 2, 2, 2], rand(24, 5, -100, 100).map(Math.round), 3);
    const w = b.node('DequantizeLinear', [wq, b.init('ws', [3], [0.01, 0.02, 0.005]), b.init('wz', [3], [0, 0, 0], 3)], { axis: 0 });
    b.node('Conv', ['x', w], {}, { outputs: ['y'] });
    await expectMatchesOrt(b.output('y').build());
  });
});

describe('QuantizeLinear misuse', () => {
  it('an integer QuantizeLinear output read by another op is a coded error', () => {
    const b = new OnnxBuilder(13).input('x', ['N', 5]);
    const q = b.node('QuantizeLinear', ['x', b.init('s', [], [0.1]), b.init('z', [], [0], 3)]);
    b.node('Relu', [q], {}, { outputs: ['y'] });
    expect(() => importOnnx(b.output('y').build(), 'q.onnx')).toThrow(/E208/);
  });
});

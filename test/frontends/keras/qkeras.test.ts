// QKeras quantizers: hand-computed values of QKeras's formulas (google/qkeras quantizers.py), hls4ml's types,
// and the string / object spellings.
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../../src/diagnostics/errors.js';
import { activationResultType, parseQuantizer, quantizeValue, weightQuantOf, type Quantizer } from '../../../src/frontends/keras/index.js';

const q = (s: unknown): Quantizer => parseQuantizer(s, { file: 't' })!;
const apply = (s: unknown, xs: number[]) => xs.map((x) => quantizeValue(q(s), Math.fround(x)));
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof NnfabError ? e.code : 'other';
  }
  return 'none';
};

describe('quantized_bits', () => {
  it('symmetric 4-bit: clip(round_half_even(8x), -7, 7) / 8', () => {
    expect(apply('quantized_bits(4,0,1)', [0.3, 0.3125, 0.4375, -2, 1, -0.0625])).toEqual([0.25, 0.25, 0.5, -0.875, 0.875, 0]);
  });
  it('2-bit symmetric (qkeras_mnist_dense bias): clip(round(2x), -1, 1) / 2', () => {
    expect(apply({ class_name: 'quantized_bits', config: { bits: 2, integer: 0, symmetric: 1, alpha: null, keep_negative: true } }, [0.26, -0.74, 0.24, 3])).toEqual([0.5, -0.5, 0, 0.5]);
  });
  it('non-symmetric 6-bit reaches -1 but not +1', () => {
    expect(apply('quantized_bits(6,0)', [-1, 1, 0.015625 * 0.5, 0.015625 * 1.5])).toEqual([-1, 31 / 32, 0, 0.03125]);
  });
  it('integer bits scale the grid: quantized_bits(4,2) steps of 0.5 in [-4, 3.5]', () => {
    expect(apply('quantized_bits(4,2)', [1.3, 100, -100, 0.25, 0.75])).toEqual([1.5, 3.5, -4, 0, 1]);
  });
  it('keep_negative=False clips at 0; 1 unsigned bit of 0 bits gives the sign', () => {
    expect(apply('quantized_bits(4,0,0,0)', [-0.5, 0.5, 2])).toEqual([0, 0.5, 15 / 16]);
    expect(apply('quantized_bits(1,0)', [0, -0.1, 0.2])).toEqual([1, -1, 1]);
  });
  it('a numeric alpha scales the values; the declared type is alpha-free (hls4ml factors alpha out)', () => {
    expect(apply('quantized_bits(4,0,1,alpha=2)', [0.3])).toEqual([0.5]);
    expect(weightQuantOf(q('quantized_bits(4,0,1,alpha=2)'), true)).toMatchObject({ kind: 'fixed', type: { width: 4, integer: 1, signed: true } });
  });
  it('hls4ml weight types: fixed<b, i+1>, int<b> when b == i', () => {
    expect(weightQuantOf(q('quantized_bits(6,0,0,alpha=1)'), true)).toEqual({ kind: 'fixed', type: { width: 6, integer: 1, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 } });
    expect(weightQuantOf(q('quantized_bits(4,4)'), true)).toMatchObject({ kind: 'fixed', type: { width: 4, integer: 4 } });
  });
});

describe('quantized_relu', () => {
  it('quantized_relu(3,1): 2·clip(round(4x)/8, 0, 7/8)', () => {
    expect(apply('quantized_relu(3,1)', [1, 10, -1, 0.375, 0.125, 0.3])).toEqual([1, 1.75, 0, 0.5, 0, 0.25]);
  });
  it('quantized_relu(2) clips at 0.75 (QKeras), type ufixed<2,0,RND_CONV,SAT>', () => {
    expect(apply('quantized_relu(2)', [1, 0.4, 0.3])).toEqual([0.75, 0.5, 0.25]);
    expect(activationResultType(q('quantized_relu(2)'))).toEqual({ width: 2, integer: 0, signed: false, rounding: 'AP_RND_CONV', overflow: 'AP_SAT', satBits: 0 });
  });
  it('negative_slope 0.25 keeps a scaled negative part', () => {
    expect(apply('quantized_relu(4,0,0,0.25)', [-1, -0.5, 0.5])).toEqual([-0.25, -0.125, 0.5]);
  });
});

describe('quantized_po2', () => {
  it('quantized_po2(4,1): exponents in [-8, 7], |x| clipped to max_value 1, tiny values → 2^-8', () => {
    expect(apply('quantized_po2(4,1)', [0.3, -0.7, 5, 0, 1e-9, 0.0009])).toEqual([0.25, -0.5, 1, 2 ** -8, 2 ** -8, 2 ** -8]);
    expect(weightQuantOf(q('quantized_po2(4,1)'), true)).toEqual({ kind: 'po2', width: 4, maxExponent: 7 });
  });
  it('without max_value the exponent keeps a sign bit: quantized_po2(4) in [-4, 3]', () => {
    expect(apply('quantized_po2(4)', [100, 0.01, -3])).toEqual([8, 2 ** -4, -4]);
  });
});

describe('binary, ternary, tanh, sigmoid', () => {
  it('binary: sign with sign(0) = +1; types xnor (kernel) / int<2> (bias)', () => {
    expect(apply('binary', [0, -0.2, 3])).toEqual([1, -1, 1]);
    expect(weightQuantOf(q('binary()'), true)).toEqual({ kind: 'binary' });
    expect(weightQuantOf(q('binary()'), false)).toMatchObject({ kind: 'fixed', type: { width: 2, integer: 2 } });
  });
  it('ternary: threshold 0.33 by default', () => {
    expect(apply('ternary', [0.33, 0.3, -0.5, 0])).toEqual([1, 0, -1, 0]);
    expect(apply('ternary(threshold=0.5)', [0.4, 0.5])).toEqual([0, 1]);
  });
  it('quantized_tanh(4) (hard): clip(round(8·clip(x,-1,1))/8, -7/8, 7/8); type fixed<4,1>', () => {
    expect(apply('quantized_tanh(4)', [0.3, 5, -5])).toEqual([0.25, 0.875, -0.875]);
    expect(activationResultType(q('quantized_tanh(4)'))).toMatchObject({ width: 4, integer: 1, signed: true, overflow: 'AP_SAT' });
  });
  it('quantized_sigmoid(4) (hard): in [1/16, 15/16]; type ufixed<4,0>', () => {
    expect(apply('quantized_sigmoid(4)', [0, 10, -10])).toEqual([0.5, 15 / 16, 1 / 16]);
    expect(activationResultType(q('quantized_sigmoid(4)'))).toMatchObject({ width: 4, integer: 0, signed: false });
  });
});

describe('quantizer spellings and bad arguments', () => {
  it('strings and objects give the same quantizer', () => {
    expect(q('quantized_relu(3,1)')).toEqual(q({ class_name: 'quantized_relu', config: { bits: 3, integer: 1, use_sigmoid: 0, negative_slope: 0.0, relu_upper_bound: null } }));
    expect(q('quantized_bits(4, 0, 1, alpha=1)')).toEqual(q({ class_name: 'quantized_bits', config: { bits: 4, integer: 0, symmetric: 1, alpha: 1 } }));
  });
  it('unknown quantizers are E306, unknown or unsupported arguments E305 naming the key', () => {
    expect(code(() => q('quantized_foo(3)'))).toBe('E306');
    expect(code(() => q('quantized_bits(4, bogus=1)'))).toBe('E305');
    expect(code(() => q("quantized_bits(4,0,1,alpha='auto_po2')"))).toBe('none');
    expect(code(() => q("quantized_bits(4,0,1,alpha='sometimes')"))).toBe('E305');
    expect(code(() => q({ class_name: 'quantized_relu', config: { bits: 3, use_sigmoid: 1 } }))).toBe('E305');
    try {
      q('quantized_bits(4, bogus=1)');
    } catch (e) {
      expect((e as NnfabError).message).toContain('bogus');
    }
  });
});

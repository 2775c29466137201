// hls4ml's weight text path: Python '{:.Nf}' (exact value, ties to even), read back as double, then quantized.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFixedType, quantizeToRaw, rawToNumber } from '../../src/fixed/index.js';
import { decimalRoundTrip, formatDecimalExact, formatDecimalFixed, quantizeWeightArray, quantizeWeightValue, weightDigits } from '../../src/passes/decimal-text.js';
import { quantizeGraph } from '../../src/api/configure.js';
import type { DenseOp } from '../../src/ir/ops.js';
import { Chain } from './fixtures.js';

const T = parseFixedType;
const direct = (x: number, t: string) => rawToNumber(quantizeToRaw(x, T(t)), T(t).width - T(t).integer);

describe("Python's fixed-point formatting", () => {
  it('rounds the exact binary value, exact ties to even, keeps the sign of negative zero results', () => {
    expect(formatDecimalFixed(0.125, 2)).toBe('0.12');
    expect(formatDecimalFixed(0.375, 2)).toBe('0.38');
    expect(formatDecimalFixed(2.5, 0)).toBe('2');
    expect(formatDecimalFixed(3.5, 0)).toBe('4');
    expect(formatDecimalFixed(-0.001, 2)).toBe('-0.00');
    expect(formatDecimalFixed(0.1, 20)).toBe('0.10000000000000000555');
    expect(formatDecimalFixed(123.456, 1)).toBe('123.5');
    expect(formatDecimalFixed(1.005, 2)).toBe('1.00'); // 1.005 is 1.00499999999999989...
    expect(formatDecimalFixed(-7, 3)).toBe('-7.000');
  });
  it('the toFixed fast path gives the exact path\'s text, ties and huge values included', () => {
    const xs = fc.sample(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -4096, max: 4096 }).map((k) => k / 64)), 3000);
    for (const x of [...xs, 0.125, -0.125, 2.5, -0, 1e22, -3.5]) {
      for (const d of [0, 1, 2, 3, 6, 10]) expect(formatDecimalFixed(x, d)).toBe(formatDecimalExact(x, d));
    }
  });
  it('agrees with toFixed except on exact ties (toFixed rounds those away from zero)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 12 }), (x, d) => {
        const ours = formatDecimalFixed(x, d);
        const js = x.toFixed(d);
        // they differ only by the sign of a zero result (Python keeps "-0.00") or by one unit on an exact tie
        if (ours !== js && Number(ours) !== Number(js)) {
          expect(Math.abs(Math.abs(Number(ours) - Number(js)) - 10 ** -d)).toBeLessThan(10 ** -d * 1e-6);
          expect(Math.abs(Math.abs(x - Number(ours)) - 0.5 * 10 ** -d)).toBeLessThan(10 ** -d * 1e-6);
        }
        expect(Math.abs(Number(ours) - x)).toBeLessThanOrEqual(0.5 * 10 ** -d * (1 + 1e-9));
      }),
    );
  });
});

describe('weight quantization through the decimal text', () => {
  it('differs from direct quantization when the decimal rounding crosses a grid point', () => {
    const x = 2 ** -10 - 1e-11; // just below the fixed<16,6> grid point 2^-10
    expect(formatDecimalFixed(x, 10)).toBe('0.0009765625');
    expect(quantizeWeightValue(x, T('fixed<16,6>'))).toBe(2 ** -10);
    expect(direct(x, 'fixed<16,6>')).toBe(0);
    const y = -(2 ** -10) - 1e-11;
    expect(quantizeWeightValue(y, T('fixed<16,6>'))).toBe(-(2 ** -10));
    expect(direct(y, 'fixed<16,6>')).toBe(-(2 ** -9));
    expect(quantizeWeightValue(0.2499, T('fixed<4,2>'))).toBe(0.25);
    expect(direct(0.2499, 'fixed<4,2>')).toBe(0);
  });
  it('writes integer types with no decimals (round half even), then converts', () => {
    expect(weightDigits(T('int<4>'))).toBe(0);
    expect(weightDigits(T('fixed<4,6>'))).toBe(0);
    expect(quantizeWeightValue(3.7, T('int<4>'))).toBe(4);
    expect(quantizeWeightValue(2.5, T('int<4>'))).toBe(2);
    expect(decimalRoundTrip(2.5, 0)).toBe(2);
  });
  it('the array path equals the scalar path', () => {
    const xs = Float64Array.from(fc.sample(fc.double({ min: -40, max: 40, noNaN: true }), 2000));
    for (const t of ['fixed<16,6>', 'fixed<8,3,RND,SAT>', 'int<6>', 'ufixed<10,2,RND_CONV,WRAP>']) {
      expect(Array.from(quantizeWeightArray(xs, T(t)))).toEqual(Array.from(xs, (x) => quantizeWeightValue(x, T(t))));
    }
  });
  it('is the identity on values already on the grid (QKeras weights)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 15), max: 2 ** 15 - 1 }), (raw) => {
        const v = raw * 2 ** -10;
        expect(quantizeWeightValue(v, T('fixed<16,6>'))).toBe(v);
      }),
    );
  });
  it('the pass leaves every dense weight exactly on its type grid', () => {
    const g = new Chain()
      .add('x', { kind: 'input' }, [2], 'InputLayer')
      .add('fc', { kind: 'dense', weight: { shape: [2, 2], data: Float64Array.from([0.2499, -0.2501, 1.13, 7.9]) }, bias: { shape: [2], data: Float64Array.from([0.1, -0.1]) } }, [2], 'Dense')
      .graph();
    const q = quantizeGraph(g, { Model: { Precision: 'fixed<4,2>' } }).graph;
    expect(Array.from((q.nodes[1]!.op as DenseOp).weight.data)).toEqual([0.25, -0.25, 1, -0.25]); // 7.9 → "7.90" → raw 31 wraps in 4 bits to −1 (fixed<4,2> holds [−2, 1.75])
  });
});

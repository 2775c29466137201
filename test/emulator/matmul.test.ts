// The three product-accumulate kernels (fast float64, general float64, exact BigInt) give the same bits and counts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FixedType } from '../../src/ir/fixed-type.js';
import { matmul, type MatmulArgs, type MatmulCounters, type MatmulPath } from '../../src/emulator/matmul.js';
import { newOverflowCounts } from '../../src/fixed/index.js';
import { simdAvailable } from '../../src/emulator/matmul-simd.js';
import type { PreparedWeights } from '../../src/emulator/weights.js';

const ft = (width: number, integer: number, signed = true): FixedType => ({ width, integer, signed, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 });

function counters(): MatmulCounters {
  const p = (point: 'product' | 'accum' | 'result') => ({ point, type: '', total: 0, counts: newOverflowCounts() });
  return { product: p('product'), accum: p('accum'), result: p('result') };
}

function run(a: MatmulArgs, path: MatmulPath): { out: number[]; c: MatmulCounters } {
  const c = counters();
  return { out: Array.from(matmul(a, c, path)), c };
}

const rawIn = (t: FixedType) => fc.integer({ min: t.signed ? -(2 ** (t.width - 1)) : 0, max: 2 ** (t.signed ? t.width - 1 : t.width) - 1 });

const argsArb = fc
  .record({
    wx: fc.integer({ min: 2, max: 16 }),
    ix: fc.integer({ min: -2, max: 8 }),
    ww: fc.integer({ min: 2, max: 16 }),
    iw: fc.integer({ min: -2, max: 6 }),
    wa: fc.integer({ min: 4, max: 30 }),
    ia: fc.integer({ min: 0, max: 12 }),
    po2: fc.boolean(),
    nIn: fc.integer({ min: 1, max: 6 }),
    nOut: fc.integer({ min: 1, max: 4 }),
    rows: fc.integer({ min: 1, max: 3 }),
  })
  .chain((d) => {
    const xType = ft(d.wx, d.ix);
    const accum = ft(d.wa, d.ia);
    const result = ft(Math.max(2, d.wa - 4), d.ia - 2);
    const n = d.nIn * d.nOut;
    const weights: fc.Arbitrary<PreparedWeights> = d.po2
      ? fc.record({
          neg: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          exp: fc.array(fc.integer({ min: -8, max: 7 }), { minLength: n, maxLength: n }),
        }).map((r) => ({ kind: 'po2' as const, negative: Uint8Array.from(r.neg, Number), exponent: Int32Array.from(r.exp), expWidth: 4 }))
      : fc.array(rawIn(ft(d.ww, d.iw)), { minLength: n, maxLength: n }).map((raw) => ({ kind: 'fixed' as const, raw: Float64Array.from(raw), frac: d.ww - d.iw, width: d.ww }));
    return fc.record({
      x: fc.array(rawIn(xType), { minLength: d.rows * d.nIn, maxLength: d.rows * d.nIn }),
      w: weights,
      bias: fc.array(rawIn(accum), { minLength: d.nOut, maxLength: d.nOut }),
    }).map((v): MatmulArgs => ({
      x: Float64Array.from(v.x),
      rows: d.rows,
      nIn: d.nIn,
      nOut: d.nOut,
      xType,
      w: v.w,
      biasAcc: Float64Array.from(v.bias),
      accum,
      result,
    }));
  });

describe('matmul kernels', () => {
  it('fast, general and BigInt kernels agree bit for bit, overflow counts included', () => {
    fc.assert(
      fc.property(argsArb, (a) => {
        const fast = run(a, 'fast');
        const scalar = run(a, 'scalar');
        const gen = run(a, 'general');
        const big = run(a, 'big');
        expect(fast.out).toEqual(big.out);
        expect(scalar.out).toEqual(big.out);
        expect(gen.out).toEqual(big.out);
        for (const k of ['product', 'accum', 'result'] as const) {
          expect(fast.c[k].counts).toEqual(big.c[k].counts);
          expect(scalar.c[k].counts).toEqual(big.c[k].counts);
          expect(gen.c[k].counts).toEqual(big.c[k].counts);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the int32 WebAssembly SIMD kernel equals the scalar int32 and BigInt kernels (sizes not a multiple of 4, wraps)', () => {
    // Node >= 20 has WebAssembly SIMD: without it this property would only compare the scalar kernel with itself
    expect(simdAvailable()).toBe(true);
    const simdArb = fc
      .record({ wa: fc.integer({ min: 6, max: 30 }), ia: fc.integer({ min: 1, max: 12 }), nIn: fc.integer({ min: 1, max: 40 }), nOut: fc.integer({ min: 1, max: 13 }), rows: fc.integer({ min: 1, max: 9 }) })
      .chain((d) => {
        const xType = ft(16, 6);
        const accum = ft(d.wa, d.ia);
        const wType = ft(15, 5);
        return fc.record({
          x: fc.array(fc.oneof(fc.constant(0), rawIn(xType)), { minLength: d.rows * d.nIn, maxLength: d.rows * d.nIn }),
          w: fc.array(rawIn(wType), { minLength: d.nIn * d.nOut, maxLength: d.nIn * d.nOut }),
          bias: fc.array(rawIn(accum), { minLength: d.nOut, maxLength: d.nOut }),
        }).map((v): MatmulArgs => ({
          x: Float64Array.from(v.x),
          rows: d.rows,
          nIn: d.nIn,
          nOut: d.nOut,
          xType,
          w: { kind: 'fixed', raw: Float64Array.from(v.w), frac: 10, width: 15 },
          biasAcc: Float64Array.from(v.bias),
          accum,
          result: ft(Math.max(2, d.wa - 3), d.ia - 1),
        }));
      });
    fc.assert(
      fc.property(simdArb, (a) => {
        const fast = run(a, 'fast');
        const scalar = run(a, 'scalar');
        const big = run(a, 'big');
        expect(fast.out).toEqual(big.out);
        expect(scalar.out).toEqual(big.out);
        for (const k of ['product', 'accum', 'result'] as const) {
          expect(fast.c[k].counts).toEqual(big.c[k].counts);
          expect(scalar.c[k].counts).toEqual(big.c[k].counts);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hand-computed: products floor into accum_t, bias first, partial sums wrap', () => {
    // x = 1.5 (fixed<4,2>: raw 6, F=2); w = 0.75 and 0.625 (fixed<4,1>: raw 6, 5, F=3); accum fixed<4,2> (F=2)
    // products 1.125 → floor 1.0, 0.9375 → 0.75; bias 1.5; 1.5 + 1.0 = 2.5 wraps (range [−2, 1.75]) to −1.5; −1.5 + 0.75 = −0.75
    const a: MatmulArgs = {
      x: Float64Array.of(6, 6),
      rows: 1,
      nIn: 2,
      nOut: 1,
      xType: ft(4, 2),
      w: { kind: 'fixed', raw: Float64Array.of(6, 5), frac: 3, width: 4 },
      biasAcc: Float64Array.of(6),
      accum: ft(4, 2),
      result: ft(8, 4),
    };
    for (const path of ['fast', 'general', 'big'] as const) {
      const { out, c } = run(a, path);
      expect(out).toEqual([-0.75 * 16]);
      expect(c.accum.counts.wrapped).toBe(1);
      expect(c.product.counts.outOfRange).toBe(0);
    }
  });

  it('po2 products: x·2^e floored into ap_fixed<2n, n>, then negated (hls4ml weight_exponential)', () => {
    // x = −0.75 (fixed<3,1>, raw −3, F=2), weight −2^−3: (r_T)x >> 3 = floor(−0.09375 · 2^7)/2^7 = −12/128, negated → +12/128
    const a: MatmulArgs = {
      x: Float64Array.of(-3),
      rows: 1,
      nIn: 1,
      nOut: 1,
      xType: ft(3, 1),
      w: { kind: 'po2', negative: Uint8Array.of(1), exponent: Int32Array.of(-3), expWidth: 4 },
      biasAcc: Float64Array.of(0),
      accum: ft(16, 6),
      result: ft(16, 6),
    };
    // 12/128 = 0.09375 → accum F=10: 96
    for (const path of ['fast', 'general', 'big'] as const) expect(run(a, path).out).toEqual([96]);
  });
});

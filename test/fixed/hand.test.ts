// Hand-computed cases of the fixed-point core: Xilinx's documented examples, the README example, special values.
import { describe, expect, it } from 'vitest';
import {
  castNumber,
  castRaw,
  fixedType,
  parseFixedType,
  quantize,
  quantizeNumber,
  quantizeToRaw,
  rawToDecimal,
  type FixedType,
} from '../../src/fixed/index.js';

const T = (s: string): FixedType => parseFixedType(s);
/** Quantize x into the type and return the exact decimal value. */
const q = (s: string, x: number): string => {
  const t = T(s);
  const raw = quantizeToRaw(x, t);
  if (t.width <= 53) expect(quantizeNumber(x, t)).toBe(Number(raw));
  return rawToDecimal(raw, t.width - t.integer);
};

describe('Xilinx documented overflow examples (UG1399)', () => {
  it.each([
    ['ap_fixed<4,4,AP_RND,AP_SAT>', 19, '7'],
    ['ap_fixed<4,4,AP_RND,AP_SAT>', -19, '-8'],
    ['ap_ufixed<4,4,AP_RND,AP_SAT>', 19, '15'],
    ['ap_ufixed<4,4,AP_RND,AP_SAT>', -19, '0'],
    ['ap_fixed<4,4,AP_RND,AP_SAT_ZERO>', 19, '0'],
    ['ap_fixed<4,4,AP_RND,AP_SAT_ZERO>', -19, '0'],
    ['ap_ufixed<4,4,AP_RND,AP_SAT_ZERO>', -19, '0'],
    ['ap_fixed<4,4,AP_RND,AP_SAT_SYM>', 19, '7'],
    ['ap_fixed<4,4,AP_RND,AP_SAT_SYM>', -19, '-7'],
    ['ap_ufixed<4,4,AP_RND,AP_SAT_SYM>', -19, '0'],
    ['ap_fixed<4,4,AP_RND,AP_WRAP>', 31, '-1'],
    ['ap_fixed<4,4,AP_RND,AP_WRAP>', 19, '3'],
    ['ap_fixed<4,4,AP_RND,AP_WRAP_SM>', 19, '-4'],
    ['ap_fixed<4,4,AP_RND,AP_WRAP_SM>', -19, '2'],
    ['ap_fixed<3,2,AP_RND,AP_SAT>', 1.25, '1.5'],
    ['ap_fixed<3,2,AP_RND,AP_SAT>', -1.25, '-1'],
    ['ap_fixed<3,2,AP_RND_ZERO,AP_SAT>', 1.25, '1'],
    ['ap_fixed<3,2,AP_RND_ZERO,AP_SAT>', -1.25, '-1'],
    ['ap_fixed<3,2,AP_RND_MIN_INF,AP_SAT>', 1.25, '1'],
    ['ap_fixed<3,2,AP_RND_MIN_INF,AP_SAT>', -1.25, '-1.5'],
    ['ap_fixed<3,2,AP_RND_INF,AP_SAT>', 1.25, '1.5'],
    ['ap_fixed<3,2,AP_RND_INF,AP_SAT>', -1.25, '-1.5'],
    ['ap_fixed<3,2,AP_RND_CONV,AP_SAT>', 0.75, '1'],
    ['ap_fixed<3,2,AP_RND_CONV,AP_SAT>', -1.25, '-1'],
    ['ap_fixed<3,2,AP_TRN,AP_SAT>', 1.25, '1'],
    ['ap_fixed<3,2,AP_TRN,AP_SAT>', -1.25, '-1.5'],
    ['ap_fixed<3,2,AP_TRN_ZERO,AP_SAT>', -1.25, '-1'],
  ])('%s = %d → %s', (type, x, want) => {
    expect(q(type, x)).toBe(want);
  });
});

describe('quantize', () => {
  it('matches the issue example ap_fixed<8,3> 1.3 → 1.28125 (raw 41)', () => {
    expect(quantizeToRaw(1.3, T('ap_fixed<8,3>'))).toBe(41n);
  });
  it('gives the hand-computed CLI example under AP_RND_CONV, AP_SAT_SYM', () => {
    const t = T('ap_fixed<8,3,AP_RND_CONV,AP_SAT_SYM>');
    expect([1.3, -7.77, 0.0625].map((x) => quantizeToRaw(x, t))).toEqual([42n, -127n, 2n]);
    expect(quantize(-7.77, t)).toEqual({ raw: -127n, event: 'sat', outOfRange: true });
  });
  it('quantizes −0 to 0 and NaN to 0; ±Inf as ±2^1024 under the overflow mode', () => {
    const wrap = T('fixed<8,3>');
    const sat = T('fixed<8,3,TRN,SAT>');
    expect(Object.is(quantizeNumber(-0, wrap), 0)).toBe(true);
    expect(quantizeToRaw(-0, wrap)).toBe(0n);
    expect(quantize(NaN, sat)).toEqual({ raw: 0n, event: 'nonfinite', outOfRange: false });
    expect(quantize(Infinity, wrap)).toEqual({ raw: 0n, event: 'nonfinite', outOfRange: true });
    expect(quantize(Infinity, sat).raw).toBe(127n);
    expect(quantize(-Infinity, sat).raw).toBe(-128n);
    expect(quantizeNumber(-Infinity, sat)).toBe(-128);
    expect(quantizeToRaw(Infinity, T('fixed<8,3,TRN,WRAP,2>'))).toBe(0b0100_0000n);
  });
  it('handles I > W and I < 0', () => {
    expect(q('ap_fixed<4,8>', 100)).toBe('96');
    expect(q('ap_fixed<4,8>', 130)).toBe('-128');
    expect(q('ap_ufixed<1,-1,AP_RND>', 0.2)).toBe('0.25');
    expect(q('ap_fixed<2,0>', -0.5)).toBe('-0.5');
    expect(q('ap_fixed<4,-2,AP_RND,AP_SAT>', 1)).toBe('0.109375');
  });
  it('integer types truncate toward zero like C++ ap_int', () => {
    expect(q('int<8>', -2.7)).toBe('-2');
    expect(q('ap_uint<4>', 17.9)).toBe('1');
  });
  it('applies AP_WRAP saturation bits as Xilinx does', () => {
    // 19 = 1_0011: W=4 signed, N=1: MSB := sign (0) → 0011 = 3; −19 → …1101 with MSB 1 → −3
    expect(q('ap_fixed<4,4,AP_TRN,AP_WRAP,1>', 19)).toBe('3');
    expect(q('ap_fixed<4,4,AP_TRN,AP_WRAP,1>', -19)).toBe('-3');
    // N=2: top two bits 01 on positive overflow, 10 on negative: 19 → 0111 = 7, −19 → 1001 = −7
    expect(q('ap_fixed<4,4,AP_TRN,AP_WRAP,2>', 19)).toBe('7');
    expect(q('ap_fixed<4,4,AP_TRN,AP_WRAP,2>', -19)).toBe('-7');
    // unsigned: the top N bits become ones on overflow and on underflow
    expect(q('ap_ufixed<4,4,AP_TRN,AP_WRAP,1>', 17)).toBe('9');
    expect(q('ap_ufixed<4,4,AP_TRN,AP_WRAP,1>', -3)).toBe('13');
  });
  it('wide types stay exact', () => {
    const t = fixedType(128, 64);
    expect(quantizeToRaw(2 ** -64, t)).toBe(1n);
    expect(quantizeToRaw(-(2 ** 62) - 1024, t)).toBe(-(2n ** 126n) - 2n ** 74n);
    expect(quantizeToRaw(2 ** 70, t)).toBe(0n);
  });
});

describe('cast', () => {
  it('re-quantizes raws between types, fast and BigInt alike', () => {
    const t = T('ap_fixed<6,3,AP_RND_CONV,AP_SAT>');
    expect(castRaw(0b1011n, 3, t)).toBe(0b1011n); // same F
    expect(castRaw(5n, 2, t)).toBe(10n); // 1.25
    expect(castRaw(21n, 4, t)).toBe(10n); // 1.3125 → 1.25 (tie → even)
    expect(castRaw(23n, 4, t)).toBe(12n); // 1.4375 → 1.5 (tie → even)
    expect(castRaw(1000n, 0, t)).toBe(31n);
    expect(castNumber(23, 4, t)).toBe(12);
    expect(castNumber(1000, 0, t)).toBe(31);
  });
});

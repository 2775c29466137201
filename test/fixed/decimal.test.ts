// Exact decimal strings, float64 views of raws, and the decimal input rule (nearest double, like C++).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { parseDecimal, rawToDecimal, rawToNumber } from '../../src/fixed/index.js';
import { rationalOfDouble } from './reference.js';

describe('rawToDecimal', () => {
  it.each([
    [41n, 5, '1.28125'],
    [-248n, 5, '-7.75'],
    [0n, 7, '0'],
    [-1n, 1, '-0.5'],
    [3n, -4, '48'],
    [-3n, -4, '-48'],
    [1n, 10, '0.0009765625'],
    [-(2n ** 127n), 64, '-9223372036854775808'],
  ])('%s · 2^-%d = %s', (raw, frac, want) => {
    expect(rawToDecimal(raw, frac)).toBe(want);
  });

  it('is exact: the decimal string denotes raw · 2^-frac', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }), fc.integer({ min: -30, max: 120 }), (raw, frac) => {
        const text = rawToDecimal(raw, frac);
        const [ip, fp = ''] = text.split('.');
        const digits = BigInt(`${ip}${fp}`.replace(/^-?/, text.startsWith('-') ? '-' : ''));
        const lhs = frac >= 0 ? digits * 2n ** BigInt(frac) : digits;
        const rhs = frac >= 0 ? raw * 10n ** BigInt(fp.length) : raw * 2n ** BigInt(-frac) * 10n ** BigInt(fp.length);
        expect(lhs).toBe(rhs);
        expect(fp.endsWith('0')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('rawToNumber', () => {
  it('is exact below 2^53 and rounds to nearest above', () => {
    expect(rawToNumber(41n, 5)).toBe(1.28125);
    expect(rawToNumber(-3, -2)).toBe(-12);
    expect(Object.is(rawToNumber(0n, 3), 0)).toBe(true);
    expect(rawToNumber(2n ** 60n + 1n, 60)).toBe(1);
    expect(rawToNumber(1n, 1100)).toBe(0);
    expect(rawToNumber(2n ** 1000n, 1060)).toBe(2 ** -60);
  });
});

describe('parseDecimal', () => {
  it('reads the nearest double, like strtod', () => {
    expect(parseDecimal('1.3')).toBe(1.3);
    expect(rationalOfDouble(parseDecimal('1.3')).num).toBe(5854679515581645n); // 1.3 ≈ 5854679515581645 / 2^52
    expect(parseDecimal('-7.77')).toBe(-7.77);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('+2e-3')).toBe(0.002);
    expect(parseDecimal('1e400')).toBe(Infinity);
    expect(parseDecimal('-inf')).toBe(-Infinity);
    expect(parseDecimal('NaN')).toBeNaN();
    expect(Object.is(parseDecimal('-0'), -0)).toBe(true);
  });
  it.each(['', 'abc', '1.2.3', '0x10', '1e', '--1', '1,5', 'Infinityx'])('rejects %j with E108', (text) => {
    expect(() => parseDecimal(text)).toThrow(NnfabError);
    expect(() => parseDecimal(text)).toThrow(/E108/);
  });
});

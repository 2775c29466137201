// Growth rules hold every exact result; division by an integer and conversion to int truncate toward zero.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addRaw,
  addType,
  cast,
  compareRaw,
  divByIntNumber,
  divByIntRaw,
  divByIntType,
  fixedType,
  formatCppType,
  fracBits,
  maxRaw,
  minRaw,
  mulRaw,
  mulType,
  parseFixedType,
  subRaw,
  subType,
  toIntNumber,
  toIntRaw,
  type FixedType,
} from '../../src/fixed/index.js';
import { arbType } from './arbitraries.js';

/** A raw integer inside t's range, biased toward the extremes. */
function arbRawIn(t: FixedType): fc.Arbitrary<bigint> {
  return fc.oneof(fc.constantFrom(minRaw(t), maxRaw(t), 0n), fc.bigInt({ min: minRaw(t), max: maxRaw(t) }));
}

/** A pair of types with a raw value in each. */
const arbOperands = arbType(64).chain((a) =>
  arbType(64).chain((b) => fc.tuple(fc.constant(a), arbRawIn(a), fc.constant(b), arbRawIn(b))),
);

/** The exact value raw·2^−frac fits type t without any rounding or overflow. */
function holds(t: FixedType, raw: bigint, frac: number): void {
  const r = cast(raw, frac, t);
  expect(r.event).toBe('ok');
  expect(fracBits(t)).toBe(frac); // same grid: raw unchanged
  expect(r.raw).toBe(raw);
}

describe('ap_fixed result types hold exact results', () => {
  it('add, sub and mul of any two values, mixed signedness included', () => {
    fc.assert(
      fc.property(arbOperands, ([a, x, b, y]) => {
        const fa = fracBits(a);
        const fb = fracBits(b);
        const s = addRaw(x, fa, y, fb);
        holds(addType(a, b), s.raw, s.frac);
        const d = subRaw(x, fa, y, fb);
        holds(subType(a, b), d.raw, d.frac);
        const p = mulRaw(x, fa, y, fb);
        holds(mulType(a, b), p.raw, p.frac);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the ap_fixed rules on hand cases', () => {
    const T = parseFixedType;
    expect(formatCppType(addType(T('ap_fixed<16,6>'), T('ap_fixed<8,3>')))).toBe('ap_fixed<17,7>');
    expect(formatCppType(addType(T('ap_ufixed<8,4>'), T('ap_fixed<8,4>')))).toBe('ap_fixed<10,6>');
    expect(formatCppType(subType(T('ap_ufixed<8,4>'), T('ap_ufixed<6,2>')))).toBe('ap_fixed<9,5>');
    expect(formatCppType(addType(T('ap_ufixed<8,4>'), T('ap_ufixed<6,2>')))).toBe('ap_ufixed<9,5>');
    expect(formatCppType(mulType(T('ap_fixed<16,6>'), T('ap_ufixed<8,0>')))).toBe('ap_fixed<24,6>');
    expect(formatCppType(divByIntType(T('ap_fixed<16,6>')))).toBe('ap_fixed<17,7>');
  });
});

describe('truncation toward zero', () => {
  it('divides by an integer keeping the dividend fraction bits', () => {
    // −7.75 (raw −31 at F=2) / 2 = −3.875 → −3.75 (raw −15); 7.75 / 2 → 3.75; −7.75 / −4 = 1.9375 → 1.75
    expect(divByIntRaw(-31n, 2n)).toBe(-15n);
    expect(divByIntRaw(31n, 2n)).toBe(15n);
    expect(divByIntRaw(-31n, -4n)).toBe(7n);
    expect(divByIntNumber(-31, 2)).toBe(-15);
    expect(Object.is(divByIntNumber(-1, 4), 0)).toBe(true);
  });
  it('converts to int like C++ (−7.5 → −7, 7.5 → 7, −0.25 → 0)', () => {
    expect(toIntRaw(-15n, 1)).toBe(-7n);
    expect(toIntRaw(15n, 1)).toBe(7n);
    expect(toIntRaw(-1n, 2)).toBe(0n);
    expect(toIntRaw(3n, -2)).toBe(12n);
    expect(toIntNumber(-15, 1)).toBe(-7);
    expect(Object.is(toIntNumber(-1, 2), 0)).toBe(true);
  });
  it('compares exact values across grids', () => {
    expect(compareRaw(3n, 1, 6n, 2)).toBe(0);
    expect(compareRaw(-1n, 0, 1n, 10)).toBe(-1);
    expect(compareRaw(1n, -3, 7n, 0)).toBe(1);
  });
});

it('rejects growth beyond the maximum width with a coded error', () => {
  expect(() => mulType(fixedType(4000, 3), fixedType(200, 3))).toThrow(/E102/);
});

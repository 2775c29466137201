// fast-check generators of fixed-point types and of values near, at and beyond their ranges.
import fc from 'fast-check';
import { OVERFLOW_MODES, ROUNDING_MODES, type FixedType } from '../../src/ir/fixed-type.js';

/** Any valid type with width in [1, maxWidth], I in [−24, 24] or [W − 24, W + 24], every mode (no unsigned AP_WRAP_SM). */
export function arbType(maxWidth = 128): fc.Arbitrary<FixedType> {
  return fc
    .record({
      width: fc.integer({ min: 1, max: maxWidth }),
      intOffset: fc.integer({ min: -24, max: 24 }),
      signed: fc.boolean(),
      rounding: fc.constantFrom(...ROUNDING_MODES),
      overflow: fc.constantFrom(...OVERFLOW_MODES),
      satFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      satPick: fc.integer({ min: 0, max: 3 }),
      absolute: fc.boolean(),
    })
    .map((r) => {
      const integer = r.absolute ? r.intOffset : r.width + r.intOffset; // I near 0 or near W, both beyond
      const satBits = r.satPick === 0 ? 0 : r.satPick === 1 ? Math.min(r.width, 1) : Math.round(r.satFrac * r.width);
      const overflow = !r.signed && r.overflow === 'AP_WRAP_SM' ? 'AP_WRAP' : r.overflow;
      return { width: r.width, integer, signed: r.signed, rounding: r.rounding, overflow, satBits };
    });
}

/** A float64 near the type's grid and range: k/8 LSBs for k around the range (ties at odd multiples of 4). */
export function arbNearValue(t: FixedType): fc.Arbitrary<number> {
  const F = t.width - t.integer;
  const span = 2 ** Math.min(t.width + 1, 49);
  return fc
    .tuple(fc.integer({ min: -span, max: span }), fc.integer({ min: 0, max: 7 }))
    .map(([k, j]) => (k + j / 8) * 2 ** -F);
}

/** Any float64 including NaN, ±Infinity, ±0 and subnormals. */
export const arbAnyDouble: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, Number.MIN_VALUE, -Number.MAX_VALUE),
);

/** A type together with a value to quantize into it. */
export function arbTypeAndValue(maxWidth = 128): fc.Arbitrary<[FixedType, number]> {
  return arbType(maxWidth).chain((t) => fc.tuple(fc.constant(t), fc.oneof(arbNearValue(t), arbAnyDouble)));
}

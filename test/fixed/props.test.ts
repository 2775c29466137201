// Property tests: the implementation against the independent BigInt-rational reference, and fast vs BigInt paths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCounts,
  castArray,
  castNumber,
  cast,
  castRaw,
  fracBits,
  newOverflowCounts,
  quantize,
  quantizeArray,
  quantizeNumber,
  type FixedType,
} from '../../src/fixed/index.js';
import { OVERFLOW_MODES, ROUNDING_MODES } from '../../src/ir/fixed-type.js';
import { arbType, arbTypeAndValue } from './arbitraries.js';
import { refConvert, refQuantize } from './reference.js';

const RUNS = 3000;

describe('quantize vs the exact reference', () => {
  it('agrees on random types (W ≤ 128) and values (any double, near range, ties)', () => {
    fc.assert(
      fc.property(arbTypeAndValue(128), ([t, x]) => {
        const got = quantize(x, t);
        const want = refQuantize(x, t);
        expect(got.raw).toBe(want.raw);
        expect(got.outOfRange).toBe(want.overflow);
        if (Number.isFinite(x)) expect(got.event === 'ok').toBe(!want.overflow);
        else expect(got.event).toBe('nonfinite');
      }),
      { numRuns: RUNS },
    );
  });

  it('covers every rounding × overflow combination exhaustively on a small grid', () => {
    for (const rounding of ROUNDING_MODES) {
      for (const overflow of OVERFLOW_MODES) {
        for (const signed of [true, false]) {
          if (!signed && overflow === 'AP_WRAP_SM') continue;
          for (const satBits of [0, 1, 2, 4]) {
            const t: FixedType = { width: 4, integer: 2, signed, rounding, overflow, satBits };
            for (let k = -160; k <= 160; k++) {
              const x = k / 16; // 1/16 steps: LSB is 1/4, so every tie and every rounding case appears
              expect(quantize(x, t).raw, `${JSON.stringify(t)} x=${x}`).toBe(refQuantize(x, t).raw);
              expect(quantizeNumber(x, t)).toBe(Number(refQuantize(x, t).raw));
            }
          }
        }
      }
    }
  });
});

describe('cast vs the exact reference', () => {
  it('re-quantizes random raws of any source precision', () => {
    const arbRaw = fc.bigInt({ min: -(2n ** 140n), max: 2n ** 140n });
    fc.assert(
      fc.property(arbType(128), arbRaw, fc.integer({ min: -40, max: 170 }), (t, raw, fromFrac) => {
        const den = fromFrac >= 0 ? 2n ** BigInt(fromFrac) : 1n;
        const num = fromFrac >= 0 ? raw : raw * 2n ** BigInt(-fromFrac);
        const want = refConvert({ num, den }, t);
        const got = cast(raw, fromFrac, t);
        expect(got.raw).toBe(want.raw);
        expect(got.outOfRange).toBe(want.overflow);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fast float64 path vs BigInt path', () => {
  it('quantizeNumber gives the same bits as quantize (W ≤ 53)', () => {
    fc.assert(
      fc.property(arbTypeAndValue(53), ([t, x]) => {
        expect(quantizeNumber(x, t)).toBe(Number(quantize(x, t).raw));
      }),
      { numRuns: RUNS },
    );
  });

  it('castNumber gives the same bits as castRaw (|raw| < 2^53, W ≤ 53)', () => {
    const arbRaw = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -4096, max: 4096 }));
    fc.assert(
      fc.property(arbType(53), arbRaw, fc.integer({ min: -60, max: 120 }), (t, raw, fromFrac) => {
        expect(castNumber(raw, fromFrac, t)).toBe(Number(castRaw(BigInt(raw), fromFrac, t)));
      }),
      { numRuns: RUNS },
    );
  });

  it('array versions count every event like the scalar BigInt path', () => {
    fc.assert(
      fc.property(arbType(53), fc.array(fc.double(), { maxLength: 40 }), fc.integer({ min: -8, max: 60 }), (t, xs, fromFrac) => {
        const src = Float64Array.from(xs);
        const counts = newOverflowCounts();
        const dst = quantizeArray(src, t, new Float64Array(src.length), counts);
        const want = newOverflowCounts();
        xs.forEach((x, i) => {
          const r = quantize(x, t);
          expect(dst[i]).toBe(Number(r.raw));
          addCounts(want, eventCounts(r.event, r.outOfRange));
        });
        expect(counts).toEqual(want);
        const raws = Float64Array.from(dst.map((r) => r * (fromFrac % 3) + fromFrac)); // integers, |r| < 2^53
        const castCounts = newOverflowCounts();
        const out = castArray(raws, fromFrac, t, new Float64Array(raws.length), castCounts);
        raws.forEach((r, i) => expect(out[i]).toBe(Number(castRaw(BigInt(r), fromFrac, t))));
        expect(castCounts.outOfRange).toBe([...raws].filter((r) => cast(BigInt(r), fromFrac, t).outOfRange).length);
      }),
      { numRuns: 500 },
    );
  });
});

/** Counters holding one event. */
function eventCounts(event: string, outOfRange: boolean) {
  const c = newOverflowCounts();
  if (outOfRange) c.outOfRange = 1;
  if (event === 'wrap') c.wrapped = 1;
  if (event === 'sat') c.saturated = 1;
  if (event === 'zero') c.zeroed = 1;
  if (event === 'nonfinite') c.nonFinite = 1;
  return c;
}

it('fracBits is W − I', () => {
  expect(fracBits({ width: 4, integer: 8, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 })).toBe(-4);
});

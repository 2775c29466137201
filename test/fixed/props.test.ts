// Property tests: the implementation against the independent BigInt-rational reference, and fast vs BigInt paths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCounts,
  castArray,
  castNumber,
  cast,
  castRaw,
  fitsFast,
  fracBits,
  makeCaster,
  makeQuantizer,
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
              const want = refQuantize(x, t).raw;
              if (quantize(x, t).raw !== want || quantizeNumber(x, t) !== Number(want)) {
                expect.fail(`${JSON.stringify(t)} x=${x}: ${quantize(x, t).raw} / ${quantizeNumber(x, t)}, want ${want}`);
              }
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

describe('range edges, ties and very wide types', () => {
  it('casts values within a few eighth-LSBs of min, max and 0 (any width ≤ 1024)', () => {
    const arbEdge = fc.tuple(arbType(1024), fc.constantFrom('min', 'max', 'zero', 'symmin'), fc.integer({ min: -20, max: 20 }));
    fc.assert(
      fc.property(arbEdge, ([t, edge, j]) => {
        const W = BigInt(t.width);
        const max = t.signed ? 2n ** (W - 1n) - 1n : 2n ** W - 1n;
        const min = t.signed ? -(2n ** (W - 1n)) : 0n;
        const base = edge === 'min' ? min : edge === 'max' ? max : edge === 'symmin' ? -max : 0n;
        const raw = base * 8n + BigInt(j); // eighth-LSB steps: j = ±4 are ties
        const fromFrac = fracBits(t) + 3;
        const got = cast(raw, fromFrac, t);
        const exact = refConvert(scaled(raw, fromFrac), t);
        expect(got.raw).toBe(exact.raw);
        expect(got.outOfRange).toBe(exact.overflow);
      }),
      { numRuns: 1500 },
    );
  });
});

/** raw · 2^−frac as a rational. */
function scaled(raw: bigint, frac: number): { num: bigint; den: bigint } {
  return frac >= 0 ? { num: raw, den: 2n ** BigInt(frac) } : { num: raw * 2n ** BigInt(-frac), den: 1n };
}

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

  it('prepared casters and quantizers equal the one-shot functions', () => {
    fc.assert(
      fc.property(arbType(53), fc.array(fc.double(), { maxLength: 10 }), fc.integer({ min: -8, max: 60 }), (t, xs, fromFrac) => {
        const qz = makeQuantizer(t);
        const cs = makeCaster(fromFrac, t);
        for (const x of xs) {
          expect(qz(x)).toBe(quantizeNumber(x, t));
          const r = Number.isFinite(x) ? Math.trunc(x) % 2 ** 52 : 7;
          expect(cs(r)).toBe(castNumber(r, fromFrac, t));
        }
        expect(fitsFast(t)).toBe(true);
        expect(fitsFast({ ...t, width: 54 })).toBe(false);
      }),
      { numRuns: 300 },
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
  if (outOfRange && event !== 'nonfinite') c.outOfRange = 1; // ±Inf is one event: nonFinite only
  if (event === 'wrap') c.wrapped = 1;
  if (event === 'sat') c.saturated = 1;
  if (event === 'zero') c.zeroed = 1;
  if (event === 'nonfinite') c.nonFinite = 1;
  return c;
}

it('fracBits is W − I', () => {
  expect(fracBits({ width: 4, integer: 8, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 })).toBe(-4);
});

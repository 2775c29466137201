// Subexpression sharing and adder trees on random constant matrices: the netlist computes exactly x·W + b, never
// with more adders than the plain digit-by-digit trees, and the shared matrix needs fewer adders than the plain one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedType } from '../../../src/fixed/index.js';
import { buildDense, type DenseWeights } from '../../../src/backends/rtl/dense.js';
import { extractCommon, minDepth, sumTerms, sumTermsWithin, type Term } from '../../../src/backends/rtl/cse.js';
import { evalNetlist } from '../../../src/backends/rtl/interp.js';
import { Netlist } from '../../../src/backends/rtl/netlist.js';

const X = fixedType(8, 3);
const WIDE = fixedType(48, 24);

/** A random sparse matrix of raw weights (wFrac 6) with some zero, ±1 and power-of-two entries, and a bias. */
const matrix = fc
  .record({ nIn: fc.integer({ min: 1, max: 9 }), nOut: fc.integer({ min: 1, max: 9 }), seed: fc.integer({ min: 0, max: 2 ** 30 }) })
  .map(({ nIn, nOut, seed }) => {
    let s = seed;
    const r = (n: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const pick = (): bigint => {
      const k = r(6);
      if (k === 0) return 0n;
      if (k === 1) return BigInt((r(2) ? 1 : -1) << r(7));
      return BigInt(r(1024) - 512);
    };
    const w = Array.from({ length: nIn }, () => Array.from({ length: nOut }, pick));
    const bias = r(2) ? Array.from({ length: nOut }, () => BigInt(r(4096) - 2048)) : null;
    return { w, wFrac: 6, bias, bFrac: 24 } satisfies DenseWeights;
  });

/** Raw outputs of the netlist (at the port type's scale). */
function run(nl: Netlist, xs: readonly bigint[]): bigint[] {
  return evalNetlist(nl, [xs])[0]!;
}

function build(dw: DenseWeights, share: boolean): { nl: Netlist; adders: number; naive: number } {
  const nl = new Netlist();
  const x = nl.addInput('x', X, dw.w.length);
  const { y, report } = buildDense(nl, x, dw, { accum: WIDE, result: WIDE }, { share, dsp: { budget: 0 }, dspLutCost: 0 });
  nl.addOutput('y', WIDE, y);
  expect(report.mode).toBe('exact');
  return { nl, adders: report.adders, naive: report.naiveAdders };
}

/** x·W + b at the accumulator's scale (exact: the accumulator holds every sum). */
function reference(dw: DenseWeights, xs: readonly bigint[]): bigint[] {
  return dw.w[0]!.map((_, j) => {
    let acc = dw.bias ? dw.bias[j]! : 0n;
    xs.forEach((xi, i) => (acc += (xi * dw.w[i]![j]!) << BigInt(24 - 5 - dw.wFrac)));
    return acc;
  });
}

describe('whole-matrix sharing (exact accumulator)', () => {
  it('computes x·W + b exactly, with no more adders than the plain digit trees', () => {
    fc.assert(
      fc.property(matrix, fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 9, maxLength: 9 }), (dw, raw) => {
        const xs = raw.slice(0, dw.w.length).map(BigInt);
        const shared = build(dw, true);
        const plain = build(dw, false);
        expect(run(shared.nl, xs)).toEqual(reference(dw, xs));
        expect(run(plain.nl, xs)).toEqual(reference(dw, xs));
        // a plain column left with only negative digits needs one negation beyond the naive count
        expect(plain.adders).toBeGreaterThanOrEqual(plain.naive);
        expect(plain.adders).toBeLessThanOrEqual(plain.naive + dw.w[0]!.length);
        expect(shared.adders).toBeLessThanOrEqual(plain.adders);
      }),
      { numRuns: 300 },
    );
  });

  it('shares across a larger matrix: well under the naive digit count', () => {
    let s = 11;
    const r = (n: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const w = Array.from({ length: 16 }, () => Array.from({ length: 32 }, () => (r(3) === 0 ? BigInt(r(2048) - 1024) : 0n)));
    const dw: DenseWeights = { w, wFrac: 6, bias: null, bFrac: 24 };
    const shared = build(dw, true);
    expect(shared.adders).toBeLessThan(0.8 * shared.naive);
    const xs = Array.from({ length: 16 }, (_, i) => BigInt(((i * 37) % 256) - 128));
    expect(run(shared.nl, xs)).toEqual(reference(dw, xs));
  });

  it('a pattern repeated in three columns becomes one adder used three times', () => {
    const nl = new Netlist();
    const [a, b] = nl.addInput('x', X, 2);
    const t = (v: number, shift: number, neg = false): Term => ({ v, shift, neg });
    const cols = [[t(a!, 0), t(b!, 2)], [t(a!, 1), t(b!, 3)], [t(a!, 5, true), t(b!, 7, true)]];
    expect(extractCommon(nl, cols)).toBe(1);
    expect(cols.every((c) => c.length === 1 && c[0]!.v === cols[0]![0]!.v)).toBe(true);
  });
});

describe('adder trees', () => {
  it('keep the minimal depth and pair terms of similar magnitude', () => {
    const nl = new Netlist();
    const [a, b, c, d] = nl.addInput('x', X, 4);
    // small, large, small, large: magnitude pairing adds the two small and the two large terms first
    const s = sumTerms(nl, [{ v: a!, shift: 0, neg: false }, { v: b!, shift: 12, neg: false }, { v: c!, shift: 1, neg: false }, { v: d!, shift: 12, neg: false }])!;
    expect(nl.get(s).level).toBe(2);
    const adds = nl.values.filter((v) => v.op.kind === 'add');
    expect(adds.length).toBe(3);
    const firstLevel = adds.filter((v) => v.level === 1).map((v) => [v.op.kind === 'add' ? v.op.a : -1, v.op.kind === 'add' ? v.op.b : -1]);
    const base = (id: number): number => {
      let v = nl.get(id);
      while (v.op.kind === 'shift') [id, v] = [v.op.a, nl.get(v.op.a)];
      return id;
    };
    expect(firstLevel.map((p) => p.map(base).sort())).toEqual([[a, c].sort(), [b, d].sort()]);
    nl.addOutput('y', WIDE, [s]);
    expect(evalNetlist(nl, [[5n, -7n, 100n, 3n]])[0]).toEqual([(5n + (-7n << 12n) + (100n << 1n) + (3n << 12n)) << 19n]);
  });
});

describe('depth-limited magnitude-ordered sums', () => {
  it('minDepth is the Huffman depth of the levels', () => {
    expect(minDepth([0, 0, 0, 0])).toBe(2);
    expect(minDepth([0, 0, 0])).toBe(2);
    expect(minDepth([3, 0])).toBe(4);
    expect(minDepth([2, 0, 0, 0, 0])).toBe(3);
  });

  it('sums exactly within the depth limit', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ e: fc.integer({ min: 0, max: 5 }), s: fc.integer({ min: 0, max: 14 }), n: fc.boolean() }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 2 }), (ts, slack) => {
        const nl = new Netlist();
        const x = nl.addInput('x', X, 6);
        const terms = ts.map((t) => ({ v: x[t.e]!, shift: t.s, neg: t.n }));
        const limit = minDepth(terms.map(() => 0)) + slack;
        const s = sumTermsWithin(nl, terms, limit)!;
        // a sum left negative ends in one negation beyond the adder tree
        expect(nl.get(s).level).toBeLessThanOrEqual(limit + (nl.get(s).op.kind === 'neg' ? 1 : 0));
        nl.addOutput('y', WIDE, [s]);
        const raw = [3n, -128n, 127n, -1n, 0n, 77n];
        const want = ts.reduce((m, t) => m + (t.n ? -1n : 1n) * (raw[t.e]! << BigInt(t.s)), 0n) << 19n;
        expect(evalNetlist(nl, [raw])[0]).toEqual([want]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('exact ranges of sums', () => {
  it('x − 4x has the range of −3x, not of 5x; independent inputs keep interval sums', () => {
    const nl = new Netlist();
    const [a, b] = nl.addInput('x', X, 2);
    const d = nl.get(nl.add(a!, nl.shift(a!, 2), true));
    expect([d.lo, d.hi]).toEqual([-3n * 127n, 3n * 128n]);
    const e = nl.get(nl.add(a!, b!));
    expect([e.lo, e.hi]).toEqual([-256n, 254n]);
  });
});

// nnfab's simulation header against the TypeScript fixed core: thousands of random conversions and arithmetic
// results must give identical raw integers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRaw, castRaw, compareRaw, divByIntRaw, mulRaw, quantizeToRaw, subRaw, toIntRaw } from '../../../src/fixed/index.js';
import { OVERFLOW_MODES, ROUNDING_MODES, type FixedType } from '../../../src/ir/fixed-type.js';
import { buildCpp } from '../../../src/backends/hls/gxx.js';

const work = mkdtempSync(join(tmpdir(), 'nnfab-ap-'));

const typeArb = (maxW: number): fc.Arbitrary<FixedType> =>
  fc
    .record({
      width: fc.integer({ min: 1, max: maxW }),
      shift: fc.integer({ min: -8, max: 8 }),
      signed: fc.boolean(),
      rounding: fc.constantFrom(...ROUNDING_MODES),
      overflow: fc.constantFrom(...OVERFLOW_MODES),
      sat: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ width, shift, signed, rounding, overflow, sat }) => ({
      width,
      integer: Math.max(-width, Math.min(2 * width, Math.round(width / 2) + shift)),
      signed,
      rounding,
      overflow,
      satBits: Math.min(sat, width),
    }));

const doubleArb = fc.oneof(
  fc.double({ min: -1e4, max: 1e4, noNaN: true }),
  fc.integer({ min: -4096, max: 4096 }).map((k) => k / 64),
  fc.integer({ min: -4096, max: 4096 }).map((k) => (k + 0.5) / 16),
  fc.constantFrom(Infinity, -Infinity, NaN, 0, -0, 1e300, -1e-300, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308),
);

const typeArgs = (t: FixedType): string =>
  `${t.width} ${t.integer} ${t.signed ? 1 : 0} ${ROUNDING_MODES.indexOf(t.rounding)} ${OVERFLOW_MODES.indexOf(t.overflow)} ${t.satBits}`;

function runDriver(lines: readonly string[]): string[] {
  const { binary } = buildCpp({ sources: [join(__dirname, 'ap-driver.cpp')], includeDirs: [], hashFiles: [], cacheDir: work });
  const r = spawnSync(binary, [], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n');
}

describe('nnfab ap_fixed.h equals src/fixed', () => {
  it('quantizes doubles and converts raw values exactly like the TypeScript core', () => {
    const qCases = fc.sample(fc.tuple(typeArb(100), doubleArb), { numRuns: 3000, seed: 7 });
    const cCases = fc.sample(
      fc.tuple(typeArb(120), fc.bigInt({ min: -(1n << 100n), max: 1n << 100n }), fc.integer({ min: -20, max: 140 })),
      { numRuns: 3000, seed: 11 },
    );
    const lines = [
      ...qCases.map(([t, x]) => `Q ${typeArgs(t)} ${Number.isNaN(x) ? 'nan' : String(x)}`),
      ...cCases.map(([t, raw, f]) => `C ${typeArgs(t)} ${raw} ${f}`),
    ];
    const expected = [...qCases.map(([t, x]) => quantizeToRaw(x, t).toString()), ...cCases.map(([t, raw, f]) => castRaw(raw, f, t).toString())];
    const got = runDriver(lines);
    const bad = got.flatMap((g, i) => (g === expected[i] ? [] : [`${lines[i]} → ${g}, expected ${expected[i]}`]));
    expect(bad.slice(0, 10)).toEqual([]);
  }, 60_000);

  it('grows add/sub/mul results exactly and converts them with the target modes', () => {
    // Templates need compile-time types: generate a program with one block per random case.
    const cases = fc.sample(
      fc.tuple(typeArb(40), typeArb(40), typeArb(60), fc.constantFrom('+', '-', '*'), fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: -300, max: 300, noNaN: true })),
      { numRuns: 300, seed: 3 },
    );
    const cpp = (t: FixedType): string => `ap_fixed_base<${t.width},${t.integer},${t.signed},${t.rounding},${t.overflow},${t.satBits}>`;
    const body = cases.map(([a, b, r, op, x, y]) => `  { ${cpp(a)} a = ${x}; ${cpp(b)} b = ${y}; ${cpp(r)} r = a ${op} b; std::cout << fmt_i128(r.V) << "\\n"; }`);
    const src = `#include <ap_fixed.h>\n#include <iostream>\n#include <string>\nstd::string fmt_i128(nnfab_ap::i128 v);\nint main() {\n${body.join('\n')}\n  return 0;\n}\n`;
    const helper = join(work, 'fmt.cpp');
    writeFileSync(helper, `#include <ap_fixed.h>\n#include <string>\n${FMT}`);
    const main = join(work, 'ops.cpp');
    writeFileSync(main, src);
    const { binary } = buildCpp({ sources: [main, helper], includeDirs: [], hashFiles: [], cacheDir: work, extraFlags: ['-O0'] });
    const got = spawnSync(binary, [], { encoding: 'utf8' }).stdout.trim().split('\n');
    const op = { '+': addRaw, '-': subRaw, '*': mulRaw } as const;
    const expected = cases.map(([a, b, r, o, x, y]) => {
      const s = op[o](quantizeToRaw(x, a), a.width - a.integer, quantizeToRaw(y, b), b.width - b.integer);
      return castRaw(s.raw, s.frac, r).toString();
    });
    const bad = got.flatMap((g, i) => (g === expected[i] ? [] : [`case ${i} ${JSON.stringify(cases[i])} → ${g}, expected ${expected[i]}`]));
    expect(bad.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('compares, divides by integers, negates and truncates to int exactly like the TypeScript core', () => {
    const cases = fc.sample(fc.tuple(typeArb(40), typeArb(40), fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: -300, max: 300, noNaN: true }), fc.integer({ min: -9, max: 9 }).filter((n) => n !== 0)), { numRuns: 200, seed: 5 });
    const cpp = (t: FixedType): string => `ap_fixed_base<${t.width},${t.integer},${t.signed},${t.rounding},${t.overflow},${t.satBits}>`;
    const body = cases.map(([a, b, x, y, n]) => `  { ${cpp(a)} a = ${x}; ${cpp(b)} b = ${y}; std::cout << (a < b) << (a == b) << (a > b) << ' ' << fmt_i128((a / ${n}).V) << ' ' << fmt_i128((-a).V) << ' ' << a.to_int64() << "\\n"; }`);
    const main = join(work, 'cmp.cpp');
    writeFileSync(main, `#include <ap_fixed.h>\n#include <iostream>\n#include <string>\nstd::string fmt_i128(nnfab_ap::i128 v);\nint main() {\n${body.join('\n')}\n  return 0;\n}\n`);
    const helper = join(work, 'fmt2.cpp');
    writeFileSync(helper, `#include <ap_fixed.h>\n#include <string>\n${FMT}`);
    const { binary } = buildCpp({ sources: [main, helper], includeDirs: [], hashFiles: [], cacheDir: work, extraFlags: ['-O0'] });
    const got = spawnSync(binary, [], { encoding: 'utf8' }).stdout.trim().split('\n');
    const expected = cases.map(([a, b, x, y, n]) => {
      const ra = quantizeToRaw(x, a);
      const rb = quantizeToRaw(y, b);
      const fa = a.width - a.integer;
      const c = compareRaw(ra, fa, rb, b.width - b.integer);
      return `${c < 0 ? 1 : 0}${c === 0 ? 1 : 0}${c > 0 ? 1 : 0} ${divByIntRaw(ra, BigInt(n))} ${-ra} ${toIntRaw(ra, fa)}`;
    });
    expect(got).toEqual(expected);
  }, 120_000);
});

const FMT = `std::string fmt_i128(nnfab_ap::i128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  nnfab_ap::u128 u = neg ? (nnfab_ap::u128)0 - (nnfab_ap::u128)v : (nnfab_ap::u128)v;
  std::string s;
  while (u > 0) { s.insert(s.begin(), (char)('0' + (int)(u % 10))); u /= 10; }
  return neg ? "-" + s : s;
}
`;

// `nnfab fixed`: exact JSON against hand-computed values and the independent reference; coded errors, exit codes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { formatCppType, formatFixedType } from '../../src/ir/fixed-type.js';
import { arbType } from '../fixed/arbitraries.js';
import { refQuantize } from '../fixed/reference.js';

const run = runCli;

/** True when the decimal text equals raw·2^−frac exactly (checked with integers: digits·2^F = raw·10^k). */
function decimalEqualsRaw(text: string, raw: bigint, frac: number): boolean {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return false;
  const k = (m[3] ?? '').length;
  const digits = BigInt(`${m[1]}${m[2]}${m[3] ?? ''}`);
  const lhs = frac >= 0 ? digits * 2n ** BigInt(frac) : digits;
  const rhs = frac >= 0 ? raw * 10n ** BigInt(k) : raw * 2n ** BigInt(-frac) * 10n ** BigInt(k);
  return lhs === rhs && !/\.\d*0$/.test(text) && text !== '-0';
}

describe('nnfab fixed --json', () => {
  it('gives the hand-computed values of the issue example', async () => {
    const r = await run(['fixed', 'ap_fixed<8,3,AP_RND_CONV,AP_SAT_SYM>', '1.3', '-7.77', '0.0625', '--json']);
    expect(r.code).toBe(0);
    // F = 5: 1.3·32 = 41.6 → 42 (1.3125); −7.77·32 = −248.64 → −249 → saturates to −max = −127; 0.0625·32 = 2
    expect(JSON.parse(r.out)).toEqual({
      type: {
        width: 8,
        integer: 3,
        signed: true,
        rounding: 'AP_RND_CONV',
        overflow: 'AP_SAT_SYM',
        satBits: 0,
        min: '-4',
        max: '3.96875',
        lsb: '0.03125',
      },
      values: [
        { input: '1.3', value: '1.3125', raw: '42' },
        { input: '-7.77', value: '-3.96875', raw: '-127' },
        { input: '0.0625', value: '0.0625', raw: '2' },
      ],
    });
  });

  it('takes -inf and nan without --', async () => {
    const r = JSON.parse((await run(['fixed', 'fixed<8,3,TRN,SAT>', '-inf', 'nan', '--json'])).out);
    expect(r.values).toEqual([
      { input: '-inf', value: '-4', raw: '-128' },
      { input: 'nan', value: '0', raw: '0' },
    ]);
  });

  it('matches the issue text for ap_fixed<8,3> and takes negatives after --', async () => {
    const a = JSON.parse((await run(['fixed', 'ap_fixed<8,3>', '1.3', '--json'])).out);
    expect(a.values).toEqual([{ input: '1.3', value: '1.28125', raw: '41' }]);
    const b = JSON.parse((await run(['fixed', 'ufixed<4,8>', '--json', '--', '-7.77', '300'])).out);
    expect(b.type).toMatchObject({ signed: false, min: '0', max: '240', lsb: '16' });
    expect(b.values).toEqual([
      { input: '-7.77', value: '240', raw: '15' }, // floor(−7.77/16) = −1 → wraps to 15
      { input: '300', value: '32', raw: '2' }, // floor(300/16) = 18 → 18 mod 16 = 2
    ]);
  });

  it('agrees with the independent exact reference on random types and values', async () => {
    const samples = fc.sample(
      fc.tuple(arbType(128), fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), { minLength: 1, maxLength: 4 })),
      { numRuns: 150, seed: 7 },
    );
    for (const [i, [t, xs]] of samples.entries()) {
      const texts = xs.map((x) => String(x));
      const typeText = i % 2 === 0 ? formatCppType(t) : formatFixedType(t);
      const r = await run(['fixed', typeText, '--json', '--', ...texts]);
      expect(r.code, r.err).toBe(0);
      const json = JSON.parse(r.out);
      expect(json.type).toMatchObject({ width: t.width, integer: t.integer, signed: t.signed, satBits: t.satBits });
      json.values.forEach((v: { input: string; value: string; raw: string }, k: number) => {
        expect(decimalEqualsRaw(v.value, BigInt(v.raw), t.width - t.integer), v.value).toBe(true);
        expect(v.input).toBe(texts[k]);
        expect(BigInt(v.raw), `${typeText} ${texts[k]}`).toBe(refQuantize(Number(texts[k]), t).raw);
      });
    }
  });
});

describe('nnfab fixed (human output and errors)', () => {
  it('prints the type facts and a table', async () => {
    const r = await run(['fixed', 'fixed<16,6>', '1.3']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ap_fixed<16,6>  (hls4ml: fixed<16,6,TRN,WRAP,0>)');
    expect(r.out).toMatch(/min\s+-32\n/);
    expect(r.out).toMatch(/max\s+31\.9990234375\n/);
    expect(r.out).toMatch(/1\.3\s+1\.2998046875\s+1331/);
  });

  it.each([
    [['fixed', 'ap_fixed<8>', '1'], 'E101'],
    [['fixed', 'fixed<0,0>'], 'E102'],
    [['fixed', 'fixed<8,3,ROUND>'], 'E104'],
    [['fixed', 'fixed<8,3>', 'abc'], 'E108'],
    [['fixed', 'fixed<8,3>', '1.2.3'], 'E108'],
    [['fixed', 'fixed<8,3>', '0x10'], 'E108'],
    [['fixed', 'fixed<8,3>', '--bogus'], 'E108'],
  ])('%j exits 1 with %s and no stack trace', async (args, code) => {
    const r = await run(args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^error: ${code} `));
    expect(r.err).not.toMatch(/\n\s+at /);
    const j = await run([...args, '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out).diagnostics[0].code).toBe(code);
  });
});

const BIN = resolve(__dirname, '../../bin/nnfab.js');
const BUILT = existsSync(resolve(__dirname, '../../dist/cli/fixed.js'));

describe.skipIf(!BUILT)('built CLI (dist/, built by `npm test`)', () => {
  it('runs the README example and exits 1 on bad input without a stack trace', () => {
    const ok = spawnSync(process.execPath, [BIN, 'fixed', 'ap_fixed<8,3,AP_RND_CONV,AP_SAT_SYM>', '1.3', '-7.77', '0.0625', '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).values.map((v: { raw: string }) => v.raw)).toEqual(['42', '-127', '2']);
    const bad = spawnSync(process.execPath, [BIN, 'fixed', 'fixed<8,3>', 'x'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: E108 /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

// Yosys (WebAssembly, in worker threads) on the hand-typed net: one flat run, and the same design split between
// registers into two parts synthesized in parallel, which must give nearly the same cells; the analytic estimate.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { convertVerilog } from '../../../src/backends/rtl/project.js';
import { synthesize, type SynthResult } from '../../../src/backends/rtl/synth.js';
import { runCli } from '../../helpers/cli.js';
import { smallNet } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'nnfab-synth-'));
const m = await convertVerilog(smallNet(7), dir, { levelsPerStage: 2 });
let flat: SynthResult | undefined;

it('synth_xilinx maps the small net to LUTs, carries and flip-flops without DSPs; the estimate is in range', async () => {
  let lines = 0;
  const fractions: number[] = [];
  const r = await synthesize(dir, 'xc7', () => lines++, { jobs: 1, onProgress: (f) => fractions.push(f) });
  flat = r;
  expect(r.lut).toBeGreaterThan(20);
  expect(r.carry).toBeGreaterThan(0);
  expect(r.ff).toBeGreaterThan(0);
  expect(r.dsp).toBe(0);
  expect(r.lutEq).toBe(r.lut);
  // two adder levels per stage: a handful of LUT/carry cells between registers
  expect(r.logicDepth).toBeGreaterThan(1);
  expect(r.logicDepth).toBeLessThan(40);
  // the estimate counts adder bits; mapped LUTs land within a factor of three of it
  expect(r.lut).toBeGreaterThan(m.estimate.lutEstimate / 3);
  expect(r.lut).toBeLessThan(m.estimate.lutEstimate * 3);
  // progress: the log reaches the caller, the fraction rises through the passes and ends at 1
  expect(lines).toBeGreaterThan(100);
  expect(fractions.length).toBeGreaterThan(20);
  expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]!))).toBe(true);
  expect(fractions.at(-1)).toBe(1);
  console.log(JSON.stringify({ depth: r.logicDepth, lut: r.lut, ff: r.ff, carry: r.carry, est: m.estimate, regBits: m.registerBits, s: r.seconds }));
}, 600_000);

it('split into two parts synthesized in parallel: flip-flops, carries and LUTs within 2 % of the flat run', async () => {
  const fractions: number[] = [];
  const r = await synthesize(dir, 'xc7', undefined, { jobs: 2, onProgress: (f) => fractions.push(f) });
  expect(flat).toBeDefined();
  // only optimisation across the register boundary between the parts could be lost (measured: within one cell)
  const near = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.ceil(0.02 * b));
  near(r.ff, flat!.ff);
  near(r.carry, flat!.carry);
  near(r.lut, flat!.lut);
  expect(r.logicDepth).toBeGreaterThan(1);
  expect(fractions.at(-1)).toBe(1);
  console.log(JSON.stringify({ split: { lut: r.lut, ff: r.ff, carry: r.carry, s: r.seconds }, flat: { lut: flat!.lut, s: flat!.seconds } }));
}, 600_000);

it('nnfab synth --jobs takes a whole number ≥ 1 (E003 otherwise, before Yosys starts)', async () => {
  for (const bad of ['0', '1.5', 'two']) {
    const r = await runCli(['synth', dir, '--jobs', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('E003');
    expect(r.err).toContain('--jobs');
  }
});

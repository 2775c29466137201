// One small Yosys run (WebAssembly, in a worker thread) on the hand-typed net, and the analytic estimate beside it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { convertVerilog } from '../../../src/backends/rtl/project.js';
import { synthesize } from '../../../src/backends/rtl/synth.js';
import { smallNet } from './fixtures.js';

it('synth_xilinx maps the small net to LUTs, carries and flip-flops without DSPs; the estimate is in range', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnfab-synth-'));
  const m = await convertVerilog(smallNet(7), dir, { levelsPerStage: 2 });
  let lines = 0;
  const r = await synthesize(dir, 'xc7', () => lines++);
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
  console.log(JSON.stringify({ depth: r.logicDepth, lut: r.lut, ff: r.ff, carry: r.carry, est: m.estimate, regBits: m.registerBits, s: r.seconds }));
}, 600_000);

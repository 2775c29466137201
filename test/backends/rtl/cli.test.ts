// `nnfab sim` through the command-line program (in process): prints "N passed, N failed" and fails on a mismatch.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { writeVerilogProject } from '../../../src/api/verilog.js';
import { hasVerilator } from '../../../src/backends/rtl/verilator.js';
import { rng, smallNet } from './fixtures.js';

async function run(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, r.err).toBe(0);
  return r.out;
}

it.skipIf(!hasVerilator())('nnfab sim DIR --input X --output Y', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnfab-cli-'));
  const proj = join(dir, 'proj');
  await writeVerilogProject(smallNet(3), proj);
  const r = rng(2);
  writeFileSync(join(dir, 'x.csv'), Array.from({ length: 100 }, () => Array.from({ length: 8 }, () => ((r() * 2 - 1) * 6).toFixed(3)).join(',')).join('\n') + '\n');
  const text = await run(['sim', proj, '--input', join(dir, 'x.csv'), '--output', join(dir, 'y.csv')]);
  expect(text).toMatch(/^100 passed, 0 failed \(latency \d+ cycles\)/);
  expect(readFileSync(join(dir, 'y.csv'), 'utf8').trim().split('\n')).toHaveLength(100);
  // a hand-edited design no longer matches the emulator: coded error E708
  const core = join(proj, 'rtl', 'nnfab_top_core.v');
  writeFileSync(core, readFileSync(core, 'utf8').replace(/out_q <= \{/, 'out_q <= ~{'));
  const failed = await runCli(['sim', proj, '--input', join(dir, 'x.csv'), '--limit', '20']);
  expect(failed.code).toBe(1);
  expect(failed.err).toMatch(/E708/);
}, 600_000);

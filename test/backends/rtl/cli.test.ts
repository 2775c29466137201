// `nnfab sim` through the command-line program (in process): prints "N passed, N failed" and fails on a mismatch.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';
import { writeVerilogProject } from '../../../src/api/verilog.js';
import { hasVerilator } from '../../../src/backends/rtl/verilator.js';
import { rng, smallNet } from './fixtures.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'nnfab', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
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
  await expect(run(['sim', proj, '--input', join(dir, 'x.csv'), '--limit', '20'])).rejects.toThrow(/E708/);
}, 600_000);

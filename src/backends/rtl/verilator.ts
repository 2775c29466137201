/**
 * Verilator: lint, build (cached by a content hash of the sources) and run the generated testbench.
 * Samples go in as raw integers of the input elements, results come back as raw integers of the output elements.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail } from '../../diagnostics/errors.js';
import type { VerilogManifest } from './project.js';

const INSTALL = 'install Verilator 5 (Debian/Ubuntu: `sudo apt-get install verilator`; macOS: `brew install verilator`)';

/** Whether a `verilator` executable is on PATH. */
export function hasVerilator(): boolean {
  const r = spawnSync('verilator', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function requireVerilator(): void {
  if (!hasVerilator()) fail('E009', { tool: 'verilator', install: INSTALL });
}

/** Read the manifest of a Verilog project directory. */
export function readManifest(dir: string): VerilogManifest {
  const p = join(dir, 'manifest.json');
  if (!existsSync(p)) fail('E703', { dir, file: 'manifest.json' }, { file: dir });
  let m: Partial<VerilogManifest>;
  try {
    m = JSON.parse(readFileSync(p, 'utf8')) as Partial<VerilogManifest>;
  } catch (e) {
    return fail('E002', { path: p, reason: e instanceof Error ? e.message : String(e) }, { file: p });
  }
  // a damaged or foreign manifest is the user's file, not a bug: check the fields the tools use
  if (m === null || typeof m !== 'object' || m.format !== 'nnfab-verilog-1' || !Array.isArray(m.files) || !Array.isArray(m.inputs) || !Array.isArray(m.outputs) || typeof m.top !== 'string') {
    fail('E002', { path: p, reason: 'it is not an nnfab-verilog-1 manifest' }, { file: p });
  }
  return m as VerilogManifest;
}

/** `verilator --lint-only -Wall` on the project; returns the warnings text ('' when clean). */
export function lintProject(dir: string, axis = false): string {
  requireVerilator();
  const m = readManifest(dir);
  const top = axis ? `${m.top}_axis` : m.top;
  const r = spawnSync('verilator', ['--lint-only', '-Wall', '--top-module', top, ...m.files], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`;
}

/** Build (or reuse) the simulator binary for the plain or AXI-Stream top; returns its path. */
export function buildSimulator(dir: string, axis = false): string {
  requireVerilator();
  dir = resolve(dir);
  const m = readManifest(dir);
  const tb = axis ? 'tb/tb_axis.cpp' : 'tb/tb.cpp';
  const top = axis ? `${m.top}_axis` : m.top;
  const h = createHash('sha256');
  for (const f of [...m.files, tb]) h.update(f).update('\0').update(readFileSync(join(dir, f)));
  const key = h.digest('hex').slice(0, 16);
  const mdir = join(dir, 'sim', `${axis ? 'axis' : 'plain'}-${key}`);
  const bin = join(mdir, 'Vtb');
  if (existsSync(bin)) return bin;
  mkdirSync(mdir, { recursive: true });
  // generated designs are large and flat: compiling the model at -O0 is much faster and still simulates quickly
  const args = ['--cc', '--exe', '--build', '-j', '2', '-Wno-fatal', '--top-module', top, '-Mdir', mdir, '-o', 'Vtb', '--MAKEFLAGS', 'OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0', join(dir, tb), ...m.files.map((f) => join(dir, f))];
  const r = spawnSync('verilator', args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 || !existsSync(bin)) {
    const log = join(mdir, 'build.log');
    writeFileSync(log, `${r.stdout}\n${r.stderr}`);
    fail('E704', { dir, log });
  }
  return bin;
}

/** Run the simulator on raw input samples; returns raw outputs per sample. */
export function runSimulator(dir: string, bin: string, samples: readonly (readonly bigint[])[]): bigint[][] {
  const m = readManifest(dir);
  for (const s of samples) {
    if (s.length !== m.inputs.length) fail('E707', { dir, reason: `a sample has ${s.length} values, the design has ${m.inputs.length} input elements` });
  }
  const work = join(dir, 'sim');
  mkdirSync(work, { recursive: true });
  const inFile = join(work, 'input.txt');
  const outFile = join(work, 'output.txt');
  writeFileSync(inFile, samples.map((s) => s.join(' ')).join('\n') + '\n');
  const r = spawnSync(bin, [inFile, outFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) fail('E010', { tool: 'Verilator simulation', reason: `exit code ${r.status}: ${r.stderr.slice(0, 400)}`, log: outFile });
  const lines = readFileSync(outFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((l) => l.trim().split(/\s+/).map((x) => BigInt(x)));
}

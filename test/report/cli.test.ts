// `nnfab report` through the command line (in process): JSON on stdout, the HTML file, exit codes of user errors.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bundledExample } from '../../src/api/demo.js';
import { resetProgress } from '../../src/io/progress.js';

/** Run the CLI in process; returns exit code and captured stdout/stderr. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    await main(['node', 'nnfab', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

afterEach(() => resetProgress());

describe('nnfab report (CLI)', () => {
  const model = join(bundledExample(), 'model.json');
  const data = join(bundledExample(), 'test-inputs.npy');

  it('--json prints the Report and --html writes the self-contained page', async () => {
    const html = join(mkdtempSync(join(tmpdir(), 'nnfab-cli-')), 'r.html');
    const r = await run('report', model, '--input', data, '--samples', '50', '--html', html, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { format: string; profiledSamples: number; layers: unknown[] };
    expect(report.format).toBe('nnfab-report');
    expect(report.profiledSamples).toBe(50);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('prints a summary without --json', async () => {
    const r = await run('report', model);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^model\s+mnist_dense/m);
    expect(r.out).toContain('--html');
  });

  it('user errors exit 1 with a coded message', async () => {
    const bad = await run('report', model, '--samples', '-3', '--input', data);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/E003 .*--samples/);
    const missing = await run('report', join(tmpdir(), 'no-such-model.onnx'), '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out)).toMatchObject({ error: 'user', diagnostics: [{ code: 'E001' }] });
    const noInput = await run('report', model, '--labels', data);
    expect(noInput.code).toBe(1);
    expect(existsSync(model)).toBe(true);
  });
});

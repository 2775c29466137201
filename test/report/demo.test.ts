// The demo on the bundled example: runs the flow (HLS + C simulation when g++ is present; the slow Verilator build
// and Yosys run are exercised by `nnfab demo` itself and by the RTL tests), writes report.html/report.json into an
// nnfab-owned directory atomically, and refuses a foreign directory.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledExample, runDemo, type DemoResult } from '../../src/api/demo.js';
import { OUTPUT_MARKER } from '../../src/io/output-dir.js';
import { configureProgress, resetProgress } from '../../src/io/progress.js';

describe('nnfab demo', () => {
  let out: string;
  let r: DemoResult;
  beforeAll(async () => {
    configureProgress({ enabled: false });
    out = join(mkdtempSync(join(tmpdir(), 'nnfab-demo-test-')), 'demo');
    r = await runDemo({ out, samples: 40, verilog: false });
  });
  afterAll(() => resetProgress());

  it('bundles an example with data', () => {
    expect(existsSync(join(bundledExample(), 'test-inputs.npy'))).toBe(true);
  });

  it('reports float and fixed accuracy on the example data and runs or skips the C simulation', () => {
    const names = r.steps.map((s) => s.name);
    expect(names).toEqual(['load + configure', 'float vs fixed', 'HLS project + C simulation', 'report']);
    expect(r.report.accuracy?.samples).toBe(40);
    expect(r.report.accuracy!.floatAccuracy!).toBeGreaterThan(0.8);
    const csim = r.steps[2]!;
    if (csim.status === 'ok') {
      expect(r.report.backends).toContainEqual(expect.objectContaining({ kind: 'agreement', tool: 'C simulation (g++)', mismatches: 0, samples: 40 }));
      expect(existsSync(join(out, 'hls'))).toBe(true);
    } else {
      expect(csim.status).toBe('skipped');
      expect(csim.summary).toMatch(/g\+\+/);
    }
    expect(r.steps.some((s) => s.status === 'failed')).toBe(false);
  });

  it('writes report.html and report.json into a directory marked as nnfab output', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ format: 'nnfab-report', model: { name: r.report.model.name } });
    const marker = JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8')) as { files: string[] };
    expect(marker.files).toContain('report.html');
  });

  it('refuses a non-empty directory it did not create', async () => {
    const foreign = mkdtempSync(join(tmpdir(), 'nnfab-foreign-'));
    mkdirSync(join(foreign, 'x'));
    writeFileSync(join(foreign, 'x', 'notes.txt'), 'mine');
    await expect(runDemo({ out: foreign, samples: 5, hls: false, verilog: false })).rejects.toMatchObject({ code: 'E005' });
    expect(readFileSync(join(foreign, 'x', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('nnfab demo on a broken example', () => {
  it('says what the example directory lacks (E802)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-example-'));
    writeFileSync(join(dir, 'model.json'), '{}');
    const out = join(mkdtempSync(join(tmpdir(), 'nnfab-demo-out-')), 'x');
    await expect(runDemo({ out, example: dir })).rejects.toMatchObject({ code: 'E802' });
    expect(existsSync(out)).toBe(false);
  });
});

// A fixed-seed sample of the fuzz run (`npm run fuzz` does 10,000 cases per format): 50 mutated cases of each of the
// six formats must each end in success or a catalogued user error — no internal error, crash, hang or memory blow-up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = resolve(__dirname, '../../dist/fuzz/main.js');

describe('fuzz sample', () => {
  it('300 fixed-seed cases over ONNX, Keras json+h5, full .h5, .keras, TF.js and YAML give no finding', () => {
    const out = mkdtempSync(join(tmpdir(), 'nnfab-fuzz-sample-'));
    const r = spawnSync(process.execPath, [MAIN, '--cases', '50', '--seed', '7', '--jobs', '2', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    const report = `${r.stdout}\n${r.stderr}`;
    expect(r.status, report).toBe(0);
    for (const target of ['onnx', 'keras-json-h5', 'keras-h5', 'keras-v3', 'tfjs', 'yaml']) {
      expect(report).toMatch(new RegExp(`^${target}: \\d+ ok, \\d+ user errors .*, 0 findings`, 'm'));
    }
    expect(report).toMatch(/^300 passed, 0 failed$/m);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);
});

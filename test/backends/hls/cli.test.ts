// `nnfab convert --backend vitis` then `nnfab csim` through the real command-line program (in process).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

async function run(...args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, r.err).toBe(0);
  return r.out;
}

describeShared('nnfab convert + csim (CLI)', () => {
  it('writes a Vitis project whose C simulation reproduces its own test vectors', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nnfab-cli-')), 'prj');
    const msg = await run('convert', sharedPath('models/keras/KERAS_1layer.json'), '--weights', sharedPath('models/keras/KERAS_1layer_weights.h5'), '--backend', 'vitis', '--out', dir, '--test-samples', '20');
    expect(msg).toContain('Vitis HLS project (io_parallel)');
    expect(readFileSync(join(dir, 'build_prj.tcl'), 'utf8')).toContain('vitis-run --mode hls --tcl');
    const out = join(dir, 'pred.dat');
    const csim = await run('csim', dir, '--input', join(dir, 'tb_data/tb_input_features.dat'), '--output', out);
    expect(csim).toMatch(/ran 20 samples/);
    expect(existsSync(join(dir, '.nnfab-build'))).toBe(true);
    // the emulator's predictions (written by convert) and the compiled C++ agree to the last bit
    const parse = (f: string): number[] => readFileSync(f, 'utf8').trim().split(/\s+/).map(Number);
    expect(parse(out)).toEqual(parse(join(dir, 'tb_data/tb_output_predictions.dat')));
    // second run: no rebuild
    expect(await run('csim', dir, '--input', join(dir, 'tb_data/tb_input_features.dat'))).toContain('build: cached');
  }, 120_000);

  it('rejects an unknown backend with E611', async () => {
    const bad = await runCli(['convert', sharedPath('models/keras/KERAS_1layer.json'), '--weights', sharedPath('models/keras/KERAS_1layer_weights.h5'), '--backend', 'quartus', '--out', join(tmpdir(), 'nnfab-never')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/E611/);
  });
});

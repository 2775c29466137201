// `nnfab convert --backend vitis` then `nnfab csim` through the real command-line program (in process).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

async function run(...args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'nnfab', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
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
    await expect(run('convert', sharedPath('models/keras/KERAS_1layer.json'), '--weights', sharedPath('models/keras/KERAS_1layer_weights.h5'), '--backend', 'quartus', '--out', join(tmpdir(), 'nnfab-never'))).rejects.toThrow(/E611/);
  });
});

// Models too large for the requested path are coded errors (E901 unroll, E902 memory, E903 absurd sizes) raised
// before any work: nothing is written, nothing large is allocated.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertHls } from '../../src/api/hls.js';
import { checkBatchMemory, checkUnroll, emulationBytes, limits } from '../../src/api/limits.js';
import { loadModel } from '../../src/api/load.js';
import { convert } from '../../src/api/model.js';
import { OnnxBuilder, rand } from '../helpers/onnx-builder.js';
import { expectUserError as codeOf } from '../helpers/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'nnfab-limits-'));

/** x[N, nIn] · W[nIn, nOut] as an ONNX file. */
function denseModel(name: string, nIn: number, nOut: number): string {
  const b = new OnnxBuilder(13).input('x', ['N', nIn]);
  b.init('w', [nIn, nOut], rand(nIn * nOut, 3));
  b.node('MatMul', ['x', 'w'], {}, { outputs: ['y'], name: 'fc' });
  const path = join(dir, `${name}.onnx`);
  writeFileSync(path, b.output('y').build());
  return path;
}


const hls = (reuse: number, strategy = 'Latency') => ({ HLSConfig: { Model: { Precision: 'fixed<16,6>', ReuseFactor: reuse, Strategy: strategy } } });

afterEach(() => {
  delete process.env.NNFAB_MAX_MEMORY_MB;
  delete process.env.NNFAB_MAX_UNROLL;
});

describe('unroll limit (E901)', () => {
  const big = denseModel('big', 100, 64); // 6400 multiplications

  it('a fully unrolled 100×64 dense layer is refused before the project is written, with the reuse factor to use', async () => {
    const out = join(dir, 'big-prj');
    const e = await codeOf(convertHls(big, hls(1), { out, testSamples: 0 }));
    expect(e.code).toBe('E901');
    expect(e.diagnostics[0]!.location.node).toBe('fc');
    expect(e.message).toMatch(/6400 parallel multiplications/);
    expect(e.message).toMatch(/ReuseFactor ≥ 2/);
    expect(existsSync(out)).toBe(false);
  });

  it('reuse factor 2, Resource strategy and io_stream are within the limit', async () => {
    checkUnroll((await convert(big, hls(2))).graph, 'io_parallel');
    checkUnroll((await convert(big, hls(1, 'Resource'))).graph, 'io_parallel');
    checkUnroll((await convert(big, hls(1))).graph, 'io_stream');
  });

  it('the limit is configurable (argument or NNFAB_MAX_UNROLL)', async () => {
    const g = (await convert(big, hls(1))).graph;
    checkUnroll(g, 'io_parallel', { maxUnroll: 8192 });
    process.env.NNFAB_MAX_UNROLL = '100000';
    checkUnroll(g, 'io_parallel');
    expect((await codeOf(() => checkUnroll(g, 'io_parallel', { maxUnroll: 1000 }))).code).toBe('E901');
  });
});

describe('absurd sizes in model files (E903)', () => {
  it('an input of 10^8 elements per sample is refused at load', async () => {
    const b = new OnnxBuilder(13).input('x', ['N', 10000, 10000]);
    b.node('Relu', ['x'], {}, { outputs: ['y'], name: 'act' });
    const path = join(dir, 'huge.onnx');
    writeFileSync(path, b.output('y').build());
    const e = await codeOf(loadModel(path));
    expect(e.code).toBe('E903');
    expect(e.diagnostics[0]!.location.file).toBe(path);
    expect(e.message).toMatch(/100000000 elements/);
  });

  it('ordinary models load', async () => {
    expect((await loadModel(denseModel('small', 16, 8))).nodes.length).toBeGreaterThan(1);
    expect(limits().maxElements).toBe(2 ** 26);
  });
});

describe('emulation memory (E902)', () => {
  it('a batch needing more memory than the cap is refused before the run', async () => {
    const m = await convert(denseModel('mem', 16, 8), hls(1));
    const x = new Float64Array(20_000 * 16);
    expect(m.predict(x).length).toBe(20_000 * 8);
    const before = m.stats();
    process.env.NNFAB_MAX_MEMORY_MB = '1';
    const e = await codeOf(() => m.predict(x));
    expect(e.code).toBe('E902');
    expect(e.message).toMatch(/20000 samples/);
    expect(e.diagnostics[0]!.hint).toMatch(/smaller batches/);
    expect(m.stats()).toEqual(before); // the refused run counted nothing
  });

  it('the estimate grows with the batch and with a trace', async () => {
    const g = (await convert(denseModel('est', 16, 8), hls(1))).graph;
    expect(emulationBytes(g, 2000, 8192, false)).toBeGreaterThan(emulationBytes(g, 1000, 8192, false));
    expect(emulationBytes(g, 1000, 8192, true)).toBeGreaterThan(emulationBytes(g, 1000, 8192, false));
    expect((await codeOf(() => checkBatchMemory(g, 1000, 8192, false, { maxMemoryBytes: 1000 }))).code).toBe('E902');
  });
});

// `nnfab inspect` and `nnfab predict --float`: JSON summary, data files in and out (.npy/.csv/.dat), multi-output
// naming, coded errors with exit code 1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readNpy, writeNpy } from '../../src/io/npy.js';
import { OnnxBuilder } from '../helpers/onnx-builder.js';

const run = runCli;
const BIN = resolve(__dirname, '../../bin/nnfab.js');
const BUILT = existsSync(resolve(__dirname, '../../dist/emulator/rows-worker.js'));

const dir = mkdtempSync(join(tmpdir(), 'nnfab-cli-'));
// y = x·W + b with W = [[1, 2], [3, 4], [5, 6]], b = [0.5, -1]; z = relu(x)
const b = new OnnxBuilder(13).input('x', ['N', 3]);
b.node('Gemm', ['x', b.init('w', [3, 2], [1, 2, 3, 4, 5, 6]), b.init('b', [2], [0.5, -1])], {}, { outputs: ['y'], name: 'fc' });
b.node('Relu', ['x'], {}, { outputs: ['z'], name: 'act' });
const model = join(dir, 'two_out.onnx');
writeFileSync(model, b.output('y').output('z').build());
const X = [1, 0, -1, 0.5, 2, 0];
const Y = [1 - 5 + 0.5, 2 - 6 - 1, 0.5 + 6 + 0.5, 1 + 8 - 1];

describe('nnfab inspect', () => {
  it('--json lists every layer with shapes, parameters and source', async () => {
    const r = await run(['inspect', model, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.layers.map((l: { name: string }) => l.name)).toEqual(['x', 'fc', 'act']);
    expect(s.layers[1]).toMatchObject({ layerClass: 'Dense', op: 'dense', outputShape: [2], params: 8, nonzero: 8, source: { node: 'fc', opType: 'Gemm' } });
    expect(s.outputs).toEqual(['fc', 'act']);
  });
  it('text form and a coded error (exit 1) for a missing file', async () => {
    const r = await run(['inspect', model]);
    expect(r.out).toContain('Dense (dense)');
    const bad = await run(['inspect', join(dir, 'missing.onnx')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('E001');
  });
});

describe('nnfab predict --float', () => {
  it('.npy in → y.npy and y.1.npy (float64, shape (n, outputs))', async () => {
    writeFileSync(join(dir, 'x.npy'), writeNpy(X, [2, 3], 'f4'));
    const r = await run(['predict', model, '--float', '--input', join(dir, 'x.npy'), '--output', join(dir, 'y.npy')]);
    expect(r.code).toBe(0);
    const y = readNpy(readFileSync(join(dir, 'y.npy')));
    expect([y.descr, y.shape, Array.from(y.data)]).toEqual(['<f8', [2, 2], Y]);
    expect(Array.from(readNpy(readFileSync(join(dir, 'y.1.npy'))).data)).toEqual([1, 0, 0, 0.5, 2, 0]);
  });
  it('.csv and .dat in and out', async () => {
    writeFileSync(join(dir, 'x.csv'), 'a,b,c\n1,0,-1\n0.5,2,0\n');
    expect((await run(['predict', model, '--float', '--input', join(dir, 'x.csv'), '--output', join(dir, 'y.csv')])).code).toBe(0);
    expect(readFileSync(join(dir, 'y.csv'), 'utf8')).toBe('-3.5,-5\n7,8\n');
    writeFileSync(join(dir, 'x.dat'), '1 0 -1\n0.5 2 0\n');
    const r = await run(['predict', model, '--float', '--input', join(dir, 'x.dat'), '--output', join(dir, 'y.dat'), '--json']);
    expect(JSON.parse(r.out).samples).toBe(2);
    expect(readFileSync(join(dir, 'y.1.dat'), 'utf8')).toBe('1 0 0\n0.5 2 0\n');
  });
  it('wrong feature count is E008 with exit code 1', async () => {
    writeFileSync(join(dir, 'x4.dat'), '1 2 3 4\n');
    const r = await run(['predict', model, '--float', '--input', join(dir, 'x4.dat'), '--output', join(dir, 'o.npy')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('E008');
  });
});

describe('nnfab predict --threads', () => {
  const rows = 6000;
  const big = Array.from({ length: rows * 3 }, (_, i) => ((i * 37) % 101) / 8 - 6);
  it('a bad thread count is E003 with exit code 1', async () => {
    writeFileSync(join(dir, 'xt.npy'), writeNpy(big.slice(0, 6), [2, 3], 'f8'));
    const r = await run(['predict', model, '--input', join(dir, 'xt.npy'), '--threads', '0']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('E003');
    expect(r.err).toContain('--threads');
  });
  it.skipIf(!BUILT)('the built CLI writes the same fixed-point outputs on one thread and on two', () => {
    writeFileSync(join(dir, 'xb.npy'), writeNpy(big, [rows, 3], 'f8'));
    const outs = [1, 2].map((t) => {
      const y = join(dir, `yt${t}.npy`);
      const r = spawnSync(process.execPath, [BIN, 'predict', model, '--input', join(dir, 'xb.npy'), '--output', y, '--threads', String(t), '--stats'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      return { y: readFileSync(y), stats: r.stdout.slice(r.stdout.indexOf('\n\n')) };
    });
    expect(outs[1]!.y.equals(outs[0]!.y)).toBe(true);
    expect(outs[1]!.stats).toBe(outs[0]!.stats);
    expect(outs[0]!.stats).toContain('fc');
  });
});

describe('unsupported models on the command line', () => {
  it('an unsupported op is E204 with exit code 1 (JSON form lists the diagnostic)', async () => {
    const u = new OnnxBuilder(13).input('x', ['N', 3]);
    u.node('Cos', ['x'], {}, { outputs: ['y'], name: 'cos1' });
    const path = join(dir, 'cos.onnx');
    writeFileSync(path, u.output('y').build());
    const r = await run(['inspect', path, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).diagnostics[0].code).toBe('E204');
    const p = await run(['predict', path, '--float', '--input', join(dir, 'x.dat'), '--output', join(dir, 'o.npy')]);
    expect(p.code).toBe(1);
    expect(p.err).toContain('cos1 [Cos, domain ai.onnx, opset 13]');
  });
  it('--input-shape resolves a symbolic dimension', async () => {
    const s = new OnnxBuilder(13).input('x', ['N', 'F']);
    s.node('Relu', ['x'], {}, { outputs: ['y'] });
    const path = join(dir, 'sym.onnx');
    writeFileSync(path, s.output('y').build());
    expect((await run(['inspect', path])).code).toBe(1);
    const r = await run(['inspect', path, '--input-shape', '3', '--json']);
    expect(JSON.parse(r.out).layers[0].outputShape).toEqual([3]);
  });
});

describe('predict on an NCHW model', () => {
  it('reads (n, C, H, W) .npy input and writes the output in the model layout', async () => {
    const c = new OnnxBuilder(13).input('x', ['N', 2, 2, 2]);
    // 1×1 conv: out channel 0 = in0 + in1, channel 1 = in0 − in1
    c.node('Conv', ['x', c.init('w', [2, 2, 1, 1], [1, 1, 1, -1])], {}, { outputs: ['y'] });
    const path = join(dir, 'nchw.onnx');
    writeFileSync(path, c.output('y').build());
    const x = [1, 2, 3, 4, 10, 20, 30, 40];
    writeFileSync(join(dir, 'img.npy'), writeNpy(x, [1, 2, 2, 2]));
    expect((await run(['predict', path, '--float', '--input', join(dir, 'img.npy'), '--output', join(dir, 'img-out.npy')])).code).toBe(0);
    const y = readNpy(readFileSync(join(dir, 'img-out.npy')));
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expect(Array.from(y.data)).toEqual([11, 22, 33, 44, -9, -18, -27, -36]);
  });
});

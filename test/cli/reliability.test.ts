// Through the real command line (bin/nnfab.js on the built dist/): every command gives machine-readable coded errors
// with --json, a corrupt model is one clean error line (no library dump), outputs are never half-written and user
// files survive --force, and NaN/±Infinity inputs to predict behave as documented.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/fuzz/random.js';
import { kerasFullH5 } from '../../src/fuzz/seeds.js';
import { TARGETS } from '../../src/fuzz/targets.js';
import { OnnxBuilder, rand } from '../helpers/onnx-builder.js';

const BIN = resolve(__dirname, '../../bin/nnfab.js');
const dir = mkdtempSync(join(tmpdir(), 'nnfab-cli-rel-'));

function nnfab(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** y = x (3 features), for exact input-conversion checks. */
function identityModel(): string {
  const b = new OnnxBuilder(13).input('x', ['N', 3]);
  b.node('Identity', ['x'], {}, { outputs: ['y'], name: 'id' });
  const p = join(dir, 'id.onnx');
  writeFileSync(p, b.output('y').build());
  return p;
}

/** A 4→3 dense layer. */
function denseModel(name: string, nIn = 4, nOut = 3): string {
  const b = new OnnxBuilder(13).input('x', ['N', nIn]);
  b.init('w', [nIn, nOut], rand(nIn * nOut, 5));
  b.node('MatMul', ['x', 'w'], {}, { outputs: ['y'], name: 'fc' });
  const p = join(dir, `${name}.onnx`);
  writeFileSync(p, b.output('y').build());
  return p;
}

describe('--json errors on every command', () => {
  const missing = join(dir, 'missing.onnx');
  const cases: [string, string[]][] = [
    ['inspect', ['inspect', missing]],
    ['predict', ['predict', missing, '--input', 'x.csv']],
    ['compare', ['compare', missing, '--input', 'x.csv']],
    ['config', ['config', missing]],
    ['types', ['types', missing]],
    ['fixed', ['fixed', 'fixed<0,0>']],
    ['convert', ['convert', missing, '-o', 'prj']],
    ['csim', ['csim', join(dir, 'no-such-project'), '--input', 'x.csv']],
    ['report', ['report', missing]],
    ['sim', ['sim', join(dir, 'no-such-project'), '--input', 'x.csv']],
    ['synth', ['synth', join(dir, 'no-such-project')]],
    ['usage error', ['inspect', '--no-such-flag']],
  ];
  for (const [name, args] of cases) {
    it(`${name}: exit 1, a JSON error with a catalogued code on stdout, nothing on stderr`, () => {
      const r = nnfab(...args, '--json');
      expect(r.code, r.err).toBe(1);
      const j = JSON.parse(r.out) as { error: string; diagnostics: { code: string; message: string; hint: string }[] };
      expect(j.error).toBe('user');
      expect(j.diagnostics[0]!.code).toMatch(/^E\d{3}$/);
      expect(j.diagnostics[0]!.hint.length).toBeGreaterThan(0);
      expect(r.err).toBe('');
    });
  }
});

describe('corrupt model files', () => {
  it('a damaged .h5 is one coded error line, without libhdf5 diagnostics', async () => {
    const bytes = await kerasFullH5();
    const p = join(dir, 'damaged.h5');
    writeFileSync(p, bytes.slice(0, 3000));
    const r = nnfab('inspect', p);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: E315 .*damaged\.h5: corrupt HDF5 file/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/HDF5-DIAG|Aborted/);
  });

  it('a .h5 on which libhdf5 aborts is one coded error line as well', async () => {
    // seed 5 of the keras-h5 fuzz target makes libhdf5 call abort()
    const t = TARGETS.find((x) => x.name === 'keras-h5')!;
    const p = join(dir, 'abort.h5');
    writeFileSync(p, t.mutate((await t.seeds())[0]!, new Rng(5)).files['model.h5']!);
    const r = nnfab('inspect', p);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual([expect.stringMatching(/^error: E315 .*abort\.h5: corrupt HDF5 file: libhdf5 crashed/)]);
  });
});

describe('damaged project directories', () => {
  it('csim, sim and synth on a project whose nnfab files are garbage give coded errors', () => {
    const p = join(dir, 'garbage-prj');
    mkdirSync(p);
    for (const f of ['nnfab-project.json', 'manifest.json', 'graph.json']) writeFileSync(join(p, f), '{garbage');
    writeFileSync(join(dir, 'three.csv'), '1,2,3\n');
    expect(nnfab('csim', p, '--input', 'three.csv').err).toMatch(/^error: E606 /);
    expect(nnfab('sim', p, '--input', 'three.csv').err).toMatch(/^error: E002 .*manifest\.json/m);
    writeFileSync(join(p, 'manifest.json'), '{"format": "nnfab-verilog-1"}');
    const r = nnfab('synth', p);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: E002 .*not an nnfab-verilog-1 manifest/m);
  });
});

describe('outputs are atomic and user files survive', () => {
  it('a refused conversion writes nothing, not even a temporary directory', () => {
    const big = denseModel('wide', 100, 64); // 6400 multiplications: beyond the unroll limit
    const r = nnfab('convert', big, '-o', 'wide-prj');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/E901/);
    expect(readdirSync(dir).filter((f) => f.includes('wide-prj'))).toEqual([]);
  });

  it('a failing rewrite leaves the previous project as it was', () => {
    const m = denseModel('small');
    expect(nnfab('convert', m, '-o', 'prj', '--test-samples', '0').code).toBe(0);
    const before = readFileSync(join(dir, 'prj', 'firmware', 'parameters.h'), 'utf8');
    const wide = denseModel('wide2', 100, 64);
    expect(nnfab('convert', wide, '-o', 'prj').code).toBe(1);
    expect(readFileSync(join(dir, 'prj', 'firmware', 'parameters.h'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('.prj'))).toEqual([]);
  });

  it('a directory nnfab did not create is refused without --force and its files are kept with it', () => {
    const m = denseModel('small2');
    const out = join(dir, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'my notes');
    const refused = nnfab('convert', m, '-o', out, '--test-samples', '0');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/E005/);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(nnfab('convert', m, '-o', out, '--test-samples', '0', '--force').code).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(existsSync(join(out, 'firmware'))).toBe(true);
  });

  it('predict --trace refuses a foreign directory, and writes it atomically with --force', () => {
    const m = denseModel('traced');
    writeFileSync(join(dir, 'one.csv'), '1,2,3,4\n');
    const t = join(dir, 'trace-mine');
    mkdirSync(t);
    writeFileSync(join(t, 'keep.txt'), 'x');
    expect(nnfab('predict', m, '--input', 'one.csv', '--trace', t).err).toMatch(/E005/);
    expect(nnfab('predict', m, '--input', 'one.csv', '--trace', t, '--force').code).toBe(0);
    expect(readdirSync(t).sort()).toEqual(['.nnfab-output', 'fc.npy', 'keep.txt']);
  });
});

describe('NaN and ±Infinity inputs to predict', () => {
  const m = identityModel();
  writeFileSync(join(dir, 'nonfinite.csv'), 'nan,inf,-inf\n1.5,-2.25,100\n');
  writeFileSync(join(dir, 'sat.yml'), 'HLSConfig:\n  Model:\n    Precision: fixed<16,6,RND,SAT>\n');

  it('AP_WRAP (the default): NaN → 0, ±Inf → 0; counted once each, as NaN/Inf, in --stats', () => {
    const r = nnfab('predict', m, '--input', 'nonfinite.csv', '--output', 'wrap.csv', '--stats');
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'wrap.csv'), 'utf8').trim().split('\n')).toEqual(['0,0,0', '1.5,-2.25,-28']);
    expect(r.out).toMatch(/NaN\/Inf/);
    expect(r.out).toMatch(/x\s+input\s+fixed<16,6,TRN,WRAP,0>\s+6\s+4 \(66\.7%\)\s+1 \(16\.7%\)\s+0\s+3 \(50\.0%\)/); // overflow: 100 wrapped + 3 NaN/Inf
  });

  it('AP_SAT: NaN → 0, +Inf → max, −Inf → min; the JSON statistics count 3 non-finite values', () => {
    const r = nnfab('predict', m, '-c', 'sat.yml', '--input', 'nonfinite.csv', '--output', 'sat.csv', '--json');
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'sat.csv'), 'utf8').trim().split('\n')).toEqual(['0,31.9990234375,-32', '1.5,-2.25,31.9990234375']);
    const s = JSON.parse(r.out) as { stats: { node: string; points: { counts: { nonFinite: number } }[] }[] };
    expect(s.stats.find((n) => n.node === 'x')!.points[0]!.counts.nonFinite).toBe(3);
  });

  it('the float path passes NaN and ±Infinity through', () => {
    expect(nnfab('predict', m, '--float', '--input', 'nonfinite.csv', '--output', 'f.csv').code).toBe(0);
    expect(readFileSync(join(dir, 'f.csv'), 'utf8').trim().split('\n')).toEqual(['NaN,Infinity,-Infinity', '1.5,-2.25,100']);
  });
});

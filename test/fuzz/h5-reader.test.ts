// The HDF5 reader survives damaged files: libhdf5 errors, traps and hangs become coded errors, and the next file
// still reads correctly (the isolated reader is replaced after a crash or a time limit). These cases pin the libhdf5
// engine (the fast jsfive reader hands every file it cannot read to libhdf5, so libhdf5 meets such files too).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { h5Attr, h5Get, h5Limits, h5Tensor, readH5 as readAny, type H5Dataset, type H5Limits } from '../../src/frontends/keras/h5.js';
import { loadModel } from '../../src/api/load.js';
import { Rng } from '../../src/fuzz/random.js';
import { kerasFullH5 } from '../../src/fuzz/seeds.js';
import { TARGETS } from '../../src/fuzz/targets.js';
import { expectUserError as codeOf } from '../helpers/errors.js';

let dir = '';
let good = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nnfab-h5-reader-'));
  good = join(dir, 'good.h5');
  writeFileSync(good, await kerasFullH5());
});


/** Read with libhdf5 only. */
const readH5 = (path: string, file = path, lim: H5Limits = h5Limits()) => readAny(path, file, lim, 'libhdf5');

/** The good file reads completely (with libhdf5, then with the default engines): the model config and the exact
 * float32 kernel values. */
async function expectGoodReads(): Promise<void> {
  for (const f of [await readH5(good), await readAny(good)]) expectGood(f);
}

function expectGood(f: Awaited<ReturnType<typeof readAny>>): void {
  expect(String(h5Attr(f, 'model_config'))).toContain('"Sequential"');
  const kernel = h5Tensor(h5Get(f, 'model_weights/fc1/fc1/kernel:0') as H5Dataset);
  expect(kernel.shape).toEqual([4, 5]);
  expect(kernel.data[1]).toBe(Math.fround(Math.sin(1.7) * 0.5));
}

/** A fuzz-mutated full-model .h5 (the same mutation `npm run fuzz` applies for this seed). */
async function mutated(seed: number): Promise<string> {
  const t = TARGETS.find((x) => x.name === 'keras-h5')!;
  const c = t.mutate((await t.seeds())[0]!, new Rng(seed));
  const path = join(dir, `m${seed}.h5`);
  writeFileSync(path, c.files['model.h5']!);
  return path;
}

describe('HDF5 reader isolation', () => {
  it('reads a valid file', expectGoodReads);

  it('a truncated file is E315 naming the file and the HDF5 cause', async () => {
    const bytes = await kerasFullH5();
    const path = join(dir, 'trunc.h5');
    writeFileSync(path, bytes.slice(0, 2000));
    const e = await codeOf(loadModel(path));
    expect(e.code).toBe('E315');
    expect(e.diagnostics[0]!.location.file).toBe(path);
    expect(e.message).toMatch(/truncated file/);
    await expectGoodReads();
  });

  it('a file on which libhdf5 aborts is E315, and the reader recovers', async () => {
    // seeds 5 and 91 of the keras-h5 fuzz target make libhdf5 call abort()
    for (const seed of [5, 91]) {
      const e = await codeOf(readH5(await mutated(seed)));
      expect(e.code).toBe('E315');
      expect(e.message).toMatch(/crashed/);
      await expectGoodReads();
    }
  });

  it('a file on which libhdf5 loops is stopped at the time limit with E904, and the reader recovers', async () => {
    // seed 366 of the keras-h5 fuzz target sends libhdf5 into an endless loop
    const e = await codeOf(readH5(await mutated(366), 'loop.h5', { ...h5Limits(), timeoutMs: 1500 }));
    expect(e.code).toBe('E904');
    expect(e.diagnostics[0]!.location.file).toBe('loop.h5');
    await expectGoodReads();
  });

  it('datasets beyond the byte budget are E905 before they are read', async () => {
    const e = await codeOf(readH5(good, 'big.h5', { ...h5Limits(), maxBytes: 64 }));
    expect(e.code).toBe('E905');
    await expectGoodReads();
  });

  it('a damaged file rewritten in place (same inode) reads correctly afterwards', async () => {
    const path = join(dir, 'inplace.h5');
    const goodBytes = await kerasFullH5();
    const t = TARGETS.find((x) => x.name === 'keras-h5')!;
    for (let seed = 100; seed < 130; seed++) {
      writeFileSync(path, t.mutate((await t.seeds())[0]!, new Rng(seed)).files['model.h5']!);
      await readH5(path).catch(() => undefined);
      writeFileSync(path, goodBytes);
      const f = await readH5(path);
      expect(h5Tensor(h5Get(f, 'model_weights/out/out/kernel:0') as H5Dataset).shape).toEqual([5, 3]);
    }
  });

  it('a file that is not HDF5 at all is E315', async () => {
    const path = join(dir, 'text.h5');
    writeFileSync(path, 'this is not HDF5\n'.repeat(100));
    expect((await codeOf(loadModel(path))).code).toBe('E315');
  });
});

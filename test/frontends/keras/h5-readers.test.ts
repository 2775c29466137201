// The HDF5 reader's two engines give identical snapshots: jsfive (fast start-up) takes real Keras weight files, and
// whatever it does not cover falls back to libhdf5 (h5wasm) with the same result.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import h5wasm from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { H5Dataset, readH5, type H5Group } from '../../../src/frontends/keras/h5.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

type Plain = { attrs: Record<string, unknown>; shape?: readonly number[]; value?: unknown; children?: Record<string, Plain> };

/** The whole snapshot as plain data, members in listed order. */
function plain(node: H5Group | H5Dataset): Plain {
  if (node instanceof H5Dataset) return { attrs: { ...node.attrs }, shape: node.shape, value: node.value };
  const children: Record<string, Plain> = {};
  for (const k of node.keys()) children[k] = plain(node.get(k)!);
  return { attrs: { ...node.attrs }, children };
}

async function bothReaders(path: string): Promise<{ fast: H5Group; lib: H5Group }> {
  return { fast: await readH5(path), lib: await readH5(path, path, undefined, 'libhdf5') };
}

let dir = '';
beforeAll(async () => {
  await h5wasm.ready;
  dir = mkdtempSync(join(tmpdir(), 'nnfab-h5-readers-'));
});

describeShared('both HDF5 readers on the shared Keras files', () => {
  const folder = sharedPath('models', 'keras');
  it('every .h5 (and the .keras weights) is taken by jsfive and equals libhdf5’s snapshot', async () => {
    const files = readdirSync(folder).filter((f) => f.endsWith('.h5')).map((f) => join(folder, f));
    for (const f of readdirSync(folder).filter((f) => f.endsWith('.keras'))) {
      const inner = join(dir, `${f}.weights.h5`);
      writeFileSync(inner, unzipSync(readFileSync(join(folder, f)))['model.weights.h5']!);
      files.push(inner);
    }
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const { fast, lib } = await bothReaders(f);
      expect(fast.reader, f).toBe('jsfive');
      expect(lib.reader, f).toBe('libhdf5');
      expect(plain(fast), f).toEqual(plain(lib));
    }
  });
});

describe('files the fast reader leaves to libhdf5', () => {
  it('numeric attributes, string and scalar datasets, 64-bit integers: libhdf5 reads them', async () => {
    const path = join(dir, 'kinds.h5');
    const f = new h5wasm.File(path, 'w');
    f.create_attribute('count', 3);
    const g = f.create_group('g');
    g.create_dataset({ name: 'names', data: ['a', 'bb'] });
    g.create_dataset({ name: 'step', data: BigInt64Array.from([5n]), shape: [1], dtype: '<q' });
    g.create_dataset({ name: 'w', data: Float32Array.from([1.5, -2]), shape: [2], dtype: '<f' });
    f.close();
    const { fast, lib } = await bothReaders(path);
    expect(fast.reader).toBe('libhdf5');
    expect(plain(fast)).toEqual(plain(lib));
    expect(Array.from((fast.get('g/w') as H5Dataset).value as Float32Array)).toEqual([1.5, -2]);
  });

  it('plain weight files written from code: jsfive, member order by name as libhdf5 lists it', async () => {
    const path = join(dir, 'order.h5');
    const f = new h5wasm.File(path, 'w');
    f.create_attribute('layer_names', ['z_last', 'a_first']);
    for (const name of ['z_last', 'a_first', 'm_mid']) {
      const g = f.create_group(name);
      g.create_attribute('weight_names', [`${name}/kernel:0`]);
      g.create_group(name).create_dataset({ name: 'kernel:0', data: Int8Array.from([1, -2, 3, -4]), shape: [2, 2], dtype: '<b' });
    }
    f.close();
    const { fast, lib } = await bothReaders(path);
    expect(fast.reader).toBe('jsfive');
    expect(fast.keys()).toEqual(['a_first', 'm_mid', 'z_last']);
    expect(plain(fast)).toEqual(plain(lib));
  });

  it('a damaged file gets libhdf5’s diagnosis (E315), whichever reader saw it first', async () => {
    const path = join(dir, 'damaged.h5');
    const good = join(dir, 'order.h5');
    const bytes = readFileSync(good);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readH5(path)).rejects.toMatchObject({ code: 'E315' });
  });
});

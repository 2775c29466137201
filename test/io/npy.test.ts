// .npy read/write and sample data files (.npy, .csv, .dat) with multi-output naming.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { outputPath, readSampleData, writeSampleData } from '../../src/io/data.js';
import { NpyError, readNpy, writeNpy } from '../../src/io/npy.js';

/** Build an .npy file by hand, as numpy lays it out: magic, version 1.0, header padded to 64 bytes. */
function npy(descr: string, shape: string, body: Uint8Array, fortran = false): Uint8Array {
  let h = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  h += ' '.repeat((64 - ((10 + h.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + h.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
  out.set(new TextEncoder().encode(h), 10);
  out.set(body, 10 + h.length);
  return out;
}

describe('npy', () => {
  it('round-trips float64 and float32', () => {
    const a = readNpy(writeNpy([1.5, -2.25, 1 / 3, 4, 5, 6], [2, 3]));
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1.5, -2.25, 1 / 3, 4, 5, 6]);
    const b = readNpy(writeNpy([1 / 3], [1], 'f4'));
    expect(b.descr).toBe('<f4');
    expect(b.data[0]).toBe(Math.fround(1 / 3));
    expect((writeNpy([1], [1]).length - 0) % 64).toBe(8);
  });
  it('reads integer, bool, big-endian and Fortran-ordered arrays', () => {
    expect(Array.from(readNpy(npy('<i8', '(2,)', new Uint8Array(new BigInt64Array([-3n, 7n]).buffer))).data)).toEqual([-3, 7]);
    expect(Array.from(readNpy(npy('|u1', '(3,)', Uint8Array.of(0, 200, 255))).data)).toEqual([0, 200, 255]);
    expect(Array.from(readNpy(npy('|b1', '(2,)', Uint8Array.of(1, 0))).data)).toEqual([1, 0]);
    const be = new DataView(new ArrayBuffer(4));
    be.setFloat32(0, 2.5, false);
    expect(Array.from(readNpy(npy('>f4', '(1,)', new Uint8Array(be.buffer))).data)).toEqual([2.5]);
    // Fortran order: column-major [[1,2,3],[4,5,6]] is stored 1,4,2,5,3,6
    const f = readNpy(npy('<f8', '(2, 3)', new Uint8Array(Float64Array.of(1, 4, 2, 5, 3, 6).buffer), true));
    expect(Array.from(f.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('rejects bad magic, unknown dtypes and truncated data', () => {
    expect(() => readNpy(Uint8Array.of(1, 2, 3))).toThrow(NpyError);
    expect(() => readNpy(npy('<c16', '(1,)', new Uint8Array(16)))).toThrow(/dtype/);
    expect(() => readNpy(npy('<f8', '(4,)', new Uint8Array(8)))).toThrow(/truncated/);
  });
});

describe('sample data files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnfab-io-'));
  it('reads .npy (n, ...), .csv with a header, and hls4ml .dat', () => {
    writeFileSync(join(dir, 'a.npy'), writeNpy([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]));
    expect(readSampleData(join(dir, 'a.npy'))).toMatchObject({ rows: 2, cols: 4, shape: [2, 2, 2] });
    writeFileSync(join(dir, 'a.csv'), 'f0,f1,f2\n1,2,3\n4, 5 ,6\n');
    const c = readSampleData(join(dir, 'a.csv'));
    expect([c.rows, c.cols, Array.from(c.data)]).toEqual([2, 3, [1, 2, 3, 4, 5, 6]]);
    writeFileSync(join(dir, 'a.dat'), '1 2 3\n-4e-1 5 6 \n\n');
    const d = readSampleData(join(dir, 'a.dat'));
    expect([d.rows, d.cols, Array.from(d.data)]).toEqual([2, 3, [1, 2, 3, -0.4, 5, 6]]);
  });
  it('ragged rows, bad numbers and missing files are coded errors', () => {
    writeFileSync(join(dir, 'bad.dat'), '1 2 3\n4 5\n');
    expect(() => readSampleData(join(dir, 'bad.dat'))).toThrow(/E007/);
    writeFileSync(join(dir, 'bad.csv'), '1,2\n3,x\n');
    expect(() => readSampleData(join(dir, 'bad.csv'))).toThrow(NnfabError);
    expect(() => readSampleData(join(dir, 'none.npy'))).toThrow(/E001/);
    writeFileSync(join(dir, 'bad.npy'), Uint8Array.of(0x93, 1, 2));
    expect(() => readSampleData(join(dir, 'bad.npy'))).toThrow(/E007/);
  });
  it('writes by extension and names extra outputs y.1.npy, y.2.npy', () => {
    writeSampleData(join(dir, 'y.npy'), [0.5, 1, 2, 3], 2, [2]);
    expect(readNpy(readFileSync(join(dir, 'y.npy')))).toMatchObject({ shape: [2, 2], descr: '<f8' });
    writeSampleData(join(dir, 'y.csv'), [0.5, 1, 2, 3], 2, [2]);
    expect(readFileSync(join(dir, 'y.csv'), 'utf8')).toBe('0.5,1\n2,3\n');
    writeSampleData(join(dir, 'y.dat'), [0.1, 1], 1, [2]);
    expect(readFileSync(join(dir, 'y.dat'), 'utf8')).toBe('0.1 1\n');
    expect([outputPath('out/y.npy', 0), outputPath('out/y.npy', 1), outputPath('y.dat', 2)]).toEqual(['out/y.npy', 'out/y.1.npy', 'y.2.dat']);
  });
});

// Reading the hls4ml reference cases: .npy arrays and .npz archives (zip of .npy), as float64.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

/** An array read from .npy: float64 data and its shape. */
export interface NpyArray {
  readonly shape: number[];
  readonly data: Float64Array;
}

/** Parse .npy bytes (little-endian f4/f8/i8, C order). */
export function parseNpy(bytes: Uint8Array): NpyArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const hstart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(hstart, hstart + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)![1]!;
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new Error('fortran order npy');
  const n = shape.reduce((a, b) => a * b, 1);
  const off = hstart + hlen;
  const data = new Float64Array(n);
  const size = descr.endsWith('8') ? 8 : 4;
  for (let i = 0; i < n; i++) {
    const p = off + i * size;
    if (descr === '<f8') data[i] = view.getFloat64(p, true);
    else if (descr === '<f4') data[i] = view.getFloat32(p, true);
    else if (descr === '<i8') data[i] = Number(view.getBigInt64(p, true));
    else throw new Error(`npy dtype ${descr}`);
  }
  return { shape, data };
}

/** Read a .npy file. */
export function readNpy(path: string): NpyArray {
  return parseNpy(readFileSync(path));
}

/** Read every array of a .npz archive, keyed by name without `.npy`. */
export function readNpz(path: string): Map<string, NpyArray> {
  const files = unzipSync(readFileSync(path));
  const out = new Map<string, NpyArray>();
  for (const [name, bytes] of Object.entries(files)) out.set(name.replace(/\.npy$/, ''), parseNpy(bytes));
  return out;
}

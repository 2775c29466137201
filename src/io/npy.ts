/** NumPy .npy files: read (float16/32/64, signed/unsigned ints, bool; C or Fortran order) and write float64/float32. */

/** A decoded array: row-major float64 values and the shape. */
export interface NpyArray {
  readonly data: Float64Array;
  readonly shape: number[];
  /** The stored dtype, e.g. '<f4'. */
  readonly descr: string;
}

/** Thrown for malformed .npy content; callers turn it into a coded error with the file name. */
export class NpyError extends Error {}

function header(bytes: Uint8Array): { text: string; offset: number } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((b, i) => bytes[i] === b)) throw new NpyError('not a .npy file (bad magic bytes)');
  const major = bytes[6]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + len > bytes.length) throw new NpyError('truncated header');
  return { text: new TextDecoder('latin1').decode(bytes.subarray(start, start + len)), offset: start + len };
}

function field(text: string, key: string): string {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`).exec(text);
  if (m === null) throw new NpyError(`header has no '${key}'`);
  return m[1]!;
}

const READERS: Record<string, [number, (dv: DataView, o: number, le: boolean) => number]> = {
  f2: [2, (dv, o, le) => half(dv.getUint16(o, le))],
  f4: [4, (dv, o, le) => dv.getFloat32(o, le)],
  f8: [8, (dv, o, le) => dv.getFloat64(o, le)],
  i1: [1, (dv, o) => dv.getInt8(o)],
  u1: [1, (dv, o) => dv.getUint8(o)],
  b1: [1, (dv, o) => dv.getUint8(o)],
  i2: [2, (dv, o, le) => dv.getInt16(o, le)],
  u2: [2, (dv, o, le) => dv.getUint16(o, le)],
  i4: [4, (dv, o, le) => dv.getInt32(o, le)],
  u4: [4, (dv, o, le) => dv.getUint32(o, le)],
  i8: [8, (dv, o, le) => Number(dv.getBigInt64(o, le))],
  u8: [8, (dv, o, le) => Number(dv.getBigUint64(o, le))],
};

/** The value of an IEEE 754 half-precision (float16) bit pattern. */
export function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function toCOrder(data: Float64Array, shape: readonly number[]): Float64Array {
  // Fortran order: the first axis varies fastest
  const out = new Float64Array(data.length);
  const n = shape.length;
  const pos = new Array<number>(n).fill(0);
  for (let f = 0; f < data.length; f++) {
    let c = 0;
    for (let a = 0; a < n; a++) c = c * shape[a]! + pos[a]!;
    out[c] = data[f]!;
    for (let a = 0; a < n; a++) {
      if (++pos[a]! < shape[a]!) break;
      pos[a] = 0;
    }
  }
  return out;
}

/** Decode .npy bytes. */
export function readNpy(bytes: Uint8Array): NpyArray {
  const { text, offset } = header(bytes);
  const descr = field(text, 'descr').slice(1, -1);
  const fortran = field(text, 'fortran_order') === 'True';
  const shape = field(text, 'shape').slice(1, -1).split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const kind = descr.slice(1);
  const reader = READERS[kind];
  if (reader === undefined) throw new NpyError(`unsupported dtype ${descr}`);
  const le = descr[0] !== '>';
  const n = shape.reduce((a, b) => a * b, 1);
  if (offset + n * reader[0] > bytes.length) throw new NpyError(`truncated data: ${n} values of ${reader[0]} bytes expected`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = reader[1](dv, offset + i * reader[0], le);
  return { data: fortran && shape.length > 1 ? toCOrder(data, shape) : data, shape, descr };
}

/** Encode a row-major array as .npy (version 1.0), float64 by default. */
export function writeNpy(data: ArrayLike<number>, shape: readonly number[], dtype: 'f8' | 'f4' = 'f8'): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let text = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const size = dtype === 'f8' ? 8 : 4;
  const out = new Uint8Array(10 + text.length + data.length * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const dv = new DataView(out.buffer);
  dv.setUint16(8, text.length, true);
  out.set(new TextEncoder().encode(text), 10);
  const base = 10 + text.length;
  for (let i = 0; i < data.length; i++) {
    if (dtype === 'f8') dv.setFloat64(base + i * 8, data[i]!, true);
    else dv.setFloat32(base + i * 4, data[i]!, true);
  }
  return out;
}

/**
 * Layout bookkeeping for the NCHW → channels-last conversion. An ONNX value (without its batch axis) of shape
 * `shape` is held in the IR as `transpose(value, perm)`: IR axis i is ONNX axis perm[i]. ONNX Transposes then only
 * change `perm`, and pairs that undo each other cost nothing.
 */

/** The identity permutation of rank n. */
export function identity(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Whether perm is the identity. */
export function isIdentity(perm: readonly number[]): boolean {
  return perm.every((p, i) => p === i);
}

/** Inverse permutation. */
export function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** Channels-last permutation for a channels-first shape [C, S1..Sk]: [1..k, 0]. */
export function channelsLast(rank: number): number[] {
  return [...identity(rank).slice(1), 0];
}

/** Apply a permutation to a shape: out[i] = shape[perm[i]]. */
export function permuteShape(shape: readonly number[], perm: readonly number[]): number[] {
  return perm.map((p) => shape[p]!);
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** numpy.transpose(data of `shape`, perm) as a new row-major array. */
export function transposeData(data: Float64Array, shape: readonly number[], perm: readonly number[]): Float64Array {
  const outShape = permuteShape(shape, perm);
  const inStr = strides(shape);
  const srcStr = perm.map((p) => inStr[p]!);
  const out = new Float64Array(data.length);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let a = 0; a < idx.length; a++) src += idx[a]! * srcStr[a]!;
    out[o] = data[src]!;
    for (let a = idx.length - 1; a >= 0; a--) {
      if (++idx[a]! < outShape[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** For each flat index of transpose(x, perm), the flat index of x it reads. */
export function transposeIndex(shape: readonly number[], perm: readonly number[]): Int32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const src = transposeData(Float64Array.from({ length: n }, (_, i) => i), shape, perm);
  return Int32Array.from(src);
}

/** Whether transposing `shape` by `perm` only moves axes of size 1 (a reshape, no data movement). */
export function onlyMovesUnitAxes(shape: readonly number[], perm: readonly number[]): boolean {
  const moved = perm.filter((p) => shape[p] !== 1);
  return moved.every((p, i) => i === 0 || p > moved[i - 1]!);
}

/** numpy broadcasting of `data` with `shape` to the larger `target` shape (same rank or lower). */
export function broadcastTo(data: Float64Array, shape: readonly number[], target: readonly number[]): Float64Array {
  const pad = [...new Array<number>(target.length - shape.length).fill(1), ...shape];
  const inStr = strides(pad).map((s, i) => (pad[i] === 1 ? 0 : s));
  const n = target.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  const idx = new Array<number>(target.length).fill(0);
  for (let o = 0; o < n; o++) {
    let src = 0;
    for (let a = 0; a < idx.length; a++) src += idx[a]! * inStr[a]!;
    out[o] = data[src]!;
    for (let a = idx.length - 1; a >= 0; a--) {
      if (++idx[a]! < target[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

/**
 * The meaning of the data-movement ops (transpose, pad, slice, upsample) as index maps: output element k of one
 * sample reads input element map[k], or zero where map[k] is −1. Row-major, channels-last, without the batch axis.
 * The float run, the fixed-point emulator and the backends all move data through these maps.
 */
import { sizeOf } from './graph.js';
import type { PadOp, SliceOp, TransposeOp, UpsampleOp } from './ops.js';

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/** Map each output position through `source(outCoords) → inCoords | null` (null reads zero). */
export function indexMap(outShape: readonly number[], inShape: readonly number[], source: (o: readonly number[]) => readonly number[] | null): Int32Array {
  const st = stridesOf(inShape);
  const map = new Int32Array(sizeOf(outShape));
  const pos = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < map.length; k++) {
    const c = source(pos);
    let s = -1;
    if (c !== null) {
      s = 0;
      for (let d = 0; d < c.length; d++) s += c[d]! * st[d]!;
    }
    map[k] = s;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++pos[d]! < outShape[d]!) break;
      pos[d] = 0;
    }
  }
  return map;
}

/** The data-movement ops that an index map describes. */
export type MovementOp = TransposeOp | PadOp | SliceOp | UpsampleOp;

/** The index map of a data-movement op applied to an input of shape `inShape` giving `outShape`. */
export function movementMap(op: MovementOp, inShape: readonly number[], outShape: readonly number[]): Int32Array {
  switch (op.kind) {
    case 'transpose':
      return indexMap(outShape, inShape, (o) => {
        const c = new Array<number>(op.perm.length);
        for (let d = 0; d < op.perm.length; d++) c[op.perm[d]!] = o[d]!;
        return c;
      });
    case 'pad':
      return indexMap(outShape, inShape, (o) => {
        const c = o.map((v, d) => v - op.pads[d]!);
        return c.every((v, d) => v >= 0 && v < inShape[d]!) ? c : null;
      });
    case 'slice':
      return indexMap(outShape, inShape, (o) => o.map((v, d) => v + op.starts[d]!));
    case 'upsample':
      return indexMap(outShape, inShape, (o) => o.map((v, d) => (d < op.rank ? Math.floor(v / op.scales[d]!) : v)));
  }
}

/** Concatenation along `axis`: for each output element, [input number, element index in that input]. */
export function concatMap(outShape: readonly number[], inShapes: readonly (readonly number[])[], axis: number): [number, number][] {
  const outer = sizeOf(outShape.slice(0, axis));
  const outInner = sizeOf(outShape.slice(axis));
  const out = new Array<[number, number]>(sizeOf(outShape));
  let offset = 0;
  inShapes.forEach((s, m) => {
    const inner = sizeOf(s.slice(axis));
    for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) out[o * outInner + offset + k] = [m, o * inner + k];
    offset += inner;
  });
  return out;
}

/** numpy broadcasting: for every element of `out`, the flat index of the element of a `shape` operand it reads. */
export function broadcastMap(shape: readonly number[], out: readonly number[]): Int32Array {
  const n = out.length;
  const pad = [...new Array<number>(Math.max(n - shape.length, 0)).fill(1), ...shape.slice(Math.max(shape.length - n, 0))];
  const st = new Array<number>(n).fill(0);
  let s = 1;
  for (let a = n - 1; a >= 0; a--) {
    st[a] = pad[a] === 1 ? 0 : s;
    s *= pad[a]!;
  }
  const size = sizeOf(out);
  const idx = new Int32Array(size);
  const pos = new Array<number>(n).fill(0);
  for (let o = 0; o < size; o++) {
    let src = 0;
    for (let a = 0; a < n; a++) src += pos[a]! * st[a]!;
    idx[o] = src;
    for (let a = n - 1; a >= 0; a--) {
      if (++pos[a]! < out[a]!) break;
      pos[a] = 0;
    }
  }
  return idx;
}

/** Index maps of the data-movement ops (out element k reads in element map[k], −1 reads zero), row-major. */
import { sizeOf } from '../../ir/graph.js';

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/** Map each output index through f(outCoords) → inCoords | null. */
export function indexMap(outShape: readonly number[], inShape: readonly number[], f: (o: number[]) => number[] | null): number[] {
  const n = sizeOf(outShape);
  const is = strides(inShape);
  const out = new Array<number>(n);
  const o = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let rem = k;
    for (let d = outShape.length - 1; d >= 0; d--) {
      o[d] = rem % outShape[d]!;
      rem = Math.floor(rem / outShape[d]!);
    }
    const c = f(o);
    out[k] = c === null ? -1 : c.reduce((acc, v, d) => acc + v * is[d]!, 0);
  }
  return out;
}

/** Transpose: output axis d is input axis perm[d]. */
export function transposeMap(outShape: readonly number[], inShape: readonly number[], perm: readonly number[]): number[] {
  return indexMap(outShape, inShape, (o) => {
    const c = new Array<number>(perm.length);
    for (let d = 0; d < perm.length; d++) c[perm[d]!] = o[d]!;
    return c;
  });
}

/** Zero padding with pads [begin..., end...]. */
export function padMap(outShape: readonly number[], inShape: readonly number[], pads: readonly number[]): number[] {
  return indexMap(outShape, inShape, (o) => {
    const c = o.map((v, d) => v - pads[d]!);
    return c.every((v, d) => v >= 0 && v < inShape[d]!) ? c : null;
  });
}

/** Slice from `starts`. */
export function sliceMap(outShape: readonly number[], inShape: readonly number[], starts: readonly number[]): number[] {
  return indexMap(outShape, inShape, (o) => o.map((v, d) => v + starts[d]!));
}

/** Nearest-neighbour upsampling of the leading (spatial) axes. */
export function upsampleMap(outShape: readonly number[], inShape: readonly number[], scales: readonly number[]): number[] {
  return indexMap(outShape, inShape, (o) => o.map((v, d) => (d < scales.length ? Math.floor(v / scales[d]!) : v)));
}

/**
 * Concatenation of inputs along `axis`: for each output element, [input number, index in that input].
 */
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

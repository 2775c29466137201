/** numpy-style broadcasting index maps over one sample (shapes without the batch axis). */
import { sizeOf } from '../../ir/graph.js';

/** For every element of `out`, the flat index of the element of a `shape` operand it reads. */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array {
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

export { stridesOf } from '../../ir/index-maps.js';

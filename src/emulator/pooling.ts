/**
 * Pooling as hls4ml computes it: max keeps the input values (through accum_t); average sums the valid window values in accum_t
 * (each sum converted), divides by the count with truncation toward zero (ap_fixed / int), then converts.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import type { Node } from '../ir/graph.js';
import type { GlobalPoolOp, PoolOp } from '../ir/ops.js';
import { castNum } from './arith.js';
import { elems, resultType, type FixedTensor, type KernelContext } from './values.js';

interface Window {
  readonly size: readonly number[];
  readonly strides: readonly number[];
  readonly padBegin: readonly number[];
  readonly countIncludePad: boolean;
}

/** Pooling over windows of the spatial axes (channels-last). */
export function runPool(node: Node<PoolOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const op = node.op;
  const win: Window = { size: op.size, strides: op.strides, padBegin: op.pads.slice(0, op.rank), countIncludePad: op.countIncludePad };
  return pool(node, op.mode, win, x, ctx);
}

/** Global pooling: one window over all spatial positions. */
export function runGlobalPool(node: Node<GlobalPoolOp>, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const dims = x.shape.slice(0, node.op.rank);
  const win: Window = { size: dims, strides: dims, padBegin: dims.map(() => 0), countIncludePad: false };
  return pool(node, node.op.mode, win, x, ctx);
}

function pool(node: Node, mode: 'max' | 'avg', win: Window, x: FixedTensor, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const accum = node.types?.accum ?? x.type;
  const r = win.size.length;
  const inDims = x.shape.slice(0, r);
  const ch = x.shape[r]!;
  const outDims = node.shape.length === 1 ? inDims.map(() => 1) : node.shape.slice(0, r);
  const outPix = elems(outDims);
  const inPix = elems(inDims);
  const fx = fracBits(x.type);
  const fa = fracBits(accum);
  // the exact sum of an accum_t value and an input value lives on the finer of the two grids
  const f = Math.max(fa, fx);
  const sa = 2 ** (f - fa);
  const sx = 2 ** (f - fx);
  const res = ctx.stats.point('result', t);
  const acc = ctx.stats.point('accum', accum);
  const out = new Float64Array(ctx.batch * outPix * ch);
  const o = new Array<number>(r).fill(0);
  const k = new Array<number>(r).fill(0);
  for (let op = 0; op < outPix; op++) {
    unravel(op, outDims, o);
    const positions: number[] = [];
    for (let kk = 0; kk < elems(win.size); kk++) {
      unravel(kk, win.size, k);
      let pos = 0;
      let inside = true;
      for (let d = 0; d < r; d++) {
        const p = o[d]! * win.strides[d]! - win.padBegin[d]! + k[d]!;
        if (p < 0 || p >= inDims[d]!) inside = false;
        pos = pos * inDims[d]! + p;
      }
      if (inside) positions.push(pos);
    }
    // hls4ml divides by the valid pixels of the window, or (count_pad) by the window area
    const count = win.countIncludePad ? elems(win.size) : positions.length;
    for (let b = 0; b < ctx.batch; b++) {
      for (let c = 0; c < ch; c++) {
        const base = b * inPix * ch + c;
        let v: number;
        if (mode === 'max') {
          // hls4ml keeps the maximum in the input type and returns it as accum_t, then res_T
          let mx = -Infinity;
          for (const p of positions) mx = Math.max(mx, x.raw[base + p * ch]!);
          if (positions.length === 0) mx = 0;
          v = castNum(castNum(mx, fx, accum, acc.counts), fa, t, res.counts);
        } else {
          // y += x[i] in accum_t (the sum exact, then converted), y /= count (truncation toward zero), then res_T
          let s = 0;
          for (const p of positions) s = castNum(s * sa + x.raw[base + p * ch]! * sx, f, accum, acc.counts);
          acc.total += positions.length;
          v = castNum(divTrunc(s, count), fa, t, res.counts);
        }
        out[(b * outPix + op) * ch + c] = v;
      }
    }
  }
  res.total += out.length;
  return { type: t, shape: node.shape, raw: out };
}

/** ap_fixed divided by an integer: same fraction bits, truncated toward zero. */
function divTrunc(raw: number, n: number): number {
  return Math.trunc(raw / n);
}

function unravel(i: number, dims: readonly number[], out: number[]): void {
  for (let d = dims.length - 1; d >= 0; d--) {
    out[d] = i % dims[d]!;
    i = Math.floor(i / dims[d]!);
  }
}

/** The accumulator type hls4ml infers for average pooling: <W + 2e, I + e>, e = ⌈log2 size⌉ (for passes/tests). */
export function avgPoolAccum(x: FixedType, size: number): FixedType {
  const e = Math.ceil(Math.log2(size));
  return { ...x, width: x.width + 2 * e, integer: x.integer + e };
}

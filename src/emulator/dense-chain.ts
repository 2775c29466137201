/**
 * Runs of Dense layers (each optionally followed by a relu) executed together by the int32 SIMD kernel of
 * dense-kernel.ts (native when built, else WebAssembly): the values between the layers stay int32 in the kernel's
 * memory, rows go through every layer in cache-sized blocks, and the relu is fused into the layer's output. Same bits and the same overflow counts as
 * running the nodes one by one (the intermediate values are never observed: not traced, not kept, one consumer).
 * The kernel memory only grows (to the largest batch run so far), as WebAssembly memories do.
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import type { Node } from '../ir/graph.js';
import { isOp } from '../ir/graph.js';
import type { ActivationOp, DenseOp } from '../ir/ops.js';
import { makeCaster } from './arith.js';
import { counters, prepared, preparedOf } from './dense.js';
import { MAX_KERNEL_INPUTS, denseKernel, gatherScratchBytes, kernelMemory, packTable, runDenseCalls, type DenseCall } from './dense-kernel.js';
import { choosePath, int32Fits, sameType } from './matmul.js';
import { elems, resultType, type FixedTensor, type KernelContext } from './values.js';
import { ensureMemory } from './wasm-asm.js';
import { nativeDense } from './native.js';
import { quantizeInChain, stagingBytes } from './quantize-kernel.js';
import type { PointStats } from './stats.js';

/** One layer of a chain: a Dense node and the relu fused into it (or null). */
export interface ChainLayer {
  readonly dense: Node<DenseOp>;
  readonly relu: Node<ActivationOp> | null;
  readonly data: LayerData;
}

/** A Dense node's weights laid out for the kernel. */
interface LayerData {
  readonly nIn: number;
  readonly nOut: number;
  readonly nv: number;
  readonly w: Int32Array;
  readonly bias: Int32Array;
  /** Per input (padded to a multiple of 4): max_j |w_ij| (0 in the padding). */
  readonly maxW: Int32Array;
  /** Per input (padded): the largest |x| whose products cannot wrap (2^32 − 1 in the padding). */
  readonly thresholds: Uint32Array;
  readonly maxBias: number;
  readonly shift: number;
  readonly accum: FixedType;
  readonly result: FixedType;
  /** accum_t → result_t changes nothing (else the chain ends here and converts in JavaScript). */
  readonly exact: boolean;
}

/** Which nodes may be fused away: their values are never observed outside the chain. */
export interface ChainPolicy {
  /** True when the node's value must be materialized (traced, kept, a graph output or read by several nodes). */
  readonly observed: (name: string) => boolean;
}

const PACK_TABLE = packTable();

const layerCache = new WeakMap<Node, { xType: FixedType; data: LayerData | null }>();

/** The kernel layout of a Dense node reading values of type xType, or null when the int32 kernel does not apply. */
function layerData(d: Node<DenseOp>, xType: FixedType): LayerData | null {
  const hit = layerCache.get(d);
  if (hit !== undefined && hit.xType === xType) return hit.data;
  const data = buildLayer(d, xType);
  layerCache.set(d, { xType, data });
  return data;
}

function buildLayer(d: Node<DenseOp>, xType: FixedType): LayerData | null {
  const [nIn, nOut] = d.op.weight.shape as [number, number];
  const result = d.types?.result;
  if (result === undefined || xType.width > 31) return null;
  const p = preparedOf(d, nOut);
  if (p.w.kind !== 'fixed' || choosePath({ xType, w: p.w, accum: p.accum }) !== 'fast') return null;
  if (!int32Fits({ xType, accum: p.accum }, p.w.raw, p.w.frac)) return null;
  const shift = fracBits(xType) + p.w.frac - fracBits(p.accum);
  const nv = (nOut + 3) >> 2;
  const stride = nv * 4;
  const w = new Int32Array(nIn * stride);
  const n4 = (nIn + 3) & ~3;
  const maxW = new Int32Array(n4);
  const thresholds = new Uint32Array(n4).fill(0xffffffff);
  const hi = 2 ** (p.accum.width - 1) - 1;
  for (let i = 0; i < nIn; i++) {
    let m = 0;
    for (let j = 0; j < nOut; j++) {
      const v = p.w.raw[i * nOut + j]!;
      w[i * stride + j] = v;
      m = Math.max(m, Math.abs(v));
    }
    maxW[i] = m;
    // |floor(x·w·2^-s)| ≤ |x|·m·2^-s + 1 ≤ hi for |x| up to this threshold
    thresholds[i] = m === 0 ? 0x7fffffff : Math.min(0x7fffffff, Math.floor(((hi - 1) * 2 ** shift) / m));
  }
  const bias = new Int32Array(stride);
  bias.set(p.bias);
  const maxBias = p.bias.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
  return { nIn, nOut, nv, w, bias, maxW, thresholds, maxBias, shift, accum: p.accum, result, exact: sameType(p.accum, result) };
}

/** Whether the WebAssembly kernels a layer needs compile (with and without the fused relu). */
function wasmKernelsFor(d: LayerData): boolean {
  return [true, false].every((relu) => denseKernel({ shift: d.shift, k: 32 - d.accum.width, relu, nv: d.nv }) !== null);
}

/** A relu whose result type holds every input value with the same raw integer. */
function fusableRelu(n: Node | undefined, d: Node<DenseOp>): n is Node<ActivationOp> {
  if (n === undefined || !isOp(n, 'activation') || n.op.fn !== 'relu' || n.inputs.length !== 1 || n.inputs[0] !== d.name) return false;
  const a = resultType(d);
  const b = n.types?.result;
  return b !== undefined && fracBits(a) === fracBits(b) && a.signed === b.signed && a.width === b.width && b.overflow !== 'AP_SAT_SYM';
}

/**
 * The chain starting at nodes[idx] (a Dense reading x), or null when the kernel does not apply. Layers follow
 * each other in graph order, each reading the previous one's only value.
 */
export function planChain(nodes: readonly Node[], idx: number, x: FixedTensor, policy: ChainPolicy): ChainLayer[] | null {
  const layers: ChainLayer[] = [];
  let xType = x.type;
  let inElems = elems(x.shape);
  let k = idx;
  for (;;) {
    const d = nodes[k];
    if (d === undefined || !isOp(d, 'dense')) break;
    if (layers.length > 0 && (d.inputs.length !== 1 || d.inputs[0] !== nodes[k - 1]!.name)) break;
    const data = layerData(d, xType);
    if (data === null || data.nIn !== inElems || data.nIn > MAX_KERNEL_INPUTS) break;
    // the WebAssembly kernels must compile, unless the native kernel runs the chain
    if (nativeDense() === null && !wasmKernelsFor(data)) break;
    const relu = data.exact && !policy.observed(d.name) && fusableRelu(nodes[k + 1], d) ? nodes[k + 1] as Node<ActivationOp> : null;
    layers.push({ dense: d, relu, data });
    const last = relu ?? d;
    k += relu === null ? 1 : 2;
    if (!data.exact || policy.observed(last.name)) break;
    xType = resultType(last);
    inElems = data.nOut;
  }
  return layers.length > 0 ? layers : null;
}

/** Number of graph nodes a chain covers. */
export function chainLength(layers: readonly ChainLayer[]): number {
  return layers.reduce((s, l) => s + (l.relu === null ? 1 : 2), 0);
}

/** Byte offsets of one chain's data in the kernel memory. */
interface Layout {
  readonly layers: { w: number; bias: number; maxW: number; thresholds: number }[];
  readonly packTable: number;
  /** All input rows (int32) and all output rows (int32, padded to whole vectors). */
  readonly input: number;
  readonly output: number;
  /** Two activation blocks (between layers) and the gather scratch. */
  readonly bufA: number;
  readonly bufB: number;
  readonly scratch: number;
  /** Per block of rows, per layer: two int64 counters (product wraps, partial-sum wraps). */
  readonly counters: number[][];
  readonly rows: number;
  readonly block: number;
  readonly end: number;
}

// rows per block: the two int32 activation buffers (256 KiB each at most) stay within a 1 MiB L2 cache; fewer, longer
// kernel calls measured faster than 64 KiB blocks
const BLOCK_BYTES = 1 << 18;

function layout(layers: readonly ChainLayer[], inElems: number, rows: number): Layout {
  let off = 0;
  const alloc = (bytes: number): number => {
    const o = off;
    off += (bytes + 63) & ~63;
    return o;
  };
  const packTable = alloc(256);
  const ls = layers.map((l) => ({ w: alloc(l.data.w.length * 4), bias: alloc(l.data.bias.length * 4), maxW: alloc(l.data.maxW.length * 4), thresholds: alloc(l.data.maxW.length * 4) }));
  const width = Math.max(...layers.map((l) => l.data.nv * 4));
  const block = Math.max(1, Math.min(rows, Math.floor(BLOCK_BYTES / (width * 4))));
  const input = alloc(rows * inElems * 4 + 16); // the bound reads up to 12 bytes past the last input row
  const output = alloc(rows * layers[layers.length - 1]!.data.nv * 16);
  const bufA = alloc(block * width * 4);
  const bufB = alloc(block * width * 4 + 16);
  const scratch = alloc(gatherScratchBytes(Math.max(...layers.map((l) => l.data.nIn))));
  const counters = Array.from({ length: Math.ceil(rows / block) }, () => layers.map(() => alloc(16)));
  return { layers: ls, packTable, input, output, bufA, bufB, scratch, counters, rows, block, end: off };
}

/** Float64 network inputs the chain quantizes itself (into x's type), counting at `point`. */
export interface ChainSource {
  readonly x: Float64Array;
  readonly point: PointStats;
}

/**
 * Run a chain on x (its first layer's input; or, with `source`, on those float values quantized into x's type);
 * the raw values of its last node, or null when memory is short (then nothing was quantized or counted).
 */
export function runChain(layers: readonly ChainLayer[], x: FixedTensor, ctx: KernelContext, source?: ChainSource): FixedTensor | null {
  const memory = kernelMemory();
  const rows = ctx.batch;
  const inElems = layers[0]!.data.nIn;
  const lay = layout(layers, inElems, rows);
  const staging = lay.end;
  if (memory === null || !ensureMemory(memory, lay.end + (source ? stagingBytes(rows * inElems) : 0))) return null;
  const mem = memory.buffer;
  writeLayers(mem, layers, lay);
  if (source) quantizeInChain(source.x, x.type, source.point, lay.input, staging);
  else new Int32Array(mem, lay.input, rows * inElems).set(x.raw);
  runDenseCalls(mem, Array.from({ length: lay.counters.length }, (_, b) => callsFor(layers, lay, b)).flat());
  const last = layers[layers.length - 1]!;
  const out = new Float64Array(rows * last.data.nOut);
  copyOut(new Int32Array(mem, lay.output, rows * last.data.nv * 4), last.data, out, rows);
  recordStats(layers, lay, mem, ctx, out);
  return { type: resultType(last.relu ?? last.dense), shape: (last.relu ?? last.dense).shape, raw: out };
}

/** Weights, biases, bounds into the kernel memory; every counter to zero. */
function writeLayers(mem: ArrayBuffer, layers: readonly ChainLayer[], lay: Layout): void {
  new Uint8Array(mem, lay.packTable, 256).set(PACK_TABLE);
  layers.forEach((l, i) => {
    const o = lay.layers[i]!;
    new Int32Array(mem, o.w, l.data.w.length).set(l.data.w);
    new Int32Array(mem, o.bias, l.data.bias.length).set(l.data.bias);
    new Int32Array(mem, o.maxW, l.data.maxW.length).set(l.data.maxW);
    new Uint32Array(mem, o.thresholds, l.data.thresholds.length).set(l.data.thresholds);
  });
  for (const b of lay.counters) for (const c of b) new BigInt64Array(mem, c, 2).fill(0n);
}

/** The kernel calls of block b (every layer on its rows in turn). */
function callsFor(layers: readonly ChainLayer[], lay: Layout, b: number): DenseCall[] {
  const calls: DenseCall[] = [];
  const inElems = layers[0]!.data.nIn;
  const outStride = layers[layers.length - 1]!.data.nv * 16;
  const b0 = b * lay.block;
  const n = Math.min(lay.block, lay.rows - b0);
  let src = lay.input + b0 * inElems * 4;
  let xStride = inElems * 4;
  layers.forEach((l, i) => {
    const o = lay.layers[i]!;
    const dst = i === layers.length - 1 ? lay.output + b0 * outStride : i % 2 === 0 ? lay.bufA : lay.bufB;
    calls.push({
      x: src, rows: n, nIn: l.data.nIn, xStride, w: o.w, nv: l.data.nv, bias: o.bias, out: dst, shift: l.data.shift,
      width: l.data.accum.width, counters: lay.counters[b]![i]!, maxW: o.maxW, thresholds: o.thresholds, relu: l.relu !== null,
      scratch: lay.scratch, maxBias: l.data.maxBias, packTable: lay.packTable,
    });
    xStride = l.data.nv * 16;
    src = dst;
  });
  return calls;
}

/** Padded int32 rows → float64 raws (the result conversion is applied later when it is not the identity). */
function copyOut(o: Int32Array, d: LayerData, out: Float64Array, n: number): void {
  const stride = d.nv * 4;
  if (stride === d.nOut) {
    out.set(o);
    return;
  }
  for (let r = 0; r < n; r++) for (let j = 0; j < d.nOut; j++) out[r * d.nOut + j] = o[r * stride + j]!;
}

/** Every node's statistics as the node-by-node run records them (same points, same order, same counts). */
function recordStats(layers: readonly ChainLayer[], lay: Layout, mem: ArrayBuffer, ctx: KernelContext, out: Float64Array): void {
  const rows = ctx.batch;
  layers.forEach((l, i) => {
    const d = l.data;
    ctx.stats.beginNode(l.dense.name, l.dense.op.kind);
    prepared(l.dense, ctx, d.nOut);
    const c = counters(ctx, d.accum, d.result);
    let pw = 0;
    let sw = 0;
    for (const b of lay.counters) {
      const cnt = new BigInt64Array(mem, b[i]!, 2);
      pw += Number(cnt[0]);
      sw += Number(cnt[1]);
    }
    c.product.total += rows * d.nIn * d.nOut;
    c.accum.total += rows * d.nIn * d.nOut;
    c.result.total += rows * d.nOut;
    c.product.counts.outOfRange += pw;
    c.product.counts.wrapped += pw;
    c.accum.counts.outOfRange += sw;
    c.accum.counts.wrapped += sw;
    if (!d.exact) {
      const toResult = makeCaster(fracBits(d.accum), d.result, c.result.counts);
      for (let q = 0; q < out.length; q++) out[q] = toResult(out[q]!);
    }
    if (l.relu !== null) {
      ctx.stats.beginNode(l.relu.name, l.relu.op.kind);
      ctx.stats.point('result', resultType(l.relu)).total += rows * d.nOut;
    }
  });
}

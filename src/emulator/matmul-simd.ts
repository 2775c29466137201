/**
 * The int32 product-accumulate (TRN products into a signed WRAP accumulator of ≤ 30 bits, |x·w| < 2^31) as a
 * WebAssembly SIMD kernel: four outputs per instruction. Same meaning and the same overflow counts as the scalar
 * int32 kernel in matmul.ts (property-tested against it and the BigInt kernel): for each row, accumulators start at
 * the bias; for each non-zero input in index order, every product is floored into accum_t (arithmetic shift),
 * counted when it leaves accum_t's range and wrapped, then added, the sum counted and wrapped likewise.
 * The module is assembled here from bytes (a few hundred), so nothing is loaded from disk.
 */
import { BLOCK, BR, BR_IF, ELSE, END, get, i32c, IF, load128 as load128At, LOOP, section, set, store128 as store128At, uleb, V, wname } from './wasm-asm.js';

/** Raw operands of one int32 product-accumulate. */
export interface SimdMatmulArgs {
  /** Input raws, rows × nIn (integers, |x·w| < 2^31 for every weight). */
  readonly x: Float64Array;
  readonly rows: number;
  readonly nIn: number;
  readonly nOut: number;
  /** Weight raws [nIn, nOut]. */
  readonly w: Float64Array;
  /** Accumulator start values (raw accum_t). */
  readonly bias: Float64Array;
  /** Right shift of a product into accum_t. */
  readonly shift: number;
  /** accum_t's width (≤ 30, signed). */
  readonly width: number;
}

/** Accumulators (rows × nOut raw accum_t values, row-major) and the product/sum wrap counts. */
export interface SimdMatmulResult {
  readonly acc: Float64Array;
  readonly productWraps: number;
  readonly sumWraps: number;
}

// opcodes (WebAssembly core + SIMD proposal), from the shared assembler helpers
const name = wname;
const load128 = load128At();
const store128 = store128At();
const [ADD, SUB, MUL, SHL, SHR_S, XOR, GE_U, LT_U, GT_S, NE, I64ADD, I64U] = [0x6a, 0x6b, 0x6c, 0x74, 0x75, 0x73, 0x4f, 0x49, 0x4a, 0x47, 0x7c, 0xad];
const SPLAT = V.splat;
const LANE = V.lane;
const [LT_S4, GT_S4, OR, SHL4, SHR_S4, ADD4, SUB4, MUL4] = [V.ltS, V.gtS, V.or, V.shl, V.shrS, V.add, V.sub, V.mul];

// locals: params 0..12, then i32 13..20, then v128 21..27
const [X, ROWS, NIN, NV, W, B, OUT, SH, K, LO, HI, CNT, THR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const [R, I, J, XV, ROWO, WROW, XROW, CHK] = [13, 14, 15, 16, 17, 18, 19, 20];
const [XS, P, S, LOV, HIV, CP, CS] = [21, 22, 23, 24, 25, 26, 27];

/** addr = base + idx·scale (scale a power of two given by its log). */
const addr = (base: number, idx: number, log: number) => [...get(base), ...get(idx), ...i32c(log), SHL, ADD];
/** The wrap count of v (lanes outside [lo, hi]) added to counter c, then v wrapped to accum_t in place. */
const countWrap = (v: number, c: number) => [
  ...get(c), ...get(v), ...get(LOV), ...LT_S4, ...get(v), ...get(HIV), ...GT_S4, ...OR, ...SUB4, ...set(c),
  ...get(v), ...get(K), ...SHL4, ...get(K), ...SHR_S4, ...set(v),
];
/** mem64[CNT + off] += Σ lanes of counter c. */
const flush = (c: number, off: number) => [
  ...get(CNT), ...get(CNT), 0x29, 3, off,
  ...[0, 1, 2, 3].flatMap((l) => [...get(c), ...LANE(l), I64U, I64ADD]),
  0x37, 3, off,
];
const zero4 = V.zero;

/** acc[j] += x_i·w[i, j] >> shift over the row's vectors j, sums checked; products too unless they cannot wrap. */
function innerLoop(checkProducts: boolean): number[] {
  return [
    ...LOOP,
    ...get(XS), ...get(WROW), ...get(J), ...i32c(4), SHL, ADD, ...load128, ...MUL4, ...get(SH), ...SHR_S4, ...set(P),
    ...(checkProducts ? countWrap(P, CP) : []),
    ...get(ROWO), ...get(J), ...i32c(4), SHL, ADD, ...load128, ...get(P), ...ADD4, ...set(S),
    ...countWrap(S, CS),
    ...get(ROWO), ...get(J), ...i32c(4), SHL, ADD, ...get(S), ...store128,
    ...get(J), ...i32c(1), ADD, ...set(J), ...get(J), ...get(NV), LT_U, BR_IF, 0,
    END,
  ];
}

function body(): number[] {
  // products of this input can wrap only when |x_i| exceeds the input's threshold (from its largest weight)
  const absX = [...get(XV), ...get(XV), ...i32c(31), SHR_S, XOR, ...get(XV), ...i32c(31), SHR_S, SUB];
  const chk = [...absX, ...addr(THR, I, 2), 0x28, 2, 0, GT_S, ...set(CHK)];
  const inner = [...chk, ...get(CHK), ...IF, ...innerLoop(true), ELSE, ...innerLoop(false), END];
  const inputs = [
    ...BLOCK, ...LOOP,
    ...get(I), ...get(NIN), GE_U, BR_IF, 1,
    ...addr(XROW, I, 2), 0x28, 2, 0, ...set(XV),
    ...get(XV), ...i32c(0), NE, ...IF,
    ...get(XV), ...SPLAT, ...set(XS),
    ...get(W), ...get(I), ...get(NV), MUL, ...i32c(4), SHL, ADD, ...set(WROW),
    ...i32c(0), ...set(J), ...inner,
    END,
    ...get(I), ...i32c(1), ADD, ...set(I), BR, 0,
    END, END,
  ];
  const rows = [
    ...BLOCK, ...LOOP,
    ...get(R), ...get(ROWS), GE_U, BR_IF, 1,
    ...get(OUT), ...get(R), ...get(NV), MUL, ...i32c(4), SHL, ADD, ...set(ROWO),
    ...get(X), ...get(R), ...get(NIN), MUL, ...i32c(2), SHL, ADD, ...set(XROW),
    // accumulators start at the bias
    ...i32c(0), ...set(J),
    ...LOOP, ...addr(ROWO, J, 4), ...addr(B, J, 4), ...load128, ...store128,
    ...get(J), ...i32c(1), ADD, ...set(J), ...get(J), ...get(NV), LT_U, BR_IF, 0, END,
    ...zero4, ...set(CP), ...zero4, ...set(CS),
    ...i32c(0), ...set(I), ...inputs,
    ...flush(CP, 0), ...flush(CS, 8),
    ...get(R), ...i32c(1), ADD, ...set(R), BR, 0,
    END, END,
  ];
  const code = [...get(LO), ...SPLAT, ...set(LOV), ...get(HI), ...SPLAT, ...set(HIV), ...rows, END];
  const locals = [2, 8, 0x7f, 7, 0x7b];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

function moduleBytes(): Uint8Array {
  const type = [1, 0x60, 13, ...new Array<number>(13).fill(0x7f), 0];
  const imports = [1, ...name('m'), ...name('mem'), 0x02, 0x00, 1];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, type), ...section(2, imports), ...section(3, [1, 0]), ...section(7, [1, ...name('k'), 0, 0]),
    ...section(10, [1, ...body()]),
  ]);
}

type Kernel = (...args: number[]) => void;
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no WebAssembly declarations). */
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
let kernel: { run: Kernel; memory: WasmMemory } | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable (the scalar kernel is used then). */
function instance(): { run: Kernel; memory: WasmMemory } | null {
  if (kernel !== undefined) return kernel;
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const memory = new wasm.Memory({ initial: 1 });
    const inst = new wasm.Instance(new wasm.Module(moduleBytes()), { m: { mem: memory } });
    kernel = { run: inst.exports['k'] as Kernel, memory };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether the SIMD kernel can run here. */
export function simdAvailable(): boolean {
  return instance() !== null;
}

const weightCache = new WeakMap<Float64Array, Int32Array>();

/** Weights [nIn, nOut] as int32 rows padded to a multiple of 4 outputs (zero weights: padded lanes stay 0). */
function paddedWeights(w: Float64Array, nIn: number, nOut: number, stride: number): Int32Array {
  let p = weightCache.get(w);
  if (p === undefined || p.length !== nIn * stride) {
    p = new Int32Array(nIn * stride);
    for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) p[i * stride + j] = w[i * nOut + j]!;
    weightCache.set(w, p);
  }
  return p;
}

const BLOCK_BYTES = 1 << 24;
const MAX_BYTES = 2 ** 30;

/**
 * Per input i, the largest |x| whose products cannot leave accum_t's range: |floor(x·w·2^-s)| ≤ |x|·max_j|w_ij|·2^-s + 1
 * ≤ hi. Inputs above it take the per-product checks.
 */
function productThresholds(w: Int32Array, nIn: number, stride: number, shift: number, hi: number): Int32Array {
  const thr = new Int32Array(nIn);
  for (let i = 0; i < nIn; i++) {
    let m = 0;
    for (let j = 0; j < stride; j++) m = Math.max(m, Math.abs(w[i * stride + j]!));
    thr[i] = m === 0 ? 0x7fffffff : Math.min(0x7fffffff, Math.floor(((hi - 1) * 2 ** shift) / m));
  }
  return thr;
}

/** Run the kernel (rows in blocks that fit a bounded memory); null when WebAssembly SIMD is unavailable. */
export function matmulSimd(a: SimdMatmulArgs): SimdMatmulResult | null {
  const k = instance();
  if (k === null) return null;
  const stride = (a.nOut + 3) & ~3;
  const w = paddedWeights(a.w, a.nIn, a.nOut, stride);
  const fixedBytes = w.length * 4 + stride * 4 + 16 + a.nIn * 4;
  const block = Math.max(1, Math.min(a.rows, Math.floor(BLOCK_BYTES / ((a.nIn + stride) * 4))));
  const need = fixedBytes + block * (a.nIn + stride) * 4;
  // WebAssembly memory is at most 4 GiB; far beyond any dense layer, but then the scalar kernel does the work
  if (need > MAX_BYTES) return null;
  const have = k.memory.buffer.byteLength;
  if (need > have) {
    try {
      k.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return null; // no memory to grow into: the scalar kernel needs none
    }
  }
  const mem = k.memory.buffer;
  const wOff = 0;
  const bOff = w.length * 4;
  const cOff = bOff + stride * 4;
  const tOff = cOff + 16;
  const xOff = tOff + a.nIn * 4;
  const oOff = xOff + block * a.nIn * 4;
  new Int32Array(mem, wOff, w.length).set(w);
  const b = new Int32Array(mem, bOff, stride);
  b.fill(0);
  for (let j = 0; j < a.nOut; j++) b[j] = a.bias[j]!;
  const counts = new BigInt64Array(mem, cOff, 2);
  counts.fill(0n);
  const acc = new Float64Array(a.rows * a.nOut);
  const hi = 2 ** (a.width - 1) - 1;
  new Int32Array(mem, tOff, a.nIn).set(productThresholds(w, a.nIn, stride, a.shift, hi));
  for (let r0 = 0; r0 < a.rows; r0 += block) {
    const n = Math.min(block, a.rows - r0);
    new Int32Array(mem, xOff, n * a.nIn).set(a.x.subarray(r0 * a.nIn, (r0 + n) * a.nIn));
    k.run(xOff, n, a.nIn, stride / 4, wOff, bOff, oOff, a.shift, 32 - a.width, -hi - 1, hi, cOff, tOff);
    const o = new Int32Array(mem, oOff, n * stride);
    if (stride === a.nOut) acc.set(o, r0 * stride);
    else for (let r = 0; r < n; r++) for (let j = 0; j < a.nOut; j++) acc[(r0 + r) * a.nOut + j] = o[r * stride + j]!;
  }
  return { acc, productWraps: Number(counts[0]), sumWraps: Number(counts[1]) };
}

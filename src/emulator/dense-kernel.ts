/**
 * The register-blocked int32 WebAssembly SIMD Dense kernel: TRN products into a signed WRAP accumulator of ≤ 30 bits
 * with |x·w| < 2^31, hls4ml's meaning (accumulators start at the bias, each product floored into accum_t and wrapped,
 * each partial sum wrapped, inputs in index order), the same overflow counts as the BigInt kernel.
 *
 * Per row it first gathers the non-zero inputs (a zero input adds nothing and never overflows) and a bound on every
 * partial sum: |floor(x·w·2^-s)| ≤ |x|·max_j|w_ij|·2^-s + 1, so when |bias| + Σ bounds ≤ hi no product and no partial
 * sum of that row can leave accum_t's range and plain int32 sums are the exact result ("clean" row: 16 outputs at a
 * time held in registers, no checks). Rows whose products cannot wrap (|x| under each input's threshold) run the
 * same loop keeping the smallest and largest partial sums; only if one left the range is the row recomputed by the
 * checked loop, where every product and every partial sum is compared with the range, counted and wrapped, in input
 * order (rows with possibly wrapping products go there directly). An optional relu (max with 0) is fused at the end.
 * Kernels are compiled per (shift, width, relu) so that the SIMD shifts take immediate operands.
 *
 * native/dense.cc is the same kernel in C++ for the machine's widest vector unit; runDenseCalls uses it when it is
 * built (the tests check both against the BigInt kernel).
 */
import { newMemory, type WasmMemory } from './wasm-asm.js';
import { NATIVE_FIELDS, nativeDense } from './native.js';
import { BLOCK, BR, BR_IF, ELSE, END, I32, I64, IF, LOOP, OP, V, V128, funcBody, get, i32c, instantiate, load128, load32, loadI64, moduleWithKernel, set, store128, store32, storeI64, type WasmKernel } from './wasm-asm.js';

// parameters (all i32), then locals: i32, one i64, v128
const [X, ROWS, NIN, XSTR, W, NV, B, OUT, CNT, MP, TP, LO, HI, FLOOR, SCR, LIMIT, TAB] = range(0, 17);
const N_PARAMS = 17;
const [R, J, XV, XROW, OROW, P, PEND, WR, JB, PF, DIRTY, XP, XEND, WP, MPP, TPP, ST, MASK, XEND4] = range(17, 19);
const BND = 36;
const [XS, A0, A1, A2, A3, PV, LOV, HIV, CP, CS, FLV, MN, MX, BV, PFV, STV, WQ, ADV, STEP] = range(37, 19);
const ACC = [A0, A1, A2, A3];

/** Byte distance between the gathered weight-row addresses and the gathered values in the scratch. */
const GATHER_SPLIT = 1 << 16;

/** Most inputs a layer may have for the kernel (the gathered addresses must fit below GATHER_SPLIT). */
export const MAX_KERNEL_INPUTS = (GATHER_SPLIT - 32) / 4;

/** Scratch bytes a call with nIn inputs needs (16-byte stores may write 12 bytes past the packed values). */
export function gatherScratchBytes(nIn: number): number {
  return GATHER_SPLIT + nIn * 4 + 32;
}

/** What a kernel is specialized on: constant shifts compile to immediate-operand SIMD shifts (much faster). */
export interface KernelSpec {
  /** Right shift of a product into accum_t (0..30). */
  readonly shift: number;
  /** 32 − accum_t width (2..32). */
  readonly k: number;
  /** Fuse a relu (max with 0) into the output. */
  readonly relu: boolean;
  /** Output vectors (4 lanes each) per row: the blocks of the clean loop are laid out for it. */
  readonly nv: number;
}

// the spec of the kernel being assembled (the builders below read it; set only by assemble())
let spec: KernelSpec = { shift: 0, k: 2, relu: false, nv: 1 };

function range(from: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

const loop = (exitCond: number[], body: number[]): number[] => [...BLOCK, ...LOOP, ...exitCond, BR_IF, 1, ...body, BR, 0, END, END];
const inc = (l: number, by: number): number[] => [...get(l), ...i32c(by), OP.add, ...set(l)];

/** v = max(v, floor): relu when floor is 0, nothing when it is INT32_MIN. */
const clampFloor = (v: number): number[] => (spec.relu ? [...get(v), ...get(FLV), ...V.maxS, ...set(v)] : []);

/** counter c -= (v < lo) | (v > hi) (lanes are −1 where true); then v wrapped to accum_t (shift pair). */
const countWrap = (v: number, c: number): number[] => [
  ...get(c), ...get(v), ...get(LOV), ...V.ltS, ...get(v), ...get(HIV), ...V.gtS, ...V.or, ...V.sub, ...set(c),
  ...get(v), ...i32c(spec.k), ...V.shl, ...i32c(spec.k), ...V.shrS, ...set(v),
];

/** mem64[CNT + off] += Σ lanes of counter c. */
const flush = (c: number, off: number): number[] => [
  ...get(CNT), ...get(CNT), ...loadI64(off),
  ...[0, 1, 2, 3].flatMap((l) => [...get(c), ...V.lane(l), OP.i64ExtendU, OP.i64Add]),
  ...storeI64(off),
];

/**
 * Per row: gather the non-zero inputs — their weight-row addresses packed at the scratch, their values at the same
 * place + GATHER_SPLIT — and the partial-sum bound. Branch-free (relu outputs are zero about half the time in no
 * predictable pattern, and a mispredicted branch per input cost more than the products): four inputs at a time, the
 * non-zero lanes are packed to the front by a byte shuffle chosen by their mask (TAB: 16 masks × 16 bytes) and the
 * pointer advances by their count; the last inputs (fewer than four) one at a time. In the same pass, the bound
 * Σ|x_i|·m_i (m_i = max_j |w_ij|) in int64 lanes (exact: every term is below 2^31); the array is padded to a
 * multiple of 4 with m = 0, so the lanes read past the row add nothing.
 */
function gather(): number[] {
  const bound = [
    ...get(XS), ...V.abs, ...set(PV),
    ...get(BV), ...get(PV), ...get(MPP), ...load128(), ...V.extmulLowU, ...V.i64Add,
    ...get(PV), ...get(MPP), ...load128(), ...V.extmulHighU, ...V.i64Add, ...set(BV),
  ];
  const quad = [
    ...get(XP), ...load128(), ...set(XS),
    ...bound,
    ...get(XS), ...V.zero, ...V.ne, ...V.bitmask, ...set(MASK),
    ...get(MASK), ...i32c(4), OP.shl, ...get(TAB), OP.add, ...load128(), ...set(WQ),
    ...get(P), ...get(ADV), ...get(WQ), ...V.swizzle, ...store128(0),
    ...get(P), ...get(XS), ...get(WQ), ...V.swizzle, ...store128(GATHER_SPLIT),
    ...get(P), ...get(MASK), OP.popcnt, ...i32c(2), OP.shl, OP.add, ...set(P),
    ...get(ADV), ...get(STEP), ...V.add, ...set(ADV),
    ...inc(XP, 16), ...inc(MPP, 16),
  ];
  const single = [
    ...get(XP), ...load32(), ...set(XV),
    ...get(P), ...get(WP), ...store32(0),
    ...get(P), ...get(XV), ...store32(GATHER_SPLIT),
    ...get(P), ...get(XV), ...i32c(0), OP.ne, ...i32c(2), OP.shl, OP.add, ...set(P),
    ...inc(XP, 4), ...get(WP), ...get(ST), OP.add, ...set(WP),
  ];
  return [
    ...get(XROW), ...get(NIN), ...i32c(2), OP.shl, OP.add, ...set(XEND),
    ...get(XROW), ...get(NIN), ...i32c(2), OP.shrU, ...i32c(4), OP.shl, OP.add, ...set(XEND4),
    ...V.zero, ...set(BV), ...get(MP), ...set(MPP),
    ...get(SCR), ...set(P), ...get(XROW), ...set(XP), ...get(W), ...V.splat, ...get(STV), ...V.add, ...set(ADV),
    ...loop([...get(XP), ...get(XEND4), OP.geU], quad),
    // the last inputs' bound from one more quad (read past the row, padded), then their gather one at a time
    ...get(XP), ...get(XEND), OP.ltU, ...IF, ...get(XP), ...load128(), ...set(XS), ...bound, END,
    ...get(ADV), ...V.lane(0), ...set(WP),
    ...loop([...get(XP), ...get(XEND), OP.geU], single),
    ...get(P), ...set(PEND),
    ...get(BV), ...V.i64Lane(0), ...get(BV), ...V.i64Lane(1), OP.i64Add, ...set(BND),
  ];
}

/**
 * PF = whether any |x_i| of the row exceeds its product threshold (then a product may wrap), four inputs at a time;
 * the thresholds are padded with 2^32 − 1, so the lanes read past the row never count. Only rows that are not
 * clean need it.
 */
function wrapCheck(): number[] {
  const quad = [
    ...get(PFV), ...get(XP), ...load128(), ...V.abs, ...get(TPP), ...load128(), ...V.gtU, ...V.or, ...set(PFV),
    ...inc(XP, 16), ...inc(TPP, 16),
  ];
  return [
    ...V.zero, ...set(PFV), ...get(XROW), ...set(XP), ...get(TP), ...set(TPP),
    ...loop([...get(XP), ...get(XEND), OP.geU], quad),
    ...get(PFV), ...V.anyTrue, ...set(PF),
  ];
}

/**
 * The row is clean when Σ|x|·m·2^-s + nz ≤ hi − max|bias| (each floor adds at most 1 in magnitude), i.e.
 * Σ|x|·m ≤ (LIMIT − nz)·2^s, compared exactly in int64.
 */
function cleanCondition(): number[] {
  const nz = [...get(PEND), ...get(SCR), OP.sub, ...i32c(2), OP.shrU];
  return [...get(BND), ...get(LIMIT), ...nz, OP.sub, OP.i64ExtendS, 0x42, spec.shift, OP.i64Shl, OP.i64LeS];
}

/**
 * The unchecked loop over `n` accumulator vectors starting at vector jb (a constant: the weight, bias and output
 * addresses take it as an immediate offset). With `track`, the smallest and largest partial sums are kept, and
 * DIRTY is set when any left accum_t's range (the row is then recomputed checked).
 */
function cleanBlock(n: number, track: boolean, jb: number): number[] {
  const accs = ACC.slice(0, n);
  // min/max folded as a tree (one dependent step on MN/MX per input, not n)
  const tree = (op: number[], xs: readonly number[]): number[] =>
    xs.length === 1 ? get(xs[0]!) : [...tree(op, xs.slice(0, xs.length / 2)), ...tree(op, xs.slice(xs.length / 2)), ...op];
  const fold = (op: number[], acc: number): number[] => [...get(acc), ...tree(op, accs), ...op, ...set(acc)];
  const minMax = track ? [...fold(V.minS, MN), ...fold(V.maxS, MX)] : [];
  const inner = [
    ...get(P), ...load32(0), ...set(WR),
    ...get(P), ...load32(GATHER_SPLIT), ...V.splat, ...set(XS),
    ...accs.flatMap((a, k) => [...get(a), ...get(XS), ...get(WR), ...load128(16 * (jb + k)), ...V.mul, ...i32c(spec.shift), ...V.shrS, ...V.add, ...set(a)]),
    ...minMax,
    ...inc(P, 4),
  ];
  const init = track ? [...get(HIV), ...set(MN), ...get(LOV), ...set(MX)] : [];
  const check = track
    ? [...get(DIRTY), ...get(MN), ...get(LOV), ...V.ltS, ...get(MX), ...get(HIV), ...V.gtS, ...V.or, ...V.anyTrue, OP.or, ...set(DIRTY)]
    : [];
  return [
    ...accs.flatMap((a, k) => [...get(B), ...load128(16 * (jb + k)), ...set(a)]),
    ...init,
    ...get(SCR), ...set(P),
    ...loop([...get(P), ...get(PEND), OP.geU], inner),
    ...check,
    ...accs.flatMap((a, k) => [...clampFloor(a), ...get(OROW), ...get(a), ...store128(16 * (jb + k))]),
  ];
}

/**
 * An unchecked row: blocks of 4 vectors (16 outputs) in registers, then of 2, then one (blocks of 8 were
 * measured slower: register pressure), laid out for the kernel's constant number of vectors.
 */
function cleanRow(track: boolean): number[] {
  const code = [...i32c(0), ...set(DIRTY)];
  let jb = 0;
  for (const n of [4, 2, 1]) {
    for (; jb + n <= spec.nv; jb += n) code.push(...cleanBlock(n, track, jb));
  }
  return code;
}

/** A row that may overflow: per output vector, every product and partial sum checked, counted and wrapped. */
function checkedRow(): number[] {
  const inner = [
    ...get(P), ...load32(0), ...get(J), ...i32c(4), OP.shl, OP.add, ...set(WR),
    ...get(P), ...load32(GATHER_SPLIT), ...V.splat, ...get(WR), ...load128(), ...V.mul, ...i32c(spec.shift), ...V.shrS, ...set(PV),
    ...countWrap(PV, CP),
    ...get(A0), ...get(PV), ...V.add, ...set(A0),
    ...countWrap(A0, CS),
    ...inc(P, 4),
  ];
  const perVector = [
    ...get(B), ...get(J), ...i32c(4), OP.shl, OP.add, ...load128(), ...set(A0),
    ...get(SCR), ...set(P),
    ...loop([...get(P), ...get(PEND), OP.geU], inner),
    ...clampFloor(A0),
    ...get(OROW), ...get(J), ...i32c(4), OP.shl, OP.add, ...get(A0), ...store128(),
    ...inc(J, 1),
  ];
  return [
    ...V.zero, ...set(CP), ...V.zero, ...set(CS), ...i32c(0), ...set(J),
    ...loop([...get(J), ...get(NV), OP.geU], perVector),
    ...flush(CP, 0), ...flush(CS, 8),
  ];
}

function body(): number[] {
  const row = [
    ...get(X), ...get(R), ...get(XSTR), OP.mul, OP.add, ...set(XROW),
    ...get(OUT), ...get(R), ...get(NV), OP.mul, ...i32c(4), OP.shl, OP.add, ...set(OROW),
    ...gather(),
    // rows whose bound fits need no checks; rows whose products cannot wrap are checked only if a partial sum left
    // the range (rare); the others are checked step by step
    ...cleanCondition(), ...IF, ...cleanRow(false), ELSE,
    ...wrapCheck(), ...get(PF), OP.eqz, ...IF, ...cleanRow(true), ...get(DIRTY), ...IF, ...checkedRow(), END, ELSE, ...checkedRow(), END,
    END,
    ...inc(R, 1),
  ];
  const code = [
    ...get(LO), ...V.splat, ...set(LOV), ...get(HI), ...V.splat, ...set(HIV), ...get(FLOOR), ...V.splat, ...set(FLV),
    // ST: bytes between weight rows; STV: the offsets of four consecutive rows; STEP: four rows further
    ...get(NV), ...i32c(4), OP.shl, ...set(ST),
    ...get(ST), ...V.splat, ...V.const32([0, 1, 2, 3]), ...V.mul, ...set(STV),
    ...get(ST), ...i32c(2), OP.shl, ...V.splat, ...set(STEP),
    ...i32c(0), ...set(R),
    ...loop([...get(R), ...get(ROWS), OP.geU], row),
  ];
  return funcBody([[19, I32], [1, I64], [19, V128]], code);
}

function assemble(sp: KernelSpec): Uint8Array {
  spec = sp;
  return moduleWithKernel(new Array<number>(N_PARAMS).fill(I32), body());
}

let memory: WasmMemory | null | undefined;
const kernels = new Map<string, WasmKernel | null>();

/** The memory every dense kernel uses, or null without WebAssembly. */
export function kernelMemory(): WasmMemory | null {
  if (memory === undefined) memory = newMemory();
  return memory;
}

/** The compiled kernel for a spec (cached), or null where WebAssembly SIMD is unavailable. */
export function denseKernel(sp: KernelSpec): WasmKernel | null {
  const key = `${sp.shift},${sp.k},${sp.relu},${sp.nv}`;
  let k = kernels.get(key);
  if (k === undefined) {
    const mem = kernelMemory();
    k = mem === null ? null : instantiate(assemble(sp), mem);
    kernels.set(key, k);
  }
  return k;
}

/** Byte offsets and sizes of one call (all offsets 16-byte aligned). */
export interface DenseCall {
  /** Input rows (int32), `xStride` bytes apart. */
  readonly x: number;
  readonly rows: number;
  readonly nIn: number;
  readonly xStride: number;
  /** Weights int32 [nIn][nv·4], zero-padded columns. */
  readonly w: number;
  readonly nv: number;
  /** Bias int32 [nv·4] (raw accum_t), zero-padded. */
  readonly bias: number;
  /** Output rows int32 [rows][nv·4]. */
  readonly out: number;
  readonly shift: number;
  /** accum_t width (≤ 30). */
  readonly width: number;
  /** Two int64 counters: product wraps, partial-sum wraps (added to). */
  readonly counters: number;
  /** int32 per input, padded to a multiple of 4 with 0: max_j |w_ij|. */
  readonly maxW: number;
  /** uint32 per input, padded with 2^32 − 1: the largest |x| whose products cannot leave accum_t's range. */
  readonly thresholds: number;
  /** Fuse a relu (max with 0) into the output. */
  readonly relu: boolean;
  /** Scratch of gatherScratchBytes(nIn) bytes. */
  readonly scratch: number;
  /** The 256-byte table of packTable(). */
  readonly packTable: number;
  /** max_j |bias_j|. */
  readonly maxBias: number;
}

/** The byte shuffles that pack the non-zero int32 lanes of a 4-lane mask to the front (zeros behind). */
export function packTable(): Uint8Array {
  const t = new Uint8Array(256).fill(0x80);
  for (let m = 0; m < 16; m++) {
    let k = 0;
    for (let lane = 0; lane < 4; lane++) {
      if ((m & (1 << lane)) === 0) continue;
      for (let b = 0; b < 4; b++) t[m * 16 + 4 * k + b] = 4 * lane + b;
      k++;
    }
  }
  return t;
}

function callSpec(c: DenseCall): KernelSpec {
  return { shift: c.shift, k: 32 - c.width, relu: c.relu, nv: c.nv };
}

function callArgs(c: DenseCall): number[] {
  const hi = 2 ** (c.width - 1) - 1;
  return [c.x, c.rows, c.nIn, c.xStride, c.w, c.nv, c.bias, c.out, c.counters, c.maxW, c.thresholds, -hi - 1, hi, c.relu ? 0 : -0x80000000, c.scratch, hi - c.maxBias, c.packTable];
}

/** Run one call of the WebAssembly kernel on this thread (memory already laid out by the caller). */
function runDenseKernel(c: DenseCall): void {
  denseKernel(callSpec(c))!.run(...callArgs(c));
}

/** The calls packed for the native kernel (the field order of native/dense.cc). */
function packCalls(calls: readonly DenseCall[]): Int32Array {
  const a = new Int32Array(calls.length * NATIVE_FIELDS);
  calls.forEach((c, q) => {
    a.set([c.x, c.rows, c.nIn, c.xStride, c.w, c.nv, c.bias, c.out, c.shift, c.width, c.counters, c.maxW, c.thresholds, c.relu ? 1 : 0, c.maxBias], q * NATIVE_FIELDS);
  });
  return a;
}

/**
 * Run calls in order on the kernel memory `mem` (its current buffer): on the native kernel when it is built (one
 * crossing for all of them), else on the WebAssembly kernel. Same bits and counts either way.
 */
export function runDenseCalls(mem: ArrayBuffer, calls: readonly DenseCall[]): void {
  const native = nativeDense();
  if (native !== null) native(mem, packCalls(calls));
  else calls.forEach(runDenseKernel);
}

/**
 * Network-input quantization for a fused Dense chain as a WebAssembly SIMD loop on the kernel memory: x·2^F
 * (exact for F ≥ 0), floor, +1 when rounding (AP_RND) and the fraction is ≥ ½, to int32 — two values at a time.
 * It reports whether any value was out of range or not finite; the caller then quantizes everything with the
 * exact quantizer instead (which also counts those values), so the bits and counts are always the exact ones. The
 * native addon's loop (native/quantize.cc) does the same where it is built, reading the values where they are.
 */
import { BLOCK, BR, BR_IF, END, F64, I32, LOOP, OP, V, funcBody, get, i32c, instantiate, load128, moduleWithKernel, set, simd, type WasmKernel } from './wasm-asm.js';
import { kernelMemory } from './dense-kernel.js';
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import { makeQuantizer, maxRawNum, minRawNum } from './arith.js';
import type { PointStats } from './stats.js';
import { nativeQuantize } from './native.js';

// parameters: SRC (f64 values), DST (int32 raws), N (pairs), RND (0/1), FLAG (int32 out); SCALE, LO, HI (f64);
// locals: I, then v128
const [SRC, DST, N, RND, FLAG, SCALE, LO, HI, I] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const [S, FL, SV, LOV, HIV, BADV, HALF, ONE] = [9, 10, 11, 12, 13, 14, 15, 16];

const F = {
  splat: simd(0x14), floor: simd(0x75), sub: simd(0xf1), add: simd(0xf0), mul: simd(0xf2),
  ne: simd(0x48), lt: simd(0x49), gt: simd(0x4a), ge: simd(0x4c), and: simd(0x4e),
  toI32: simd(0xfc), // i32x4.trunc_sat_f64x2_s_zero
};
const store64Lane0 = [...simd(0x5b), 3, 0, 0];
const f64c = (v: number): number[] => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];

function body(): number[] {
  const pair = [
    ...get(SRC), ...get(I), ...i32c(4), OP.shl, OP.add, ...load128(), ...get(SV), ...F.mul, ...set(S),
    ...get(S), ...F.floor, ...set(FL),
    // AP_RND: +1 where the fraction s − floor(s) (exact) is at least ½ (HALF is 2 when truncating: never)
    ...get(FL), ...get(S), ...get(FL), ...F.sub, ...get(HALF), ...F.ge, ...get(ONE), ...F.and, ...F.add, ...set(FL),
    ...get(BADV), ...get(FL), ...get(LOV), ...F.lt, ...V.or, ...get(FL), ...get(HIV), ...F.gt, ...V.or,
    ...get(FL), ...get(FL), ...F.ne, ...V.or, ...set(BADV),
    ...get(DST), ...get(I), ...i32c(3), OP.shl, OP.add, ...get(FL), ...F.toI32, ...store64Lane0,
    ...get(I), ...i32c(1), OP.add, ...set(I),
  ];
  const code = [
    ...get(SCALE), ...F.splat, ...set(SV), ...get(LO), ...F.splat, ...set(LOV), ...get(HI), ...F.splat, ...set(HIV),
    ...f64c(1), ...F.splat, ...set(ONE), ...f64c(2), ...F.splat, ...set(HALF),
    ...get(RND), 0x04, 0x40, ...f64c(0.5), ...F.splat, ...set(HALF), END,
    ...V.zero, ...set(BADV), ...i32c(0), ...set(I),
    ...BLOCK, ...LOOP, ...get(I), ...get(N), OP.geU, BR_IF, 1, ...pair, BR, 0, END, END,
    ...get(FLAG), ...get(BADV), ...V.anyTrue, 0x36, 2, 0,
  ];
  return funcBody([[1, I32], [8, 0x7b]], code);
}

let kernel: WasmKernel | null | undefined;

function quantKernel(): WasmKernel | null {
  if (kernel === undefined) {
    const mem = kernelMemory();
    kernel = mem === null ? null : instantiate(moduleWithKernel([I32, I32, I32, I32, I32, F64, F64, F64], body()), mem);
  }
  return kernel;
}

/** Bytes of kernel memory quantizeInChain needs beside its destination for n values (none: the native loop reads x where it is). */
export function stagingBytes(n: number): number {
  return nativeQuantize() !== null ? 0 : n * 8 + 32;
}

/**
 * Quantize x into t as int32 raws at byte offset dst of the kernel memory, using `staging` (stagingBytes) there;
 * counts at point p. The SIMD loop where it applies and nothing overflows, else the exact quantizer.
 */
export function quantizeInChain(x: Float64Array, t: FixedType, p: PointStats, dst: number, staging: number): void {
  const k = quantKernel();
  const f = fracBits(t);
  const mem = kernelMemory()!;
  const pairs = x.length >> 1;
  const fast = f >= 0 && t.width <= 32 && (t.rounding === 'AP_TRN' || t.rounding === 'AP_RND');
  const native = fast ? nativeQuantize() : null;
  // the native loop reads x where it is (no staging copy)
  if (native !== null && native(x, mem.buffer, dst, 2 ** f, minRawNum(t), maxRawNum(t), t.rounding === 'AP_RND' ? 0.5 : 2)) {
    p.total += x.length;
    return;
  }
  if (native === null && k !== null && fast) {
    const flag = staging + ((x.length * 8 + 15) & ~15);
    new Float64Array(mem.buffer, staging, x.length).set(x);
    k.run(staging, dst, pairs, t.rounding === 'AP_RND' ? 1 : 0, flag, 2 ** f, minRawNum(t), maxRawNum(t));
    if (new Int32Array(mem.buffer, flag, 1)[0] === 0) {
      const out = new Int32Array(mem.buffer, dst, x.length);
      // an odd last value: the plain loop (counting it, and the totals)
      p.total += 2 * pairs;
      if (x.length % 2 === 1) quantizeRaw(x.subarray(x.length - 1), t, p, out.subarray(x.length - 1));
      return;
    }
  }
  quantizeRaw(x, t, p, new Int32Array(mem.buffer, dst, x.length));
}

/** Quantize every value of x into t (raw integers into out), counting at point p. */
export function quantizeRaw(x: Float64Array, t: FixedType, p: PointStats, out: Float64Array | Int32Array): void {
  p.total += x.length;
  const q = makeQuantizer(t, p.counts);
  const f = fracBits(t);
  if (f >= 0 && t.width <= 32 && (t.rounding === 'AP_TRN' || t.rounding === 'AP_RND')) {
    // x·2^F is exact (F ≥ 0) and so are its floor and fraction: in-range values need nothing else; the rest (out
    // of range, NaN/±Inf) take the exact quantizer, which also counts them
    const scale = 2 ** f;
    const lo = minRawNum(t);
    const hi = maxRawNum(t);
    // AP_RND: +1 when the fraction is ≥ ½ (s − floor(s) can round up only above ½, so the test is exact);
    // AP_TRN: never (for a tiny negative s, s − floor(s) rounds to 1: a test against 1 would wrongly fire)
    const half = t.rounding === 'AP_RND' ? 0.5 : 2;
    for (let i = 0; i < x.length; i++) {
      const s = x[i]! * scale;
      let r = Math.floor(s);
      if (s - r >= half) r++;
      out[i] = r >= lo && r <= hi ? r + 0 : q(x[i]!);
    }
  } else {
    for (let i = 0; i < x.length; i++) out[i] = q(x[i]!);
  }
}

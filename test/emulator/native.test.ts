// The native Dense kernel: built on this machine (required under CI, where a C++ compiler is present), and a call
// outside the memory it is given is refused before anything runs. Its arithmetic is checked against the BigInt kernel
// with the WebAssembly kernel's in dense-chain.test.ts.
import { describe, expect, it } from 'vitest';
import { NATIVE_FIELDS, loadNative, nativeDense, nativeLoadFailure, nativeSoftmax } from '../../src/emulator/native.js';

const addon = loadNative();
const native = nativeDense();

describe('native Dense kernel', () => {
  if (native === null) {
    if (process.env.CI === 'true') {
      it('is built (CI has g++, make and python3)', () => {
        throw new Error(`native kernel not loaded: ${nativeLoadFailure()}`);
      });
    } else {
      it.skip(`skipped: native kernel not loaded (${nativeLoadFailure()}); the emulator uses WebAssembly`, () => {});
    }
    return;
  }

  // one call: 2 rows of 4 inputs → 4 outputs (nv 1), laid out at 16-byte offsets of a 1 KiB memory
  const call = (over: Partial<Record<string, number>> = {}): Int32Array => {
    const f = { x: 0, rows: 2, nIn: 4, xStride: 16, w: 64, nv: 1, bias: 128, out: 160, shift: 0, width: 16, counters: 192, maxW: 208, thresholds: 224, relu: 0, maxBias: 0, ...over };
    return Int32Array.from([f.x, f.rows, f.nIn, f.xStride, f.w, f.nv, f.bias, f.out, f.shift, f.width, f.counters, f.maxW, f.thresholds, f.relu, f.maxBias]);
  };
  const memory = (): ArrayBuffer => {
    const m = new ArrayBuffer(1024);
    const i32 = new Int32Array(m);
    i32.set([1, 2, 0, -3, 4, 0, 0, 1], 0); // x
    i32.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 16); // identity weights
    i32.set([10, 20, 30, 40], 32); // bias
    i32.set([1, 1, 1, 1], 52); // max |w| per input
    new Uint32Array(m).set([1000, 1000, 1000, 1000], 56); // thresholds
    return m;
  };

  it('computes bias + x·W (identity weights) and counts nothing when nothing overflows', () => {
    const m = memory();
    expect(NATIVE_FIELDS).toBe(call().length);
    native(m, call());
    expect(Array.from(new Int32Array(m, 160, 8))).toEqual([11, 22, 30, 37, 14, 20, 30, 41]);
    expect(Array.from(new BigInt64Array(m, 192, 2))).toEqual([0n, 0n]);
  });

  it('wraps and counts a partial sum that leaves accum_t (width 6: −32..31)', () => {
    const m = memory();
    new Int32Array(m).set([10, 20, 30, 31], 32);
    native(m, call({ width: 6, maxBias: 31 }));
    // row 1: 31 − 3 = 28; row 2: 31 + 1 = 32 wraps to −32, one partial-sum event and no product event
    expect(Array.from(new Int32Array(m, 160, 8))).toEqual([11, 22, 30, 28, 14, 20, 30, -32]);
    expect(Array.from(new BigInt64Array(m, 192, 2))).toEqual([0n, 1n]);
  });

  it('refuses calls outside the memory or the kernel range, before running any call', () => {
    for (const bad of [{ out: 1020 }, { rows: 1000 }, { width: 31 }, { shift: -1 }, { nv: 0 }, { counters: 196 }, { w: 2000 }]) {
      const m = memory();
      const before = new Uint8Array(m.slice(0));
      // a valid call first: it must not run either
      const calls = new Int32Array(2 * NATIVE_FIELDS);
      calls.set(call(), 0);
      calls.set(call(bad), NATIVE_FIELDS);
      expect(() => native(m, calls)).toThrow(/outside the kernel's range or the memory/);
      expect(new Uint8Array(m)).toEqual(before);
    }
    expect(() => native(new ArrayBuffer(8), new Int32Array(3))).toThrow(/whole calls/);
    expect(() => native(new Int32Array(4) as unknown as ArrayBuffer, call())).toThrow(/ArrayBuffer/);
    // the addon's own function also takes the instruction-set level
    expect(() => (addon!.runDense as (...a: unknown[]) => void)(memory(), call())).toThrow(/runDense\(memory, calls, level\)/);
    expect(() => (addon!.runDense as (...a: unknown[]) => void)(memory(), call(), 'avx2')).toThrow(/runDense\(memory, calls, level\)/);
    // below AVX2 (level 2) there is no variant to run
    expect(addon!.cpuLevel()).toBeGreaterThanOrEqual(2);
    expect(() => addon!.runDense(memory(), call(), 1)).toThrow(/runDense\(memory, calls, level\)/);
  });

  it('refuses softmax arguments that do not fit the row length, and table indices outside their tables', () => {
    const softmax = nativeSoftmax()!;
    const n = 2;
    const x = Float64Array.of(0, 64, 128, 0);
    // stable, plain sum; exp and inverse tables of 4 entries; norm_t 8 bits → exp index = d >> 6
    const params = (over: Record<number, number> = {}): Float64Array => {
      const p = Float64Array.of(1, 1, 6, 4, 255, 256, 1 / 256, -128, 127, 256, 1 / 256, 1, 1 / 64, 4, 1, -128, 127, 256, 1 / 256);
      for (const [k, v] of Object.entries(over)) p[Number(k)] = v;
      return p;
    };
    const tabs = (): [Float64Array, Uint8Array, Float64Array, Int32Array] => [Float64Array.of(8, 4, 2, 1), new Uint8Array(4), Float64Array.of(4, 3, 2, 1), Int32Array.of(2, 0, 1)];
    const run = (xs: Float64Array, out: Float64Array, nn: number, t: [Float64Array, Uint8Array, Float64Array, Int32Array], p: Float64Array): void =>
      softmax(xs, out, nn, t[0], t[1], t[2], t[3], p, new Float64Array(9));
    // row 1: d = [64, 0] → e = [4, 8], Σ 12 → inverse index floor(12/64) = 0 → 4; out = floor(e·4) = [16, 32]
    const out = new Float64Array(4);
    run(x, out, n, tabs(), params());
    expect(Array.from(out.subarray(0, 2))).toEqual([16, 32]);
    expect(() => run(x, new Float64Array(3), n, tabs(), params())).toThrow(/do not fit/);
    expect(() => run(x, out, 3, tabs(), params())).toThrow(/do not fit/);
    expect(() => run(x, out, n, [Float64Array.of(1, 2, 3), new Uint8Array(4), Float64Array.of(1), Int32Array.of(2, 0, 1)], params())).toThrow(/do not fit/);
    expect(() => run(x, out, n, [...tabs().slice(0, 3), Int32Array.of(9, 0, 1)] as [Float64Array, Uint8Array, Float64Array, Int32Array], params())).toThrow(/do not fit/);
    // an exp shift that sends d = 128 past the 4-entry table
    expect(() => run(x, out, n, tabs(), params({ 2: 5 }))).toThrow(/left its table/);
    expect(() => softmax(x, out, n, new Float32Array(4) as unknown as Float64Array, new Uint8Array(4), tabs()[2], tabs()[3], params(), new Float64Array(9))).toThrow(/wrong type/);
  });
});

/**
 * A few helpers to assemble small WebAssembly modules from bytes in code (the emulator's SIMD kernels), so that
 * nothing is loaded from disk and no toolchain is needed. Only the opcodes the kernels use are named.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** A module section: id, size, body. */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
/** A length-prefixed name. */
export const wname = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const I64 = 0x7e;
export const V128 = 0x7b;

export const get = (l: number): number[] => [0x20, ...uleb(l)];
export const set = (l: number): number[] => [0x21, ...uleb(l)];
/** i32.const of a small non-negative constant (0..63, one sleb byte). */
export const i32c = (v: number): number[] => [0x41, v];
export const simd = (op: number): number[] => [0xfd, ...uleb(op)];
/** Memory accesses with a constant byte offset. */
export const load128 = (off = 0): number[] => [...simd(0x00), 4, ...uleb(off)];
export const store128 = (off = 0): number[] => [...simd(0x0b), 4, ...uleb(off)];
export const load32 = (off = 0): number[] => [0x28, 2, ...uleb(off)];
export const store32 = (off = 0): number[] => [0x36, 2, ...uleb(off)];
export const loadF64 = (off = 0): number[] => [0x2b, 3, ...uleb(off)];
export const loadI64 = (off = 0): number[] => [0x29, 3, ...uleb(off)];
export const storeI64 = (off = 0): number[] => [0x37, 3, ...uleb(off)];

export const OP = {
  add: 0x6a, sub: 0x6b, or: 0x72, eqz: 0x45, popcnt: 0x69, mul: 0x6c, shl: 0x74, shrS: 0x75, shrU: 0x76, xor: 0x73,
  geU: 0x4f, ltU: 0x49, gtU: 0x4b, ne: 0x47,
  i64Add: 0x7c, i64ExtendU: 0xad, i64ExtendS: 0xac, i64Shl: 0x86, i64LeS: 0x57,
  f64Add: 0xa0, f64Mul: 0xa2, f64Le: 0x65, f64FromI32: 0xb7,
} as const;

export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const IF = [0x04, 0x40];
export const ELSE = 0x05;
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;

export const V = {
  splat: simd(0x11),
  lane: (l: number): number[] => [...simd(0x1b), l],
  ltS: simd(0x39), gtS: simd(0x3b), or: simd(0x50), anyTrue: simd(0x53),
  shl: simd(0xab), shrS: simd(0xac), add: simd(0xae), sub: simd(0xb1), mul: simd(0xb5), minS: simd(0xb6), maxS: simd(0xb8),
  ne: simd(0x38), bitmask: simd(0xa4), swizzle: simd(0x0e),
  shuffle: (lanes: readonly number[]): number[] => [...simd(0x0d), ...lanes],
  const32: (v: readonly number[]): number[] => [...simd(0x0c), ...v.flatMap((x) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff])],
  abs: simd(0xa0), gtU: simd(0x3c), i64Add: simd(0xce), extmulLowU: simd(0xde), extmulHighU: simd(0xdf),
  i64Lane: (l: number): number[] => [...simd(0x1d), l],
  zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
};

/** A function body: local declarations (groups of [count, type]) then code, size-prefixed. */
export function funcBody(locals: readonly (readonly [number, number])[], code: number[]): number[] {
  const decl = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t])];
  return [...uleb(decl.length + code.length + 1), ...decl, ...code, END];
}

/** A module with one imported memory ("m"."mem") and one exported function "k" of the given parameter types. */
export function moduleWithKernel(params: readonly number[], body: number[]): Uint8Array {
  const type = [1, 0x60, ...uleb(params.length), ...params, 0];
  const limits = [0x00, 1];
  const imports = [1, ...wname('m'), ...wname('mem'), 0x02, ...limits];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, type), ...section(2, imports), ...section(3, [1, 0]), ...section(7, [1, ...wname('k'), 0, 0]),
    ...section(10, [1, ...body]),
  ]);
}

/** The growable memory of a kernel instance. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no WebAssembly declarations). */
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

/** A compiled kernel and its memory. */
export interface WasmKernel {
  readonly run: (...args: number[]) => void;
  readonly memory: WasmMemory;
}

/** A new one-page memory, or null where WebAssembly is unavailable. */
export function newMemory(): WasmMemory | null {
  try {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    return new api.Memory({ initial: 1 });
  } catch {
    return null;
  }
}

/** Instantiate a kernel module (on a fresh memory or a given one); null where WebAssembly (SIMD) is unavailable. */
export function instantiate(bytes: Uint8Array, mem?: WasmMemory): WasmKernel | null {
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const memory = mem ?? new wasm.Memory({ initial: 1 });
    const module = new wasm.Module(bytes);
    const inst = new wasm.Instance(module, { m: { mem: memory } });
    return { run: inst.exports['k'] as (...args: number[]) => void, memory };
  } catch {
    return null;
  }
}

/** Grow a memory to at least `bytes`; false when it cannot. */
export function ensureMemory(m: WasmMemory, bytes: number): boolean {
  const have = m.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    m.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

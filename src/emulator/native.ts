/**
 * nnfab's optional native addon (native/: the Dense kernel, the table softmax, the input quantization), built by the machine's C++ compiler
 * when the package is installed. The emulator falls back to its WebAssembly kernel and its JavaScript softmax (same
 * bits) when the build is absent or NNFAB_NATIVE=0 is set.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs packed kernel calls (NATIVE_FIELDS int32 each) on the bytes of a WebAssembly memory. */
export type NativeDense = (memory: ArrayBuffer, calls: Int32Array) => void;

/** Runs fastSoftmax's rows (softmax-fast.ts packs the arguments; native/addon.cc lists them). */
export type NativeSoftmax = (
  x: Float64Array, out: Float64Array, n: number, expV: Float64Array, expEv: Uint8Array, invTab: Float64Array, steps: Int32Array,
  params: Float64Array, counts: Float64Array,
) => void;

/** Quantizes x into int32 raws at byte offset dst of memory (quantizeRaw's fast loop); false when a value is out of range or not finite. */
export type NativeQuantize = (x: Float64Array, memory: ArrayBuffer, dst: number, scale: number, lo: number, hi: number, half: number) => boolean;

interface Addon {
  readonly runDense: NativeDense;
  readonly runSoftmax: NativeSoftmax;
  readonly runQuantize: NativeQuantize;
}

/** int32 fields per packed call, in the order of native/dense.cc's Field. */
export const NATIVE_FIELDS = 15;

let loaded: Addon | null | undefined;
let loadFailure = '';

/** Where the install step puts the addon. */
export function nativeAddonPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'Release', 'nnfab_native.node');
}

/** The native Dense kernel, or null (not built, or disabled by NNFAB_NATIVE=0, read at every call). */
export function nativeDense(): NativeDense | null {
  return process.env['NNFAB_NATIVE'] === '0' ? null : (loadNative()?.runDense ?? null);
}

/** The native softmax, or null (as nativeDense). */
export function nativeSoftmax(): NativeSoftmax | null {
  return process.env['NNFAB_NATIVE'] === '0' ? null : (loadNative()?.runSoftmax ?? null);
}

/** The native input quantization, or null (as nativeDense). */
export function nativeQuantize(): NativeQuantize | null {
  return process.env['NNFAB_NATIVE'] === '0' ? null : (loadNative()?.runQuantize ?? null);
}

/** The built addon, or null when it is absent or does not load. */
export function loadNative(): Addon | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const path = nativeAddonPath();
  if (!existsSync(path)) {
    loadFailure = `${path} is absent (install a C++ compiler, make and python3, then run \`npm run build:native\`)`;
    return loaded;
  }
  try {
    const addon = createRequire(import.meta.url)(path) as Partial<Addon>;
    if (typeof addon.runDense === 'function' && typeof addon.runSoftmax === 'function' && typeof addon.runQuantize === 'function') loaded = addon as Addon;
    else loadFailure = `${path} is from another version (rebuild it with \`npm run build:native\`)`;
  } catch (e) {
    loadFailure = `${path} did not load: ${(e as Error).message} (rebuild it with \`npm run build:native\`)`;
  }
  return loaded;
}

/** Why the native kernel is not loaded ('' when it is). */
export function nativeLoadFailure(): string {
  loadNative();
  return loadFailure;
}

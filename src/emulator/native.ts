/**
 * nnfab's optional native addon (native/: the Dense kernel, the table softmax, the input quantization), built by the
 * machine's C++ compiler when the package is installed. The emulator falls back to its WebAssembly kernel and its
 * JavaScript loops (same bits) when the build is absent, when the processor has no AVX2 (there the WebAssembly kernel is
 * the faster one), or when NNFAB_NATIVE=0 is set. NNFAB_NATIVE_ISA=avx2 keeps an AVX-512 machine on the AVX2 variant
 * (the tests run both variants this way). Both variables are read when the addon is first needed (reading the
 * environment costs more than a small batch's other bookkeeping); reloadNativeSettings() reads them again.
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

/** The addon's own functions: each takes the instruction-set level cap as its last argument. */
interface Addon {
  /** The machine's instruction-set level: 3 AVX-512, 2 AVX2, 0 neither (the addon cannot run). */
  readonly cpuLevel: () => number;
  readonly runDense: (...a: [...Parameters<NativeDense>, number]) => void;
  readonly runSoftmax: (...a: [...Parameters<NativeSoftmax>, number]) => void;
  readonly runQuantize: (...a: [...Parameters<NativeQuantize>, number]) => boolean;
}

/** int32 fields per packed call, in the order of native/dense.cc's Field. */
export const NATIVE_FIELDS = 15;

/** Instruction-set levels (native/addon.h): the highest the addon may use, by NNFAB_NATIVE_ISA. */
const ISA_LEVELS: Readonly<Record<string, number>> = { avx512: 3, avx2: 2 };

let loaded: Addon | null | undefined;
let loadFailure = '';

/** Where the install step puts the addon. */
export function nativeAddonPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'Release', 'nnfab_native.node');
}

/** The addon's functions as the emulator calls them (the level cap bound), or null when it is not used. */
interface Bound {
  readonly dense: NativeDense;
  readonly softmax: NativeSoftmax;
  readonly quantize: NativeQuantize;
}
let bound: Bound | null | undefined;

/** Read NNFAB_NATIVE and NNFAB_NATIVE_ISA again (they are read once, when the addon is first needed). */
export function reloadNativeSettings(): void {
  bound = undefined;
}

function native(): Bound | null {
  if (bound !== undefined) return bound;
  const a = process.env['NNFAB_NATIVE'] === '0' ? null : loadNative();
  // the level cap NNFAB_NATIVE_ISA asks for (3: whatever the machine has)
  const cap = ISA_LEVELS[process.env['NNFAB_NATIVE_ISA'] ?? 'avx512'] ?? 3;
  bound = a === null ? null : {
    dense: (memory, calls) => a.runDense(memory, calls, cap),
    softmax: (...args) => a.runSoftmax(...args, cap),
    quantize: (...args) => a.runQuantize(...args, cap),
  };
  return bound;
}

/** The native Dense kernel, or null (not built, no AVX2, or disabled by NNFAB_NATIVE=0). */
export function nativeDense(): NativeDense | null {
  return native()?.dense ?? null;
}

/** The native softmax, or null (as nativeDense). */
export function nativeSoftmax(): NativeSoftmax | null {
  return native()?.softmax ?? null;
}

/** The native input quantization, or null (as nativeDense). */
export function nativeQuantize(): NativeQuantize | null {
  return native()?.quantize ?? null;
}

/** The built addon, or null when it is absent, does not load, or cannot run here (no AVX2). */
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
    const complete = typeof addon.runDense === 'function' && typeof addon.runSoftmax === 'function' && typeof addon.runQuantize === 'function' && typeof addon.cpuLevel === 'function';
    if (!complete) loadFailure = `${path} is from another version (rebuild it with \`npm run build:native\`)`;
    else if (addon.cpuLevel!() < 2) loadFailure = 'this processor has no AVX2: the WebAssembly kernel is used';
    else loaded = addon as Addon;
  } catch (e) {
    loadFailure = `${path} did not load: ${(e as Error).message} (rebuild it with \`npm run build:native\`)`;
  }
  return loaded;
}

/** Why the native addon is not loaded ('' when it is). */
export function nativeLoadFailure(): string {
  loadNative();
  return loadFailure;
}

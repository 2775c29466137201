/**
 * nnfab's optional native Dense kernel (native/dense.cc), built by the machine's C++ compiler when the package is
 * installed. The emulator falls back to its WebAssembly kernel when the build is absent or NNFAB_NATIVE=0 is set.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs packed kernel calls (NATIVE_FIELDS int32 each) on the bytes of a WebAssembly memory. */
export type NativeDense = (memory: ArrayBuffer, calls: Int32Array) => void;

/** int32 fields per packed call, in the order of native/dense.cc's Field. */
export const NATIVE_FIELDS = 15;

let loaded: NativeDense | null | undefined;
let loadFailure = '';

/** Where the install step puts the addon. */
export function nativeAddonPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'Release', 'nnfab_native.node');
}

/** The native kernel, or null (not built, or disabled by NNFAB_NATIVE=0, read at every call). */
export function nativeDense(): NativeDense | null {
  if (process.env['NNFAB_NATIVE'] === '0') return null;
  return loadNative();
}

/** The built addon's kernel, or null when it is absent or does not load. */
export function loadNative(): NativeDense | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const path = nativeAddonPath();
  if (!existsSync(path)) {
    loadFailure = `${path} is absent (install a C++ compiler, make and python3, then run \`npm run build:native\`)`;
    return loaded;
  }
  try {
    const addon = createRequire(import.meta.url)(path) as { runDense?: NativeDense };
    if (typeof addon.runDense === 'function') loaded = addon.runDense;
    else loadFailure = `${path} has no runDense (rebuild it with \`npm run build:native\`)`;
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

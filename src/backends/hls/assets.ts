/** Paths of the C++ files shipped with nnfab: the kernel library (lib/) and the simulation headers (include/). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Directory of nnfab's own ap_fixed.h / ap_int.h / hls_stream.h, put first on the include path for local simulation. */
export const SIM_INCLUDE_DIR = fileURLToPath(new URL('./include/', import.meta.url));
/** Directory of nnfab's hand-written HLS kernel library, copied into every project's firmware/nnfab/. */
export const KERNEL_LIB_DIR = fileURLToPath(new URL('./lib/', import.meta.url));

/** The kernel library files (name → text), sorted by name. */
export function kernelLibraryFiles(): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(KERNEL_LIB_DIR).sort()) {
    if (name.endsWith('.h')) out.set(name, readFileSync(KERNEL_LIB_DIR + name, 'utf8'));
  }
  return out;
}

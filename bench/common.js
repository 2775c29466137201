// Helpers shared by the benchmarks: the shared real-model folder, seeded inputs, medians.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/models beside the repository; exits the benchmark with a message when it is absent. */
export function sharedModels() {
  const models = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/models');
  if (!existsSync(models)) {
    console.log(`skipped: ${models} (the shared real models) is absent`);
    process.exit(0);
  }
  return models;
}

/** A seeded N(0, 1) generator (Box–Muller over a 32-bit LCG), for reproducible inputs. */
export function normals(n, seed) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** The median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

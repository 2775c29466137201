// HLS backend benchmark on the jet tagger (KERAS_3layer): g++ build time of the generated project vs nnfab's
// model-file → first-prediction time, and C-simulation throughput vs the emulator on 10k samples (target: the
// emulator ≥ 20× faster than the compiled C simulation).
import { performance } from 'node:perf_hooks';
import { sharedModels, normals, median } from './common.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const models = sharedModels();

const { convert } = await import('../dist/api/model.js');
const { writeHlsProject } = await import('../dist/backends/hls/project.js');
const { projectOptions } = await import('../dist/api/hls.js');
const { buildCsim, runCsim } = await import('../dist/backends/hls/csim.js');

// 1. model file → first fixed-point prediction (from process start, imports included)
const jet = await convert(join(models, 'keras/KERAS_3layer.json'), undefined, { weights: join(models, 'keras/KERAS_3layer_weights.h5') });
jet.predict(new Float64Array(16));
const firstMs = performance.now();


const rows = [];
for (const io of ['io_parallel', 'io_stream']) {
  // 2. project writing and a fresh g++ build (new directory, so nothing is cached)
  const dir = join(mkdtempSync(join(tmpdir(), 'nnfab-bench-')), 'prj');
  let t = performance.now();
  await writeHlsProject(jet.graph, dir, projectOptions(jet, { ioType: io }));
  const writeMs = performance.now() - t;
  t = performance.now();
  const build = buildCsim(dir);
  const buildMs = performance.now() - t;
  t = performance.now();
  buildCsim(dir);
  const cachedMs = performance.now() - t;
  // 3. 10k samples: C simulation (text in/out, as csim runs) vs the emulator
  const N = 10_000;
  const x = normals(N * 16, 7);
  const csimMs = median([0, 1, 2].map(() => runCsim(dir, [x], N).runSeconds * 1000));
  jet.predict(x);
  const emuMs = median([0, 1, 2, 3, 4].map(() => {
    const t0 = performance.now();
    jet.predict(x);
    return performance.now() - t0;
  }));
  const em = jet.predict(x);
  const same = runCsim(dir, [x], N).outputs[0].every((v, i) => v === em[i]);
  rows.push({ io, writeMs, buildMs, cachedMs, csimMs, emuMs, same, warnings: build.warnings.length });
}

console.log(`(machine load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`);
console.log(`model file → first prediction (nnfab emulator, from process start): ${firstMs.toFixed(0)} ms`);
for (const r of rows) {
  console.log(`\n${r.io}:`);
  console.log(`  write project ${r.writeMs.toFixed(0)} ms; g++ -O2 build ${(r.buildMs / 1000).toFixed(2)} s (${(r.buildMs / firstMs).toFixed(1)}× nnfab's first prediction); cached rebuild ${r.cachedMs.toFixed(1)} ms`);
  console.log(`  10k samples: C simulation ${r.csimMs.toFixed(0)} ms (${((10_000 / r.csimMs) * 1000).toFixed(0)} samples/s), emulator ${r.emuMs.toFixed(1)} ms (${((10_000 / r.emuMs) * 1000).toFixed(0)} samples/s)`);
  console.log(`  emulator / C simulation speed: ${(r.csimMs / r.emuMs).toFixed(1)}× (target ≥ 20×); outputs identical: ${r.same}`);
}

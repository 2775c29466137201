// Real models through the HLS backend: the generated C++, compiled with g++ against nnfab's header, equals the
// emulator bit for bit, and equals hls4ml's own C simulation (../shared/hls4ml_ref) where a reference exists.
// Kept to a few g++ builds (each ~2 s); NNFAB_HLS_ALL=1 runs every model of ../shared/models in both io types.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { convertHls, csimPredict } from '../../../src/api/hls.js';
import { predict } from '../../../src/api/csim.js';
import { convert } from '../../../src/api/model.js';
import type { HlsConfigObject } from '../../../src/api/configure.js';
import { readNpy } from '../../../src/io/npy.js';
import { describeShared, sharedPath } from '../../helpers/shared.js';

const work = mkdtempSync(join(tmpdir(), 'nnfab-real-'));

interface Case {
  readonly tag: string;
  readonly model: string;
  readonly weights?: string;
  readonly config?: HlsConfigObject;
  /** hls4ml_ref case whose input.npy (and hls4ml_pred.npy) are used. */
  readonly ref?: string;
}

function rows(file: string, n: number): { data: Float64Array; cols: number } {
  const a = readNpy(readFileSync(file));
  const cols = a.data.length / a.shape[0]!;
  return { data: Float64Array.from(a.data.subarray(0, n * cols)), cols };
}

/** Rows 0..n of the reference input: the first 1000 rows are N(0,1), the last 500 uniform in ±40 (wrap-arounds). */
function refRows(ref: string, n: number): { x: Float64Array; pred: Float64Array } {
  const pick = (file: string): Float64Array => {
    const { data, cols } = rows(sharedPath('hls4ml_ref', ref, file), 2000);
    const out = new Float64Array(n * cols);
    for (let i = 0; i < n; i++) {
      const r = i < n / 2 ? i : 1500 + i; // half normal, half large
      out.set(data.subarray(r * cols, (r + 1) * cols), i * cols);
    }
    return out;
  };
  return { x: pick('input.npy'), pred: pick('hls4ml_pred.npy') };
}

function synthetic(size: number, n: number): Float64Array {
  let s = 99;
  return Float64Array.from({ length: size * n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s / 2 ** 32 - 0.5) * 8));
}

async function check(c: Case, io: 'io_parallel' | 'io_stream'): Promise<void> {
  const r = await convertHls(sharedPath('models', c.model), c.config, { ...(c.weights ? { weights: sharedPath('models', c.weights) } : {}), out: join(work, `${c.tag}-${io}`), ioType: io, testSamples: 0 });
  const g = r.model.graph;
  const size = g.nodes.find((n) => n.name === g.inputs[0])!.shape.reduce((a, b) => a * b, 1);
  const n = 200;
  const ref = c.ref ? refRows(c.ref, n) : undefined;
  const x = ref?.x ?? synthetic(size, n);
  const cs = csimPredict(r.dir, g, x);
  expect(cs.build.warnings).toBe('');
  const em = r.model.predictAll(x);
  expect(Array.from(cs.outputs[0]!)).toEqual(Array.from(em[0]!));
  if (ref) expect(Array.from(cs.outputs[0]!)).toEqual(Array.from(ref.pred));
}

const model = (precision = 'fixed<16,6>', reuse = 1, strategy = 'Latency'): HlsConfigObject => ({ HLSConfig: { Model: { Precision: precision, ReuseFactor: reuse, Strategy: strategy } } });

/** qkeras_mnist_dense with hls4ml's example configuration (Resource, reuse 112, wrapping activation types). */
function mnistConfig(): HlsConfigObject {
  const y = parse(readFileSync(sharedPath('models/config-files/qkeras_mnist_dense_config.yml'), 'utf8')) as Record<string, unknown>;
  delete y['KerasJson'];
  delete y['KerasH5'];
  delete y['OutputDir'];
  return y;
}

describeShared('HLS backend on real models: C simulation = emulator = hls4ml', () => {
  it('KERAS_3layer, Latency, io_parallel = hls4ml C simulation', () => check({ tag: '3layer', model: 'keras/KERAS_3layer.json', weights: 'keras/KERAS_3layer_weights.h5', ref: 'KERAS_3layer_A' }, 'io_parallel'), 120_000);
  it('KERAS_3layer, Resource reuse 4, io_stream', () => check({ tag: '3layer-r4', model: 'keras/KERAS_3layer.json', weights: 'keras/KERAS_3layer_weights.h5', config: model('fixed<16,6>', 4, 'Resource'), ref: 'KERAS_3layer_A' }, 'io_stream'), 120_000);
  it('KERAS_conv1d_small, io_parallel = hls4ml C simulation', () => check({ tag: 'conv1d', model: 'keras/KERAS_conv1d_small.json', weights: 'keras/KERAS_conv1d_small_weights.h5', ref: 'KERAS_conv1d_small_A' }, 'io_parallel'), 120_000);
  it('KERAS_conv1d_small, io_stream (line buffer)', () => check({ tag: 'conv1d-s', model: 'keras/KERAS_conv1d_small.json', weights: 'keras/KERAS_conv1d_small_weights.h5', config: model('fixed<14,5,RND,SAT>', 1, 'Resource') }, 'io_stream'), 120_000);
  it('qkeras_mnist_dense with its example config (reuse 112, wrapping types) = hls4ml C simulation', () => check({ tag: 'mnist', model: 'keras/qkeras_mnist_dense.json', weights: 'keras/qkeras_mnist_dense_weights.h5', config: mnistConfig(), ref: 'qkeras_mnist_dense_Y' }, 'io_parallel'), 120_000);
  it('predict(x, { backend: "csim" }) equals the emulator (KERAS_1layer)', async () => {
    const m = await convert(sharedPath('models/keras/KERAS_1layer.json'), undefined, { weights: sharedPath('models/keras/KERAS_1layer_weights.h5') });
    const x = synthetic(16, 50);
    const cs = await predict(m, x, { backend: 'csim', cacheDir: join(work, 'cache') });
    expect(Array.from(cs[0]!)).toEqual(Array.from((await predict(m, x))[0]!));
  }, 120_000);
  it('KERAS_3layer 95 % pruned: pruned weights are not emitted', async () => {
    const r = await convertHls(sharedPath('models/keras/KERAS_3layer.json'), undefined, { weights: sharedPath('models/keras/KERAS_3layer_95pruned_retrained_weights.h5'), out: join(work, 'pruned'), testSamples: 0 });
    const w2 = readFileSync(join(r.dir, 'firmware/weights/w2.h'), 'utf8');
    const nnz = Number(/n_nonzero = (\d+)/.exec(readFileSync(join(r.dir, 'firmware/parameters.h'), 'utf8'))![1]);
    expect(nnz).toBeLessThan(16 * 64 * 0.2);
    expect(w2).toContain(`w2[${nnz}]`);
    const x = synthetic(16, 100);
    expect(Array.from(csimPredict(r.dir, r.model.graph, x).outputs[0]!)).toEqual(Array.from(r.model.predict(x)));
  }, 120_000);
});

const ALL: [string, string?][] = [
  ['keras/KERAS_1layer.json', 'keras/KERAS_1layer_weights.h5'],
  ['keras/KERAS_3layer_batch_norm.json', 'keras/KERAS_3layer_batch_norm_weights.h5'],
  ['keras/KERAS_3layer_binary_smaller.json', 'keras/KERAS_3layer_binary_smaller_weights.h5'],
  ['keras/KERAS_3layer_ternary_small.json', 'keras/KERAS_3layer_ternary_small_weights.h5'],
  ['keras/KERAS_conv2d_model.json', 'keras/KERAS_conv2d_model_weights.h5'],
  ['keras/qkeras-v3_3layer.keras'],
  ['keras/qkeras_3layer.json', 'keras/qkeras_3layer_weights.h5'],
  ['onnx/conv1d_small_keras.onnx'],
  ['onnx/conv2d_small_keras.onnx'],
  ['onnx/three_layer_bn_keras.onnx'],
  ['onnx/three_layer_keras.onnx'],
  ['onnx/three_layer_pytorch.onnx'],
  ['onnx/two_layer_keras.onnx'],
  ['onnx/two_layer_pytorch.onnx'],
];

if (process.env.NNFAB_HLS_ALL === '1') {
  describeShared('HLS backend on every shared model (NNFAB_HLS_ALL=1)', () => {
    for (const [m, w] of ALL) {
      for (const io of ['io_parallel', 'io_stream'] as const) {
        it(`${m} ${io}`, () => check({ tag: m.replace(/\W/g, '_'), model: m, ...(w ? { weights: w } : {}) }, io), 300_000);
      }
    }
    // 100×100 layers exceed the 4096-multiplier unroll limit under io_parallel (E901); io_stream builds them
    for (const [m, w] of [['keras/KERAS_dense_16x100x100x100x100x100x5.json', 'keras/KERAS_dense_16x100x100x100x100x100x5_weights.h5'], ['onnx/dense_big_keras.onnx']] as const) {
      it(`${m} io_stream`, () => check({ tag: m.replace(/\W/g, '_'), model: m, ...(w ? { weights: w } : {}) }, 'io_stream'), 300_000);
    }
  });
}

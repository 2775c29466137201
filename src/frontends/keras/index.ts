/**
 * Keras / QKeras import: architecture JSON + weights .h5, full-model .h5 (`model_config` attribute),
 * Keras 3 `.keras` archives (zip of config.json + model.weights.h5).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { fail } from '../../diagnostics/errors.js';
import type { Graph } from '../../ir/graph.js';
import { kerasToGraph, SUPPORTED_LAYERS } from './convert.js';
import { h5Attr, openH5, openH5Bytes } from './h5.js';
import { parseModelJson, type KerasModel } from './model-json.js';
import { h5Source, keras2Source, keras3Source, type WeightSource } from './weights.js';

export { SUPPORTED_LAYERS } from './convert.js';
export { parseQuantizer, type Quantizer } from './qkeras-parse.js';
export { quantizeValue, quantizeArray, weightQuantOf, activationResultType } from './qkeras-quantize.js';
export { kerasToGraph } from './convert.js';
export { parseModelJson, type KerasModel } from './model-json.js';
export { mapSource, type WeightSource, type NamedWeight } from './weights.js';

/** Options of the Keras loaders. */
export interface KerasLoadOptions {
  /** Input shape without batch, when the model leaves it open. */
  readonly inputShape?: readonly number[];
}

/** Keras 3 configs carry `module` entries and `batch_shape`; Keras 2 ones do not. */
export function looksKeras3(text: string): boolean {
  return /"module"\s*:\s*"keras/.test(text) || /"keras_version"\s*:\s*"3\./.test(text) || /"batch_shape"/.test(text);
}

function readText(path: string): string {
  if (!existsSync(path)) fail('E001', { path, base: process.cwd() }, { file: path });
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    fail('E002', { path, reason: (e as Error).message }, { file: path });
  }
}

const WEIGHTLESS = new Set(['InputLayer', 'Activation', 'QActivation', 'Dropout', 'Flatten', 'Reshape', 'Permute', 'Softmax', 'ReLU']);

function needsWeights(model: KerasModel): boolean {
  return model.layers.some((l) => (l.model ? needsWeights(l.model) : !WEIGHTLESS.has(l.className) && SUPPORTED_LAYERS.includes(l.className) && /Dense|Conv|Normalization|PReLU/.test(l.className)));
}

/** Keras architecture JSON (+ weights .h5, Keras 2 or Keras 3 layout) → float Graph. */
export async function loadKerasJson(jsonPath: string, weightsPath: string | undefined, opts: KerasLoadOptions = {}): Promise<Graph> {
  const text = readText(jsonPath);
  const model = parseModelJson(text, jsonPath);
  if (weightsPath === undefined) {
    if (needsWeights(model)) fail('E312', { path: jsonPath }, { file: jsonPath });
    return kerasToGraph(model, { file: jsonPath, weights: null, keras3: looksKeras3(text), inputShape: opts.inputShape });
  }
  if (!existsSync(weightsPath)) fail('E001', { path: weightsPath, base: process.cwd() }, { file: weightsPath });
  const h5 = await openH5(resolve(weightsPath), weightsPath);
  try {
    const weights = h5Source(h5, weightsPath);
    return kerasToGraph(model, { file: jsonPath, weights, keras3: looksKeras3(text), inputShape: opts.inputShape });
  } finally {
    h5.close();
  }
}

/** Full-model Keras .h5 (architecture in the root `model_config` attribute, weights under /model_weights). */
export async function loadKerasH5(path: string, opts: KerasLoadOptions = {}): Promise<Graph> {
  if (!existsSync(path)) fail('E001', { path, base: process.cwd() }, { file: path });
  const h5 = await openH5(resolve(path), path);
  try {
    const cfg = h5Attr(h5, 'model_config');
    if (typeof cfg !== 'string') fail('E301', { reason: 'the .h5 file has no model_config attribute (a weights-only file needs its architecture JSON)' }, { file: path, keyPath: 'model_config' });
    const model = parseModelJson(cfg, path);
    return kerasToGraph(model, { file: path, weights: keras2Source(h5, path), keras3: looksKeras3(cfg), inputShape: opts.inputShape });
  } finally {
    h5.close();
  }
}

/** Keras 3 `.keras` archive → float Graph. */
export async function loadKerasArchive(path: string, opts: KerasLoadOptions = {}): Promise<Graph> {
  if (!existsSync(path)) fail('E001', { path, base: process.cwd() }, { file: path });
  let files: Record<string, Uint8Array>;
  const bombs: string[] = [];
  try {
    // only the two members nnfab reads, and none that would inflate far beyond its stored size (a zip bomb;
    // Keras stores members uncompressed)
    files = unzipSync(readFileSync(path), {
      filter: (f) => {
        const wanted = f.name === 'config.json' || f.name === 'model.weights.h5';
        const bomb = f.originalSize > 2 ** 31 - 1 || f.originalSize > 200 * f.size + 2 ** 20;
        if (wanted && bomb) bombs.push(`${f.name} would inflate from ${f.size} to ${f.originalSize} bytes`);
        return wanted && !bomb;
      },
    });
  } catch (e) {
    fail('E314', { reason: `not a zip archive (${(e as Error).message})` }, { file: path });
  }
  if (bombs.length > 0) fail('E314', { reason: bombs.join('; ') }, { file: path });
  const cfg = files['config.json'];
  if (cfg === undefined) fail('E314', { reason: 'config.json is missing' }, { file: path });
  const text = new TextDecoder().decode(cfg);
  const model = parseModelJson(text, path);
  const wbytes = files['model.weights.h5'];
  if (wbytes === undefined) fail('E314', { reason: 'model.weights.h5 is missing' }, { file: path });
  const h5 = await openH5Bytes(wbytes, `${path} › model.weights.h5`);
  try {
    const weights: WeightSource = keras3Source(h5.file, `${path} › model.weights.h5`);
    return kerasToGraph(model, { file: path, weights, keras3: true, inputShape: opts.inputShape });
  } finally {
    h5.close();
  }
}

/** Options of `loadKeras`: the weights file for an architecture JSON, an input shape for open inputs. */
export interface LoadKerasOptions extends KerasLoadOptions {
  readonly weights?: string;
}

/**
 * Load any Keras-family model by file type: `.keras` archive, full-model `.h5`/`.hdf5`, or a JSON
 * (Keras architecture + `weights`).
 */
export async function loadKeras(path: string, opts: LoadKerasOptions = {}): Promise<Graph> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.keras')) return loadKerasArchive(path, opts);
  if (lower.endsWith('.h5') || lower.endsWith('.hdf5')) return loadKerasH5(path, opts);
  return loadKerasJson(path, opts.weights, opts);
}

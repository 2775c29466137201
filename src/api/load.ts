/** Load a model file into the float IR Graph, dispatching on the file type. */
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fail } from '../diagnostics/errors.js';
import type { Graph } from '../ir/graph.js';
import { prewarmH5 } from '../frontends/keras/h5.js';
import { checkModelSize } from './limits.js';
import { checkInputFile } from '../io/read-file.js';

/** Options of loadModel. */
export interface LoadOptions {
  /** Weights file for formats that keep them apart (Keras .json + .h5). */
  readonly weights?: string;
  /** Input shape without the batch dimension (for symbolic dimensions). */
  readonly inputShape?: readonly number[];
}

function readBytes(path: string): Uint8Array {
  if (!existsSync(path)) fail('E001', { path, base: process.cwd() }, { file: path });
  try {
    return readFileSync(path);
  } catch (e) {
    return fail('E002', { path, reason: e instanceof Error ? e.message : String(e) }, { file: path });
  }
}

// Frontends are imported on first use: a Keras run then never loads protobufjs (ONNX), and the reverse (start-up time).
const onnx = () => import('../frontends/onnx/import.js');
const keras = () => import('../frontends/keras/index.js');

/** Whether the bytes look like an ONNX protobuf (ModelProto starts with field 1 ir_version, or 8 opset_import). */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 2 && (bytes[0] === 0x08 || bytes[0] === 0x42 || bytes[0] === 0x12 || bytes[0] === 0x1a || bytes[0] === 0x3a);
}

/** A .json model: a TF.js layers model (modelTopology + weightsManifest) or a Keras architecture (+ weights .h5). */
async function loadJsonModel(path: string, file: string, opts: LoadOptions): Promise<Graph> {
  let json: unknown = null;
  try {
    json = JSON.parse(new TextDecoder().decode(readBytes(file)));
  } catch {
    // not JSON: the Keras loader reports it with its own code
  }
  // a Keras architecture reads its weights from HDF5: start the reader now (a TF.js model has a weightsManifest)
  if (typeof json !== 'object' || json === null || !('weightsManifest' in json)) prewarmH5();
  const tfjs = await import('../frontends/tfjs/index.js');
  if (tfjs.isTfjsModel(json)) return tfjs.loadTfjs(path, { inputShape: opts.inputShape });
  return (await keras()).loadKeras(path, { weights: opts.weights, inputShape: opts.inputShape });
}

/** Load any supported model file; absurd layer sizes are E903 before anything is allocated for a run. */
export async function loadModel(path: string, opts: LoadOptions = {}): Promise<Graph> {
  // only regular files: a FIFO or a device such as /dev/zero would block or never end
  checkInputFile(path);
  if (opts.weights !== undefined) checkInputFile(opts.weights);
  const graph = await loadByType(path, opts);
  checkModelSize(graph);
  return graph;
}

/** Dispatch on the file type (ONNX / QONNX, then the Keras and TF.js branches). */
async function loadByType(path: string, opts: LoadOptions): Promise<Graph> {
  const file = resolve(path);
  const ext = extname(file).toLowerCase();
  // --- ONNX / QONNX ---
  if (ext === '.onnx') return (await onnx()).importOnnx(readBytes(file), path, opts);
  // the HDF5 reader thread starts now, so that its start-up overlaps the loading of the Keras frontend
  if (ext === '.keras' || ext === '.h5' || ext === '.hdf5') prewarmH5();
  // --- Keras (.json + .h5, .h5, .keras) and TF.js (model.json) ---
  if (ext === '.keras' || ext === '.h5' || ext === '.hdf5') return (await keras()).loadKeras(path, { inputShape: opts.inputShape });
  if (ext === '.json') return loadJsonModel(path, file, opts);
  const bytes = readBytes(file);
  if (looksLikeOnnx(bytes) && ext !== '.json' && ext !== '.h5' && ext !== '.keras') return (await onnx()).importOnnx(bytes, path, opts);
  return fail('E004', { path }, { file: path });
}

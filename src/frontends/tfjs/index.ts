/**
 * TF.js layers models: `model.json` ({modelTopology, weightsManifest}) and its binary weight shards. The topology
 * is a Keras model config, converted by the Keras frontend; weights are named `<layer>/<weight>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fail } from '../../diagnostics/errors.js';
import type { Graph } from '../../ir/graph.js';
import { kerasToGraph, mapSource, parseModelJson, type NamedWeight } from '../keras/index.js';
import { parseManifest, readShards, type ManifestEntry } from './manifest.js';

/** True when parsed JSON is a TF.js layers model (modelTopology + weightsManifest). */
export function isTfjsModel(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'modelTopology' in json && 'weightsManifest' in json;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4 };
const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2 };

interface Decoded {
  readonly data: Float64Array;
  readonly bytes: number;
}

/**
 * One tensor at byte offset `off`: float32 / int32, or TF.js's affine-quantized uint8 / uint16 weights, which TF.js
 * dequantizes as float32(q · scale + min).
 */
function decodeOne(jsonPath: string, e: ManifestEntry, view: DataView, off: number): Decoded {
  const size = e.shape.reduce((a, b) => a * b, 1);
  const q = e.quantization as { dtype?: string; scale?: number; min?: number } | undefined;
  const width = q === undefined ? DTYPE_BYTES[e.dtype] : QUANT_BYTES[q.dtype ?? ''];
  const affine = q !== undefined && typeof q.scale === 'number' && typeof q.min === 'number';
  if (width === undefined || (q !== undefined && (!affine || e.dtype !== 'float32'))) {
    fail('E313', { reason: `weight ${e.name} has dtype ${e.dtype}${q ? ` quantized as ${JSON.stringify(q)}` : ''}; float32, int32 and uint8/uint16 affine-quantized weights are read` }, { file: jsonPath, keyPath: e.name });
  }
  if (off + size * width > view.byteLength) fail('E313', { reason: `the shards hold ${view.byteLength} bytes, too few for weight ${e.name}` }, { file: jsonPath, keyPath: e.name });
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const p = off + width * i;
    if (q !== undefined) data[i] = Math.fround((width === 1 ? view.getUint8(p) : view.getUint16(p, true)) * q.scale! + q.min!);
    else data[i] = e.dtype === 'float32' ? view.getFloat32(p, true) : view.getInt32(p, true);
  }
  return { data, bytes: size * width };
}

/** Decode the weights of a manifest from the concatenated shard bytes, keyed by layer (`<layer>/<weight>` names). */
function decodeWeights(jsonPath: string, entries: readonly ManifestEntry[], bytes: Buffer): Map<string, NamedWeight[]> {
  const map = new Map<string, NamedWeight[]>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 0;
  for (const e of entries) {
    const { data, bytes: n } = decodeOne(jsonPath, e, view, off);
    off += n;
    const parts = e.name.split('/');
    const layer = parts.length >= 2 ? parts[parts.length - 2]! : e.name;
    const list = map.get(layer) ?? [];
    list.push({ name: parts[parts.length - 1]!.replace(/:\d+$/, ''), tensor: { shape: [...e.shape], data } });
    map.set(layer, list);
  }
  return map;
}

/** Load a TF.js layers model (model.json + shards) as a float Graph. */
export async function loadTfjs(path: string, opts: { inputShape?: readonly number[] } = {}): Promise<Graph> {
  if (!existsSync(path)) fail('E001', { path, base: process.cwd() }, { file: path });
  const text = readFileSync(path, 'utf8');
  let json: { weightsManifest?: unknown };
  try {
    json = JSON.parse(text) as { weightsManifest?: unknown };
  } catch (e) {
    fail('E301', { reason: `invalid JSON (${(e as Error).message})` }, { file: path });
  }
  const model = parseModelJson(text, path);
  const { paths, entries } = parseManifest(path, json.weightsManifest);
  const weights = mapSource(path, decodeWeights(path, entries, readShards(path, paths, entries)));
  return kerasToGraph(model, { file: path, weights, keras3: false, inputShape: opts.inputShape });
}

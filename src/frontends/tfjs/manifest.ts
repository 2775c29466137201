/**
 * Validation of a TF.js `weightsManifest` and reading of its shards. model.json files come from anywhere, so every
 * field is checked before it is used: shard paths stay inside the model's folder and name regular files, weight names
 * are strings, shapes are arrays of non-negative integers, and the shards hold the bytes the manifest declares —
 * all before any weight buffer is allocated.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fail } from '../../diagnostics/errors.js';

/** One weight of the manifest, validated. */
export interface ManifestEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: unknown;
}

/** Bytes per element of the dtypes TF.js writes (quantized weights use their quantization dtype). */
const ELEMENT_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, uint8: 1, uint16: 2, bool: 1, float16: 2 };

/** Largest number of elements one weight may declare (2^31: far beyond any TF.js model, below allocation limits). */
const MAX_ELEMENTS = 2 ** 31;

function bad(file: string, keyPath: string, reason: string): never {
  return fail('E313', { reason }, { file, keyPath });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkPath(file: string, keyPath: string, p: unknown): string {
  if (typeof p !== 'string' || p === '') bad(file, keyPath, `shard path ${JSON.stringify(p)} is not a file name`);
  if (isAbsolute(p) || p.split(/[\\/]/).includes('..')) bad(file, keyPath, `shard path ${p} leaves the model's folder`);
  return p;
}

function checkEntry(file: string, keyPath: string, e: unknown): ManifestEntry {
  if (!isRecord(e)) bad(file, keyPath, 'a weight entry is not an object');
  if (typeof e.name !== 'string' || e.name === '') bad(file, `${keyPath}.name`, 'a weight has no name');
  const name = e.name;
  const shape = e.shape;
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0)) {
    bad(file, `${keyPath}.shape`, `weight ${name} has shape ${JSON.stringify(shape)}; a shape is a list of non-negative integers`);
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size > MAX_ELEMENTS) bad(file, `${keyPath}.shape`, `weight ${name} declares ${size} elements`);
  if (typeof e.dtype !== 'string') bad(file, `${keyPath}.dtype`, `weight ${name} has no dtype`);
  if (e.quantization !== undefined && !isRecord(e.quantization)) bad(file, `${keyPath}.quantization`, `weight ${name} has a malformed quantization`);
  return { name, shape: shape as number[], dtype: e.dtype, ...(e.quantization !== undefined ? { quantization: e.quantization } : {}) };
}

/** Bytes a weight takes in the shards (unknown dtypes count 0; the decoder rejects them with their own message). */
export function entryBytes(e: ManifestEntry): number {
  const q = e.quantization as { dtype?: unknown } | undefined;
  const dtype = q !== undefined && typeof q.dtype === 'string' ? q.dtype : e.dtype;
  return (ELEMENT_BYTES[dtype] ?? 0) * e.shape.reduce((a, b) => a * b, 1);
}

/** Validate a manifest: groups of {paths, weights}. A missing manifest means no weights. */
export function parseManifest(file: string, raw: unknown): { paths: string[]; entries: ManifestEntry[] } {
  if (raw === undefined) return { paths: [], entries: [] };
  if (!Array.isArray(raw)) bad(file, 'weightsManifest', 'weightsManifest is not a list of weight groups');
  const paths: string[] = [];
  const entries: ManifestEntry[] = [];
  raw.forEach((g: unknown, i) => {
    const at = `weightsManifest[${i}]`;
    if (!isRecord(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) bad(file, at, 'a weight group needs a paths list and a weights list');
    g.paths.forEach((p: unknown, j) => paths.push(checkPath(file, `${at}.paths[${j}]`, p)));
    g.weights.forEach((e: unknown, j) => entries.push(checkEntry(file, `${at}.weights[${j}]`, e)));
  });
  return { paths, entries };
}

/** Read the shards (regular files beside model.json) after checking they hold every byte the manifest declares. */
export function readShards(file: string, paths: readonly string[], entries: readonly ManifestEntry[]): Buffer {
  const need = entries.reduce((s, e) => s + entryBytes(e), 0);
  let have = 0;
  const full = paths.map((p) => {
    const f = join(dirname(file), p);
    let st;
    try {
      st = statSync(f);
    } catch {
      bad(file, 'weightsManifest', `weight shard ${p} not found next to the model.json`);
    }
    if (!st.isFile()) bad(file, 'weightsManifest', `weight shard ${p} is not a regular file`);
    have += st.size;
    return f;
  });
  if (have < need) bad(file, 'weightsManifest', `the shards hold ${have} bytes but the manifest declares ${need}`);
  return Buffer.concat(full.map((f) => readFileSync(f)));
}

/** Thin helpers over h5wasm (libhdf5 in WebAssembly) for reading Keras weight files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import type { Tensor } from '../../ir/ops.js';

/** An open HDF5 file (h5wasm File). */
export type H5File = InstanceType<typeof h5wasm.File>;
/** An HDF5 group or file. */
export type H5Group = InstanceType<typeof h5wasm.Group>;

/** Open an HDF5 file for reading. */
export async function openH5(path: string): Promise<H5File> {
  await h5wasm.ready;
  return new h5wasm.File(path, 'r');
}

/**
 * Open HDF5 bytes (e.g. model.weights.h5 inside a .keras zip): h5wasm reads file paths only, so the bytes go
 * to a private temporary file that `close` removes.
 */
export async function openH5Bytes(bytes: Uint8Array): Promise<{ file: H5File; close: () => void }> {
  await h5wasm.ready;
  const dir = mkdtempSync(join(tmpdir(), 'nnfab-h5-'));
  const path = join(dir, 'weights.h5');
  writeFileSync(path, bytes);
  const file = new h5wasm.File(path, 'r');
  return {
    file,
    close: () => {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The value of an attribute, or undefined. Strings keep no NUL padding; string arrays stay arrays. */
export function h5Attr(obj: H5Group, name: string): unknown {
  const attrs = obj.attrs as Record<string, { value: unknown } | undefined>;
  const a = attrs[name];
  if (a === undefined) return undefined;
  const v = a.value;
  if (typeof v === 'string') return v.replace(/\0+$/, '');
  return v;
}

/** A string-array attribute (e.g. weight_names), empty when absent or not strings. */
export function h5StringList(obj: H5Group, name: string): string[] {
  const v = h5Attr(obj, name);
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((s) => s.replace(/\0+$/, ''));
  return [];
}

/** Child group or dataset at a path relative to `g`, or null. */
export function h5Get(g: H5Group, path: string): H5Group | InstanceType<typeof h5wasm.Dataset> | null {
  try {
    const x = g.get(path);
    if (x instanceof h5wasm.Group || x instanceof h5wasm.Dataset) return x as H5Group | InstanceType<typeof h5wasm.Dataset>;
    return null;
  } catch {
    return null;
  }
}

/** True for an h5wasm group (or file). */
export function isGroup(x: unknown): x is H5Group {
  return x instanceof h5wasm.Group;
}

/** Read a numeric dataset as a Tensor of float64 values (float32 widened exactly). */
export function h5Tensor(ds: InstanceType<typeof h5wasm.Dataset>): Tensor {
  const v = ds.value as unknown;
  const shape = (ds.shape ?? []).map(Number);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = v as unknown as ArrayLike<number | bigint>;
    const data = new Float64Array(arr.length);
    for (let i = 0; i < arr.length; i++) data[i] = Number(arr[i]);
    return { shape, data };
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return { shape, data: Float64Array.of(Number(v)) };
  return { shape, data: new Float64Array(0) };
}

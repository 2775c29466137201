/**
 * Reading Keras weight files: h5wasm (libhdf5 in WebAssembly) turns the whole HDF5 file into a plain snapshot tree
 * inside an isolated worker thread (see h5-worker-source.ts), so that a corrupt file gives a coded error (E315, E904,
 * E905) instead of a crash, a hang, or libhdf5's diagnostic dump on stderr. The helpers below read the snapshot.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fail } from '../../diagnostics/errors.js';
import type { Tensor } from '../../ir/ops.js';
import { H5_FAST_SOURCE } from './h5-fast-source.js';
import { H5_WORKER_SOURCE } from './h5-worker-source.js';

type Attrs = Readonly<Record<string, unknown>>;
type SnapNode = { t: 'g'; attrs: Attrs; children: Record<string, SnapNode> } | { t: 'd'; attrs: Attrs; shape: number[]; value: unknown };

/** A dataset of a read HDF5 file: shape, value (typed array, strings or scalar) and attributes. */
export class H5Dataset {
  constructor(
    readonly path: string,
    readonly attrs: Attrs,
    readonly shape: readonly number[],
    readonly value: unknown,
  ) {}
}

/** A group (or the root) of a read HDF5 file. */
export class H5Group {
  constructor(
    readonly path: string,
    readonly attrs: Attrs,
    private readonly children: Readonly<Record<string, SnapNode>>,
    /** The reader that took the file (set on the root). */
    readonly reader: 'jsfive' | 'libhdf5' = 'libhdf5',
  ) {}
  /** Names of the members, in file order. */
  keys(): string[] {
    return Object.keys(this.children);
  }
  /** Member at a relative path ('a/b/kernel:0'), or null. */
  get(path: string): H5Group | H5Dataset | null {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let node: SnapNode | undefined = { t: 'g', attrs: this.attrs, children: this.children as Record<string, SnapNode> };
    for (const p of parts) node = node?.t === 'g' && Object.hasOwn(node.children, p) ? node.children[p] : undefined;
    if (node === undefined) return null;
    const full = parts.length ? `${this.path.replace(/\/$/, '')}/${parts.join('/')}` : this.path;
    return node.t === 'g' ? new H5Group(full, node.attrs, node.children) : new H5Dataset(full, node.attrs, node.shape, node.value);
  }
  /** Nothing to release (the file is closed after the snapshot); kept so callers can treat it like a file. */
  close(): void {}
}

/** A read HDF5 file (its root group). */
export type H5File = H5Group;

/** Limits of one HDF5 read. Defaults suit real Keras files; NNFAB_H5_TIMEOUT_MS overrides the time limit. */
export interface H5Limits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxNodes: number;
  readonly maxDepth: number;
  readonly maxAttrBytes: number;
  /** Fresh libhdf5 instances a reader worker may start (after crashes, or many failed reads) before it is replaced. */
  readonly maxInstances: number;
  /** Files that failed after opening, after which the worker starts a clean libhdf5 instance. */
  readonly maxTainted: number;
}

/** Default HDF5 read limits (2 GiB of datasets, 200k objects, 60 s). */
export function h5Limits(): H5Limits {
  const env = Number(process.env.NNFAB_H5_TIMEOUT_MS);
  return { timeoutMs: env > 0 ? env : 60_000, maxBytes: 2 ** 31, maxNodes: 200_000, maxDepth: 64, maxAttrBytes: 2 ** 28, maxInstances: 32, maxTainted: 32 };
}

/** Which reader takes a file: jsfive first with libhdf5 as the fallback ('auto'), or libhdf5 only. */
export type H5Engine = 'auto' | 'libhdf5';

/** File URL of a dependency's module, found by Node's resolution (walking up node_modules folders as a fallback). */
function moduleUrl(specifier: string, file: string): string {
  try {
    return import.meta.resolve(specifier);
  } catch {
    for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
      const f = join(d, 'node_modules', file);
      if (existsSync(f)) return pathToFileURL(f).href;
      if (dirname(d) === d) fail('E009', { tool: specifier, install: 'reinstall nnfab with its dependencies (npm install nnfab)' });
    }
  }
}

type Reply = { id: number; ok: true; tree: SnapNode; retire: boolean; reader: 'jsfive' | 'libhdf5' } | { id: number; ok: false; kind: 'limit' | 'crash' | 'hdf5'; retire: boolean; message: string };

let worker: Worker | null = null;
let nextId = 0;
let queue: Promise<unknown> = Promise.resolve();

function spawn(): Worker {
  const fast = H5_FAST_SOURCE.replace('__JSFIVE_URL__', () => JSON.stringify(moduleUrl('jsfive', 'jsfive/dist/esm/index.mjs')));
  const src = H5_WORKER_SOURCE.replace('__H5WASM_URL__', () => JSON.stringify(moduleUrl('h5wasm/node', 'h5wasm/dist/node/hdf5_hl.js'))).replace(
    '__FAST_READER__',
    () => fast,
  );
  // the worker silences its console itself (piping its stdio here would keep the process alive while it idles)
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`));
}

/** The most telling line of an HDF5 error stack: the innermost cause. */
function hdf5Reason(message: string): string {
  const causes = [...message.matchAll(/in [\w.]+\(\): (.+)$/gm)].map((m) => m[1]!.trim());
  return causes.length ? causes[causes.length - 1]! : (message.split('\n')[0] ?? message).slice(0, 200);
}

function terminate(w: Worker): void {
  if (worker === w) worker = null;
  void w.terminate();
}

/** Start the reader thread ahead of the first read (its libhdf5 start-up then overlaps other work); idempotent. */
export function prewarmH5(): void {
  // unref'd: an idle reader never keeps the process alive
  (worker ??= spawn()).unref();
}

/** Run one snapshot request in the worker, replacing the worker after a crash or a hang. */
function request(path: string, file: string, lim: H5Limits, engine: H5Engine): Promise<{ tree: SnapNode; reader: 'jsfive' | 'libhdf5' }> {
  const w = (worker ??= spawn());
  const id = nextId++;
  w.ref();
  return new Promise((resolve, reject) => {
    const done = (f: () => void) => {
      clearTimeout(timer);
      w.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (worker === w) w.unref();
      try {
        f();
      } catch (e) {
        reject(e);
      }
    };
    const timer = setTimeout(() => done(() => (terminate(w), fail('E904', { seconds: lim.timeoutMs / 1000 }, { file }))), lim.timeoutMs);
    const onMessage = (r: Reply) => {
      if (r.id !== id) return;
      if (r.ok) {
        if (r.retire) terminate(w);
        return done(() => resolve({ tree: r.tree, reader: r.reader }));
      }
      done(() => {
        // the worker renews its libhdf5 instance after a failure; it asks to be replaced after many of them
        if (r.retire) terminate(w);
        if (r.kind === 'limit') fail('E905', { reason: r.message }, { file });
        fail('E315', { reason: r.kind === 'crash' ? `libhdf5 crashed reading it (${r.message})` : hdf5Reason(r.message) }, { file });
      });
    };
    const onError = (e: Error) => done(() => (terminate(w), fail('E315', { reason: `libhdf5 crashed reading it (${e.message})` }, { file })));
    const onExit = (code: number) => done(() => (terminate(w), fail('E315', { reason: `the HDF5 reader stopped (exit code ${code})` }, { file })));
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
    w.postMessage({ id, path, limits: lim, engine });
  });
}

/** Read a whole HDF5 file into a snapshot; `file` names it in errors. Reads are serialized through one worker. */
export function readH5(path: string, file = path, lim: H5Limits = h5Limits(), engine: H5Engine = 'auto'): Promise<H5File> {
  const run = queue.then(() => request(path, file, lim, engine));
  queue = run.catch(() => undefined);
  return run.then(({ tree, reader }) =>
    tree.t === 'g' ? new H5Group('/', tree.attrs, tree.children, reader) : fail('E315', { reason: 'the root is not a group' }, { file }),
  );
}

/** Open an HDF5 file for reading. */
export async function openH5(path: string, file = path): Promise<H5File> {
  return readH5(path, file);
}

/**
 * Open HDF5 bytes (e.g. model.weights.h5 inside a .keras zip): h5wasm reads file paths only, so the bytes go
 * to a private temporary file, removed once read.
 */
export async function openH5Bytes(bytes: Uint8Array, file = 'model.weights.h5'): Promise<{ file: H5File; close: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'nnfab-h5-'));
  try {
    const path = join(dir, 'weights.h5');
    writeFileSync(path, bytes);
    const root = await readH5(path, file);
    return { file: root, close: () => undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The value of an attribute, or undefined. Strings keep no NUL padding; string arrays stay arrays. */
export function h5Attr(obj: H5Group | H5Dataset, name: string): unknown {
  if (!Object.hasOwn(obj.attrs, name)) return undefined;
  const v = obj.attrs[name];
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
export function h5Get(g: H5Group, path: string): H5Group | H5Dataset | null {
  return g.get(path);
}

/** True for a group (or file). */
export function isGroup(x: unknown): x is H5Group {
  return x instanceof H5Group;
}

/** Read a numeric dataset as a Tensor of float64 values (float32 widened exactly). */
export function h5Tensor(ds: H5Dataset): Tensor {
  const v = ds.value;
  const shape = ds.shape.map(Number);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = v as unknown as ArrayLike<number | bigint>;
    const data = new Float64Array(arr.length);
    for (let i = 0; i < arr.length; i++) data[i] = Number(arr[i]);
    return { shape, data };
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return { shape, data: Float64Array.of(Number(v)) };
  return { shape, data: new Float64Array(0) };
}

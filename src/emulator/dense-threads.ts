/**
 * One helper thread for the Dense kernels: it runs a list of kernel calls on the shared kernel memory while the
 * calling thread runs its own, so a large batch is split in two halves of rows. Rows are independent and each
 * thread has its own buffers and counters (summed afterwards), so the result is the same bits and counts whatever
 * the timing. Only in Node (worker_threads through process.getBuiltinModule); elsewhere every call runs here.
 * Should the helper fail or hang, the calling thread runs its calls itself (the same result, only slower).
 */
import { kernelMemory, kernelMemoryShared } from './dense-kernel.js';

/** One kernel call: the kernel's spec key, its compiled module, and its arguments. */
export interface ThreadCall {
  readonly key: string;
  readonly module: object;
  readonly args: readonly number[];
}

interface WorkerLike {
  postMessage(m: unknown): void;
  unref(): void;
  terminate(): unknown;
}
interface WorkerThreads {
  Worker: new (code: string, opts: { eval: boolean; workerData: unknown }) => WorkerLike;
}

// block states in a job's slot array
const FREE = 0;
const MINE = 1; // claimed by the calling thread
const HELPER = 2; // claimed by the helper
const DONE = 3; // computed by the helper
const FAILED = 4; // the helper threw while computing it

// the helper: instantiate the kernels it is sent on the shared memory, then claim blocks from the last one down
// (the calling thread claims from the first one up) until none is free
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const kernels = new Map();
parentPort.on('message', (job) => {
  const slots = new Int32Array(job.slots);
  for (const [key, mod] of job.modules) kernels.set(key, new WebAssembly.Instance(mod, { m: { mem: workerData.memory } }).exports.k);
  for (let b = job.blocks.length - 1; b >= 0; b--) {
    if (Atomics.compareExchange(slots, b, ${FREE}, ${HELPER}) !== ${FREE}) continue;
    let state = ${DONE};
    try {
      for (const c of job.blocks[b]) kernels.get(c.key)(...c.args);
    } catch (e) {
      state = ${FAILED};
    }
    Atomics.store(slots, b, state);
    Atomics.notify(slots, b);
  }
});
`;

// longest wait for a block the helper claimed (a healthy helper needs well under a millisecond per block)
const HELPER_TIMEOUT_MS = 30_000;

interface Helper {
  readonly worker: WorkerLike;
  readonly sent: Set<string>;
}

let helper: Helper | null | undefined;
// blocks the helper has computed since the process started (for tests and diagnostics)
let helperBlocks = 0;

/** Number of blocks the helper thread has computed so far. */
export function helperBlockCount(): number {
  return helperBlocks;
}

function builtin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(name) as T | undefined;
}

/** Logical processors available to this process (1 where unknown). */
export function availableThreads(): number {
  return builtin<{ availableParallelism?: () => number }>('node:os')?.availableParallelism?.() ?? 1;
}

/**
 * Whether a core looks idle (the last minute's load average below the number of cores less one): on a busy
 * machine a woken helper competes with other processes and only delays the calling thread.
 */
export function idleCore(): boolean {
  const os = builtin<{ loadavg?: () => number[]; availableParallelism?: () => number }>('node:os');
  const load = os?.loadavg?.()[0];
  return load === undefined || load < availableThreads() - 1 + 0.5;
}

function startHelper(): Helper | null {
  const wt = builtin<WorkerThreads>('node:worker_threads');
  const memory = kernelMemory();
  if (wt?.Worker === undefined || memory === null || !kernelMemoryShared()) return null;
  try {
    const worker = new wt.Worker(WORKER_CODE, { eval: true, workerData: { memory } });
    worker.unref(); // an idle helper never keeps the process alive
    return { worker, sent: new Set() };
  } catch {
    return null;
  }
}

/** Whether a helper thread can be used here. */
export function helperAvailable(): boolean {
  if (helper === undefined) helper = startHelper();
  return helper !== null;
}

/**
 * Compute blocks of kernel calls on this thread and the helper together: each block is claimed by exactly one of
 * them (atomically), so a busy or slow helper only takes fewer blocks. `mine[b]` and `theirs[b]` are block b's
 * calls on this thread's and the helper's buffers; `reset(b)` clears block b's counters before it is recomputed
 * here (only if the helper failed on it).
 */
export function runShared(mine: readonly (() => void)[], theirs: readonly (readonly ThreadCall[])[], reset: (b: number) => void): void {
  const n = mine.length;
  const slots = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
  const h = helperAvailable() ? helper! : null;
  if (h !== null) post(h, slots, theirs);
  for (let b = 0; b < n; b++) if (Atomics.compareExchange(slots, b, FREE, MINE) === FREE) mine[b]!();
  for (let b = 0; b < n; b++) {
    if (Atomics.load(slots, b) === HELPER) Atomics.wait(slots, b, HELPER, HELPER_TIMEOUT_MS);
    const state = Atomics.load(slots, b);
    if (state === DONE) helperBlocks++;
    if (state === HELPER || state === FAILED) {
      // hung or failed: never use the helper again; the block is computed here
      void h?.worker.terminate();
      helper = null;
      reset(b);
      mine[b]!();
    }
  }
}

function post(h: Helper, slots: Int32Array, theirs: readonly (readonly ThreadCall[])[]): void {
  const modules: [string, object][] = [];
  for (const block of theirs) {
    for (const c of block) {
      if (!h.sent.has(c.key)) {
        h.sent.add(c.key);
        modules.push([c.key, c.module]);
      }
    }
  }
  h.worker.postMessage({ modules, slots: slots.buffer, blocks: theirs.map((bl) => bl.map((c) => ({ key: c.key, args: c.args }))) });
}

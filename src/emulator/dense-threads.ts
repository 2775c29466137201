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

/** A job running on the helper thread. */
export interface HelperJob {
  /** Wait for the job: true when the helper ran it, false when the caller must run the calls itself. */
  finish(): boolean;
}

interface WorkerLike {
  postMessage(m: unknown): void;
  unref(): void;
  terminate(): unknown;
}
interface WorkerThreads {
  Worker: new (code: string, opts: { eval: boolean; workerData: unknown }) => WorkerLike;
}

// the helper's code: instantiate the kernels it is sent on the shared memory, run the calls, flag and notify
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const ctl = new Int32Array(workerData.ctl);
const kernels = new Map();
parentPort.on('message', (job) => {
  try {
    for (const [key, mod] of job.modules) kernels.set(key, new WebAssembly.Instance(mod, { m: { mem: workerData.memory } }).exports.k);
    for (const c of job.calls) kernels.get(c.key)(...c.args);
    Atomics.store(ctl, 0, 1);
  } catch (e) {
    Atomics.store(ctl, 0, 2);
  }
  Atomics.notify(ctl, 0);
});
`;

// longest wait for the helper before the calls are run here (a healthy helper needs milliseconds)
const HELPER_TIMEOUT_MS = 30_000;

interface Helper {
  readonly worker: WorkerLike;
  readonly ctl: Int32Array;
  readonly sent: Set<string>;
}

let helper: Helper | null | undefined;

function workerThreads(): WorkerThreads | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const wt = proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  return wt?.Worker ? wt : null;
}

/** Logical processors available to this process (1 where unknown). */
export function availableThreads(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return os?.availableParallelism?.() ?? 1;
}

function startHelper(): Helper | null {
  const wt = workerThreads();
  const memory = kernelMemory();
  if (wt === null || memory === null || !kernelMemoryShared()) return null;
  try {
    const ctl = new Int32Array(new SharedArrayBuffer(4));
    const worker = new wt.Worker(WORKER_CODE, { eval: true, workerData: { memory, ctl: ctl.buffer } });
    worker.unref(); // an idle helper never keeps the process alive
    return { worker, ctl, sent: new Set() };
  } catch {
    return null;
  }
}

/** Whether a helper thread can be used here. */
export function helperAvailable(): boolean {
  if (helper === undefined) helper = startHelper();
  return helper !== null;
}

/** Start `calls` on the helper thread (without one, the job's finish() says that the caller must run them). */
export function startOnHelper(calls: readonly ThreadCall[]): HelperJob {
  const h = helperAvailable() ? helper! : null;
  if (h === null) return { finish: () => false };
  const modules: [string, object][] = [];
  for (const c of calls) {
    if (!h.sent.has(c.key)) {
      h.sent.add(c.key);
      modules.push([c.key, c.module]);
    }
  }
  Atomics.store(h.ctl, 0, 0);
  h.worker.postMessage({ modules, calls: calls.map((c) => ({ key: c.key, args: c.args })) });
  return {
    finish: () => {
      Atomics.wait(h.ctl, 0, 0, HELPER_TIMEOUT_MS);
      if (Atomics.load(h.ctl, 0) === 1) return true;
      // failed or hung: never use it again; the caller computes its share
      void h.worker.terminate();
      helper = null;
      return false;
    },
  };
}

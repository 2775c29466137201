/**
 * The worker threads that share large batches with the calling thread (rows.ts). Each holds its own copies of the
 * graphs it was sent (the last few) and runs chunks of a job alongside the calling thread (rows-job.ts). Only in
 * Node, from the compiled package (worker_threads through process.getBuiltinModule); a worker that fails or hangs
 * is dropped and the caller runs the batch itself, with the same result.
 */
import type { Graph } from '../ir/graph.js';
import { valueSizes } from '../ir/graph.js';
import { MAX_WORKERS, joined, newJob, outputsOf, runClaimedChunks, waitDone, type RowsJob } from './rows-job.js';
import { mergeRunStats, type RunStats } from './stats.js';

/** Outputs (one Float64Array per graph output, batch × size values) and the merged statistics of every chunk. */
export interface RowsRun {
  readonly outputs: Float64Array[];
  readonly stats: RunStats;
}

interface MessagePortLike {
  postMessage(m: unknown): void;
  close(): void;
}
interface WorkerLike {
  unref(): void;
  terminate(): unknown;
}
interface WorkerThreads {
  Worker: new (url: URL, opts: { workerData: unknown; transferList: unknown[] }) => WorkerLike;
  MessageChannel: new () => { port1: MessagePortLike; port2: unknown };
  receiveMessageOnPort(port: MessagePortLike): { message: unknown } | undefined;
}

/** One worker: its index in the jobs' control words, its port, and the graphs it holds (most recent last). */
interface Helper {
  readonly index: number;
  readonly worker: WorkerLike;
  readonly port: MessagePortLike;
  readonly held: number[];
}

// graphs a worker keeps (a model converted again is a new graph; old ones are dropped)
const HELD_GRAPHS = 4;
// longest wait for a worker's last chunk: this many times the calling thread's own time on the job, at least WAIT_MIN_MS
const WAIT_FACTOR = 50;
const WAIT_MIN_MS = 10_000;

let wt: WorkerThreads | null | undefined;
const helpers: (Helper | null)[] = [];
let jobs = 0;
let graphIds = 0;
const graphId = new WeakMap<Graph, number>();
// rows computed by worker threads since the process started (for tests and diagnostics)
let workerRows = 0;
// the buffer of the last job every worker of its team finished (none can touch it again): the next job may reuse it
let spare: SharedArrayBuffer | undefined;

/** Rows computed by worker threads so far. */
export function workerRowCount(): number {
  return workerRows;
}

function builtin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(name) as T | undefined;
}

/** Logical processors available to this process (1 where unknown). */
export function availableThreads(): number {
  return builtin<{ availableParallelism?: () => number }>('node:os')?.availableParallelism?.() ?? 1;
}

/** Threads a batch is shared between unless asked otherwise: the logical processors, at most 8. */
export function defaultThreads(): number {
  return Math.min(8, availableThreads());
}

/** Whether worker threads can share rows here (Node, the compiled package: there is no worker file to start from TypeScript sources). */
export function workersAvailable(): boolean {
  if (wt === undefined) {
    const m = builtin<WorkerThreads>('node:worker_threads');
    wt = m?.Worker !== undefined && typeof SharedArrayBuffer !== 'undefined' && import.meta.url.endsWith('.js') ? m : null;
  }
  return wt !== null;
}

/** Worker k, started on first use; null when it cannot start or was dropped. */
function helper(k: number): Helper | null {
  if (helpers[k] !== undefined) return helpers[k]!;
  let h: Helper | null = null;
  try {
    const { port1, port2 } = new wt!.MessageChannel();
    const worker = new wt!.Worker(new URL('./rows-worker.js', import.meta.url), { workerData: { port: port2, index: k }, transferList: [port2] });
    worker.unref(); // idle workers never keep the process alive
    (port1 as unknown as { unref?: () => void }).unref?.();
    h = { index: k, worker, port: port1, held: [] };
  } catch {
    h = null;
  }
  helpers[k] = h;
  return h;
}

/**
 * Start the workers a shared run on `threads` threads would use, ahead of it (a worker needs ~50–100 ms to load the
 * emulator, while a one-shot command is still reading its model); they stay idle and never keep the process alive.
 */
export function startWorkers(threads: number = defaultThreads()): void {
  if (!workersAvailable()) return;
  for (let k = 0; k < Math.min(threads - 1, MAX_WORKERS); k++) helper(k);
}

/** Drop a worker that hung: its index is never used again. */
function drop(h: Helper): void {
  void h.worker.terminate();
  h.port.close();
  helpers[h.index] = null;
}

/** Start a job on a worker: the graph itself goes along only when the worker does not hold it yet. */
function post(h: Helper, graph: Graph, job: RowsJob): void {
  while (wt!.receiveMessageOnPort(h.port) !== undefined); // replies to jobs finished without this worker
  let id = graphId.get(graph);
  if (id === undefined) graphId.set(graph, (id = ++graphIds));
  const known = h.held.indexOf(id);
  if (known >= 0) h.held.splice(known, 1);
  h.held.push(id);
  if (h.held.length > HELD_GRAPHS) h.held.shift();
  h.port.postMessage({ job, graphId: id, graph: known >= 0 ? undefined : graph, keep: [...h.held] });
}

/**
 * Run a batch on this thread and up to `workers` worker threads, in the chunks that `starts` delimits; null when no
 * worker is available or one failed (then the caller runs the batch itself and meets the same error, if it is one).
 */
export function runShared(graph: Graph, inputs: readonly Float64Array[], batch: number, starts: readonly number[], workers: number): RowsRun | null {
  if (!workersAvailable()) return null;
  const team = Array.from({ length: Math.min(workers, MAX_WORKERS) }, (_, k) => helper(k)).filter((h): h is Helper => h !== null);
  if (team.length === 0) return null;
  const job = newJob(++jobs, inputs, valueSizes(graph, graph.inputs), valueSizes(graph, graph.outputs), batch, starts, spare);
  // taken: a worker that never joins this job will still read its message later
  spare = undefined;
  for (const h of team) post(h, graph, job);
  const t0 = Date.now();
  const mine = runClaimedChunks(graph, job);
  const waitMs = WAIT_MIN_MS + WAIT_FACTOR * (Date.now() - t0);
  const stats: RunStats[] = [mine.stats];
  let ok = true;
  // every chunk is claimed now: a worker that has not joined (still starting, or busy) finds none left
  const joiners = team.filter((w) => joined(job, w.index));
  for (const h of joiners) {
    const theirs = awaitReply(h, job, waitMs);
    if (theirs === 'hung') drop(h);
    if (typeof theirs === 'string') ok = false;
    else stats.push(theirs);
  }
  const outputs = ok ? outputsOf(job) : null;
  // every worker replied to this job, so none will look at its buffer again
  if (ok && joiners.length === team.length) spare = job.buffer;
  return outputs === null ? null : { outputs, stats: mergeRunStats(stats) };
}

/** A worker's statistics of the job; 'failed' when it threw, 'hung' when it did not finish in time. */
function awaitReply(h: Helper, job: RowsJob, waitMs: number): RunStats | 'failed' | 'hung' {
  if (!waitDone(job, h.index, waitMs)) return 'hung';
  for (;;) {
    const m = wt!.receiveMessageOnPort(h.port)?.message as { id: number; stats?: RunStats; rows?: number } | undefined;
    if (m === undefined) return 'hung';
    if (m.id !== job.id) continue; // a reply to an earlier job abandoned by an error on this thread
    if (m.stats === undefined) return 'failed';
    workerRows += m.rows ?? 0;
    return m.stats;
  }
}

/**
 * Large batches run in chunks of rows, shared between the calling thread and one worker thread that holds its own
 * copy of the graph (rows-worker.ts): both claim chunks atomically from a shared counter, run the whole graph on
 * them (input quantization, every layer, softmax, output conversion) and write the outputs into shared memory.
 * Rows are independent and every count is a sum, so the outputs and statistics are the same bits whatever the
 * timing or the number of threads. Only in Node from the compiled package (worker_threads through
 * process.getBuiltinModule); elsewhere, or should the worker fail or hang, every chunk runs on the calling thread.
 */
import type { Graph } from '../ir/graph.js';
import { sizeOf } from '../ir/graph.js';
import { runFixed } from './run.js';
import { mergeRunStats, type RunStats } from './stats.js';

/** Options of runRows. */
export interface RunRowsOptions {
  /** Most rows one emulator run holds at a time (bounds the memory of every layer's values); default 8192. */
  readonly chunk?: number;
  /**
   * Most threads to use: 2 shares the chunks with a worker thread (default: 2 where the machine has 2 or more
   * cores and one looks idle); 1 runs everything on the calling thread.
   */
  readonly threads?: number;
}

/** Outputs (one Float64Array per graph output, batch × size values) and the merged statistics of every chunk. */
export interface RowsRun {
  readonly outputs: Float64Array[];
  readonly stats: RunStats;
}

/** A shared job: the chunk counter, the done flag and every input and output, in one shared buffer. */
export interface RowsJob {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  readonly batch: number;
  readonly chunk: number;
  readonly inSizes: readonly number[];
  readonly outSizes: readonly number[];
  readonly inOffsets: readonly number[];
  readonly outOffsets: readonly number[];
}

// control words of a job: the next chunk to claim, the worker's done flag, and its joined flag (raised before its
// first claim: when the calling thread has claimed the last chunk and sees it down, the worker computes nothing)
const NEXT = 0;
const DONE = 1;
const JOINED = 2;
const CONTROL_BYTES = 64;
// below this many rows a second thread costs more (a message, waking it) than it saves
const MIN_PARALLEL_ROWS = 2048;
// rows per claimed chunk in a shared run: enough chunks for the two threads to finish together
const CLAIMS_PER_THREAD = 6;

const DEFAULT_CHUNK = 8192;

/** Run a quantized graph on a batch, in chunks, shared with a worker thread where that helps. */
export function runRows(graph: Graph, inputs: readonly Float64Array[], batch: number, opts: RunRowsOptions = {}): RowsRun {
  const chunk = Math.max(1, Math.floor(opts.chunk ?? DEFAULT_CHUNK));
  const threads = opts.threads ?? (idleCore() ? Math.min(2, availableThreads()) : 1);
  if (threads >= 2 && batch >= MIN_PARALLEL_ROWS) {
    const shared = runShared(graph, inputs, batch, Math.min(chunk, Math.max(512, Math.ceil(batch / (2 * CLAIMS_PER_THREAD)))));
    if (shared !== null) return shared;
  }
  return runSequential(graph, inputs, batch, chunk);
}

function runSequential(graph: Graph, inputs: readonly Float64Array[], batch: number, chunk: number): RowsRun {
  const sizes = inputSizes(graph);
  if (batch <= chunk) {
    const r = runFixed(graph, inputs, batch);
    return { outputs: r.outputs, stats: r.stats };
  }
  const outs = graph.outputs.map((_, k) => new Float64Array(batch * outputSizes(graph)[k]!));
  const stats: RunStats[] = [];
  for (let r0 = 0; r0 < batch; r0 += chunk) {
    const r1 = Math.min(batch, r0 + chunk);
    const res = runFixed(graph, inputs.map((a, k) => a.subarray(r0 * sizes[k]!, r1 * sizes[k]!)), r1 - r0);
    res.outputs.forEach((o, k) => outs[k]!.set(o, o.length / (r1 - r0) * r0));
    stats.push(res.stats);
  }
  return { outputs: outs, stats: mergeRunStats(stats) };
}

function inputSizes(graph: Graph): number[] {
  return graph.inputs.map((name) => sizeOf(graph.nodes.find((n) => n.name === name)!.shape));
}

function outputSizes(graph: Graph): number[] {
  return graph.outputs.map((name) => sizeOf(graph.nodes.find((n) => n.name === name)!.shape));
}

/**
 * Claim chunks of the job until none is left, run each on the calling thread and write its
 * outputs into the job's buffer; the statistics of the chunks run here, merged.
 */
export function runClaimedChunks(graph: Graph, job: RowsJob): { stats: RunStats; rows: number } {
  const ctl = new Int32Array(job.buffer, 0, 3);
  const chunks = Math.ceil(job.batch / job.chunk);
  const stats: RunStats[] = [];
  let rows = 0;
  for (let c = Atomics.add(ctl, NEXT, 1); c < chunks; c = Atomics.add(ctl, NEXT, 1)) {
    const r0 = c * job.chunk;
    const n = Math.min(job.batch, r0 + job.chunk) - r0;
    const ins = job.inSizes.map((s, k) => new Float64Array(job.buffer, job.inOffsets[k]! + r0 * s * 8, n * s));
    const res = runFixed(graph, ins, n);
    res.outputs.forEach((o, k) => new Float64Array(job.buffer, job.outOffsets[k]! + r0 * job.outSizes[k]! * 8, o.length).set(o));
    stats.push(res.stats);
    rows += n;
  }
  return { stats: mergeRunStats(stats), rows };
}

/** Mark a job joined by the worker (before its first claim). */
export function signalJoined(job: RowsJob): void {
  Atomics.store(new Int32Array(job.buffer, 0, 3), JOINED, 1);
}

/** Mark a job finished by the worker (wakes the calling thread). */
export function signalDone(job: RowsJob): void {
  const ctl = new Int32Array(job.buffer, 0, 3);
  Atomics.store(ctl, DONE, 1);
  Atomics.notify(ctl, DONE);
}

// ---- the calling thread's side ----

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

/** The worker, its port, and the graphs it holds (most recently used last). */
interface Pool {
  readonly wt: WorkerThreads;
  readonly worker: WorkerLike;
  readonly port: MessagePortLike;
  readonly held: number[];
}

// graphs the worker keeps (a model converted again is a new graph; old ones are dropped)
const HELD_GRAPHS = 4;
// longest wait for the worker's last chunk beyond the calling thread's own slowest chunk times this factor
const WAIT_FACTOR = 50;
const WAIT_MIN_MS = 10_000;

let pool: Pool | null | undefined;
let jobs = 0;
let graphIds = 0;
const graphId = new WeakMap<Graph, number>();
// rows the worker has computed since the process started (for tests and diagnostics)
let workerRows = 0;

/** Rows computed by the worker thread so far. */
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

/**
 * Whether a core looks idle (the last minute's load average below the number of cores less one): on a busy
 * machine a woken worker competes with other processes and only delays the calling thread.
 */
export function idleCore(): boolean {
  const load = builtin<{ loadavg?: () => number[] }>('node:os')?.loadavg?.()[0];
  return load === undefined || load < availableThreads() - 1 + 0.5;
}

/** Whether a worker thread can share the rows here (Node, the compiled package). */
export function workerAvailable(): boolean {
  if (pool === undefined) pool = startPool();
  return pool !== null;
}

function startPool(): Pool | null {
  const wt = builtin<WorkerThreads>('node:worker_threads');
  // the worker runs the compiled modules; from TypeScript sources (a test runner) there is no worker file to start
  const url = new URL('./rows-worker.js', import.meta.url);
  if (wt?.Worker === undefined || typeof SharedArrayBuffer === 'undefined' || !import.meta.url.endsWith('.js')) return null;
  try {
    const { port1, port2 } = new wt.MessageChannel();
    const worker = new wt.Worker(url, { workerData: { port: port2 }, transferList: [port2] });
    worker.unref(); // an idle worker never keeps the process alive
    (port1 as unknown as { unref?: () => void }).unref?.();
    return { wt, worker, port: port1, held: [] };
  } catch {
    return null;
  }
}

/** Drop the worker (it failed or hung): from now on every chunk runs on the calling thread. */
function dropPool(): void {
  if (pool) {
    void pool.worker.terminate();
    pool.port.close();
  }
  pool = null;
}

function newJob(graph: Graph, inputs: readonly Float64Array[], batch: number, chunk: number): RowsJob {
  const inSizes = inputSizes(graph);
  const outSizes = outputSizes(graph);
  let off = CONTROL_BYTES;
  const place = (n: number): number => {
    const o = off;
    off += ((n * 8 + 63) & ~63);
    return o;
  };
  const inOffsets = inSizes.map((s) => place(batch * s));
  const outOffsets = outSizes.map((s) => place(batch * s));
  const buffer = new SharedArrayBuffer(off);
  inputs.forEach((a, k) => new Float64Array(buffer, inOffsets[k]!, a.length).set(a));
  return { id: ++jobs, buffer, batch, chunk, inSizes, outSizes, inOffsets, outOffsets };
}

/** The message starting a job: the graph itself only when the worker does not hold it yet. */
function post(p: Pool, graph: Graph, job: RowsJob): void {
  let id = graphId.get(graph);
  if (id === undefined) graphId.set(graph, (id = ++graphIds));
  const known = p.held.indexOf(id);
  if (known >= 0) p.held.splice(known, 1);
  p.held.push(id);
  if (p.held.length > HELD_GRAPHS) p.held.shift();
  p.port.postMessage({ job, graphId: id, graph: known >= 0 ? undefined : graph, keep: [...p.held] });
}

/** The shared run, or null when no worker is available or it failed (then the caller runs everything itself). */
function runShared(graph: Graph, inputs: readonly Float64Array[], batch: number, chunk: number): RowsRun | null {
  if (!workerAvailable()) return null;
  const p = pool!;
  while (p.wt.receiveMessageOnPort(p.port) !== undefined); // replies to jobs that finished without the worker
  const job = newJob(graph, inputs, batch, chunk);
  post(p, graph, job);
  const t0 = Date.now();
  const mine = runClaimedChunks(graph, job);
  // every chunk is claimed now: a worker that has not joined yet (still starting, or busy) will find none left
  if (Atomics.load(new Int32Array(job.buffer, 0, 3), JOINED) === 0) return { outputs: outputsOf(job), stats: mine.stats };
  const theirs = awaitWorker(p, job, WAIT_MIN_MS + WAIT_FACTOR * (Date.now() - t0));
  if (theirs === 'hung') dropPool();
  if (typeof theirs === 'string') return null;
  return { outputs: outputsOf(job), stats: mergeRunStats([mine.stats, theirs]) };
}

/** Copies of a job's outputs (plain arrays for the caller, not views of shared memory). */
function outputsOf(job: RowsJob): Float64Array[] {
  return job.outSizes.map((s, k) => new Float64Array(job.buffer, job.outOffsets[k]!, job.batch * s).slice());
}

/** The worker's statistics of this job; 'failed' when it threw (a user error the caller meets again), or 'hung'. */
function awaitWorker(p: Pool, job: RowsJob, waitMs: number): RunStats | 'failed' | 'hung' {
  const ctl = new Int32Array(job.buffer, 0, 3);
  if (Atomics.wait(ctl, DONE, 0, waitMs) === 'timed-out') return 'hung';
  for (;;) {
    const m = p.wt.receiveMessageOnPort(p.port)?.message as { id: number; stats?: RunStats; rows?: number } | undefined;
    if (m === undefined) return 'hung';
    if (m.id !== job.id) continue; // a reply to an earlier job abandoned by an error on this thread
    if (m.stats === undefined) return 'failed';
    workerRows += m.rows ?? 0;
    return m.stats;
  }
}

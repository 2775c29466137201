/**
 * runRows: a batch run in chunks of rows (bounding the memory every layer's values take), large batches shared
 * between the calling thread and worker threads that hold their own copies of the graph (rows-pool.ts): every
 * thread claims chunks from a shared counter and runs the whole graph on them — input quantization, every layer,
 * softmax, output conversion. Rows are independent and every count is a sum, so the outputs and statistics are
 * the same bits whatever the timing or the number of threads.
 */
import type { Graph } from '../ir/graph.js';
import { valueSizes } from '../ir/graph.js';
import { runFixed } from './run.js';
import { defaultThreads, runShared, type RowsRun } from './rows-pool.js';
import { mergeRunStats, type RunStats } from './stats.js';

export { availableThreads, defaultThreads, startWorkers, workerRowCount, workersAvailable, type RowsRun } from './rows-pool.js';

/** Options of runRows. */
export interface RunRowsOptions {
  /** Most rows one emulator run holds at a time (bounds the memory of every layer's values); default 8192. */
  readonly chunk?: number;
  /** Most threads to use, the calling one included (default: the logical processors available, at most 8). */
  readonly threads?: number;
  /** Most bytes of input and output rows a shared run copies into shared memory at a time (default 64 MiB). */
  readonly sharedBytes?: number;
}

// below this many rows per thread, waking a worker costs more than it saves
const MIN_ROWS_PER_THREAD = 1024;
// the smallest chunk a thread claims (a run costs ~10 µs besides its rows)
const MIN_CLAIM = 128;
const DEFAULT_CHUNK = 8192;
const SHARED_BYTES = 64 * 2 ** 20;

/** Run a quantized graph on a batch (one row-major Float64Array per graph input), in chunks, on several threads where that helps. */
export function runRows(graph: Graph, inputs: readonly Float64Array[], batch: number, opts: RunRowsOptions = {}): RowsRun {
  const chunk = Math.max(1, Math.floor(opts.chunk ?? DEFAULT_CHUNK));
  const threads = Math.floor(opts.threads ?? defaultThreads());
  const alone = (ins: readonly Float64Array[], n: number, into?: readonly Float64Array[]): RowsRun => {
    const r = runFixed(graph, ins, n, into === undefined ? {} : { into });
    return { outputs: r.outputs, stats: r.stats };
  };
  if (threads < 2 || batch < 2 * MIN_ROWS_PER_THREAD) return bySegments(graph, inputs, batch, chunk, alone);
  // a shared run copies its rows into shared memory: at most sharedBytes of them at a time
  const segment = Math.max(threads * MIN_ROWS_PER_THREAD, Math.floor((opts.sharedBytes ?? SHARED_BYTES) / rowBytes(graph)));
  return bySegments(graph, inputs, batch, segment, (ins, n) => {
    const t = Math.min(threads, Math.floor(n / MIN_ROWS_PER_THREAD));
    const shared = t >= 2 ? runShared(graph, ins, n, guidedStarts(n, t, chunk), t - 1) : null;
    return shared ?? bySegments(graph, ins, n, chunk, alone);
  });
}

/** Input and output bytes of one row. */
function rowBytes(graph: Graph): number {
  return 8 * valueSizes(graph, [...graph.inputs, ...graph.outputs]).reduce((s, n) => s + n, 0);
}

/**
 * Chunk boundaries for a shared run: each chunk takes a share of the rows left (1 / 2·threads), between MIN_CLAIM
 * and `max` rows, so that the first chunks are large (few runs) and the last small (the threads finish together).
 */
export function guidedStarts(batch: number, threads: number, max: number): number[] {
  const starts = [0];
  for (let r = 0; r < batch; ) {
    r = Math.min(batch, r + Math.min(max, Math.max(MIN_CLAIM, Math.ceil((batch - r) / (2 * threads)))));
    starts.push(r);
  }
  return starts;
}

/**
 * Run consecutive segments of at most `rows` rows each and join their outputs and statistics. A run that takes `into`
 * writes its outputs there (views of the joined outputs); the others' are copied in.
 */
function bySegments(graph: Graph, inputs: readonly Float64Array[], batch: number, rows: number, run: (ins: readonly Float64Array[], n: number, into?: readonly Float64Array[]) => RowsRun): RowsRun {
  if (batch <= rows) return run(inputs, batch);
  const inSizes = valueSizes(graph, graph.inputs);
  const outSizes = valueSizes(graph, graph.outputs);
  const outs = outSizes.map((s) => new Float64Array(batch * s));
  const stats: RunStats[] = [];
  for (let r0 = 0; r0 < batch; r0 += rows) {
    const r1 = Math.min(batch, r0 + rows);
    const into = outs.map((o, k) => o.subarray(r0 * outSizes[k]!, r1 * outSizes[k]!));
    const res = run(inputs.map((a, k) => a.subarray(r0 * inSizes[k]!, r1 * inSizes[k]!)), r1 - r0, into);
    res.outputs.forEach((o, k) => {
      if (o !== into[k]) into[k]!.set(o);
    });
    stats.push(res.stats);
  }
  return { outputs: outs, stats: mergeRunStats(stats) };
}

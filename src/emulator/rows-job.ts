/**
 * A batch shared between threads (rows.ts): one shared buffer holds the control words, every input and every
 * output. Each thread claims chunks of rows from the counter, runs the whole graph on them and writes their outputs
 * into the buffer. Worker k raises its `joined` word before its first claim and its `done` word after its reply:
 * once the calling thread has claimed past the last chunk, a worker whose `joined` word is still down can find no
 * chunk left, so it need not be waited for.
 */
import type { Graph } from '../ir/graph.js';
import { runFixed } from './run.js';
import { mergeRunStats, type RunStats } from './stats.js';

/** A shared job: the layout of its buffer. */
export interface RowsJob {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  readonly batch: number;
  /** Chunk boundaries: chunk c is rows [starts[c], starts[c + 1]). */
  readonly starts: readonly number[];
  readonly inSizes: readonly number[];
  readonly outSizes: readonly number[];
  readonly inOffsets: readonly number[];
  readonly outOffsets: readonly number[];
}

// control words: the next chunk to claim, then per worker k its joined (1 + 2k) and done (2 + 2k) flags
const NEXT = 0;
/** Most workers a job's control words have room for. */
export const MAX_WORKERS = 15;
const CONTROL_BYTES = 4 * (1 + 2 * MAX_WORKERS) + 4;

const control = (job: RowsJob): Int32Array => new Int32Array(job.buffer, 0, 1 + 2 * MAX_WORKERS);

/**
 * A job for `batch` rows of inputs of the given sizes, the inputs copied in. It uses `spare` (a finished job's buffer
 * that no thread can touch any more) when that holds the job and is not more than 4× its size: a fresh shared
 * buffer costs a page fault per 4 KiB written, as much as the copy itself.
 */
export function newJob(id: number, inputs: readonly Float64Array[], inSizes: readonly number[], outSizes: readonly number[], batch: number, starts: readonly number[], spare?: SharedArrayBuffer): RowsJob {
  let off = (CONTROL_BYTES + 63) & ~63;
  const place = (n: number): number => {
    const o = off;
    off += (n * 8 + 63) & ~63;
    return o;
  };
  const inOffsets = inSizes.map((s) => place(batch * s));
  const outOffsets = outSizes.map((s) => place(batch * s));
  const reuse = spare !== undefined && spare.byteLength >= off && spare.byteLength <= 4 * off;
  const buffer = reuse ? spare : new SharedArrayBuffer(off);
  if (reuse) new Int32Array(buffer, 0, CONTROL_BYTES / 4).fill(0);
  inputs.forEach((a, k) => new Float64Array(buffer, inOffsets[k]!, a.length).set(a));
  return { id, buffer, batch, starts, inSizes, outSizes, inOffsets, outOffsets };
}

/**
 * Claim chunks until none is left, run each on this thread and write its outputs into the job's buffer; the
 * statistics of the chunks run here (merged) and their number of rows.
 */
export function runClaimedChunks(graph: Graph, job: RowsJob): { stats: RunStats; rows: number } {
  const ctl = control(job);
  const chunks = job.starts.length - 1;
  const stats: RunStats[] = [];
  let rows = 0;
  for (let c = Atomics.add(ctl, NEXT, 1); c < chunks; c = Atomics.add(ctl, NEXT, 1)) {
    const r0 = job.starts[c]!;
    const n = job.starts[c + 1]! - r0;
    const ins = job.inSizes.map((s, k) => new Float64Array(job.buffer, job.inOffsets[k]! + r0 * s * 8, n * s));
    // the outputs go straight into the job's buffer
    const into = job.outSizes.map((s, k) => new Float64Array(job.buffer, job.outOffsets[k]! + r0 * s * 8, n * s));
    const res = runFixed(graph, ins, n, { into });
    stats.push(res.stats);
    rows += n;
  }
  return { stats: mergeRunStats(stats), rows };
}

/** Worker k has joined the job (call before its first claim). */
export function signalJoined(job: RowsJob, k: number): void {
  Atomics.store(control(job), 1 + 2 * k, 1);
}

/** Worker k has replied (wakes the calling thread). */
export function signalDone(job: RowsJob, k: number): void {
  const ctl = control(job);
  Atomics.store(ctl, 2 + 2 * k, 1);
  Atomics.notify(ctl, 2 + 2 * k);
}

/** Whether worker k has joined (only meaningful once every chunk is claimed). */
export function joined(job: RowsJob, k: number): boolean {
  return Atomics.load(control(job), 1 + 2 * k) === 1;
}

/** Wait up to ms for worker k's done flag; false when it timed out. */
export function waitDone(job: RowsJob, k: number, ms: number): boolean {
  return Atomics.wait(control(job), 2 + 2 * k, 0, ms) !== 'timed-out';
}

/** Copies of a job's outputs (plain arrays for the caller, not views of shared memory; set() copies those fast, slice() does not). */
export function outputsOf(job: RowsJob): Float64Array[] {
  return job.outSizes.map((s, k) => {
    const out = new Float64Array(job.batch * s);
    out.set(new Float64Array(job.buffer, job.outOffsets[k]!, out.length));
    return out;
  });
}

// Large batches shared with a worker thread (src/emulator/rows.ts): the same bits and the same overflow counts as one
// thread and as the exact BigInt kernel, whatever the chunking. The worker runs the compiled modules, so this test
// uses the package built by `npm test` (dist/).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FixedType } from '../../src/ir/fixed-type.js';
import type { Graph, Node, NodeTypes } from '../../src/ir/graph.js';
import type { Op } from '../../src/ir/ops.js';
import type * as Rows from '../../src/emulator/rows.js';
import { guidedStarts } from '../../src/emulator/rows.js';
import type * as Run from '../../src/emulator/run.js';

const DIST = resolve(__dirname, '../../dist/emulator');
const BUILT = existsSync(resolve(DIST, 'rows-worker.js'));
if (!BUILT && process.env['CI'] === 'true') throw new Error('dist/ is missing: `npm test` builds it first (npm run build)');

const fx = (width: number, integer: number): FixedType => ({ width, integer, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 });
const node = (name: string, op: Op, inputs: string[], shape: number[], types: NodeTypes): Node => ({
  name, op, inputs, shape, source: { file: 'r', node: name, opType: op.kind }, layerClass: op.kind, types,
  config: { reuseFactor: 1, strategy: 'latency', tableSize: 1024, trace: false, softmaxImpl: 'stable' },
});

/** Deterministic pseudo-random numbers in [−1, 1). */
function noise(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  });
}

/** input(12) → dense(20) → relu → dense(9) → tanh table → dense(5) → softmax; a narrow accumulator that wraps. */
function net(): Graph {
  const acc = fx(12, 5);
  const types: NodeTypes = { result: acc, accum: acc, weight: fx(8, 2), bias: fx(8, 2) };
  const dense = (name: string, a: number, b: number, input: string, seed: number): Node =>
    node(name, { kind: 'dense', weight: { shape: [a, b], data: noise(a * b, seed).map((v) => v * 1.9) }, bias: { shape: [b], data: noise(b, seed + 1) } }, [input], [b], types);
  return {
    name: 'rows',
    nodes: [
      node('x', { kind: 'input' }, [], [12], { result: fx(10, 4) }),
      dense('d1', 12, 20, 'x', 11),
      node('r1', { kind: 'activation', fn: 'relu' }, ['d1'], [20], { result: acc }),
      dense('d2', 20, 9, 'r1', 23),
      node('t2', { kind: 'activation', fn: 'tanh' }, ['d2'], [9], { result: fx(10, 2), table: fx(18, 8) }),
      dense('d3', 9, 5, 't2', 37),
      node('sm', { kind: 'softmax', axis: -1 }, ['d3'], [5], { result: fx(16, 6), accum: fx(18, 8) }),
    ],
    inputs: ['x'],
    outputs: ['sm'],
    sourceFile: 'r',
  };
}

describe('chunks of a shared run', () => {
  it('cover the batch in order, at most `max` rows each, shrinking towards the end, none below 128 rows but the last', () => {
    for (const [batch, threads, max] of [[10_000, 2, 8192], [4099, 3, 700], [1_000_000, 8, 8192], [2048, 2, 100]] as const) {
      const s = guidedStarts(batch, threads, max);
      expect(s[0]).toBe(0);
      expect(s[s.length - 1]).toBe(batch);
      const sizes = s.slice(1).map((v, i) => v - s[i]!);
      expect(sizes.every((n) => n > 0 && n <= max)).toBe(true);
      expect(sizes.slice(0, -1).every((n) => n >= Math.min(128, max))).toBe(true);
      expect(sizes.slice(0, -1).every((n, i) => i === 0 || n <= sizes[i - 1]!)).toBe(true);
    }
    // 10k rows on 2 threads: a quarter first, then shares of what is left
    expect(guidedStarts(10_000, 2, 8192).slice(0, 3)).toEqual([0, 2500, 4375]);
  });
});

/** The compiled runRows and runFixed (the worker threads start only from the compiled package). */
/**
 * Which thread claims which chunk depends on timing: repeat a shared run (each equal to `want`: outputs and counts)
 * until a worker has computed some of its rows, at most 100 times.
 */
function untilWorkerShares(rows: typeof Rows, want: { outputs: Float64Array[]; stats: unknown }, run: (k: number) => Rows.RowsRun): void {
  const before = rows.workerRowCount();
  for (let k = 0; k < 100 && rows.workerRowCount() === before; k++) {
    const r = run(k);
    expect(r.outputs[0]).toEqual(want.outputs[0]);
    expect(r.stats).toEqual(want.stats);
  }
  expect(rows.workerRowCount()).toBeGreaterThan(before);
}

async function compiled(): Promise<{ rows: typeof Rows; run: typeof Run }> {
  const load = async (file: string): Promise<unknown> => import(pathToFileURL(resolve(DIST, file)).href);
  return { rows: (await load('rows.js')) as typeof Rows, run: (await load('run.js')) as typeof Run };
}

describe.skipIf(!BUILT)('batches shared with a worker thread (compiled package)', () => {
  it('give the same bits and counts as one thread and the BigInt kernel, the worker really computing rows', async () => {
    const { rows, run } = await compiled();
    expect(rows.workersAvailable()).toBe(true);
    const g = net();
    const batch = 4099; // chunks that do not divide the batch
    const x = noise(batch * 12, 5).map((v, i) => v * (i % 13 === 0 ? 40 : 6));
    const big = run.runFixed(g, [x], batch, { matmulPath: 'big' });
    expect(big.stats.some((s) => s.points.some((p) => p.point === 'accum' && p.counts.wrapped > 0))).toBe(true);
    const one = rows.runRows(g, [x], batch, { threads: 1, chunk: 1000 });
    expect(Array.from(one.outputs[0]!)).toEqual(Array.from(big.outputs[0]!));
    expect(one.stats).toEqual(big.stats);
    // two and three workers beside this thread
    untilWorkerShares(rows, big, (k) => rows.runRows(g, [x], batch, { threads: 3 + (k % 2), chunk: 700 }));
  });

  it('consecutive shared runs of different sizes (the shared buffer reused) each give their own result, kept intact', async () => {
    const { rows, run } = await compiled();
    const g = net();
    const kept: { got: Float64Array; want: Float64Array }[] = [];
    for (const [k, batch] of [4099, 2600, 6000, 4099, 2048].entries()) {
      const x = noise(batch * 12, 40 + k).map((v) => v * 6);
      const want = run.runFixed(g, [x], batch);
      const got = rows.runRows(g, [x], batch, { threads: 2 });
      expect(got.outputs[0]).toEqual(want.outputs[0]);
      expect(got.stats).toEqual(want.stats);
      kept.push({ got: got.outputs[0]!, want: want.outputs[0]! });
    }
    // the outputs are the caller's own arrays: later runs wrote into the shared buffer, not into them
    for (const { got, want } of kept) expect(got).toEqual(want);
    // and the worker still shares (a reused buffer with stale control words would make it look hung, and be dropped)
    const x = noise(2600 * 12, 50).map((v) => v * 6);
    const want = run.runFixed(g, [x], 2600);
    untilWorkerShares(rows, want, () => rows.runRows(g, [x], 2600, { threads: 2 }));
  });

  it('a batch larger than the shared-memory budget runs as several shared runs with the same result', async () => {
    const { rows, run } = await compiled();
    const g = net();
    const batch = 9000;
    const x = noise(batch * 12, 3).map((v) => v * 7);
    // 17 values per row (12 in, 5 out): 100 kB holds ~735 rows, so the batch runs as 2048-row segments (the
    // smallest worth sharing between 2 threads), the last one (808 rows) on this thread alone
    const parts = rows.runRows(g, [x], batch, { threads: 2, sharedBytes: 100_000 });
    const whole = run.runFixed(g, [x], batch);
    expect(parts.outputs[0]).toEqual(whole.outputs[0]);
    expect(parts.stats).toEqual(whole.stats);
  });

  it('a user error in a shared run is thrown with its code, and later runs still share', async () => {
    const { rows, run } = await compiled();
    const g = net();
    // a softmax over an axis other than the last: E505 on every chunk, on this thread and in the worker
    const bad: Graph = { ...g, nodes: g.nodes.map((n) => (n.name === 'sm' ? { ...n, op: { kind: 'softmax', axis: -2 } } : n)) };
    const batch = 4099;
    const x = noise(batch * 12, 13).map((v) => v * 5);
    let code = 'no error';
    try {
      rows.runRows(bad, [x], batch, { threads: 2 });
    } catch (e) {
      code = (e as { code?: string }).code ?? String(e);
    }
    expect(code).toBe('E505');
    const want = run.runFixed(g, [x], batch);
    untilWorkerShares(rows, want, () => rows.runRows(g, [x], batch, { threads: 2 }));
  });

  it('a batch below the sharing threshold runs on the calling thread with the same result', async () => {
    const { rows, run } = await compiled();
    const g = net();
    const x = noise(40 * 12, 9).map((v) => v * 8);
    const before = rows.workerRowCount();
    const r = rows.runRows(g, [x], 40, { threads: 2 });
    expect(rows.workerRowCount()).toBe(before);
    expect(r.outputs[0]).toEqual(run.runFixed(g, [x], 40).outputs[0]);
  });
});

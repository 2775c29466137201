/**
 * Overflow statistics of an emulator run: for every node and every conversion point inside it (input quantization,
 * products → accum_t, partial sums, result, table index clamps, softmax internals), how many values were converted
 * and how many were out of range, wrapped, saturated or zeroed. Silent overflow is the top complaint of hls4ml users.
 */
import { InternalError } from '../diagnostics/errors.js';
import type { FixedType } from '../ir/fixed-type.js';
import { totalEvents } from '../fixed/index.js';
import { formatFixedType, newOverflowCounts, type OverflowCounts } from './arith.js';

/** The named places inside a node where a value is converted into a narrower type. */
export type ConversionPoint =
  | 'input'
  | 'weight'
  | 'product'
  | 'accum'
  | 'result'
  | 'table_index'
  | 'norm'
  | 'exp_sum'
  | 'inv_inp'
  | 'inv_index'
  | 'twice_x';

/** Counts of one conversion point of one node. */
export interface PointStats {
  readonly point: ConversionPoint;
  /** The type converted into, as hls4ml prints it (index clamps print the index range). */
  readonly type: string;
  /** Number of values converted. */
  total: number;
  readonly counts: OverflowCounts;
}

/** Counts of one node: every conversion point it has, in execution order. */
export interface NodeStats {
  readonly node: string;
  readonly opKind: string;
  readonly points: PointStats[];
}

/** Per-node overflow statistics of a run, in graph order. */
export type RunStats = NodeStats[];

const typeNames = new WeakMap<FixedType, string>();

/** hls4ml's spelling of a type, formatted once per type object (kernels ask for points on every run). */
function typeNameOf(t: FixedType): string {
  let name = typeNames.get(t);
  if (name === undefined) typeNames.set(t, (name = formatFixedType(t)));
  return name;
}

/** Collects the counts of one run; kernels ask it for the counter of (node, point). */
export class StatsRecorder {
  private readonly byNode = new Map<string, NodeStats>();
  private current: NodeStats | null = null;

  /** Start recording a node (call in graph order). */
  beginNode(node: string, opKind: string): void {
    const s: NodeStats = { node, opKind, points: [] };
    this.byNode.set(node, s);
    this.current = s;
  }

  /** The counter for a conversion point of the current node (created on first use). */
  point(point: ConversionPoint, type: FixedType | string): PointStats {
    const cur = this.current;
    if (cur === null) throw new InternalError('StatsRecorder.point before beginNode');
    const typeName = typeof type === 'string' ? type : typeNameOf(type);
    let p = cur.points.find((q) => q.point === point && q.type === typeName);
    if (p === undefined) {
      p = { point, type: typeName, total: 0, counts: newOverflowCounts() };
      cur.points.push(p);
    }
    return p;
  }

  /** The finished statistics, in recording order. */
  result(): RunStats {
    return [...this.byNode.values()];
  }
}

/** Number of values of one point that did not simply fit (finite out of range + NaN/±Inf), each counted once. */
export function overflowEvents(p: PointStats): number {
  return totalEvents(p.counts);
}

/**
 * True when any conversion point of the node saw an out-of-range or non-finite value. Table index clamps are
 * counted but not flagged: a sigmoid or tanh table saturating at its ends is the function working as designed.
 */
export function nodeOverflowed(s: NodeStats): boolean {
  return s.points.some((p) => p.point !== 'table_index' && overflowEvents(p) > 0);
}

/** Names of the nodes whose values overflowed somewhere. */
export function overflowedNodes(stats: RunStats): string[] {
  return stats.filter(nodeOverflowed).map((s) => s.node);
}

/** Add the counts of `b` into `a` (same point). */
export function addPointStats(a: PointStats, b: PointStats): void {
  a.total += b.total;
  a.counts.outOfRange += b.counts.outOfRange;
  a.counts.wrapped += b.counts.wrapped;
  a.counts.saturated += b.counts.saturated;
  a.counts.zeroed += b.counts.zeroed;
  a.counts.nonFinite += b.counts.nonFinite;
}

/**
 * Merge the statistics of several runs of ONE model (e.g. chunks of one predict, or successive predicts) by node and
 * point. Weight conversions are a property of the model, not of a run — every run converts the same weights — so the
 * 'weight' points are counted once (from the first run that has them); all other points add up.
 */
export function mergeRunStats(runs: readonly RunStats[]): RunStats {
  const out = new Map<string, NodeStats>();
  for (const run of runs) {
    for (const s of run) {
      let t = out.get(s.node);
      if (t === undefined) {
        t = { node: s.node, opKind: s.opKind, points: [] };
        out.set(s.node, t);
      }
      for (const p of s.points) {
        let q = t.points.find((x) => x.point === p.point && x.type === p.type);
        if (q === undefined) {
          q = { point: p.point, type: p.type, total: 0, counts: newOverflowCounts() };
          t.points.push(q);
        } else if (p.point === 'weight') continue;
        addPointStats(q, p);
      }
    }
  }
  return [...out.values()];
}

/** Float vs fixed, per layer: max/mean absolute error and the overflow counts of each layer (`nnfab compare`). */
import type { Graph } from '../ir/graph.js';
import { runFixed, overflowEvents, type NodeStats } from '../emulator/index.js';
import { floatReference } from './report.js';

/** One layer's comparison row. */
export interface LayerComparison {
  readonly layer: string;
  readonly op: string;
  /** Result type as hls4ml prints it. */
  readonly type: string;
  readonly maxAbsError: number;
  readonly meanAbsError: number;
  /** Largest |float value| seen (to judge the error against). */
  readonly maxAbsFloat: number;
  /** Out-of-range values over every conversion point of the layer, and the wrapped / saturated ones. */
  readonly outOfRange: number;
  readonly wrapped: number;
  readonly saturated: number;
  readonly stats: NodeStats;
}

/** Compare a float run of the loaded model with the fixed run of its quantized graph on the same inputs. */
export function compareRuns(floatGraph: Graph, quantized: Graph, inputs: readonly Float64Array[], batch: number): LayerComparison[] {
  const fixed = runFixed(quantized, inputs, batch, { trace: true });
  const float = floatReference(floatGraph, quantized, { inputs, batch });
  const rows: LayerComparison[] = [];
  for (const node of quantized.nodes) {
    const stats = fixed.stats.find((s) => s.node === node.name)!;
    const fx = node.op.kind === 'input' ? undefined : fixed.trace.get(node.name);
    const fl = float.get(node.name);
    let max = 0;
    let sum = 0;
    let maxF = 0;
    if (fx !== undefined && fl !== undefined && fx.length === fl.length) {
      for (let i = 0; i < fx.length; i++) {
        const e = Math.abs(fx[i]! - fl[i]!);
        if (e > max || Number.isNaN(e)) max = e;
        sum += e;
        maxF = Math.max(maxF, Math.abs(fl[i]!));
      }
    }
    const n = fx?.length ?? 0;
    rows.push({
      layer: node.name,
      op: node.op.kind === 'activation' ? node.op.fn : node.op.kind,
      type: stats.points.find((p) => p.point === 'result' || p.point === 'input')?.type ?? '',
      maxAbsError: n > 0 ? max : NaN,
      meanAbsError: n > 0 ? sum / n : NaN,
      maxAbsFloat: maxF,
      outOfRange: stats.points.reduce((s, p) => s + overflowEvents(p), 0),
      wrapped: stats.points.reduce((s, p) => s + p.counts.wrapped, 0),
      saturated: stats.points.reduce((s, p) => s + p.counts.saturated, 0),
      stats,
    });
  }
  return rows;
}

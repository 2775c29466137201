/** Human-readable tables of overflow statistics and per-layer float/fixed comparisons (for the CLI). */
import { nodeOverflowed, overflowEvents, type RunStats } from '../emulator/index.js';
import type { LayerComparison } from './compare.js';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function pct(n: number, total: number): string {
  if (n === 0) return '0';
  return `${n} (${((100 * n) / Math.max(1, total)).toFixed(n * 1000 < total ? 3 : 1)}%)`;
}

/**
 * One row per layer and conversion point; layers that overflowed are marked with `!!`. `overflow` counts every value
 * that did not simply fit once (overflowEvents); `wrapped` / `saturated` (incl. zeroed) break down the finite ones,
 * `NaN/Inf` the non-finite ones (index clamps appear in `overflow` only).
 */
export function formatStats(stats: RunStats): string {
  const rows: string[][] = [];
  for (const s of stats) {
    const mark = nodeOverflowed(s) ? '!! ' : '   ';
    s.points.forEach((p, i) => {
      rows.push([
        i === 0 ? `${mark}${s.node}` : '',
        p.point,
        p.type,
        String(p.total),
        pct(overflowEvents(p), p.total),
        pct(p.counts.wrapped, p.total),
        pct(p.counts.saturated + p.counts.zeroed, p.total),
        pct(p.counts.nonFinite, p.total),
      ]);
    });
  }
  const bad = stats.filter(nodeOverflowed).map((s) => s.node);
  const summary = bad.length === 0 ? 'no value left the range of its type' : `values overflowed in ${bad.length} layer(s): ${bad.join(', ')}`;
  return `${table(['layer', 'point', 'type', 'values', 'overflow', 'wrapped', 'saturated', 'NaN/Inf'], rows)}\n\n${summary}`;
}

function num(v: number): string {
  if (Number.isNaN(v)) return '-';
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(4) : v.toExponential(2);
}

/** The `nnfab compare` table: per layer, float vs fixed error and overflow counts. */
export function formatComparison(rows: readonly LayerComparison[]): string {
  const body = rows.map((r) => [
    `${r.outOfRange > 0 ? '!! ' : '   '}${r.layer}`,
    r.op,
    r.type,
    num(r.maxAbsError),
    num(r.meanAbsError),
    num(r.maxAbsFloat),
    String(r.outOfRange),
    String(r.wrapped),
    String(r.saturated),
  ]);
  const bad = rows.filter((r) => r.outOfRange > 0).map((r) => r.layer);
  const note = bad.length === 0 ? 'no overflow' : `overflow in: ${bad.join(', ')}`;
  return `${table(['layer', 'op', 'type', 'max |err|', 'mean |err|', 'max |float|', 'overflow', 'wrapped', 'saturated'], body)}\n\n${note}`;
}

/** A short plain-text summary of a Report for the terminal (the HTML page has the details). */
import { compact, num } from './html-sections.js';
import type { BackendResult, Report } from './types.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Two left-aligned columns. */
export function twoColumns(rows: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

/** One line per backend result. */
export function backendLine(b: BackendResult): string {
  switch (b.kind) {
    case 'agreement':
      return b.mismatches === 0 ? `bit-exact with the emulator on ${num(b.samples)} samples` : `${num(b.mismatches)} of ${num(b.samples)} samples DIFFER from the emulator`;
    case 'resources':
      return Object.entries(b.resources).map(([k, v]) => `${num(v)} ${k}`).join(', ') + (b.figures ? ` · ${Object.entries(b.figures).map(([k, v]) => `${k} ${v}`).join(', ')}` : '');
    case 'skipped':
      return `skipped: ${b.reason}`;
    case 'failed':
      return `FAILED: ${b.message}`;
  }
}

/** The summary rows of a report. */
export function summaryRows(r: Report): Array<[string, string]> {
  const t = r.totals;
  const rows: Array<[string, string]> = [
    ['model', `${r.model.name} (${r.model.sourceFile})`],
    ['layers', `${r.layers.length} · ${num(t.nonzeroMultiplications)} multiplications/sample · ${num(t.nonzeroWeights)} nonzero weights`],
    ['estimate', `${num(t.latencyCycles)} cycles · ${num(t.dsp)} DSP · ~${compact(t.lut)} LUT (rough)`],
  ];
  const a = r.accuracy;
  if (a) {
    const parts = [a.floatAccuracy !== undefined ? `float ${pct(a.floatAccuracy)}` : '', a.fixedAccuracy !== undefined ? `fixed ${pct(a.fixedAccuracy)}` : '', a.topClassAgreement !== undefined ? `top class agrees ${pct(a.topClassAgreement)}` : ''];
    rows.push(['accuracy', `${parts.filter(Boolean).join(' · ')} (${num(a.samples)} samples)`]);
  }
  if (r.layers.some((l) => l.overflow)) {
    const bad = r.layers.filter((l) => l.overflow?.some((p) => p.outOfRange > 0)).map((l) => l.name);
    rows.push(['overflow', bad.length ? `${bad.length} layer(s): ${bad.join(', ')}` : 'none']);
  }
  for (const b of r.backends) rows.push([b.tool, backendLine(b)]);
  return rows;
}

/** The summary as text, with the first findings. */
export function summaryText(r: Report, maxFindings = 5): string {
  const lines = [twoColumns(summaryRows(r))];
  const shown = r.findings.filter((f) => f.severity !== 'info').slice(0, maxFindings);
  if (shown.length) lines.push('', ...shown.map((f) => `${f.severity === 'error' ? 'error  ' : 'warning'} ${f.layer ? `${f.layer}: ` : ''}${f.message}`));
  return lines.join('\n');
}

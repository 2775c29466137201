/** The static HTML sections of the report page: summary cards, findings, the per-layer table, overflow, backends. */
import { esc, layerId } from './diagram.js';
import type { BackendResult, LayerReport, OverflowPoint, Report } from './types.js';

/** Thousands separators, deterministic (no locale). */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (!Number.isInteger(n)) return n.toPrecision(3);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

/** Compact count for estimates: 950, 6.2k, 1.3M. */
export function compact(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1e6) return `${(n / 1e3).toPrecision(n < 1e4 ? 2 : 3)}k`;
  return `${(n / 1e6).toPrecision(3)}M`;
}

function card(label: string, value: string, sub = '', cls = ''): string {
  return `<div class="card ${cls}"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
}

function overflowTotal(l: LayerReport): number {
  return (l.overflow ?? []).reduce((a, p) => a + p.outOfRange, 0);
}

/** The top row of cards: size, cost, accuracy, overflow, backend status. */
export function summaryCards(r: Report): string {
  const t = r.totals;
  const cards = [
    card('Layers', num(r.layers.length), `${num(t.weights)} parameters, ${num(t.nonzeroWeights)} nonzero`),
    card('Multiplications / sample', num(t.nonzeroMultiplications), `${num(t.multiplications)} before pruning zeros`),
    card('Estimated latency', `${num(t.latencyCycles)} cycles`, r.model.clockPeriodNs ? `≈ ${num(t.latencyCycles * r.model.clockPeriodNs)} ns at ${num(1000 / r.model.clockPeriodNs)} MHz (rough)` : 'rough io_parallel estimate'),
    card('Estimated resources', `${num(t.dsp)} DSP`, `~${compact(t.lut)} LUT (rough)`),
  ];
  const a = r.accuracy;
  if (a?.fixedAccuracy !== undefined) {
    const drop = a.floatAccuracy !== undefined ? a.floatAccuracy - a.fixedAccuracy : 0;
    cards.push(card('Accuracy fixed / float', `${pct(a.fixedAccuracy)}`, a.floatAccuracy !== undefined ? `float ${pct(a.floatAccuracy)} on ${num(a.samples)} samples` : `${num(a.samples)} samples`, drop > 0.01 ? 'bad' : 'good'));
  } else if (a?.topClassAgreement !== undefined) {
    cards.push(card('Top class = float', pct(a.topClassAgreement), `${num(a.samples)} samples`, a.topClassAgreement < 0.99 ? 'bad' : 'good'));
  }
  if (r.layers.some((l) => l.overflow)) {
    const bad = r.layers.filter((l) => overflowTotal(l) > 0);
    cards.push(card('Overflow', bad.length ? `${bad.length} layer${bad.length > 1 ? 's' : ''}` : 'none', bad.length ? esc(bad.map((l) => l.name).slice(0, 4).join(', ')) : `over ${num(r.profiledSamples)} samples`, bad.length ? 'bad' : 'good'));
  }
  for (const b of r.backends) cards.push(backendCard(b));
  return `<div class="cards">${cards.join('')}</div>`;
}

function backendCard(b: BackendResult): string {
  switch (b.kind) {
    case 'agreement':
      return card(b.tool, b.mismatches === 0 ? 'bit-exact' : `${num(b.mismatches)} differ`, `${num(b.samples)} samples vs emulator`, b.mismatches === 0 ? 'good' : 'bad');
    case 'resources': {
      const keys = Object.keys(b.resources);
      const value = keys.slice(0, 3).map((k) => `<div>${num(b.resources[k]!)} <span class="unit">${esc(k)}</span></div>`).join('');
      return card(b.tool, value || '—', b.note ? esc(b.note) : keys.length > 3 ? 'more in Backends below' : '', 'compact');
    }
    case 'skipped':
      return card(b.tool, 'skipped', esc(b.reason), 'muted');
    case 'failed':
      return card(b.tool, 'failed', esc(b.message), 'bad');
  }
}

/** The findings list. */
export function findingsList(r: Report): string {
  if (r.findings.length === 0) return '<p class="muted">Nothing to report: no overflow data or problems found.</p>';
  const icon = { error: '✖', warning: '▲', info: 'ℹ' } as const;
  const items = r.findings.map(
    (f) => `<li class="${f.severity}"><span class="icon">${icon[f.severity]}</span>${f.layer ? `<a href="#${layerId(f.layer)}">${esc(f.layer)}</a>: ` : ''}${esc(f.message)}</li>`,
  );
  return `<ul class="findings">${items.join('')}</ul>`;
}

function typeCell(l: LayerReport, key: string): string {
  const t = l.types[key];
  return t ? `<code>${esc(t.name)}</code>` : '<span class="muted">—</span>';
}

/** The per-layer table with a totals row. */
export function layerTable(r: Report): string {
  const head = ['Layer', 'Class', 'Shape', 'weight', 'bias', 'accum', 'result', 'Mults', 'Weights ≠ 0', 'Reuse', 'Latency (est.)', 'Resources (est.)', 'Overflow'];
  const rows = r.layers.map((l) => {
    const ov = overflowTotal(l);
    const res = [l.estimate.dsp ? `${num(l.estimate.dsp)} DSP` : '', l.estimate.lut ? `~${compact(l.estimate.lut)} LUT` : ''].filter(Boolean).join(' ') || '—';
    const cells = [
      `<a href="#${layerId(l.name)}">${esc(l.name)}</a>`,
      `${esc(l.layerClass)}<div class="muted small">${esc(l.detail)}</div>`,
      `[${l.shape.join('×')}]`,
      typeCell(l, 'weight'), typeCell(l, 'bias'), typeCell(l, 'accum'), typeCell(l, 'result'),
      l.multiplications ? `${num(l.nonzeroMultiplications)}${l.nonzeroMultiplications !== l.multiplications ? ` <span class="muted">/ ${num(l.multiplications)}</span>` : ''}` : '—',
      l.weights ? `${num(l.nonzeroWeights)} <span class="muted">/ ${num(l.weights)}</span>` : '—',
      l.reuseFactor !== null ? `${l.reuseFactor}${l.strategy && l.multiplications ? `<div class="muted small">${esc(l.strategy)}</div>` : ''}` : '—',
      l.estimate.latencyCycles ? `${l.estimate.latencyCycles}` : '—',
      res,
      l.overflow ? (ov ? `<span class="bad">${num(ov)}</span>` : '<span class="good">0</span>') : '—',
    ];
    return `<tr${ov ? ' class="overflow"' : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const t = r.totals;
  const total = `<tr class="total"><td>total</td><td></td><td></td><td></td><td></td><td></td><td></td><td>${num(t.nonzeroMultiplications)}</td><td>${num(t.nonzeroWeights)}</td><td></td><td>${num(t.latencyCycles)}</td><td>${num(t.dsp)} DSP ~${compact(t.lut)} LUT</td><td></td></tr>`;
  return `<div class="scroll"><table class="layers"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}${total}</tbody></table></div>`;
}

function overflowRow(l: LayerReport, p: OverflowPoint): string {
  const bad = p.outOfRange > 0 || p.nonFinite > 0;
  const cells = [`<a href="#${layerId(l.name)}">${esc(l.name)}</a>`, esc(p.point), `<code>${esc(p.type)}</code>`, num(p.total), num(p.outOfRange), num(p.wrapped), num(p.saturated), num(p.zeroed), num(p.nonFinite)];
  return `<tr${bad ? ' class="overflow"' : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** The overflow table: every conversion point the emulator counted. */
export function overflowTable(r: Report): string {
  const rows = r.layers.flatMap((l) => (l.overflow ?? []).map((p) => overflowRow(l, p)));
  if (rows.length === 0) return '<p class="muted">No overflow statistics: give <code>--input</code> data to run the fixed-point emulator.</p>';
  const head = ['Layer', 'Conversion', 'Into type', 'Values', 'Out of range', 'Wrapped', 'Saturated', 'Zeroed', 'NaN/Inf'];
  return `<div class="scroll"><table class="overflow-table"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The backend results section. */
export function backendSection(r: Report): string {
  if (r.backends.length === 0) return '<p class="muted">No backend results: run <code>nnfab demo</code>, or build an HLS/Verilog project, to add C-simulation, Verilator and synthesis figures.</p>';
  return r.backends.map(backendBlock).join('');
}

function backendBlock(b: BackendResult): string {
  switch (b.kind) {
    case 'agreement':
      return `<div class="backend ${b.mismatches ? 'bad' : 'good'}"><b>${esc(b.tool)}</b>: ${b.mismatches === 0 ? `all ${num(b.samples)} samples bit-identical to the emulator` : `${num(b.mismatches)} of ${num(b.samples)} samples differ from the emulator`}${b.note ? ` <span class="muted">(${esc(b.note)})</span>` : ''}</div>`;
    case 'resources': {
      const figs = { ...b.resources, ...(b.figures ?? {}) };
      const cells = Object.entries(figs).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${typeof v === 'number' ? num(v) : esc(v)}</td></tr>`);
      return `<div class="backend"><b>${esc(b.tool)}</b>${b.note ? ` <span class="muted">${esc(b.note)}</span>` : ''}<table class="kv">${cells.join('')}</table></div>`;
    }
    case 'skipped':
      return `<div class="backend muted"><b>${esc(b.tool)}</b>: skipped — ${esc(b.reason)}</div>`;
    case 'failed':
      return `<div class="backend bad"><b>${esc(b.tool)}</b>: failed — ${esc(b.message)}</div>`;
  }
}

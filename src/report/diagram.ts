/**
 * The network as an SVG diagram: a layered top-to-bottom layout of the DAG (rank = longest path from an input,
 * order inside a rank by the mean position of a node's inputs), boxes showing each layer's kind, shape, result type,
 * reuse factor and strategy, and curved edges. Deterministic: the same report gives the same SVG bytes.
 */
import type { LayerReport } from './types.js';

const W = 250;
const H = 64;
const GAP_X = 28;
const GAP_Y = 34;
const PAD = 16;

/** Escape text for XML/HTML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A stable HTML id for a layer's card. */
export function layerId(name: string): string {
  return 'layer-' + name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

/** Fill and stroke colours by op family. */
function palette(kind: string): { fill: string; stroke: string } {
  switch (kind) {
    case 'input': return { fill: '#eef1f5', stroke: '#8a94a6' };
    case 'dense': case 'conv': return { fill: '#e3edfc', stroke: '#3b6fd4' };
    case 'activation': case 'softmax': case 'prelu': case 'clip': return { fill: '#e3f5ea', stroke: '#2f9c5a' };
    case 'pool': case 'global_pool': case 'upsample': return { fill: '#fdf1e1', stroke: '#d58a1f' };
    case 'merge': case 'concat': return { fill: '#f1e8fb', stroke: '#8a4fd1' };
    case 'batchnorm': case 'constant_op': case 'quantize': return { fill: '#e2f6f7', stroke: '#1d9aa3' };
    default: return { fill: '#f2f2f2', stroke: '#888888' };
  }
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** An item of a layout row: a layer box, or a thin waypoint of an edge that skips this row. */
interface Item {
  readonly id: string;
  readonly width: number;
  readonly preds: readonly string[];
}

/** Edges that skip rows pass through one waypoint per skipped row, so that they route around the boxes. */
interface Layout {
  readonly pos: Map<string, { x: number; y: number; w: number }>;
  /** Waypoint ids of every edge, keyed `src→dst#i`. */
  readonly routes: Map<string, string[]>;
  readonly width: number;
  readonly height: number;
}

const WAYPOINT = 14;

/** Rows of items: layers at rank = longest path from an input, plus the waypoints of long edges. */
function rowsOf(layers: readonly LayerReport[]): { rows: Item[][]; routes: Map<string, string[]>; rank: Map<string, number> } {
  const rank = new Map<string, number>();
  for (const l of layers) rank.set(l.name, Math.max(-1, ...l.inputs.map((i) => rank.get(i) ?? -1)) + 1);
  const rows: Item[][] = [];
  const routes = new Map<string, string[]>();
  for (const l of layers) {
    const r = rank.get(l.name)!;
    const preds: string[] = [];
    l.inputs.forEach((src, i) => {
      const rs = rank.get(src);
      if (rs === undefined) return;
      let prev = src;
      const way: string[] = [];
      for (let k = rs + 1; k < r; k++) {
        const id = `${src}\u2192${l.name}#${i}@${k}`;
        (rows[k] ??= []).push({ id, width: WAYPOINT, preds: [prev] });
        way.push(id);
        prev = id;
      }
      routes.set(`${src}\u2192${l.name}#${i}`, way);
      preds.push(prev);
    });
    (rows[r] ??= []).push({ id: l.name, width: W, preds });
  }
  return { rows, routes, rank };
}

/** Place rows top to bottom; inside a row, order items by the mean x of their predecessors (barycenter heuristic). */
function layout(layers: readonly LayerReport[]): Layout {
  const { rows, routes } = rowsOf(layers);
  const cx = new Map<string, number>();
  const pos = new Map<string, { x: number; y: number; w: number }>();
  rows.forEach((row, r) => {
    const key = (it: Item): number => (it.preds.length ? it.preds.reduce((a, p) => a + (cx.get(p) ?? 0), 0) / it.preds.length : 0);
    const sorted = row.map((it, i) => ({ it, k: key(it), i })).sort((a, b) => a.k - b.k || a.i - b.i);
    const total = sorted.reduce((a, { it }) => a + it.width, 0) + GAP_X * (sorted.length - 1);
    let x = -total / 2;
    for (const { it } of sorted) {
      cx.set(it.id, x + it.width / 2);
      pos.set(it.id, { x, y: r * (H + GAP_Y), w: it.width });
      x += it.width + GAP_X;
    }
  });
  let minX = Infinity;
  let maxX = -Infinity;
  for (const p of pos.values()) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x + p.w);
  }
  for (const p of pos.values()) (p.x += PAD - minX), (p.y += PAD);
  return { pos, routes, width: maxX - minX + 2 * PAD, height: rows.length * (H + GAP_Y) - GAP_Y + 2 * PAD };
}

function overflowed(l: LayerReport): boolean {
  return l.overflow?.some((p) => p.outOfRange > 0) ?? false;
}

/** The SVG of one layer box. */
function box(l: LayerReport, x: number, y: number): string {
  const { fill, stroke } = palette(l.kind);
  const bad = overflowed(l);
  const res = l.types.result?.name ?? 'float';
  const impl = l.reuseFactor !== null && (l.kind === 'dense' || l.kind === 'conv') ? ` · RF ${l.reuseFactor} · ${l.strategy}` : '';
  const title = `${l.name} (${l.layerClass}) ${l.detail}\nshape [${l.shape.join(', ')}]\n` + Object.entries(l.types).map(([k, t]) => `${k}: ${t.name}`).join('\n');
  return [
    `<a href="#${layerId(l.name)}" class="node" data-layer="${esc(l.name)}"><title>${esc(title)}</title>`,
    `<rect x="${x}" y="${y}" width="${W}" height="${H}" rx="8" fill="${fill}" stroke="${bad ? '#d0342c' : stroke}" stroke-width="${bad ? 2.5 : 1.2}"/>`,
    `<text x="${x + 10}" y="${y + 18}" class="n">${esc(clip(l.name, 24))}</text>`,
    `<text x="${x + W - 10}" y="${y + 18}" class="k" text-anchor="end" fill="${stroke}">${esc(l.layerClass || l.kind)}</text>`,
    `<text x="${x + 10}" y="${y + 36}" class="d">${esc(clip(`${l.detail} · [${l.shape.join('×')}]`, 40))}</text>`,
    `<text x="${x + 10}" y="${y + 53}" class="t">${esc(clip(res + impl, 42))}</text>`,
    bad ? `<text x="${x + W - 10}" y="${y + 53}" class="w" text-anchor="end">overflow</text>` : '',
    '</a>',
  ].join('');
}

/** One edge as a smooth path: out of the source box, through its waypoints, into the target box. */
function edgePath(points: ReadonlyArray<{ x: number; top: number; bottom: number }>): string {
  let d = `M${points[0]!.x},${points[0]!.bottom}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const my = (a.bottom + b.top) / 2;
    d += ` C${a.x},${my} ${b.x},${my} ${b.x},${b.top}`;
    if (i < points.length - 1) d += ` L${b.x},${b.bottom}`;
  }
  return d;
}

/** The whole diagram as an inline SVG element. */
export function diagramSvg(layers: readonly LayerReport[]): string {
  const { pos, routes, width, height } = layout(layers);
  const edges: string[] = [];
  for (const l of layers) {
    const to = pos.get(l.name)!;
    l.inputs.forEach((src, i) => {
      const from = pos.get(src);
      if (!from) return;
      const way = (routes.get(`${src}\u2192${l.name}#${i}`) ?? []).map((id) => pos.get(id)!);
      const spread = l.inputs.length > 1 ? (i - (l.inputs.length - 1) / 2) * 24 : 0;
      const points = [
        { x: from.x + W / 2, top: from.y, bottom: from.y + H },
        ...way.map((p) => ({ x: p.x + WAYPOINT / 2, top: p.y, bottom: p.y + H })),
        { x: to.x + W / 2 + spread, top: to.y - 2, bottom: to.y + H },
      ];
      edges.push(`<path d="${edgePath(points)}" class="e" marker-end="url(#arrow)"/>`);
    });
  }
  const boxes = layers.map((l) => box(l, pos.get(l.name)!.x, pos.get(l.name)!.y));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="network diagram">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#7d8797"/></marker></defs>',
    '<style>.n{font:600 13px system-ui,sans-serif;fill:#1d2433}.k{font:600 11px system-ui,sans-serif}.d{font:12px system-ui,sans-serif;fill:#3d4656}',
    '.t{font:12px ui-monospace,Menlo,monospace;fill:#3d4656}.w{font:700 11px system-ui,sans-serif;fill:#d0342c}.e{fill:none;stroke:#9aa3b2;stroke-width:1.5}',
    '.node:hover rect{filter:brightness(0.96);stroke-width:2}</style>',
    ...edges,
    ...boxes,
    '</svg>',
  ].join('\n');
}

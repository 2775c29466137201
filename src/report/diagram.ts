/**
 * The network as an SVG diagram: a layered top-to-bottom layout of the DAG (rank = longest path from an input,
 * order inside a rank by the mean position of a node's inputs), boxes showing each layer's kind, shape, result type,
 * reuse factor and strategy, and curved edges. Deterministic: the same report gives the same SVG bytes.
 */
import type { LayerReport } from './types.js';

const W = 260;
const H = 64;
const GAP_X = 28;
const GAP_Y = 34;
const PAD = 16;
/** Gap between columns and height of the lanes where edges wrap from one column to the next. */
const COL_GAP = 56;
const LANE = 22;

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

/** A placed item: its box and the column it sits in. */
interface Placed {
  x: number;
  y: number;
  readonly w: number;
  readonly col: number;
}

/** Edges that skip rows pass through one waypoint per skipped row, so that they route around the boxes. */
interface Layout {
  readonly pos: Map<string, Placed>;
  /** Waypoint ids of every edge, keyed `src→dst#i`. */
  readonly routes: Map<string, string[]>;
  /** Left x of every column; long graphs wrap into several columns read left to right. */
  readonly colX: readonly number[];
  /** y of the lane above / below the rows, where edges cross from one column to the next. */
  readonly laneTop: number;
  readonly laneBottom: number;
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

/** Rows per column: one column up to 14 rows, else columns of about 12 rows. */
function rowsPerColumn(rows: number): number {
  return rows <= 14 ? rows : Math.ceil(rows / Math.ceil(rows / 12));
}

/**
 * Place rows top to bottom (wrapping into columns for long graphs); inside a row, order items by the mean x of
 * their predecessors (barycenter heuristic).
 */
function layout(layers: readonly LayerReport[]): Layout {
  const { rows, routes } = rowsOf(layers);
  const cx = new Map<string, number>();
  const rel = new Map<string, { x: number; w: number; row: number }>();
  const rowWidth: number[] = [];
  rows.forEach((row, r) => {
    const key = (it: Item): number => (it.preds.length ? it.preds.reduce((a, p) => a + (cx.get(p) ?? 0), 0) / it.preds.length : 0);
    const sorted = row.map((it, i) => ({ it, k: key(it), i })).sort((a, b) => a.k - b.k || a.i - b.i);
    const total = sorted.reduce((a, { it }) => a + it.width, 0) + GAP_X * (sorted.length - 1);
    rowWidth[r] = total;
    let x = -total / 2;
    for (const { it } of sorted) {
      cx.set(it.id, x + it.width / 2);
      rel.set(it.id, { x, w: it.width, row: r });
      x += it.width + GAP_X;
    }
  });
  const per = rowsPerColumn(rows.length);
  const cols = Math.ceil(rows.length / per);
  const colWidth = Array.from({ length: cols }, (_, c) => Math.max(...rowWidth.slice(c * per, (c + 1) * per)));
  const colX: number[] = [];
  colWidth.reduce((x, w, c) => ((colX[c] = x), x + w + COL_GAP), PAD);
  const top = PAD + (cols > 1 ? LANE : 0);
  const pos = new Map<string, Placed>();
  for (const [id, p] of rel) {
    const col = Math.floor(p.row / per);
    pos.set(id, { x: colX[col]! + colWidth[col]! / 2 + p.x, y: top + (p.row % per) * (H + GAP_Y), w: p.w, col });
  }
  const bodyBottom = top + Math.min(per, rows.length) * (H + GAP_Y) - GAP_Y;
  const width = colX[cols - 1]! + colWidth[cols - 1]! + PAD;
  return { pos, routes, colX, laneTop: top - LANE / 2, laneBottom: bodyBottom + LANE / 2, width, height: bodyBottom + (cols > 1 ? LANE : 0) + PAD };
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
  // Widths in characters, from the fonts' average advance (13px bold ≈ 7.6px, 11px bold ≈ 6.6px per character).
  const cls = clip(l.layerClass || l.kind, 18);
  const nameRoom = Math.floor((W - 28 - cls.length * 6.6) / 7.6);
  const title = `${l.name} (${l.layerClass}) ${l.detail}\nshape [${l.shape.join(', ')}]\n` + Object.entries(l.types).map(([k, t]) => `${k}: ${t.name}`).join('\n');
  return [
    `<a href="#${layerId(l.name)}" class="node" data-layer="${esc(l.name)}"><title>${esc(title)}</title>`,
    `<rect x="${x}" y="${y}" width="${W}" height="${H}" rx="8" fill="${fill}" stroke="${bad ? '#d0342c' : stroke}" stroke-width="${bad ? 2.5 : 1.2}"/>`,
    `<text x="${x + 10}" y="${y + 18}" class="n">${esc(clip(l.name, nameRoom))}</text>`,
    `<text x="${x + W - 10}" y="${y + 18}" class="k" text-anchor="end" fill="${stroke}">${esc(cls)}</text>`,
    `<text x="${x + 10}" y="${y + 36}" class="d">${esc(clip(`${l.detail} · [${l.shape.join('×')}]`, bad ? 27 : 37))}</text>`,
    `<text x="${x + 10}" y="${y + 53}" class="t">${esc(clip(res + impl, 36))}</text>`,
    bad ? `<text x="${x + W - 10}" y="${y + 36}" class="w" text-anchor="end">overflow</text>` : '',
    '</a>',
  ].join('');
}

interface EdgePoint {
  readonly x: number;
  readonly top: number;
  readonly bottom: number;
  readonly col: number;
}

/**
 * One edge as a path: out of the source box, through its waypoints, into the target box; smooth curves inside a
 * column, and down to the bottom lane, across, and up to the top lane when it continues in the next column.
 */
function edgePath(points: readonly EdgePoint[], lay: Layout): string {
  let d = `M${points[0]!.x},${points[0]!.bottom}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.col === b.col) {
      const my = (a.bottom + b.top) / 2;
      d += ` C${a.x},${my} ${b.x},${my} ${b.x},${b.top}`;
    } else {
      const xm = lay.colX[b.col]! - COL_GAP / 2;
      d += ` L${a.x},${lay.laneBottom} L${xm},${lay.laneBottom} L${xm},${lay.laneTop} L${b.x},${lay.laneTop} L${b.x},${b.top}`;
    }
    if (i < points.length - 1) d += ` L${b.x},${b.bottom}`;
  }
  return d;
}

/** The whole diagram as an inline SVG element. */
export function diagramSvg(layers: readonly LayerReport[]): string {
  const lay = layout(layers);
  const { pos, routes, width, height } = lay;
  const edges: string[] = [];
  for (const l of layers) {
    const to = pos.get(l.name)!;
    l.inputs.forEach((src, i) => {
      const from = pos.get(src);
      if (!from) return;
      const way = (routes.get(`${src}\u2192${l.name}#${i}`) ?? []).map((id) => pos.get(id)!);
      const spread = l.inputs.length > 1 ? (i - (l.inputs.length - 1) / 2) * 24 : 0;
      const points: EdgePoint[] = [
        { x: from.x + W / 2, top: from.y, bottom: from.y + H, col: from.col },
        ...way.map((p) => ({ x: p.x + WAYPOINT / 2, top: p.y, bottom: p.y + H, col: p.col })),
        { x: to.x + W / 2 + spread, top: to.y - 2, bottom: to.y + H, col: to.col },
      ];
      edges.push(`<path d="${edgePath(points, lay)}" class="e" marker-end="url(#arrow)"/>`);
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

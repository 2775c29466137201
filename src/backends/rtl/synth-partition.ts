/**
 * Splits a flattened Yosys netlist (write_json after proc/flatten/opt) into independent parts that synthesize
 * separately and in parallel. Cells are grouped into the connected pieces of combinational logic between registers;
 * a register joins the logic that drives its data input, and memories and multipliers join the registers that feed
 * them (synth_xilinx packs those into BRAM/DSP ports). ABC maps only the logic between registers, so the parts map
 * as the whole would; consecutive runs of pieces in pipeline order make the parts.
 */

import { invariant } from '../../diagnostics/errors.js';

/** A signal bit in Yosys JSON: a net number or a constant. */
export type YosysBit = number | '0' | '1' | 'x' | 'z';

/** A cell in Yosys JSON. */
export interface YosysCell {
  readonly type: string;
  readonly port_directions?: Record<string, string>;
  readonly connections: Record<string, YosysBit[]>;
  readonly [key: string]: unknown;
}

/** A module in Yosys JSON. */
export interface YosysModule {
  readonly ports: Record<string, { direction: string; bits: YosysBit[] }>;
  readonly cells: Record<string, YosysCell>;
  readonly netnames?: Record<string, unknown>;
  readonly memories?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** Yosys JSON (the `modules` part). */
export interface YosysJson {
  readonly modules: Record<string, YosysModule>;
}

// registers: their data input starts a new stage; memories and multipliers absorb the registers feeding them
const REGISTER = /dff|dlatch|^\$_?ff_?$/i;
const ABSORBS = /^\$(mem|mul|macc)/;
const DATA_PORTS = new Set(['D', 'AD']);

function isInput(c: YosysCell, port: string): boolean {
  const d = c.port_directions?.[port];
  return d === undefined ? port !== 'Y' && port !== 'Q' && !port.startsWith('RD_DATA') : d === 'input';
}

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** Group every cell of `m` into a piece (index per cell, in Object.keys(m.cells) order). */
export function pieces(m: YosysModule): Int32Array {
  const cells = Object.values(m.cells);
  const driver = new Map<number, number>();
  cells.forEach((c, i) => {
    for (const [p, bits] of Object.entries(c.connections)) if (!isInput(c, p)) for (const b of bits) if (typeof b === 'number') driver.set(b, i);
  });
  const uf = new UnionFind(cells.length);
  cells.forEach((c, i) => {
    const reg = REGISTER.test(c.type);
    for (const [p, bits] of Object.entries(c.connections)) {
      if (!isInput(c, p) || (reg && !DATA_PORTS.has(p))) continue;
      for (const b of bits) {
        const d = typeof b === 'number' ? driver.get(b) : undefined;
        if (d === undefined) continue;
        if (!reg && REGISTER.test(cells[d]!.type) && !ABSORBS.test(c.type)) continue;
        uf.union(i, d);
      }
    }
  });
  return Int32Array.from(cells, (_, i) => uf.find(i));
}

function weight(c: YosysCell): number {
  return Object.values(c.connections).reduce((m, b) => m + b.length, 0);
}

/** Pieces in pipeline order: a piece comes after every piece it reads from (pieces on a loop keep their place). */
function pipelineOrder(m: YosysModule, piece: Int32Array): number[] {
  const cells = Object.values(m.cells);
  const driver = new Map<number, number>();
  cells.forEach((c, i) => {
    for (const [p, bits] of Object.entries(c.connections)) if (!isInput(c, p)) for (const b of bits) if (typeof b === 'number') driver.set(b, piece[i]!);
  });
  const succ = new Map<number, Set<number>>();
  const indeg = new Map<number, number>();
  for (const p of piece) indeg.set(p, 0);
  cells.forEach((c, i) => {
    for (const [p, bits] of Object.entries(c.connections)) {
      if (!isInput(c, p)) continue;
      for (const b of bits) {
        const d = typeof b === 'number' ? driver.get(b) : undefined;
        if (d === undefined || d === piece[i] || succ.get(d)?.has(piece[i]!)) continue;
        succ.set(d, (succ.get(d) ?? new Set()).add(piece[i]!));
        indeg.set(piece[i]!, indeg.get(piece[i]!)! + 1);
      }
    }
  });
  const order: number[] = [];
  const ready = [...indeg].filter(([, n]) => n === 0).map(([p]) => p);
  while (ready.length > 0) {
    const p = ready.shift()!;
    order.push(p);
    for (const q of succ.get(p) ?? []) if (indeg.set(q, indeg.get(q)! - 1).get(q) === 0) ready.push(q);
  }
  const seen = new Set(order);
  return [...order, ...[...indeg.keys()].filter((p) => !seen.has(p))];
}

/**
 * Assign pieces to `parts` bins as consecutive runs of pipeline order of about equal size, so that few signals
 * cross between parts (optimisation across a register between two parts, e.g. a constant bit, is lost).
 * Returns the bin of every cell.
 */
export function balance(m: YosysModule, parts: number): Int32Array {
  const cells = Object.values(m.cells);
  const piece = pieces(m);
  const sizes = new Map<number, number>();
  cells.forEach((c, i) => sizes.set(piece[i]!, (sizes.get(piece[i]!) ?? 0) + weight(c)));
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const bin = new Map<number, number>();
  let acc = 0;
  for (const p of pipelineOrder(m, piece)) {
    const w = sizes.get(p)!;
    // a piece goes to the bin its middle falls in
    bin.set(p, Math.min(parts - 1, Math.floor(((acc + w / 2) / total) * parts)));
    acc += w;
  }
  return Int32Array.from(cells, (_, i) => bin.get(piece[i]!)!);
}

/** One part: a module with input port `pi` (everything it reads from elsewhere) and output port `po`. */
function partModule(m: YosysModule, names: string[], bins: Int32Array, k: number): YosysModule {
  const mine = names.filter((_, i) => bins[i] === k);
  const driven = new Set<number>();
  const read = new Set<number>();
  for (const n of mine) {
    const c = m.cells[n]!;
    for (const [p, bits] of Object.entries(c.connections)) for (const b of bits) if (typeof b === 'number') (isInput(c, p) ? read : driven).add(b);
  }
  // bits this part drives that other parts or the module's outputs read
  const elsewhere = new Set<number>();
  names.forEach((n, i) => {
    if (bins[i] === k) return;
    const c = m.cells[n]!;
    for (const [p, bits] of Object.entries(c.connections)) if (isInput(c, p)) for (const b of bits) if (typeof b === 'number') elsewhere.add(b);
  });
  for (const port of Object.values(m.ports)) if (port.direction !== 'input') for (const b of port.bits) if (typeof b === 'number') elsewhere.add(b);
  const pi = [...read].filter((b) => !driven.has(b)).sort((a, b) => a - b);
  const po = [...driven].filter((b) => elsewhere.has(b)).sort((a, b) => a - b);
  const ports: YosysModule['ports'] = {};
  if (pi.length > 0) ports['pi'] = { direction: 'input', bits: pi };
  if (po.length > 0) ports['po'] = { direction: 'output', bits: po };
  return { attributes: {}, ports, cells: Object.fromEntries(mine.map((n) => [n, m.cells[n]!])), netnames: {} };
}

/** A part of a split design; `memories` when it holds memory cells (only those need synth_xilinx's memory mapping). */
export interface DesignPart {
  readonly name: string;
  readonly json: string;
  readonly cells: number;
  readonly memories: boolean;
}

/** Split module `top` of `design` into at most `parts` non-empty modules named `${top}_p${k}`. */
export function partitionDesign(design: YosysJson, top: string, parts: number): DesignPart[] {
  const m = design.modules[top];
  invariant(m !== undefined, `module ${top} is in the netlist`);
  // memories not collected into $mem cells would need their ports kept together: leave such a design whole
  if (Object.keys(m.memories ?? {}).length > 0) parts = 1;
  // $scopeinfo cells only name flattened instances: no logic, and a part of nothing but them would be a wasted run
  const all = balance(m, parts);
  const kept = Object.keys(m.cells).flatMap((n, i) => (m.cells[n]!.type === '$scopeinfo' ? [] : [i]));
  const names = kept.map((i) => Object.keys(m.cells)[i]!);
  const bins = Int32Array.from(kept, (i) => all[i]!);
  const out: DesignPart[] = [];
  for (let k = 0; k < parts; k++) {
    const pm = partModule(m, names, bins, k);
    const cells = Object.keys(pm.cells).length;
    if (cells === 0) continue;
    const name = `${top}_p${k}`;
    const memories = Object.values(pm.cells).some((c) => c.type.startsWith('$mem'));
    out.push({ name, json: JSON.stringify({ modules: { [name]: pm } }), cells, memories });
  }
  return out;
}

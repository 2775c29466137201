/**
 * Pipelining: assign each live netlist value a register stage so that no stage holds more than `levels` logic levels
 * (adders, comparators). Values used in later stages are carried by delay registers, so every path from input to
 * output crosses the same number of registers (latency balancing by construction).
 */
import { Netlist, type NetValue, type ValueId } from './netlist.js';

/** Stage of every live value, and the latency in cycles. */
export interface Schedule {
  /** Stage per value id (−1 for dead values and constants, which need no registers). */
  readonly stage: Int32Array;
  readonly live: Uint8Array;
  /** Values that are pure aliases (shift) resolve to this id. */
  readonly base: Int32Array;
  /** Largest number of cycles any value is delayed: stage of the outputs; latency = lastStage + 1. */
  readonly lastStage: number;
  readonly latency: number;
}

/** Follow shift aliases down to the value that holds the bits. */
function baseOf(nl: Netlist, id: ValueId): ValueId {
  let v: NetValue = nl.get(id);
  while (v.op.kind === 'shift') {
    id = v.op.a;
    v = nl.get(id);
  }
  return id;
}

/** Values reachable backwards from the outputs. */
export function liveValues(nl: Netlist): Uint8Array {
  const live = new Uint8Array(nl.values.length);
  const stack: ValueId[] = nl.outputs.flatMap((o) => o.elems);
  for (const i of nl.inputs.flatMap((p) => p.elems)) live[i] = 1;
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (live[id] && nl.get(id).op.kind !== 'input') continue;
    live[id] = 1;
    for (const o of Netlist.operands(nl.get(id).op)) if (!live[o]) stack.push(o);
  }
  return live;
}

/** ASAP schedule with at most `levels` logic levels per stage. */
export function schedule(nl: Netlist, levels: number): Schedule {
  const n = nl.values.length;
  const live = liveValues(nl);
  const stage = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const base = new Int32Array(n);
  let last = 0;
  for (let id = 0; id < n; id++) {
    base[id] = baseOf(nl, id);
    const v = nl.get(id);
    if (v.op.kind === 'const' || !live[id]) continue;
    if (v.op.kind === 'shift') {
      stage[id] = stage[base[id]!]!;
      depth[id] = depth[base[id]!]!;
      continue;
    }
    if (v.op.kind === 'pick') {
      // a folded layer's results are registered r + 1 stages after its inputs were sampled
      const f = nl.get(v.op.a).op;
      stage[id] = stage[v.op.a]! + (f.kind === 'fold' ? f.r : 0) + 1;
      depth[id] = 0;
      last = Math.max(last, stage[id]!);
      continue;
    }
    const ins = Netlist.operands(v.op).filter((o) => stage[o]! >= 0);
    let t = ins.reduce((m, o) => Math.max(m, stage[o]!), 0);
    let d = ins.reduce((m, o) => (stage[o] === t ? Math.max(m, depth[o]!) : m), 0);
    const cost = v.level - Netlist.operands(v.op).reduce((m, o) => Math.max(m, nl.get(o).level), 0);
    if (d > 0 && d + cost > levels) {
      t++;
      d = 0;
    }
    stage[id] = t;
    depth[id] = d + cost;
    last = Math.max(last, t);
  }
  for (const o of nl.outputs) for (const e of o.elems) last = Math.max(last, stage[e]!);
  return { stage, live, base, lastStage: last, latency: last + 1 };
}

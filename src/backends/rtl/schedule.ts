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

/**
 * Schedule with at most `levels` logic levels per stage: as soon as possible, or, when it needs fewer register bits
 * at the same latency, as late as possible (values then wait as their operands, which are often narrower and shared
 * by many consumers, instead of as wide partial sums).
 */
export function schedule(nl: Netlist, levels: number): Schedule {
  const asap = scheduleAsap(nl, levels);
  const alap = scheduleAlap(nl, levels, asap);
  return alap !== null && registerBits(nl, alap) < registerBits(nl, asap) ? alap : asap;
}

/** Logic levels of a value's own op (its level minus its deepest operand's). */
function ownCost(nl: Netlist, id: ValueId): number {
  const v = nl.get(id);
  return v.level - Netlist.operands(v.op).reduce((m, o) => Math.max(m, nl.get(o).level), 0);
}

/**
 * ALAP at the ASAP latency: every value in the latest stage its consumers allow, with `tail` the logic levels after
 * it within its stage. Null when the netlist has folded layers (fixed timing) or a value would fall before stage 0.
 */
function scheduleAlap(nl: Netlist, levels: number, asap: Schedule): Schedule | null {
  const n = nl.values.length;
  const { live, base } = asap;
  const stage = new Int32Array(n).fill(-1);
  const tail = new Int32Array(n);
  const late = new Int32Array(n).fill(asap.lastStage + 1);
  for (const o of nl.outputs) for (const e of o.elems) late[e] = Math.min(late[e]!, asap.lastStage);
  for (let id = n - 1; id >= 0; id--) {
    const v = nl.get(id);
    if (v.op.kind === 'fold' || v.op.kind === 'pick') return null;
    if (!live[id] || v.op.kind === 'const') continue;
    let t = late[id]!;
    if (t > asap.lastStage) t = asap.lastStage;
    const need = (t === late[id]! ? tail[id]! : 0) + (v.op.kind === 'shift' ? 0 : ownCost(nl, id));
    let after = need;
    if (v.op.kind !== 'input' && need > levels) {
      t--;
      after = ownCost(nl, id);
    }
    if (v.op.kind === 'input') t = 0;
    else if (t < 0) return null;
    stage[id] = t;
    for (const o of Netlist.operands(v.op)) {
      if (t < late[o]!) [late[o], tail[o]] = [t, after];
      else if (t === late[o]!) tail[o] = Math.max(tail[o]!, after);
    }
  }
  // aliases (shifts) take the stage of the value that holds their bits
  for (let id = 0; id < n; id++) if (live[id] && nl.get(id).op.kind === 'shift') stage[id] = stage[base[id]!]!;
  return { stage, live, base, lastStage: asap.lastStage, latency: asap.latency };
}

/** Register bits a schedule needs: each value's width times the largest delay any consumer (or the output) needs. */
export function registerBits(nl: Netlist, s: Schedule): number {
  const delay = new Int32Array(nl.values.length);
  const use = (o: ValueId, t: number): void => {
    const b = s.base[o]!;
    if (nl.get(b).op.kind !== 'const') delay[b] = Math.max(delay[b]!, t - s.stage[b]!);
  };
  nl.values.forEach((v, id) => {
    if (s.live[id] && v.op.kind !== 'shift' && v.op.kind !== 'const') for (const o of Netlist.operands(v.op)) use(o, s.stage[id]!);
  });
  for (const o of nl.outputs) for (const e of o.elems) use(e, s.lastStage);
  return delay.reduce((m, d, b) => m + d * nl.get(b).width, 0);
}

/** ASAP schedule with at most `levels` logic levels per stage. */
function scheduleAsap(nl: Netlist, levels: number): Schedule {
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

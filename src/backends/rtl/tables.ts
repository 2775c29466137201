/**
 * Table activations (ROMs with the emulator's index rules) and the table softmax for the Verilog backend.
 * The tables themselves come from the emulator (one definition of every entry); the index arithmetic is expressed with
 * netlist conversions: trunc-toward-zero scaling is an AP_TRN_ZERO conversion, clamping an AP_SAT one, and "the top
 * bits of a raw pattern" a TRN/WRAP conversion to an unsigned type.
 */
import type { FixedType } from '../../ir/fixed-type.js';
import { fracBits } from '../../ir/fixed-type.js';
import type { Node } from '../../ir/graph.js';
import type { ActivationOp } from '../../ir/ops.js';
import { fail } from '../../diagnostics/errors.js';
import { DEFAULT_TABLE_T, exactConst, paramConst, type ExactConst } from '../../emulator/activations.js';
import { newOverflowCounts, quantizeNum } from '../../emulator/arith.js';
import { constMul } from './lower.js';
import { expTable, invTable, inpNormType, legacyExpTable, legacyInvTable, DEFAULT_SOFTMAX_TABLE_T } from '../../emulator/softmax.js';
import { quantizeToRaw } from '../../fixed/index.js';
import { lookupTable, type TableFn } from '../../emulator/tables.js';
import type { Netlist, ValueId } from './netlist.js';

function notYet(node: Node, what: string): never {
  fail('E702', { node: node.name, op: node.op.kind, what }, { node: node.name, opType: node.source.opType });
}

function log2Of(n: number, node: Node): number {
  const b = Math.round(Math.log2(n));
  if (2 ** b !== n) notYet(node, `a table size of ${n} (not a power of two)`);
  return b;
}

/** An integer type (frac 0) with the given rounding/overflow. */
function intType(width: number, signed: boolean, rounding: FixedType['rounding'], overflow: FixedType['overflow']): FixedType {
  return { width, integer: width, signed, rounding, overflow, satBits: 0 };
}

/** The raw pattern's top `bits` bits of value `v` of type `t`, as an unsigned integer value (table index). */
export function topBits(nl: Netlist, v: ValueId, t: FixedType, bits: number): ValueId {
  const f = fracBits(t) - (t.width - bits);
  return nl.cast(v, { width: bits, integer: bits - f, signed: false, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 });
}

/** Lookup-table activations: index = clamp(trunc(x·N/range) + N/2, 0, N−1), entry converted to result_t. */
export function lowerTableActivation(nl: Netlist, node: Node, x: ValueId[]): ValueId[] {
  const op = node.op as ActivationOp;
  const fn = op.fn;
  if (fn === 'elu' || fn === 'selu') return lowerEluTable(nl, node, fn, x);
  if (fn !== 'sigmoid' && fn !== 'tanh' && fn !== 'softplus' && fn !== 'softsign') notYet(node, `activation ${fn}`);
  const n = node.config?.tableSize ?? 1024;
  const bits = log2Of(n, node);
  const tt = node.types?.table ?? DEFAULT_TABLE_T;
  const t = node.types?.result;
  if (t === undefined) fail('E701', { node: node.name }, { node: node.name });
  const tab = Array.from(lookupTable(fn as TableFn, n, tt), (r) => BigInt(r));
  const range = fn === 'tanh' ? 3 : 4; // x·N/8 or x·N/16
  return x.map((v) => {
    const w = nl.get(v).width + bits + 2;
    const q = nl.cast(nl.shift(v, bits - range), intType(w, true, 'AP_TRN_ZERO', 'AP_WRAP'));
    const idx = nl.cast(nl.add(q, nl.constant(BigInt(n / 2), 0)), intType(bits, false, 'AP_TRN', 'AP_SAT'));
    return nl.cast(nl.rom(idx, tab, fracBits(tt)), t);
  });
}

/**
 * ELU / SELU as the emulator defines them: x ≥ 0 → (t)x (ELU) or (t)(x·scale) (SELU); x < 0 → the table entry at
 * index clamp(trunc(x·N/−8), 0, N−1), times alpha (ELU) or as is (SELU). hls4ml converts the SELU scale and the ELU
 * alpha to result_t before multiplying.
 */
function lowerEluTable(nl: Netlist, node: Node, fn: 'elu' | 'selu', x: ValueId[]): ValueId[] {
  const n = node.config?.tableSize ?? 1024;
  const bits = log2Of(n, node);
  const tt = node.types?.table ?? DEFAULT_TABLE_T;
  const t = node.types?.result;
  if (t === undefined) fail('E701', { node: node.name }, { node: node.name });
  const tab = Array.from(lookupTable(fn, n, tt), (r) => BigInt(r));
  const asResult = (c: number): ExactConst => exactConst(quantizeNum(c, t, newOverflowCounts()) * 2 ** -fracBits(t));
  const scale = asResult(1.0507009873554804934193349852946);
  // the ELU alpha arrives as param_t (hls4ml's parametrized activations)
  const alpha = paramConst(node, fn === 'elu' ? ((node.op as ActivationOp).alpha ?? 1) : 1, t);
  const zero = nl.constant(0n, 0);
  return x.map((v) => {
    // x < 0: −x·N/8 ≥ 0, so truncation toward zero is the floor; past the table's end clamps to its last entry
    const w = nl.get(v).width + bits + 2;
    const q = nl.cast(nl.shift(nl.neg(v), bits - 3), intType(w, true, 'AP_TRN_ZERO', 'AP_WRAP'));
    const e = nl.rom(nl.cast(q, intType(bits, false, 'AP_TRN', 'AP_SAT')), tab, fracBits(tt));
    const below = fn === 'elu' ? constMul(nl, e, BigInt(alpha.m), alpha.k) : e;
    const above = fn === 'selu' ? constMul(nl, v, BigInt(scale.m), scale.k) : v;
    return nl.mux(nl.gt(zero, v), nl.cast(below, t), nl.cast(above, t));
  });
}

/** Sum as hls4ml's softmax reduce does (left part 2^floor(log2(n−1)) elements), every partial sum in accum_t. */
function treeSum(nl: Netlist, v: ValueId[], accum: FixedType): ValueId {
  if (v.length === 1) return v[0]!;
  const left = v.length === 2 ? 1 : 2 ** Math.floor(Math.log2(v.length - 1));
  return nl.cast(nl.add(treeSum(nl, v.slice(0, left), accum), treeSum(nl, v.slice(left), accum)), accum);
}

/** Softmax, `stable` (max subtracted) or `latency`, with the emulator's exp and inverse tables. */
export function lowerSoftmax(nl: Netlist, node: Node, x: ValueId[], xt: FixedType): ValueId[] {
  const impl = node.config?.softmaxImpl ?? 'stable';
  if (impl === 'argmax') return lowerArgmax(nl, node, x);
  if (impl === 'legacy') return lowerLegacySoftmax(nl, node, x);
  if (impl !== 'stable' && impl !== 'latency') notYet(node, `softmax implementation ${impl}`);
  const result = node.types?.result;
  if (result === undefined) fail('E701', { node: node.name }, { node: node.name });
  const accum = node.types?.accum ?? xt;
  const expT = node.types?.expTable ?? DEFAULT_SOFTMAX_TABLE_T;
  const invT = node.types?.invTable ?? DEFAULT_SOFTMAX_TABLE_T;
  const invInp = node.types?.invInp ?? DEFAULT_SOFTMAX_TABLE_T;
  const size = node.config?.tableSize ?? 1024;
  const stable = impl === 'stable';
  const normT = stable ? inpNormType(xt) : xt;
  const expBits = log2Of(Math.min(size, 2 ** normT.width), node);
  const invBits = log2Of(size, node);
  const expTab = Array.from(expTable(normT, expBits, expT, stable), (r) => BigInt(r));
  const invTab = Array.from(invTable(invInp, invBits, invT), (r) => BigInt(r));
  let d = x;
  if (stable) {
    let m = x[0]!;
    for (const v of x.slice(1)) m = nl.minmax('max', m, v);
    d = x.map((v) => nl.cast(nl.add(m, v, true), normT));
  }
  const e = d.map((v) => nl.cast(nl.rom(topBits(nl, v, normT, expBits), expTab, fracBits(expT)), accum));
  const si = nl.cast(treeSum(nl, e, accum), invInp);
  const inv = nl.rom(topBits(nl, si, invInp, invBits), invTab, fracBits(invT));
  return e.map((v) => nl.cast(nl.mul(v, inv), result));
}

/** clamp(trunc(v·2^k) + offset, 0, 2^bits − 1) as netlist conversions (trunc toward zero, then saturation). */
function clampedIndex(nl: Netlist, v: ValueId, k: number, offset: number, bits: number): ValueId {
  const q = nl.cast(nl.shift(v, k), intType(nl.get(v).width + Math.max(k, 0) + 2, true, 'AP_TRN_ZERO', 'AP_WRAP'));
  const o = offset === 0 ? q : nl.add(q, nl.constant(BigInt(offset), 0));
  return nl.cast(o, intType(bits, false, 'AP_TRN', 'AP_SAT'));
}

/**
 * Softmax `legacy` as the emulator defines it: out_i = inv[trunc(s_i·N/64)] with s_i = Σ_j (in order, each partial sum
 * in table_t) of 1 for j = i, else exp[trunc((x_j − x_i)·N/16) + N/2] (indices clamped to the table).
 */
function lowerLegacySoftmax(nl: Netlist, node: Node, x: ValueId[]): ValueId[] {
  const result = node.types?.result;
  if (result === undefined) fail('E701', { node: node.name }, { node: node.name });
  const n = node.config?.tableSize ?? 1024;
  const bits = log2Of(n, node);
  const tt = node.types?.table ?? DEFAULT_TABLE_T;
  const ft = fracBits(tt);
  const expTab = Array.from(legacyExpTable(n, tt), (r) => BigInt(r));
  const invTab = Array.from(legacyInvTable(n, tt), (r) => BigInt(r));
  const one = nl.constant(quantizeToRaw(1, tt), ft);
  return x.map((xi, i) => {
    let s = nl.constant(0n, ft);
    x.forEach((xj, j) => {
      const term = i === j ? one : nl.rom(clampedIndex(nl, nl.add(xj, xi, true), bits - 4, n / 2, bits), expTab, ft);
      s = nl.cast(nl.add(s, term), tt);
    });
    return nl.cast(nl.rom(clampedIndex(nl, s, bits - 6, 0, bits), invTab, ft), result);
  });
}

/** Softmax `argmax`: one-hot at the first maximum (x_i > every earlier x_j and ≥ every later one). */
function lowerArgmax(nl: Netlist, node: Node, x: ValueId[]): ValueId[] {
  const result = node.types?.result;
  if (result === undefined) fail('E701', { node: node.name }, { node: node.name });
  const one = nl.constant(1n, 0);
  const zero = nl.constant(0n, 0);
  return x.map((xi, i) => {
    // an AND of 0/1 conditions is their minimum; "not (x_j > x_i)" is 1 − gt
    let all = one;
    x.forEach((xj, j) => {
      if (j === i) return;
      const c = j < i ? nl.gt(xi, xj) : nl.add(one, nl.gt(xj, xi), true);
      all = nl.minmax('min', all, c);
    });
    return nl.cast(nl.mux(all, one, zero), result);
  });
}

/**
 * The RTL netlist IR: an SSA list of shift-add, conversion, compare and table ops. Every value is an integer `raw`
 * scaled by 2^-frac and carries the exact integer interval [lo, hi] of raw; its Verilog width is derived from that
 * interval (two's complement, always signed inside the datapath). The builder computes intervals as ops are added,
 * so widths are minimal by construction.
 */
import type { FixedType } from '../../ir/fixed-type.js';
import { fracBits } from '../../ir/fixed-type.js';
import { InternalError } from '../../diagnostics/errors.js';
import { castRaw } from '../../fixed/index.js';
import { LinearForms } from './linear.js';

/** Index of a value in the netlist. */
export type ValueId = number;

/** One SSA operation. Operands of add/max/min are aligned to the larger frac before combining. */
export type NetOp =
  | { readonly kind: 'input'; readonly port: number; readonly elem: number; readonly type: FixedType }
  | { readonly kind: 'const'; readonly value: bigint }
  /** Same raw bits, frac decreased by `shift`: multiplies the value by 2^shift at no cost. */
  | { readonly kind: 'shift'; readonly a: ValueId; readonly shift: number }
  | { readonly kind: 'add'; readonly a: ValueId; readonly b: ValueId; readonly subtract: boolean }
  | { readonly kind: 'neg'; readonly a: ValueId }
  /** An hls4ml conversion to `to` (rounding, then overflow), as in fixed/; `overflows` false when intervals prove it in range. */
  | { readonly kind: 'cast'; readonly a: ValueId; readonly to: FixedType; readonly overflows: boolean }
  | { readonly kind: 'relu'; readonly a: ValueId }
  | { readonly kind: 'max'; readonly a: ValueId; readonly b: ValueId }
  | { readonly kind: 'min'; readonly a: ValueId; readonly b: ValueId }
  /** Exact product of two values (a DSP or a variable multiplier). */
  | { readonly kind: 'mul'; readonly a: ValueId; readonly b: ValueId }
  /** Table lookup: result = table[index], index = raw of a (an integer value within [0, table.length)). */
  | { readonly kind: 'rom'; readonly a: ValueId; readonly table: readonly bigint[] }
  /** 1 when a > b (aligned), else 0. */
  | { readonly kind: 'gt'; readonly a: ValueId; readonly b: ValueId }
  /**
   * A folded dense layer (reuse factor r > 1) with hls4ml's arithmetic: acc_j = (accum)bias_j, then in input order
   * acc_j = (accum)(acc_j + (accum)p_ij) with p_ij = x_i·w_ij (raw at frac pFrac); with `po2`, w_ij = 2^(e_ij − emin)
   * and p_ij = ±(rT)(x_i·w_ij), negated in rT where `neg`. One result every r cycles, r + 1 stages after its inputs.
   * Its outputs are read with `pick`.
   */
  | {
      readonly kind: 'fold';
      readonly x: readonly ValueId[];
      readonly xFrac: number;
      readonly r: number;
      readonly w: readonly (readonly bigint[])[];
      readonly bias: readonly bigint[];
      readonly accum: FixedType;
      readonly pFrac: number;
      readonly po2: { readonly rT: FixedType; readonly neg: readonly (readonly boolean[])[] } | null;
    }
  | { readonly kind: 'pick'; readonly a: ValueId; readonly index: number }
  /** sel (a 0/1 value) ? a : b. */
  | { readonly kind: 'mux'; readonly sel: ValueId; readonly a: ValueId; readonly b: ValueId };

/** A value: the op that makes it, its scale and exact raw interval. */
export interface NetValue {
  readonly op: NetOp;
  readonly frac: number;
  readonly lo: bigint;
  readonly hi: bigint;
  readonly width: number;
  /** Logic levels from the inputs (adders and comparators count 1, wiring 0): drives pipelining. */
  readonly level: number;
}

/** Logic levels an op adds on top of its operands. */
function opCost(op: NetOp, inFrac: number): number {
  switch (op.kind) {
    case 'input':
    case 'const':
    case 'shift':
      return 0;
    case 'cast': {
      // truncation and wrap are bit selection; rounding needs an incrementer, saturation a compare and mux
      const rounds = inFrac > fracBits(op.to) && op.to.rounding !== 'AP_TRN';
      const sat = op.overflows && op.to.overflow !== 'AP_WRAP';
      return (rounds ? 1 : 0) + (sat ? 1 : 0);
    }
    case 'mul':
      return 3;
    case 'fold':
    case 'pick':
      return 0;
    default:
      return 1;
  }
}

/** Two's complement width that holds every integer of [lo, hi] (at least 1). */
export function signedWidth(lo: bigint, hi: bigint): number {
  let w = 1;
  while (lo < -(1n << BigInt(w - 1)) || hi > (1n << BigInt(w - 1)) - 1n) w++;
  return w;
}

/** Raw range of a fixed type. */
export function typeRange(t: FixedType): [bigint, bigint] {
  if (t.signed) return [-(1n << BigInt(t.width - 1)), (1n << BigInt(t.width - 1)) - 1n];
  return [0n, (1n << BigInt(t.width)) - 1n];
}

function pow2(n: number): bigint {
  if (n < 0) throw new InternalError(`negative shift ${n}`);
  return 1n << BigInt(n);
}
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}
function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

/** A netlist under construction; values are appended in topological order. */
export class Netlist {
  readonly values: NetValue[] = [];
  /** Output ports: per port, the element values (already converted to the port type). */
  readonly outputs: { name: string; type: FixedType; elems: ValueId[] }[] = [];
  /** Input ports: per port, its type and element values. */
  readonly inputs: { name: string; type: FixedType; elems: ValueId[] }[] = [];
  private readonly constCache = new Map<string, ValueId>();
  private readonly linear = new LinearForms((id) => this.get(id));

  /** The value record of an id. */
  get(id: ValueId): NetValue {
    const v = this.values[id];
    if (v === undefined) throw new InternalError(`netlist value ${id} does not exist`);
    return v;
  }

  private push(op: NetOp, frac: number, lo: bigint, hi: bigint): ValueId {
    const ins = Netlist.operands(op);
    const base = ins.reduce((m, i) => Math.max(m, this.get(i).level), 0);
    const level = base + opCost(op, ins.length > 0 ? this.get(ins[0]!).frac : 0);
    this.values.push({ op, frac, lo, hi, width: signedWidth(lo, hi), level });
    return this.values.length - 1;
  }

  /** Add an input port of `n` elements of type `type`. */
  addInput(name: string, type: FixedType, n: number): ValueId[] {
    const port = this.inputs.length;
    const [lo, hi] = typeRange(type);
    const elems = Array.from({ length: n }, (_, elem) => this.push({ kind: 'input', port, elem, type }, fracBits(type), lo, hi));
    this.inputs.push({ name, type, elems });
    return elems;
  }

  /** Declare an output port (values must already be of `type`). */
  addOutput(name: string, type: FixedType, elems: ValueId[]): void {
    this.outputs.push({ name, type, elems });
  }

  /** An integer constant raw at `frac`. */
  constant(value: bigint, frac: number): ValueId {
    const key = `${value}@${frac}`;
    const hit = this.constCache.get(key);
    if (hit !== undefined) return hit;
    const id = this.push({ kind: 'const', value }, frac, value, value);
    this.constCache.set(key, id);
    return id;
  }

  /** a · 2^shift (free wiring). */
  shift(a: ValueId, shift: number): ValueId {
    if (shift === 0) return a;
    const v = this.get(a);
    return this.push({ kind: 'shift', a, shift }, v.frac - shift, v.lo, v.hi);
  }

  /** Raw interval of `id` rescaled to `frac` (frac ≥ its own). */
  aligned(id: ValueId, frac: number): [bigint, bigint] {
    const v = this.get(id);
    const k = pow2(frac - v.frac);
    return [v.lo * k, v.hi * k];
  }

  /** a + b or a − b, exact. */
  add(a: ValueId, b: ValueId, subtract = false): ValueId {
    const f = Math.max(this.get(a).frac, this.get(b).frac);
    const [alo, ahi] = this.aligned(a, f);
    const [blo, bhi] = this.aligned(b, f);
    let lo = subtract ? alo - bhi : alo + blo;
    let hi = subtract ? ahi - blo : ahi + bhi;
    // the linear form over the atoms knows when a and b share inputs (x − 4x is −3x, not the range of 5x)
    const form = this.linear.sum(a, b, subtract, f);
    if (form !== null) {
      const [flo, fhi] = this.linear.range(form);
      if (flo > lo) lo = flo;
      if (fhi < hi) hi = fhi;
    }
    const id = this.push({ kind: 'add', a, b, subtract }, f, lo, hi);
    if (form !== null) this.linear.set(id, form);
    return id;
  }

  /** −a, exact. */
  neg(a: ValueId): ValueId {
    const v = this.get(a);
    const id = this.push({ kind: 'neg', a }, v.frac, -v.hi, -v.lo);
    this.linear.set(id, this.linear.negate(a));
    return id;
  }

  /** Interval of raw after the rounding step of a conversion to frac `to` (rounding is monotone: bounds map to bounds). */
  private roundedRange(id: ValueId, to: FixedType): [bigint, bigint] {
    const v = this.get(id);
    const d = v.frac - fracBits(to);
    if (d <= 0) return [v.lo * pow2(-d), v.hi * pow2(-d)];
    // any rounding mode lands between floor and ceil of the exact quotient
    return [floorDiv(v.lo, pow2(d)), ceilDiv(v.hi, pow2(d))];
  }

  /** Whether converting `id` to `to` changes nothing but the scale (no rounding, no overflow). */
  isExact(id: ValueId, to: FixedType): boolean {
    const v = this.get(id);
    const [tlo, thi] = typeRange(to);
    const [lo, hi] = this.roundedRange(id, to);
    return v.frac <= fracBits(to) && lo >= tlo && hi <= thi;
  }

  /** hls4ml conversion of `a` to type `to`; skipped entirely (an aligning shift) when it is exact. */
  cast(a: ValueId, to: FixedType): ValueId {
    const f = fracBits(to);
    // an exact conversion keeps the value (at its own, smaller frac); consumers align
    if (this.isExact(a, to)) return a;
    const v = this.get(a);
    if (v.op.kind === 'const') return this.constant(castRaw(v.op.value, v.frac, to), f);
    const [tlo, thi] = typeRange(to);
    const [lo, hi] = this.roundedRange(a, to);
    const overflows = lo < tlo || hi > thi;
    if (!overflows) return this.push({ kind: 'cast', a, to, overflows }, f, lo, hi);
    const sym = to.overflow === 'AP_SAT_SYM' && to.signed;
    const satLo = sym ? -thi : tlo;
    switch (to.overflow) {
      case 'AP_SAT':
      case 'AP_SAT_SYM':
      case 'AP_SAT_ZERO':
        return this.push({ kind: 'cast', a, to, overflows }, f, lo < satLo ? satLo : lo, hi > thi ? thi : hi);
      default:
        return this.push({ kind: 'cast', a, to, overflows }, f, tlo, thi);
    }
  }

  /** max(a, 0). */
  relu(a: ValueId): ValueId {
    const v = this.get(a);
    return this.push({ kind: 'relu', a }, v.frac, v.lo > 0n ? v.lo : 0n, v.hi > 0n ? v.hi : 0n);
  }

  /** max or min of two values, aligned. */
  minmax(kind: 'max' | 'min', a: ValueId, b: ValueId): ValueId {
    const f = Math.max(this.get(a).frac, this.get(b).frac);
    const [alo, ahi] = this.aligned(a, f);
    const [blo, bhi] = this.aligned(b, f);
    const pick = kind === 'max' ? (x: bigint, y: bigint) => (x > y ? x : y) : (x: bigint, y: bigint) => (x < y ? x : y);
    return this.push({ kind, a, b }, f, pick(alo, blo), pick(ahi, bhi));
  }

  /** Exact product. */
  mul(a: ValueId, b: ValueId): ValueId {
    const va = this.get(a);
    const vb = this.get(b);
    const c = [va.lo * vb.lo, va.lo * vb.hi, va.hi * vb.lo, va.hi * vb.hi];
    const lo = c.reduce((x, y) => (y < x ? y : x));
    const hi = c.reduce((x, y) => (y > x ? y : x));
    return this.push({ kind: 'mul', a, b }, va.frac + vb.frac, lo, hi);
  }

  /** Table lookup with raw entries at `frac`; index is the raw integer of `a`. */
  rom(a: ValueId, table: readonly bigint[], frac: number): ValueId {
    const lo = table.reduce((x, y) => (y < x ? y : x), table[0] ?? 0n);
    const hi = table.reduce((x, y) => (y > x ? y : x), table[0] ?? 0n);
    return this.push({ kind: 'rom', a, table }, frac, lo, hi);
  }

  /** 1 when a > b, else 0. */
  gt(a: ValueId, b: ValueId): ValueId {
    return this.push({ kind: 'gt', a, b }, 0, 0n, 1n);
  }

  /** A folded dense layer (see the `fold` op); returns its output values (raw accum_t integers). */
  fold(f: Omit<Extract<NetOp, { kind: 'fold' }>, 'kind'>): ValueId[] {
    const id = this.push({ kind: 'fold', ...f }, 0, 0n, 0n);
    const [lo, hi] = typeRange(f.accum);
    return f.bias.map((_, index) => this.push({ kind: 'pick', a: id, index }, fracBits(f.accum), lo, hi));
  }

  /** sel ? a : b, aligned. */
  mux(sel: ValueId, a: ValueId, b: ValueId): ValueId {
    const f = Math.max(this.get(a).frac, this.get(b).frac);
    const [alo, ahi] = this.aligned(a, f);
    const [blo, bhi] = this.aligned(b, f);
    return this.push({ kind: 'mux', sel, a, b }, f, alo < blo ? alo : blo, ahi > bhi ? ahi : bhi);
  }

  /** Operand ids of an op, in order. */
  static operands(op: NetOp): ValueId[] {
    switch (op.kind) {
      case 'input':
      case 'const':
        return [];
      case 'shift':
      case 'neg':
      case 'cast':
      case 'relu':
      case 'rom':
        return [op.a];
      case 'add':
      case 'max':
      case 'min':
      case 'mul':
      case 'gt':
        return [op.a, op.b];
      case 'mux':
        return [op.sel, op.a, op.b];
      case 'fold':
        return [...op.x];
      case 'pick':
        return [op.a];
    }
  }
}

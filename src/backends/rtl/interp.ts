/**
 * Reference interpreter of the netlist: evaluates every value on raw integers, conversions through fixed/ (the one
 * definition of ap_fixed arithmetic). Tests compare it with the emulator, and the Verilog with it.
 */
import { castRaw } from '../../fixed/index.js';
import { assertNever, InternalError } from '../../diagnostics/errors.js';
import type { Netlist, NetOp } from './netlist.js';

/** Raw outputs (per output port, per element) for one sample of raw inputs (per input port, per element). */
export function evalNetlist(nl: Netlist, inputs: readonly (readonly bigint[])[]): bigint[][] {
  const val: bigint[] = new Array<bigint>(nl.values.length);
  const at = (id: number, f: number): bigint => val[id]! << BigInt(f - nl.get(id).frac);
  const folds = new Map<number, bigint[]>();
  nl.values.forEach((v, id) => {
    const op = v.op;
    switch (op.kind) {
      case 'input':
        val[id] = inputs[op.port]![op.elem]!;
        break;
      case 'const':
        val[id] = op.value;
        break;
      case 'shift':
        val[id] = val[op.a]!;
        break;
      case 'add':
        val[id] = op.subtract ? at(op.a, v.frac) - at(op.b, v.frac) : at(op.a, v.frac) + at(op.b, v.frac);
        break;
      case 'neg':
        val[id] = -val[op.a]!;
        break;
      case 'cast':
        val[id] = castRaw(val[op.a]!, nl.get(op.a).frac, op.to);
        break;
      case 'relu':
        val[id] = val[op.a]! > 0n ? val[op.a]! : 0n;
        break;
      case 'max':
      case 'min': {
        const a = at(op.a, v.frac);
        const b = at(op.b, v.frac);
        val[id] = (op.kind === 'max' ? a >= b : a <= b) ? a : b;
        break;
      }
      case 'gt': {
        const f = Math.max(nl.get(op.a).frac, nl.get(op.b).frac);
        val[id] = at(op.a, f) > at(op.b, f) ? 1n : 0n;
        break;
      }
      case 'mul':
        val[id] = val[op.a]! * val[op.b]!;
        break;
      case 'rom':
        val[id] = op.table[Number(val[op.a]!)] ?? 0n;
        break;
      case 'fold':
        val[id] = 0n;
        folds.set(id, evalFold(op, (i) => at(i, op.xFrac)));
        break;
      case 'pick':
        val[id] = folds.get(op.a)![op.index]!;
        break;
      case 'mux':
        val[id] = val[op.sel]! !== 0n ? at(op.a, v.frac) : at(op.b, v.frac);
        break;
      default:
        assertNever(op, 'netlist op');
    }
    if (val[id]! < v.lo || val[id]! > v.hi) throw new InternalError(`netlist value ${id} (${op.kind}) = ${val[id]} outside its interval [${v.lo}, ${v.hi}]`);
  });
  return nl.outputs.map((o) => o.elems.map((e) => {
    const f = o.type.width - o.type.integer;
    return at(e, f);
  }));
}

/** The folded dense layer's accumulators: hls4ml's conversions of every product and every partial sum, in input order. */
function evalFold(op: Extract<NetOp, { kind: 'fold' }>, x: (id: number) => bigint): bigint[] {
  const xs = op.x.map(x);
  const fa = op.accum.width - op.accum.integer;
  const rT = op.po2?.rT;
  const fr = rT === undefined ? 0 : rT.width - rT.integer;
  return op.bias.map((b, j) => {
    let acc = b;
    xs.forEach((xi, i) => {
      let p: bigint;
      if (rT === undefined) p = castRaw(xi * op.w[i]![j]!, op.pFrac, op.accum);
      else {
        let y = castRaw(xi * op.w[i]![j]!, op.pFrac, rT);
        if (op.po2!.neg[i]![j]!) y = castRaw(-y, fr, rT);
        p = castRaw(y, fr, op.accum);
      }
      acc = castRaw(acc + p, fa, op.accum);
    });
    return acc;
  });
}

/**
 * Exact value ranges of sums: every add/sub/neg value is kept as a linear form c0 + Σ c_k·raw_k over "atoms" (inputs,
 * conversions, anything that is not a shift-add). Interval arithmetic treats the operands of an add as independent,
 * so x − 4x gets the range of 5x; the form knows it is −3x. A CSD product x·(4 − 1) and every partial sum holding
 * several digits of one weight get their true range, and so minimal widths.
 */
import type { NetValue, ValueId } from './netlist.js';

/** raw(value) = c0 + Σ coef[k]·raw(k) over atoms k (at the value's own frac). */
export interface Form {
  readonly c0: bigint;
  readonly coef: ReadonlyMap<ValueId, bigint>;
}

/** Forms grow up to this many atoms; larger sums become atoms themselves (their interval is still sound). */
const CAP = 256;

/** Linear forms of the shift-add values of one netlist. */
export class LinearForms {
  private readonly forms = new Map<ValueId, Form>();

  constructor(private readonly get: (id: ValueId) => NetValue) {}

  /** The form of a value: its own if it has one, the form of a shifted value, a constant, or itself as an atom. */
  formOf(id: ValueId): Form {
    const hit = this.forms.get(id);
    if (hit !== undefined) return hit;
    const op = this.get(id).op;
    if (op.kind === 'shift') return this.formOf(op.a);
    if (op.kind === 'const') return { c0: op.value, coef: new Map() };
    return { c0: 0n, coef: new Map([[id, 1n]]) };
  }

  /** Form of a ± b at frac f (both aligned up to f), or null when it would exceed the size cap. */
  sum(a: ValueId, b: ValueId, subtract: boolean, f: number): Form | null {
    const fa = this.formOf(a);
    const fb = this.formOf(b);
    if (fa.coef.size + fb.coef.size > CAP) return null;
    const ka = 1n << BigInt(f - this.get(a).frac);
    const kb = (1n << BigInt(f - this.get(b).frac)) * (subtract ? -1n : 1n);
    const coef = new Map<ValueId, bigint>();
    for (const [k, c] of fa.coef) coef.set(k, c * ka);
    for (const [k, c] of fb.coef) {
      const v = (coef.get(k) ?? 0n) + c * kb;
      if (v === 0n) coef.delete(k);
      else coef.set(k, v);
    }
    return { c0: fa.c0 * ka + fb.c0 * kb, coef };
  }

  /** −a. */
  negate(a: ValueId): Form {
    const fa = this.formOf(a);
    return { c0: -fa.c0, coef: new Map([...fa.coef].map(([k, c]) => [k, -c])) };
  }

  /** The exact range of a form over its atoms' intervals (atoms are independent). */
  range(form: Form): [bigint, bigint] {
    let lo = form.c0;
    let hi = form.c0;
    for (const [k, c] of form.coef) {
      const v = this.get(k);
      lo += c > 0n ? c * v.lo : c * v.hi;
      hi += c > 0n ? c * v.hi : c * v.lo;
    }
    return [lo, hi];
  }

  /** Remember the form of a new value. */
  set(id: ValueId, form: Form): void {
    this.forms.set(id, form);
  }
}

/**
 * Common-subexpression elimination for constant matrix–vector products (sums of shifted, signed input terms).
 * Each output column is a list of terms ±v·2^s. A repeated two-term pattern (v1, v2, relative shift, relative sign)
 * across all columns becomes a new value u = v1 ± v2·2^ds, and every non-overlapping occurrence is replaced by one
 * term of u (the choice: most frequent, fewest conflicts, see cse-pairs.ts). Repeats until no pattern occurs twice.
 * Then every column is summed by a depth-balanced adder tree that pairs terms of similar magnitude.
 */
import type { FixedType } from '../../ir/fixed-type.js';
import type { Netlist, ValueId } from './netlist.js';
import { PairCounts, substitute, unpack } from './cse-pairs.js';

/** One signed, shifted term: (neg ? −1 : 1) · v · 2^shift. */
export interface Term {
  readonly v: ValueId;
  readonly shift: number;
  readonly neg: boolean;
}

/** Options of the CSE. */
export interface CseOptions {
  /** Limit the number of extracted patterns (0 disables sharing). */
  readonly maxPatterns?: number;
}

/** Extract shared two-term subexpressions across columns; mutates `cols`, returns the number of extracted patterns. */
export function extractCommon(nl: Netlist, cols: Term[][], opts: CseOptions = {}): number {
  const max = opts.maxPatterns ?? Infinity;
  const pc = new PairCounts(cols);
  let made = 0;
  while (made < max) {
    const key = pc.best();
    if (key === undefined) break;
    const { v1, v2, ds, sub } = unpack(key);
    const u = nl.add(v1, nl.shift(v2, ds), sub);
    let total = 0;
    for (const c of [...(pc.where.get(key) ?? [])].sort((a, b) => a - b)) total += substitute(pc, c, key, u);
    // an occurrence count that overlapped itself may yield a single use; the value then costs what it saves
    if (total < 2) pc.setCount(key, 0);
    made++;
  }
  return made;
}

/** Position of the most significant bit of a term (bit weight exponent), for magnitude-aware pairing. */
function msbOf(nl: Netlist, t: Term): number {
  const v = nl.get(t.v);
  return (v.width - 1 - v.frac + t.shift) * 256 + (t.shift - v.frac);
}

/**
 * Sum terms with a depth-balanced tree: level by level, the terms of the shallowest level are paired (Huffman on adder
 * depth, so the depth is minimal); within a level, terms are paired in order of magnitude so that every adder adds
 * two numbers of similar size (its carry chain spans little more than either operand).
 */
export function sumTerms(nl: Netlist, terms: readonly Term[], wrapTo?: FixedType): ValueId | null {
  if (terms.length === 0) return null;
  const buckets: Term[][] = [];
  for (const t of terms) (buckets[nl.get(t.v).level] ??= []).push(t);
  let left = terms.length;
  for (let d = 0; left > 1; d++) {
    const cur = buckets[d] ?? [];
    if (cur.length === 0) continue;
    buckets[d] = [];
    if (cur.length === 1) {
      // a lone term joins the next level: combined there with the shallowest partial sum, as Huffman would
      (buckets[d + 1] ??= []).push(cur[0]!);
      continue;
    }
    const key = cur.map((t) => msbOf(nl, t));
    const order = cur.map((_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
    // an odd count leaves the largest term for the next level, where the partial sums are large as well
    if (order.length % 2 === 1) (buckets[d + 1] ??= []).push(cur[order.pop()!]!);
    for (let k = 0; k < order.length; k += 2) {
      let t = combine(nl, cur[order[k]!]!, cur[order[k + 1]!]!);
      // a wrapping accumulator only needs its own width: every partial sum is wrapped (bit selection, no logic)
      if (wrapTo !== undefined && !t.neg && t.shift === 0) t = { ...t, v: nl.cast(t.v, wrapTo) };
      (buckets[Math.max(d + 1, nl.get(t.v).level)] ??= []).push(t);
      left--;
    }
  }
  const last = buckets.find((b) => b !== undefined && b.length > 0)!;
  return termValue(nl, last[last.length - 1]!);
}

/** The value of one term (a shift and possibly a negation). */
function termValue(nl: Netlist, t: Term): ValueId {
  const v = nl.shift(t.v, t.shift);
  return t.neg ? nl.neg(v) : v;
}

/** One adder for two terms; the smaller shift stays outside so that the adder is as narrow as possible. */
function combine(nl: Netlist, a: Term, b: Term): Term {
  const m = Math.min(a.shift, b.shift);
  const va = nl.shift(a.v, a.shift - m);
  const vb = nl.shift(b.v, b.shift - m);
  if (a.neg === b.neg) return { v: nl.add(va, vb), shift: m, neg: a.neg };
  return a.neg ? { v: nl.add(vb, va, true), shift: m, neg: false } : { v: nl.add(va, vb, true), shift: m, neg: false };
}

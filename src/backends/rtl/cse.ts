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

/** The least depth a sum of values at these levels can have (Huffman on depth: merge the two shallowest). */
export function minDepth(levels: readonly number[]): number {
  const l = [...levels].sort((a, b) => a - b);
  while (l.length > 1) {
    const m = Math.max(l.shift()!, l.shift()!) + 1;
    let i = 0;
    while (i < l.length && l[i]! < m) i++;
    l.splice(i, 0, m);
  }
  return l[0] ?? 0;
}

/**
 * Sum terms within a depth budget, smallest magnitudes first: a column shallower than its layer's deepest one has
 * slack, and adding small terms together before the large ones keeps the adders narrow. Each step takes the two
 * smallest terms whose sum still lets the rest finish within `limit` levels.
 */
export function sumTermsWithin(nl: Netlist, terms: readonly Term[], limit: number): ValueId | null {
  if (terms.length === 0) return null;
  let pool = [...terms].sort((a, b) => msbOf(nl, a) - msbOf(nl, b));
  while (pool.length > 1) {
    const lv = pool.map((t) => nl.get(t.v).level);
    let pick: [number, number] = [0, 1];
    search: for (let j = 1; j < pool.length; j++) {
      for (let i = 0; i < j; i++) {
        const rest = lv.filter((_, k) => k !== i && k !== j);
        if (minDepth([...rest, Math.max(lv[i]!, lv[j]!) + 1]) <= limit) {
          pick = [i, j];
          break search;
        }
      }
    }
    const t = combine(nl, pool[pick[0]]!, pool[pick[1]]!);
    pool = pool.filter((_, k) => k !== pick[0] && k !== pick[1]);
    const key = msbOf(nl, t);
    let at = 0;
    while (at < pool.length && msbOf(nl, pool[at]!) <= key) at++;
    pool.splice(at, 0, t);
  }
  return termValue(nl, pool[0]!);
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

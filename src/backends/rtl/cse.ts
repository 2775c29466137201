/**
 * Common-subexpression elimination for constant matrix–vector products (sums of shifted, signed input terms).
 * Each output column is a list of terms ±v·2^s. The most frequent two-term pattern (v1, v2, relative shift, relative
 * sign) across all columns becomes a new value u = v1 ± v2·2^ds, and every non-overlapping occurrence is replaced by one
 * term of u. Repeats until no pattern occurs twice. Counts are kept incrementally with a lazy max-heap, so large
 * matrices take well under a second. Then every column is summed by a depth-balanced adder tree.
 */
import type { FixedType } from '../../ir/fixed-type.js';
import type { Netlist, ValueId } from './netlist.js';

/** One signed, shifted term: (neg ? −1 : 1) · v · 2^shift. */
export interface Term {
  readonly v: ValueId;
  readonly shift: number;
  readonly neg: boolean;
}

const SH = 512; // shift offset inside packed keys (|shift difference| < 512)
const ID = 1 << 20; // value ids < 2^20 keep packed keys below 2^53

function keyOf(a: Term, b: Term): number {
  const [p, q] = a.v < b.v || (a.v === b.v && a.shift <= b.shift) ? [a, b] : [b, a];
  return ((p.v * ID + q.v) * 1024 + (q.shift - p.shift + SH)) * 2 + (p.neg !== q.neg ? 1 : 0);
}
function unpack(key: number): { v1: number; v2: number; ds: number; sub: boolean } {
  const sub = key % 2 === 1;
  let k = Math.floor(key / 2);
  const ds = (k % 1024) - SH;
  k = Math.floor(k / 1024);
  return { v1: Math.floor(k / ID), v2: k % ID, ds, sub };
}

/** Lazy binary max-heap of [count, key] (ties: smaller key first, for deterministic output). */
class Heap {
  private readonly a: [number, number][] = [];
  private better(i: number, j: number): boolean {
    const x = this.a[i]!;
    const y = this.a[j]!;
    if (x[0] !== y[0]) return x[0] > y[0];
    // equal counts: the closer pair first (a narrower adder; nearby digit pairs recur more often)
    const dx = Math.abs(Math.floor(x[1] / 2) % 1024 - SH);
    const dy = Math.abs(Math.floor(y[1] / 2) % 1024 - SH);
    return dx < dy || (dx === dy && x[1] < y[1]);
  }
  private swap(i: number, j: number): void {
    const t = this.a[i]!;
    this.a[i] = this.a[j]!;
    this.a[j] = t;
  }
  push(count: number, key: number): void {
    this.a.push([count, key]);
    let i = this.a.length - 1;
    while (i > 0 && this.better(i, (i - 1) >> 1)) {
      this.swap(i, (i - 1) >> 1);
      i = (i - 1) >> 1;
    }
  }
  pop(): [number, number] | undefined {
    const top = this.a[0];
    const last = this.a.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.a.length > 0) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.better(l, m)) m = l;
        if (r < this.a.length && this.better(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/** Options of the CSE: limit the number of extracted patterns (0 disables sharing). */
export interface CseOptions {
  readonly maxPatterns?: number;
}

/** Pattern counts over all columns, kept up to date term by term. */
class PairCounts {
  readonly count = new Map<number, number>();
  readonly heap = new Heap();
  readonly where = new Map<number, Set<number>>();
  constructor(readonly cols: Term[][]) {
    cols.forEach((terms, c) => {
      for (let i = 0; i < terms.length; i++) for (let j = i + 1; j < terms.length; j++) this.bump(keyOf(terms[i]!, terms[j]!), c, 1);
    });
  }
  private bump(k: number, col: number, d: 1 | -1): void {
    const c = (this.count.get(k) ?? 0) + d;
    this.count.set(k, c);
    if (d > 0) {
      this.heap.push(c, k);
      let s = this.where.get(k);
      if (s === undefined) this.where.set(k, (s = new Set()));
      s.add(col);
    }
  }
  /** Remove term `idx` of column `col`, forgetting its pairs with the other terms. */
  remove(col: number, idx: number): Term {
    const terms = this.cols[col]!;
    const t = terms[idx]!;
    for (let k = 0; k < terms.length; k++) if (k !== idx) this.bump(keyOf(t, terms[k]!), col, -1);
    terms.splice(idx, 1);
    return t;
  }
  /** Append a term to column `col`, counting its pairs with the other terms. */
  add(col: number, t: Term): void {
    const terms = this.cols[col]!;
    for (const o of terms) this.bump(keyOf(t, o), col, 1);
    terms.push(t);
  }
  /** The most frequent pattern that still occurs at least twice. */
  best(): number | undefined {
    for (;;) {
      const top = this.heap.pop();
      if (top === undefined) return undefined;
      const cur = this.count.get(top[1]) ?? 0;
      if (cur < 2) continue;
      if (cur !== top[0]) {
        this.heap.push(cur, top[1]);
        continue;
      }
      return top[1];
    }
  }
}

/** Find one occurrence of pattern `key` in a column: indices [i, j] of its two terms, or null. */
function findPair(terms: readonly Term[], key: number, v1: number, v2: number, ds: number): [number, number] | null {
  for (let i = 0; i < terms.length; i++) {
    const a = terms[i]!;
    if (a.v !== v1) continue;
    for (let j = 0; j < terms.length; j++) {
      const b = terms[j]!;
      if (j !== i && b.v === v2 && b.shift - a.shift === ds && keyOf(a, b) === key) return [i, j];
    }
  }
  return null;
}

/** Replace every non-overlapping occurrence of a pattern in one column by a term of u; returns how many. */
function substitute(pc: PairCounts, col: number, key: number, u: ValueId): number {
  const { v1, v2, ds } = unpack(key);
  let n = 0;
  for (;;) {
    const terms = pc.cols[col]!;
    const hit = findPair(terms, key, v1, v2, ds);
    if (hit === null) return n;
    const [i, j] = hit;
    const p = terms[i]!;
    pc.remove(col, Math.max(i, j));
    pc.remove(col, Math.min(i, j));
    pc.add(col, { v: u, shift: p.shift, neg: p.neg });
    n++;
  }
}

/** Extract shared two-term subexpressions across columns; mutates `cols`, returns the number of extracted patterns. */
export function extractCommon(nl: Netlist, cols: Term[][], opts: CseOptions = {}): number {
  const pc = new PairCounts(cols);
  const max = opts.maxPatterns ?? Infinity;
  let made = 0;
  while (made < max) {
    const key = pc.best();
    if (key === undefined) break;
    const { v1, v2, ds, sub } = unpack(key);
    const u = nl.add(v1, nl.shift(v2, ds), sub);
    let total = 0;
    for (const c of [...(pc.where.get(key) ?? [])].sort((a, b) => a - b)) total += substitute(pc, c, key, u);
    // an occurrence count that overlapped itself may yield a single use; the value then costs what it saves
    if (total < 2) pc.count.set(key, 0);
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

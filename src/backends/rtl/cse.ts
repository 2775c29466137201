/**
 * Common-subexpression elimination for constant matrix–vector products (sums of shifted, signed input terms).
 * Each output column is a list of terms ±v·2^s. The most frequent two-term pattern (v1, v2, relative shift, relative
 * sign) across all columns becomes a new value u = v1 ± v2·2^ds, and every non-overlapping occurrence is replaced by one
 * term of u. Repeats until no pattern occurs twice. Counts are kept incrementally with a lazy max-heap, so large
 * matrices take well under a second. Then every column is summed by a depth-balanced adder tree.
 */
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
    return x[0] > y[0] || (x[0] === y[0] && x[1] < y[1]);
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

/** Pattern counts over all columns, with per-column contributions for incremental updates. */
class PairCounts {
  readonly count = new Map<number, number>();
  readonly heap = new Heap();
  readonly where = new Map<number, Set<number>>();
  change(col: number, terms: readonly Term[], sign: 1 | -1): void {
    for (let i = 0; i < terms.length; i++) {
      for (let j = i + 1; j < terms.length; j++) {
        const k = keyOf(terms[i]!, terms[j]!);
        const c = (this.count.get(k) ?? 0) + sign;
        this.count.set(k, c);
        if (sign > 0) {
          this.heap.push(c, k);
          let s = this.where.get(k);
          if (s === undefined) this.where.set(k, (s = new Set()));
          s.add(col);
        }
      }
    }
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

/** Replace non-overlapping occurrences of pattern in one column; returns the new terms and how many were replaced. */
function substitute(terms: readonly Term[], key: number, u: ValueId): [Term[], number] {
  const used = new Array<boolean>(terms.length).fill(false);
  const out: Term[] = [];
  let n = 0;
  for (let i = 0; i < terms.length; i++) {
    if (used[i]) continue;
    for (let j = i + 1; j < terms.length; j++) {
      if (used[j] || keyOf(terms[i]!, terms[j]!) !== key) continue;
      const a = terms[i]!;
      const b = terms[j]!;
      const p = a.v < b.v || (a.v === b.v && a.shift <= b.shift) ? a : b;
      used[i] = used[j] = true;
      out.push({ v: u, shift: p.shift, neg: p.neg });
      n++;
      break;
    }
  }
  for (let i = 0; i < terms.length; i++) if (!used[i]) out.push(terms[i]!);
  return [out, n];
}

/** Extract shared two-term subexpressions across columns; mutates `cols`, returns the number of extracted patterns. */
export function extractCommon(nl: Netlist, cols: Term[][], opts: CseOptions = {}): number {
  const pc = new PairCounts();
  cols.forEach((t, c) => pc.change(c, t, 1));
  const max = opts.maxPatterns ?? Infinity;
  let made = 0;
  const banned = new Set<number>();
  while (made < max) {
    const key = pc.best();
    if (key === undefined) break;
    if (banned.has(key)) {
      pc.count.set(key, 0);
      continue;
    }
    const { v1, v2, ds, sub } = unpack(key);
    const u = nl.add(v1, nl.shift(v2, ds), sub);
    let total = 0;
    const news: [number, Term[]][] = [];
    for (const c of pc.where.get(key) ?? []) {
      const [t, n] = substitute(cols[c]!, key, u);
      if (n > 0) news.push([c, t]);
      total += n;
    }
    for (const [c, t] of news) {
      pc.change(c, cols[c]!, -1);
      cols[c] = t;
      pc.change(c, t, 1);
    }
    if (total < 2) banned.add(key);
    made++;
  }
  return made;
}

/** Sum terms with a depth-balanced tree: always combine the two shallowest partial sums (Huffman on adder depth). */
export function sumTerms(nl: Netlist, terms: readonly Term[]): ValueId | null {
  if (terms.length === 0) return null;
  const pool = terms.map((t) => ({ t, d: nl.get(t.v).level }));
  while (pool.length > 1) {
    pool.sort((x, y) => x.d - y.d || x.t.v - y.t.v);
    const x = pool.shift()!;
    const y = pool.shift()!;
    const t = combine(nl, x.t, y.t);
    pool.push({ t, d: Math.max(x.d, y.d) + 1 });
  }
  const last = pool[0]!.t;
  const v = nl.shift(last.v, last.shift);
  return last.neg ? nl.neg(v) : v;
}

/** One adder for two terms; the smaller shift stays outside so that the adder is as narrow as possible. */
function combine(nl: Netlist, a: Term, b: Term): Term {
  const m = Math.min(a.shift, b.shift);
  const va = nl.shift(a.v, a.shift - m);
  const vb = nl.shift(b.v, b.shift - m);
  if (a.neg === b.neg) return { v: nl.add(va, vb), shift: m, neg: a.neg };
  return a.neg ? { v: nl.add(vb, va, true), shift: m, neg: false } : { v: nl.add(va, vb, true), shift: m, neg: false };
}

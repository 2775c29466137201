/**
 * The counting core of the subexpression search: every two-term pattern (v1, v2, relative shift, relative sign) of
 * every column, counted incrementally as terms are replaced, and the choice of the next pattern to extract.
 */
import type { Term } from './cse.js';
import type { ValueId } from './netlist.js';

const SH = 512; // shift offset inside packed keys (|shift difference| < 512)
const ID = 1 << 20; // value ids < 2^20 keep packed keys below 2^53

/** Packed pattern key of two terms (order-free; the relative sign only). */
function keyOf(a: Term, b: Term): number {
  const [p, q] = a.v < b.v || (a.v === b.v && a.shift <= b.shift) ? [a, b] : [b, a];
  return ((p.v * ID + q.v) * 1024 + (q.shift - p.shift + SH)) * 2 + (p.neg !== q.neg ? 1 : 0);
}
/** The parts of a packed pattern key. */
export function unpack(key: number): { v1: number; v2: number; ds: number; sub: boolean } {
  const sub = key % 2 === 1;
  let k = Math.floor(key / 2);
  const ds = (k % 1024) - SH;
  k = Math.floor(k / 1024);
  return { v1: Math.floor(k / ID), v2: k % ID, ds, sub };
}

/** Weight of one destroyed repeated-pattern occurrence against one saved adder in the choice of a pattern. */
const CONFLICT = 0.05;

/** Among equal scores: the closer pair first (a narrower adder), then the smaller key (deterministic output). */
function before(a: number, b: number): boolean {
  const da = Math.abs((Math.floor(a / 2) % 1024) - SH);
  const db = Math.abs((Math.floor(b / 2) % 1024) - SH);
  return da < db || (da === db && a < b);
}

/**
 * Pattern counts over all columns, kept up to date term by term, with the patterns grouped by count. The choice
 * weighs the adders a pattern saves against the other repeated patterns whose terms it takes (like min-degree
 * greedy matching: it destroys the fewest other savings).
 */
export class PairCounts {
  readonly count = new Map<number, number>();
  readonly where = new Map<number, Set<number>>();
  /** byCount[c]: the patterns occurring c times (c ≥ 2). */
  private readonly byCount: Set<number>[] = [];
  private top = 0;
  /** Cached conflict degrees; recomputed for patterns occurring in a column changed since (others may be stale). */
  private readonly deg = new Map<number, number>();
  private readonly dirty = new Set<number>();
  constructor(readonly cols: Term[][]) {
    cols.forEach((terms, c) => {
      for (let i = 0; i < terms.length; i++) for (let j = i + 1; j < terms.length; j++) this.bump(keyOf(terms[i]!, terms[j]!), c, 1);
    });
  }
  private bump(k: number, col: number, d: 1 | -1): void {
    const old = this.count.get(k) ?? 0;
    this.setCount(k, old + d);
    this.dirty.add(col);
    if (d > 0) {
      let s = this.where.get(k);
      if (s === undefined) this.where.set(k, (s = new Set()));
      s.add(col);
    }
  }
  /** Set a pattern's count, moving it between the count groups. */
  setCount(k: number, c: number): void {
    const old = this.count.get(k) ?? 0;
    this.count.set(k, c);
    if (old >= 2) this.byCount[old]!.delete(k);
    if (c >= 2) (this.byCount[c] ??= new Set()).add(k);
    if (c > this.top) this.top = c;
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
  /**
   * The pattern to extract next, or undefined when no pattern occurs twice. Score: adders saved (count − 1) minus
   * CONFLICT × the repeated-pattern occurrences it destroys, over the two highest counts (tuned on real layers).
   */
  best(): number | undefined {
    while (this.top >= 2 && (this.byCount[this.top]?.size ?? 0) === 0) this.top--;
    if (this.top < 2) return undefined;
    let best = -1;
    let bestScore = -Infinity;
    for (let c = this.top; c >= Math.max(2, this.top - 1); c--) {
      for (const k of this.byCount[c] ?? []) {
        let d = this.deg.get(k);
        if (d === undefined || [...this.where.get(k)!].some((col) => this.dirty.has(col))) this.deg.set(k, (d = this.degree(k)));
        const score = c - 1 - CONFLICT * d;
        if (score > bestScore || (score === bestScore && before(k, best))) [best, bestScore] = [k, score];
      }
    }
    this.dirty.clear();
    return best;
  }
  /** Repeated patterns that share a term with an occurrence of `key`. */
  private degree(key: number): number {
    const { v1, v2, ds } = unpack(key);
    let deg = 0;
    for (const col of this.where.get(key) ?? []) {
      const terms = this.cols[col]!;
      const hit = findPair(terms, key, v1, v2, ds);
      if (hit === null) continue;
      for (const i of hit) {
        for (let o = 0; o < terms.length; o++) if (o !== hit[0] && o !== hit[1] && (this.count.get(keyOf(terms[i]!, terms[o]!)) ?? 0) >= 2) deg++;
      }
    }
    return deg;
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
export function substitute(pc: PairCounts, col: number, key: number, u: ValueId): number {
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


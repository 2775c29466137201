/** A small seeded PRNG (mulberry32) so every fuzz case can be replayed from its seed. */

/** Deterministic random source. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Values that break naive parsers: huge, negative, zero, non-finite, fractional. */
export const ABSURD_NUMBERS: readonly number[] = [
  0, -1, -7, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 1e12, 1e300, -1e300, 0.5, NaN, Infinity, -Infinity, 65536, 100000,
];

/** Canonical signed digit (non-adjacent form) recoding of integer constants. */

/** One nonzero digit: ±2^shift. */
export interface Digit {
  readonly shift: number;
  readonly neg: boolean;
}

/** CSD digits of n (least significant first); no two adjacent digits are nonzero, so the count is minimal. */
export function csd(n: bigint): Digit[] {
  const out: Digit[] = [];
  let x = n;
  let k = 0;
  while (x !== 0n) {
    if ((x & 1n) !== 0n) {
      // x mod 4 == 3 → digit −1 (carry up), == 1 → digit +1
      const neg = (x & 3n) === 3n;
      out.push({ shift: k, neg });
      x = neg ? x + 1n : x - 1n;
    }
    x >>= 1n;
    k++;
  }
  return out;
}

/** Number of nonzero CSD digits of n. */
export function csdCount(n: bigint): number {
  return csd(n).length;
}

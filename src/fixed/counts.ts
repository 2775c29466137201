/** Overflow counters: the emulator counts every conversion point with one of these. */
import type { CastEvent } from './overflow.js';

/**
 * Mutable counters of conversion events; every converted value is at most ONE event (totalEvents).
 * - outOfRange: a FINITE value whose rounded value lies outside the type's range (±Inf is not counted here).
 * - wrapped / saturated / zeroed: the overflow action taken for those values (AP_WRAP[_SM] / AP_SAT[_SYM] /
 *   AP_SAT_ZERO) — a breakdown of outOfRange, so they overlap it (and only it). Index clamps (table_index,
 *   inv_index) count outOfRange alone, without an action.
 * - nonFinite: NaN or ±Infinity inputs, whatever they became (0, a wrapped pattern, max/min); disjoint from all others.
 */
export interface OverflowCounts {
  outOfRange: number;
  wrapped: number;
  saturated: number;
  zeroed: number;
  nonFinite: number;
}

/** Fresh all-zero counters. */
export function newOverflowCounts(): OverflowCounts {
  return { outOfRange: 0, wrapped: 0, saturated: 0, zeroed: 0, nonFinite: 0 };
}

/** Record one conversion's event (a non-finite input counts as nonFinite only, even when ±Inf left the range). */
export function countEvent(c: OverflowCounts, event: CastEvent, outOfRange: boolean): void {
  if (outOfRange && event !== 'nonfinite') c.outOfRange++;
  switch (event) {
    case 'ok':
      return;
    case 'wrap':
      c.wrapped++;
      return;
    case 'sat':
      c.saturated++;
      return;
    case 'zero':
      c.zeroed++;
      return;
    case 'nonfinite':
      c.nonFinite++;
      return;
  }
}

/** Add the counters of `from` into `into`. */
export function addCounts(into: OverflowCounts, from: OverflowCounts): OverflowCounts {
  into.outOfRange += from.outOfRange;
  into.wrapped += from.wrapped;
  into.saturated += from.saturated;
  into.zeroed += from.zeroed;
  into.nonFinite += from.nonFinite;
  return into;
}

/** Number of values that did not simply fit (finite out of range + NaN/±Inf); each value counted once. */
export function totalEvents(c: OverflowCounts): number {
  return c.outOfRange + c.nonFinite;
}

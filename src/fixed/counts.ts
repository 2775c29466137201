/** Overflow counters: the emulator counts every conversion point with one of these. */
import type { CastEvent } from './overflow.js';

/**
 * Mutable counters of conversion events. outOfRange: rounded value outside the type's range (including ±Inf inputs);
 * wrapped / saturated / zeroed: the overflow action taken (AP_WRAP[_SM] / AP_SAT[_SYM] / AP_SAT_ZERO) for finite
 * inputs; nonFinite: NaN or ±Infinity inputs (whatever they became).
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

/** Record one conversion's event. */
export function countEvent(c: OverflowCounts, event: CastEvent, outOfRange: boolean): void {
  if (outOfRange) c.outOfRange++;
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

/** Total number of conversions that did not simply fit. */
export function totalEvents(c: OverflowCounts): number {
  return c.outOfRange + c.nonFinite;
}

// Overflow counters: one converted value is at most one event; NaN/±Inf count as nonFinite only.
import { describe, expect, it } from 'vitest';
import { fixedType, newOverflowCounts, quantizeArray, quantize, countEvent, totalEvents } from '../../src/fixed/index.js';

const XS = [NaN, Infinity, -Infinity, 100, 1.5, -2.25];

describe('overflow event totals with NaN/±Inf inputs', () => {
  for (const [overflow, action] of [['AP_WRAP', 'wrapped'], ['AP_SAT', 'saturated']] as const) {
    it(`${overflow}: 3 non-finite + 1 finite overflow = 4 events for 6 values (fast array path)`, () => {
      const c = newOverflowCounts();
      quantizeArray(Float64Array.from(XS), fixedType(16, 6, true, 'AP_TRN', overflow), new Float64Array(XS.length), c);
      expect(c).toEqual({ outOfRange: 1, wrapped: action === 'wrapped' ? 1 : 0, saturated: action === 'saturated' ? 1 : 0, zeroed: 0, nonFinite: 3 });
      expect(totalEvents(c)).toBe(4);
    });

    it(`${overflow}: the exact BigInt path counts the same`, () => {
      const c = newOverflowCounts();
      for (const x of XS) {
        const r = quantize(x, fixedType(16, 6, true, 'AP_TRN', overflow));
        countEvent(c, r.event, r.outOfRange);
      }
      expect(c.outOfRange).toBe(1);
      expect(c.nonFinite).toBe(3);
      expect(totalEvents(c)).toBe(4);
    });
  }
});

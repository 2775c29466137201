/**
 * The emulator's view of the fixed-point core: every conversion the kernels make goes through these names,
 * which forward to src/fixed (house rule 1: one meaning of every arithmetic step).
 */
import type { FixedType } from '../ir/fixed-type.js';
import { cast, countEvent, castNumber, lowRaw, maxRaw, makeCaster, quantizeNumber, type OverflowCounts } from '../fixed/index.js';

export { formatFixedType, newOverflowCounts, makeCaster, type OverflowCounts } from '../fixed/index.js';

/** Smallest raw integer of a type in range (number form; −max for AP_SAT_SYM is handled by the core). */
export function minRawNum(t: FixedType): number {
  return Number(lowRaw(t));
}
/** Largest raw integer of a type (number form). */
export function maxRawNum(t: FixedType): number {
  return Number(maxRaw(t));
}

/** Convert raw·2^-fromFrac (|raw| < 2^53, t.width ≤ 53) into t: rounding, then overflow; counts events. */
export function castNum(raw: number, fromFrac: number, t: FixedType, counts?: OverflowCounts): number {
  return castNumber(raw, fromFrac, t, counts);
}

/** Quantize a float64 into t with t's rounding and overflow; the raw integer as a float64. */
export function quantizeNum(x: number, t: FixedType, counts?: OverflowCounts): number {
  return quantizeNumber(x, t, counts);
}

/** Exact BigInt conversion of raw·2^-fromFrac into t (any widths); counts events. */
export function castBig(raw: bigint, fromFrac: number, t: FixedType, counts?: OverflowCounts): bigint {
  const r = cast(raw, fromFrac, t);
  if (counts) countEvent(counts, r.event, r.outOfRange);
  return r.raw;
}

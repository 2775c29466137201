/**
 * The emulator's view of the fixed-point core: every conversion the kernels make goes through these names,
 * which forward to src/fixed (house rule 1: one meaning of every arithmetic step).
 */
import type { FixedType } from '../ir/fixed-type.js';
import { fail } from '../diagnostics/errors.js';
import { cast, countEvent, castNumber, formatFixedType, lowRaw, maxRaw, makeCaster as fastCaster, makeQuantizer as fastQuantizer, quantize, quantizeNumber, FAST_MAX_WIDTH, type CastResult, type OverflowCounts } from '../fixed/index.js';

export { formatFixedType, newOverflowCounts, type OverflowCounts } from '../fixed/index.js';

/**
 * Types wider than 53 bits (hls4ml's inferred types grow past it at `name` granularity, e.g. a Dense after an
 * un-folded BatchNorm) take the exact BigInt conversion; the value itself must still be a float64 integer, which
 * real activations are by far (the type's range is a bound, not the values' size).
 */
function wideResult(r: CastResult, t: FixedType, counts?: OverflowCounts): number {
  if (counts) countEvent(counts, r.event, r.outOfRange);
  return safeNumber(r.raw, t);
}

/** A raw integer of type t as a float64, exactly, or E508. */
export function safeNumber(raw: bigint, t: FixedType): number {
  const v = Number(raw);
  if (!Number.isSafeInteger(v)) fail('E508', { type: formatFixedType(t), value: raw.toString() });
  return v;
}

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
  if (t.width > FAST_MAX_WIDTH) return wideResult(cast(BigInt(raw), fromFrac, t), t, counts);
  return castNumber(raw, fromFrac, t, counts);
}

/** A reusable caster for one (fromFrac, target) pair (BigInt inside for targets wider than 53 bits). */
export function makeCaster(fromFrac: number, t: FixedType, counts?: OverflowCounts): (raw: number) => number {
  if (t.width > FAST_MAX_WIDTH) return (raw) => wideResult(cast(BigInt(raw), fromFrac, t), t, counts);
  return fastCaster(fromFrac, t, counts);
}

/** A reusable quantizer for one type (float64 value → raw integer), counting overflow events. */
export function makeQuantizer(t: FixedType, counts?: OverflowCounts): (x: number) => number {
  if (t.width > FAST_MAX_WIDTH) return (x) => quantizeNum(x, t, counts);
  return fastQuantizer(t, counts);
}

/** Quantize a float64 into t with t's rounding and overflow; the raw integer as a float64. */
export function quantizeNum(x: number, t: FixedType, counts?: OverflowCounts): number {
  if (t.width > FAST_MAX_WIDTH) return wideResult(quantize(x, t), t, counts);
  return quantizeNumber(x, t, counts);
}

/** Exact BigInt conversion of raw·2^-fromFrac into t (any widths); counts events. */
export function castBig(raw: bigint, fromFrac: number, t: FixedType, counts?: OverflowCounts): bigint {
  const r = cast(raw, fromFrac, t);
  if (counts) countEvent(counts, r.event, r.outOfRange);
  return r.raw;
}

/** castBig, returned as a float64 integer (E508 when it does not fit exactly). */
export function castBigNum(raw: bigint, fromFrac: number, t: FixedType, counts?: OverflowCounts): number {
  return safeNumber(castBig(raw, fromFrac, t, counts), t);
}

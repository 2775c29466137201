/**
 * The fast float64 path for hot loops: raws held as exact integers in float64.
 *
 * Preconditions (checked by fitsFast): the target width W ≤ 53 and every source raw |raw| < 2^53 (a source type of
 * width ≤ 53). Under them every step below is exact float64 arithmetic on integers and powers of two, and the result
 * equals the BigInt path (convert.ts) bit for bit — property-tested. Rare cases the float path cannot do exactly
 * (NaN/±Inf, shifts beyond the float64 exponent range, AP_WRAP with N > 0, AP_WRAP_SM) delegate to the BigInt path.
 */
import { fracBits, sameType, type FixedType, type RoundingMode } from '../ir/fixed-type.js';
import { invariant } from '../diagnostics/errors.js';
import { applyOverflow } from './overflow.js';
import { convertExact, quantize } from './convert.js';
import { lowRaw, maxRaw, pow2 } from './range.js';
import { countEvent, type OverflowCounts } from './counts.js';

/** Largest width the float64 path handles. */
export const FAST_MAX_WIDTH = 53;

/** True when castNumber/quantizeNumber/arrays may be used: target (and source, if given) width ≤ 53. */
export function fitsFast(t: FixedType, from?: FixedType): boolean {
  return t.width <= FAST_MAX_WIDTH && (from === undefined || from.width <= FAST_MAX_WIDTH);
}

/** Precomputed constants of one target type for the float path. */
interface Target {
  readonly t: FixedType;
  readonly frac: number;
  readonly lo: number;
  readonly hi: number;
  readonly modulus: number;
  readonly half: number;
  readonly rounding: RoundingMode;
  readonly simpleOverflow: boolean;
  /** 2^F, and whether scaling by it is exact for every normal result (|F| ≤ 1023). */
  readonly scale: number;
  readonly scaleOk: boolean;
}

/** Targets already prepared, per type object (types are immutable values; the emulator reuses the same objects). */
const TARGETS = new WeakMap<FixedType, Target>();

/** The precomputed constants for t, cached per type object. */
function target(t: FixedType): Target {
  let g = TARGETS.get(t);
  if (g === undefined || !sameType(g.t, t)) {
    g = buildTarget(t);
    TARGETS.set(t, g);
  }
  return g;
}

/** Build the precomputed constants for t (asserting the width precondition). */
function buildTarget(t: FixedType): Target {
  invariant(t.width <= FAST_MAX_WIDTH, `fast fixed-point path used for width ${t.width} > ${FAST_MAX_WIDTH}`);
  const simple = t.overflow !== 'AP_WRAP_SM' && !(t.overflow === 'AP_WRAP' && t.satBits > 0);
  return {
    t: { ...t },
    frac: fracBits(t),
    lo: Number(lowRaw(t)),
    hi: Number(maxRaw(t)),
    modulus: pow2(t.width),
    half: pow2(t.width - 1),
    rounding: t.rounding,
    simpleOverflow: simple,
    scale: pow2(fracBits(t)),
    scaleOk: Math.abs(fracBits(t)) <= 1023,
  };
}

/** Rounding increment for a scaled value s with floor fl and fraction fr ∈ (0, 1). */
function increment(mode: RoundingMode, fr: number, fl: number, negative: boolean): number {
  switch (mode) {
    case 'AP_TRN':
      return 0;
    case 'AP_TRN_ZERO':
      return negative ? 1 : 0;
    case 'AP_RND':
      return fr >= 0.5 ? 1 : 0;
    case 'AP_RND_ZERO':
      return fr > 0.5 || (fr === 0.5 && negative) ? 1 : 0;
    case 'AP_RND_MIN_INF':
      return fr > 0.5 ? 1 : 0;
    case 'AP_RND_INF':
      return fr > 0.5 || (fr === 0.5 && !negative) ? 1 : 0;
    case 'AP_RND_CONV':
      return fr > 0.5 || (fr === 0.5 && fl % 2 !== 0) ? 1 : 0;
  }
}

/** Round and overflow an exactly scaled value s = v·2^F (finite, exact) into the target. */
function finish(s: number, g: Target, counts?: OverflowCounts): number {
  const fl = Math.floor(s);
  const fr = s - fl; // exact: the fraction bits of s
  const r = fr === 0 ? fl : fl + increment(g.rounding, fr, fl, s < 0);
  if (r >= g.lo && r <= g.hi) return r + 0; // + 0 turns −0 into 0
  if (!g.simpleOverflow) {
    const res = applyOverflow(BigInt(fl), BigInt(r), g.t);
    if (counts) countEvent(counts, res.event, true);
    return Number(res.raw);
  }
  return overflowSimple(r, g, counts);
}

/** AP_WRAP (N = 0), AP_SAT, AP_SAT_SYM and AP_SAT_ZERO on an out-of-range integer r (exact float arithmetic). */
function overflowSimple(r: number, g: Target, counts?: OverflowCounts): number {
  switch (g.t.overflow) {
    case 'AP_WRAP': {
      if (counts) countEvent(counts, 'wrap', true);
      let u = r - Math.floor(r / g.modulus) * g.modulus; // exact: r/2^W, floor and the product are exact
      if (g.t.signed && u >= g.half) u -= g.modulus;
      return u + 0;
    }
    case 'AP_SAT_ZERO':
      if (counts) countEvent(counts, 'zero', true);
      return 0;
    default:
      if (counts) countEvent(counts, 'sat', true);
      return r < 0 ? g.lo : g.hi;
  }
}

const SHIFT_MIN = pow2(-1000);
const SHIFT_MAX = pow2(900);

/** Smallest |s| for which the scaled value is a normal float64 (so scaling by 2^k was exact). */
const MIN_NORMAL = pow2(-1022);

/** Quantize with a prepared target (float64 x → raw as a float64 integer). */
function quantizeWith(x: number, g: Target, counts?: OverflowCounts): number {
  const s = x * g.scale;
  if (g.scaleOk && Number.isFinite(s) && (Math.abs(s) >= MIN_NORMAL || x === 0)) return finish(s, g, counts);
  const res = quantize(x, g.t); // NaN/±Inf or exponent-range corner cases: exact BigInt path
  if (counts) countEvent(counts, res.event, res.outOfRange);
  return Number(res.raw);
}

/** Cast with a prepared target (raw integer at fromFrac → raw of the target); shift = pow2(F − fromFrac). */
function castWith(raw: number, fromFrac: number, shift: number, g: Target, counts?: OverflowCounts): number {
  // |raw| < 2^53 and 2^−1000 ≤ shift ≤ 2^900 keep raw · shift a normal float64: exact
  if (shift >= SHIFT_MIN && shift <= SHIFT_MAX) return finish(raw * shift, g, counts);
  const res = convertExact(BigInt(raw), -fromFrac, g.t);
  if (counts) countEvent(counts, res.event, res.outOfRange);
  return Number(res.raw);
}

/** Quantize a float64 into t (t.width ≤ 53); the raw integer as a float64. Same bits as quantizeToRaw. */
export function quantizeNumber(x: number, t: FixedType, counts?: OverflowCounts): number {
  return quantizeWith(x, target(t), counts);
}

/**
 * Re-quantize raw · 2^−fromFrac into t; raw must be an integer with |raw| < 2^53 and t.width ≤ 53 (see fitsFast).
 * Same bits as castRaw.
 */
export function castNumber(raw: number, fromFrac: number, t: FixedType, counts?: OverflowCounts): number {
  const g = target(t);
  return castWith(raw, fromFrac, pow2(g.frac - fromFrac), g, counts);
}

/** Quantize every float64 value of src into t, writing raws (exact integers) to dst; counts every overflow. */
export function quantizeArray(src: ArrayLike<number>, t: FixedType, dst: Float64Array, counts?: OverflowCounts): Float64Array {
  invariant(dst.length >= src.length, 'quantizeArray: destination shorter than source');
  const g = target(t);
  for (let i = 0; i < src.length; i++) dst[i] = quantizeWith(src[i]!, g, counts);
  return dst;
}

/** Re-quantize every raw of src (held at fromFrac, |raw| < 2^53) into t, writing raws to dst; counts overflows. */
export function castArray(src: ArrayLike<number>, fromFrac: number, t: FixedType, dst: Float64Array, counts?: OverflowCounts): Float64Array {
  invariant(dst.length >= src.length, 'castArray: destination shorter than source');
  const g = target(t);
  const shift = pow2(g.frac - fromFrac);
  for (let i = 0; i < src.length; i++) dst[i] = castWith(src[i]!, fromFrac, shift, g, counts);
  return dst;
}

/** A reusable caster for one (fromFrac, target) pair: the fastest way to convert scalars in an inner loop. */
export function makeCaster(fromFrac: number, t: FixedType, counts?: OverflowCounts): (raw: number) => number {
  const g = target(t);
  const shift = pow2(g.frac - fromFrac);
  return (raw) => castWith(raw, fromFrac, shift, g, counts);
}

/** A reusable quantizer for one target type: float64 value → raw (float64 integer). */
export function makeQuantizer(t: FixedType, counts?: OverflowCounts): (x: number) => number {
  const g = target(t);
  return (x) => quantizeWith(x, g, counts);
}

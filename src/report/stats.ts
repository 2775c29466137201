/** Statistics behind the profiling plots: log2 box statistics, type ranges, float-vs-fixed error. */
import type { FixedType } from '../ir/fixed-type.js';
import type { WeightType } from '../ir/graph.js';
import type { BoxStats, LayerError, TypeInfo } from './types.js';

/** Percentile statistics use at most this many values (an evenly strided, deterministic subset); counts use all. */
const MAX_SORTED = 200_000;

/** hls4ml spelling of a fixed type: `fixed<W,I>`, modes and saturation bits only when not the defaults. */
export function fixedTypeName(t: FixedType): string {
  if (t.width === t.integer && t.rounding === 'AP_TRN' && t.overflow === 'AP_WRAP' && t.satBits === 0) {
    return `${t.signed ? 'int' : 'uint'}<${t.width}>`;
  }
  const args: (string | number)[] = [t.width, t.integer];
  if (t.rounding !== 'AP_TRN' || t.overflow !== 'AP_WRAP' || t.satBits !== 0) args.push(t.rounding.slice(3), t.overflow.slice(3));
  if (t.satBits !== 0) args.push(t.satBits);
  return `${t.signed ? '' : 'u'}fixed<${args.join(',')}>`;
}

/** Name and log2 range of a type (weight encodings have no fixed-point range). */
export function typeInfo(t: WeightType): TypeInfo {
  if ('kind' in t) {
    if (t.kind === 'xnor') return { name: 'xnor (±1)', width: 1, lsbLog2: 0, maxLog2: 0, min: -1, max: 1 };
    return { name: `exponent<${t.width}>`, width: t.width, lsbLog2: null, maxLog2: null, min: null, max: null };
  }
  const frac = t.width - t.integer;
  const maxLog2 = t.signed ? t.integer - 1 : t.integer;
  return { name: fixedTypeName(t), width: t.width, lsbLog2: -frac, maxLog2, min: t.signed ? -(2 ** maxLog2) : 0, max: 2 ** maxLog2 - 2 ** -frac };
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Box statistics of log2|x| over the nonzero finite values, with range counts against `type` when given. */
export function boxStats(values: ArrayLike<number>, type?: TypeInfo): BoxStats {
  const n = values.length;
  // A value overflows when truncated into the type: at or above 2^maxLog2 (= max + LSB), or below min.
  const hi = type?.maxLog2 != null ? 2 ** type.maxLog2 : Infinity;
  const lo = type?.min ?? -Infinity;
  const halfLsb = type?.lsbLog2 != null ? 2 ** (type.lsbLog2 - 1) : 0;
  let zeros = 0;
  let nonFinite = 0;
  let absMax = 0;
  let aboveRange = 0;
  let belowLsb = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) nonFinite++;
    else if (v === 0) zeros++;
    else {
      const a = Math.abs(v);
      if (a > absMax) absMax = a;
      if (v >= hi || v < lo) aboveRange++;
      else if (a < halfLsb) belowLsb++;
    }
  }
  return { count: n, zeros, nonFinite, log2: log2Quartiles(values, n - zeros - nonFinite), absMax, aboveRange, belowLsb };
}

/** Quartiles and extremes of log2|x| over the `m` nonzero finite values (strided subset when many). */
function log2Quartiles(values: ArrayLike<number>, m: number): BoxStats['log2'] {
  if (m === 0) return null;
  const stride = Math.max(1, Math.ceil(m / MAX_SORTED));
  const logs = new Float64Array(Math.ceil(m / stride));
  let k = 0;
  let seen = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 0 || !Number.isFinite(v)) continue;
    const l = Math.log2(Math.abs(v));
    if (l < min) min = l;
    if (l > max) max = l;
    if (seen++ % stride === 0 && k < logs.length) logs[k++] = l;
  }
  const sorted = logs.subarray(0, k).sort();
  return { min, q1: quantile(sorted, 0.25), median: quantile(sorted, 0.5), q3: quantile(sorted, 0.75), max };
}

/** Float-vs-fixed error of one node's output; `samples` is the batch size behind the values. */
export function layerError(float: ArrayLike<number>, fixed: ArrayLike<number>, samples: number): LayerError {
  const n = Math.min(float.length, fixed.length);
  let maxAbs = 0;
  let se = 0;
  let sf = 0;
  for (let i = 0; i < n; i++) {
    const f = float[i]!;
    const d = Math.abs(f - fixed[i]!);
    if (d > maxAbs || Number.isNaN(d)) maxAbs = d;
    se += d * d;
    sf += f * f;
  }
  const rms = n > 0 ? Math.sqrt(se / n) : 0;
  const rmsF = n > 0 ? Math.sqrt(sf / n) : 0;
  return { samples, maxAbs, rms, relRms: rmsF > 0 ? rms / rmsF : 0 };
}

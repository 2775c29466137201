/**
 * quantized_bits with a scale `alpha` ≠ 1, and hls4ml's treatment of it.
 *
 * QKeras (google/qkeras qkeras/quantizers.py, quantized_bits.__call__, string alpha; float32):
 *   x ← x / m_i; levels = 2^bits − 1; per output channel c (the last axis; one scale for a 1-D tensor):
 *   s = (max_c x − min_c x) / levels, rounded to a power of two for 'auto_po2';
 *   5 times: v = floor(|x| / s + 0.5); z = sign(x) · (v < (levels−1)/2 ? v : (levels−1)/2);
 *            s = 2^round(log2(mean_c(x·z) / (mean_c(z·z) + ε) + ε))      (ε = 1e-7)
 *   result m_i·s·z, and the quantizer's scale attribute is s·m (m = 2^(bits − keep_negative)).
 * A numeric alpha multiplies the alpha-free result; its scale is alpha.
 *
 * hls4ml (optimizer pass qkeras_factorize_alpha, for Dense / Conv1D / Conv2D): the weights become
 * (1/scale)·q(w), on the grid of the alpha-free type; the layer's bias moves to an ApplyAlpha layer
 * `<layer>_alpha` (a BatchNormalization with scale = the per-channel scale, bias = the quantized bias) inserted
 * right after the layer, whose own bias becomes zeros. For 'auto_po2' the scale is typed as power of two with
 * max(max|log2 scale| + 1, 2) bits.
 */
import { InternalError } from '../../diagnostics/errors.js';
import type { Tensor } from '../../ir/ops.js';
import type { Quantizer } from './qkeras-parse.js';
import { quantizeValue, roundHalfEven } from './qkeras-quantize.js';

type Bits = Extract<Quantizer, { kind: 'quantized_bits' }>;
const f32 = Math.fround;
const EPS = f32(1e-7);
const LN2_F32 = f32(Math.LN2);

/** A quantized tensor and, when the quantizer scales it, the per-channel scale (last axis). */
export interface ScaledQuant {
  readonly data: Float64Array;
  readonly scale: Float64Array | null;
}

function po2Round(s: number): number {
  return 2 ** roundHalfEven(f32(f32(Math.log(f32(s + EPS))) / LN2_F32));
}

/** Channel of flat index i: the last axis (or one channel for a 1-D tensor). */
function channelsOf(t: Tensor): { n: number; of: (i: number) => number } {
  if (t.shape.length <= 1) return { n: 1, of: () => 0 };
  const c = t.shape[t.shape.length - 1]!;
  return { n: c, of: (i) => i % c };
}

function autoScale(q: Bits, t: Tensor): ScaledQuant {
  const mi = 2 ** q.integer;
  const m = 2 ** (q.bits - (q.keepNegative ? 1 : 0));
  const levels = 2 ** q.bits - 1;
  const cap = (levels - 1) / 2;
  const x = t.data.map((v) => f32(v / mi));
  const { n, of } = channelsOf(t);
  const scale = new Float64Array(n);
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  x.forEach((v, i) => {
    lo[of(i)] = Math.min(lo[of(i)]!, v);
    hi[of(i)] = Math.max(hi[of(i)]!, v);
  });
  for (let c = 0; c < n; c++) scale[c] = q.alpha === 'auto_po2' ? po2Round(f32((hi[c]! - lo[c]!) / levels)) : f32((hi[c]! - lo[c]!) / levels);
  const z = new Float64Array(x.length);
  const count = x.length / n;
  for (let it = 0; it < 5; it++) {
    const qx = new Float64Array(n);
    const qq = new Float64Array(n);
    x.forEach((v, i) => {
      const c = of(i);
      const a = Math.floor(f32(f32(Math.abs(v) / scale[c]!) + 0.5));
      z[i] = Math.sign(v) * (a < cap ? a : cap);
      qx[c] += f32(v * z[i]!);
      qq[c] += z[i]! * z[i]!;
    });
    for (let c = 0; c < n; c++) scale[c] = po2Round(f32(f32(qx[c]! / count) / f32(f32(qq[c]! / count) + EPS)));
  }
  const data = x.map((_, i) => mi * scale[of(i)]! * z[i]! + 0);
  return { data, scale: scale.map((s) => s * m) };
}

/**
 * binary with alpha 'auto' / 'auto_po2' (QKeras binary.__call__ + _get_scale): k = sign(x) with sign(0) = +1,
 * per channel s = mean(x·k) / (mean(k·k) + ε), a power of two for 'auto_po2'; result s·k, scale s.
 */
function binaryAutoScale(q: Extract<Quantizer, { kind: 'binary' }>, t: Tensor): ScaledQuant {
  const { n, of } = channelsOf(t);
  const count = t.data.length / n;
  const k = t.data.map((v) => (v < 0 ? -1 : 1));
  const qx = new Float64Array(n);
  k.forEach((s, i) => (qx[of(i)] += f32(t.data[i]! * s)));
  const scale = qx.map((v) => {
    const r = f32(f32(v / count) / f32(1 + EPS));
    return q.alpha === 'auto_po2' ? po2Round(r) : r;
  });
  return { data: k.map((s, i) => scale[of(i)]! * s), scale };
}

/** Quantize a whole tensor, as QKeras does, returning the per-channel scale of an alpha ≠ 1 (else null). */
export function quantizeTensor(q: Quantizer, t: Tensor): ScaledQuant {
  const alpha = q.kind === 'quantized_bits' || q.kind === 'binary' || q.kind === 'ternary' ? q.alpha : null;
  if (alpha === null || alpha === 1) return { data: t.data.map((v) => quantizeValue(q, v)), scale: null };
  if (alpha === 'auto' || alpha === 'auto_po2') return q.kind === 'binary' ? binaryAutoScale(q, t) : autoScale(q as Bits, t);
  const plain = { ...q, alpha: null } as Quantizer;
  const { n } = channelsOf(t);
  return { data: t.data.map((v) => f32(alpha * quantizeValue(plain, v))), scale: new Float64Array(n).fill(alpha) };
}

/** hls4ml's weights after factorizing the scale out: (1/scale)·q(w), per channel. */
export function unscaled(sq: ScaledQuant, t: Tensor): Float64Array {
  const s = sq.scale;
  if (s === null) throw new InternalError('unscaled() needs a scale');
  const { of } = channelsOf(t);
  return sq.data.map((v, i) => (1 / s[of(i)]!) * v + 0);
}

/** Bits of hls4ml's po2 type for an 'auto_po2' scale: max(max|log2 s| + 1, 2). */
export function scaleBits(scale: Float64Array): number {
  let mx = 0;
  for (const s of scale) mx = Math.max(mx, Math.trunc(Math.abs(Math.log2(s))));
  return Math.max(mx + 1, 2);
}

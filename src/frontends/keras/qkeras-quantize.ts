/**
 * QKeras quantizers applied to weights, and the hls4ml types they declare.
 *
 * Formulas (google/qkeras, qkeras/quantizers.py, `__call__` of each class; TF float32 arithmetic, tf.round =
 * round half to even). Every step below is exact in float64 or rounded to float32 with Math.fround:
 * - quantized_bits(bits, integer, symmetric, keep_negative, alpha):
 *     u = bits − keep_negative, m = 2^u, m_i = 2^integer;
 *     u > 0: xq = m_i · clip(round(x·m / m_i), keep_negative·(−m + symmetric), m − 1) / m
 *     u = 0: xq = sign(x) with sign(0) = 1, and (xq + 1)/2 when not keep_negative;  result alpha·xq (alpha None → 1).
 * - quantized_relu(bits, integer, negative_slope) (use_sigmoid = 0):
 *     n = bits − (negative_slope ≠ 0), m = 2^n, m_i = 2^integer, p = x·m / m_i;
 *     xq = m_i · clip(round(p)/m, 0, 1 − 1/m) [+ m_i·s·clip(round(p·s)/(s·m), −1, 0) when s = negative_slope > 0].
 * - quantized_po2(bits, max_value): e_sign = (max_value is None or max_value > 1); k = bits − 1 − e_sign;
 *     min_exp = −2^k, max_exp = 2^k − 1; |x| < 1e-7 → exponent min_exp; else |x| clipped to max_value,
 *     e = clip(round(log(|x|)/log 2), min_exp, max_exp) (float32 log; floor for log2_rounding='floor');
 *     xq = sign(x)·2^e with sign(0) = +1.
 * - quantized_relu_po2(bits, max_value, negative_slope): as po2 on relu(x) with k = bits − e_sign
 *     (negative part −2^e of relu(−x)·slope when slope > 0).
 * - binary(use_01, alpha): sign(x) with sign(0) = +1 ({0, 1} with use_01), times alpha.
 * - ternary(alpha, threshold): (|x| ≥ threshold) · sign(x), threshold default 0.33, times alpha.
 * - quantized_tanh(bits): m = 2^(bits−1), p = 2·hard_sigmoid(x) − 1 (tanh(x) if use_real_tanh),
 *     clip(round(p·m)/m, −1 + 1/m, 1 − 1/m); hard_sigmoid(x) = clip(0.5·x + 0.5, 0, 1).
 * - quantized_sigmoid(bits): m = 2^bits, p = hard_sigmoid(x) (sigmoid if use_real_sigmoid), clip(round(p·m)/m, 1/m, 1 − 1/m).
 * QKeras returns x + stop_gradient(xq − x); nnfab stores xq itself (equal whenever that float32 sum is exact,
 * which holds on every shared model, as the hls4ml reference notes confirm).
 */
import { InternalError } from '../../diagnostics/errors.js';
import type { FixedType, RoundingMode, OverflowMode } from '../../ir/fixed-type.js';
import type { WeightQuant } from '../../ir/ops.js';
import type { Quantizer } from './qkeras-parse.js';

const f32 = Math.fround;
const EPS = f32(1e-7);
const LN2_F32 = f32(Math.LN2);

/** tf.round: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function clip(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

function sign1(x: number): number {
  return x < 0 ? -1 : 1;
}

function hardSigmoid(x: number): number {
  return clip(f32(f32(0.5 * x) + 0.5), 0, 1);
}

function quantizedBits(q: Extract<Quantizer, { kind: 'quantized_bits' }>, x: number): number {
  const u = q.bits - (q.keepNegative ? 1 : 0);
  if (typeof q.alpha === 'string') throw new InternalError('an auto alpha needs the whole tensor (quantizeTensor)');
  const scale = q.alpha ?? 1;
  if (u <= 0) {
    const s = sign1(x);
    return f32(scale * (q.keepNegative ? s : (s + 1) / 2));
  }
  const m = 2 ** u;
  const mi = 2 ** q.integer;
  const p = f32(f32(x * m) / mi);
  const lo = q.keepNegative ? -m + (q.symmetric ? 1 : 0) : 0;
  return f32(scale * ((mi * clip(roundHalfEven(p), lo, m - 1)) / m));
}

function quantizedRelu(q: Extract<Quantizer, { kind: 'quantized_relu' }>, x: number): number {
  const s = q.negativeSlope;
  const m = 2 ** (q.bits - (s !== 0 ? 1 : 0));
  const mi = 2 ** q.integer;
  const p = f32(f32(x * m) / mi);
  let xq = mi * clip(roundHalfEven(p) / m, 0, 1 - 1 / m);
  if (s > 0) xq += mi * s * clip(f32(roundHalfEven(f32(p * s)) * f32(1 / (s * m))), -1, 0);
  return f32(xq);
}

/** Exponent range of po2 quantizers: [−2^k, 2^k − 1]. */
export function po2ExponentRange(bits: number, maxValue: number | null, relu: boolean): { minExp: number; maxExp: number } {
  const eSign = maxValue === null || maxValue > 1 ? 1 : 0;
  const k = (relu ? bits : bits - 1) - eSign;
  return { minExp: -(2 ** k), maxExp: 2 ** k - 1 };
}

function po2Exponent(abs: number, maxValue: number | null, minExp: number, maxExp: number, floor: boolean): number {
  if (abs < EPS) return minExp;
  const xf = maxValue !== null && abs >= maxValue ? f32(maxValue) : abs;
  const l = f32(f32(Math.log(xf)) / LN2_F32);
  return clip(floor ? Math.floor(l) : roundHalfEven(l), minExp, maxExp);
}

function quantizedPo2(q: Extract<Quantizer, { kind: 'quantized_po2' }>, x: number): number {
  const { minExp, maxExp } = po2ExponentRange(q.bits, q.maxValue, false);
  return sign1(x) * 2 ** po2Exponent(Math.abs(x), q.maxValue, minExp, maxExp, q.log2Floor);
}

function quantizedReluPo2(q: Extract<Quantizer, { kind: 'quantized_relu_po2' }>, x: number): number {
  const { minExp, maxExp } = po2ExponentRange(q.bits, q.maxValue, true);
  if (x >= 0 || q.negativeSlope === 0) return 2 ** po2Exponent(Math.max(x, 0), q.maxValue, minExp, maxExp, q.log2Floor);
  return -(2 ** po2Exponent(f32(-x * q.negativeSlope), q.maxValue, minExp, maxExp, q.log2Floor));
}

/** Apply a QKeras quantizer to one float32 value (as QKeras does at inference); −0 comes out as +0. */
export function quantizeValue(q: Quantizer, x: number): number {
  const v = quantizeRaw(q, x);
  return v === 0 ? 0 : v;
}

function quantizeRaw(q: Quantizer, x: number): number {
  switch (q.kind) {
    case 'quantized_bits':
      return quantizedBits(q, x);
    case 'quantized_relu':
      return quantizedRelu(q, x);
    case 'quantized_po2':
      return quantizedPo2(q, x);
    case 'quantized_relu_po2':
      return quantizedReluPo2(q, x);
    case 'binary': {
      if (typeof q.alpha === 'string') throw new InternalError('an auto alpha needs the whole tensor (quantizeTensor)');
      const s = sign1(x);
      return f32((q.alpha ?? 1) * (q.use01 ? (s + 1) / 2 : s));
    }
    case 'ternary': {
      const t = f32(q.threshold ?? 0.33);
      const v = Math.abs(x) >= t ? Math.sign(x) : 0;
      return f32((q.alpha ?? 1) * v);
    }
    case 'quantized_tanh': {
      const m = 2 ** (q.bits - 1);
      const p = q.useReal ? f32(Math.tanh(x)) : f32(2 * hardSigmoid(x) - 1);
      return clip(roundHalfEven(f32(p * m)) / m, -1 + 1 / m, 1 - 1 / m);
    }
    case 'quantized_sigmoid': {
      const m = 2 ** q.bits;
      const p = q.useReal ? f32(1 / (1 + Math.exp(-x))) : hardSigmoid(x);
      return clip(roundHalfEven(f32(p * m)) / m, 1 / m, 1 - 1 / m);
    }
  }
}

/** Quantize a whole weight array. */
export function quantizeArray(q: Quantizer, data: Float64Array): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = quantizeValue(q, data[i]!);
  return out;
}

function fixed(width: number, integer: number, signed: boolean, rounding: RoundingMode = 'AP_TRN', overflow: OverflowMode = 'AP_WRAP'): FixedType {
  return { width, integer, signed, rounding, overflow, satBits: 0 };
}

/**
 * hls4ml's type of weights quantized by `q` (QKerasQuantizer / QKerasPO2Quantizer / QKerasBinaryQuantizer):
 * quantized_bits(b, i): fixed<b, i+1> signed (int<b> when b == i; xnor when b == i == 1) — an alpha is factored
 * out into an ApplyAlpha node (qkeras-alpha.ts), so the type is alpha's-free; quantized_po2(b): exponent type
 * int<b>; binary: xnor for kernels, int<2> otherwise; ternary: int<2>. Null for quantizers hls4ml does not type.
 */
export function weightQuantOf(q: Quantizer, isKernel: boolean): WeightQuant | null {
  switch (q.kind) {
    case 'quantized_bits':
      if (q.bits === q.integer) return q.bits === 1 ? { kind: 'binary' } : { kind: 'fixed', type: fixed(q.bits, q.bits, true) };
      return { kind: 'fixed', type: fixed(q.bits, q.integer + 1, true) };
    case 'quantized_po2':
      return { kind: 'po2', width: q.bits, maxExponent: po2ExponentRange(q.bits, q.maxValue, false).maxExp };
    case 'binary':
      if (q.use01) return null;
      return isKernel ? { kind: 'binary' } : { kind: 'fixed', type: fixed(2, 2, true) };
    case 'ternary':
      return { kind: 'ternary' };
    default:
      return null;
  }
}

/**
 * hls4ml's result type of an activation quantizer (config_from_keras_model's `_get_precision_from_quantizer`):
 * rounding RND_CONV, overflow SAT; quantized_bits(b, i) → fixed<b, i+1>; quantized_relu(b, i) → ufixed<b, i>;
 * quantized_tanh(b) → fixed<b, 1> (SAT_SYM when symmetric); quantized_sigmoid(b) → ufixed<b, 0>;
 * binary / ternary → int<2>. A type without fraction bits becomes an integer type.
 */
export function activationResultType(q: Quantizer): FixedType {
  let bits: number;
  let integer: number;
  let signed = true;
  let overflow: OverflowMode = 'AP_SAT';
  switch (q.kind) {
    case 'quantized_bits':
      [bits, integer] = [q.bits, q.integer + 1];
      break;
    case 'quantized_relu':
      [bits, integer, signed] = [q.bits, q.integer, false];
      break;
    case 'quantized_po2':
    case 'quantized_relu_po2':
      [bits, integer, signed] = [q.bits, q.bits, q.kind === 'quantized_po2'];
      break;
    case 'quantized_tanh':
      [bits, integer] = [q.bits, 1];
      if (q.symmetric) overflow = 'AP_SAT_SYM';
      break;
    case 'quantized_sigmoid':
      [bits, integer, signed] = [q.bits, 0, false];
      break;
    case 'binary':
    case 'ternary':
      return fixed(2, 2, true);
  }
  if (bits - integer <= 0) return fixed(integer, integer, signed);
  return fixed(bits, integer, signed, 'AP_RND_CONV', overflow);
}

/**
 * QONNX Quant / BipolarQuant / Trunc and standard QuantizeLinear / DequantizeLinear.
 * On constants (weights) they are evaluated at import; on the data path they become IR `quantize` nodes whose
 * `type` is the exact fixed type when the scale is a single power of two and the zero point 0.
 */
import { fail } from '../../diagnostics/errors.js';
import type { FixedType, OverflowMode, RoundingMode } from '../../ir/fixed-type.js';
import type { QuantizeOp, Tensor, WeightQuant } from '../../ir/ops.js';
import { alignConst } from './align.js';
import { attrInt, attrString, constIn, input, normAxis, optConst, requireAttr, scalarOf } from './attrs.js';
import type { ConstVal, Ctx, TensorVal, Value } from './context.js';
import { broadcastTo } from './layout.js';
import type { OnnxNode } from './model.js';
import { DT, type ConstTensor } from './tensor.js';
import { roundQuant } from '../../ir/quant-rounding.js';

type Rounding = QuantizeOp['rounding'];

/** Integer range of a Quant. */
export function quantRange(bits: number, signed: boolean, narrow: boolean): [number, number] {
  if (signed) return [-(2 ** (bits - 1)) + (narrow ? 1 : 0), 2 ** (bits - 1) - 1];
  return [0, 2 ** bits - 1 - (narrow ? 1 : 0)];
}

/** The fixed type equal to a power-of-two-scale quantizer, or null. */
export function quantType(scale: Float64Array, zp: Float64Array, bits: number, signed: boolean, narrow: boolean, rounding: Rounding): FixedType | null {
  const s = scale[0]!;
  if (!scale.every((v) => v === s) || !zp.every((v) => v === 0) || !(s > 0)) return null;
  const e = Math.log2(s);
  if (!Number.isInteger(e)) return null;
  if (narrow && !signed) return null;
  const rmode: Record<Rounding, RoundingMode | null> = { ROUND: 'AP_RND_CONV', HALF_EVEN: 'AP_RND_CONV', FLOOR: 'AP_TRN', ROUND_TO_ZERO: 'AP_TRN_ZERO', CEIL: null };
  const r = rmode[rounding];
  if (r === null) return null;
  const overflow: OverflowMode = narrow ? 'AP_SAT_SYM' : 'AP_SAT';
  return { width: bits, integer: bits + e, signed, rounding: r, overflow, satBits: 0 };
}

function roundingAttr(ctx: Ctx, n: OnnxNode, def: string): Rounding {
  const r = attrString(n, 'rounding_mode', def).toUpperCase();
  requireAttr(ctx, n, 'rounding_mode', r, ['ROUND', 'HALF_EVEN', 'ROUND_TO_ZERO', 'CEIL', 'FLOOR']);
  return r as Rounding;
}

/** Evaluate a quantizer on constant data: (clamp(round(x/s + z)) − z)·s. */
function quantConst(x: ConstTensor, s: ConstTensor, z: ConstTensor, bits: number, signed: boolean, narrow: boolean, rounding: Rounding): Float64Array {
  const sd = broadcastTo(s.data, s.dims, x.dims);
  const zd = broadcastTo(z.data, z.dims, x.dims);
  const [lo, hi] = quantRange(bits, signed, narrow);
  return x.data.map((v, i) => {
    const y = v / sd[i]! + zd[i]!;
    const q = bits === 1 && signed ? (y >= 0 ? 1 : -1) : Math.min(Math.max(roundQuant(rounding, y), lo), hi);
    return (q - zd[i]!) * sd[i]!;
  });
}

function weightQuant(t: FixedType | null, bits: number, signed: boolean): WeightQuant | undefined {
  if (bits === 1 && signed) return { kind: 'binary' };
  return t === null ? undefined : { kind: 'fixed', type: { ...t, rounding: 'AP_TRN', overflow: 'AP_WRAP' } };
}

function emitQuantize(ctx: Ctx, x: TensorVal, scale: Tensor, zeroPoint: Tensor, q: Omit<QuantizeOp, 'kind' | 'scale' | 'zeroPoint'>): TensorVal {
  if (x.flat !== undefined || x.batchSwapped) x = ctx.plain(x);
  const op: QuantizeOp = { kind: 'quantize', scale, zeroPoint, ...q };
  return { ...x, node: ctx.emit({ op, inputs: [x.node], layerClass: 'Quant' }) };
}

/** QONNX Quant(x, scale, zeropt, bitwidth). */
export function convertQuant(ctx: Ctx, n: OnnxNode): Value[] {
  const [s, z] = [constIn(ctx, n, 1).t, constIn(ctx, n, 2).t];
  const bits = scalarOf(ctx, n, constIn(ctx, n, 3).t, 'bitwidth');
  if (!Number.isInteger(bits) || bits < 1 || bits > 64) fail('E206', { attr: 'bitwidth', value: bits, supported: 'an integer 1..64' }, ctx.loc(n));
  const signed = attrInt(n, 'signed', 1) !== 0;
  const narrow = attrInt(n, 'narrow', 0) !== 0;
  const rounding = roundingAttr(ctx, n, 'ROUND');
  const type = quantType(s.data, z.data, bits, signed, narrow, rounding);
  const x = input(ctx, n, 0);
  if (x.kind === 'const') {
    const data = quantConst(x.t, s, z, bits, signed, narrow, rounding);
    const quant = weightQuant(type, bits, signed);
    return [{ kind: 'const', t: { dims: x.t.dims, data, dtype: DT.FLOAT }, ...(quant ? { quant } : {}) }];
  }
  if (bits === 1 && signed) return bipolar(ctx, x, s, z);
  return [emitQuantize(ctx, x, alignConst(ctx, s, x), alignConst(ctx, z, x), { type, bits, signed, narrow, rounding })];
}

function bipolar(ctx: Ctx, x: TensorVal, s: ConstTensor, z: ConstTensor): Value[] {
  if (!z.data.every((v) => v === 0)) fail('E206', { attr: 'zeropt', value: 'non-zero with a 1-bit signed Quant', supported: '0' }, ctx.loc());
  if (!s.data.every((v) => v > 0)) fail('E206', { attr: 'scale', value: 'non-positive', supported: 'positive scales' }, ctx.loc());
  const b = ctx.emit({ op: { kind: 'activation', fn: 'binary_tanh' }, inputs: [x.node], layerClass: 'Activation' });
  if (s.data.every((v) => v === 1)) return [{ ...x, node: b }];
  const constant = alignConst(ctx, s, x);
  const m = ctx.emit({ op: { kind: 'constant_op', mode: 'mul', constant, constantFirst: false }, inputs: [b], layerClass: 'ApplyAlpha', suffix: 'scale' });
  return [{ ...x, node: m }];
}

/** QONNX BipolarQuant(x, scale): sign(x)·scale with sign(0) = +1. */
export function convertBipolarQuant(ctx: Ctx, n: OnnxNode): Value[] {
  const s = constIn(ctx, n, 1).t;
  const x = input(ctx, n, 0);
  if (x.kind === 'const') {
    const sd = broadcastTo(s.data, s.dims, x.t.dims);
    return [{ kind: 'const', t: { dims: x.t.dims, data: x.t.data.map((v, i) => (v >= 0 ? 1 : -1) * sd[i]!), dtype: DT.FLOAT }, quant: { kind: 'binary' } }];
  }
  return bipolar(ctx, x, s, { dims: [], data: Float64Array.of(0), dtype: DT.FLOAT });
}

/** Per-axis (QDQ) parameters reshaped so that numpy broadcasting against the input applies them along `axis`. */
function perAxis(ctx: Ctx, n: OnnxNode, t: ConstTensor, rank: number): ConstTensor {
  if (t.data.length <= 1) return { ...t, dims: [] };
  const axis = normAxis(ctx, n, attrInt(n, 'axis', 1), rank);
  const dims = new Array<number>(rank).fill(1);
  dims[axis] = t.data.length;
  return { ...t, dims };
}

function qdqParams(ctx: Ctx, n: OnnxNode, rank: number): { s: ConstTensor; z: ConstTensor; bits: number; signed: boolean } {
  const s = perAxis(ctx, n, constIn(ctx, n, 1).t, rank);
  const zt = optConst(ctx, n, 2);
  const z = zt === null ? { dims: [], data: Float64Array.of(0), dtype: DT.UINT8 } : perAxis(ctx, n, zt, rank);
  const dtype = zt?.dtype ?? DT.UINT8;
  const table: Record<number, [number, boolean]> = { [DT.UINT8]: [8, false], [DT.INT8]: [8, true], [DT.UINT16]: [16, false], [DT.INT16]: [16, true], [DT.INT32]: [32, true] };
  const bt = table[dtype];
  if (bt === undefined) fail('E202', { name: n.inputs[2] ?? 'zero point', dtype }, ctx.loc(n));
  return { s, z, bits: bt[0], signed: bt[1] };
}

/** QuantizeLinear: on the data path, a quantize node whose float value is already dequantized (see DequantizeLinear). */
export function convertQuantizeLinear(ctx: Ctx, n: OnnxNode): Value[] {
  const x = input(ctx, n, 0);
  const rank = x.kind === 'const' ? x.t.dims.length : x.shape.length + 1;
  const { s, z, bits, signed } = qdqParams(ctx, n, rank);
  const [lo, hi] = quantRange(bits, signed, false);
  if (x.kind === 'const') {
    const sd = broadcastTo(s.data, s.dims, x.t.dims);
    const zd = broadcastTo(z.data, z.dims, x.t.dims);
    const q = x.t.data.map((v, i) => Math.min(Math.max(roundQuant('HALF_EVEN', v / sd[i]!) + zd[i]!, lo), hi));
    return [{ kind: 'const', t: { dims: x.t.dims, data: q, dtype: z.dtype } }];
  }
  const type = quantType(s.data, z.data, bits, signed, false, 'HALF_EVEN');
  const out = emitQuantize(ctx, x, alignConst(ctx, s, x), alignConst(ctx, z, x), { type, bits, signed, narrow: false, rounding: 'HALF_EVEN' });
  return [{ ...out, dequantized: true }];
}

/** DequantizeLinear: folds constants (integer weights); on the data path it ends a QuantizeLinear pair. */
export function convertDequantizeLinear(ctx: Ctx, n: OnnxNode): Value[] {
  const x = input(ctx, n, 0);
  if (x.kind === 'tensor') {
    if (!x.dequantized) fail('E208', { reason: 'DequantizeLinear of a tensor that does not come from QuantizeLinear' }, ctx.loc(n));
    return [{ ...x, dequantized: false }];
  }
  const { s, z } = qdqParams(ctx, n, x.t.dims.length);
  const sd = broadcastTo(s.data, s.dims, x.t.dims);
  const zd = broadcastTo(z.data, z.dims, x.t.dims);
  const data = x.t.data.map((v, i) => Math.fround((v - zd[i]!) * sd[i]!));
  const c: ConstVal = { kind: 'const', t: { dims: x.t.dims, data, dtype: DT.FLOAT } };
  return [c];
}

/**
 * QONNX Trunc. 5 inputs (x, scale, zeropt, in_bits, out_bits): y = (R(round(x/s + z)/2^d) − z)·s with d = in − out
 * bits. 7 inputs (…, out_scale, out_zeropt, out_bits): the value is also clamped to out_bits and rescaled by
 * out_scale. On the data path the inner round(x/s + z) is taken to be exact (x on the grid of s), as it is after
 * the quantized accumulations Trunc follows.
 */
export function convertTrunc(ctx: Ctx, n: OnnxNode): Value[] {
  const modern = n.inputs.length >= 7;
  const [s, z] = [constIn(ctx, n, 1).t, constIn(ctx, n, 2).t];
  const inBits = scalarOf(ctx, n, constIn(ctx, n, 3).t, 'input_bit_width');
  const outScale = modern ? constIn(ctx, n, 4).t : null;
  const outBits = scalarOf(ctx, n, constIn(ctx, n, modern ? 6 : 4).t, 'output_bit_width');
  const rounding = roundingAttr(ctx, n, 'FLOOR');
  const signed = attrInt(n, 'signed', 1) !== 0;
  const narrow = attrInt(n, 'narrow', 0) !== 0;
  const s0 = scalarOf(ctx, n, s, 'scale');
  const z0 = scalarOf(ctx, n, z, 'zeropt');
  const os = outScale === null ? s0 : scalarOf(ctx, n, outScale, 'output scale');
  const t = modern ? 2 ** Math.round(Math.log2(os / s0)) : 2 ** (inBits - outBits);
  // the quantizer on the grid s·t; old Trunc then divides the value by t again (its output keeps scale s)
  const post = modern ? os / (s0 * t) : 1 / t;
  const bits = modern ? outBits : 53;
  const x = input(ctx, n, 0);
  if (x.kind === 'const') {
    const [lo, hi] = modern ? quantRange(bits, signed, narrow) : [-Infinity, Infinity];
    const data = x.t.data.map((v) => {
      const q = Math.min(Math.max(roundQuant(rounding, roundQuant('ROUND', v / s0 + z0) / t), lo), hi);
      return modern ? (q - z0 / t) * os : (q - z0) * s0;
    });
    return [{ kind: 'const', t: { dims: x.t.dims, data, dtype: DT.FLOAT } }];
  }
  if (!modern && z0 !== 0) fail('E206', { attr: 'zeropt', value: z0, supported: '0 for a 5-input Trunc' }, ctx.loc(n));
  const scale = { shape: [], data: Float64Array.of(s0 * t) };
  const zeroPoint = { shape: [], data: Float64Array.of(z0 / t) };
  const type = modern ? quantType(scale.data, zeroPoint.data, bits, signed, narrow, rounding) : null;
  const q = emitQuantize(ctx, x, scale, zeroPoint, { type, bits, signed: modern ? signed : true, narrow: modern && narrow, rounding });
  if (post === 1) return [q];
  const m = ctx.emit({ op: { kind: 'constant_op', mode: 'mul', constant: { shape: [], data: Float64Array.of(post) }, constantFirst: false }, inputs: [q.node], layerClass: 'ApplyAlpha', suffix: 'rescale' });
  return [{ ...q, node: m }];
}

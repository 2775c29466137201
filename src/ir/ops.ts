/**
 * The operations of nnfab's graph IR: a discriminated union on `kind`.
 *
 * Conventions (all ops):
 * - Tensors are channels-last, as hardware streams them. Shapes never include the batch dimension.
 * - Spatial ops have `rank` 1 (shape [W, C]) or 2 (shape [H, W, C]).
 * - Weights are float64 arrays holding the model's values exactly (float32 values widened, or
 *   already-quantized values from QKeras/QONNX quantizers).
 */
import type { FixedType } from './fixed-type.js';

/** A constant tensor: row-major data with a shape. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/**
 * How a model declares its weights to be quantized (QKeras quantizers, QONNX Quant on weights).
 * - fixed: values are exactly representable in `type`.
 * - po2: every value is 0 or ±2^e; hls4ml stores (sign, exponent) with an exponent type `int<width>`.
 * - binary: values ±1 (hls4ml: 1-bit, 0 encodes −1); ternary: values in {−1, 0, 1}.
 * `scale` (per output channel, from QKeras alpha or QONNX scale) multiplies the stored values when present.
 */
export type WeightQuant =
  | { readonly kind: 'fixed'; readonly type: FixedType }
  | { readonly kind: 'po2'; readonly width: number; readonly maxExponent?: number }
  | { readonly kind: 'binary' }
  | { readonly kind: 'ternary' };

/** Table-free and table-based element-wise activation functions. */
export type ActivationFn =
  | 'linear'
  | 'relu'
  | 'leaky_relu'
  | 'thresholded_relu'
  | 'elu'
  | 'selu'
  | 'sigmoid'
  | 'hard_sigmoid'
  | 'hard_tanh'
  | 'tanh'
  | 'softplus'
  | 'softsign'
  | 'binary_tanh'
  | 'ternary_tanh';

export interface InputOp {
  readonly kind: 'input';
}
/** y[..., j] = bias[j] + Σ_i x[..., i] · weight[i, j]; weight shape [nIn, nOut]. */
export interface DenseOp {
  readonly kind: 'dense';
  readonly weight: Tensor;
  readonly bias: Tensor | null;
}
/**
 * Convolution, channels-last. weight shape [k, cin/groups, cout] (rank 1) or [kh, kw, cin/groups, cout] (rank 2).
 * pads: [begin..., end...] per spatial axis, e.g. [top, left, bottom, right]. Depthwise: groups === cin.
 */
export interface ConvOp {
  readonly kind: 'conv';
  readonly rank: 1 | 2;
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly pads: readonly number[];
  readonly groups: number;
}
/** y = x · scale[c] + bias[c], c the last axis. */
export interface BatchNormOp {
  readonly kind: 'batchnorm';
  readonly scale: Tensor;
  readonly bias: Tensor;
}
/**
 * Element-wise activation. alpha: leaky_relu slope, elu/selu alpha, thresholded_relu theta,
 * hard_sigmoid slope; beta: hard_sigmoid shift, selu scale.
 */
export interface ActivationOp {
  readonly kind: 'activation';
  readonly fn: ActivationFn;
  readonly alpha?: number;
  readonly beta?: number;
}
/** PReLU with a per-element (broadcast over leading axes) slope tensor. */
export interface PReluOp {
  readonly kind: 'prelu';
  readonly alpha: Tensor;
}
/** y = min(max(x, min), max); relu6 is clip(0, 6). */
export interface ClipOp {
  readonly kind: 'clip';
  readonly min: number;
  readonly max: number;
}
/** Softmax over `axis` (an axis of the shape without batch; −1 means last). */
export interface SoftmaxOp {
  readonly kind: 'softmax';
  readonly axis: number;
}
/** Max/average pooling; pads [begin..., end...]; countIncludePad for average pooling. */
export interface PoolOp {
  readonly kind: 'pool';
  readonly mode: 'max' | 'avg';
  readonly rank: 1 | 2;
  readonly size: readonly number[];
  readonly strides: readonly number[];
  readonly pads: readonly number[];
  readonly countIncludePad: boolean;
}
/** Global max/average pooling over all spatial axes: [.., C] → [C]. */
export interface GlobalPoolOp {
  readonly kind: 'global_pool';
  readonly mode: 'max' | 'avg';
  readonly rank: 1 | 2;
}
/** Reinterpret the row-major data with a new shape (Flatten, Reshape). */
export interface ReshapeOp {
  readonly kind: 'reshape';
  readonly shape: readonly number[];
  readonly flatten: boolean;
}
/** Permute axes (perm over the shape without batch). */
export interface TransposeOp {
  readonly kind: 'transpose';
  readonly perm: readonly number[];
}
/** Element-wise merge of two or more same-shape inputs. */
export interface MergeOp {
  readonly kind: 'merge';
  readonly mode: 'add' | 'sub' | 'mul' | 'div' | 'avg' | 'max' | 'min';
}
/** Element-wise arithmetic with a constant broadcast to the input shape (numpy rules, no batch axis). */
export interface ConstantOp {
  readonly kind: 'constant_op';
  readonly mode: 'add' | 'sub' | 'mul' | 'div';
  readonly constant: Tensor;
  /** true: constant ∘ x (e.g. c − x); false: x ∘ constant. */
  readonly constantFirst: boolean;
}
/** Concatenate inputs along `axis` (non-negative, without batch). */
export interface ConcatOp {
  readonly kind: 'concat';
  readonly axis: number;
}
/** Zero padding; pads [begin..., end...] over every axis of the shape without batch. */
export interface PadOp {
  readonly kind: 'pad';
  readonly pads: readonly number[];
}
/** Keep [starts, ends) on every axis (Cropping, Slice). */
export interface SliceOp {
  readonly kind: 'slice';
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}
/** Nearest-neighbour upsampling of the spatial axes by integer factors. */
export interface UpsampleOp {
  readonly kind: 'upsample';
  readonly rank: 1 | 2;
  readonly scales: readonly number[];
}
/**
 * Explicit quantization, the float meaning of QONNX Quant / QKeras activation quantizers:
 * q = clamp(round(x / scale + zeroPoint), lo, hi); y = (q − zeroPoint) · scale.
 * When scale is a power of two and zeroPoint 0, `type` is the exact fixed type it equals.
 */
export interface QuantizeOp {
  readonly kind: 'quantize';
  readonly type: FixedType | null;
  readonly scale: Tensor;
  readonly zeroPoint: Tensor;
  readonly bits: number;
  readonly signed: boolean;
  readonly narrow: boolean;
  readonly rounding: 'ROUND' | 'ROUND_TO_ZERO' | 'CEIL' | 'FLOOR' | 'HALF_EVEN';
}
/** Copy (Identity, Dropout at inference); removed by the passes. */
export interface IdentityOp {
  readonly kind: 'identity';
  readonly reason: 'identity' | 'dropout';
}

/** Every IR operation. */
export type Op =
  | InputOp
  | DenseOp
  | ConvOp
  | BatchNormOp
  | ActivationOp
  | PReluOp
  | ClipOp
  | SoftmaxOp
  | PoolOp
  | GlobalPoolOp
  | ReshapeOp
  | TransposeOp
  | MergeOp
  | ConstantOp
  | ConcatOp
  | PadOp
  | SliceOp
  | UpsampleOp
  | QuantizeOp
  | IdentityOp;

/** The discriminant of every op. */
export type OpKind = Op['kind'];
/** The op type for a given kind. */
export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;

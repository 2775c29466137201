/** The table of node converters, by domain and op type. */
import type { Ctx, Value } from './context.js';
import { CHANNELS_LAST_DOMAIN, convertBatchNorm, convertConv, convertGlobalPool, convertPool } from './convert-conv.js';
import { convertGemm, convertMatMul } from './convert-dense.js';
import { ACTIVATIONS, convertBinary, convertClip, convertIdentity, convertPRelu, convertSoftmax, convertVariadic } from './convert-elementwise.js';
import { convertBipolarQuant, convertDequantizeLinear, convertQuant, convertQuantizeLinear, convertTrunc } from './convert-quant.js';
import { convertConcat, convertFlatten, convertPad, convertReshape, convertResize, convertSqueeze, convertTranspose } from './convert-shape.js';
import { convertCast, convertGather, convertHardSwish, convertNeg, convertReduce, convertSlice, convertSplit } from './convert-extra.js';
import type { OnnxNode } from './model.js';

/** Converts one ONNX node into IR nodes; returns the values of its outputs. */
export type Converter = (ctx: Ctx, n: OnnxNode) => Value[];

const STANDARD: Record<string, Converter> = {
  ...ACTIVATIONS,
  Gemm: convertGemm,
  MatMul: convertMatMul,
  Conv: convertConv,
  MaxPool: convertPool,
  AveragePool: convertPool,
  GlobalAveragePool: convertGlobalPool,
  GlobalMaxPool: convertGlobalPool,
  BatchNormalization: convertBatchNorm,
  PRelu: convertPRelu,
  Clip: convertClip,
  Softmax: convertSoftmax,
  Identity: convertIdentity,
  Dropout: convertIdentity,
  Add: convertBinary,
  Sub: convertBinary,
  Mul: convertBinary,
  Div: convertBinary,
  Sum: convertVariadic,
  Max: convertVariadic,
  Min: convertVariadic,
  Mean: convertVariadic,
  Flatten: convertFlatten,
  Reshape: convertReshape,
  Transpose: convertTranspose,
  Squeeze: convertSqueeze,
  Unsqueeze: convertSqueeze,
  Concat: convertConcat,
  Pad: convertPad,
  Resize: convertResize,
  Upsample: convertResize,
  Cast: convertCast,
  Neg: convertNeg,
  Gather: convertGather,
  Split: convertSplit,
  HardSwish: convertHardSwish,
  Slice: convertSlice,
  ReduceMean: convertReduce,
  ReduceMax: convertReduce,
  QuantizeLinear: convertQuantizeLinear,
  DequantizeLinear: convertDequantizeLinear,
};

const QONNX: Record<string, Converter> = { Quant: convertQuant, BipolarQuant: convertBipolarQuant, Trunc: convertTrunc };
const CHANNELS_LAST: Record<string, Converter> = { Conv: convertConv, MaxPool: convertPool, BatchNormalization: convertBatchNorm };

const DOMAINS: Record<string, Record<string, Converter>> = {
  '': STANDARD,
  'ai.onnx': STANDARD,
  'qonnx.custom_op.general': QONNX,
  'onnx.brevitas': QONNX,
  'finn.custom_op.general': QONNX,
  [CHANNELS_LAST_DOMAIN]: CHANNELS_LAST,
};

/** The converter of a node, or null when nnfab does not support it. */
export function converterFor(n: OnnxNode): Converter | null {
  return DOMAINS[n.domain]?.[n.opType] ?? null;
}

/** Every supported op, for the unsupported-op error. */
export const SUPPORTED_OPS: readonly string[] = [
  ...Object.keys(STANDARD).sort(),
  'Shape/Gather/Cast/Constant/ConstantOfShape/Slice chains (folded)',
  ...Object.keys(QONNX).map((k) => `${k} (qonnx)`),
  ...Object.keys(CHANNELS_LAST).map((k) => `${k} (qonnx channels_last)`),
];

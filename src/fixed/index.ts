/**
 * nnfab's fixed-point arithmetic: the one definition of quantize / cast / add / mul for every ap_fixed rounding and
 * overflow mode. BigInt path (exact, any width) and float64 fast path (width ≤ 53), bit-identical.
 */
export {
  type FixedType,
  type RoundingMode,
  type OverflowMode,
  ROUNDING_MODES,
  OVERFLOW_MODES,
  MAX_WIDTH,
  fracBits,
  fixedType,
  intType,
  isIntType,
  sameType,
  parseFixedType,
  formatFixedType,
  formatCppType,
} from '../ir/fixed-type.js';
export { minRaw, maxRaw, lowRaw, lsb, lsbExponent, minValue, maxValue, pow2, scalePow2 } from './range.js';
export { decomposeDouble, type Decomposed } from './decompose.js';
export { applyOverflow, type CastEvent, type CastResult } from './overflow.js';
export { quantize, quantizeToRaw, cast, castRaw, convertExact, roundIncrement } from './convert.js';
export {
  FAST_MAX_WIDTH,
  fitsFast,
  quantizeNumber,
  castNumber,
  quantizeArray,
  castArray,
  makeCaster,
  makeQuantizer,
} from './fast.js';
export { type OverflowCounts, newOverflowCounts, countEvent, addCounts, totalEvents } from './counts.js';
export {
  addType,
  subType,
  mulType,
  divByIntType,
  addRaw,
  subRaw,
  mulRaw,
  compareRaw,
  divByIntRaw,
  toIntRaw,
  divByIntNumber,
  toIntNumber,
} from './growth.js';
export { rawToDecimal, rawToNumber, parseDecimal } from './decimal.js';
export { describeType, fixedReport, type TypeDescription, type FixedReport, type QuantizedValue } from './describe.js';

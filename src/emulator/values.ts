/** The values flowing through the emulator: raw integers of a fixed-point type, one batch at a time. */
import type { FixedType } from '../ir/fixed-type.js';
import { fracBits } from '../ir/fixed-type.js';
import type { Node } from '../ir/graph.js';
import { fail } from '../diagnostics/errors.js';
import type { StatsRecorder } from './stats.js';

/**
 * A batch of values of one node: `raw[b·size + k]` is the raw integer (value·2^F) of element k of sample b.
 * Raw integers are exact in float64: types up to 53 bits always, wider types as long as the values fit (arith.ts
 * converts into them through BigInt and fails with E508 otherwise).
 */
export interface FixedTensor {
  readonly type: FixedType;
  readonly shape: readonly number[];
  readonly raw: Float64Array;
}

/** What every kernel receives besides its operands. */
export interface KernelContext {
  readonly batch: number;
  readonly stats: StatsRecorder;
  /** Force one product-accumulate kernel for every Dense/Conv (tests, debugging); default: chosen from widths. */
  readonly matmulPath?: 'fast' | 'scalar' | 'general' | 'big';
}

/** Widest type whose raw integers stay exact in float64 arithmetic (sums of two need one more bit). */
export const MAX_NUMBER_WIDTH = 52;

/** The float values of a tensor (raw · 2^-F), into `out` when given (of the tensor's length). */
export function toFloat(t: FixedTensor, out: Float64Array = new Float64Array(t.raw.length)): Float64Array {
  const scale = 2 ** -fracBits(t.type);
  for (let i = 0; i < out.length; i++) out[i] = t.raw[i]! * scale;
  return out;
}

/** The result type of a quantized node; a missing type is an nnfab bug in the passes, reported as a user error. */
export function resultType(node: Node): FixedType {
  const t = node.types?.result;
  if (t === undefined) fail('E501', { node: node.name }, { node: node.name, opType: node.source.opType });
  return t;
}

/** Elements per sample of a shape. */
export function elems(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

/**
 * Per-layer operation counts and rough, documented cost estimates for io_parallel designs. The estimates are first
 * guides only: the report shows synthesis (Yosys) and vendor figures beside them whenever those exist.
 *
 * Model (kept deliberately simple so that a user can reason about it):
 * - multipliers = ⌈nonzero multiplications per pass / reuse factor⌉ (a Conv computes one output pixel per pass);
 * - a multiplier is a DSP when both operands are at least 10 bits wide (narrower products are cheaper in LUTs, which
 *   is what the vendor tools do), otherwise ≈ wIn·wW/2 LUTs; every addition costs ≈ one LUT per accumulator bit;
 * - latency in cycles: passes × reuse factor + ⌈log2(additions per output)/3⌉ adder-tree stages + 1 register stage;
 *   element-wise activations 1 cycle, table lookups 2, softmax 4 + ⌈log2 n / 3⌉, shape-only ops 0.
 */
import { assertNever } from '../diagnostics/errors.js';
import { sizeOf, type Node } from '../ir/graph.js';
import type { Tensor } from '../ir/ops.js';

/** Operation counts of one node (per sample). */
export interface OpCounts {
  readonly multiplications: number;
  readonly nonzeroMultiplications: number;
  readonly weights: number;
  readonly nonzeroWeights: number;
  /** Multiplications of one pass (one output pixel for Conv; the whole layer otherwise). */
  readonly perPass: number;
  readonly passes: number;
  /** Additions per output value (fan-in of the adder tree). */
  readonly fanIn: number;
}

function nnz(t: Tensor | null): number {
  if (t === null) return 0;
  let c = 0;
  for (const v of t.data) if (v !== 0) c++;
  return c;
}
const len = (t: Tensor | null): number => (t === null ? 0 : t.data.length);

const NONE: OpCounts = { multiplications: 0, nonzeroMultiplications: 0, weights: 0, nonzeroWeights: 0, perPass: 0, passes: 1, fanIn: 0 };

/** Element-wise multiplications over the whole output. */
function elementwise(node: Node, params: Tensor | null): OpCounts {
  const n = sizeOf(node.shape);
  return { ...NONE, multiplications: n, nonzeroMultiplications: n, perPass: n, weights: len(params), nonzeroWeights: nnz(params) };
}

/** Multiplications and weights of a node. */
export function opCounts(node: Node): OpCounts {
  const op = node.op;
  switch (op.kind) {
    case 'dense':
    case 'conv': {
      const cout = op.weight.shape[op.weight.shape.length - 1]!;
      const nzw = nnz(op.weight);
      // Conv: one output pixel per pass; Dense on a >1-D input applies the same weights to every leading position.
      const positions = sizeOf(node.shape) / cout;
      const conv = op.kind === 'conv';
      const fanIn = op.weight.data.length / cout;
      return {
        multiplications: positions * op.weight.data.length,
        nonzeroMultiplications: positions * nzw,
        weights: len(op.weight) + len(op.bias),
        nonzeroWeights: nzw + nnz(op.bias),
        perPass: conv ? nzw : positions * nzw,
        passes: conv ? positions : 1,
        fanIn,
      };
    }
    case 'batchnorm':
      return { ...elementwise(node, op.scale), weights: len(op.scale) + len(op.bias), nonzeroWeights: nnz(op.scale) + nnz(op.bias) };
    case 'prelu':
      return elementwise(node, op.alpha);
    case 'constant_op':
      return op.mode === 'mul' || op.mode === 'div' ? elementwise(node, op.constant) : { ...NONE, weights: len(op.constant), nonzeroWeights: nnz(op.constant) };
    case 'merge':
      return op.mode === 'mul' ? elementwise(node, null) : NONE;
    case 'softmax':
      return elementwise(node, null);
    case 'input': case 'activation': case 'clip': case 'pool': case 'global_pool': case 'reshape': case 'transpose':
    case 'concat': case 'pad': case 'slice': case 'upsample': case 'quantize': case 'identity':
      return NONE;
    default:
      return assertNever(op, 'op');
  }
}

/** Latency of a node in cycles, before its inputs are ready (see the model above). */
export function latencyCycles(node: Node, counts: OpCounts, reuseFactor: number): number {
  const op = node.op;
  switch (op.kind) {
    case 'dense':
    case 'conv':
      return counts.passes * reuseFactor + Math.ceil(Math.log2(Math.max(2, counts.fanIn)) / 3) + 1;
    case 'batchnorm': case 'prelu': case 'constant_op': case 'merge': case 'clip': case 'quantize': case 'pool': case 'global_pool':
      return 1;
    case 'activation':
      return op.fn === 'relu' || op.fn === 'linear' || op.fn === 'leaky_relu' || op.fn === 'thresholded_relu' ? 1 : 2;
    case 'softmax':
      return 4 + Math.ceil(Math.log2(Math.max(2, node.shape[node.shape.length - 1] ?? 2)) / 3);
    case 'input': case 'reshape': case 'transpose': case 'concat': case 'pad': case 'slice': case 'upsample': case 'identity':
      return 0;
    default:
      return assertNever(op, 'op');
  }
}

/** DSP and LUT estimate of a node given operand and accumulator widths. */
export function resourceEstimate(counts: OpCounts, reuseFactor: number, widths: { input: number; weight: number; accum: number }): { dsp: number; lut: number } {
  const multipliers = Math.ceil(counts.perPass / Math.max(1, reuseFactor));
  const useDsp = Math.min(widths.input, widths.weight) >= 10;
  const additions = Math.max(0, counts.perPass - (counts.fanIn > 0 ? counts.perPass / counts.fanIn : 0));
  const adderLuts = Math.ceil(additions / Math.max(1, reuseFactor)) * widths.accum;
  return {
    dsp: useDsp ? multipliers : 0,
    lut: (useDsp ? 0 : Math.ceil((multipliers * widths.input * widths.weight) / 2)) + adderLuts,
  };
}

/**
 * THE list of passes, in order. A float Graph plus a configuration becomes a quantized Graph in which every node
 * has `types` and `config`. The order follows hls4ml: types are configured when layers are created, linear
 * activations and BatchNorms are removed while 'auto' is still visible, then 'auto' types are inferred.
 */
import { fail } from '../diagnostics/errors.js';
import type { Graph } from '../ir/graph.js';
import { printGraph } from '../ir/print.js';
import { verifyGraph } from '../ir/verify.js';
import type { Pass, PassContext } from './context.js';
import { canonicalize } from './canonicalize.js';
import { applyConfig } from './apply-config.js';
import { removeLinear } from './remove-linear.js';
import { foldBatchNorm } from './fold-batchnorm.js';
import { skipSoftmax } from './skip-softmax.js';
import { inferPrecision } from './infer-precision.js';
import { quantizeWeights } from './quantize-weights.js';
import { binaryTanh } from './binary-tanh.js';
import { safeTypes } from './safe-types.js';
import { softmaxTableSize } from './softmax-table-size.js';

/** One pipeline step; `enabled` decides from the context whether it runs (opt-in passes). */
export interface PipelineStep {
  readonly name: string;
  readonly run: Pass;
  /** From this pass on, every node carries types and config (the verifier checks it). */
  readonly typed: boolean;
  readonly enabled?: (ctx: PassContext) => boolean;
}

/** The passes, in order. */
export const PIPELINE: readonly PipelineStep[] = [
  { name: 'canonicalize', run: canonicalize, typed: false },
  { name: 'applyConfig', run: applyConfig, typed: true },
  { name: 'removeLinear', run: removeLinear, typed: true },
  { name: 'foldBatchNorm', run: foldBatchNorm, typed: true },
  { name: 'skipSoftmax', run: skipSoftmax, typed: true },
  { name: 'inferPrecision', run: inferPrecision, typed: true },
  { name: 'binaryTanh', run: binaryTanh, typed: true },
  { name: 'quantizeWeights', run: quantizeWeights, typed: true },
  { name: 'safeTypes', run: safeTypes, typed: true, enabled: (ctx) => ctx.config.safeTypes },
  { name: 'softmaxTableSize', run: softmaxTableSize, typed: true },
];

/** Names of all passes, for `--dump-after`. */
export const PASS_NAMES: readonly string[] = PIPELINE.map((p) => p.name);

/** Options of one run. */
export interface PipelineOptions {
  /** Print the graph after this pass (its text is returned as `dump`). */
  readonly dumpAfter?: string;
  /** Run the verifier after every pass (default true; it is cheap). */
  readonly verify?: boolean;
}

/** The quantized graph and what the run decided. */
export interface PipelineResult {
  readonly graph: Graph;
  readonly ctx: PassContext;
  readonly dump?: string;
}

/** Run every enabled pass in order, verifying after each; the verifier's error names the pass that broke the graph. */
export function runPipeline(graph: Graph, ctx: PassContext, opts: PipelineOptions = {}): PipelineResult {
  if (opts.dumpAfter !== undefined && !PASS_NAMES.includes(opts.dumpAfter)) {
    fail('E409', { name: opts.dumpAfter, passes: PASS_NAMES.join(', ') });
  }
  let g = graph;
  let dump: string | undefined;
  if (opts.verify !== false) verifyGraph(g, { after: '(input)' });
  for (const step of PIPELINE) {
    if (step.enabled !== undefined && !step.enabled(ctx)) continue;
    g = step.run(g, ctx);
    if (opts.verify !== false) verifyGraph(g, { after: step.name, quantized: step.typed });
    if (step.name === opts.dumpAfter) dump = printGraph(g);
  }
  return { graph: g, ctx, ...(dump !== undefined ? { dump } : {}) };
}

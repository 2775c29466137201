/**
 * runFixed: run a quantized graph bit-exactly, as hls4ml's C simulation computes it, on a batch of inputs, on the
 * calling thread (rows.ts shares large batches between threads). Every node's values are raw integers of its result
 * type; the outputs come back as float64 values.
 */
import { fracBits, type FixedType } from '../ir/fixed-type.js';
import type { Graph, Node } from '../ir/graph.js';
import { isOp, sizeOf, valueSizes } from '../ir/graph.js';
import { assertNever, fail } from '../diagnostics/errors.js';
import { runActivation, runClip, runPRelu } from './activations.js';
import { runConv, runDense } from './dense.js';
import { chainLength, planChain, runChain, type ChainPolicy } from './dense-chain.js';
import { quantizeRaw } from './quantize-kernel.js';
import { runBatchNorm, runConstantOp, runMerge, runQuantize } from './merge.js';
import { runGlobalPool, runPool } from './pooling.js';
import { runConcat, runMovement, runReshape } from './reshape.js';
import { runSoftmax } from './softmax.js';
import { StatsRecorder, type PointStats, type RunStats } from './stats.js';
import { resultType, toFloat, type FixedTensor, type KernelContext } from './values.js';

/** Options of a fixed-point run. */
export interface RunFixedOptions {
  /** Return every node's values (true) or those of the named nodes, as float64, keyed by node name. */
  readonly trace?: boolean | readonly string[];
  /** Keep the raw integers of every node (for tests and bit-level comparisons). */
  readonly keepRaw?: boolean;
  /** Force one Dense/Conv kernel: 'big' is the exact BigInt reference every faster kernel must equal. */
  readonly matmulPath?: 'fast' | 'scalar' | 'general' | 'big';
  /** Write the outputs into these arrays (one per graph output, batch × size values each) instead of new ones. */
  readonly into?: readonly Float64Array[];
}

/** The result of a fixed-point run. */
export interface FixedRun {
  /** One array per graph output: batch × size float64 values of the fixed results. */
  readonly outputs: Float64Array[];
  /** Traced node values (float64), keyed by node name, in graph order. */
  readonly trace: Map<string, Float64Array>;
  /** Overflow counts per node and conversion point. */
  readonly stats: RunStats;
  /** Raw values per node (when keepRaw). */
  readonly raw: Map<string, FixedTensor>;
}

/** Run a quantized graph on `inputs` (one Float64Array per graph input, batch·size values each, row-major). */
export function runFixed(graph: Graph, inputs: readonly Float64Array[], batch: number, opts: RunFixedOptions = {}): FixedRun {
  checkInputs(graph, inputs, batch);
  if (opts.into !== undefined) checkInto(graph, opts.into, batch);
  const stats = new StatsRecorder();
  const ctx: KernelContext = { batch, stats, ...(opts.matmulPath ? { matmulPath: opts.matmulPath } : {}) };
  const values = new Map<string, FixedTensor>();
  const lastUse = lastUses(graph);
  const trace = new Map<string, Float64Array>();
  const raw = new Map<string, FixedTensor>();
  const traced = (name: string): boolean => opts.trace === true || (Array.isArray(opts.trace) && opts.trace.includes(name));
  const st: RunState = { graph, nodes: graph.nodes, inputs, values, ctx, policy: chainPolicy(graph, opts, traced), fuse: opts.matmulPath === undefined };
  for (let idx = 0; idx < graph.nodes.length; ) {
    const { count, out } = step(st, idx);
    const last = graph.nodes[idx + count - 1]!;
    values.set(last.name, out);
    if (traced(last.name) && !isOp(last, 'input')) trace.set(last.name, toFloat(out));
    if (opts.keepRaw) raw.set(last.name, out);
    for (let q = idx; q < idx + count; q++) {
      for (const i of graph.nodes[q]!.inputs) if (lastUse.get(i) === q && !graph.outputs.includes(i)) values.delete(i);
    }
    idx += count;
  }
  const outputs = graph.outputs.map((o, k) => toFloat(values.get(o)!, opts.into?.[k]));
  return { outputs, trace, stats: stats.result(), raw };
}

/** The output arrays a caller gives: one per output, of the output's batch size (an nnfab bug otherwise). */
function checkInto(graph: Graph, into: readonly Float64Array[], batch: number): void {
  const sizes = valueSizes(graph, graph.outputs);
  if (into.length !== sizes.length || into.some((a, k) => a.length !== batch * sizes[k]!)) {
    throw new Error(`runFixed: 'into' must hold ${sizes.length} arrays of ${sizes.map((s) => batch * s).join(', ')} values`);
  }
}

function checkInputs(graph: Graph, inputs: readonly Float64Array[], batch: number): void {
  if (inputs.length !== graph.inputs.length) fail('E503', { expected: graph.inputs.length, got: inputs.length });
  graph.inputs.forEach((name, k) => {
    const node = graph.nodes.find((n) => n.name === name)!;
    const size = sizeOf(node.shape);
    const got = inputs[k]!.length;
    if (got !== batch * size) {
      fail('E504', { input: name, got, batch, size, expected: batch * size, shape: `[${node.shape.join(', ')}]` }, { node: name });
    }
  });
}

/** What stepping through the graph needs. */
interface RunState {
  readonly graph: Graph;
  readonly nodes: readonly Node[];
  readonly inputs: readonly Float64Array[];
  readonly values: Map<string, FixedTensor>;
  readonly ctx: KernelContext;
  readonly policy: ChainPolicy;
  /** Fused Dense chains allowed (not when a kernel is forced). */
  readonly fuse: boolean;
}

/** Run the node at idx, or the fused chain starting there: how many nodes it covered and the last one's value. */
function step(s: RunState, idx: number): { count: number; out: FixedTensor } {
  const node = s.nodes[idx]!;
  if (isOp(node, 'input')) return inputStep(s, idx);
  const ins = node.inputs.map((i) => s.values.get(i)!);
  if (isOp(node, 'dense') && s.fuse) {
    const chain = planChain(s.nodes, idx, ins[0]!, s.policy);
    const v = chain === null ? null : runChain(chain, ins[0]!, s.ctx);
    if (v !== null) return { count: chainLength(chain!), out: v };
  }
  s.ctx.stats.beginNode(node.name, node.op.kind);
  return { count: 1, out: runNode(node, ins, s.ctx) };
}

/**
 * A network input; when only a fused chain reads it, it is quantized straight into the chain's int32 input (no
 * float64 copy of the raw values).
 */
function inputStep(s: RunState, idx: number): { count: number; out: FixedTensor } {
  const node = s.nodes[idx]!;
  const x = s.inputs[s.graph.inputs.indexOf(node.name)]!;
  s.ctx.stats.beginNode(node.name, node.op.kind);
  const next = s.nodes[idx + 1];
  const alone = next !== undefined && next.inputs.length === 1 && next.inputs[0] === node.name && !s.policy.observed(node.name);
  if (s.fuse && alone && isOp(next, 'dense')) {
    const t = resultType(node);
    const shell: FixedTensor = { type: t, shape: node.shape, raw: new Float64Array(0) };
    const chain = planChain(s.nodes, idx + 1, shell, s.policy);
    const p = s.ctx.stats.point('input', t);
    const v = chain === null ? null : runChain(chain, shell, s.ctx, { x, point: p });
    if (v !== null) return { count: 1 + chainLength(chain!), out: v };
  }
  return { count: 1, out: quantizeInput(node, x, s.ctx) };
}

/** A value may stay inside a fused chain when nobody outside it observes it. */
function chainPolicy(graph: Graph, opts: RunFixedOptions, traced: (name: string) => boolean): ChainPolicy {
  const readers = new Map<string, number>();
  for (const n of graph.nodes) for (const i of n.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  const outputs = new Set(graph.outputs);
  return { observed: (name) => opts.keepRaw === true || traced(name) || outputs.has(name) || readers.get(name) !== 1 };
}

/** Index of the last node reading each value. */
function lastUses(graph: Graph): Map<string, number> {
  const m = new Map<string, number>();
  graph.nodes.forEach((n, idx) => n.inputs.forEach((i) => m.set(i, idx)));
  return m;
}

/** Network input: float → input type with that type's rounding and overflow. */
function quantizeInput(node: Node, x: Float64Array, ctx: KernelContext): FixedTensor {
  const t = resultType(node);
  const out = new Float64Array(x.length);
  quantizeRaw(x, t, ctx.stats.point('input', t), out);
  return { type: t, shape: node.shape, raw: out };
}

/** Dispatch one node to its kernel. */
function runNode(node: Node, ins: readonly FixedTensor[], ctx: KernelContext): FixedTensor {
  const x = ins[0]!;
  const op = node.op;
  switch (op.kind) {
    case 'input':
      return fail('E505', { node: node.name, op: op.kind, reason: 'an input node with operands' }, { node: node.name });
    case 'dense':
      return runDense(node as Node<typeof op>, x, ctx, ctx.matmulPath);
    case 'conv':
      return runConv(node as Node<typeof op>, x, ctx, ctx.matmulPath);
    case 'batchnorm':
      return runBatchNorm(node as Node<typeof op>, x, ctx);
    case 'activation':
      return runActivation(node as Node<typeof op>, x, ctx);
    case 'prelu':
      return runPRelu(node as Node<typeof op>, x, ctx);
    case 'clip':
      return runClip(node as Node<typeof op>, x, ctx);
    case 'softmax':
      return runSoftmax(node as Node<typeof op>, x, ctx);
    case 'pool':
      return runPool(node as Node<typeof op>, x, ctx);
    case 'global_pool':
      return runGlobalPool(node as Node<typeof op>, x, ctx);
    case 'reshape':
    case 'identity':
      return runReshape(node as Node<typeof op>, x, ctx);
    case 'merge':
      return runMerge(node as Node<typeof op>, ins, ctx);
    case 'constant_op':
      return runConstantOp(node as Node<typeof op>, x, ctx);
    case 'concat':
      return runConcat(node as Node<typeof op>, ins, ctx);
    case 'transpose':
    case 'pad':
    case 'slice':
    case 'upsample':
      return runMovement(node as Node<typeof op>, x, ctx);
    case 'quantize':
      return runQuantize(node as Node<typeof op>, x, ctx);
    default:
      return assertNever(op, 'op');
  }
}

/** Float64 values of raw integers of a node's result type (for callers holding raw values). */
export function rawToFloat(node: Node, raw: Float64Array): Float64Array {
  const s = 2 ** -fracBits(resultType(node));
  return raw.map((v) => v * s);
}

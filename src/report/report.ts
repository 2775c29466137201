/**
 * Build the typed Report from plain data: a (quantized) graph, optional per-node float and fixed-point values of a
 * profiling run, optional overflow statistics, accuracy figures and backend results. Nothing here runs a model.
 */
import { assertNever } from '../diagnostics/errors.js';
import { TYPE_VARS, type Graph, type Node, type NodeTypes } from '../ir/graph.js';
import { VERSION } from '../version.js';
import { latencyCycles, opCounts, resourceEstimate } from './estimate.js';
import { findingsOf } from './findings.js';
import { boxStats, layerError, typeInfo } from './stats.js';
import type { AccuracyInfo, BackendResult, LayerReport, OverflowPoint, Report, TypeInfo } from './types.js';

/** Per-node values: a Map or a plain record from node name to batch·size values (row-major). */
export type NodeValues = ReadonlyMap<string, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>>;

/** Overflow statistics of one node, structurally the emulator's NodeStats. */
export interface NodeOverflowInput {
  readonly node: string;
  readonly points: ReadonlyArray<{
    readonly point: string;
    readonly type: string;
    readonly total: number;
    readonly counts: { readonly outOfRange: number; readonly wrapped: number; readonly saturated: number; readonly zeroed: number; readonly nonFinite: number };
  }>;
}

/** Everything a report can be built from; only the graph is required. */
export interface ReportInput {
  readonly graph: Graph;
  /** Output values of every node in the float reference run. */
  readonly float?: NodeValues;
  /** Output values of every node in the fixed-point run (same samples). */
  readonly fixed?: NodeValues;
  /** Number of samples behind `float` / `fixed`. */
  readonly samples?: number;
  readonly overflow?: readonly NodeOverflowInput[];
  readonly accuracy?: AccuracyInfo;
  readonly backends?: readonly BackendResult[];
  /** Clock period in ns (the configuration's ClockPeriod), to show latency in time. */
  readonly clockPeriod?: number;
}

function valuesOf(v: NodeValues | undefined, name: string): ArrayLike<number> | undefined {
  if (v === undefined) return undefined;
  return v instanceof Map ? v.get(name) : (v as Readonly<Record<string, ArrayLike<number>>>)[name];
}

/** A short human description of a node's operation. */
export function describeOp(node: Node, inputShape: readonly number[] | undefined): string {
  const op = node.op;
  const last = (s: readonly number[] | undefined): number | string => (s && s.length > 0 ? s[s.length - 1]! : '?');
  switch (op.kind) {
    case 'dense': return `${op.weight.shape[0]} → ${op.weight.shape[1]}`;
    case 'conv': {
      const k = op.weight.shape.slice(0, op.rank).join('×');
      const dw = op.groups > 1 ? (op.groups === last(inputShape) ? ', depthwise' : `, ${op.groups} groups`) : '';
      return `kernel ${k}, ${last(inputShape)} → ${op.weight.shape[op.weight.shape.length - 1]} ch${dw}${op.strides.some((s) => s !== 1) ? `, stride ${op.strides.join('×')}` : ''}`;
    }
    case 'batchnorm': return `${op.scale.data.length} channels`;
    case 'activation': return op.alpha !== undefined ? `${op.fn} (α=${op.alpha})` : op.fn;
    case 'prelu': return `${op.alpha.data.length} slopes`;
    case 'clip': return `[${op.min}, ${op.max}]`;
    case 'softmax': return `axis ${op.axis}`;
    case 'pool': return `${op.mode} ${op.size.join('×')}`;
    case 'global_pool': return `global ${op.mode}`;
    case 'reshape': return op.flatten ? 'flatten' : `→ [${op.shape.join(', ')}]`;
    case 'transpose': return `perm [${op.perm.join(', ')}]`;
    case 'merge': return op.mode;
    case 'constant_op': return `${op.mode} constant`;
    case 'concat': return `axis ${op.axis}`;
    case 'pad': return `pads [${op.pads.join(', ')}]`;
    case 'slice': return 'slice';
    case 'upsample': return `×${op.scales.join('×')}`;
    case 'quantize': return `${op.bits}-bit${op.signed ? '' : ' unsigned'}`;
    case 'identity': return op.reason;
    case 'input': return 'input';
    default: return assertNever(op, 'op');
  }
}

/** Every type of a node, keyed by hls4ml variable name. */
function typesOf(types: NodeTypes | undefined): Record<string, TypeInfo> {
  const out: Record<string, TypeInfo> = {};
  if (types === undefined) return out;
  for (const key of Object.keys(TYPE_VARS) as (keyof NodeTypes)[]) {
    const t = types[key];
    if (t !== undefined) out[TYPE_VARS[key]] = typeInfo(t);
  }
  return out;
}

function overflowOf(input: ReportInput, name: string): OverflowPoint[] | undefined {
  const s = input.overflow?.find((n) => n.node === name);
  return s?.points.map((p) => ({ point: p.point, type: p.type, total: p.total, ...p.counts }));
}

/** The weight and bias tensors of a node (for the weight profile). */
function paramTensors(node: Node): { weight?: Float64Array; bias?: Float64Array } {
  const op = node.op;
  switch (op.kind) {
    case 'dense': case 'conv': return { weight: op.weight.data, ...(op.bias ? { bias: op.bias.data } : {}) };
    case 'batchnorm': return { weight: op.scale.data, bias: op.bias.data };
    case 'prelu': return { weight: op.alpha.data };
    case 'constant_op': return { weight: op.constant.data };
    default: return {};
  }
}

/** The report entry of one node. */
function layerReport(input: ReportInput, node: Node, byName: ReadonlyMap<string, Node>): LayerReport {
  const types = typesOf(node.types);
  const counts = opCounts(node);
  const rf = node.config?.reuseFactor ?? 1;
  const src = byName.get(node.inputs[0] ?? '');
  const inWidth = src?.types?.result.width ?? 16;
  const est = resourceEstimate(counts, rf, { input: inWidth, weight: types.weight?.width ?? 16, accum: types.accum?.width ?? types.result?.width ?? 16 });
  const params = paramTensors(node);
  const fl = valuesOf(input.float, node.name);
  const fx = valuesOf(input.fixed, node.name);
  const samples = input.samples ?? 0;
  const overflow = overflowOf(input, node.name);
  return {
    name: node.name,
    kind: node.op.kind,
    layerClass: node.layerClass,
    detail: describeOp(node, src?.shape),
    inputs: node.inputs,
    shape: node.shape,
    types,
    reuseFactor: node.config?.reuseFactor ?? null,
    strategy: node.config?.strategy ?? null,
    multiplications: counts.multiplications,
    nonzeroMultiplications: counts.nonzeroMultiplications,
    weights: counts.weights,
    nonzeroWeights: counts.nonzeroWeights,
    estimate: { latencyCycles: latencyCycles(node, counts, rf), ...est },
    profile: {
      ...(params.weight ? { weight: boxStats(params.weight, types.weight) } : {}),
      ...(params.bias ? { bias: boxStats(params.bias, types.bias) } : {}),
      ...(fl ? { floatOutput: boxStats(fl, types.result) } : {}),
      ...(fx ? { fixedOutput: boxStats(fx, types.result) } : {}),
    },
    ...(fl && fx ? { error: layerError(fl, fx, samples) } : {}),
    ...(overflow ? { overflow } : {}),
  };
}

/** Longest path of latency estimates through the DAG (the design's latency when layers run back to back). */
function criticalLatency(graph: Graph, layers: readonly LayerReport[]): number {
  const finish = new Map<string, number>();
  for (const l of layers) {
    const start = Math.max(0, ...l.inputs.map((i) => finish.get(i) ?? 0));
    finish.set(l.name, start + l.estimate.latencyCycles);
  }
  return Math.max(0, ...graph.outputs.map((o) => finish.get(o) ?? 0));
}

/** Build the Report of a graph from whatever run data is available. */
export function buildReport(input: ReportInput): Report {
  const { graph } = input;
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const layers = graph.nodes.map((n) => layerReport(input, n, byName));
  const sum = (f: (l: LayerReport) => number): number => layers.reduce((a, l) => a + f(l), 0);
  const profiled = input.float !== undefined || input.fixed !== undefined ? (input.samples ?? 0) : 0;
  const base = {
    format: 'nnfab-report' as const,
    version: 1 as const,
    nnfab: VERSION,
    model: {
      name: graph.name,
      sourceFile: graph.sourceFile,
      inputs: graph.inputs,
      outputs: graph.outputs,
      quantized: graph.nodes.every((n) => n.types !== undefined),
      ...(input.clockPeriod !== undefined ? { clockPeriodNs: input.clockPeriod } : {}),
    },
    layers,
    totals: {
      multiplications: sum((l) => l.multiplications),
      nonzeroMultiplications: sum((l) => l.nonzeroMultiplications),
      weights: sum((l) => l.weights),
      nonzeroWeights: sum((l) => l.nonzeroWeights),
      dsp: sum((l) => l.estimate.dsp),
      lut: sum((l) => l.estimate.lut),
      latencyCycles: criticalLatency(graph, layers),
    },
    profiledSamples: profiled,
    ...(input.accuracy ? { accuracy: input.accuracy } : {}),
    backends: input.backends ?? [],
  };
  return { ...base, findings: findingsOf(base) };
}

/**
 * The library API mirroring hls4ml's verbs: `convert(model, config)` → an NnfabModel with `predict(x)`,
 * `trace(x)` (per-layer outputs keyed by hls4ml layer names), `stats()` (overflow counters of every layer and
 * conversion point since the model was converted or the stats were reset) and `compare(x)` (float vs fixed per layer).
 */
import type { Diagnostic } from '../diagnostics/errors.js';
import { fail } from '../diagnostics/errors.js';
import type { ProjectConfig } from '../ir/config.js';
import type { Graph } from '../ir/graph.js';
import { valueSizes } from '../ir/graph.js';
import { mergeRunStats, runFixed, runRows, type RunStats } from '../emulator/index.js';
import { runFloat } from '../emulator/float.js';
import type { TypeDecision } from '../passes/context.js';
import { quantizeGraph, readConfigFile, typedConfig, type HlsConfigObject } from './configure.js';
import { loadModel } from './load.js';
import { checkBatchMemory } from './limits.js';
import type { LayerComparison } from './compare.js';

/** Model inputs: a row-major batch, rows of numbers, or (multi-input models) one row-major array per input. */
export type ModelInput = Float64Array | Float32Array | readonly (readonly number[])[] | readonly Float64Array[];

/** Options of convert. */
export interface ConvertOptions {
  /** Weights file for Keras .json architectures. */
  readonly weights?: string;
  /** Input shape without batch, for models that leave it open. */
  readonly inputShape?: readonly number[];
  /** Overflow-safe types (interval analysis) on or off, whatever the configuration says. */
  readonly safeTypes?: boolean;
  /** Samples per emulator run (memory bound for large inputs); default 8192. */
  readonly chunk?: number;
  /** Most threads predict() shares a large batch between (default: the logical processors, at most 8). */
  readonly threads?: number;
}

/** A model converted to fixed point: hls4ml's ModelGraph verbs, run in process. */
export interface NnfabModel {
  /** The quantized graph (every node has types and config). */
  readonly graph: Graph;
  /** The float graph as loaded (before the passes). */
  readonly floatGraph: Graph;
  readonly config: ProjectConfig;
  readonly decisions: readonly TypeDecision[];
  readonly warnings: readonly Diagnostic[];
  /** Fixed-point predictions of the first output: batch × outputs values, row-major. */
  predict(x: ModelInput): Float64Array;
  /** Fixed-point predictions of every output. */
  predictAll(x: ModelInput): Float64Array[];
  /** Float64 reference predictions (the model before quantization). */
  predictFloat(x: ModelInput): Float64Array[];
  /** Predictions plus every layer's output (hls4ml layer names → batch × layer size values). */
  trace(x: ModelInput): { outputs: Float64Array[]; trace: Map<string, Float64Array> };
  /** Overflow counters accumulated by every predict/trace call since convert or resetStats. */
  stats(): RunStats;
  resetStats(): void;
  /** Per layer: float vs fixed error and overflow counts on x (loads the comparison code on first use). */
  compare(x: ModelInput): Promise<LayerComparison[]>;
}

/** Normalise any accepted input form to one row-major Float64Array per graph input, with the batch size. */
export function toInputs(graph: Graph, x: ModelInput): { inputs: Float64Array[]; batch: number } {
  const sizes = valueSizes(graph, graph.inputs);
  let inputs: Float64Array[];
  // the emulator only reads its inputs: a Float64Array is used as it is
  if (x instanceof Float64Array) inputs = [x];
  else if (x instanceof Float32Array) inputs = [Float64Array.from(x)];
  else if (x.length > 0 && x[0] instanceof Float64Array && graph.inputs.length > 1) inputs = (x as readonly Float64Array[]).map((a) => a);
  else inputs = [Float64Array.from((x as readonly (readonly number[])[]).flatMap((row) => Array.from(row)))];
  if (inputs.length !== sizes.length) fail('E503', { expected: sizes.length, got: inputs.length });
  const batch = inputs[0]!.length / sizes[0]!;
  inputs.forEach((a, k) => {
    if (!Number.isInteger(batch) || a.length !== batch * sizes[k]!) {
      fail('E008', { got: Number.isInteger(batch) ? a.length / batch : a.length, expected: sizes[k]!, shape: `[${graph.nodes.find((n) => n.name === graph.inputs[k])!.shape.join(', ')}]` });
    }
  });
  return { inputs, batch };
}

/** Rows [r0, r1) of each input. */
function sliceRows(inputs: readonly Float64Array[], sizes: readonly number[], r0: number, r1: number): Float64Array[] {
  return inputs.map((a, k) => a.subarray(r0 * sizes[k]!, r1 * sizes[k]!));
}

/** Concatenate chunk results. */
function concat(parts: readonly Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Wrap a quantized graph as an NnfabModel. */
export function modelFromGraphs(floatGraph: Graph, quantized: { graph: Graph; decisions: readonly TypeDecision[]; warnings: readonly Diagnostic[] }, config: ProjectConfig, chunk = 8192, threads?: number): NnfabModel {
  const graph = quantized.graph;
  const sizes = valueSizes(graph, graph.inputs);
  let acc: RunStats = [];
  const predictAll = (x: ModelInput): Float64Array[] => {
    const { inputs, batch } = toInputs(graph, x);
    checkBatchMemory(graph, batch, chunk, false);
    const res = runRows(graph, inputs, batch, { chunk, ...(threads !== undefined ? { threads } : {}) });
    acc = mergeRunStats([acc, res.stats]);
    return res.outputs;
  };
  const traceRun = (x: ModelInput): { outputs: Float64Array[]; trace: Map<string, Float64Array> } => {
    const { inputs, batch } = toInputs(graph, x);
    checkBatchMemory(graph, batch, chunk, true);
    const outs: Float64Array[][] = graph.outputs.map(() => []);
    const traces = new Map<string, Float64Array[]>();
    const stats: RunStats[] = [acc];
    for (let r0 = 0; r0 < batch; r0 += chunk) {
      const r1 = Math.min(batch, r0 + chunk);
      const res = runFixed(graph, sliceRows(inputs, sizes, r0, r1), r1 - r0, { trace: true });
      res.outputs.forEach((o, k) => outs[k]!.push(o));
      for (const [name, v] of res.trace) (traces.get(name) ?? traces.set(name, []).get(name)!).push(v);
      stats.push(res.stats);
    }
    acc = mergeRunStats(stats);
    return { outputs: outs.map(concat), trace: new Map([...traces].map(([k, v]) => [k, concat(v)])) };
  };
  return {
    graph,
    floatGraph,
    config,
    decisions: quantized.decisions,
    warnings: quantized.warnings,
    predict: (x) => predictAll(x)[0]!,
    predictAll,
    predictFloat: (x) => {
      const { inputs, batch } = toInputs(floatGraph, x);
      checkBatchMemory(floatGraph, batch, batch, true);
      return runFloat(floatGraph, inputs, batch).outputs;
    },
    trace: traceRun,
    stats: () => acc,
    resetStats: () => {
      acc = [];
    },
    compare: async (x) => {
      const { inputs, batch } = toInputs(graph, x);
      const { compareRuns } = await import('./compare.js');
      return compareRuns(floatGraph, graph, inputs, batch);
    },
  };
}

/**
 * hls4ml's convert_from_*_model + compile: load the model (a path, or a float Graph already loaded), apply the
 * configuration (an hls4ml config object, a typed ProjectConfig, or the path of a YAML file — which may name the
 * model itself, then `model` may be undefined) and return a model ready to predict.
 */
export async function convert(model: string | Graph | undefined, config?: HlsConfigObject | ProjectConfig | string, opts: ConvertOptions = {}): Promise<NnfabModel> {
  let cfg: ProjectConfig;
  let warnings: readonly Diagnostic[] = [];
  let modelPath: string | undefined;
  let weights = opts.weights;
  if (typeof config === 'string') {
    const file = readConfigFile(config);
    cfg = file.config;
    warnings = file.warnings;
    modelPath = file.modelPath;
    weights ??= file.weightsPath;
  } else {
    const t = typedConfig(config);
    cfg = t.config;
    warnings = t.warnings;
  }
  const source = model ?? modelPath;
  if (source === undefined) fail('E003', { option: 'MODEL', reason: 'no model given and the configuration names none (KerasJson, KerasModel or OnnxModel)', command: 'predict' });
  const floatGraph = typeof source === 'string' ? await loadModel(source, { ...(weights !== undefined ? { weights } : {}), ...(opts.inputShape ? { inputShape: opts.inputShape } : {}) }) : source;
  const q = quantizeGraph(floatGraph, cfg, opts.safeTypes !== undefined ? { safeTypes: opts.safeTypes } : {});
  return modelFromGraphs(floatGraph, { ...q, warnings: [...warnings, ...q.warnings] }, cfg, opts.chunk, opts.threads);
}

/**
 * Configuration in the library API: hls4ml's config_from_*_model (`configFromModel`), reading a configuration
 * file with its model paths (`readConfigFile`), and turning a float graph into a quantized one (`quantizeGraph`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { checkInputFile } from '../io/read-file.js';
import { dirname, extname } from 'node:path';
import { fail, type Diagnostic } from '../diagnostics/errors.js';
import { formatFixedType, parseFixedType } from '../fixed/index.js';
import type { ProjectConfig } from '../ir/config.js';
import { defaultProjectConfig } from '../ir/config.js';
import type { Graph, Node, WeightType } from '../ir/graph.js';
import { configFromObject, parseConfigText, type ConfigResult } from '../frontends/config/read.js';
import { createContext, type TypeDecision } from '../passes/context.js';
import { runPipeline, type PipelineOptions } from '../passes/pipeline.js';
import { declaredWeightType } from '../passes/resolve.js';
import { hasParam } from '../passes/apply-config.js';

export type Granularity = 'model' | 'type' | 'name';

/** Options of configFromModel (hls4ml's config_from_keras_model / config_from_onnx_model). */
export interface ConfigFromModelOptions {
  /** Default: 'name' for ONNX models (hls4ml's config_from_onnx_model), 'model' otherwise. */
  readonly granularity?: Granularity;
  /** Model.Precision.default, as written (default 'fixed<16,6>'). */
  readonly defaultPrecision?: string;
  readonly defaultReuse?: number;
  /** Model.Precision.maximum: caps inferred types. */
  readonly maxPrecision?: string;
  /** With a backend, layer entries also carry ReuseFactor and accum: auto (hls4ml adds these backend attributes). */
  readonly backend?: string;
}

/** The configuration in hls4ml's own vocabulary (what `nnfab config` writes as YAML). */
export type HlsConfigObject = Record<string, unknown>;

const ACCUM_KINDS = new Set(['dense', 'conv', 'pool', 'global_pool', 'softmax']);

function showWeightType(t: WeightType): string {
  return 'kind' in t ? (t.kind === 'exponent' ? `int<${t.width}>` : 'uint<1>') : formatFixedType(t);
}

/** One layer's entry: 'auto' for what hls4ml infers, the model's own quantizer types where it has them. */
function layerEntry(node: Node, opts: ConfigFromModelOptions): Record<string, unknown> {
  const precision: Record<string, string> = { result: 'auto' };
  const k = node.op.kind;
  if (k === 'dense' || k === 'conv') Object.assign(precision, { weight: 'auto', bias: 'auto' });
  if (k === 'batchnorm') Object.assign(precision, { scale: 'auto', bias: 'auto' });
  // ParametrizedActivation / PReLU declare TypeAttribute('param') without a default
  if (hasParam(node)) precision['param'] = 'auto';
  if (opts.backend !== undefined && ACCUM_KINDS.has(k)) precision['accum'] = 'auto';
  const d = node.declared;
  if (d?.weight) precision['weight'] = showWeightType(declaredWeightType(d.weight));
  if (d?.bias) precision['bias'] = showWeightType(declaredWeightType(d.bias));
  if (d?.result) precision['result'] = formatFixedType(d.result);
  if (node.op.kind === 'quantize' && node.op.type !== null) precision['result'] = formatFixedType(node.op.type);
  // hls4ml's BinaryQuantizer(2) / TernaryQuantizer are set on both kernel and bias of these layers: int<2> for both
  if (node.source.opType === 'BinaryDense' || node.source.opType === 'TernaryDense') Object.assign(precision, { weight: 'int<2>', bias: 'int<2>' });
  const entry: Record<string, unknown> = { Precision: precision };
  if (opts.backend !== undefined) entry['ReuseFactor'] = opts.defaultReuse ?? 1;
  if (k === 'softmax') entry['Implementation'] = 'stable';
  entry['Trace'] = false;
  return entry;
}

/**
 * The class name config_from_keras_model keys LayerType entries by: its parser's class, which keeps the Keras class of
 * QDense / QConv / BinaryDense / TernaryDense / QBatchNormalization / MaxPooling2D ... layers (and InputLayer). At conversion hls4ml looks
 * LayerType up by its own layer class (Dense, Conv2D, ...), so such entries apply to nothing — there as here.
 */
function classOf(n: Node): string {
  const weighted = n.op.kind === 'dense' || n.op.kind === 'conv' || n.op.kind === 'batchnorm' || n.op.kind === 'pool' || n.op.kind === 'global_pool';
  const keras = !extname(n.source.file ?? '').toLowerCase().endsWith('onnx');
  if (keras && weighted && n.source.node === n.name && n.source.opType !== undefined) return n.source.opType;
  return n.layerClass;
}

/** The configuration hls4ml's config_from_*_model would give for this model, as a plain object. */
export function configFromModel(graph: Graph, opts: ConfigFromModelOptions = {}): HlsConfigObject {
  const precision = opts.defaultPrecision ?? 'fixed<16,6>';
  if (precision.trim().toLowerCase() === 'auto') fail('E406', { key: 'default precision' });
  parseFixedType(precision, { keyPath: 'Model.Precision.default' });
  if (opts.maxPrecision !== undefined) parseFixedType(opts.maxPrecision, { keyPath: 'Model.Precision.maximum' });
  const granularity = opts.granularity ?? (extname(graph.sourceFile).toLowerCase() === '.onnx' ? 'name' : 'model');
  if (!['model', 'type', 'name'].includes(granularity)) fail('E408', { value: granularity });
  const model = {
    Precision: { default: precision, ...(opts.maxPrecision !== undefined ? { maximum: opts.maxPrecision } : {}) },
    ReuseFactor: opts.defaultReuse ?? 1,
    Strategy: 'Latency',
    BramFactor: 1_000_000_000,
    TraceOutput: false,
  };
  const layers = graph.nodes.filter((n) => n.op.kind !== 'identity');
  if (granularity === 'model') return { Model: model };
  if (granularity === 'type') {
    const byType: Record<string, unknown> = {};
    for (const n of layers) if (!(classOf(n) in byType)) byType[classOf(n)] = layerEntry(n, opts);
    return { Model: model, LayerType: byType };
  }
  return { Model: model, LayerName: Object.fromEntries(layers.map((n) => [n.name, layerEntry(n, opts)])) };
}

/** A configuration file, typed, with the model it names. */
export interface ConfigFile extends ConfigResult {
  /** The model file named by the configuration (OnnxModel, KerasModel or KerasJson), resolved; absent if none. */
  readonly modelPath?: string;
  /** KerasH5 when the model is KerasJson. */
  readonly weightsPath?: string;
}

function modelPaths(c: ProjectConfig): [string, string][] {
  const all: [string, string | undefined][] = [['OnnxModel', c.onnxModel], ['KerasModel', c.kerasModel], ['KerasJson', c.kerasJson], ['KerasH5', c.kerasH5]];
  return all.filter((e): e is [string, string] => e[1] !== undefined);
}

/** Read and type a configuration file; model paths are resolved against its folder (else the cwd) and must exist. */
export function readConfigFile(path: string): ConfigFile {
  checkInputFile(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail('E002', { path, reason: e instanceof Error ? e.message : String(e) }, { file: path });
  }
  // paths are relative to the file; hls4ml itself read them relative to the working directory, so that is tried next
  let result = parseConfigText(text, { file: path });
  if (modelPaths(result.config).some(([, p]) => !existsSync(p))) {
    const fromCwd = parseConfigText(text, { file: path, baseDir: process.cwd() });
    if (modelPaths(fromCwd.config).every(([, p]) => existsSync(p))) result = fromCwd;
  }
  const c = result.config;
  for (const [key, p] of modelPaths(c)) {
    if (!existsSync(p)) fail('E405', { key, path: p, base: dirname(path) }, { file: path, keyPath: key });
  }
  const modelPath = c.onnxModel ?? c.kerasModel ?? c.kerasJson;
  return { ...result, ...(modelPath !== undefined ? { modelPath } : {}), ...(c.kerasJson !== undefined && c.kerasH5 !== undefined ? { weightsPath: c.kerasH5 } : {}) };
}

/** Type a configuration given as an object (hls4ml's dict form, or configFromModel's output), with its warnings. */
export function typedConfig(obj: HlsConfigObject | ProjectConfig | undefined): ConfigResult {
  if (obj === undefined) return { config: defaultProjectConfig(), warnings: [] };
  if ('hls' in obj && 'safeTypes' in obj) return { config: obj as ProjectConfig, warnings: [] };
  // a bare HLSConfig (Model/LayerType/LayerName at the top) is accepted like hls4ml's hls_config argument
  const wrapped = 'Model' in obj && !('HLSConfig' in obj) ? { HLSConfig: obj } : obj;
  return configFromObject(wrapped);
}

/** Options of quantizeGraph. */
export interface QuantizeOptions extends PipelineOptions {
  /** Force overflow-safe types on (or off) whatever the configuration says. */
  readonly safeTypes?: boolean;
}

/** A quantized graph and what the passes decided. */
export interface QuantizedModel {
  readonly graph: Graph;
  readonly decisions: readonly TypeDecision[];
  readonly warnings: readonly Diagnostic[];
  readonly dump?: string;
}

/** Run the pass pipeline: float graph + configuration → quantized graph (every node has types and config). */
export function quantizeGraph(graph: Graph, config?: HlsConfigObject | ProjectConfig, opts: QuantizeOptions = {}): QuantizedModel {
  const { config: c, warnings } = typedConfig(config);
  const ctx = createContext(opts.safeTypes !== undefined ? { ...c, safeTypes: opts.safeTypes } : c);
  ctx.warnings.push(...warnings);
  const r = runPipeline(graph, ctx, opts);
  return { graph: r.graph, decisions: ctx.decisions, warnings: ctx.warnings, ...(r.dump !== undefined ? { dump: r.dump } : {}) };
}

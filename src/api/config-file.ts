/**
 * `nnfab config`: the YAML configuration hls4ml's config_from_*_model would give, with the model keys to run it;
 * `nnfab types`: the types every layer gets from a configuration after the passes.
 */
import { dirname, extname, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { PROJECT_DEFAULTS } from '../ir/config.js';
import { fail, type Diagnostic } from '../diagnostics/errors.js';
import { formatFixedType, type FixedType } from '../fixed/index.js';
import type { LayerConfig, WeightType } from '../ir/graph.js';
import type { TypeDecision } from '../passes/context.js';
import { configFromModel, quantizeGraph, readConfigFile, type ConfigFromModelOptions, type HlsConfigObject } from './configure.js';
import { loadModel } from './load.js';

/** Options of configForModelFile. */
export interface ConfigFileOptions extends ConfigFromModelOptions {
  /** Weights file of a Keras .json architecture. */
  readonly weights?: string;
  /** Where the YAML will be written: model paths are made relative to its folder (default: the working directory). */
  readonly output?: string;
}

/** The configuration object and its YAML text. */
export interface GeneratedConfig {
  readonly config: HlsConfigObject;
  readonly yaml: string;
}

function modelKeys(modelPath: string, weights: string | undefined, base: string): Record<string, string> {
  const rel = (p: string) => relative(base, resolve(p)) || '.';
  const ext = extname(modelPath).toLowerCase();
  if (ext === '.onnx') return { OnnxModel: rel(modelPath) };
  if (ext === '.json' && weights !== undefined) return { KerasJson: rel(modelPath), KerasH5: rel(weights) };
  if (ext === '.json') return { KerasJson: rel(modelPath) };
  return { KerasModel: rel(modelPath) };
}

/** Load the model and build a runnable configuration file for it (project keys + HLSConfig). */
export async function configForModelFile(modelPath: string, opts: ConfigFileOptions = {}): Promise<GeneratedConfig> {
  const graph = await loadModel(modelPath, opts.weights !== undefined ? { weights: opts.weights } : {});
  const hls = configFromModel(graph, opts);
  const base = opts.output !== undefined ? dirname(resolve(opts.output)) : process.cwd();
  const config: HlsConfigObject = {
    ...modelKeys(modelPath, opts.weights, base),
    OutputDir: PROJECT_DEFAULTS.outputDir,
    ProjectName: PROJECT_DEFAULTS.projectName,
    Backend: opts.backend ?? PROJECT_DEFAULTS.backend,
    Part: PROJECT_DEFAULTS.part,
    ClockPeriod: PROJECT_DEFAULTS.clockPeriod,
    IOType: PROJECT_DEFAULTS.ioType,
    HLSConfig: hls,
  };
  return { config, yaml: stringify(config, { lineWidth: 0 }) };
}

/** Options of modelTypes. */
export interface ModelTypesOptions {
  /** Configuration file (YAML); without it hls4ml's model-granularity default (fixed<16,6>). */
  readonly config?: string;
  readonly weights?: string;
  readonly safeTypes?: boolean;
  readonly dumpAfter?: string;
}

/** One layer of the quantized model: its types as hls4ml spells them, and its settings. */
export interface LayerTypes {
  readonly name: string;
  readonly layerClass: string;
  readonly op: string;
  readonly types: Readonly<Record<string, string>>;
  readonly config: LayerConfig;
}

/** Every layer's final types, what the passes decided, and the warnings. */
export interface ModelTypes {
  readonly layers: readonly LayerTypes[];
  readonly decisions: readonly TypeDecision[];
  readonly warnings: readonly Diagnostic[];
  readonly dump?: string;
}

const showType = (t: FixedType | WeightType): string => ('kind' in t ? (t.kind === 'exponent' ? `exponent<${t.width}>` : 'xnor') : formatFixedType(t));

/** Load a model (or the one its configuration names), run the passes and list the types every layer gets. */
export async function modelTypes(model: string | undefined, opts: ModelTypesOptions = {}): Promise<ModelTypes> {
  const file = opts.config !== undefined ? readConfigFile(opts.config) : undefined;
  const path = model ?? file?.modelPath;
  if (path === undefined) fail('E404', {});
  const weights = opts.weights ?? (model === undefined ? file?.weightsPath : undefined);
  const graph = await loadModel(path, weights !== undefined ? { weights } : {});
  const q = quantizeGraph(graph, file?.config, {
    ...(opts.safeTypes !== undefined ? { safeTypes: opts.safeTypes } : {}),
    ...(opts.dumpAfter !== undefined ? { dumpAfter: opts.dumpAfter } : {}),
  });
  const layers = q.graph.nodes.map((n) => ({
    name: n.name,
    layerClass: n.layerClass,
    op: n.op.kind,
    types: Object.fromEntries(Object.entries(n.types ?? {}).filter(([, t]) => t !== undefined).map(([k, t]) => [k, showType(t as WeightType)])),
    config: n.config!,
  }));
  return { layers, decisions: q.decisions, warnings: [...(file?.warnings ?? []), ...q.warnings], ...(q.dump !== undefined ? { dump: q.dump } : {}) };
}

/**
 * The typed hls4ml configuration: what every pass and backend reads.
 *
 * It mirrors hls4ml's YAML/dict vocabulary (project keys + `HLSConfig` with `Model`, `LayerType`, `LayerName`) with
 * every value already parsed: type strings are FixedType or 'auto', strategies are lower-case, keys are camelCase.
 * The YAML → typed-config reader lives in frontends/config/; the passes in passes/ resolve it per node.
 */
import type { FixedType } from './fixed-type.js';
import type { Strategy, SoftmaxImpl } from './graph.js';

/** A configured precision: a fixed type, or 'auto' (hls4ml: infer it from the operands). */
export type PrecisionSpec = FixedType | 'auto';

/**
 * A precision setting as hls4ml accepts it: a single type (it applies to every variable of the layer) or a map
 * variable → type (`result`, `accum`, `weight`, `bias`, `scale`, `param`, `default`, ...). A string is stored as
 * `{ default: T }`, which is exactly how hls4ml treats it.
 */
export type PrecisionMap = Readonly<Record<string, PrecisionSpec>>;

/** The table types hls4ml reads from top-level layer keys (`table_t`, `exp_table_t`, `inv_table_t`, `inv_inp_t`, `accum_t`). */
export interface LayerTableTypes {
  readonly table?: FixedType;
  readonly expTable?: FixedType;
  readonly invTable?: FixedType;
  readonly invInp?: FixedType;
  readonly accum?: FixedType;
}

/** Settings of one `LayerType` or `LayerName` entry; absent keys fall through to the next level. */
export interface LayerSettings {
  readonly precision?: PrecisionMap;
  readonly reuseFactor?: number;
  readonly strategy?: Strategy;
  /** Lookup-table size (`TableSize` / `table_size`). */
  readonly tableSize?: number;
  readonly tableTypes?: LayerTableTypes;
  /** Softmax `Implementation`. */
  readonly implementation?: SoftmaxImpl;
  readonly trace?: boolean;
  /** Softmax `Skip`: drop an output softmax (hls4ml's skip_softmax). */
  readonly skip?: boolean;
}

/** `HLSConfig.Model`. */
export interface ModelSettings {
  /** `Precision`: always has `default`; may have `maximum` (caps inferred types) and per-variable entries. */
  readonly precision: PrecisionMap & { readonly default: FixedType };
  readonly reuseFactor: number;
  readonly strategy: Strategy;
  readonly bramFactor: number;
  readonly traceOutput: boolean;
}

/** `HLSConfig`: model-wide settings, then per class name, then per layer name (matched case-insensitively). */
export interface HlsConfig {
  readonly model: ModelSettings;
  readonly layerType: Readonly<Record<string, LayerSettings>>;
  readonly layerName: Readonly<Record<string, LayerSettings>>;
}

export type IoType = 'io_parallel' | 'io_stream';

/** The whole configuration: project keys (paths already resolved against the YAML's folder) and HLSConfig. */
export interface ProjectConfig {
  readonly kerasJson?: string;
  readonly kerasH5?: string;
  readonly kerasModel?: string;
  readonly onnxModel?: string;
  readonly outputDir: string;
  readonly projectName: string;
  readonly backend: string;
  readonly part: string;
  readonly clockPeriod: number;
  readonly clockUncertainty?: string;
  readonly ioType: IoType;
  readonly inputData?: string;
  readonly outputPredictions?: string;
  readonly hls: HlsConfig;
  /** nnfab extension (`SafeTypes: true` / `--safe-types`): widen types so that nothing can overflow. */
  readonly safeTypes: boolean;
  /** The file the configuration was read from, when it came from a file. */
  readonly sourceFile?: string;
}

/** hls4ml's default fixed<16,6> (TRN, WRAP). */
export const DEFAULT_PRECISION: FixedType = { width: 16, integer: 6, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
/** Default `table_t` of every lookup-table activation: fixed<18,8,TRN,WRAP>. */
export const DEFAULT_TABLE_TYPE: FixedType = { width: 18, integer: 8, signed: true, rounding: 'AP_TRN', overflow: 'AP_WRAP', satBits: 0 };
/** Default softmax `exp_table_t`, `inv_table_t` and `inv_inp_t`: fixed<18,8,RND,SAT>. */
export const DEFAULT_SOFTMAX_TABLE_TYPE: FixedType = { width: 18, integer: 8, signed: true, rounding: 'AP_RND', overflow: 'AP_SAT', satBits: 0 };
/** Default lookup-table size. */
export const DEFAULT_TABLE_SIZE = 1024;

/** hls4ml's project defaults (create_config + Vivado backend). */
export const PROJECT_DEFAULTS = {
  outputDir: 'my-hls-test',
  projectName: 'myproject',
  backend: 'Vivado',
  part: 'xcvu13p-flga2577-2-e',
  clockPeriod: 5,
  ioType: 'io_parallel',
} as const;

/** The HLSConfig of hls4ml's model-granularity default: Precision {default: T}, ReuseFactor 1, Strategy Latency. */
export function defaultHlsConfig(precision: FixedType = DEFAULT_PRECISION, reuseFactor = 1): HlsConfig {
  return {
    model: { precision: { default: precision }, reuseFactor, strategy: 'latency', bramFactor: 1_000_000_000, traceOutput: false },
    layerType: {},
    layerName: {},
  };
}

/** A whole configuration with hls4ml's defaults around the given HLSConfig. */
export function defaultProjectConfig(hls: HlsConfig = defaultHlsConfig()): ProjectConfig {
  return { ...PROJECT_DEFAULTS, hls, safeTypes: false };
}

/** The LayerName entry for a layer, matched case-insensitively as hls4ml does. */
export function layerNameEntry(hls: HlsConfig, name: string): LayerSettings | undefined {
  const direct = hls.layerName[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(hls.layerName)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * The LayerType entry for a class name (matched case-insensitively). An input layer's class in hls4ml is `Input`: a
 * `LayerType.InputLayer` entry (what config_from_keras_model writes at type granularity) applies to nothing there.
 */
export function layerTypeEntry(hls: HlsConfig, layerClass: string): LayerSettings | undefined {
  const name = layerClass === 'InputLayer' ? 'input' : layerClass.toLowerCase();
  for (const [k, v] of Object.entries(hls.layerType)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Where a resolved precision came from, for reports. */
export type PrecisionSource = 'layerName' | 'layerType' | 'model' | 'declared' | 'inferred' | 'default' | 'safe';

/**
 * Resolve one variable's precision with hls4ml's lookup order: LayerName[var] → LayerName.default →
 * LayerType[var] → LayerType.default → Model[var] → Model.default.
 */
export function lookupPrecision(hls: HlsConfig, name: string, layerClass: string, variable: string): { spec: PrecisionSpec; from: PrecisionSource } {
  const byName = layerNameEntry(hls, name)?.precision;
  const fromName = byName?.[variable] ?? byName?.['default'];
  if (fromName !== undefined) return { spec: fromName, from: 'layerName' };
  const byType = layerTypeEntry(hls, layerClass)?.precision;
  const fromType = byType?.[variable] ?? byType?.['default'];
  if (fromType !== undefined) return { spec: fromType, from: 'layerType' };
  const fromModel = hls.model.precision[variable] ?? hls.model.precision.default;
  return { spec: fromModel, from: 'model' };
}

/** A layer setting looked up LayerName → LayerType (→ undefined): hls4ml's get_layer_config merge. */
export function lookupSetting<K extends keyof LayerSettings>(hls: HlsConfig, name: string, layerClass: string, key: K): LayerSettings[K] | undefined {
  return layerNameEntry(hls, name)?.[key] ?? layerTypeEntry(hls, layerClass)?.[key];
}

/**
 * hls4ml configuration (YAML text or a plain object) → typed ProjectConfig.
 * Unknown keys become W401 warnings with their key path; bad values are E4xx errors with key path, file and line,
 * all collected and reported at once. Paths are resolved relative to the configuration file's folder.
 */
import { isAbsolute, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { diagnostic, DiagnosticBag, InternalError, NnfabError, type Diagnostic, type Location } from '../../diagnostics/errors.js';
import type { ErrorCode } from '../../diagnostics/catalogue.js';
import { parseFixedType, sameFixedType, type FixedType } from '../../ir/fixed-type.js';
import type { HlsConfig, IoType, LayerSettings, LayerTableTypes, PrecisionMap, PrecisionSpec, ProjectConfig } from '../../ir/config.js';
import { DEFAULT_PRECISION, DEFAULT_SOFTMAX_TABLE_TYPE, DEFAULT_TABLE_TYPE, PROJECT_DEFAULTS } from '../../ir/config.js';
import type { SoftmaxImpl, Strategy } from '../../ir/graph.js';
import * as S from './schema.js';

// yaml is loaded on the first configuration text read, not at import (start-up time of runs without a config file)
const requireLazy = createRequire(import.meta.url);
const yamlLib = (): typeof import('yaml') => requireLazy('yaml') as typeof import('yaml');

/** A typed configuration plus the warnings found while reading it. */
export interface ConfigResult {
  readonly config: ProjectConfig;
  readonly warnings: readonly Diagnostic[];
}

/** Where the configuration came from: the file (for messages and relative paths). */
export interface ConfigSource {
  readonly file?: string;
  /** Folder that relative model/data paths are resolved against (default: the file's folder, else the cwd). */
  readonly baseDir?: string;
}

type Path = readonly (string | number)[];

/** Collects errors and warnings with locations (line numbers when the YAML document is known). */
class Reporter {
  readonly errors = new DiagnosticBag();
  readonly warnings: Diagnostic[] = [];
  constructor(
    private readonly file: string | undefined,
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter | undefined,
  ) {}
  /** The location of a key path (file, key, line/column of its value). */
  where(path: Path): Location {
    const keyPath = path.join('.');
    const loc: Location = { ...(this.file !== undefined ? { file: this.file } : {}), keyPath };
    const node = this.doc?.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (node?.range && this.lines) {
      const pos = this.lines.linePos(node.range[0]);
      return { ...loc, line: pos.line, column: pos.col };
    }
    return loc;
  }
  error(code: ErrorCode, params: Record<string, string | number>, path: Path): void {
    this.errors.add(code, { key: path.join('.'), ...params }, this.where(path));
  }
  warn(code: ErrorCode, params: Record<string, string | number>, path: Path): void {
    this.warnings.push(diagnostic(code, { key: path.join('.'), ...params }, this.where(path)));
  }
}

/** Parse a configuration file's text (YAML, of which JSON is a subset). */
export function parseConfigText(text: string, source: ConfigSource = {}): ConfigResult {
  const { LineCounter, parseDocument } = yamlLib();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    throw new NnfabError([
      diagnostic('E401', { reason: e.message.split('\n')[0]! }, { ...(source.file ? { file: source.file } : {}), line: pos.line, column: pos.col }),
    ]);
  }
  let obj: unknown;
  try {
    obj = doc.toJS();
  } catch (e) {
    // e.g. the yaml library's guard against alias bombs ("billion laughs")
    throw new NnfabError([diagnostic('E401', { reason: e instanceof Error ? e.message : String(e) }, source.file ? { file: source.file } : {})]);
  }
  return readConfig(obj, source, new Reporter(source.file, doc, lines));
}

/** Type a configuration given as a plain object (hls4ml's dict form). */
export function configFromObject(obj: unknown, source: ConfigSource = {}): ConfigResult {
  return readConfig(obj, source, new Reporter(source.file, undefined, undefined));
}

function readConfig(obj: unknown, source: ConfigSource, rep: Reporter): ConfigResult {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new NnfabError([diagnostic('E401', { reason: 'the top level is not a mapping of keys to values' }, source.file ? { file: source.file } : {})]);
  }
  warnUnknown(obj, rep);
  const parsed = S.schemas().projectSchema.safeParse(obj);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, rep);
    rep.errors.throwIfAny();
    throw new InternalError('zod failed without issues');
  }
  const config = typeProject(parsed.data, source, rep);
  rep.errors.throwIfAny();
  return { config, warnings: rep.warnings };
}

function reportIssue(issue: z.core.$ZodIssue, rep: Reporter): void {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const expected = 'expected' in issue && issue.expected !== undefined ? String(issue.expected) : issue.code === 'too_small' ? 'a positive number' : 'a valid value';
  rep.error('E402', { reason: issue.message, expected }, path.length > 0 ? path : ['(top level)']);
}

function warnUnknown(obj: object, rep: Reporter): void {
  const o = obj as Record<string, unknown>;
  const sc = S.schemas();
  for (const k of S.unknownKeys(o, sc.projectSchema, S.PROJECT_KEYS_IGNORED)) rep.warn('W401', {}, [k]);
  const hls = o['HLSConfig'] as Record<string, unknown> | undefined;
  if (hls === undefined || hls === null || typeof hls !== 'object') return;
  for (const k of S.unknownKeys(hls, sc.hlsSchema, S.HLS_KEYS_IGNORED)) rep.warn('W401', {}, ['HLSConfig', k]);
  for (const k of S.unknownKeys(hls['Model'], sc.modelSchema, S.MODEL_KEYS_IGNORED)) rep.warn('W401', {}, ['HLSConfig', 'Model', k]);
  for (const group of ['LayerType', 'LayerName'] as const) {
    const entries = hls[group];
    if (entries === null || typeof entries !== 'object') continue;
    for (const [name, entry] of Object.entries(entries as Record<string, unknown>)) {
      for (const k of S.unknownKeys(entry, sc.layerSchema, S.LAYER_KEYS_IGNORED)) rep.warn('W401', {}, ['HLSConfig', group, name, k]);
    }
  }
}

/** Precision variables hls4ml reads somewhere; others are warned about. */
const PRECISION_VARS = new Set([
  'default', 'result', 'accum', 'weight', 'bias', 'scale', 'param', 'maximum',
  'depthwise', 'pointwise', 'recurrent_weight', 'recurrent_bias', 'embeddings', 'slope', 'shift',
]);

/** Parse one type string ('auto' allowed unless `allowAuto` is false). */
function typeOf(value: string, path: Path, rep: Reporter, allowAuto = true): PrecisionSpec | undefined {
  if (value.trim().toLowerCase() === 'auto') {
    if (!allowAuto) rep.error('E406', {}, path);
    return allowAuto ? 'auto' : undefined;
  }
  try {
    return parseFixedType(value);
  } catch (e) {
    if (!(e instanceof NnfabError)) throw e;
    rep.error('E403', { value, reason: e.diagnostics[0]!.message }, path);
    return undefined;
  }
}

function fixedOf(value: string | undefined, path: Path, rep: Reporter): FixedType | undefined {
  if (value === undefined) return undefined;
  const t = typeOf(value, path, rep, false);
  return t === 'auto' ? undefined : t;
}

/** Table types config_from_*_model writes inside Precision (with a backend), and the default each holds there. */
const TABLE_IN_PRECISION: Readonly<Record<string, FixedType>> = {
  table: DEFAULT_TABLE_TYPE,
  exp_table: DEFAULT_SOFTMAX_TABLE_TYPE,
  inv_table: DEFAULT_SOFTMAX_TABLE_TYPE,
  inv_inp: DEFAULT_SOFTMAX_TABLE_TYPE,
};


function typePrecision(raw: S.RawPrecision | null | undefined, path: Path, rep: Reporter): PrecisionMap | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') {
    const t = typeOf(raw, path, rep);
    return t === undefined ? undefined : { default: t };
  }
  const out: Record<string, PrecisionSpec> = {};
  for (const [variable, value] of Object.entries(raw)) {
    if (value === null) continue;
    const tableDefault = TABLE_IN_PRECISION[variable];
    if (tableDefault !== undefined) {
      // config_from_*_model(backend=...) writes these with their defaults; hls4ml reads table types only from the
      // layer's own `<name>_t` keys, so only a different value deserves a word
      const t = typeof value === 'string' ? typeOf(value, [...path, variable], rep) : undefined;
      if (t !== undefined && (t === 'auto' || !sameFixedType(t, tableDefault)))
        rep.warn('W402', { reason: `hls4ml ignores '${variable}' inside Precision; set ${variable}_t on the layer instead` }, [...path, variable]);
      continue;
    }
    if (!PRECISION_VARS.has(variable)) rep.warn('W401', {}, [...path, variable]);
    const t = typeOf(value, [...path, variable], rep);
    if (t !== undefined) out[variable] = t;
  }
  return out;
}

const STRATEGIES: Record<string, Strategy> = {
  latency: 'latency',
  resource: 'resource',
  resource_unrolled: 'resource_unrolled',
  resourceunrolled: 'resource_unrolled',
  distributed_arithmetic: 'distributed_arithmetic',
  distributedarithmetic: 'distributed_arithmetic',
};

function strategyOf(value: string | undefined, path: Path, rep: Reporter): Strategy | undefined {
  if (value === undefined) return undefined;
  const s = STRATEGIES[value.toLowerCase()];
  if (s === undefined) rep.warn('W402', { reason: `strategy "${value}" is not one of Latency, Resource, resource_unrolled, distributed_arithmetic` }, path);
  return s;
}

const IMPLEMENTATIONS: readonly SoftmaxImpl[] = ['stable', 'latency', 'legacy', 'argmax'];

function implementationOf(value: string | undefined, path: Path, rep: Reporter): SoftmaxImpl | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase() as SoftmaxImpl;
  if (!IMPLEMENTATIONS.includes(v)) {
    rep.error('E402', { reason: `unknown softmax implementation "${value}"`, expected: IMPLEMENTATIONS.join(', ') }, path);
    return undefined;
  }
  return v;
}

function typeTables(raw: S.RawLayer, path: Path, rep: Reporter): LayerTableTypes | undefined {
  const t: Record<string, FixedType | undefined> = {
    table: fixedOf(raw.table_t, [...path, 'table_t'], rep),
    expTable: fixedOf(raw.exp_table_t, [...path, 'exp_table_t'], rep),
    invTable: fixedOf(raw.inv_table_t, [...path, 'inv_table_t'], rep),
    invInp: fixedOf(raw.inv_inp_t, [...path, 'inv_inp_t'], rep),
    accum: fixedOf(raw.accum_t, [...path, 'accum_t'], rep),
  };
  const present = Object.entries(t).filter(([, v]) => v !== undefined);
  return present.length > 0 ? (Object.fromEntries(present) as LayerTableTypes) : undefined;
}

function typeLayer(raw: S.RawLayer | null, path: Path, rep: Reporter): LayerSettings {
  if (raw === null) return {};
  const implKey = raw.Implementation !== undefined ? 'Implementation' : 'implementation';
  const settings: LayerSettings = {
    precision: typePrecision(raw.Precision, [...path, 'Precision'], rep),
    reuseFactor: raw.ReuseFactor,
    strategy: strategyOf(raw.Strategy, [...path, 'Strategy'], rep),
    tableSize: raw.TableSize ?? raw.table_size,
    tableTypes: typeTables(raw, path, rep),
    implementation: implementationOf(raw.Implementation ?? raw.implementation, [...path, implKey], rep),
    trace: raw.Trace ?? raw.trace,
    skip: raw.Skip ?? raw.skip,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as LayerSettings;
}

function typeHls(raw: S.RawProject['HLSConfig'], rep: Reporter): HlsConfig {
  const base = ['HLSConfig'];
  if (raw === undefined) {
    return { model: { precision: { default: DEFAULT_PRECISION }, reuseFactor: 1, strategy: 'latency', bramFactor: 1e9, traceOutput: false }, layerType: {}, layerName: {} };
  }
  const precision = typePrecision(raw.Model.Precision, [...base, 'Model', 'Precision'], rep) ?? {};
  const dflt = precision['default'];
  if (dflt === 'auto') rep.error('E406', {}, [...base, 'Model', 'Precision', 'default']);
  if (precision['maximum'] === 'auto') rep.error('E406', {}, [...base, 'Model', 'Precision', 'maximum']);
  const model = {
    precision: { ...precision, default: dflt === undefined || dflt === 'auto' ? DEFAULT_PRECISION : dflt },
    reuseFactor: raw.Model.ReuseFactor ?? 1,
    strategy: strategyOf(raw.Model.Strategy, [...base, 'Model', 'Strategy'], rep) ?? 'latency',
    bramFactor: raw.Model.BramFactor ?? 1e9,
    traceOutput: raw.Model.TraceOutput ?? false,
  };
  const group = (g: 'LayerType' | 'LayerName'): Record<string, LayerSettings> =>
    Object.fromEntries(Object.entries(raw[g] ?? {}).map(([k, v]) => [k, typeLayer(v, [...base, g, k], rep)]));
  return { model, layerType: group('LayerType'), layerName: group('LayerName') };
}

function ioTypeOf(value: string | undefined, rep: Reporter): IoType {
  if (value === undefined || value === 'io_parallel') return 'io_parallel';
  if (value === 'io_stream') return 'io_stream';
  if (value === 'io_serial') {
    rep.warn('W402', { reason: 'io_serial is the old name of io_stream; using io_stream' }, ['IOType']);
    return 'io_stream';
  }
  rep.error('E402', { reason: `unknown IOType "${value}"`, expected: 'io_parallel or io_stream' }, ['IOType']);
  return 'io_parallel';
}

function typeProject(raw: S.RawProject, source: ConfigSource, rep: Reporter): ProjectConfig {
  const base = source.baseDir ?? (source.file !== undefined ? resolve(source.file, '..') : process.cwd());
  const path = (p: string | null | undefined): string | undefined => (p === undefined || p === null ? undefined : isAbsolute(p) ? p : resolve(base, p));
  const models = (['KerasJson', 'KerasModel', 'OnnxModel'] as const).filter((k) => raw[k] !== undefined);
  if (models.length > 1) rep.error('E407', { keys: models.join(', ') }, [models[1]!]);
  if (raw.KerasH5 !== undefined && raw.KerasJson === undefined) rep.warn('W402', { reason: 'KerasH5 without KerasJson' }, ['KerasH5']);
  const cfg: ProjectConfig = {
    kerasJson: path(raw.KerasJson),
    kerasH5: path(raw.KerasH5),
    kerasModel: path(raw.KerasModel),
    onnxModel: path(raw.OnnxModel),
    outputDir: raw.OutputDir ?? PROJECT_DEFAULTS.outputDir,
    projectName: raw.ProjectName ?? PROJECT_DEFAULTS.projectName,
    backend: raw.Backend ?? PROJECT_DEFAULTS.backend,
    part: raw.Part ?? raw.XilinxPart ?? PROJECT_DEFAULTS.part,
    clockPeriod: raw.ClockPeriod ?? PROJECT_DEFAULTS.clockPeriod,
    clockUncertainty: raw.ClockUncertainty === undefined ? undefined : String(raw.ClockUncertainty),
    ioType: ioTypeOf(raw.IOType, rep),
    inputData: path(raw.InputData),
    outputPredictions: path(raw.OutputPredictions),
    hls: typeHls(raw.HLSConfig, rep),
    safeTypes: raw.SafeTypes ?? false,
    sourceFile: source.file,
  };
  return Object.fromEntries(Object.entries(cfg).filter(([, v]) => v !== undefined)) as unknown as ProjectConfig;
}

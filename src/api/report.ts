/**
 * The report in the library API: load a model, apply its configuration, optionally profile it on input data (float
 * reference and bit-exact fixed-point run), and build the typed Report / the self-contained HTML page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fail } from '../diagnostics/errors.js';
import type { Graph } from '../ir/graph.js';
import { sizeOf } from '../ir/graph.js';
import { readVendorReports, type VendorReports } from '../backends/hls/reports.js';
import { mergeRunStats, runFixed, type RunStats } from '../emulator/index.js';
import { fitsFast, quantizeArray } from '../fixed/index.js';
import { runFloat } from '../emulator/float.js';
import { readSampleData } from '../io/data.js';
import { writeFileAtomic } from '../io/output-dir.js';
import { progress } from '../io/progress.js';
import { renderHtml } from '../report/html.js';
import { buildReport, type ReportInput } from '../report/report.js';
import type { AccuracyInfo, BackendResult, Report } from '../report/types.js';
import { parseConfigText } from '../frontends/config/read.js';
import { quantizeGraph, readConfigFile, typedConfig, type ConfigFile, type HlsConfigObject } from './configure.js';
import { loadModel } from './load.js';

/** At most this many samples are profiled by default (the statistics settle long before). */
export const DEFAULT_PROFILE_SAMPLES = 2000;
/** By default at most this many values of the largest layer are profiled (samples × layer size). */
export const PROFILE_VALUE_BUDGET = 10_000_000;

/** Profiling data: one row-major array per graph input, `batch` samples. */
export interface ProfileData {
  readonly inputs: readonly Float64Array[];
  readonly batch: number;
  /** Class labels (one per sample), for accuracy. */
  readonly labels?: ArrayLike<number>;
  /** Where the data came from, for the page. */
  readonly source?: string;
}

/**
 * Float values per quantized node, from a float run of the model as loaded. Where the passes merged nodes away
 * (a BatchNorm folded into its Dense/Conv, a linear activation removed), the value after the merged chain is the
 * float meaning of the surviving node.
 */
export function floatReference(floatGraph: Graph, quantized: Graph, data: ProfileData): Map<string, Float64Array> {
  const run = runFloat(floatGraph, data.inputs, data.batch);
  const kept = new Set(quantized.nodes.map((n) => n.name));
  const readers = new Map<string, string[]>();
  for (const n of floatGraph.nodes) for (const i of n.inputs) (readers.get(i) ?? readers.set(i, []).get(i)!).push(n.name);
  const out = new Map<string, Float64Array>();
  for (const name of kept) {
    let cur = name;
    if (!run.values.has(cur)) continue;
    for (;;) {
      const next = readers.get(cur);
      if (next === undefined || next.length !== 1 || kept.has(next[0]!) || floatGraph.outputs.includes(cur)) break;
      cur = next[0]!;
    }
    out.set(name, run.values.get(cur)!);
  }
  return out;
}

/** Index of the largest value of each row. */
function argmaxRows(values: Float64Array, batch: number): Int32Array {
  const width = values.length / batch;
  const out = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    let best = 0;
    for (let j = 1; j < width; j++) if (values[b * width + j]! > values[b * width + best]!) best = j;
    out[b] = best;
  }
  return out;
}

/** Accuracy and float/fixed agreement of the first output. */
export function accuracyOf(floatOut: Float64Array, fixedOut: Float64Array, data: ProfileData): AccuracyInfo {
  const n = data.batch;
  const f = argmaxRows(floatOut, n);
  const q = argmaxRows(fixedOut, n);
  let agree = 0;
  let maxAbs = 0;
  for (let b = 0; b < n; b++) if (f[b] === q[b]) agree++;
  for (let i = 0; i < floatOut.length; i++) maxAbs = Math.max(maxAbs, Math.abs(floatOut[i]! - fixedOut[i]!));
  const base: AccuracyInfo = { samples: n, topClassAgreement: agree / n, maxAbsOutputError: maxAbs, ...(data.source ? { source: data.source } : {}) };
  if (data.labels === undefined) return base;
  let cf = 0;
  let cq = 0;
  for (let b = 0; b < n; b++) {
    if (f[b] === data.labels[b]) cf++;
    if (q[b] === data.labels[b]) cq++;
  }
  return { ...base, floatAccuracy: cf / n, fixedAccuracy: cq / n };
}

/** Build the report input of a quantized graph, profiled on `data` when given. */
export function profileGraph(floatGraph: Graph, quantized: Graph, data?: ProfileData, backends: readonly BackendResult[] = [], chunkValues = PROFILE_CHUNK_VALUES): ReportInput {
  if (data === undefined) return { graph: quantized, backends };
  const { fixedTrace, fixedOutputs, stats, float } = runInChunks(floatGraph, quantized, data, chunkValues);
  // The fixed run traces every node but the inputs; an input's fixed value is the input quantized into its type.
  const fixedValues = new Map(fixedTrace);
  quantized.inputs.forEach((name, k) => {
    const t = quantized.nodes.find((n) => n.name === name)?.types?.result;
    if (t === undefined || !fitsFast(t)) return;
    const raw = quantizeArray(data.inputs[k]!, t, new Float64Array(data.inputs[k]!.length));
    const scale = 2 ** -(t.width - t.integer);
    fixedValues.set(name, raw.map((r) => r * scale));
  });
  const outName = quantized.outputs[0]!;
  const floatOut = float.get(outName);
  const accuracy = floatOut && fixedOutputs[0] && sizeOf(quantized.nodes.find((n) => n.name === outName)!.shape) > 1 ? accuracyOf(floatOut, fixedOutputs[0], data) : undefined;
  return { graph: quantized, float, fixed: fixedValues, samples: data.batch, overflow: stats, backends, ...(accuracy ? { accuracy } : {}) };
}

/** Values per chunk of a profiling run (samples × the largest layer); larger runs show a progress bar. */
const PROFILE_CHUNK_VALUES = 2_000_000;

/** Concatenate per-chunk arrays. */
function joinChunks(parts: readonly Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

/** The fixed-point and float runs of the profile, in chunks of samples (with progress when there are several). */
function runInChunks(floatGraph: Graph, quantized: Graph, data: ProfileData, chunkValues: number) {
  const largest = Math.max(...quantized.nodes.map((n) => sizeOf(n.shape)));
  const chunk = Math.max(1, Math.floor(chunkValues / largest));
  const sizes = quantized.inputs.map((name) => sizeOf(quantized.nodes.find((n) => n.name === name)!.shape));
  const p = data.batch > chunk ? progress('profiling (fixed point and float)', data.batch) : null;
  const traces = new Map<string, Float64Array[]>();
  const floats = new Map<string, Float64Array[]>();
  const outs: Float64Array[][] = quantized.outputs.map(() => []);
  const stats: RunStats[] = [];
  for (let r0 = 0; r0 < data.batch; r0 += chunk) {
    const r1 = Math.min(data.batch, r0 + chunk);
    const part: ProfileData = { inputs: data.inputs.map((a, k) => a.subarray(r0 * sizes[k]!, r1 * sizes[k]!)), batch: r1 - r0 };
    const run = runFixed(quantized, part.inputs, part.batch, { trace: true });
    for (const [k, v] of run.trace) (traces.get(k) ?? traces.set(k, []).get(k)!).push(v);
    for (const [k, v] of floatReference(floatGraph, quantized, part)) (floats.get(k) ?? floats.set(k, []).get(k)!).push(v);
    run.outputs.forEach((o, k) => outs[k]!.push(o));
    stats.push(run.stats);
    p?.set(r1);
  }
  p?.done(`${data.batch} samples`);
  const join = (m: Map<string, Float64Array[]>): Map<string, Float64Array> => new Map([...m].map(([k, v]) => [k, joinChunks(v)]));
  return { fixedTrace: join(traces), fixedOutputs: outs.map(joinChunks), stats: mergeRunStats(stats), float: join(floats) };
}

/** A configuration file's settings, without requiring the model files it names to exist. */
function readConfigOnly(path: string): ConfigFile {
  if (!existsSync(path)) fail('E001', { path, base: process.cwd() }, { file: path });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail('E002', { path, reason: e instanceof Error ? e.message : String(e) }, { file: path });
  }
  return parseConfigText(text, { file: path });
}

/** Options of reportModel. */
export interface ReportModelOptions {
  /** Weights file (Keras .json + .h5). */
  readonly weights?: string;
  /** hls4ml-style configuration file, or the configuration object. */
  readonly config?: string | HlsConfigObject;
  /** Profiling data, or a data file read against the loaded graph. */
  readonly data?: ProfileData | { readonly path: string; readonly labels?: string; readonly maxSamples?: number };
  readonly backends?: readonly BackendResult[];
  /** A synthesized project directory whose vendor reports (HLS csynth, Vivado utilization) join the backend results. */
  readonly project?: string;
}

/** Backend results of the vendor reports under a project directory (HLS synthesis and Vivado utilization). */
export function vendorResults(r: VendorReports): BackendResult[] {
  const pick = (o: Record<string, number | undefined>): Record<string, number> =>
    Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => e[1] !== undefined));
  const out: BackendResult[] = r.csynth.map((c) => ({
    kind: 'resources' as const,
    tool: `HLS synthesis (${c.file})`,
    resources: pick({ LUT: c.resources.lut, FF: c.resources.ff, DSP: c.resources.dsp, BRAM_18K: c.resources.bram18k, URAM: c.resources.uram }),
    figures: Object.fromEntries(
      Object.entries({
        'latency best (cycles)': c.latency.best,
        'latency worst (cycles)': c.latency.worst,
        'interval (cycles)': c.interval.min,
        'clock target (ns)': c.clock.targetNs,
        'clock estimated (ns)': c.clock.estimatedNs,
        part: c.part,
      }).filter(([, v]) => v !== undefined),
    ) as Record<string, number | string>,
  }));
  for (const v of r.vivado) {
    out.push({
      kind: 'resources',
      tool: `Vivado synthesis (${v.file})`,
      resources: pick({ LUT: v.lut?.used, FF: v.ff?.used, DSP: v.dsp?.used, BRAM: v.bram?.used, URAM: v.uram?.used }),
      ...(v.device ? { figures: { device: v.device } } : {}),
    });
  }
  return out;
}

/** Load a model (or the model a configuration file names), quantize it, profile it and build its Report. */
export async function reportModel(modelPath: string | undefined, opts: ReportModelOptions = {}): Promise<Report> {
  // With an explicit MODEL, the configuration's own model paths (often stale) are not needed: only its HLSConfig.
  const file = typeof opts.config !== 'string' ? undefined : modelPath === undefined ? readConfigFile(opts.config) : readConfigOnly(opts.config);
  const path = modelPath ?? file?.modelPath;
  if (path === undefined) return fail('E003', { option: 'MODEL', reason: 'give a model file, or --config with a configuration that names one', command: 'report' });
  const weights = opts.weights ?? (modelPath === undefined ? file?.weightsPath : undefined);
  const graph = await loadModel(path, weights !== undefined ? { weights } : {});
  const config = file !== undefined ? file.config : (opts.config as HlsConfigObject | undefined);
  const { graph: quantized } = quantizeGraph(graph, config);
  const d = opts.data;
  const data = d === undefined || 'inputs' in d ? d : readProfileData(d.path, graph, d);
  const vendor = opts.project !== undefined ? vendorResults(readVendorReports(opts.project)) : [];
  const clockPeriod = file !== undefined ? file.config.clockPeriod : typedConfig(config).config.clockPeriod;
  return buildReport({ ...profileGraph(graph, quantized, data, [...(opts.backends ?? []), ...vendor]), clockPeriod });
}

/** Write the report page to `path` atomically; returns its size in bytes. */
export function writeReportHtml(report: Report, path: string): number {
  const html = renderHtml(report);
  writeFileAtomic(path, html);
  return Buffer.byteLength(html);
}

/** Read profiling data for a single-input graph from .npy/.csv/.dat, keeping at most `maxSamples` rows. */
export function readProfileData(path: string, graph: Graph, opts: { labels?: string; maxSamples?: number } = {}): ProfileData {
  if (graph.inputs.length !== 1) fail('E007', { path, reason: `the model has ${graph.inputs.length} inputs; profiling data is supported for single-input models` }, { file: path });
  const input = graph.nodes.find((n) => n.name === graph.inputs[0])!;
  const size = sizeOf(input.shape);
  const d = readSampleData(path);
  if (d.cols !== size) fail('E008', { got: d.cols, expected: size, shape: `[${input.shape.join(', ')}]` }, { file: path });
  // Large image models hold millions of values per layer: keep the profiled values within a budget.
  const largest = Math.max(...graph.nodes.map((n) => sizeOf(n.shape)));
  const budget = Math.max(1, Math.floor(PROFILE_VALUE_BUDGET / largest));
  const batch = Math.min(d.rows, opts.maxSamples ?? Math.min(DEFAULT_PROFILE_SAMPLES, budget));
  const labels = opts.labels !== undefined ? readSampleData(opts.labels) : undefined;
  if (labels !== undefined && labels.rows * labels.cols < batch) fail('E007', { path: opts.labels!, reason: `${labels.rows} labels for ${batch} samples` }, { file: opts.labels! });
  // Labels are class indices (a 1-D array, or one per row), or one-hot rows (samples × classes) turned into indices.
  const oneHot = labels !== undefined && labels.rows > 1 && labels.cols > 1;
  const classes = labels === undefined ? undefined : oneHot ? argmaxRows(labels.data.subarray(0, batch * labels.cols), batch) : labels.data.subarray(0, batch);
  return { inputs: [d.data.subarray(0, batch * size)], batch, ...(classes ? { labels: classes } : {}), source: path };
}

/**
 * HLS projects from the library: `convertHls` writes a Vitis/Vivado project for a model + configuration (with test
 * vectors from the emulator), `csimPredict` runs a project's C simulation, `predictCsim` does both for an NnfabModel.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fail } from '../diagnostics/errors.js';
import type { IoType, ProjectConfig } from '../ir/config.js';
import { sizeOf, type Graph } from '../ir/graph.js';
import { hlsProjectFiles, writeHlsProject, type HlsProjectOptions } from '../backends/hls/project.js';
import { readProjectMeta, runCsim, type CsimResult } from '../backends/hls/csim.js';
import { formatVendorReports, readVendorReports, type VendorReports } from '../backends/hls/reports.js';
import { outputPath, readSampleData, writeSampleData } from '../io/data.js';
import type { OutputDirResult } from '../io/output-dir.js';
import { convert, toInputs, type ModelInput, type NnfabModel } from './model.js';
import { checkBatchMemory, checkUnroll } from './limits.js';
import type { HlsConfigObject } from './configure.js';

/** The HLS backends `convert` accepts. */
export const HLS_BACKENDS = ['vitis', 'vivado'] as const;
export type HlsBackend = (typeof HLS_BACKENDS)[number];

/** Options of convertHls. */
export interface ConvertHlsOptions {
  readonly weights?: string;
  readonly inputShape?: readonly number[];
  readonly backend?: HlsBackend;
  /** Output directory; default: the configuration's OutputDir. */
  readonly out?: string;
  readonly force?: boolean;
  readonly ioType?: IoType;
  readonly projectName?: string;
  /** Number of test vectors for tb_data/ when the configuration names no InputData (default 10). */
  readonly testSamples?: number;
  readonly safeTypes?: boolean;
}

/** What convertHls wrote. */
export interface ConvertHlsResult {
  readonly dir: string;
  readonly files: readonly string[];
  readonly model: NnfabModel;
  readonly backend: HlsBackend;
  readonly ioType: IoType;
}

/** The backend named by the configuration (`Vitis`, `Vivado`), or E611. */
export function backendOf(name: string): HlsBackend {
  const b = name.toLowerCase();
  if (b === 'vitis' || b === 'vivado') return b;
  return fail('E611', { backend: name, choices: HLS_BACKENDS.join(', ') });
}

/** Deterministic test inputs: N(0,1)-like values from a fixed seed (Irwin–Hall sums). */
function syntheticInputs(graph: Graph, batch: number): Float64Array[] {
  let s = 12345;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return graph.inputs.map((name) => {
    const size = sizeOf(graph.nodes.find((n) => n.name === name)!.shape);
    return Float64Array.from({ length: batch * size }, () => next() + next() + next() + next() - 2);
  });
}

/** Test vectors: the configuration's InputData (first rows) or synthetic ones, with the emulator's predictions. */
function testVectors(model: NnfabModel, cfg: ProjectConfig, samples: number): NonNullable<HlsProjectOptions['testVectors']> {
  // before generating anything: a huge --test-samples would otherwise exhaust the memory (E902)
  checkBatchMemory(model.graph, samples, Math.min(samples, 8192), false);
  let inputs: Float64Array[];
  let batch: number;
  if (cfg.inputData !== undefined && existsSync(cfg.inputData)) {
    const d = readSampleData(cfg.inputData);
    batch = Math.min(samples, d.rows);
    inputs = [Float64Array.from(d.data.subarray(0, batch * (d.data.length / d.rows)))];
  } else {
    batch = samples;
    inputs = syntheticInputs(model.graph, batch);
  }
  const outputs = model.predictAll(inputs.length === 1 ? inputs[0]! : inputs);
  return { inputs, outputs, batch };
}

/** Project options from a model's configuration and explicit overrides. */
export function projectOptions(model: NnfabModel, o: ConvertHlsOptions, testSamples?: number): HlsProjectOptions {
  const cfg = model.config;
  const backend = o.backend ?? backendOf(cfg.backend);
  const extra: Record<string, unknown> = {};
  if (cfg.kerasJson) extra['KerasJson'] = cfg.kerasJson;
  if (cfg.kerasH5) extra['KerasH5'] = cfg.kerasH5;
  if (cfg.kerasModel) extra['KerasModel'] = cfg.kerasModel;
  if (cfg.onnxModel) extra['OnnxModel'] = cfg.onnxModel;
  return {
    projectName: o.projectName ?? cfg.projectName,
    backend,
    ioType: o.ioType ?? cfg.ioType,
    part: cfg.part,
    clockPeriod: cfg.clockPeriod,
    ...(cfg.clockUncertainty !== undefined ? { clockUncertainty: cfg.clockUncertainty } : {}),
    ...(testSamples !== undefined && testSamples > 0 ? { testVectors: testVectors(model, cfg, testSamples) } : {}),
    configExtra: extra,
  };
}

/** Load, configure and write the HLS project of a model (hls4ml's convert_from_* + write). */
export async function convertHls(model: string | Graph | undefined, config: HlsConfigObject | ProjectConfig | string | undefined, o: ConvertHlsOptions = {}): Promise<ConvertHlsResult> {
  const m = await convert(model, config, {
    ...(o.weights !== undefined ? { weights: o.weights } : {}),
    ...(o.inputShape !== undefined ? { inputShape: o.inputShape } : {}),
    ...(o.safeTypes !== undefined ? { safeTypes: o.safeTypes } : {}),
  });
  checkUnroll(m.graph, o.ioType ?? m.config.ioType);
  const opts = projectOptions(m, o, o.testSamples ?? 10);
  const base = typeof config === 'string' ? dirname(resolve(config)) : process.cwd();
  const out = o.out ?? resolve(base, m.config.outputDir);
  const res: OutputDirResult = await writeHlsProject(m.graph, out, opts, o.force === true);
  return { dir: res.path, files: res.files, model: m, backend: opts.backend, ioType: opts.ioType };
}

/** Run the C simulation of project `dir` (built with g++, cached) on inputs in any ModelInput form. */
export function csimPredict(dir: string, graph: Graph, x: ModelInput): CsimResult {
  const { inputs, batch } = toInputs(graph, x);
  return runCsim(dir, inputs, batch);
}

/**
 * predict(x) through the generated C++: write the model's project into a content-addressed cache directory
 * (default under the OS temp dir), build it with g++ once, run it. Equals model.predictAll(x) bit for bit.
 */
export async function predictCsim(model: NnfabModel, x: ModelInput, o: { ioType?: IoType; cacheDir?: string } = {}): Promise<Float64Array[]> {
  const opts = projectOptions(model, { backend: 'vitis', ...(o.ioType ? { ioType: o.ioType } : {}) });
  const files = hlsProjectFiles(model.graph, opts);
  const h = createHash('sha256');
  for (const [k, v] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(k).update('\0').update(v);
  const root = o.cacheDir ?? join(tmpdir(), 'nnfab-csim-cache');
  mkdirSync(root, { recursive: true });
  const dir = join(root, h.digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'nnfab-project.json'))) await writeHlsProject(model.graph, dir, opts, true);
  return csimPredict(dir, model.graph, x).outputs;
}

/** What `nnfab csim` did. */
export interface CsimFileSummary {
  readonly dir: string;
  readonly samples: number;
  readonly outputs: { path: string; shape: number[] }[];
  readonly buildSeconds: number;
  readonly cached: boolean;
  readonly runSeconds: number;
  /** The predictions, one array per model output (samples × output size). */
  readonly predictions: Float64Array[];
}

/** `nnfab csim DIR --input X [--output Y]`: C simulation of a generated project on a data file. */
export function csimFile(dir: string, input: string, output?: string): CsimFileSummary {
  const meta = readProjectMeta(dir);
  const d = readSampleData(input);
  const perSample = meta.inputs.reduce((s, p) => s + p.size, 0);
  if (d.data.length !== d.rows * perSample) fail('E608', { got: d.data.length / d.rows, expected: perSample });
  // one data file holds every input of a sample, concatenated
  const inputs: Float64Array[] = [];
  let off = 0;
  for (const port of meta.inputs) {
    const a = new Float64Array(d.rows * port.size);
    for (let b = 0; b < d.rows; b++) a.set(d.data.subarray(b * perSample + off, b * perSample + off + port.size), b * port.size);
    inputs.push(a);
    off += port.size;
  }
  const r = runCsim(dir, inputs, d.rows);
  const outputs: { path: string; shape: number[] }[] = [];
  if (output !== undefined) {
    meta.outputs.forEach((port, k) => {
      const path = outputPath(output, k);
      writeSampleData(path, r.outputs[k]!, d.rows, port.shape);
      outputs.push({ path, shape: [d.rows, ...port.shape] });
    });
  }
  return { dir, samples: d.rows, outputs, buildSeconds: r.build.seconds, cached: r.build.cached, runSeconds: r.runSeconds, predictions: r.outputs };
}

/** `nnfab report DIR`: the vendor reports of a synthesized project (E609 when there are none). */
export function projectReports(dir: string): { reports: VendorReports; text: string } {
  const reports = readVendorReports(dir);
  return { reports, text: formatVendorReports(reports) };
}

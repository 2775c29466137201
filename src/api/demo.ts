/**
 * The demo: the bundled example network through the whole flow — configuration, float vs fixed accuracy on its
 * data, HLS project + C simulation, Verilog + Verilator co-simulation + Yosys synthesis — into one output directory
 * with report.html. A step whose tool is missing is skipped with the reason; the others still run.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NnfabError, fail } from '../diagnostics/errors.js';
import { sizeOf } from '../ir/graph.js';
import { writeSampleData } from '../io/data.js';
import { assertWritableOutput, writeOutputDir } from '../io/output-dir.js';
import { progress } from '../io/progress.js';
import { writeHlsProject } from '../backends/hls/project.js';
import { renderHtml } from '../report/html.js';
import { buildReport } from '../report/report.js';
import type { BackendResult, Report } from '../report/types.js';
import { csimPredict, projectOptions } from './hls.js';
import { convert, type NnfabModel } from './model.js';
import { profileGraph, readProfileData, type ProfileData } from './report.js';
import { readManifest } from '../backends/rtl/verilator.js';
import { defaultJobs, predictSynthSeconds } from '../backends/rtl/synth.js';
import { simulateProject, writeVerilogProject } from './verilog.js';

/** Default time limit of the demo's Yosys run, in seconds. */
export const DEFAULT_SYNTH_TIMEOUT = 120;

/** Options of runDemo. */
export interface DemoOptions {
  /** Output directory (default `nnfab-demo`). */
  readonly out?: string;
  readonly force?: boolean;
  /** Samples of the example data to use (default: all). */
  readonly samples?: number;
  readonly hls?: boolean;
  readonly verilog?: boolean;
  readonly synth?: boolean;
  /**
   * Seconds Yosys may run before the demo stops it and shows the analytic estimate. Default: 120, and designs that
   * predictSynthSeconds says would take longer skip Yosys; an explicit limit always runs it.
   */
  readonly synthTimeout?: number;
  /** The example directory (default: the bundled one). */
  readonly example?: string;
}

/** One step of the demo and how it went. */
export interface DemoStep {
  readonly name: string;
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly summary: string;
}

/** What the demo did. */
export interface DemoResult {
  readonly dir: string;
  readonly reportPath: string;
  readonly report: Report;
  readonly steps: readonly DemoStep[];
}

/** The bundled example directory (examples/ at the package root, from src/api or dist/api). */
export function bundledExample(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');
  const dirs = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'model.json')) || existsSync(join(root, d, 'model.onnx'))) : [];
  return join(root, dirs.includes('mnist-dense') ? 'mnist-dense' : (dirs[0] ?? 'mnist-dense'));
}

/** The model, configuration and data files of an example directory. */
function exampleFiles(dir: string): { model: string; config?: string; inputs: string; labels?: string } {
  const pick = (...names: string[]): string | undefined => names.map((n) => join(dir, n)).find((p) => existsSync(p));
  const model = pick('model.json', 'model.onnx', 'model.keras', 'model.h5');
  const inputs = pick('test-inputs.npy', 'inputs.npy', 'input.npy');
  if (model === undefined || inputs === undefined) fail('E802', { path: dir, file: model === undefined ? 'a model (model.json, model.onnx, model.keras or model.h5)' : 'test-inputs.npy' });
  const config = pick('config.yml', 'config.yaml');
  const labels = pick('labels.npy', 'test-labels.npy');
  return { model: model!, inputs: inputs!, ...(config ? { config } : {}), ...(labels ? { labels } : {}) };
}

/** A step that decided not to run (or to stop), with the reason. */
interface Skipped {
  readonly skipped: string;
}

/** Turn a missing tool (E009) into a skip; other user errors into a failed step; bugs propagate. */
async function guarded(name: string, steps: DemoStep[], backends: BackendResult[], tool: string, fn: () => Promise<string | Skipped> | string): Promise<boolean> {
  const p = progress(name);
  try {
    const r = await fn();
    if (typeof r !== 'string') {
      p.skip(r.skipped);
      steps.push({ name, status: 'skipped', summary: r.skipped });
      return false;
    }
    p.done(r);
    steps.push({ name, status: 'ok', summary: r });
    return true;
  } catch (e) {
    if (!(e instanceof NnfabError)) throw e;
    const d = e.diagnostics[0]!;
    const missing = d.code === 'E009';
    const reason = missing ? `${d.message} (${d.hint})` : `${d.code} ${d.message}`;
    if (missing) p.skip(reason);
    else p.fail(reason);
    steps.push({ name, status: missing ? 'skipped' : 'failed', summary: reason });
    backends.push(missing ? { kind: 'skipped', tool, reason } : { kind: 'failed', tool, message: reason });
    return false;
  }
}

/** Bitwise comparison of two output sets: the number of samples that differ anywhere. */
function mismatchedSamples(a: readonly Float64Array[], b: readonly Float64Array[], batch: number): number {
  let bad = 0;
  for (let s = 0; s < batch; s++) {
    const differs = a.some((x, k) => {
      const w = x.length / batch;
      for (let j = s * w; j < (s + 1) * w; j++) if (!Object.is(x[j], b[k]?.[j])) return true;
      return false;
    });
    if (differs) bad++;
  }
  return bad;
}

/** HLS project + C simulation, compared with the emulator bit for bit. */
async function hlsStep(tmp: string, model: NnfabModel, data: ProfileData, backends: BackendResult[]): Promise<string> {
  const dir = join(tmp, 'hls');
  await writeHlsProject(model.graph, dir, projectOptions(model, { backend: 'vitis' }, Math.min(10, data.batch)));
  const x = data.inputs[0]!;
  const csim = csimPredict(dir, model.graph, x);
  const emu = model.predictAll(x);
  const bad = mismatchedSamples(csim.outputs, emu, data.batch);
  backends.push({ kind: 'agreement', tool: 'C simulation (g++)', samples: data.batch, mismatches: bad, note: `project in hls/` });
  return bad === 0 ? `hls/ written; C simulation bit-exact with the emulator on ${data.batch} samples` : `${bad} of ${data.batch} samples differ`;
}

/** The Verilog project (rtl/). */
async function verilogStep(tmp: string, model: NnfabModel): Promise<string> {
  const manifest = await writeVerilogProject(model.graph, join(tmp, 'rtl'), { clockPeriod: model.config.clockPeriod });
  return `rtl/ written: ${manifest.files.length} files, ${manifest.latency} cycles latency, ${manifest.adders} adders`;
}

/** Verilator co-simulation of rtl/ against the emulator. */
function cosimStep(tmp: string, model: NnfabModel, data: ProfileData, backends: BackendResult[]): string {
  const size = sizeOf(model.graph.nodes.find((n) => n.name === model.graph.inputs[0])!.shape);
  // The co-simulation reads its vectors from a file: keep it outside the output directory.
  const scratch = mkdtempSync(join(tmpdir(), 'nnfab-demo-'));
  const vectors = join(scratch, 'inputs.npy');
  writeSampleData(vectors, data.inputs[0]!, data.batch, [size]);
  try {
    const sim = simulateProject(join(tmp, 'rtl'), { input: vectors, limit: data.batch });
    const n = sim.passed + sim.failed;
    backends.push({ kind: 'agreement', tool: 'Verilator', samples: n, mismatches: sim.failed, note: `latency ${sim.latency} cycles` });
    return sim.failed === 0 ? `bit-exact with the emulator on ${n} samples` : `${sim.failed} of ${n} samples differ`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Run a child process to completion or until `ms` have passed (then it is killed); async, so spinners keep turning. */
function runChild(cmd: string, args: string[], ms: number): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string; error?: Error }> {
  return new Promise((done) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: ms, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: string | null; killed?: boolean }) | null;
      done({ status: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr, ...(e && typeof e.code !== 'number' && !e.signal ? { error: e } : {}) });
    });
  });
}

/** What `nnfab synth --json` prints (the part the demo reads). */
interface SynthJson {
  readonly synth: { lut: number; ff: number; dsp: number; carry: number; bram: number; seconds: number };
  readonly latency: number;
}

/**
 * Yosys synthesis of rtl/ (xc7 figures), run as a child `nnfab synth` so that it can be stopped after `timeout`
 * seconds (Yosys in WebAssembly blocks its thread and ignores signals). On timeout the RTL backend's analytic
 * estimate stands in, and the step says how to run the full synthesis.
 */
async function synthStep(tmp: string, out: string, timeout: number | undefined, backends: BackendResult[]): Promise<string | Skipped> {
  const dir = join(tmp, 'rtl');
  const e = readManifest(dir).estimate;
  const estimate = (): void => void backends.push({ kind: 'resources', tool: 'RTL estimate (analytic)', resources: { 'LUT (est.)': e.lutEstimate, adders: e.adders, 'register bits': e.registerBits, multipliers: e.multipliers } });
  const rerun = `run \`npx nnfab synth ${join(out, 'rtl')}\` for the full figures (the analytic estimate is shown)`;
  const predicted = predictSynthSeconds(e.adders);
  if (timeout === undefined && predicted > DEFAULT_SYNTH_TIMEOUT) {
    // Yosys in WebAssembly would outlast the time limit: say so (and how long it would take) instead of waiting for it.
    estimate();
    const reason = `the design has ${e.adders} adders: Yosys would need about ${Math.ceil(predicted / 60)} min on ${defaultJobs()} core(s); ${rerun}`;
    backends.push({ kind: 'skipped', tool: 'Yosys synth_xilinx (xc7)', reason });
    return { skipped: reason };
  }
  const limit = timeout ?? DEFAULT_SYNTH_TIMEOUT;
  const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/nnfab.js');
  const res = await runChild(process.execPath, [bin, 'synth', dir, '--json'], limit * 1000);
  if (res.error !== undefined || res.status !== 0 || res.signal !== null) {
    estimate();
    const why = res.signal !== null ? `stopped after ${limit} s` : `failed: ${(res.stderr || String(res.error)).trim().split('\n').pop()}`;
    const reason = `${why}; ${rerun}`;
    backends.push({ kind: 'skipped', tool: 'Yosys synth_xilinx (xc7)', reason });
    return { skipped: reason };
  }
  const { synth, latency } = JSON.parse(res.stdout) as SynthJson;
  const resources = { LUT: synth.lut, FF: synth.ff, DSP: synth.dsp, CARRY4: synth.carry, ...(synth.bram ? { BRAM: synth.bram } : {}) };
  backends.push({ kind: 'resources', tool: 'Yosys synth_xilinx (xc7)', resources, figures: { 'latency (cycles)': latency, 'synthesis time (s)': Math.round(synth.seconds) } });
  return `${synth.lut} LUT, ${synth.ff} FF, ${synth.dsp} DSP (${Math.round(synth.seconds)} s)`;
}

/** Run the whole flow on the example and write everything (report.html, report.json, hls/, rtl/) to `out`. */
export async function runDemo(opts: DemoOptions = {}): Promise<DemoResult> {
  const out = resolve(opts.out ?? 'nnfab-demo');
  assertWritableOutput(out, { force: opts.force === true });
  const files = exampleFiles(opts.example ?? bundledExample());
  const steps: DemoStep[] = [];
  const backends: BackendResult[] = [];
  let model: NnfabModel | undefined;
  await guarded('load + configure', steps, backends, 'configuration', async () => {
    model = await convert(files.model, files.config);
    return `${model.graph.nodes.length} layers, ${files.config ? 'config ' + files.config.split(/[\\/]/).pop() : 'default configuration fixed<16,6>'}`;
  });
  if (model === undefined) return fail('E010', { tool: 'nnfab demo', reason: steps[0]!.summary, log: 'the message above' });
  const m = model;
  const data = readProfileData(files.inputs, m.graph, { ...(files.labels ? { labels: files.labels } : {}), ...(opts.samples ? { maxSamples: opts.samples } : {}) });
  let report: Report | undefined;
  await writeOutputDir(
    out,
    async (tmp) => {
      const p = progress('float vs fixed');
      const input = profileGraph(m.floatGraph, m.graph, data);
      const a = input.accuracy;
      const acc = a?.floatAccuracy !== undefined ? `accuracy float ${(100 * a.floatAccuracy).toFixed(1)}%, fixed ${(100 * a.fixedAccuracy!).toFixed(1)}% on ${data.batch} samples` : `${data.batch} samples profiled`;
      p.done(acc);
      steps.push({ name: 'float vs fixed', status: 'ok', summary: acc });
      if (opts.hls !== false) await guarded('HLS project + C simulation', steps, backends, 'C simulation (g++)', () => hlsStep(tmp, m, data, backends));
      const rtl = opts.verilog !== false && (await guarded('Verilog project', steps, backends, 'Verilog', () => verilogStep(tmp, m)));
      if (rtl) await guarded('Verilator co-simulation', steps, backends, 'Verilator', () => cosimStep(tmp, m, data, backends));
      if (rtl && opts.synth !== false) await guarded('Yosys synthesis', steps, backends, 'Yosys', () => synthStep(tmp, out, opts.synthTimeout, backends));
      report = buildReport({ ...input, backends, clockPeriod: m.config.clockPeriod });
      writeFileSync(join(tmp, 'report.html'), renderHtml(report));
      writeFileSync(join(tmp, 'report.json'), JSON.stringify(report, null, 2) + '\n');
      steps.push({ name: 'report', status: 'ok', summary: 'report.html, report.json' });
    },
    { force: opts.force === true },
  );
  return { dir: out, reportPath: join(out, 'report.html'), report: report!, steps };
}

/**
 * The Verilog flow in the library API: convert a model to a Verilog project (the quantized graph is saved beside it as
 * graph.json, so the project alone is enough to simulate), and co-simulate it with Verilator against the emulator.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fail } from '../diagnostics/errors.js';
import type { ProjectConfig } from '../ir/config.js';
import type { Graph } from '../ir/graph.js';
import { sizeOf } from '../ir/graph.js';
import { graphFromJson, graphToJson } from '../ir/json.js';
import { readSampleData, writeSampleData } from '../io/data.js';
import { writeOutputDir } from '../io/output-dir.js';
import { runFixed } from '../emulator/index.js';
import { buildVerilog, type VerilogManifest, type VerilogOptions } from '../backends/rtl/project.js';
import { buildSimulator, readManifest, runSimulator } from '../backends/rtl/verilator.js';
import { synthesize, type SynthOptions, type SynthResult, type SynthTarget } from '../backends/rtl/synth.js';
import { convert, type ConvertOptions } from './model.js';
import type { HlsConfigObject } from './configure.js';

/** Options of convertToVerilog. */
export interface ConvertVerilogOptions extends ConvertOptions, VerilogOptions {
  readonly outDir: string;
  readonly force?: boolean;
}

/** Write the Verilog project of a quantized graph (and graph.json) into outDir. */
export async function writeVerilogProject(graph: Graph, outDir: string, opts: VerilogOptions & { force?: boolean } = {}): Promise<VerilogManifest> {
  const d = buildVerilog(graph, opts);
  await writeOutputDir(
    outDir,
    (tmp) => {
      for (const [rel, text] of d.files) writeFileAtomic(join(tmp, rel), text);
      writeFileSync(join(tmp, 'graph.json'), graphToJson(graph));
    },
    { force: opts.force === true },
  );
  return d.manifest;
}

function writeFileAtomic(p: string, text: string): void {
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** nnfab convert --backend verilog: model (+ configuration) → Verilog project. */
export async function convertToVerilog(model: string | Graph | undefined, config: HlsConfigObject | ProjectConfig | string | undefined, o: ConvertVerilogOptions): Promise<VerilogManifest> {
  const m = await convert(model, config, o);
  const clockPeriod = o.clockPeriod ?? m.config.clockPeriod;
  return writeVerilogProject(m.graph, o.outDir, { ...o, clockPeriod });
}

/** Result of a co-simulation. */
export interface SimResult {
  readonly passed: number;
  readonly failed: number;
  readonly latency: number;
  /** First mismatching sample: index, expected and simulated raw outputs. */
  readonly firstMismatch?: { readonly sample: number; readonly expected: string[]; readonly got: string[] };
}

/** The quantized graph saved in a Verilog project. */
export function projectGraph(dir: string): Graph {
  const p = join(dir, 'graph.json');
  if (!existsSync(p)) fail('E703', { dir, file: 'graph.json' });
  try {
    return graphFromJson(readFileSync(p, 'utf8'));
  } catch (e) {
    // a damaged or foreign graph.json is the user's file, not a bug
    return fail('E002', { path: p, reason: e instanceof Error ? e.message : String(e) }, { file: p });
  }
}

/** Raw emulator integers of the first input and output for a float input batch. */
export function emulatorRaw(graph: Graph, x: Float64Array, batch: number): { inputs: bigint[][]; outputs: bigint[][] } {
  const run = runFixed(graph, [x], batch, { keepRaw: true });
  const rows = (a: Float64Array): bigint[][] => {
    const n = a.length / batch;
    return Array.from({ length: batch }, (_, b) => Array.from(a.subarray(b * n, (b + 1) * n), (v) => BigInt(v)));
  };
  return { inputs: rows(run.raw.get(graph.inputs[0]!)!.raw), outputs: rows(run.raw.get(graph.outputs[0]!)!.raw) };
}

/** nnfab sim: emulator vectors → Verilator run → compare; writes the simulated outputs (as values) when `output`. */
export function simulateProject(dir: string, o: { input: string; output?: string; axis?: boolean; limit?: number }): SimResult {
  const m = readManifest(dir);
  const graph = projectGraph(dir);
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) fail('E707', { dir, reason: 'co-simulation supports one input and one output' });
  const data = readSampleData(o.input);
  const n = sizeOf(graph.nodes.find((x) => x.name === graph.inputs[0])!.shape);
  if (data.cols !== n) fail('E008', { got: data.cols, expected: n, shape: `[${n}]` });
  const batch = Math.min(data.rows, o.limit ?? data.rows);
  const { inputs, outputs } = emulatorRaw(graph, data.data.subarray(0, batch * n), batch);
  const got = runSimulator(dir, buildSimulator(dir, o.axis === true), inputs);
  let failed = 0;
  let first: SimResult['firstMismatch'];
  outputs.forEach((e, i) => {
    const g = got[i] ?? [];
    if (g.length !== e.length || g.some((v, k) => v !== e[k])) {
      failed++;
      first ??= { sample: i, expected: e.map(String), got: g.map(String) };
    }
  });
  if (o.output !== undefined) {
    const vals = got.flatMap((row) => row.map((v, k) => Number(v) * 2 ** -m.outputs[k]!.frac));
    writeSampleData(o.output, vals, got.length, [m.outputs.length]);
  }
  return { passed: outputs.length - failed, failed, latency: m.latency, ...(first ? { firstMismatch: first } : {}) };
}

/** nnfab synth: Yosys resource figures plus the analytic estimate stored in the manifest. */
export async function synthProject(dir: string, target: SynthTarget, onLine?: (line: string) => void, opts: SynthOptions = {}): Promise<{ synth: SynthResult; estimate: VerilogManifest['estimate']; latency: number }> {
  const m = readManifest(dir);
  const synth = await synthesize(dir, target, onLine, opts);
  return { synth, estimate: m.estimate, latency: m.latency };
}

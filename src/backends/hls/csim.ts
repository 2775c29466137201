/** Local C simulation of a generated project: build with g++ (cached by content), run the testbench, read outputs. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../diagnostics/errors.js';
import { buildCpp, type BuildResult } from './gxx.js';
import { PROJECT_META, type ProjectMeta } from './project.js';

/** Outputs of a C simulation run (one Float64Array per model output, batch·size values) and timings. */
export interface CsimResult {
  readonly outputs: Float64Array[];
  readonly build: BuildResult;
  readonly runSeconds: number;
}

/** Read a project's metadata (E606 when `dir` is not an nnfab HLS project). */
export function readProjectMeta(dir: string): ProjectMeta {
  const p = join(dir, PROJECT_META);
  if (!existsSync(p)) fail('E606', { path: dir, reason: `${PROJECT_META} is missing` }, { file: dir });
  let meta: ProjectMeta;
  try {
    meta = JSON.parse(readFileSync(p, 'utf8')) as ProjectMeta;
  } catch (e) {
    return fail('E606', { path: dir, reason: `${PROJECT_META} is not valid JSON (${e instanceof Error ? e.message : String(e)})` }, { file: p });
  }
  if (meta === null || typeof meta !== 'object' || meta.tool !== 'nnfab-hls') fail('E606', { path: dir, reason: `${PROJECT_META} was not written by the HLS backend` }, { file: p });
  return meta;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)) : [join(dir, n)]));
}

/** Build the project's C simulation (instant when nothing changed). */
export function buildCsim(dir: string): BuildResult {
  const meta = readProjectMeta(dir);
  const fw = join(dir, 'firmware');
  return buildCpp({
    sources: [join(dir, `${meta.project}_test.cpp`), join(fw, `${meta.project}.cpp`)],
    includeDirs: [],
    hashFiles: listFiles(fw).filter((f) => f.endsWith('.h')),
    cacheDir: join(dir, '.nnfab-build'),
  });
}

/** Text of the input file: one sample per line, every input concatenated; checks sizes. */
function inputText(meta: ProjectMeta, inputs: readonly Float64Array[], batch: number): string {
  if (inputs.length !== meta.inputs.length) fail('E608', { got: `${inputs.length} inputs`, expected: `${meta.inputs.length} inputs` });
  const lines: string[] = [];
  meta.inputs.forEach((port, j) => {
    if (inputs[j]!.length !== port.size * batch) fail('E608', { got: inputs[j]!.length / batch, expected: port.size });
  });
  for (let b = 0; b < batch; b++) {
    const vals: string[] = [];
    meta.inputs.forEach((port, j) => {
      for (let i = 0; i < port.size; i++) vals.push(String(inputs[j]![b * port.size + i]));
    });
    lines.push(vals.join(' '));
  }
  return lines.join('\n') + '\n';
}

/** Parse the testbench output into one array per model output. */
function parseOutputs(meta: ProjectMeta, text: string, batch: number): Float64Array[] {
  const outs = meta.outputs.map((o) => new Float64Array(o.size * batch));
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== batch) fail('E607', { status: 0, output: `expected ${batch} result lines, got ${lines.length}` });
  lines.forEach((line, b) => {
    const vals = line.trim().split(/\s+/).map(Number);
    let o = 0;
    meta.outputs.forEach((port, j) => {
      for (let i = 0; i < port.size; i++) outs[j]![b * port.size + i] = vals[o++]!;
    });
  });
  return outs;
}

/** Run the C simulation of project `dir` on `inputs` (one Float64Array per model input, batch·size values). */
export function runCsim(dir: string, inputs: readonly Float64Array[], batch: number): CsimResult {
  const meta = readProjectMeta(dir);
  const build = buildCsim(dir);
  const work = join(dir, '.nnfab-build');
  mkdirSync(work, { recursive: true });
  const inFile = join(work, `input-${process.pid}.dat`);
  const outFile = join(work, `output-${process.pid}.log`);
  writeFileSync(inFile, inputText(meta, inputs, batch));
  const t0 = performance.now();
  const r = spawnSync(build.binary, [inFile, outFile], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  const runSeconds = (performance.now() - t0) / 1000;
  try {
    if (r.status !== 0) fail('E607', { status: r.status ?? r.signal ?? -1, output: (r.stderr || r.stdout || '').slice(0, 2000) }, { file: dir });
    return { outputs: parseOutputs(meta, readFileSync(outFile, 'utf8'), batch), build, runSeconds };
  } finally {
    rmSync(inFile, { force: true });
    rmSync(outFile, { force: true });
  }
}

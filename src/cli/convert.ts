/**
 * `nnfab convert [MODEL] --backend vitis|vivado|verilog --out DIR`: write a firmware project for a model + configuration.
 * One entry per backend in BACKENDS (the dispatch); the configuration's OutputDir/ProjectName/Backend are the defaults.
 */
import type { Command } from 'commander';
import { fail } from '../diagnostics/errors.js';
import { convertHls } from '../api/hls.js';
import { convertToVerilog } from '../api/verilog.js';
import { readConfigFile } from '../api/configure.js';
import type { IoType } from '../ir/config.js';
import { parseShape } from './inspect.js';

/** Flags of `nnfab convert`. */
export interface ConvertFlags {
  readonly config?: string;
  readonly weights?: string;
  readonly backend?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly ioType?: string;
  readonly project?: string;
  readonly testSamples?: string;
  readonly inputShape?: string;
  readonly json?: boolean;
}

/** What a backend wrote, for the message. */
export interface ConvertOutcome {
  readonly dir: string;
  readonly files: readonly string[];
  readonly summary: string;
}

type BackendWriter = (model: string | undefined, f: ConvertFlags) => Promise<ConvertOutcome>;

function ioTypeOf(s: string | undefined): IoType | undefined {
  if (s === undefined) return undefined;
  if (s === 'io_parallel' || s === 'io_stream') return s;
  return fail('E003', { option: '--io-type', reason: `"${s}" (choose io_parallel or io_stream)`, command: 'convert' });
}

/** The HLS backends (Vitis HLS, Vivado HLS). */
async function writeHls(model: string | undefined, f: ConvertFlags, backend: 'vitis' | 'vivado'): Promise<ConvertOutcome> {
  const io = ioTypeOf(f.ioType);
  const n = f.testSamples !== undefined ? Number(f.testSamples) : undefined;
  if (n !== undefined && !(Number.isInteger(n) && n >= 0)) fail('E003', { option: '--test-samples', reason: `"${f.testSamples}" is not a non-negative integer`, command: 'convert' });
  const inputShape = parseShape(f.inputShape, 'convert');
  const r = await convertHls(model, f.config, {
    backend,
    ...(f.weights ? { weights: f.weights } : {}),
    ...(f.out ? { out: f.out } : {}),
    ...(f.force ? { force: true } : {}),
    ...(io ? { ioType: io } : {}),
    ...(f.project ? { projectName: f.project } : {}),
    ...(n !== undefined ? { testSamples: n } : {}),
    ...(inputShape ? { inputShape } : {}),
  });
  const summary = `${backend === 'vitis' ? 'Vitis' : 'Vivado'} HLS project (${r.ioType}) in ${r.dir}: ${r.files.length} files\n` + `  build: cd ${r.dir} && ${backend === 'vitis' ? 'vitis-run --mode hls --tcl build_prj.tcl' : 'vivado_hls -f build_prj.tcl'}\n` + `  local C simulation: nnfab csim ${r.dir} --input tb_data/tb_input_features.dat`;
  return { dir: r.dir, files: r.files, summary };
}

/** The Verilog backend: pipelined RTL, testbenches and manifest (co-simulate with `nnfab sim`, synthesize with `nnfab synth`). */
async function writeVerilog(model: string | undefined, f: ConvertFlags): Promise<ConvertOutcome> {
  const inputShape = parseShape(f.inputShape, 'convert');
  const outDir = f.out ?? 'nnfab-verilog';
  const m = await convertToVerilog(model, f.config, {
    outDir,
    ...(f.weights ? { weights: f.weights } : {}),
    ...(f.force ? { force: true } : {}),
    ...(f.project ? { top: f.project } : {}),
    ...(inputShape ? { inputShape } : {}),
  });
  const modes = m.layers
    .filter((l) => l.mode)
    .map((l) => `${l.node}: ${l.mode}${l.naiveAdders ? ` (${l.adders}/${l.naiveAdders} adders vs naive digits)` : ''}`)
    .join(', ');
  const summary =
    `Verilog project in ${outDir}: top ${m.top}, latency ${m.latency} cycles, a new input every ${m.interval} cycle(s), ${m.adders} adders\n` +
    (modes ? `  dense layers: ${modes}\n` : '') +
    `  co-simulate: nnfab sim ${outDir} --input X   synthesize: nnfab synth ${outDir}`;
  return { dir: outDir, files: [...m.files, 'manifest.json', 'graph.json', 'tb/tb.cpp', 'tb/tb_axis.cpp'], summary };
}

/** Backend name → writer. Other backends register here. */
export const BACKENDS: Record<string, BackendWriter> = {
  vitis: (m, f) => writeHls(m, f, 'vitis'),
  vivado: (m, f) => writeHls(m, f, 'vivado'),
  verilog: writeVerilog,
};

/** The backend: --backend, else the configuration's Backend, else Vivado (hls4ml's default). */
function backendName(f: ConvertFlags): string {
  if (f.backend !== undefined) return f.backend.toLowerCase();
  if (f.config !== undefined) return readConfigFile(f.config).config.backend.toLowerCase();
  return 'vivado';
}

/** Register `nnfab convert`. */
export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('write a firmware project for a model and configuration: Vitis/Vivado HLS C++ or Verilog')
    .argument('[model]', 'model file (.onnx, .json + --weights, .h5, .keras); optional when --config names it')
    .option('-c, --config <file>', 'hls4ml-style configuration (YAML): precisions, reuse factors, OutputDir, ProjectName, Backend, IOType')
    .option('-w, --weights <file>', 'weights file for a Keras .json model')
    .option('-b, --backend <name>', `backend: ${Object.keys(BACKENDS).join(' | ')} (default: the configuration's Backend, else vivado)`)
    .option('-o, --out <dir>', "output directory (default: the configuration's OutputDir)")
    .option('--force', 'write into an existing non-empty directory nnfab did not create (its files are kept)')
    .option('--io-type <type>', 'io_parallel | io_stream (default: the configuration\'s IOType)')
    .option('--project <name>', "project (top function) name (default: the configuration's ProjectName, myproject)")
    .option('--test-samples <n>', 'test vectors written to tb_data/ (default 10; InputData of the configuration when given)')
    .option('--input-shape <dims>', 'input shape without batch, for models that leave it open (e.g. 28,28,1)')
    .option('--json', 'print the result as JSON')
    .action(async (model: string | undefined, f: ConvertFlags) => {
      const name = backendName(f);
      const writer = BACKENDS[name];
      if (writer === undefined) fail('E611', { backend: name, choices: Object.keys(BACKENDS).join(', ') });
      const r = await writer(model, f);
      if (f.json) process.stdout.write(JSON.stringify({ backend: name, dir: r.dir, files: r.files }, null, 2) + '\n');
      else process.stdout.write(r.summary + '\n');
    });
}

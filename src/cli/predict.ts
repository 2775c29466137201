/** `nnfab predict MODEL --float --input X --output Y`: run every sample of a data file through the model. */
import type { Command } from 'commander';
import { predictFile, type PredictOptions } from '../api/predict.js';
import { fail } from '../diagnostics/errors.js';
import { predictFixedFile } from '../api/predict-fixed.js';
import { formatStats } from '../api/stats-text.js';
import { parseShape } from './inspect.js';

interface Flags {
  float?: boolean;
  input: string[];
  output?: string;
  weights?: string;
  inputShape?: string;
  json?: boolean;
  config?: string;
  trace?: string;
  stats?: boolean;
  force?: boolean;
  threads?: string;
}

/** The fixed-point path: emulate bit-exactly, write outputs / trace, print overflow statistics. */
async function predictFixed(model: string | undefined, o: Flags): Promise<void> {
  const inputShape = parseShape(o.inputShape, 'predict');
  const threads = o.threads === undefined ? undefined : Number(o.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) fail('E003', { option: '--threads', reason: `"${o.threads}" is not a whole number ≥ 1`, command: 'predict' });
  const s = await predictFixedFile(model, {
    ...(threads !== undefined ? { threads } : {}),
    input: o.input,
    ...(o.output ? { output: o.output } : {}),
    ...(o.config ? { config: o.config } : {}),
    ...(o.weights ? { weights: o.weights } : {}),
    ...(inputShape ? { inputShape } : {}),
    ...(o.trace ? { traceDir: o.trace } : {}),
    ...(o.force ? { force: true } : {}),
  });
  if (o.json) {
    process.stdout.write(JSON.stringify(s, null, 2) + '\n');
    return;
  }
  for (const w of s.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const out of s.outputs) process.stdout.write(`wrote ${out.path}: ${out.shape.join(' × ')} float64 (fixed-point emulation)\n`);
  if (o.trace) process.stdout.write(`wrote ${s.traced.length} layer outputs to ${o.trace}/\n`);
  if (!o.output && !o.trace) process.stdout.write(`predicted ${s.samples} samples (fixed-point emulation); add --output FILE to save them\n`);
  if (o.stats) process.stdout.write(`\n${formatStats(s.stats)}\n`);
}

/** Build the api options from the flags (the fixed-point path adds its runner here). */
function optionsFrom(o: Flags): PredictOptions {
  const inputShape = parseShape(o.inputShape, 'predict');
  return { input: o.input, output: o.output ?? '', float: true, ...(o.weights ? { weights: o.weights } : {}), ...(inputShape ? { inputShape } : {}) };
}

/** Register `nnfab predict`. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('predict a data file: inputs .npy/.csv/.dat (one sample per row), outputs .npy (float64) or .csv/.dat by extension; output k > 0 of a multi-output model goes to Y.k.EXT')
    .argument('[model]', 'model file; optional when --config names it (KerasJson/KerasH5, KerasModel, OnnxModel)')
    .option('--float', 'run the float64 reference (no quantization)')
    .requiredOption('--input <files...>', 'input data, one file per model input')
    .option('--output <file>', 'output file (.npy, .csv or .dat); required with --float')
    .option('--weights <file>', 'weights file (.h5) for a Keras .json model')
    .option('--input-shape <dims>', 'input shape without the batch dimension, e.g. 3,32,32')
    .option('--json', 'print a JSON summary')
    .option('-c, --config <file>', 'hls4ml-style configuration (YAML) for the fixed-point run; default: model granularity, fixed<16,6>')
    .option('--trace <dir>', 'also write every layer\'s fixed-point output to DIR/LAYER.npy')
    .option('--stats', 'print overflow counts per layer and conversion point')
    .option('--force', 'write --trace into an existing directory nnfab did not create (its files are kept)')
    .option('--threads <n>', 'threads sharing a large batch (default: the logical processors, at most 8; 1 runs on the main thread)')
    .action(async (model: string | undefined, o: Flags) => {
      if (!o.float) return predictFixed(model, o);
      if (model === undefined) fail('E003', { option: 'MODEL', reason: 'the float run needs the model file', command: 'predict' });
      if (o.output === undefined) fail('E003', { option: '--output', reason: 'the float run needs an output file', command: 'predict' });
      const s = await predictFile(model, optionsFrom(o));
      if (o.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      else for (const out of s.outputs) process.stdout.write(`wrote ${out.path}: ${out.shape.join(' × ')} float64\n`);
    });
}

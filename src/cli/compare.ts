/** `nnfab compare MODEL --config C --input X`: per layer, float vs fixed max/mean error and overflow counts. */
import type { Command } from 'commander';
import { fail } from '../diagnostics/errors.js';
import { compareFile } from '../api/predict-fixed.js';
import { formatComparison } from '../api/stats-text.js';

interface Flags {
  config?: string;
  input: string[];
  weights?: string;
  samples?: string;
  json?: boolean;
}

/** Register `nnfab compare`. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare the float model with its fixed-point emulation layer by layer: max/mean |error| and overflow counts')
    .argument('[model]', 'model file; optional when --config names it')
    .option('-c, --config <file>', 'hls4ml-style configuration (YAML); without it, the model-granularity defaults (fixed<16,6>)')
    .requiredOption('-i, --input <files...>', 'input data (.npy, .csv, .dat), one file per model input')
    .option('-w, --weights <file>', 'weights file (.h5) for a Keras .json model')
    .option('--samples <n>', 'compare at most n samples')
    .option('--json', 'print the comparison as JSON')
    .action(async (model: string | undefined, f: Flags) => {
      const samples = f.samples !== undefined ? Number(f.samples) : undefined;
      if (samples !== undefined && !(Number.isInteger(samples) && samples > 0)) fail('E003', { option: '--samples', reason: `"${f.samples}" is not a positive integer`, command: 'compare' });
      const rows = await compareFile(model, { input: f.input, ...(f.config ? { config: f.config } : {}), ...(f.weights ? { weights: f.weights } : {}), ...(samples ? { samples } : {}) });
      if (f.json) process.stdout.write(JSON.stringify(rows.map(({ stats, ...r }) => ({ ...r, points: stats.points })), null, 2) + '\n');
      else process.stdout.write(formatComparison(rows) + '\n');
    });
}

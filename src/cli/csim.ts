/** `nnfab csim DIR --input X [--output Y]`: build a generated HLS project with g++ (cached) and run it on a data file. */
import type { Command } from 'commander';
import { csimFile } from '../api/hls.js';

interface Flags {
  readonly input: string;
  readonly output?: string;
  readonly json?: boolean;
}

/** Register `nnfab csim`. */
export function registerCsim(program: Command): void {
  program
    .command('csim')
    .description("C-simulate a generated HLS project locally with g++ and nnfab's own ap_fixed headers (bit-exact with the emulator)")
    .argument('<dir>', 'project directory written by `nnfab convert --backend vitis|vivado`')
    .requiredOption('-i, --input <file>', 'input samples (.npy, .csv, .dat), one sample per row (several model inputs concatenated)')
    .option('-o, --output <file>', 'write predictions (.npy, .csv, .dat by extension)')
    .option('--json', 'print a JSON summary')
    .action((dir: string, f: Flags) => {
      const s = csimFile(dir, f.input, f.output);
      if (f.json) {
        const { predictions, ...rest } = s;
        process.stdout.write(JSON.stringify({ ...rest, predictions: predictions.map((p) => Array.from(p)) }, null, 2) + '\n');
        return;
      }
      process.stdout.write(`${s.cached ? 'build: cached' : `build: g++ ${s.buildSeconds.toFixed(2)} s`}; ran ${s.samples} samples in ${s.runSeconds.toFixed(3)} s\n`);
      for (const o of s.outputs) process.stdout.write(`wrote ${o.path}: ${o.shape.join(' × ')}\n`);
      if (s.outputs.length === 0) for (let b = 0; b < Math.min(s.samples, 5); b++) process.stdout.write(s.predictions.map((p) => Array.from(p.subarray((b * p.length) / s.samples, ((b + 1) * p.length) / s.samples)).join(' ')).join(' | ') + '\n');
    });
}

/** `nnfab sim DIR --input X [--output Y] [--axis] [--limit N] [--json]`: co-simulate a Verilog project with Verilator. */
import type { Command } from 'commander';
import { simulateProject } from '../api/verilog.js';
import { fail } from '../diagnostics/errors.js';

interface Flags {
  input: string;
  output?: string;
  axis?: boolean;
  limit?: string;
  json?: boolean;
}

/** Register `nnfab sim`. */
export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('co-simulate a Verilog project (nnfab convert --backend verilog) with Verilator against the bit-exact emulator; prints "N passed, N failed"')
    .argument('<dir>', 'Verilog project directory')
    .requiredOption('--input <file>', 'input samples (.npy, .csv or .dat, one sample per row)')
    .option('--output <file>', 'write the simulated outputs (.npy, .csv or .dat)')
    .option('--axis', 'simulate the AXI-Stream top with random backpressure instead of the plain valid top')
    .option('--limit <n>', 'simulate only the first n samples')
    .option('--json', 'print a JSON summary')
    .action((dir: string, o: Flags) => {
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) fail('E003', { option: '--limit', reason: `"${o.limit}" is not a positive integer`, command: 'sim' });
      const r = simulateProject(dir, { input: o.input, ...(o.output ? { output: o.output } : {}), axis: o.axis === true, ...(limit ? { limit } : {}) });
      if (o.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        process.stdout.write(`${r.passed} passed, ${r.failed} failed (latency ${r.latency} cycles)\n`);
        if (r.firstMismatch) process.stdout.write(`first mismatch: sample ${r.firstMismatch.sample}: expected [${r.firstMismatch.expected.join(' ')}], got [${r.firstMismatch.got.join(' ')}]\n`);
      }
      if (r.failed > 0) fail('E708', { failed: r.failed, total: r.passed + r.failed, sample: r.firstMismatch?.sample ?? -1 });
    });
}

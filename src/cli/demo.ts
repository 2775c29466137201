/** `nnfab demo [--out DIR]`: the bundled example through the whole flow, with report.html and a summary table. */
import type { Command } from 'commander';
import { fail } from '../diagnostics/errors.js';
import { DEFAULT_SYNTH_TIMEOUT, runDemo, type DemoResult } from '../api/demo.js';
import { configureProgress } from '../io/progress.js';
import { summaryText } from '../report/text.js';

interface DemoFlags {
  readonly out: string;
  readonly force?: boolean;
  readonly samples?: string;
  readonly hls: boolean;
  readonly verilog: boolean;
  readonly synth: boolean;
  readonly synthTimeout?: string;
  readonly json?: boolean;
}

/** The summary table: one row per step, then the report's headline figures. */
function summary(r: DemoResult): string {
  const mark = { ok: '✓', skipped: '–', failed: '✗' } as const;
  const w = Math.max(...r.steps.map((s) => s.name.length));
  const rows = r.steps.map((s) => `${mark[s.status]} ${s.name.padEnd(w)}  ${s.summary}`);
  return ['', ...rows, '', summaryText(r.report, 3), '', `open ${r.reportPath}`, ''].join('\n');
}

/** Register `nnfab demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the bundled example through the whole flow (config, float vs fixed, HLS + C simulation, Verilog + Verilator + Yosys) and write report.html')
    .option('-o, --out <dir>', 'output directory', 'nnfab-demo')
    .option('--force', 'write into an existing directory nnfab did not create (its files are kept)')
    .option('--samples <n>', 'use at most n samples of the example data')
    .option('--no-hls', 'skip the HLS project and C simulation')
    .option('--no-verilog', 'skip the Verilog project, Verilator and Yosys')
    .option('--no-synth', 'skip Yosys synthesis')
    .option('--synth-timeout <s>', `stop Yosys after s seconds and show the analytic estimate instead (default ${DEFAULT_SYNTH_TIMEOUT}; without it, very large designs skip Yosys)`)
    .option('--json', 'print the steps and the report as JSON')
    .action(async (f: DemoFlags) => {
      const samples = f.samples !== undefined ? Number(f.samples) : undefined;
      if (samples !== undefined && !(Number.isInteger(samples) && samples > 0)) fail('E003', { option: '--samples', reason: `"${f.samples}" is not a positive integer`, command: 'demo' });
      const synthTimeout = f.synthTimeout === undefined ? undefined : Number(f.synthTimeout);
      if (synthTimeout !== undefined && !(synthTimeout > 0)) fail('E003', { option: '--synth-timeout', reason: `"${f.synthTimeout}" is not a positive number of seconds`, command: 'demo' });
      if (f.json) configureProgress({ enabled: false });
      const r = await runDemo({ out: f.out, force: f.force === true, hls: f.hls, verilog: f.verilog, synth: f.synth, ...(synthTimeout !== undefined ? { synthTimeout } : {}), ...(samples ? { samples } : {}) });
      if (f.json) process.stdout.write(JSON.stringify({ dir: r.dir, report: r.reportPath, steps: r.steps }, null, 2) + '\n');
      else process.stdout.write(summary(r));
      if (r.steps.some((s) => s.status === 'failed')) process.exitCode = 1;
    });
}

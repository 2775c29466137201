/**
 * `nnfab report MODEL|DIR`: for a model, the self-contained HTML report (`--html OUT.html`) and/or its JSON
 * (`--json`), profiled on `--input` data when given; for a generated project directory, its synthesis reports.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { fail } from '../diagnostics/errors.js';
import { reportModel, writeReportHtml } from '../api/report.js';
import { projectReports } from '../api/hls.js';
import { configureProgress, step } from '../io/progress.js';
import { summaryText } from '../report/text.js';

interface ReportFlags {
  readonly config?: string;
  readonly weights?: string;
  readonly input?: string;
  readonly labels?: string;
  readonly samples?: string;
  readonly html?: string;
  readonly json?: boolean;
  readonly project?: string;
}

/** The model branch: build the report, write the page, print JSON or a summary. */
async function reportOfModel(model: string | undefined, f: ReportFlags): Promise<void> {
  if (f.json) configureProgress({ enabled: false });
  const samples = f.samples !== undefined ? Number(f.samples) : undefined;
  if (samples !== undefined && !(Number.isInteger(samples) && samples > 0)) fail('E003', { option: '--samples', reason: `"${f.samples}" is not a positive integer`, command: 'report' });
  if (f.input === undefined && (f.labels !== undefined || samples !== undefined)) fail('E003', { option: f.labels !== undefined ? '--labels' : '--samples', reason: 'needs --input', command: 'report' });
  const data = f.input === undefined ? undefined : { path: f.input, ...(f.labels !== undefined ? { labels: f.labels } : {}), ...(samples !== undefined ? { maxSamples: samples } : {}) };
  const report = await step('report', () => reportModel(model, { ...(f.weights ? { weights: f.weights } : {}), ...(f.config ? { config: f.config } : {}), ...(data ? { data } : {}), ...(f.project ? { project: f.project } : {}) }), (r) => `${r.layers.length} layers${r.profiledSamples ? `, ${r.profiledSamples} samples profiled` : ''}`);
  if (f.html !== undefined) {
    const bytes = writeReportHtml(report, f.html);
    if (!f.json) process.stderr.write(`wrote ${f.html} (${(bytes / 1e6).toFixed(1)} MB, self-contained)\n`);
  }
  if (f.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(summaryText(report) + '\n' + (f.html === undefined ? '\n(add --html report.html for the full report with diagram and profiling plots)\n' : ''));
}

/** Register `nnfab report`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('report on a model (HTML page with diagram, per-layer table, profiling, overflow) or on a generated project directory')
    .argument('[target]', 'model file (.onnx, .json + --weights, .h5, .keras) or a project directory; optional with --config naming the model')
    .option('-c, --config <file>', 'hls4ml-style configuration (YAML); without it, the model-granularity defaults (fixed<16,6>)')
    .option('-w, --weights <file>', 'weights file for a Keras .json model')
    .option('-i, --input <file>', 'input samples (.npy, .csv, .dat) to profile activations, float-vs-fixed error and overflow')
    .option('--labels <file>', 'class labels for --input (.npy/.csv/.dat; indices or one-hot) to report accuracy')
    .option('--samples <n>', 'profile at most n samples of --input (default 2000)')
    .option('--project <dir>', 'a synthesized HLS project whose vendor reports (csynth.xml, vivado_synth.rpt) join the report')
    .option('--html <out>', 'write the self-contained HTML report to this file (for a project DIR: its model and vendor reports)')
    .option('--json', 'print the report (or errors) as JSON on stdout')
    .action(async (target: string | undefined, f: ReportFlags) => {
      if (target !== undefined && existsSync(target) && statSync(target).isDirectory() && f.html !== undefined) {
        // an HLS project with --html: the model it was made from (its hls4ml_config.yml) plus its vendor reports
        const config = join(target, 'hls4ml_config.yml');
        if (!existsSync(config) || !/^(KerasJson|KerasModel|OnnxModel)\s*:/m.test(readFileSync(config, 'utf8'))) {
          fail('E003', { option: 'DIR', reason: `${target} has no hls4ml_config.yml naming its model: use \`nnfab report MODEL --project ${target} --html OUT\``, command: 'report' });
        }
        await reportOfModel(undefined, { ...f, config, project: target });
        return;
      }
      if (target !== undefined && existsSync(target) && statSync(target).isDirectory()) {
        // project-directory branch: the vendor (HLS / Vivado synthesis) reports
        const r = projectReports(target);
        process.stdout.write((f.json ? JSON.stringify(r.reports, null, 2) : r.text) + '\n');
        return;
      }
      await reportOfModel(target, f);
    });
}

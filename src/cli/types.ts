/** `nnfab types [MODEL] [--config C] [--safe-types] [--dump-after PASS]`: the types every layer gets, after the passes. */
import type { Command } from 'commander';
import { formatDiagnostic } from '../diagnostics/errors.js';
import { formatFixedType } from '../fixed/index.js';
import { modelTypes, type ModelTypes } from '../api/config-file.js';

interface TypesFlags {
  config?: string;
  weights?: string;
  safeTypes?: boolean;
  dumpAfter?: string;
  json?: boolean;
}

const COLUMNS = ['result', 'accum', 'weight', 'bias', 'scale', 'table', 'expTable', 'invTable', 'invInp'] as const;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

function toText(r: ModelTypes): string {
  const used = COLUMNS.filter((c) => r.layers.some((l) => l.types[c] !== undefined));
  const head = ['layer', 'class', 'rf', ...used];
  const rows = r.layers.map((l) => [l.name, l.layerClass, String(l.config.reuseFactor), ...used.map((c) => l.types[c] ?? '')]);
  let text = table([head, ...rows]);
  const safe = r.decisions.filter((d) => d.pass === 'safeTypes');
  if (safe.length > 0) text += '\n\nsafe types:\n' + safe.map((d) => `  ${d.node}.${d.variable} → ${formatFixedType(d.type)} (${d.reason})`).join('\n');
  return text + '\n';
}

/** Register `nnfab types`. */
export function registerTypes(program: Command): void {
  program
    .command('types')
    .description('show the fixed-point type of every layer after the configuration and the passes (hls4ml rules)')
    .argument('[model]', 'model file; optional when --config names it')
    .option('-c, --config <file>', 'hls4ml-style configuration (YAML); default: model granularity, fixed<16,6>')
    .option('--weights <file>', 'weights (.h5) of a Keras .json model')
    .option('--safe-types', 'widen accumulators and results so that nothing can overflow (interval analysis)')
    .option('--dump-after <pass>', 'print the graph after this pass')
    .option('--json', 'print JSON')
    .action(async (model: string | undefined, f: TypesFlags) => {
      const r = await modelTypes(model, {
        ...(f.config !== undefined ? { config: f.config } : {}),
        ...(f.weights !== undefined ? { weights: f.weights } : {}),
        ...(f.safeTypes ? { safeTypes: true } : {}),
        ...(f.dumpAfter !== undefined ? { dumpAfter: f.dumpAfter } : {}),
      });
      for (const w of r.warnings) process.stderr.write(`warning: ${formatDiagnostic(w)}\n`);
      if (r.dump !== undefined) process.stdout.write(r.dump + '\n');
      else if (f.json) process.stdout.write(JSON.stringify({ layers: r.layers, decisions: r.decisions }, null, 2) + '\n');
      else process.stdout.write(toText(r));
    });
}

/** `nnfab inspect MODEL [--json]`: one row per layer of the imported model. */
import type { Command } from 'commander';
import { loadModel } from '../api/load.js';
import { summarizeModel, type ModelSummary } from '../api/inspect.js';
import { fail } from '../diagnostics/errors.js';

/** Parse `--input-shape 3,32,32`. */
export function parseShape(s: string | undefined, command: string): number[] | undefined {
  if (s === undefined) return undefined;
  const dims = s.split(/[,x ]+/).filter((d) => d !== '').map(Number);
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) fail('E003', { option: '--input-shape', reason: `"${s}" is not a list of positive integers like 3,32,32`, command });
  return dims;
}

function shape(s: readonly number[]): string {
  return `[${s.join(',')}]`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c >= 4 && c <= 5 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/** Human-readable form of the summary. */
export function formatSummary(s: ModelSummary): string {
  const rows = s.layers.map((l) => [l.name, `${l.layerClass} (${l.op})`, l.inputShapes.map(shape).join(' ') || '-', shape(l.outputShape), String(l.params), String(l.nonzero), `${l.source.node} (${l.source.opType})`]);
  const head = `model ${s.name} from ${s.file}: ${s.layers.length} layers, ${s.totalParams} parameters (${s.totalNonzero} nonzero)`;
  return `${head}\n${table([['name', 'layer (op)', 'input shapes', 'output', 'params', 'nonzero', 'source'], ...rows])}\noutputs: ${s.outputs.join(', ')}`;
}

/** Register `nnfab inspect`. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('import a model and list its layers: name, op, shapes (channels-last, without batch), parameters, source node')
    .argument('<model>', 'model file: .onnx, Keras .json (+ --weights .h5), .h5, .keras, TF.js model.json')
    .option('--weights <file>', 'weights file (.h5) for a Keras .json model')
    .option('--input-shape <dims>', 'input shape without the batch dimension, e.g. 3,32,32 (for symbolic dimensions)')
    .option('--json', 'print the summary as JSON')
    .action(async (model: string, o: { weights?: string; inputShape?: string; json?: boolean }) => {
      const inputShape = parseShape(o.inputShape, 'inspect');
      const graph = await loadModel(model, { ...(o.weights ? { weights: o.weights } : {}), ...(inputShape ? { inputShape } : {}) });
      const s = summarizeModel(graph);
      process.stdout.write(o.json ? JSON.stringify(s, null, 2) + '\n' : formatSummary(s) + '\n');
    });
}

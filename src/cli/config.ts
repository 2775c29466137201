/** `nnfab config MODEL`: write the configuration hls4ml's config_from_*_model would give, as YAML. */
import { writeFileAtomic } from '../io/output-dir.js';
import type { Command } from 'commander';
import { fail } from '../diagnostics/errors.js';
import { configForModelFile } from '../api/config-file.js';
import type { Granularity } from '../api/configure.js';

interface ConfigFlags {
  weights?: string;
  granularity?: string;
  precision?: string;
  maxPrecision?: string;
  reuse?: string;
  backend?: string;
  output?: string;
}

function reuseOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail('E003', { option: '--reuse', reason: `"${text}" is not a positive integer`, command: 'config' });
  return n;
}

/** Register `nnfab config`. */
export function registerConfig(program: Command): void {
  program
    .command('config')
    .description("write the hls4ml configuration for a model (as config_from_keras_model / config_from_onnx_model), as YAML")
    .argument('<model>', 'model file: .onnx, Keras .json (+ --weights .h5), .h5, .keras')
    .option('--weights <file>', 'weights (.h5) of a Keras .json architecture')
    .option('--granularity <level>', 'model | type | name (default: name for ONNX, model otherwise)')
    .option('--precision <type>', 'default precision, e.g. fixed<16,6>', 'fixed<16,6>')
    .option('--max-precision <type>', 'cap for inferred (auto) types')
    .option('--reuse <n>', 'default reuse factor', '1')
    .option('--backend <name>', 'backend (adds its per-layer attributes: ReuseFactor, accum)')
    .option('-o, --output <file>', 'write the YAML here (model paths relative to it) instead of standard output')
    .action(async (model: string, flags: ConfigFlags) => {
      const granularity = flags.granularity as Granularity | undefined;
      if (granularity !== undefined && !['model', 'type', 'name'].includes(granularity)) fail('E408', { value: granularity });
      const r = await configForModelFile(model, {
        ...(flags.weights !== undefined ? { weights: flags.weights } : {}),
        ...(granularity !== undefined ? { granularity } : {}),
        ...(flags.precision !== undefined ? { defaultPrecision: flags.precision } : {}),
        ...(flags.maxPrecision !== undefined ? { maxPrecision: flags.maxPrecision } : {}),
        ...(reuseOf(flags.reuse) !== undefined ? { defaultReuse: reuseOf(flags.reuse)! } : {}),
        ...(flags.backend !== undefined ? { backend: flags.backend } : {}),
        ...(flags.output !== undefined ? { output: flags.output } : {}),
      });
      if (flags.output === undefined) {
        process.stdout.write(r.yaml);
        return;
      }
      writeFileAtomic(flags.output, r.yaml);
      process.stderr.write(`wrote ${flags.output}\n`);
    });
}

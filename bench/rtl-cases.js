// The Verilog backend's benchmark cases (the QoR table), shared by rtl.bench.js (Yosys, Verilator, wall time)
// and rtl-qor.js (analytic figures): the 70%-pruned jet tagger with hls4ml numerics and with overflow-safe types, and
// qkeras_3layer with its shipped configuration.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedModels } from './common.js';

const PRUNED = { json: 'KERAS_3layer.json', h5: 'KERAS_3layer_70pruned_retrained_weights.h5' };

/** name, model files, `safe` (name-granularity `auto` config + overflow-safe types: whole-matrix sharing), LUT-eq target. */
export const RTL_CASES = [
  { name: 'jet tagger 70% pruned, hls4ml numerics', ...PRUNED, target: 70000 },
  // hls4ml-inferred ('auto') accumulators hold every product exactly; safe types add the integer bits: whole-matrix sharing
  { name: 'jet tagger 70% pruned, overflow-safe types', ...PRUNED, safe: true, target: 47000 },
  { name: 'qkeras_3layer', json: 'qkeras_3layer.json', h5: 'qkeras_3layer_weights.h5', config: 'qkeras_3layer_config.yml' },
];

/** The quantized model of a case, converted with the compiled package in `dist`. */
export async function convertCase(c, dist) {
  const models = sharedModels();
  const { convert } = await import(join(dist, 'api/model.js'));
  const { loadModel } = await import(join(dist, 'api/load.js'));
  const { configFromModel } = await import(join(dist, 'api/configure.js'));
  const weights = join(models, 'keras', c.h5);
  let cfg = c.config ? parse(readFileSync(join(models, 'config-files', c.config), 'utf8')) : undefined;
  let model = join(models, 'keras', c.json);
  if (c.safe) {
    model = await loadModel(model, { weights });
    cfg = configFromModel(model, { granularity: 'name', backend: 'Vivado' });
  }
  return convert(model, cfg, { weights, ...(c.safe ? { safeTypes: true } : {}) });
}

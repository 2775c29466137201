// Analytic QoR of the Verilog backend's adder graphs (milliseconds per model, no Yosys): per dense layer the sharing
// mode, adders vs the naive digit count, adder bits, carry-chain bits (the width minus the low bits one operand passes
// through; ≈ LUTs after synth_xilinx -abc9) and register bits.
// Usage: node bench/rtl-qor.js [distDir]   (default dist/, built by `npm run build`)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { sharedModels } from './common.js';

const models = sharedModels();
const dist = resolve(process.argv[2] ?? 'dist');
const { convert } = await import(join(dist, 'api/model.js'));
const { loadModel } = await import(join(dist, 'api/load.js'));
const { configFromModel } = await import(join(dist, 'api/configure.js'));
const { buildVerilog } = await import(join(dist, 'backends/rtl/project.js'));

const CASES = [
  { name: 'pruned, hls4ml numerics', json: 'KERAS_3layer.json', h5: 'KERAS_3layer_70pruned_retrained_weights.h5' },
  { name: 'pruned, overflow-safe', json: 'KERAS_3layer.json', h5: 'KERAS_3layer_70pruned_retrained_weights.h5', safe: true },
  { name: 'qkeras_3layer', json: 'qkeras_3layer.json', h5: 'qkeras_3layer_weights.h5', config: 'qkeras_3layer_config.yml' },
];

/** Bits of an add that need a carry chain: its width minus the low bits only one operand drives (Yosys passes them through). */
function chainBits(nl, id) {
  const v = nl.values[id];
  if (v.op.kind !== 'add') return v.width;
  const low = (o) => v.frac - nl.values[o].frac;
  return Math.max(1, v.width - Math.max(low(v.op.a), low(v.op.b)));
}

for (const c of CASES) {
  const t0 = Date.now();
  let cfg = c.config ? parse(readFileSync(join(models, 'config-files', c.config), 'utf8')) : undefined;
  let model = join(models, 'keras', c.json);
  if (c.safe) {
    model = await loadModel(model, { weights: join(models, 'keras', c.h5) });
    cfg = configFromModel(model, { granularity: 'name', backend: 'Vivado' });
  }
  const m = await convert(model, cfg, { weights: join(models, 'keras', c.h5), ...(c.safe ? { safeTypes: true } : {}) });
  const d = buildVerilog(m.graph, {});
  const man = d.manifest;
  const nl = d.netlist;
  let chain = 0;
  // the schedule's live set is not exported through the manifest: count adds reachable from outputs
  const live = new Uint8Array(nl.values.length);
  const st = nl.outputs.flatMap((o) => o.elems);
  while (st.length) {
    const id = st.pop();
    if (live[id]) continue;
    live[id] = 1;
    const op = nl.values[id].op;
    for (const k of ['a', 'b', 'sel']) if (typeof op[k] === 'number') st.push(op[k]);
    if (op.x) st.push(...op.x);
  }
  nl.values.forEach((v, id) => { if (live[id] && (v.op.kind === 'add' || v.op.kind === 'neg')) chain += chainBits(nl, id); });
  const dense = man.layers.filter((l) => l.mode);
  const adders = dense.reduce((a, l) => a + (l.adders ?? 0), 0);
  const naive = dense.reduce((a, l) => a + (l.naiveAdders ?? 0), 0);
  console.log(`${c.name}: latency ${man.latency}, adders ${adders}/${naive} = ${(adders / naive).toFixed(3)}, adderBits ${man.estimate.adderBits}, chainBits ${chain}, regBits ${man.registerBits}, lutEst ${man.estimate.lutEstimate}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const l of dense) console.log(`   ${l.node}: ${l.mode} adders ${l.adders}/${l.naiveAdders} digits ${l.digits} nz ${l.nonzeroWeights}`);
}

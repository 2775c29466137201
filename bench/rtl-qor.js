// Analytic QoR of the Verilog backend's adder graphs (milliseconds per model, no Yosys): per dense layer the sharing
// mode, adders vs the naive digit count, adder bits, carry-chain bits (the width minus the low bits one operand passes
// through; ≈ LUTs after synth_xilinx -abc9) and register bits.
// Usage: node bench/rtl-qor.js [distDir]   (default dist/, built by `npm run build`)
import { join, resolve } from 'node:path';
import { RTL_CASES as CASES, convertCase } from './rtl-cases.js';

const dist = resolve(process.argv[2] ?? 'dist');
const { buildVerilog } = await import(join(dist, 'backends/rtl/project.js'));

/** Bits of an add that need a carry chain: its width minus the low bits only one operand drives (Yosys passes them through). */
function chainBits(nl, id) {
  const v = nl.values[id];
  if (v.op.kind !== 'add') return v.width;
  const low = (o) => v.frac - nl.values[o].frac;
  return Math.max(1, v.width - Math.max(low(v.op.a), low(v.op.b)));
}

for (const c of CASES) {
  const t0 = Date.now();
  const m = await convertCase(c, dist);
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

// Verilog backend benchmark: for the 70%-pruned jet tagger (hls4ml numerics and overflow-safe types) and qkeras_3layer:
// LUT, FF, CARRY, DSP, LUT-eq (LUT + 55·DSP), latency, adders vs the naive digit count, and the wall time of
// convert → Verilog → Verilator (1000 vectors) → Yosys. Targets (pruned jet tagger): LUT-eq ≤ 70k with hls4ml numerics,
// ≤ 47k with overflow-safe types; whole flow ≤ 120 s. Uses dist/ (run `npm run build` first). Yosys splits the netlist
// into one part per core (at most 8) for designs above synth.ts's SPLIT_MIN_BYTES; NNFAB_BENCH_JOBS=1 forces one flat
// run, another number that many parallel parts.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RTL_CASES as CASES, convertCase } from './rtl-cases.js';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const { writeVerilogProject, simulateProject, synthProject } = await import('../dist/api/verilog.js');
const { hasVerilator } = await import('../dist/backends/rtl/verilator.js');
const only = process.argv[2];
const jobs = process.env.NNFAB_BENCH_JOBS ? { jobs: Number(process.env.NNFAB_BENCH_JOBS) } : {};

function vectors(path, n, cols, seed) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: cols }, () => ((u() + u() + u() - 1.5) * 2).toFixed(5)).join(','));
  writeFileSync(path, rows.join('\n') + '\n');
}

const rows = [];
for (const c of CASES) {
  if (only !== undefined && !c.name.includes(only)) continue;
  const t0 = performance.now();
  const m = await convertCase(c, dist);
  const dir = join(mkdtempSync(join(tmpdir(), 'nnfab-bench-')), 'proj');
  const man = await writeVerilogProject(m.graph, dir);
  const tConv = performance.now();
  let sim = 'n/a';
  if (hasVerilator()) {
    vectors(join(dir, '..', 'x.csv'), 1000, 16, 7);
    const r = simulateProject(dir, { input: join(dir, '..', 'x.csv') });
    sim = `${r.passed} passed, ${r.failed} failed`;
  }
  const tSim = performance.now();
  const s = (await synthProject(dir, 'xc7', undefined, jobs)).synth;
  const tAll = performance.now();
  const dense = man.layers.filter((l) => l.mode);
  const adders = dense.reduce((a, l) => a + (l.adders ?? 0), 0);
  const naive = dense.reduce((a, l) => a + (l.naiveAdders ?? 0), 0);
  rows.push({
    case: c.name,
    LUT: s.lut, FF: s.ff, CARRY: s.carry, DSP: s.dsp, 'LUT-eq': s.lutEq, target: c.target ?? '-',
    latency: man.latency, modes: dense.map((l) => l.mode).join('/'), adders, naive, ratio: (adders / naive).toFixed(2),
    sim, 'convert s': ((tConv - t0) / 1000).toFixed(1), 'sim s': ((tSim - tConv) / 1000).toFixed(1), 'yosys s': ((tAll - tSim) / 1000).toFixed(1), 'yosys parts': s.parts, 'total s': ((tAll - t0) / 1000).toFixed(1),
  });
  console.log(JSON.stringify(rows[rows.length - 1]));
}
console.table(rows);
